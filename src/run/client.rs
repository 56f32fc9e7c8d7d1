//! The run's HTTP transports (our own HTTP/1.1 client, reqwest behind proxies): keep-alive
//! pools, rustls, decompression, redirects handled by the sender; extra CA certificates (`--ca-cert`, Newman's
//! `--ssl-extra-ca-certs`) and a client identity, whose key may be encrypted PKCS #8 opened
//! with `--ssl-client-passphrase`.

use super::SetupError;
use crate::cli::RunArgs;
use crate::postman::LoadError;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}: the private key is encrypted: give its passphrase with --ssl-client-passphrase", path.display())]
    NeedsPassphrase { path: std::path::PathBuf },
    #[error("{}: cannot decrypt the private key with this passphrase ({message})", path.display())]
    Decrypt {
        path: std::path::PathBuf,
        message: String,
    },
    #[error(
        "{}: a legacy OpenSSL-encrypted key (Proc-Type: 4,ENCRYPTED) is not supported: convert it to encrypted PKCS #8 with `openssl pkcs8 -topk8 -in KEY -out KEY.p8`",
        path.display()
    )]
    Legacy { path: std::path::PathBuf },
}

const ENCRYPTED_BEGIN: &str = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
const ENCRYPTED_END: &str = "-----END ENCRYPTED PRIVATE KEY-----";

/// The run's transports: our own HTTP/1.1 client (src/wire) for direct requests, reqwest for
/// those the environment sends through a proxy (and for fetching inputs given as URLs); same
/// TLS settings, redirects handled by the sender.
pub(crate) fn http_client(args: &RunArgs) -> Result<crate::exec::send::Transport, SetupError> {
    let mut b = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .http1_title_case_headers()
        .danger_accept_invalid_certs(args.insecure)
        .connect_timeout(Duration::from_millis(args.timeout_request));
    let ca_pem = args.ca_cert.as_deref().map(read).transpose()?;
    if let (Some(p), Some(pem)) = (&args.ca_cert, &ca_pem) {
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            SetupError::Usage(format!("{}: not a PEM certificate: {e}", p.display()))
        })?;
        if certs.is_empty() {
            return Err(SetupError::Usage(format!(
                "{}: no certificate in this PEM file",
                p.display()
            )));
        }
        for c in certs {
            b = b.add_root_certificate(c);
        }
    }
    let mut identity = None;
    if let (Some(cert), Some(key)) = (&args.ssl_client_cert, &args.ssl_client_key) {
        let cert_pem = read(cert)?;
        let key_pem = clear_key(key, &read(key)?, args.ssl_client_passphrase.as_deref())?;
        let mut pem = cert_pem.clone();
        pem.push(b'\n');
        pem.extend_from_slice(&key_pem);
        let id = reqwest::Identity::from_pem(&pem).map_err(|e| {
            SetupError::Usage(format!(
                "{} / {}: not a usable client certificate and key: {e}",
                cert.display(),
                key.display()
            ))
        })?;
        b = b.identity(id);
        identity = Some((cert_pem, key_pem));
    }
    let reqwest = b
        .build()
        .map_err(|e| SetupError::Usage(format!("cannot set up the HTTP client: {e}")))?;
    let tls = crate::wire::TlsOptions {
        insecure: args.insecure,
        ca_pem,
        client: identity,
    };
    let wire = crate::wire::Client::new(&tls)
        .map_err(|e| SetupError::Usage(format!("cannot set up the HTTP client: {e}")))?;
    Ok(crate::exec::send::Transport {
        wire,
        reqwest,
        proxies: crate::wire::proxy::ProxyEnv::from_env(),
    })
}

/// The key file as rustls reads it: an encrypted PKCS #8 block is decrypted in memory with the
/// passphrase (the clear key is never written anywhere); other keys pass unchanged.
fn clear_key(path: &Path, pem: &[u8], passphrase: Option<&str>) -> Result<Vec<u8>, KeyError> {
    let text = String::from_utf8_lossy(pem);
    if text.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(KeyError::Legacy {
            path: path.to_path_buf(),
        });
    }
    let (Some(start), Some(end)) = (text.find(ENCRYPTED_BEGIN), text.find(ENCRYPTED_END)) else {
        return Ok(pem.to_vec());
    };
    let Some(passphrase) = passphrase else {
        return Err(KeyError::NeedsPassphrase {
            path: path.to_path_buf(),
        });
    };
    let fail = |message: String| KeyError::Decrypt {
        path: path.to_path_buf(),
        message,
    };
    let block = &text[start..end + ENCRYPTED_END.len()];
    let (_, doc) = pkcs8::SecretDocument::from_pem(block).map_err(|e| fail(e.to_string()))?;
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(doc.as_bytes())
        .map_err(|e| fail(e.to_string()))?;
    let clear = info
        .decrypt(passphrase)
        .map_err(|_| fail("wrong passphrase or unsupported cipher".into()))?;
    let clear_pem = clear
        .to_pem("PRIVATE KEY", pkcs8::LineEnding::LF)
        .map_err(|e| fail(e.to_string()))?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.push_str(&clear_pem);
    out.push_str(&text[end + ENCRYPTED_END.len()..]);
    Ok(out.into_bytes())
}

fn read(p: &Path) -> Result<Vec<u8>, SetupError> {
    std::fs::read(p).map_err(|source| {
        SetupError::Load(LoadError::Read {
            path: p.to_path_buf(),
            source,
        })
    })
}
