//! The IAM service's memory: issued user tokens, each entity's current and retired secrets, and
//! the rules that decide whether a credential is valid, in its grace period, or rejected.
//! Owns no HTTP and no clock: every decision takes `now_ms`, so expiry is testable without waiting.

use std::collections::{BTreeSet, HashMap};

use sha2::{Digest, Sha256};

use super::clock::DAY_MS;
use super::config::MockConfig;
use super::ids;

/// Lifetime of user and entity access tokens (seed 000 `expiresIn`, how-to "24 hrs").
pub(crate) const TOKEN_TTL_SECS: i64 = 86_400;
/// How long a secret keeps working after it expired or was replaced by a reset.
pub(crate) const GRACE_DAYS: i64 = 5;
const SECRET_LEN: usize = 32;
/// Live user sessions kept at most; past it the one closest to expiry is dropped. About 150
/// bytes each, so the mock stays under ~40 MB however long a load test runs.
pub(crate) const MAX_SESSIONS: usize = 250_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SecretRec {
    pub value: String,
    pub expires_at_ms: i64,
}

/// The verdict on an entity id/secret pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecretCheck {
    Valid,
    /// Expired (or replaced) less than `GRACE_DAYS` ago: works, with the documented warning.
    Grace,
    Rejected,
}

struct UserRec {
    password: String,
    entities: Vec<String>,
}

struct EntityRec {
    current: SecretRec,
    retired: Vec<SecretRec>,
}

struct Session {
    username: String,
    expires_at_ms: i64,
}

/// A token is looked up by its SHA-256: 32 bytes kept instead of a ~600-byte JWT.
type TokenKey = [u8; 32];

fn token_key(token: &str) -> TokenKey {
    Sha256::digest(token.as_bytes()).into()
}

/// Issued user tokens, indexed by token and by expiry: a login drops the expired ones from the
/// front of the expiry index instead of scanning every token ever issued.
#[derive(Default)]
struct Sessions {
    by_token: HashMap<TokenKey, Session>,
    by_expiry: BTreeSet<(i64, TokenKey)>,
}

impl Sessions {
    fn insert(&mut self, token: &str, session: Session, now_ms: i64) {
        while let Some(&(at, key)) = self.by_expiry.first() {
            if at > now_ms && self.by_token.len() < MAX_SESSIONS {
                break;
            }
            self.by_expiry.pop_first();
            self.by_token.remove(&key);
        }
        let key = token_key(token);
        self.by_expiry.insert((session.expires_at_ms, key));
        if let Some(old) = self.by_token.insert(key, session) {
            self.by_expiry.remove(&(old.expires_at_ms, key));
        }
    }

    fn get(&self, token: &str) -> Option<&Session> {
        self.by_token.get(&token_key(token))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.by_token.len()
    }
}

pub(crate) struct IamState {
    users: HashMap<String, UserRec>,
    entities: HashMap<String, EntityRec>,
    sessions: Sessions,
}

impl IamState {
    pub(crate) fn new(config: &MockConfig, now_ms: i64) -> Self {
        let users = config
            .users
            .iter()
            .map(|u| {
                let rec = UserRec {
                    password: u.password.clone(),
                    entities: u.entities.clone(),
                };
                (u.username.clone(), rec)
            })
            .collect();
        let entities = config
            .entities
            .iter()
            .map(|e| {
                let current = SecretRec {
                    value: e.secret.clone(),
                    expires_at_ms: now_ms
                        .saturating_add(e.secret_expires_in_days.saturating_mul(DAY_MS)),
                };
                let rec = EntityRec {
                    current,
                    retired: Vec::new(),
                };
                (e.id.clone(), rec)
            })
            .collect();
        IamState {
            users,
            entities,
            sessions: Sessions::default(),
        }
    }

    /// Checks a username/password pair and remembers the returned token until it expires.
    pub(crate) fn issue_user_token(
        &mut self,
        username: &str,
        password: &str,
        now_ms: i64,
    ) -> Option<(String, i64)> {
        let user = self.users.get(username)?;
        if user.password != password {
            return None;
        }
        let expires_at_ms = now_ms.saturating_add(TOKEN_TTL_SECS * 1000);
        let token = ids::jwt_shaped(&serde_json::json!({
            "exp": expires_at_ms.div_euclid(1000),
            "iat": now_ms.div_euclid(1000),
            "jti": ids::uuid_v4(),
            "iss": "conform-mock/iam",
            "sub": username,
            "typ": "Bearer",
            "preferred_username": username,
            "scope": USER_SCOPE,
        }));
        // Expired sessions are forgotten here, oldest first, in O(log n) each.
        self.sessions.insert(
            &token,
            Session {
                username: username.to_string(),
                expires_at_ms,
            },
            now_ms,
        );
        Some((token, expires_at_ms))
    }

    /// The user a bearer token was issued to, if it was issued here and has not expired.
    pub(crate) fn session_user(&self, token: &str, now_ms: i64) -> Option<&str> {
        self.sessions
            .get(token)
            .filter(|s| s.expires_at_ms > now_ms)
            .map(|s| s.username.as_str())
    }

    /// Admin rights are per entity: only the entities listed for the user in the config.
    pub(crate) fn manages(&self, username: &str, entity_id: &str) -> bool {
        self.entities.contains_key(entity_id)
            && self
                .users
                .get(username)
                .is_some_and(|u| u.entities.iter().any(|e| e == entity_id))
    }

    pub(crate) fn current_secret(&self, entity_id: &str) -> Option<SecretRec> {
        self.entities.get(entity_id).map(|e| e.current.clone())
    }

    /// Issues a new secret valid for `days`; the old one expires now and so enters its grace.
    pub(crate) fn reset_secret(
        &mut self,
        entity_id: &str,
        days: i64,
        now_ms: i64,
    ) -> Option<SecretRec> {
        let entity = self.entities.get_mut(entity_id)?;
        let fresh = SecretRec {
            value: ids::random_text(SECRET_LEN, ids::ALNUM),
            expires_at_ms: now_ms.saturating_add(days.saturating_mul(DAY_MS)),
        };
        let mut old = std::mem::replace(&mut entity.current, fresh);
        old.expires_at_ms = old.expires_at_ms.min(now_ms);
        entity.retired.push(old);
        entity
            .retired
            .retain(|s| grace_end(s.expires_at_ms) > now_ms);
        Some(entity.current.clone())
    }

    pub(crate) fn check_secret(&self, entity_id: &str, secret: &str, now_ms: i64) -> SecretCheck {
        let Some(entity) = self.entities.get(entity_id) else {
            return SecretCheck::Rejected;
        };
        let found = std::iter::once(&entity.current)
            .chain(entity.retired.iter())
            .find(|s| s.value == secret);
        match found {
            Some(s) if now_ms < s.expires_at_ms => SecretCheck::Valid,
            Some(s) if now_ms < grace_end(s.expires_at_ms) => SecretCheck::Grace,
            _ => SecretCheck::Rejected,
        }
    }
}

/// The scope string of seed 000's user token example.
pub(crate) const USER_SCOPE: &str = "email secret-expiry-ts profile entityMetadata";

fn grace_end(expires_at_ms: i64) -> i64 {
    expires_at_ms.saturating_add(GRACE_DAYS * DAY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_721_129_614_509; // 2024-07-16T11:33:34.509Z

    fn state() -> IamState {
        IamState::new(&MockConfig::default(), T0)
    }

    #[test]
    fn user_token_is_checked_and_expires_after_a_day() {
        let mut s = state();
        assert!(
            s.issue_user_token("integrator@example.com", "wrong", T0)
                .is_none()
        );
        assert!(
            s.issue_user_token("nobody@example.com", "mock-password", T0)
                .is_none()
        );
        let (token, exp) = s
            .issue_user_token("integrator@example.com", "mock-password", T0)
            .expect("valid credentials");
        assert_eq!(exp, T0 + 86_400_000);
        assert_eq!(s.session_user(&token, T0), Some("integrator@example.com"));
        assert_eq!(
            s.session_user(&token, exp - 1),
            Some("integrator@example.com")
        );
        assert_eq!(s.session_user(&token, exp), None);
        assert_eq!(s.session_user("forged", T0), None);
    }

    #[test]
    fn expired_sessions_are_dropped_and_live_ones_are_capped() {
        let mut s = state();
        let login = |s: &mut IamState, t| {
            s.issue_user_token("integrator@example.com", "mock-password", t)
                .expect("valid")
                .0
        };
        let first = login(&mut s, T0);
        for i in 1..1000 {
            login(&mut s, T0 + i);
        }
        assert_eq!(s.sessions.len(), 1000);
        // One login a TTL later finds every earlier token expired and drops them all.
        let later = T0 + TOKEN_TTL_SECS * 1000 + 1000;
        let fresh = login(&mut s, later);
        assert_eq!(s.sessions.len(), 1);
        assert_eq!(s.session_user(&first, later), None);
        assert_eq!(
            s.session_user(&fresh, later),
            Some("integrator@example.com")
        );
        assert_eq!(s.sessions.by_expiry.len(), 1);
        for i in 0..MAX_SESSIONS as i64 + 10 {
            let session = Session {
                username: "u".into(),
                expires_at_ms: later + TOKEN_TTL_SECS * 1000 + i,
            };
            s.sessions.insert(&format!("t{i}"), session, later + i);
        }
        assert_eq!(s.sessions.len(), MAX_SESSIONS);
        assert_eq!(s.sessions.by_expiry.len(), MAX_SESSIONS);
    }

    #[test]
    fn admin_rights_are_per_entity() {
        let s = state();
        assert!(s.manages("integrator@example.com", "FIU-SIMULATOR"));
        assert!(!s.manages("integrator@example.com", "AA-SIMULATOR"));
        assert!(!s.manages("integrator@example.com", "UNKNOWN"));
        assert!(!s.manages("nobody", "FIU-SIMULATOR"));
    }

    #[test]
    fn configured_secret_lives_180_days_then_5_days_of_grace() {
        let s = state();
        let day = DAY_MS;
        let check = |t| s.check_secret("FIU-SIMULATOR", "mock-secret", t);
        assert_eq!(check(T0), SecretCheck::Valid);
        assert_eq!(check(T0 + 180 * day - 1), SecretCheck::Valid);
        assert_eq!(check(T0 + 180 * day), SecretCheck::Grace);
        assert_eq!(check(T0 + 185 * day - 1), SecretCheck::Grace);
        assert_eq!(check(T0 + 185 * day), SecretCheck::Rejected);
        assert_eq!(
            s.check_secret("FIU-SIMULATOR", "guess", T0),
            SecretCheck::Rejected
        );
        assert_eq!(
            s.check_secret("NOPE", "mock-secret", T0),
            SecretCheck::Rejected
        );
    }

    #[test]
    fn reset_retires_the_old_secret_into_its_grace_period() {
        let mut s = state();
        let t1 = T0 + DAY_MS;
        let fresh = s
            .reset_secret("FIU-SIMULATOR", 100, t1)
            .expect("entity exists");
        assert_ne!(fresh.value, "mock-secret");
        assert_eq!(fresh.value.len(), 32);
        assert_eq!(fresh.expires_at_ms, t1 + 100 * DAY_MS);
        assert_eq!(s.current_secret("FIU-SIMULATOR"), Some(fresh.clone()));
        let old = |t| s.check_secret("FIU-SIMULATOR", "mock-secret", t);
        assert_eq!(old(t1), SecretCheck::Grace);
        assert_eq!(old(t1 + 5 * DAY_MS - 1), SecretCheck::Grace);
        assert_eq!(old(t1 + 5 * DAY_MS), SecretCheck::Rejected);
        assert_eq!(
            s.check_secret("FIU-SIMULATOR", &fresh.value, t1 + 5 * DAY_MS),
            SecretCheck::Valid
        );
        assert!(s.reset_secret("NOPE", 1, t1).is_none());
    }

    #[test]
    fn retired_secrets_past_grace_are_forgotten() {
        let mut s = state();
        s.reset_secret("FIU-SIMULATOR", 10, T0).expect("exists");
        s.reset_secret("FIU-SIMULATOR", 10, T0 + 6 * DAY_MS)
            .expect("exists");
        let retired = s.entities.get("FIU-SIMULATOR").map(|e| e.retired.len());
        assert_eq!(retired, Some(1));
    }
}
