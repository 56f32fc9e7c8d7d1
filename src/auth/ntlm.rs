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
    /// Username and domain as postman-runtime takes them: without a domain, `DOMAIN\user` and
    /// `user@domain` name both.
    pub fn identity(&self) -> (String, String) {
        if !self.domain.is_empty() {
            return (self.username.clone(), self.domain.clone());
        }
        if let Some((domain, user)) = self.username.split_once('\\') {
            return (user.to_string(), domain.to_string());
        }
        if let Some((user, domain)) = self.username.split_once('@') {
            return (user.to_string(), domain.to_string());
        }
        (self.username.clone(), String::new())
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

/// `NTLM <base64 NEGOTIATE message>`, naming the domain and workstation (OEM) when given.
pub fn negotiate(params: &NtlmParams) -> String {
    let (_, domain) = params.identity();
    let domain = domain.to_ascii_uppercase().into_bytes();
    let workstation = params.workstation.to_ascii_uppercase().into_bytes();
    let mut flags = UNICODE
        | OEM
        | REQUEST_TARGET
        | NTLM
        | ALWAYS_SIGN
        | EXTENDED_SESSION_SECURITY
        | NEGOTIATE_128
        | NEGOTIATE_56;
    if !domain.is_empty() {
        flags |= OEM_DOMAIN_SUPPLIED;
    }
    if !workstation.is_empty() {
        flags |= OEM_WORKSTATION_SUPPLIED;
    }
    let mut msg = Message::new(1, 32);
    msg.out.extend_from_slice(&flags.to_le_bytes());
    msg.field(&domain);
    msg.field(&workstation);
    format!("NTLM {}", msg.finish())
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

/// `NTLM <base64 AUTHENTICATE message>` with the NTLMv2 and LMv2 responses. `client_challenge`
/// is 8 random bytes; `now` the time as Windows counts it (100 ns since 1601), used when the
/// server's target info carries no timestamp of its own.
pub fn authenticate(
    params: &NtlmParams,
    challenge: &Challenge,
    client_challenge: [u8; 8],
    now: u64,
) -> String {
    let (user, domain) = params.identity();
    let key = ntowf_v2(params.password.expose(), &user, &domain);
    let timestamp = av_timestamp(&challenge.target_info).unwrap_or(now);
    let nt = nt_response(
        &key,
        &challenge.server_challenge,
        &client_challenge,
        timestamp,
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
    let flags = challenge.flags & !TARGET_INFO | if unicode { UNICODE } else { OEM };
    let mut msg = Message::new(3, 64);
    msg.field(&lm);
    msg.field(&nt);
    msg.field(&text(&domain));
    msg.field(&text(&user));
    msg.field(&text(&params.workstation));
    msg.field(&[]);
    msg.out.extend_from_slice(&flags.to_le_bytes());
    format!("NTLM {}", msg.finish())
}

/// A message under construction: the fixed part with a security buffer (length, room,
/// offset) per field, the fields' bytes after it.
struct Message {
    out: Vec<u8>,
    payload: Vec<u8>,
    header_len: usize,
}

impl Message {
    fn new(kind: u32, header_len: usize) -> Message {
        let mut out = Vec::with_capacity(header_len);
        out.extend_from_slice(SIGNATURE);
        out.extend_from_slice(&kind.to_le_bytes());
        Message {
            out,
            payload: Vec::new(),
            header_len,
        }
    }

    fn field(&mut self, bytes: &[u8]) {
        let len = bytes.len() as u16;
        let offset = (self.header_len + self.payload.len()) as u32;
        self.out.extend_from_slice(&len.to_le_bytes());
        self.out.extend_from_slice(&len.to_le_bytes());
        self.out.extend_from_slice(&offset.to_le_bytes());
        self.payload.extend_from_slice(bytes);
    }

    fn finish(mut self) -> String {
        self.out.resize(self.header_len, 0);
        self.out.extend_from_slice(&self.payload);
        base64::engine::general_purpose::STANDARD.encode(&self.out)
    }
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

/// MsvAvTimestamp (AvId 7) from the server's target info, if present.
fn av_timestamp(info: &[u8]) -> Option<u64> {
    let mut i = 0;
    while i + 4 <= info.len() {
        let id = u16::from_le_bytes([info[i], info[i + 1]]);
        let len = u16::from_le_bytes([info[i + 2], info[i + 3]]) as usize;
        let value = info.get(i + 4..i + 4 + len)?;
        match id {
            0 => return None,
            7 if len == 8 => return Some(u64::from_le_bytes(value.try_into().ok()?)),
            _ => i += 4 + len,
        }
    }
    None
}

/// Now, as Windows counts time: 100 ns intervals since 1601-01-01.
pub fn windows_time() -> u64 {
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (unix.as_nanos() / 100) as u64 + 116_444_736_000_000_000
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
        assert_ne!(flags & OEM_DOMAIN_SUPPLIED, 0);
        assert_ne!(flags & OEM_WORKSTATION_SUPPLIED, 0);
        assert_eq!(&raw[32..], b"CORPWS1");
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
