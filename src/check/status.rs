//! Checks that hold for every response whatever the collection's scripts say: no unexpected
//! server error, and a textual body that is valid UTF-8. Judges one response; knows nothing of
//! scripts beyond the statuses they asserted.

use crate::outcome::{Check, CheckStatus, Failure};
use crate::request::HttpResponse;

/// The name of the server-error check in every report.
pub const SERVER_ERROR: &str = "no unexpected server error";

/// What the run knows about a response's status besides the response itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Expected<'a> {
    /// The API's docs document this status for the operation (its own code, its range, or a
    /// `default` response).
    pub documented: bool,
    /// Statuses a passing test assertion of this execution named.
    pub asserted: &'a [u16],
}

/// A 5xx fails unless the API documents it or a test of the collection asserted exactly that
/// status: a server error nobody expected is the server's fault, whatever the tests checked.
pub fn server_error(resp: &HttpResponse, expected: Expected<'_>) -> Option<Check> {
    if resp.status < 500 || expected.documented || expected.asserted.contains(&resp.status) {
        return None;
    }
    Some(Check {
        name: SERVER_ERROR.into(),
        status: CheckStatus::Failed(Failure::ServerError {
            status: resp.status,
            reason: resp.reason.clone(),
        }),
    })
}

/// A body whose content type says text (JSON, `text/*`, or an explicit UTF-8 charset) must be
/// valid UTF-8.
pub fn utf8(resp: &HttpResponse) -> Option<Check> {
    let ct = resp
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let textual = ct.contains("json") || ct.starts_with("text/") || ct.contains("charset=utf-8");
    if !textual {
        return None;
    }
    let err = std::str::from_utf8(&resp.body).err()?;
    Some(Check {
        name: "body is valid UTF-8".into(),
        status: CheckStatus::Failed(Failure::InvalidUtf8 {
            content_type: ct,
            offset: err.valid_up_to(),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16) -> HttpResponse {
        HttpResponse {
            status,
            reason: "Service Unavailable".into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: b"{}".to_vec(),
            time_ms: 1.0,
        }
    }

    #[test]
    fn an_unexpected_5xx_fails_with_its_status() {
        let c = server_error(&resp(503), Expected::default()).unwrap();
        assert_eq!(c.name, SERVER_ERROR);
        assert_eq!(
            c.status,
            CheckStatus::Failed(Failure::ServerError {
                status: 503,
                reason: "Service Unavailable".into()
            })
        );
        assert_eq!(
            match &c.status {
                CheckStatus::Failed(f) => f.to_string(),
                _ => String::new(),
            },
            "server answered 503 Service Unavailable"
        );
    }

    #[test]
    fn a_documented_or_asserted_5xx_passes_and_other_statuses_never_fail() {
        let documented = Expected {
            documented: true,
            asserted: &[],
        };
        assert!(server_error(&resp(503), documented).is_none());
        let asserted = Expected {
            documented: false,
            asserted: &[503],
        };
        assert!(server_error(&resp(503), asserted).is_none());
        // Asserting another status does not excuse this one.
        let other = Expected {
            documented: false,
            asserted: &[500],
        };
        assert!(server_error(&resp(503), other).is_some());
        assert!(server_error(&resp(404), Expected::default()).is_none());
    }

    #[test]
    fn textual_bodies_must_be_utf8() {
        let mut r = resp(200);
        r.body = vec![b'{', 0xff, b'}'];
        let c = utf8(&r).unwrap();
        assert!(matches!(
            c.status,
            CheckStatus::Failed(Failure::InvalidUtf8 { offset: 1, .. })
        ));
        r.headers = vec![("Content-Type".into(), "application/octet-stream".into())];
        assert!(utf8(&r).is_none());
    }
}
