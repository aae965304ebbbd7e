//! The service limits: calls at once (20024), calls per sliding window (20023) and calls
//! per UTC day (20015). Each is off unless configured.
//!
//! Concurrency counts every POST while it is being handled (including the configured
//! response delay). The rate and the daily quota count calls that authenticated, as
//! Marketo counts them per account; a refused call does not count.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crate::config::Limits;
use crate::fault_codes as code;
use crate::rules::RuleError;

/// The limit counters of one emulator.
#[derive(Debug)]
pub(crate) struct Limiter {
    limits: Limits,
    in_flight: AtomicU32,
    counters: Mutex<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    /// When each call inside the current rate window was admitted, oldest first.
    recent: VecDeque<Instant>,
    /// The UTC day (days since the epoch) `today` counts.
    day: i64,
    today: u32,
}

/// A call being handled; dropping it ends the call for the concurrency limit.
#[derive(Debug)]
pub(crate) struct InFlight(Arc<Limiter>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Limiter {
    pub(crate) fn new(limits: Limits) -> Limiter {
        Limiter {
            limits,
            in_flight: AtomicU32::new(0),
            counters: Mutex::new(Counters::default()),
        }
    }

    /// Starts a call: 20024 when `concurrency` calls are already being handled.
    pub(crate) fn enter(self: &Arc<Self>) -> Result<InFlight, RuleError> {
        let now = self.in_flight.fetch_add(1, Ordering::AcqRel) + 1;
        let guard = InFlight(Arc::clone(self));
        match self.limits.concurrency {
            Some(max) if now > max => Err(RuleError::new(
                code::CONCURRENCY_LIMIT,
                format!("Concurrency limit exceeded: more than {max} calls at once"),
            )),
            _ => Ok(guard),
        }
    }

    /// Admits an authenticated call at `now` on UTC day `day`: 20015 past the daily
    /// quota, 20023 past the rate; an admitted call is counted by both.
    pub(crate) fn admit(&self, now: Instant, day: i64) -> Result<(), RuleError> {
        let mut c = self.counters.lock().unwrap_or_else(PoisonError::into_inner);
        if c.day != day {
            c.day = day;
            c.today = 0;
        }
        if let Some(quota) = self.limits.daily_quota {
            if c.today >= quota {
                return Err(RuleError::new(
                    code::DAILY_QUOTA,
                    format!("Daily quota exceeded: {quota} calls per day"),
                ));
            }
        }
        if let Some(rate) = self.limits.rate {
            while c
                .recent
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) >= rate.window)
            {
                c.recent.pop_front();
            }
            if c.recent.len() >= rate.calls as usize {
                return Err(RuleError::new(
                    code::RATE_LIMIT,
                    format!(
                        "Rate limit exceeded: more than {} calls in {} s",
                        rate.calls,
                        rate.window.as_secs_f64()
                    ),
                ));
            }
            c.recent.push_back(now);
        }
        c.today = c.today.saturating_add(1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RateLimit;
    use std::time::Duration;

    #[test]
    fn concurrency_counts_calls_in_flight() {
        let l = Arc::new(Limiter::new(Limits {
            concurrency: Some(2),
            ..Limits::default()
        }));
        let a = l.enter().unwrap();
        let _b = l.enter().unwrap();
        assert_eq!(l.enter().unwrap_err().code, 20024);
        drop(a);
        assert!(l.enter().is_ok());
    }

    #[test]
    fn the_rate_window_slides() {
        let l = Limiter::new(Limits {
            rate: Some(RateLimit {
                calls: 2,
                window: Duration::from_secs(20),
            }),
            ..Limits::default()
        });
        let t0 = Instant::now();
        l.admit(t0, 0).unwrap();
        l.admit(t0 + Duration::from_secs(5), 0).unwrap();
        assert_eq!(
            l.admit(t0 + Duration::from_secs(19), 0).unwrap_err().code,
            20023
        );
        l.admit(t0 + Duration::from_secs(20), 0).unwrap();
    }

    #[test]
    fn the_quota_resets_each_day() {
        let l = Limiter::new(Limits {
            daily_quota: Some(1),
            ..Limits::default()
        });
        let t = Instant::now();
        l.admit(t, 100).unwrap();
        assert_eq!(l.admit(t, 100).unwrap_err().code, 20015);
        l.admit(t, 101).unwrap();
    }
}
