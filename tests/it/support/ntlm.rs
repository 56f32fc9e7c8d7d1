//! An NTLM server for the tests, written from MS-NLMP alone: it challenges, then recomputes
//! the NTProofStr from the password it knows and the client's blob, and answers 200 (the
//! user, domain and workstation as JSON) only when it matches and the handshake stayed on one
//! connection. Used by tests/it/auth_ntlm.rs and the Newman parity server (`/ntlm`).

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use md4::Digest as _;
use serde_json::json;

use super::{Recorded, Reply};

pub const PASSWORD: &str = "Ntlm-Pa55word!";
const SERVER_CHALLENGE: [u8; 8] = [0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe];

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn from_utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn hmac_md5(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<md5::Md5> as Mac>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn target_info() -> Vec<u8> {
    let mut info = vec![2, 0, 8, 0];
    info.extend(utf16("CORP"));
    info.extend([1, 0, 6, 0]);
    info.extend(utf16("SRV"));
    info.extend([0, 0, 0, 0]);
    info
}

/// The CHALLENGE message: Unicode, NTLM, extended session security, target info.
fn challenge() -> String {
    let name = utf16("CORP");
    let info = target_info();
    let mut m = b"NTLMSSP\0".to_vec();
    m.extend(2u32.to_le_bytes());
    m.extend((name.len() as u16).to_le_bytes());
    m.extend((name.len() as u16).to_le_bytes());
    m.extend(48u32.to_le_bytes());
    m.extend(0x0088_8205u32.to_le_bytes());
    m.extend(SERVER_CHALLENGE);
    m.extend([0u8; 8]);
    m.extend((info.len() as u16).to_le_bytes());
    m.extend((info.len() as u16).to_le_bytes());
    m.extend((48 + name.len() as u32).to_le_bytes());
    m.extend(name);
    m.extend(info);
    base64::engine::general_purpose::STANDARD.encode(m)
}

fn field(m: &[u8], at: usize) -> &[u8] {
    let len = u16::from_le_bytes([m[at], m[at + 1]]) as usize;
    let off = u32::from_le_bytes([m[at + 4], m[at + 5], m[at + 6], m[at + 7]]) as usize;
    &m[off..off + len]
}

/// Checks an AUTHENTICATE message: `Ok((user, domain, workstation))` when its NTLMv2 response
/// proves the password.
pub fn verify(m: &[u8]) -> Result<(String, String, String), String> {
    if m.len() < 64 || &m[..8] != b"NTLMSSP\0" || m[8] != 3 {
        return Err("not an AUTHENTICATE message".into());
    }
    let nt = field(m, 20);
    let (domain, user, ws) = (
        from_utf16(field(m, 28)),
        from_utf16(field(m, 36)),
        from_utf16(field(m, 44)),
    );
    let (proof, blob) = nt.split_at(16);
    if !blob
        .windows(target_info().len())
        .any(|w| w == target_info())
    {
        return Err("the blob does not carry the server's target info".into());
    }
    let nt_hash = md4::Md4::digest(utf16(PASSWORD));
    let key = hmac_md5(&nt_hash, &utf16(&(user.to_uppercase() + &domain)));
    let mut signed = SERVER_CHALLENGE.to_vec();
    signed.extend_from_slice(blob);
    if hmac_md5(&key, &signed) != proof {
        return Err("wrong NTProofStr".into());
    }
    Ok((user, domain, ws))
}

pub fn unauthorized(challenge: Option<String>) -> Reply {
    let value = challenge.map_or("NTLM".to_string(), |c| format!("NTLM {c}"));
    Reply::Raw {
        status: 401,
        headers: vec![("WWW-Authenticate".into(), value)],
        body: b"who are you".to_vec(),
    }
}

/// The NTLM route; the connection each NEGOTIATE came on is remembered.
pub fn route() -> Reply {
    let negotiated: Arc<Mutex<Option<u64>>> = Arc::default();
    Reply::func(move |rec: &Recorded| {
        let token = rec
            .header("authorization")
            .and_then(|v| v.strip_prefix("NTLM "))
            .and_then(|t| base64::engine::general_purpose::STANDARD.decode(t).ok());
        match token {
            None => unauthorized(None),
            Some(m) if m.get(8) == Some(&1) => {
                *negotiated.lock().unwrap() = Some(rec.conn);
                unauthorized(Some(challenge()))
            }
            Some(m) => {
                let same_conn = *negotiated.lock().unwrap() == Some(rec.conn);
                match verify(&m) {
                    Ok((user, domain, ws)) if same_conn => {
                        Reply::json(json!({"user": user, "domain": domain, "workstation": ws}))
                    }
                    Ok(_) => Reply::text(401, "handshake moved to another connection"),
                    Err(why) => Reply::text(401, &why),
                }
            }
        }
    })
}

/// An `Authorization: NTLM <AUTHENTICATE>` value as the parity recordings keep it: its client
/// challenge and timestamp are random, so the message is described by its fields and whether
/// it proves the password. `None`: not an AUTHENTICATE message.
pub fn describe(value: &str) -> Option<String> {
    let m = base64::engine::general_purpose::STANDARD
        .decode(value.strip_prefix("NTLM ")?)
        .ok()?;
    if m.len() < 72 || m.get(8) != Some(&3) {
        return None;
    }
    let flags = u32::from_le_bytes([m[60], m[61], m[62], m[63]]);
    let verdict = match verify(&m) {
        Ok((user, domain, ws)) => {
            format!("user={user} domain={domain} workstation={ws} ntlmv2=valid")
        }
        Err(why) => format!("invalid: {why}"),
    };
    Some(format!(
        "NTLM <authenticate flags={flags:08x} version={} lm={} {verdict}>",
        hex(&m[64..72]),
        field(&m, 12).len()
    ))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
