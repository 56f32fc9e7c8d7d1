//! Certificates made at test time for the HTTPS test server: a throw-away CA, a server leaf for
//! 127.0.0.1 and localhost, and client identities for mutual TLS; plus the rustls configurations
//! built from them, always on the ring provider (aws-lc-rs needs cmake, which this machine lacks).
//! Owns no sockets and writes files only where a test asks it to.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tokio_rustls::rustls::crypto::{CryptoProvider, ring};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{ClientConfig, RootCertStore, ServerConfig};

/// Common name of the client identity that [`TestCert::generate`] issues.
pub const CLIENT_CN: &str = "conform-test-client";

/// Common names of test CAs start with this.
pub const CA_CN_PREFIX: &str = "conform test CA";
static CA_COUNT: AtomicU64 = AtomicU64::new(0);

/// One certificate and its private key, in PEM and DER.
#[derive(Clone, Debug)]
pub struct CertPair {
    pub cert_pem: String,
    pub key_pem: String,
    pub cert_der: Vec<u8>,
    /// PKCS#8.
    pub key_der: Vec<u8>,
}

impl CertPair {
    /// Certificate then key in one PEM text: the shape reqwest's `Identity::from_pem` reads.
    pub fn identity_pem(&self) -> String {
        format!("{}{}", self.cert_pem, self.key_pem)
    }
}

/// A test CA with a server certificate and a client certificate both signed by it.
pub struct TestCert {
    pub ca_pem: String,
    pub ca_der: Vec<u8>,
    /// Server leaf for `127.0.0.1` and `localhost`.
    pub cert_pem: String,
    pub key_pem: String,
    /// Client identity (CN = [`CLIENT_CN`]) for mutual TLS.
    pub client: CertPair,
    server: CertPair,
    issuer: Issuer<'static, KeyPair>,
}

/// Paths written by [`TestCert::write_to`], for tests that hand files to the binary.
#[derive(Clone, Debug)]
pub struct CertFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub client_cert: PathBuf,
    pub client_key: PathBuf,
    /// Client certificate and key in one file.
    pub client_identity: PathBuf,
}

impl TestCert {
    /// A fresh CA, server leaf and client identity (ECDSA P-256, made in a few milliseconds).
    pub fn generate() -> TestCert {
        let ca_key = KeyPair::generate().expect("ring generates a P-256 key");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("no SAN to parse");
        // A distinct name per CA, so a client holding another test CA fails with an unknown
        // issuer rather than with a signature mismatch against a same-named CA.
        let serial = CA_COUNT.fetch_add(1, Ordering::Relaxed);
        ca_params.distinguished_name.push(
            DnType::CommonName,
            format!("{CA_CN_PREFIX} {}-{serial}", std::process::id()),
        );
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca = ca_params
            .self_signed(&ca_key)
            .expect("self-signing a CA with fixed params");
        let issuer = Issuer::new(ca_params, ca_key);

        let server = issue(
            &issuer,
            "localhost",
            &["localhost", "127.0.0.1"],
            ExtendedKeyUsagePurpose::ServerAuth,
        );
        let client = issue(&issuer, CLIENT_CN, &[], ExtendedKeyUsagePurpose::ClientAuth);
        TestCert {
            ca_pem: ca.pem(),
            ca_der: ca.der().to_vec(),
            cert_pem: server.cert_pem.clone(),
            key_pem: server.key_pem.clone(),
            client,
            server,
            issuer,
        }
    }

    /// Another client identity signed by this CA, with the given common name.
    pub fn issue_client(&self, common_name: &str) -> CertPair {
        issue(
            &self.issuer,
            common_name,
            &[],
            ExtendedKeyUsagePurpose::ClientAuth,
        )
    }

    /// Writes every PEM into `dir` (which must exist) and returns the paths.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<CertFiles> {
        let files = CertFiles {
            ca: dir.join("ca.pem"),
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
            client_cert: dir.join("client.pem"),
            client_key: dir.join("client.key"),
            client_identity: dir.join("client-identity.pem"),
        };
        std::fs::write(&files.ca, &self.ca_pem)?;
        std::fs::write(&files.cert, &self.cert_pem)?;
        std::fs::write(&files.key, &self.key_pem)?;
        std::fs::write(&files.client_cert, &self.client.cert_pem)?;
        std::fs::write(&files.client_key, &self.client.key_pem)?;
        std::fs::write(&files.client_identity, self.client.identity_pem())?;
        Ok(files)
    }

    fn roots(&self) -> RootCertStore {
        let mut roots = RootCertStore::empty();
        roots
            .add(CertificateDer::from(self.ca_der.clone()))
            .expect("rcgen's CA certificate parses");
        roots
    }

    /// Server side, no client certificate asked for. ALPN offers only http/1.1 because the
    /// test server speaks nothing else.
    pub fn server_config(&self) -> Arc<ServerConfig> {
        let builder = ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions");
        let mut config = builder
            .with_no_client_auth()
            .with_single_cert(chain(&self.server), key(&self.server))
            .expect("server key matches its certificate");
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Arc::new(config)
    }

    /// Server side that refuses any client without a certificate signed by this CA.
    pub fn server_config_client_auth(&self) -> Arc<ServerConfig> {
        let verifier =
            WebPkiClientVerifier::builder_with_provider(Arc::new(self.roots()), provider())
                .build()
                .expect("a one-CA root store builds a verifier");
        let builder = ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions");
        let mut config = builder
            .with_client_cert_verifier(verifier)
            .with_single_cert(chain(&self.server), key(&self.server))
            .expect("server key matches its certificate");
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Arc::new(config)
    }

    /// A rustls client that trusts this CA, optionally presenting a client identity.
    pub fn client_config(&self, identity: Option<&CertPair>) -> Arc<ClientConfig> {
        let builder = ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .with_root_certificates(self.roots());
        let config = match identity {
            None => builder.with_no_client_auth(),
            Some(pair) => builder
                .with_client_auth_cert(chain(pair), key(pair))
                .expect("client key matches its certificate"),
        };
        Arc::new(config)
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(ring::default_provider())
}

fn chain(pair: &CertPair) -> Vec<CertificateDer<'static>> {
    vec![CertificateDer::from(pair.cert_der.clone())]
}

fn key(pair: &CertPair) -> PrivateKeyDer<'static> {
    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pair.key_der.clone()))
}

fn issue(
    issuer: &Issuer<'static, KeyPair>,
    common_name: &str,
    names: &[&str],
    usage: ExtendedKeyUsagePurpose,
) -> CertPair {
    let key = KeyPair::generate().expect("ring generates a P-256 key");
    let sans: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut params = CertificateParams::new(sans).expect("fixed SANs are valid");
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![usage];
    params.use_authority_key_identifier_extension = true;
    let cert = params
        .signed_by(&key, issuer)
        .expect("signing a leaf with the test CA");
    CertPair {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        cert_der: cert.der().to_vec(),
        key_der: key.serialize_der(),
    }
}

/// The subject common name of a DER certificate, read with a minimal DER walk: Certificate →
/// tbsCertificate → (skip version, serial, signature, issuer, validity) → subject → the
/// attribute with OID 2.5.4.3. `None` for anything that does not have that shape.
pub fn subject_cn(der: &[u8]) -> Option<String> {
    let (cert, _) = der_item(der, 0x30)?;
    let (tbs, _) = der_item(cert, 0x30)?;
    let mut rest = tbs;
    if rest.first() == Some(&0xa0) {
        rest = der_any(rest)?.2;
    }
    for _ in 0..4 {
        rest = der_any(rest)?.2; // serial, signature algorithm, issuer, validity
    }
    let (mut subject, _) = der_item(rest, 0x30)?;
    while !subject.is_empty() {
        let (set, next) = der_item(subject, 0x31)?;
        subject = next;
        let (attr, _) = der_item(set, 0x30)?;
        let (oid, value) = der_item(attr, 0x06)?;
        if oid == [0x55, 0x04, 0x03] {
            let (_, text, _) = der_any(value)?;
            return String::from_utf8(text.to_vec()).ok();
        }
    }
    None
}

/// One TLV with the expected tag: (contents, remainder).
fn der_item(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (found, contents, rest) = der_any(input)?;
    (found == tag).then_some((contents, rest))
}

/// One TLV of any tag: (tag, contents, remainder). Only definite lengths, as DER requires.
fn der_any(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *input.first()?;
    let first = *input.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let bytes = input.get(2..2 + count)?;
        let len = bytes
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, 2 + count)
    };
    let contents = input.get(header..header.checked_add(len)?)?;
    Some((tag, contents, &input[header + len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_cn_reads_generated_certificates() {
        let tls = TestCert::generate();
        assert_eq!(subject_cn(&tls.client.cert_der).as_deref(), Some(CLIENT_CN));
        let ca_cn = subject_cn(&tls.ca_der).expect("CA has a CN");
        assert!(ca_cn.starts_with(CA_CN_PREFIX), "{ca_cn}");
        let other_ca = subject_cn(&TestCert::generate().ca_der).expect("CA has a CN");
        assert_ne!(ca_cn, other_ca);
        let other = tls.issue_client("second client");
        assert_eq!(
            subject_cn(&other.cert_der).as_deref(),
            Some("second client")
        );
    }

    #[test]
    fn subject_cn_rejects_truncated_input() {
        let tls = TestCert::generate();
        let der = &tls.client.cert_der;
        for cut in [0, 1, 2, 10, der.len() / 2, der.len() - 1] {
            assert_eq!(subject_cn(&der[..cut]), None, "cut at {cut}");
        }
    }

    #[test]
    fn pems_are_pem_and_files_are_written() {
        let tls = TestCert::generate();
        assert!(tls.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(tls.key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let dir = std::env::temp_dir().join(format!("conform-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let files = tls.write_to(&dir).expect("write pems");
        let identity = std::fs::read_to_string(&files.client_identity).expect("read identity");
        assert!(identity.contains("BEGIN CERTIFICATE") && identity.contains("BEGIN PRIVATE KEY"));
        assert_eq!(
            std::fs::read_to_string(&files.ca).expect("read ca"),
            tls.ca_pem
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
