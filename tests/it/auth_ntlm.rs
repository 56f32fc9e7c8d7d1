//! Issue 11 point 7, NTLM: the request without credentials, then NEGOTIATE and an NTLMv2
//! AUTHENTICATE on the same connection. The server here is written from MS-NLMP alone: it
//! challenges, then recomputes the NTProofStr from the password it knows and the client's
//! blob, and answers 200 only when it matches and the handshake stayed on one connection.

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use md4::Digest as _;
use serde_json::{Value, json};

use crate::common::*;
use crate::support::{Recorded, Reply, Routes, TestServer};

const PASSWORD: &str = "Ntlm-Pa55word!";
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
fn verify(m: &[u8]) -> Result<(String, String, String), String> {
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

fn unauthorized(challenge: Option<String>) -> Reply {
    let value = challenge.map_or("NTLM".to_string(), |c| format!("NTLM {c}"));
    Reply::Raw {
        status: 401,
        headers: vec![("WWW-Authenticate".into(), value)],
        body: b"who are you".to_vec(),
    }
}

/// The NTLM server; the connection each NEGOTIATE came on is remembered.
fn server() -> TestServer {
    let negotiated: Arc<Mutex<Option<u64>>> = Arc::default();
    let route = Reply::func(move |rec: &Recorded| {
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
    });
    TestServer::start_blocking(Routes::new().any("/ntlm", route))
}

fn ntlm_item(server: &TestServer, password: &str, extra: &[(&str, &str)]) -> Value {
    let mut auth = vec![
        json!({"key": "username", "value": "alice", "type": "string"}),
        json!({"key": "password", "value": password, "type": "string"}),
        json!({"key": "domain", "value": "CORP", "type": "string"}),
        json!({"key": "workstation", "value": "WS7", "type": "string"}),
    ];
    for (k, v) in extra {
        auth.push(json!({"key": k, "value": v, "type": "any"}));
    }
    json!([{
        "name": "who",
        "request": {
            "method": "GET",
            "url": server.url_for("/ntlm"),
            "auth": {"type": "ntlm", "ntlm": auth}
        },
        "event": [{"listen": "test", "script": {"exec": [
            "pm.test('authenticated', () => pm.response.to.have.status(200));",
            "pm.test('as alice', () => pm.expect(pm.response.json().user).to.eql('alice'));"
        ]}}]
    }])
}

fn run(server: &TestServer, password: &str, extra: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write_json(
        dir.path(),
        "c.postman_collection.json",
        &collection("c", ntlm_item(server, password, extra)),
    );
    conform(dir.path(), &["run", "c.postman_collection.json"])
}

fn auth_kinds(seen: &[Recorded]) -> Vec<String> {
    seen.iter()
        .map(|r| match r.header("authorization") {
            None => "none".to_string(),
            Some(v) => {
                let raw = base64::engine::general_purpose::STANDARD
                    .decode(v.trim_start_matches("NTLM "))
                    .unwrap_or_default();
                format!("type {}", raw.get(8).copied().unwrap_or(0))
            }
        })
        .collect()
}

#[test]
fn the_handshake_authenticates_over_one_connection() {
    let server = server();
    let run = run(&server, PASSWORD, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = server.requests();
    assert_eq!(auth_kinds(&seen), ["none", "type 1", "type 3"], "{run:?}");
    assert!(seen.iter().all(|r| r.conn == seen[0].conn), "{seen:?}");
    assert!(!run.all().contains(PASSWORD), "{run:?}");
}

#[test]
fn a_wrong_password_is_refused_by_the_server_and_fails_the_test() {
    let server = server();
    let run = run(&server, "not-the-password", &[]);
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(status_of(&run, "c::who"), Some("FAILED"), "{run:?}");
    assert!(run.stdout.contains("authenticated"), "{run:?}");
    assert_eq!(auth_kinds(&server.requests()), ["none", "type 1", "type 3"]);
}

#[test]
fn disable_retry_request_sends_once() {
    let server = server();
    let run = run(&server, PASSWORD, &[("disableRetryRequest", "true")]);
    no_panic(&run);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(auth_kinds(&server.requests()), ["none"]);
}

#[test]
fn a_server_that_asks_for_nothing_gets_one_plain_request() {
    let server = TestServer::start_blocking(
        Routes::new().any("/ntlm", Reply::json(json!({"user": "alice"}))),
    );
    let run = run(&server, PASSWORD, &[]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(auth_kinds(&server.requests()), ["none"]);
}

#[test]
fn a_challenge_without_an_ntlm_message_fails_the_request_naming_it() {
    // Always answers the bare `WWW-Authenticate: NTLM`, even to the NEGOTIATE message.
    let server = TestServer::start_blocking(Routes::new().any("/ntlm", unauthorized(None)));
    let run = run(&server, PASSWORD, &[]);
    no_panic(&run);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stdout.contains("did not send NTLM type 2 message"),
        "{run:?}"
    );
    assert_eq!(auth_kinds(&server.requests()), ["none", "type 1"]);
}
