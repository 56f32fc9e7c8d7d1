//! NTLM auth as postman-runtime does it: the request goes out first without credentials; a
//! 401/403 that offers `WWW-Authenticate: NTLM` (or `Negotiate`) is answered with a NEGOTIATE
//! message, the server's CHALLENGE with an NTLMv2 AUTHENTICATE message, all on one kept-alive
//! connection (the runner's part, `exec::send::send_ntlm`). This module builds and reads the
//! messages (MS-NLMP 2.2.1) and computes the NTLMv2 response (MS-NLMP 3.3.2).

use super::Secret;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use md4::{Digest, Md4};

/// The auth block's fields (`username`, `password`, `domain`, `workstation`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NtlmParams {
    pub username: String,
    pub password: Secret,
    pub domain: String,
    pub workstation: String,
    /// `disableRetryRequest`: send once, never answer a challenge.
    pub disable_retry: bool,
}

impl NtlmParams {
    /// Username and domain as postman-runtime takes them: without a domain, `DOMAIN\\user` or
    /// `user@domain` (one separator, both parts non-empty) names both.
    pub fn identity(&self) -> (String, String) {
        if !self.domain.is_empty() {
            return (self.username.clone(), self.domain.clone());
        }
        let u = &self.username;
        if u.contains('\\') && u.contains('@') {
            return (u.clone(), String::new());
        }
        for (sep, user_first) in [('\\', false), ('@', true)] {
            let parts: Vec<&str> = u.split(sep).collect();
            if let [a, b] = parts.as_slice() {
                if !a.is_empty() && !b.is_empty() {
                    let (user, domain) = if user_first { (a, b) } else { (b, a) };
                    return (user.to_string(), domain.to_string());
                }
            }
        }
        (u.clone(), String::new())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NtlmError {
    #[error("ntlm: server did not send NTLM type 2 message")]
    NoChallenge,
    #[error("ntlm: the server's challenge message is malformed ({0})")]
    BadChallenge(&'static str),
}

const SIGNATURE: &[u8; 8] = b"NTLMSSP\0";
const UNICODE: u32 = 0x0000_0001;
const OEM: u32 = 0x0000_0002;
const REQUEST_TARGET: u32 = 0x0000_0004;
const NTLM: u32 = 0x0000_0200;
const OEM_DOMAIN_SUPPLIED: u32 = 0x0000_1000;
const OEM_WORKSTATION_SUPPLIED: u32 = 0x0000_2000;
const ALWAYS_SIGN: u32 = 0x0000_8000;
const EXTENDED_SESSION_SECURITY: u32 = 0x0008_0000;
const TARGET_INFO: u32 = 0x0080_0000;
const VERSION: u32 = 0x0200_0000;
const NEGOTIATE_128: u32 = 0x2000_0000;
const NEGOTIATE_56: u32 = 0x8000_0000;

/// Does this response offer NTLM? (postman-runtime also starts on `Negotiate`.)
pub fn offered(headers: &[(String, String)]) -> bool {
    headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("www-authenticate") && {
            let scheme = v.trim().split([' ', ',']).next().unwrap_or("");
            scheme.eq_ignore_ascii_case("ntlm") || scheme.eq_ignore_ascii_case("negotiate")
        }
    })
}

/// The flags of the messages Newman's NTLM library (httpntlm) sends.
const NEGOTIATE_FLAGS: u32 = UNICODE
    | OEM
    | REQUEST_TARGET
    | NTLM
    | OEM_DOMAIN_SUPPLIED
    | OEM_WORKSTATION_SUPPLIED
    | ALWAYS_SIGN
    | EXTENDED_SESSION_SECURITY
    | VERSION
    | NEGOTIATE_128
    | NEGOTIATE_56;
const AUTHENTICATE_FLAGS: u32 = UNICODE
    | REQUEST_TARGET
    | NTLM
    | ALWAYS_SIGN
    | EXTENDED_SESSION_SECURITY
    | TARGET_INFO
    | VERSION
    | NEGOTIATE_128
    | NEGOTIATE_56;
/// Windows XP SP2 (5.1.2600), NTLM revision 15: the version Newman's messages carry.
const PRODUCT_VERSION: [u8; 8] = [5, 1, 0x28, 0x0a, 0, 0, 0, 15];

/// `NTLM <base64 NEGOTIATE message>`, laid out byte for byte as Newman sends it: domain and
/// workstation upper-case (OEM), the workstation's bytes first.
pub fn negotiate(params: &NtlmParams) -> String {
    let (_, domain) = params.identity();
    let domain = js_escape(&domain.to_uppercase()).into_bytes();
    let workstation = js_escape(&params.workstation.to_uppercase()).into_bytes();
    let flags = if domain.is_empty() {
        NEGOTIATE_FLAGS & !OEM_DOMAIN_SUPPLIED
    } else {
        NEGOTIATE_FLAGS
    };
    const BODY: usize = 40;
    let mut m = Vec::with_capacity(BODY + domain.len() + workstation.len());
    m.extend_from_slice(SIGNATURE);
    m.extend_from_slice(&1u32.to_le_bytes());
    m.extend_from_slice(&flags.to_le_bytes());
    security_buffer(&mut m, domain.len(), BODY + workstation.len());
    security_buffer(&mut m, workstation.len(), BODY);
    m.extend_from_slice(&PRODUCT_VERSION);
    m.extend_from_slice(&workstation);
    m.extend_from_slice(&domain);
    format!(
        "NTLM {}",
        base64::engine::general_purpose::STANDARD.encode(m)
    )
}

/// Length, room and offset of one field.
fn security_buffer(m: &mut Vec<u8>, len: usize, offset: usize) {
    m.extend_from_slice(&(len as u16).to_le_bytes());
    m.extend_from_slice(&(len as u16).to_le_bytes());
    m.extend_from_slice(&(offset as u32).to_le_bytes());
}

/// JavaScript's `escape()`, which Newman's library applies to the domain and workstation.
fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "@*_+-./".contains(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("%u{unit:04X}"));
            }
        }
    }
    out
}

/// The parts of the server's CHALLENGE message the response needs.
#[derive(Debug, PartialEq, Eq)]
pub struct Challenge {
    pub flags: u32,
    pub server_challenge: [u8; 8],
    pub target_info: Vec<u8>,
}

/// Finds `WWW-Authenticate: NTLM <base64>` among the headers (the first one that has a
/// message) and reads it.
pub fn challenge(headers: &[(String, String)]) -> Result<Challenge, NtlmError> {
    let token = headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("www-authenticate"))
        .find_map(|(_, v)| v.trim().strip_prefix("NTLM "))
        .ok_or(NtlmError::NoChallenge)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .map_err(|_| NtlmError::BadChallenge("not base64"))?;
    parse_challenge(&bytes)
}

fn parse_challenge(b: &[u8]) -> Result<Challenge, NtlmError> {
    if b.len() < 32 || &b[..8] != SIGNATURE {
        return Err(NtlmError::BadChallenge("no NTLMSSP signature"));
    }
    if u32_at(b, 8) != 2 {
        return Err(NtlmError::BadChallenge("not a type 2 message"));
    }
    let flags = u32_at(b, 20);
    let mut server_challenge = [0u8; 8];
    server_challenge.copy_from_slice(&b[24..32]);
    let target_info = if flags & TARGET_INFO != 0 && b.len() >= 48 {
        let len = u16::from_le_bytes([b[40], b[41]]) as usize;
        let offset = u32_at(b, 44) as usize;
        b.get(offset..offset.saturating_add(len))
            .ok_or(NtlmError::BadChallenge("target info outside the message"))?
            .to_vec()
    } else {
        Vec::new()
    };
    Ok(Challenge {
        flags,
        server_challenge,
        target_info,
    })
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// `NTLM <base64 AUTHENTICATE message>` with the NTLMv2 and LMv2 responses, laid out as Newman
/// sends it (domain and workstation upper-case, then user, then the responses). `client_challenge`
/// is 8 random bytes; `now` the time as Windows counts it (100 ns since 1601).
pub fn authenticate(
    params: &NtlmParams,
    challenge: &Challenge,
    client_challenge: [u8; 8],
    now: u64,
) -> String {
    let (user, domain) = params.identity();
    let domain = js_escape(&domain.to_uppercase());
    let workstation = js_escape(&params.workstation.to_uppercase());
    let key = ntowf_v2(params.password.expose(), &user, &domain);
    let nt = nt_response(
        &key,
        &challenge.server_challenge,
        &client_challenge,
        now,
        &challenge.target_info,
    );
    let lm = lm_response(&key, &challenge.server_challenge, &client_challenge);
    let unicode = challenge.flags & UNICODE != 0;
    let text = |s: &str| {
        if unicode {
            utf16(s)
        } else {
            s.as_bytes().to_vec()
        }
    };
    let (domain, user, workstation) = (text(&domain), text(&user), text(&workstation));
    let flags = if unicode {
        AUTHENTICATE_FLAGS
    } else {
        AUTHENTICATE_FLAGS & !UNICODE
    };
    const BODY: usize = 72;
    let names = domain.len() + user.len() + workstation.len();
    let mut m = Vec::with_capacity(BODY + names + lm.len() + nt.len());
    m.extend_from_slice(SIGNATURE);
    m.extend_from_slice(&3u32.to_le_bytes());
    security_buffer(&mut m, lm.len(), BODY + names);
    security_buffer(&mut m, nt.len(), BODY + names + lm.len());
    security_buffer(&mut m, domain.len(), BODY);
    security_buffer(&mut m, user.len(), BODY + domain.len());
    security_buffer(&mut m, workstation.len(), BODY + domain.len() + user.len());
    security_buffer(&mut m, 0, BODY + names + lm.len() + nt.len());
    m.extend_from_slice(&flags.to_le_bytes());
    m.extend_from_slice(&PRODUCT_VERSION);
    for part in [&domain, &user, &workstation, &lm, &nt] {
        m.extend_from_slice(part);
    }
    format!(
        "NTLM {}",
        base64::engine::general_purpose::STANDARD.encode(m)
    )
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> [u8; 16] {
    let mut mac = <Hmac<md5::Md5> as Mac>::new_from_slice(key).expect("HMAC takes any key");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// NTOWFv2: HMAC-MD5 keyed with MD4(UTF-16LE password) over UTF-16LE(UPPER(user) + domain).
pub fn ntowf_v2(password: &str, user: &str, domain: &str) -> [u8; 16] {
    let nt_hash: [u8; 16] = Md4::digest(utf16(password)).into();
    hmac_md5(&nt_hash, &[&utf16(&(user.to_uppercase() + domain))])
}

/// NTProofStr followed by the client blob it signs (MS-NLMP 3.3.2).
pub fn nt_response(
    key: &[u8; 16],
    server_challenge: &[u8; 8],
    client_challenge: &[u8; 8],
    timestamp: u64,
    target_info: &[u8],
) -> Vec<u8> {
    let mut blob = vec![1, 1, 0, 0, 0, 0, 0, 0];
    blob.extend_from_slice(&timestamp.to_le_bytes());
    blob.extend_from_slice(client_challenge);
    blob.extend_from_slice(&[0; 4]);
    blob.extend_from_slice(target_info);
    blob.extend_from_slice(&[0; 4]);
    let proof = hmac_md5(key, &[server_challenge, &blob]);
    let mut out = proof.to_vec();
    out.extend_from_slice(&blob);
    out
}

/// LMv2: HMAC-MD5 over both challenges, then the client challenge.
pub fn lm_response(
    key: &[u8; 16],
    server_challenge: &[u8; 8],
    client_challenge: &[u8; 8],
) -> Vec<u8> {
    let mut out = hmac_md5(key, &[server_challenge, client_challenge]).to_vec();
    out.extend_from_slice(client_challenge);
    out
}

/// Now, as Windows counts time: 100 ns intervals since 1601-01-01.
pub fn windows_time() -> u64 {
    // In whole milliseconds, as Newman's library takes the time.
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (unix.as_millis() as u64 + 11_644_473_600_000) * 10_000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// MS-NLMP 4.2.4: user "User", domain "Domain", password "Password", server challenge
    /// 0123456789abcdef, client challenge aa×8, time 0, target info naming domain "Domain"
    /// and server "Server".
    #[test]
    fn ntlmv2_matches_the_published_vectors() {
        let key = ntowf_v2("Password", "User", "Domain");
        assert_eq!(hex(&key), "0c868a403bfd7a93a3001ef22ef02e3f");
        let server = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        let client = [0xaa; 8];
        let mut info = vec![2, 0, 12, 0];
        info.extend(utf16("Domain"));
        info.extend([1, 0, 12, 0]);
        info.extend(utf16("Server"));
        info.extend([0, 0, 0, 0]);
        let nt = nt_response(&key, &server, &client, 0, &info);
        assert_eq!(hex(&nt[..16]), "68cd0ab851e51c96aabc927bebef6a1c");
        let lm = lm_response(&key, &server, &client);
        assert_eq!(hex(&lm), "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
    }

    #[test]
    fn negotiate_names_domain_and_workstation() {
        let p = NtlmParams {
            username: "corp\\alice".into(),
            workstation: "ws1".into(),
            ..NtlmParams::default()
        };
        let token = negotiate(&p);
        let raw = base64::engine::general_purpose::STANDARD
            .decode(token.strip_prefix("NTLM ").unwrap())
            .unwrap();
        assert_eq!(&raw[..8], SIGNATURE);
        assert_eq!(u32_at(&raw, 8), 1);
        let flags = u32_at(&raw, 12);
        assert_eq!(flags, NEGOTIATE_FLAGS);
        assert_eq!(&raw[32..40], &PRODUCT_VERSION);
        assert_eq!(&raw[40..], b"WS1CORP");
        // Newman's bytes for domain "corp", workstation "ws1" (recorded from Newman 6.2.2).
        assert_eq!(
            token,
            "NTLM TlRMTVNTUAABAAAAB7IIogQABAArAAAAAwADACgAAAAFASgKAAAAD1dTMUNPUlA="
        );
        let bare = negotiate(&NtlmParams::default());
        let raw = base64::engine::general_purpose::STANDARD
            .decode(bare.strip_prefix("NTLM ").unwrap())
            .unwrap();
        assert_eq!(u32_at(&raw, 12), NEGOTIATE_FLAGS & !OEM_DOMAIN_SUPPLIED);
        assert_eq!(raw.len(), 40);
        assert_eq!(
            bare,
            "NTLM TlRMTVNTUAABAAAAB6IIogAAAAAoAAAAAAAAACgAAAAFASgKAAAADw=="
        );
    }

    /// Newman's library's AUTHENTICATE message for this challenge with its randomness fixed
    /// (client challenge all zero, the clock at 1970-01-01), byte for byte.
    #[test]
    fn authenticate_is_laid_out_as_newman_sends_it() {
        let server = "NTLM TlRMTVNTUAACAAAACAAIADAAAAAFgogAEDJUdpi63P4AAAAAAAAAABoAGgA4AAAAQwBPAFIAUAACAAgAQwBPAFIAUAABAAYAUwBSAFYAAAAAAA==";
        let challenge = challenge(&[("WWW-Authenticate".into(), server.into())]).unwrap();
        let p = NtlmParams {
            username: "alice".into(),
            password: Secret::new("Ntlm-Pa55word!"),
            domain: "corp".into(),
            workstation: "ws7".into(),
            disable_retry: false,
        };
        let epoch = 11_644_473_600_000 * 10_000;
        assert_eq!(
            authenticate(&p, &challenge, [0; 8], epoch),
            "NTLM TlRMTVNTUAADAAAAGAAYAGAAAABKAEoAeAAAAAgACABIAAAACgAKAFAAAAAGAAYAWgAAAAAAAADCAAAABYKIogUBKAoAAAAPQwBPAFIAUABhAGwAaQBjAGUAVwBTADcAn0tPfe9jcuJAnI7YF2YChwAAAAAAAAAAt1rbqAdE/K/9kVSNcIGMYwEBAAAAAAAAAIA+1d6xnQEAAAAAAAAAAAAAAAACAAgAQwBPAFIAUAABAAYAUwBSAFYAAAAAAAAAAAA="
        );
    }

    #[test]
    fn usernames_carry_the_domain_when_none_is_given() {
        let p = |u: &str, d: &str| NtlmParams {
            username: u.into(),
            domain: d.into(),
            ..NtlmParams::default()
        };
        assert_eq!(p("d\\u", "").identity(), ("u".into(), "d".into()));
        assert_eq!(p("u@d", "").identity(), ("u".into(), "d".into()));
        assert_eq!(p("d\\u", "x").identity(), ("d\\u".into(), "x".into()));
        assert_eq!(p("d\\u@x", "").identity(), ("d\\u@x".into(), "".into()));
        assert_eq!(p("\\u", "").identity(), ("\\u".into(), "".into()));
        assert_eq!(js_escape("A B%é"), "A%20B%25%E9");
    }

    #[test]
    fn malformed_challenges_are_errors_not_panics() {
        let h = |v: &str| vec![("WWW-Authenticate".to_string(), v.to_string())];
        assert_eq!(challenge(&h("Basic x")), Err(NtlmError::NoChallenge));
        assert!(challenge(&h("NTLM !!!")).is_err());
        assert!(challenge(&h("NTLM TlRMTVNTUAA=")).is_err());
        // A target info buffer pointing past the end.
        let mut b = SIGNATURE.to_vec();
        b.extend(2u32.to_le_bytes());
        b.extend([0u8; 8]);
        b.extend(TARGET_INFO.to_le_bytes());
        b.extend([0u8; 16]);
        b.extend([200, 0, 200, 0, 0, 1, 0, 0]);
        let t = base64::engine::general_purpose::STANDARD.encode(&b);
        assert!(challenge(&h(&format!("NTLM {t}"))).is_err());
    }
}
