//! The byte work behind the sandbox's crypto-js (src/script/cryptojs.js): digests, HMACs,
//! PBKDF2, OpenSSL's EVP_BytesToKey, and AES / DES / TripleDES block operations in the modes and
//! paddings crypto-js offers. RustCrypto does the cryptography; the modes are written here
//! because crypto-js's set (CBC, ECB, CFB, OFB, CTR with six paddings) spans several crates.
//! Bytes cross the JS boundary as lowercase hex, as the older digest functions already do.

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit, generic_array::GenericArray};
use hmac::{Hmac, Mac};
use md5::Md5;
use ripemd::Ripemd160;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use sha3::{Keccak224, Keccak256, Keccak384, Keccak512};

use super::native::{from_hex, to_hex};

/// Why a crypto-js call failed; the message reaches the script as an Error.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(super) enum CryptoError {
    #[error("crypto-js {0} is not supported by conform")]
    Unsupported(String),
    #[error("invalid key length {0} bytes for {1}")]
    KeyLength(usize, &'static str),
    #[error("data is not a whole number of {0}-byte blocks")]
    Partial(usize),
    #[error("bad padding in decrypted data")]
    Padding,
}

fn digest_bytes(alg: &str, data: &[u8]) -> Option<Vec<u8>> {
    Some(match alg {
        "MD5" => Md5::digest(data).to_vec(),
        "SHA1" => Sha1::digest(data).to_vec(),
        "SHA224" => Sha224::digest(data).to_vec(),
        "SHA256" => Sha256::digest(data).to_vec(),
        "SHA384" => Sha384::digest(data).to_vec(),
        "SHA512" => Sha512::digest(data).to_vec(),
        // crypto-js's SHA3 is Keccak as submitted (original padding), 512 bits unless
        // `outputLength` says otherwise.
        "SHA3" | "SHA3-512" => Keccak512::digest(data).to_vec(),
        "SHA3-384" => Keccak384::digest(data).to_vec(),
        "SHA3-256" => Keccak256::digest(data).to_vec(),
        "SHA3-224" => Keccak224::digest(data).to_vec(),
        "RIPEMD160" => Ripemd160::digest(data).to_vec(),
        _ => return None,
    })
}

/// Hex in, hex out; "" for an algorithm crypto-js does not have.
pub(super) fn digest_hex(alg: String, data: String) -> String {
    digest_bytes(&alg, &from_hex(&data)).map_or_else(String::new, |d| to_hex(&d))
}

fn mac<M: Mac + KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so this cannot fail.
    let mut m = <M as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

fn hmac_bytes(alg: &str, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    Some(match alg {
        "MD5" => mac::<Hmac<Md5>>(key, data),
        "SHA1" => mac::<Hmac<Sha1>>(key, data),
        "SHA224" => mac::<Hmac<Sha224>>(key, data),
        "SHA256" => mac::<Hmac<Sha256>>(key, data),
        "SHA384" => mac::<Hmac<Sha384>>(key, data),
        "SHA512" => mac::<Hmac<Sha512>>(key, data),
        "SHA3" | "SHA3-512" => mac::<Hmac<Keccak512>>(key, data),
        "SHA3-384" => mac::<Hmac<Keccak384>>(key, data),
        "SHA3-256" => mac::<Hmac<Keccak256>>(key, data),
        "SHA3-224" => mac::<Hmac<Keccak224>>(key, data),
        "RIPEMD160" => mac::<Hmac<Ripemd160>>(key, data),
        _ => return None,
    })
}

pub(super) fn hmac_hex(alg: String, key: String, data: String) -> String {
    hmac_bytes(&alg, &from_hex(&key), &from_hex(&data)).map_or_else(String::new, |d| to_hex(&d))
}

/// Key derivation work a script may ask for: native code cannot be interrupted by the script
/// timeout, so a derivation past these bounds fails instead of hanging the run.
const MAX_KEY_BYTES: u32 = 1 << 20;
const MAX_ROUNDS: u64 = 20_000_000;

fn kdf_bounds(rounds: u32, len: u32) -> Result<(), String> {
    let blocks = u64::from(len.div_ceil(16).max(1));
    if len > MAX_KEY_BYTES || u64::from(rounds.max(1)) * blocks > MAX_ROUNDS {
        return Err(format!(
            "!crypto-js key derivation of {len} bytes with {rounds} iterations is over conform's limit"
        ));
    }
    Ok(())
}

/// PBKDF2 with HMAC-`alg`; `len` bytes of key. "" for an unknown hasher, "!…" over the limits.
pub(super) fn pbkdf2_hex(alg: String, pass: String, salt: String, rounds: u32, len: u32) -> String {
    if let Err(e) = kdf_bounds(rounds, len) {
        return e;
    }
    let (pass, salt) = (from_hex(&pass), from_hex(&salt));
    let mut out = vec![0u8; len as usize];
    let rounds = rounds.max(1);
    let ok = match alg.as_str() {
        "MD5" => pbkdf2::pbkdf2::<Hmac<Md5>>(&pass, &salt, rounds, &mut out),
        "SHA1" => pbkdf2::pbkdf2::<Hmac<Sha1>>(&pass, &salt, rounds, &mut out),
        "SHA224" => pbkdf2::pbkdf2::<Hmac<Sha224>>(&pass, &salt, rounds, &mut out),
        "SHA256" => pbkdf2::pbkdf2::<Hmac<Sha256>>(&pass, &salt, rounds, &mut out),
        "SHA384" => pbkdf2::pbkdf2::<Hmac<Sha384>>(&pass, &salt, rounds, &mut out),
        "SHA512" => pbkdf2::pbkdf2::<Hmac<Sha512>>(&pass, &salt, rounds, &mut out),
        "SHA3" | "SHA3-512" => pbkdf2::pbkdf2::<Hmac<Keccak512>>(&pass, &salt, rounds, &mut out),
        "RIPEMD160" => pbkdf2::pbkdf2::<Hmac<Ripemd160>>(&pass, &salt, rounds, &mut out),
        _ => return String::new(),
    };
    ok.map_or_else(|_| String::new(), |()| to_hex(&out))
}

/// OpenSSL's EVP_BytesToKey as crypto-js's EvpKDF does it: repeated digests of
/// (previous ‖ password ‖ salt), `rounds` times each, until `len` bytes.
pub(super) fn evp_kdf_hex(
    alg: String,
    pass: String,
    salt: String,
    rounds: u32,
    len: u32,
) -> String {
    let (pass, salt) = (from_hex(&pass), from_hex(&salt));
    let mut out: Vec<u8> = Vec::new();
    let mut prev: Vec<u8> = Vec::new();
    while out.len() < len as usize {
        let mut input = prev.clone();
        input.extend_from_slice(&pass);
        input.extend_from_slice(&salt);
        let Some(mut block) = digest_bytes(&alg, &input) else {
            return String::new();
        };
        for _ in 1..rounds.max(1) {
            block = digest_bytes(&alg, &block).unwrap_or_default();
        }
        out.extend_from_slice(&block);
        prev = block;
    }
    out.truncate(len as usize);
    to_hex(&out)
}

/// One block cipher with its key schedule done.
enum Block {
    Aes128(Box<aes::Aes128>),
    Aes192(Box<aes::Aes192>),
    Aes256(Box<aes::Aes256>),
    Des(Box<des::Des>),
    TripleDes(Box<des::TdesEde3>),
}

macro_rules! each_cipher {
    ($self:expr, $c:ident => $body:expr) => {
        match $self {
            Block::Aes128($c) => $body,
            Block::Aes192($c) => $body,
            Block::Aes256($c) => $body,
            Block::Des($c) => $body,
            Block::TripleDes($c) => $body,
        }
    };
}

impl Block {
    fn new(alg: &str, key: &[u8]) -> Result<Block, CryptoError> {
        let bad = |name| CryptoError::KeyLength(key.len(), name);
        Ok(match alg {
            "AES" => match key.len() {
                16 => Block::Aes128(Box::new(
                    aes::Aes128::new_from_slice(key).map_err(|_| bad("AES"))?,
                )),
                24 => Block::Aes192(Box::new(
                    aes::Aes192::new_from_slice(key).map_err(|_| bad("AES"))?,
                )),
                32 => Block::Aes256(Box::new(
                    aes::Aes256::new_from_slice(key).map_err(|_| bad("AES"))?,
                )),
                _ => return Err(bad("AES")),
            },
            "DES" => {
                // crypto-js reads the first 8 bytes of a longer key.
                let k = key.get(..8).ok_or_else(|| bad("DES"))?;
                Block::Des(Box::new(
                    des::Des::new_from_slice(k).map_err(|_| bad("DES"))?,
                ))
            }
            "TripleDES" => {
                // crypto-js 4: K1‖K2‖K3; a 16-byte key is K1‖K2‖K1, an 8-byte one K1‖K1‖K1.
                let k: Vec<u8> = match key.len() {
                    8 => [key, key, key].concat(),
                    16 => [key, &key[..8]].concat(),
                    n if n >= 24 => key[..24].to_vec(),
                    _ => return Err(bad("TripleDES")),
                };
                Block::TripleDes(Box::new(
                    des::TdesEde3::new_from_slice(&k).map_err(|_| bad("TripleDES"))?,
                ))
            }
            other => return Err(CryptoError::Unsupported(other.to_string())),
        })
    }

    fn size(&self) -> usize {
        match self {
            Block::Des(_) | Block::TripleDes(_) => 8,
            _ => 16,
        }
    }

    fn encrypt(&self, block: &mut [u8]) {
        each_cipher!(self, c => c.encrypt_block(GenericArray::from_mut_slice(block)))
    }

    fn decrypt(&self, block: &mut [u8]) {
        each_cipher!(self, c => c.decrypt_block(GenericArray::from_mut_slice(block)))
    }
}

fn pad(data: &mut Vec<u8>, padding: &str, bs: usize) -> Result<(), CryptoError> {
    let n = bs - data.len() % bs;
    match padding {
        "Pkcs7" => data.extend(std::iter::repeat_n(n as u8, n)),
        "AnsiX923" => {
            data.extend(std::iter::repeat_n(0, n - 1));
            data.push(n as u8);
        }
        "Iso10126" => {
            data.extend((0..n - 1).map(|_| rand::random::<u8>()));
            data.push(n as u8);
        }
        "Iso97971" => {
            data.push(0x80);
            data.extend(std::iter::repeat_n(0, (bs - data.len() % bs) % bs));
        }
        "ZeroPadding" => data.extend(std::iter::repeat_n(0, (bs - data.len() % bs) % bs)),
        "NoPadding" => {}
        other => return Err(CryptoError::Unsupported(format!("pad.{other}"))),
    }
    Ok(())
}

fn unpad(data: &mut Vec<u8>, padding: &str) -> Result<(), CryptoError> {
    match padding {
        // crypto-js trusts the last byte without checking the others; so does this.
        "Pkcs7" | "AnsiX923" | "Iso10126" => {
            let n = *data.last().ok_or(CryptoError::Padding)? as usize;
            if n > data.len() {
                return Err(CryptoError::Padding);
            }
            data.truncate(data.len() - n);
        }
        "Iso97971" => {
            while data.last() == Some(&0) {
                data.pop();
            }
            if data.pop() != Some(0x80) {
                return Err(CryptoError::Padding);
            }
        }
        "ZeroPadding" => {
            while data.last() == Some(&0) {
                data.pop();
            }
        }
        "NoPadding" => {}
        other => return Err(CryptoError::Unsupported(format!("pad.{other}"))),
    }
    Ok(())
}

/// Encrypts or decrypts `data`; an empty `iv` is all zeros, as crypto-js behaves without one.
pub(super) fn cipher(
    alg: &str,
    mode: &str,
    padding: &str,
    encrypt: bool,
    key: &[u8],
    iv: &[u8],
    data: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let c = Block::new(alg, key)?;
    let bs = c.size();
    let mut prev = vec![0u8; bs];
    for (p, v) in prev.iter_mut().zip(iv) {
        *p = *v;
    }
    let stream = matches!(mode, "CFB" | "OFB" | "CTR");
    let mut buf = data.to_vec();
    // crypto-js pads in every mode, stream modes included (with Pkcs7 unless told otherwise).
    if encrypt {
        pad(&mut buf, padding, bs)?;
    }
    if buf.len() % bs != 0 && !stream {
        return Err(CryptoError::Partial(bs));
    }
    match mode {
        "ECB" => {
            for b in buf.chunks_mut(bs) {
                if b.len() == bs {
                    if encrypt { c.encrypt(b) } else { c.decrypt(b) }
                }
            }
        }
        "CBC" => {
            for b in buf.chunks_mut(bs) {
                if encrypt {
                    b.iter_mut().zip(&prev).for_each(|(x, p)| *x ^= p);
                    c.encrypt(b);
                    prev.copy_from_slice(b);
                } else {
                    let saved = b.to_vec();
                    c.decrypt(b);
                    b.iter_mut().zip(&prev).for_each(|(x, p)| *x ^= p);
                    prev = saved;
                }
            }
        }
        "CFB" => {
            for b in buf.chunks_mut(bs) {
                let mut ks = prev.clone();
                c.encrypt(&mut ks);
                let cipher_block: Vec<u8> = if encrypt {
                    b.iter_mut().zip(&ks).for_each(|(x, k)| *x ^= k);
                    b.to_vec()
                } else {
                    let saved = b.to_vec();
                    b.iter_mut().zip(&ks).for_each(|(x, k)| *x ^= k);
                    saved
                };
                prev[..cipher_block.len()].copy_from_slice(&cipher_block);
            }
        }
        "OFB" => {
            for b in buf.chunks_mut(bs) {
                c.encrypt(&mut prev);
                b.iter_mut().zip(&prev).for_each(|(x, k)| *x ^= k);
            }
        }
        "CTR" => {
            for b in buf.chunks_mut(bs) {
                let mut ks = prev.clone();
                c.encrypt(&mut ks);
                b.iter_mut().zip(&ks).for_each(|(x, k)| *x ^= k);
                // crypto-js increments the last 32-bit word of the counter.
                let at = bs - 4;
                let word = u32::from_be_bytes([prev[at], prev[at + 1], prev[at + 2], prev[at + 3]]);
                prev[at..].copy_from_slice(&word.wrapping_add(1).to_be_bytes());
            }
        }
        other => return Err(CryptoError::Unsupported(format!("mode.{other}"))),
    }
    if !encrypt {
        unpad(&mut buf, padding)?;
    }
    Ok(buf)
}

/// `cipher` for JS (`scheme` is "MODE/Padding"): "hex" on success, "!message" on failure.
pub(super) fn cipher_js(
    alg: String,
    scheme: String,
    encrypt: bool,
    key: String,
    iv: String,
    data: String,
) -> String {
    let (mode, padding) = scheme.split_once('/').unwrap_or((scheme.as_str(), "Pkcs7"));
    match cipher(
        &alg,
        mode,
        padding,
        encrypt,
        &from_hex(&key),
        &from_hex(&iv),
        &from_hex(&data),
    ) {
        Ok(bytes) => to_hex(&bytes),
        Err(e) => format!("!{e}"),
    }
}
