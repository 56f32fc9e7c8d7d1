//! The mock's seed data: who may log in to which of the three APIs, and which entities exist.
//! Owns the JSON config format, its defaults and its validation; must not hold run-time state.
//!
//! Every key is optional; a missing key takes its default below (so `{}` is the default setup).
//! All default credentials are test-only values that mean nothing anywhere else.
//!
//! | key                | default                                                              |
//! |--------------------|----------------------------------------------------------------------|
//! | `users`            | one IAM admin `integrator@example.com` / `mock-password`, managing `FIU-SIMULATOR` |
//! | `entities`         | `FIU-SIMULATOR` / `mock-secret` and `AA-SIMULATOR` / `mock-secret-aa` (managed by nobody, so reading it shows the 401 "Invalid entity id" case); both secrets expire 180 days after start |
//! | `loginUsers`       | `integrator@example.com` / `mock-password`, api key `mock-api-key` (seed 002) |
//! | `accessTokenUsers` | user `5a981078f4442500195c7201` with account `5a981078f4442500195c7205` (the ids of seed 003's example), bearer `mock-bearer-token`, x-tag `mock-x-tag` |
//!
//! Per entity, `secretExpiresInDays` (default 180, may be negative: an already expired secret
//! that is inside or past its 5-day grace period) sets when the configured secret expires,
//! counted from the moment the server starts.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Seed data for one mock server. `MockConfig::default()` is the documented default setup.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct MockConfig {
    /// IAM users (Sahamati token service) and the entities each one administers.
    pub users: Vec<IamUser>,
    /// IAM entities (members) with their initial secret.
    pub entities: Vec<IamEntity>,
    /// Accounts of the `POST /user/login` API (seed 002).
    pub login_users: Vec<LoginUser>,
    /// Accounts of the `GET /v1/users/{userId}/generateaccesstoken` API (seed 003).
    pub access_token_users: Vec<AccessTokenUser>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IamUser {
    pub username: String,
    pub password: String,
    /// Ids of the entities this user holds admin rights for; all others answer 401.
    #[serde(default)]
    pub entities: Vec<String>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IamEntity {
    pub id: String,
    pub secret: String,
    #[serde(default = "default_secret_days")]
    pub secret_expires_in_days: i64,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginUser {
    pub email_id: String,
    pub password: String,
    pub api_key: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccessTokenUser {
    pub user_id: String,
    pub account_ids: Vec<String>,
    pub bearer_token: String,
    pub x_tag: String,
}

/// The documented default (and maximum) secret validity.
pub(crate) const MAX_SECRET_DAYS: i64 = 180;
/// Bounds on `secretExpiresInDays`, far beyond any use, so date arithmetic cannot overflow.
const CONFIG_DAYS_LIMIT: i64 = 36_500;

fn default_secret_days() -> i64 {
    MAX_SECRET_DAYS
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            users: vec![IamUser {
                username: "integrator@example.com".into(),
                password: "mock-password".into(),
                entities: vec!["FIU-SIMULATOR".into()],
            }],
            entities: vec![
                IamEntity {
                    id: "FIU-SIMULATOR".into(),
                    secret: "mock-secret".into(),
                    secret_expires_in_days: MAX_SECRET_DAYS,
                },
                IamEntity {
                    id: "AA-SIMULATOR".into(),
                    secret: "mock-secret-aa".into(),
                    secret_expires_in_days: MAX_SECRET_DAYS,
                },
            ],
            login_users: vec![LoginUser {
                email_id: "integrator@example.com".into(),
                password: "mock-password".into(),
                api_key: "mock-api-key".into(),
            }],
            access_token_users: vec![AccessTokenUser {
                user_id: "5a981078f4442500195c7201".into(),
                account_ids: vec!["5a981078f4442500195c7205".into()],
                bearer_token: "mock-bearer-token".into(),
                x_tag: "mock-x-tag".into(),
            }],
        }
    }
}

/// Why a config file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    #[error("failed to read mock config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("failed to parse mock config {path}: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("invalid mock config {path}: {problem}")]
    Invalid {
        path: PathBuf,
        problem: ConfigProblem,
    },
}

/// A config that parses but cannot describe a consistent server.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigProblem {
    #[error("empty {field}")]
    Empty { field: &'static str },
    #[error("duplicate {field} {value:?}")]
    Duplicate { field: &'static str, value: String },
    #[error("user {user:?} manages unknown entity {entity:?}")]
    UnknownEntity { user: String, entity: String },
    #[error(
        "secretExpiresInDays {days} of entity {entity:?} is outside -{CONFIG_DAYS_LIMIT}..={CONFIG_DAYS_LIMIT}"
    )]
    DaysOutOfRange { entity: String, days: i64 },
}

impl MockConfig {
    pub fn load(path: impl AsRef<Path>) -> Result<MockConfig, MockError> {
        let path = path.as_ref();
        let text = std::fs::read(path).map_err(|source| MockError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let config: MockConfig =
            serde_json::from_slice(&text).map_err(|source| MockError::Parse {
                path: path.to_path_buf(),
                source,
            })?;
        config.validate().map_err(|problem| MockError::Invalid {
            path: path.to_path_buf(),
            problem,
        })?;
        Ok(config)
    }

    /// Checks what serde cannot: non-empty credentials, unique keys, known managed entities.
    pub fn validate(&self) -> Result<(), ConfigProblem> {
        let mut seen = Seen::default();
        for entity in &self.entities {
            non_empty("entities[].id", &entity.id)?;
            non_empty("entities[].secret", &entity.secret)?;
            seen.insert("entity id", &entity.id)?;
            if !(-CONFIG_DAYS_LIMIT..=CONFIG_DAYS_LIMIT).contains(&entity.secret_expires_in_days) {
                return Err(ConfigProblem::DaysOutOfRange {
                    entity: entity.id.clone(),
                    days: entity.secret_expires_in_days,
                });
            }
        }
        for user in &self.users {
            non_empty("users[].username", &user.username)?;
            non_empty("users[].password", &user.password)?;
            seen.insert("username", &user.username)?;
            if let Some(entity) = user
                .entities
                .iter()
                .find(|id| !self.entities.iter().any(|e| &e.id == *id))
            {
                return Err(ConfigProblem::UnknownEntity {
                    user: user.username.clone(),
                    entity: entity.clone(),
                });
            }
        }
        for user in &self.login_users {
            non_empty("loginUsers[].emailId", &user.email_id)?;
            non_empty("loginUsers[].password", &user.password)?;
            non_empty("loginUsers[].apiKey", &user.api_key)?;
            seen.insert("emailId", &user.email_id)?;
        }
        for user in &self.access_token_users {
            non_empty("accessTokenUsers[].userId", &user.user_id)?;
            non_empty("accessTokenUsers[].bearerToken", &user.bearer_token)?;
            non_empty("accessTokenUsers[].xTag", &user.x_tag)?;
            seen.insert("userId", &user.user_id)?;
            // The bearer token identifies the caller, so two users may not share one.
            seen.insert("bearerToken", &user.bearer_token)?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Seen(std::collections::HashSet<(&'static str, String)>);

impl Seen {
    fn insert(&mut self, field: &'static str, value: &str) -> Result<(), ConfigProblem> {
        if self.0.insert((field, value.to_string())) {
            Ok(())
        } else {
            Err(ConfigProblem::Duplicate {
                field,
                // Only identifiers reach here, except bearer tokens, which stay masked.
                value: if field == "bearerToken" {
                    "***".into()
                } else {
                    value.to_string()
                },
            })
        }
    }
}

fn non_empty(field: &'static str, value: &str) -> Result<(), ConfigProblem> {
    if value.trim().is_empty() {
        Err(ConfigProblem::Empty { field })
    } else {
        Ok(())
    }
}

// Debug output masks every credential so a config can be logged safely.
const MASK: &str = "***";

impl fmt::Debug for MockConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockConfig")
            .field("users", &self.users)
            .field("entities", &self.entities)
            .field("login_users", &self.login_users)
            .field("access_token_users", &self.access_token_users)
            .finish()
    }
}

impl fmt::Debug for IamUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamUser")
            .field("username", &self.username)
            .field("password", &MASK)
            .field("entities", &self.entities)
            .finish()
    }
}

impl fmt::Debug for IamEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamEntity")
            .field("id", &self.id)
            .field("secret", &MASK)
            .field("secret_expires_in_days", &self.secret_expires_in_days)
            .finish()
    }
}

impl fmt::Debug for LoginUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginUser")
            .field("email_id", &self.email_id)
            .field("password", &MASK)
            .field("api_key", &MASK)
            .finish()
    }
}

impl fmt::Debug for AccessTokenUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessTokenUser")
            .field("user_id", &self.user_id)
            .field("account_ids", &self.account_ids)
            .field("bearer_token", &MASK)
            .field("x_tag", &MASK)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_temp(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("conform-mock-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write temp config");
        path
    }

    #[test]
    fn shipped_mock_json_equals_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mock.json");
        let loaded = MockConfig::load(&path).expect("mock.json loads");
        assert_eq!(loaded, MockConfig::default());
    }

    #[test]
    fn empty_object_means_defaults_and_keys_override_one_by_one() {
        let path = write_temp("empty.json", "{}");
        assert_eq!(
            MockConfig::load(&path).expect("loads"),
            MockConfig::default()
        );
        let path = write_temp(
            "login.json",
            r#"{"loginUsers":[{"emailId":"a@example.com","password":"p","apiKey":"k"}]}"#,
        );
        let loaded = MockConfig::load(&path).expect("loads");
        assert_eq!(loaded.login_users.len(), 1);
        assert_eq!(loaded.login_users[0].email_id, "a@example.com");
        assert_eq!(loaded.users, MockConfig::default().users);
    }

    #[test]
    fn entity_days_default_to_180() {
        let path = write_temp(
            "days.json",
            r#"{"users":[],"entities":[{"id":"E","secret":"s"}]}"#,
        );
        let loaded = MockConfig::load(&path).expect("loads");
        assert_eq!(loaded.entities[0].secret_expires_in_days, 180);
    }

    #[test]
    fn unknown_key_is_a_parse_error_naming_the_file() {
        let path = write_temp("typo.json", r#"{"user": []}"#);
        let err = MockConfig::load(&path).expect_err("typo rejected");
        assert!(matches!(err, MockError::Parse { .. }), "{err:?}");
        assert!(err.to_string().contains("typo.json"), "{err}");
    }

    #[test]
    fn missing_file_is_a_read_error() {
        let err = MockConfig::load("/nonexistent/mock.json").expect_err("missing");
        assert!(matches!(err, MockError::Read { .. }), "{err:?}");
    }

    #[test]
    fn inconsistent_configs_are_rejected() {
        let mut config = MockConfig::default();
        config.users[0].entities.push("NOPE".into());
        assert_eq!(
            config.validate(),
            Err(ConfigProblem::UnknownEntity {
                user: "integrator@example.com".into(),
                entity: "NOPE".into()
            })
        );

        let mut config = MockConfig::default();
        let twin = config.entities[0].clone();
        config.entities.push(twin);
        assert_eq!(
            config.validate(),
            Err(ConfigProblem::Duplicate {
                field: "entity id",
                value: "FIU-SIMULATOR".into()
            })
        );

        let mut config = MockConfig::default();
        config.users[0].password = " ".into();
        assert_eq!(
            config.validate(),
            Err(ConfigProblem::Empty {
                field: "users[].password"
            })
        );

        let mut config = MockConfig::default();
        config.entities[0].secret_expires_in_days = i64::MIN;
        assert!(matches!(
            config.validate(),
            Err(ConfigProblem::DaysOutOfRange { .. })
        ));
    }

    #[test]
    fn debug_masks_every_credential() {
        let text = format!("{:?}", MockConfig::default());
        for secret in [
            "mock-password",
            "mock-secret",
            "mock-api-key",
            "mock-bearer-token",
            "mock-x-tag",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
        assert!(text.contains("integrator@example.com"));
    }
}
