//! Time for the mock: the clock the server asks for "now", and the text forms the seed APIs give
//! instants. Owns no server state; only `SystemClock` reads the wall clock, so that grace periods
//! and expiries can be tested by moving a `ManualClock` instead of waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One day in milliseconds, the unit of secret lifetimes and of the grace period.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// The source of "now" for every expiry decision the mock takes.
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
            // A clock set before 1970 is a broken machine, not a reason to fail a request.
            Err(_) => 0,
        }
    }
}

/// A clock that moves only when told to; share it as `Arc<ManualClock>` with the server.
#[derive(Debug)]
pub struct ManualClock {
    ms: AtomicI64,
}

impl ManualClock {
    pub fn new(start_ms: i64) -> Self {
        ManualClock {
            ms: AtomicI64::new(start_ms),
        }
    }

    pub fn set_ms(&self, ms: i64) {
        self.ms.store(ms, Ordering::SeqCst);
    }

    pub fn advance(&self, by: Duration) {
        let step = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        // fetch_update cannot fail here: the closure always returns Some.
        let _ = self
            .ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |ms| {
                Some(ms.saturating_add(step))
            });
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.ms.load(Ordering::SeqCst)
    }
}

/// `2024-07-16T11:33:34.509Z`: the `timestamp` shape of the IAM examples.
pub(crate) fn rfc3339_millis(ms: i64) -> String {
    format!("{}Z", naive_millis(ms))
}

/// `2024-12-17T07:10:52.929`: the zone-less `expirationDate` shape of the IAM examples (UTC).
pub(crate) fn naive_millis(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3f")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors checked with `date -u -d @SECONDS`.
    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            rfc3339_millis(1_725_010_763_000),
            "2024-08-30T09:39:23.000Z"
        );
        assert_eq!(naive_millis(951_782_400_123), "2000-02-29T00:00:00.123");
        assert_eq!(naive_millis(1_734_419_452_929), "2024-12-17T07:10:52.929");
        assert_eq!(rfc3339_millis(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        assert!(!rfc3339_millis(i64::MAX).is_empty());
        assert!(!rfc3339_millis(i64::MIN).is_empty());
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(1_000);
        assert_eq!(clock.now_ms(), 1_000);
        clock.advance(Duration::from_secs(2));
        assert_eq!(clock.now_ms(), 3_000);
        clock.set_ms(5);
        assert_eq!(clock.now_ms(), 5);
        clock.advance(Duration::MAX);
        assert_eq!(clock.now_ms(), i64::MAX);
    }
}
