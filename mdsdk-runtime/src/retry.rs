//! When a failed request is sent again, and after how long.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// Which failures are retried, how often and how far apart.
///
/// The default retries `429 Too Many Requests` (waiting as long as its
/// `Retry-After` says), `502`, `503`, `504`, failures to connect and
/// attempts that ran out of their
/// [`attempt_timeout`](crate::ClientBuilder::attempt_timeout), for
/// idempotent methods only: a `POST` or `PATCH` is never sent twice. It
/// makes at most 3 attempts, starting none later than 30 seconds after the
/// first, backing off exponentially from 200 ms with full jitter.
///
/// A wait the server asks for that would start a retry past that budget,
/// or past the call's deadline, is not waited: the answer is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in all, the first included (1 means no retry).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles for each further one.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two attempts.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// No retry starts later than this after the first attempt.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to stop.
    pub(crate) fn next_delay(
        &self,
        method: &Method,
        attempt: u32,
        elapsed: Duration,
        outcome: Outcome<'_>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !is_idempotent(method) {
            return None;
        }
        let delay = match outcome {
            Outcome::ConnectFailed | Outcome::TimedOut => self.backoff(attempt),
            Outcome::Status(status, headers) if is_retryable_status(status) => {
                retry_after(headers).unwrap_or_else(|| self.backoff(attempt))
            }
            Outcome::Status(..) | Outcome::OtherFailure => return None,
        };
        // Checked: a `Retry-After` of 2^64 - 1 seconds must not overflow.
        let retry_at = elapsed.checked_add(delay)?;
        (retry_at <= self.max_elapsed).then_some(delay)
    }

    /// Exponential backoff with full jitter: a random time up to the cap.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponential = self
            .initial_backoff
            .saturating_mul(1 << (attempt - 1).min(16));
        let cap = exponential.min(self.max_backoff);
        cap.mul_f64(fastrand::f64())
    }
}

/// What an attempt came to, as far as retrying cares.
pub(crate) enum Outcome<'a> {
    Status(StatusCode, &'a HeaderMap),
    ConnectFailed,
    /// The attempt ran out of its own timeout.
    TimedOut,
    OtherFailure,
}

/// Methods that mean the same when sent twice.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Statuses that say "try again later".
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// `Retry-After` as seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_from(headers, SystemTime::now())
}

/// `Retry-After` as seconds, or as an HTTP date seen at `now`.
fn retry_after_from(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, retry_after.parse().unwrap());
        headers
    }

    #[test]
    fn retries_only_what_is_safe_and_temporary() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        let status = |code| Outcome::Status(StatusCode::from_u16(code).unwrap(), &none);
        for code in [429, 502, 503, 504] {
            assert!(
                policy
                    .next_delay(&Method::GET, 1, Duration::ZERO, status(code))
                    .is_some(),
                "{code}"
            );
        }
        for code in [400, 404, 500, 501] {
            assert!(
                policy
                    .next_delay(&Method::GET, 1, Duration::ZERO, status(code))
                    .is_none(),
                "{code}"
            );
        }
        assert!(
            policy
                .next_delay(&Method::POST, 1, Duration::ZERO, status(503))
                .is_none()
        );
        assert!(
            policy
                .next_delay(&Method::PATCH, 1, Duration::ZERO, Outcome::ConnectFailed)
                .is_none()
        );
        assert!(
            policy
                .next_delay(&Method::DELETE, 1, Duration::ZERO, Outcome::ConnectFailed)
                .is_some()
        );
        assert!(
            policy
                .next_delay(&Method::GET, 1, Duration::ZERO, Outcome::OtherFailure)
                .is_none()
        );
        assert!(
            policy
                .next_delay(&Method::GET, 3, Duration::ZERO, status(503))
                .is_none(),
            "attempts are bounded"
        );
        assert!(
            RetryPolicy::none()
                .next_delay(&Method::GET, 1, Duration::ZERO, status(503))
                .is_none()
        );
    }

    #[test]
    fn backoff_grows_with_jitter_and_stays_within_bounds() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(500));
        for attempt in 1..10 {
            let cap =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_millis(500));
            let delay = policy.backoff(attempt);
            assert!(delay <= cap, "attempt {attempt}: {delay:?} > {cap:?}");
        }
        let delays: std::collections::HashSet<Duration> =
            (0..20).map(|_| policy.backoff(3)).collect();
        assert!(delays.len() > 1, "jitter varies the delay");
    }

    #[test]
    fn retry_after_is_honoured_within_the_time_budget() {
        let policy = RetryPolicy::default();
        let wait = headers("2");
        let outcome = || Outcome::Status(StatusCode::TOO_MANY_REQUESTS, &wait);
        assert_eq!(
            policy.next_delay(&Method::GET, 1, Duration::ZERO, outcome()),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.next_delay(&Method::GET, 1, Duration::from_secs(29), outcome()),
            None
        );
        // A date is read against the time it is seen at, not the clock
        // of a second reading (HTTP dates drop the fraction of a second).
        let now = SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_250);
        let date = httpdate::fmt_http_date(now + Duration::from_secs(5));
        let delay = retry_after_from(&headers(&date), now).unwrap();
        assert_eq!(delay, Duration::from_millis(4_750));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(retry_after_from(&headers(&past), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon")), None);
    }

    #[test]
    fn a_huge_retry_after_is_not_waited_for_and_does_not_overflow() {
        let policy = RetryPolicy::default();
        for value in ["18446744073709551615", "Fri, 31 Dec 9999 23:59:59 GMT"] {
            let wait = headers(value);
            let outcome = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, &wait);
            let elapsed = Duration::new(1, 999_999_999);
            assert_eq!(
                policy.next_delay(&Method::GET, 1, elapsed, outcome),
                None,
                "{value}"
            );
        }
    }
}
