//! Retry policy: exponential backoff with jitter, opt-in.
//!
//! Retries are off by default because a timed-out call may still have been carried
//! out; Marketo's transient faults (rate limit, concurrency, expired request) are
//! safe to retry and clients commonly do.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use crate::error::Error;

/// When and how long to wait before trying a call again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included (1 = no retry).
    pub max_attempts: u32,
    /// The wait before the first retry (before jitter).
    pub initial_backoff: Duration,
    /// The longest wait between attempts (before jitter).
    pub max_backoff: Duration,
    /// How much each wait grows over the previous one.
    pub multiplier: f64,
}

impl Default for RetryPolicy {
    /// 4 attempts, waiting about 1 s, 2 s, 4 s (capped at 30 s).
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            multiplier: 2.0,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry (the client's default).
    pub const NONE: RetryPolicy = RetryPolicy {
        max_attempts: 1,
        initial_backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
        multiplier: 1.0,
    };

    /// One attempt, no retry.
    pub fn none() -> Self {
        Self::NONE
    }

    /// Whether to try again after `attempt` (1-based) failed with `error`.
    pub fn should_retry(&self, attempt: u32, error: &Error) -> bool {
        attempt < self.max_attempts && error.is_transient()
    }

    /// The wait after failed attempt `attempt` (1-based), before jitter:
    /// `initial_backoff * multiplier^(attempt-1)`, at most `max_backoff`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(64) as i32;
        let factor = if self.multiplier.is_finite() && self.multiplier >= 1.0 {
            self.multiplier.powi(exponent)
        } else {
            1.0
        };
        let secs = self.initial_backoff.as_secs_f64() * factor;
        let max = self.max_backoff.max(self.initial_backoff);
        Duration::try_from_secs_f64(secs).map_or(max, |d| d.min(max))
    }

    /// The wait with "equal jitter": half the backoff plus a random part of the other
    /// half, so that clients that failed together do not retry together.
    pub fn delay(&self, attempt: u32) -> Duration {
        let backoff = self.backoff(attempt);
        let half = backoff / 2;
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = match nanos.checked_add(1) {
            Some(range) => random_u64() % range,
            None => random_u64(),
        };
        half + Duration::from_nanos(jitter)
    }
}

/// A random number without a dependency: std's `RandomState` is seeded randomly per
/// process and advanced for each new instance.
fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0x9E37_79B9_7F4A_7C15);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fault::Fault;

    #[test]
    fn exponential_and_capped() {
        let p = RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
            multiplier: 2.0,
        };
        let ms: Vec<u128> = (1..=5).map(|a| p.backoff(a).as_millis()).collect();
        assert_eq!(ms, [100, 200, 400, 500, 500]);
        assert_eq!(p.backoff(1000), Duration::from_millis(500));
        for a in 1..=5 {
            let d = p.delay(a);
            assert!(d >= p.backoff(a) / 2 && d <= p.backoff(a), "{d:?}");
        }
        let odd = RetryPolicy {
            multiplier: f64::NAN,
            ..p
        };
        assert_eq!(odd.backoff(3), Duration::from_millis(100));
        assert_eq!(RetryPolicy::NONE.delay(1), Duration::ZERO);
        let huge = RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            multiplier: 1e300,
        };
        assert!(huge.delay(2) >= Duration::MAX / 2);
    }

    #[test]
    fn retries_only_transient_errors_within_the_budget() {
        let p = RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        };
        let transient = Error::from(Fault::service(20023, "Rate limit"));
        let fin = Error::from(Fault::service(20014, "Authentication failed"));
        assert!(p.should_retry(1, &transient));
        assert!(p.should_retry(2, &transient));
        assert!(!p.should_retry(3, &transient));
        assert!(!p.should_retry(1, &fin));
        assert!(!RetryPolicy::none().should_retry(1, &transient));
    }
}
