//! Signing with the algorithms of JWS (RFC 7518: HS, RS, PS, ES at 256/384/512) and reading
//! the private keys Postman users paste (PKCS #8 PEM, with or without line breaks; PKCS #1
//! "RSA PRIVATE KEY" where node's crypto accepts it). Shared by jwt, asap and oauth1's RSA
//! methods. RustCrypto does the mathematics; nothing here is hand-rolled cryptography.

use base64::Engine;
use hmac::{Hmac, Mac};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};

/// One JWS algorithm (`alg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    Hs(Bits),
    Rs(Bits),
    Ps(Bits),
    Es(Bits),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bits {
    B256,
    B384,
    B512,
}

/// Why a token or signature could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error("invalid algorithm '{0}'")]
    Algorithm(String),
    #[error("the private key is not a PEM-encoded {0} key")]
    Key(&'static str),
    #[error("signing failed: {0}")]
    Sign(String),
}

impl Alg {
    pub fn parse(name: &str) -> Option<Alg> {
        let bits = match name.get(2..)? {
            "256" => Bits::B256,
            "384" => Bits::B384,
            "512" => Bits::B512,
            _ => return None,
        };
        Some(match name.get(..2)? {
            "HS" => Alg::Hs(bits),
            "RS" => Alg::Rs(bits),
            "PS" => Alg::Ps(bits),
            "ES" => Alg::Es(bits),
            _ => return None,
        })
    }

    pub fn is_hmac(self) -> bool {
        matches!(self, Alg::Hs(_))
    }
}

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The DER inside a PEM block, whatever the whitespace (jose reads keys pasted on one line).
fn pem_der(text: &str) -> Option<(String, Vec<u8>)> {
    let begin = text.find("-----BEGIN ")?;
    let rest = &text[begin + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_string();
    let body = &rest[label_end + 5..];
    let end = body.find("-----END ")?;
    let b64: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    Some((label, der))
}

pub fn rsa_key(text: &str) -> Result<rsa::RsaPrivateKey, SignError> {
    let (label, der) = pem_der(text).ok_or(SignError::Key("RSA"))?;
    let key = match label.as_str() {
        "RSA PRIVATE KEY" => rsa::RsaPrivateKey::from_pkcs1_der(&der).ok(),
        _ => rsa::RsaPrivateKey::from_pkcs8_der(&der).ok(),
    };
    key.ok_or(SignError::Key("RSA"))
}

/// A PKCS #8 key as DER from a `data:application/pkcs8;kid=...;base64,...` value (asap).
pub fn der_to_pem(der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    format!("-----BEGIN PRIVATE KEY-----\n{b64}\n-----END PRIVATE KEY-----")
}

fn hmac<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length.
    let mut m = <M as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

/// RSASSA-PKCS1-v1_5 with SHA-1/256/512 (oauth1's RSA methods, JWS RS*).
pub fn rsa_pkcs1(key: &rsa::RsaPrivateKey, hash: &str, data: &[u8]) -> Result<Vec<u8>, SignError> {
    use rsa::pkcs1v15::SigningKey;
    let sig = match hash {
        "SHA1" => SigningKey::<sha1::Sha1>::new(key.clone()).try_sign(data),
        "SHA256" => SigningKey::<sha2::Sha256>::new(key.clone()).try_sign(data),
        "SHA384" => SigningKey::<sha2::Sha384>::new(key.clone()).try_sign(data),
        "SHA512" => SigningKey::<sha2::Sha512>::new(key.clone()).try_sign(data),
        other => return Err(SignError::Algorithm(other.to_string())),
    };
    sig.map(|s| s.to_vec())
        .map_err(|e| SignError::Sign(e.to_string()))
}

fn rsa_pss(key: &rsa::RsaPrivateKey, bits: Bits, data: &[u8]) -> Result<Vec<u8>, SignError> {
    use rsa::pss::BlindedSigningKey;
    let mut rng = rand_core::OsRng;
    let sig = match bits {
        Bits::B256 => BlindedSigningKey::<sha2::Sha256>::new(key.clone())
            .try_sign_with_rng(&mut rng, data)
            .map(|s| s.to_vec()),
        Bits::B384 => BlindedSigningKey::<sha2::Sha384>::new(key.clone())
            .try_sign_with_rng(&mut rng, data)
            .map(|s| s.to_vec()),
        Bits::B512 => BlindedSigningKey::<sha2::Sha512>::new(key.clone())
            .try_sign_with_rng(&mut rng, data)
            .map(|s| s.to_vec()),
    };
    sig.map_err(|e| SignError::Sign(e.to_string()))
}

fn ecdsa(text: &str, bits: Bits, data: &[u8]) -> Result<Vec<u8>, SignError> {
    let (_, der) = pem_der(text).ok_or(SignError::Key("EC"))?;
    // JWS wants the fixed-size r || s form, which these signatures serialize to.
    match bits {
        Bits::B256 => {
            let k = p256::ecdsa::SigningKey::from_pkcs8_der(&der)
                .map_err(|_| SignError::Key("P-256 EC"))?;
            let s: p256::ecdsa::Signature = k
                .try_sign(data)
                .map_err(|e| SignError::Sign(e.to_string()))?;
            Ok(s.to_vec())
        }
        Bits::B384 => {
            let k = p384::ecdsa::SigningKey::from_pkcs8_der(&der)
                .map_err(|_| SignError::Key("P-384 EC"))?;
            let s: p384::ecdsa::Signature = k
                .try_sign(data)
                .map_err(|e| SignError::Sign(e.to_string()))?;
            Ok(s.to_vec())
        }
        Bits::B512 => {
            let secret =
                p521::SecretKey::from_pkcs8_der(&der).map_err(|_| SignError::Key("P-521 EC"))?;
            let k = p521::ecdsa::SigningKey::from_bytes(&secret.to_bytes())
                .map_err(|_| SignError::Key("P-521 EC"))?;
            let s: p521::ecdsa::Signature = k
                .try_sign_with_rng(&mut rand_core::OsRng, data)
                .map_err(|e| SignError::Sign(e.to_string()))?;
            Ok(s.to_vec())
        }
    }
}

/// Signs `data` with `alg`: `secret` for HS*, `private_key` (PEM text) for the others.
pub fn sign(alg: Alg, secret: &[u8], private_key: &str, data: &[u8]) -> Result<Vec<u8>, SignError> {
    let hash = |b: Bits| match b {
        Bits::B256 => "SHA256",
        Bits::B384 => "SHA384",
        Bits::B512 => "SHA512",
    };
    match alg {
        Alg::Hs(Bits::B256) => Ok(hmac::<Hmac<sha2::Sha256>>(secret, data)),
        Alg::Hs(Bits::B384) => Ok(hmac::<Hmac<sha2::Sha384>>(secret, data)),
        Alg::Hs(Bits::B512) => Ok(hmac::<Hmac<sha2::Sha512>>(secret, data)),
        Alg::Rs(b) => rsa_pkcs1(&rsa_key(private_key)?, hash(b), data),
        Alg::Ps(b) => rsa_pss(&rsa_key(private_key)?, b, data),
        Alg::Es(b) => ecdsa(private_key, b, data),
    }
}

/// A compact JWS: `b64(header).b64(payload).b64(signature)`; header and payload are JSON text
/// exactly as given (key order is the caller's).
pub fn compact(
    alg: Alg,
    header_json: &str,
    payload_json: &str,
    secret: &[u8],
    private_key: &str,
) -> Result<String, SignError> {
    let input = format!(
        "{}.{}",
        b64url(header_json.as_bytes()),
        b64url(payload_json.as_bytes())
    );
    let sig = sign(alg, secret, private_key, input.as_bytes())?;
    Ok(format!("{input}.{}", b64url(&sig)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::DecodePublicKey;
    use rsa::signature::Verifier;

    const RSA: &str = include_str!("testdata/rsa.pem");
    const RSA_PUB: &str = include_str!("testdata/rsa_pub.pem");

    /// PS and ES signatures are randomized: each is checked with the public key instead.
    #[test]
    fn randomized_signatures_verify_with_the_public_keys() {
        let data = b"header.payload";
        let public = rsa::RsaPublicKey::from_public_key_pem(RSA_PUB).unwrap();
        let sig = sign(Alg::Ps(Bits::B256), &[], RSA, data).unwrap();
        let sig = rsa::pss::Signature::try_from(sig.as_slice()).unwrap();
        rsa::pss::VerifyingKey::<sha2::Sha256>::new(public.clone())
            .verify(data, &sig)
            .unwrap();
        let sig = sign(Alg::Ps(Bits::B512), &[], RSA, data).unwrap();
        let sig = rsa::pss::Signature::try_from(sig.as_slice()).unwrap();
        assert!(
            rsa::pss::VerifyingKey::<sha2::Sha256>::new(public)
                .verify(data, &sig)
                .is_err(),
            "a PS512 signature is not a PS256 one"
        );

        let sig = sign(
            Alg::Es(Bits::B256),
            &[],
            include_str!("testdata/ec256.pem"),
            data,
        )
        .unwrap();
        assert_eq!(sig.len(), 64);
        let vk =
            p256::ecdsa::VerifyingKey::from_public_key_pem(include_str!("testdata/ec256_pub.pem"))
                .unwrap();
        vk.verify(data, &p256::ecdsa::Signature::from_slice(&sig).unwrap())
            .unwrap();
        let sig = sign(
            Alg::Es(Bits::B384),
            &[],
            include_str!("testdata/ec384.pem"),
            data,
        )
        .unwrap();
        assert_eq!(sig.len(), 96);
        let vk =
            p384::ecdsa::VerifyingKey::from_public_key_pem(include_str!("testdata/ec384_pub.pem"))
                .unwrap();
        vk.verify(data, &p384::ecdsa::Signature::from_slice(&sig).unwrap())
            .unwrap();
        let sig = sign(
            Alg::Es(Bits::B512),
            &[],
            include_str!("testdata/ec521.pem"),
            data,
        )
        .unwrap();
        assert_eq!(sig.len(), 132);
        let point =
            p521::PublicKey::from_public_key_pem(include_str!("testdata/ec521_pub.pem")).unwrap();
        let vk = p521::ecdsa::VerifyingKey::from_affine(*point.as_affine()).unwrap();
        vk.verify(data, &p521::ecdsa::Signature::from_slice(&sig).unwrap())
            .unwrap();
    }

    #[test]
    fn keys_and_algorithms_that_do_not_fit_are_errors() {
        assert_eq!(Alg::parse("HS256"), Some(Alg::Hs(Bits::B256)));
        assert_eq!(Alg::parse("none"), None);
        assert_eq!(Alg::parse("RS1024"), None);
        // An RSA key for ES256, an EC key for RS256, a one-line PEM (as jose accepts).
        assert!(sign(Alg::Es(Bits::B256), &[], RSA, b"x").is_err());
        assert!(
            sign(
                Alg::Rs(Bits::B256),
                &[],
                include_str!("testdata/ec256.pem"),
                b"x"
            )
            .is_err()
        );
        let one_line = RSA.replace('\n', "");
        assert_eq!(
            sign(Alg::Rs(Bits::B256), &[], &one_line, b"x").unwrap(),
            sign(Alg::Rs(Bits::B256), &[], RSA, b"x").unwrap()
        );
        assert!(
            sign(
                Alg::Rs(Bits::B256),
                &[],
                "-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----",
                b"x"
            )
            .is_err()
        );
    }
}
