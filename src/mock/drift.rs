//! Deliberate incompatibilities the mock can be started with, so the harness can prove it notices
//! a server that drifted from the docs. Owns the names and the rewrite of a finished reply; must
//! not decide what a correct reply is (the handlers do).
//!
//! | name                 | effect                                                                   |
//! |----------------------|--------------------------------------------------------------------------|
//! | `missing-field`      | token replies lose their token (`accessToken`; `responseData.token`; `data.token`) |
//! | `wrong-type`         | token replies carry a string where a number is documented (`expiresIn` "86400"; `responseCode` "200"; `data.__v` "0") |
//! | `wrong-status`       | every 401 (bad credentials or token) is sent as 200, body unchanged      |
//! | `wrong-content-type` | token replies are sent as `text/plain`                                   |
//! | `not-json`           | every reply is an HTML page (`text/html`), status unchanged              |
//! | `slow`, `slow=2s`, `slow=250ms` | every reply waits first (default 35 s); shutdown cuts the wait |

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde_json::Value;

/// How the mock departs from the documented behaviour; `None` at start means it does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drift {
    MissingField,
    WrongType,
    WrongStatus,
    WrongContentType,
    NotJson,
    Slow(Duration),
}

/// The `slow` delay when none is given: longer than a 30 s client timeout.
pub const DEFAULT_SLOW: Duration = Duration::from_secs(35);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DriftParseError {
    #[error(
        "unknown drift {0:?} (expected missing-field, wrong-type, wrong-status, wrong-content-type, not-json, slow[=DURATION])"
    )]
    Unknown(String),
    #[error("invalid slow duration {0:?} (expected e.g. 35s, 250ms or 2)")]
    Duration(String),
}

impl FromStr for Drift {
    type Err = DriftParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "missing-field" => Ok(Drift::MissingField),
            "wrong-type" => Ok(Drift::WrongType),
            "wrong-status" => Ok(Drift::WrongStatus),
            "wrong-content-type" => Ok(Drift::WrongContentType),
            "not-json" => Ok(Drift::NotJson),
            "slow" => Ok(Drift::Slow(DEFAULT_SLOW)),
            other => match other.strip_prefix("slow=") {
                Some(duration) => parse_duration(duration)
                    .map(Drift::Slow)
                    .ok_or_else(|| DriftParseError::Duration(duration.to_string())),
                None => Err(DriftParseError::Unknown(other.to_string())),
            },
        }
    }
}

/// `250ms`, `35s` or bare seconds.
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Some(ms) = text.strip_suffix("ms") {
        return ms.parse::<u64>().ok().map(Duration::from_millis);
    }
    let secs = text.strip_suffix('s').unwrap_or(text);
    secs.parse::<u64>().ok().map(Duration::from_secs)
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::MissingField => f.write_str("missing-field"),
            Drift::WrongType => f.write_str("wrong-type"),
            Drift::WrongStatus => f.write_str("wrong-status"),
            Drift::WrongContentType => f.write_str("wrong-content-type"),
            Drift::NotJson => f.write_str("not-json"),
            Drift::Slow(delay) => write!(f, "slow={}ms", delay.as_millis()),
        }
    }
}

/// Which of the three APIs a reply belongs to: each keeps its token in a different place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Api {
    Iam,
    Login,
    Access,
}

/// Removes the token field of a token reply (`missing-field`).
pub(crate) fn drop_token(api: Api, body: &mut Value) {
    let (parent, key) = token_location(api);
    if let Some(Value::Object(map)) = pointer_mut(body, parent) {
        map.remove(key);
    }
}

/// Turns the documented number of a token reply into a string (`wrong-type`).
pub(crate) fn stringify_number(api: Api, body: &mut Value) {
    let (parent, key) = match api {
        Api::Iam => ("", "expiresIn"),
        Api::Login => ("", "responseCode"),
        Api::Access => ("/data", "__v"),
    };
    if let Some(Value::Object(map)) = pointer_mut(body, parent)
        && let Some(value) = map.get_mut(key)
    {
        *value = Value::String(value.to_string());
    }
}

fn token_location(api: Api) -> (&'static str, &'static str) {
    match api {
        Api::Iam => ("", "accessToken"),
        Api::Login => ("/responseData", "token"),
        Api::Access => ("/data", "token"),
    }
}

fn pointer_mut<'a>(body: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    if pointer.is_empty() {
        Some(body)
    } else {
        body.pointer_mut(pointer)
    }
}

/// The HTML page `not-json` sends instead of the JSON body, like a proxy's error page.
pub(crate) fn html_page(status: u16) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><title>{status}</title></head>\
         <body><h1>{status}</h1><p>conform mock: not-json drift</p></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_round_trip() {
        for drift in [
            Drift::MissingField,
            Drift::WrongType,
            Drift::WrongStatus,
            Drift::WrongContentType,
            Drift::NotJson,
            Drift::Slow(Duration::from_millis(250)),
        ] {
            assert_eq!(drift.to_string().parse::<Drift>(), Ok(drift));
        }
    }

    #[test]
    fn slow_durations() {
        assert_eq!("slow".parse(), Ok(Drift::Slow(Duration::from_secs(35))));
        assert_eq!("slow=2s".parse(), Ok(Drift::Slow(Duration::from_secs(2))));
        assert_eq!("slow=2".parse(), Ok(Drift::Slow(Duration::from_secs(2))));
        assert_eq!(
            "slow=250ms".parse(),
            Ok(Drift::Slow(Duration::from_millis(250)))
        );
        assert_eq!(
            "slow=soon".parse::<Drift>(),
            Err(DriftParseError::Duration("soon".into()))
        );
        assert_eq!(
            "fast".parse::<Drift>(),
            Err(DriftParseError::Unknown("fast".into()))
        );
    }

    #[test]
    fn drops_the_token_of_each_api() {
        let mut iam = json!({"accessToken": "t", "expiresIn": 86400});
        drop_token(Api::Iam, &mut iam);
        assert_eq!(iam, json!({"expiresIn": 86400}));
        let mut login = json!({"responseCode": 200, "responseData": {"token": "t", "apiKey": "k"}});
        drop_token(Api::Login, &mut login);
        assert_eq!(
            login,
            json!({"responseCode": 200, "responseData": {"apiKey": "k"}})
        );
        let mut access = json!({"status": "success", "data": {"token": "t", "__v": 0}});
        drop_token(Api::Access, &mut access);
        assert_eq!(access, json!({"status": "success", "data": {"__v": 0}}));
    }

    #[test]
    fn stringifies_the_documented_number() {
        let mut iam = json!({"expiresIn": 86400});
        stringify_number(Api::Iam, &mut iam);
        assert_eq!(iam, json!({"expiresIn": "86400"}));
        let mut login = json!({"responseCode": 200});
        stringify_number(Api::Login, &mut login);
        assert_eq!(login, json!({"responseCode": "200"}));
        let mut access = json!({"data": {"__v": 0}});
        stringify_number(Api::Access, &mut access);
        assert_eq!(access, json!({"data": {"__v": "0"}}));
        let mut odd = json!([1]);
        stringify_number(Api::Access, &mut odd);
        assert_eq!(odd, json!([1]));
    }
}
