//! Retries: which failures are retried, how long to wait, and the loop around one attempt.
//!
//! HubSpot-specific knowledge lives here: the rate-limit policies of a 429 body (`policyName`)
//! and the `x-hubspot-ratelimit-*` headers.

use std::fmt;
use std::time::Duration;

use http::header::HeaderMap;

use super::{Operation, Prepared, Response};
use crate::client::Client;
use crate::error::{Error, ErrorBody, RateLimitPolicy};

/// Header with the length of HubSpot's rolling rate-limit window, in milliseconds.
const INTERVAL_HEADER: &str = "x-hubspot-ratelimit-interval-milliseconds";
/// Header with the requests left today; `0` means the daily limit is used up.
const DAILY_REMAINING_HEADER: &str = "x-hubspot-ratelimit-daily-remaining";
/// HubSpot's rolling window when a `TEN_SECONDLY_ROLLING` 429 does not say how long to wait.
const TEN_SECONDS: Duration = Duration::from_secs(10);

/// When and how often a failed request is sent again. Set it with
/// [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy).
///
/// By default (`RetryPolicy::default()`), up to 3 retries:
///
/// - **429 Too Many Requests** is always retried (HubSpot did not process the request), after
///   `Retry-After` (seconds or HTTP date) when the response has one; otherwise a
///   `TEN_SECONDLY_ROLLING` limit waits for the rolling window (HubSpot's
///   `x-hubspot-ratelimit-interval-milliseconds`, else 10 s), a `SECONDLY` limit one second, and
///   anything else the exponential backoff. The `DAILY` limit is never retried: it resets at
///   midnight. A `Retry-After` longer than [`RetryPolicy::max_retry_after`] is not waited for:
///   the error comes back at once, with the delay in [`crate::ApiError::retry_after`].
/// - **502, 503, 504** and **transport failures after the request may have been sent** (timeout,
///   connection reset while waiting for the answer) are retried for idempotent operations (GET,
///   PUT, DELETE, and POSTs the spec overlays mark `x-idempotent`, such as search and batch read).
///   A POST or PATCH that creates or changes something is *not* sent again after it may have
///   reached HubSpot, so a call is never logged twice by accident — unless you opt in with
///   [`RetryPolicy::retry_non_idempotent`].
/// - **Connection failures** (DNS, refused, TLS, connect timeout: nothing was sent) are retried
///   for every operation.
///
/// Waits between attempts grow exponentially from [`RetryPolicy::backoff`]'s initial delay
/// (500 ms, 1 s, 2 s, ... capped at 30 s) with jitter (each wait is between half and all of
/// that), so many clients do not retry in lockstep. A server-given wait gets up to 10 % (at most
/// one second) of jitter on top, never less.
///
/// ```
/// use std::time::Duration;
/// use hubspot_calling::{Client, RetryPolicy};
///
/// # fn main() -> Result<(), hubspot_calling::Error> {
/// let client = Client::builder()
///     .access_token("pat-na1-...")
///     .retry_policy(
///         RetryPolicy::default()
///             .max_retries(5)
///             .backoff(Duration::from_millis(200), Duration::from_secs(10)),
///     )
///     .build()?;
/// let no_retries = Client::builder().retry_policy(RetryPolicy::none()).build()?;
/// # let _ = (client, no_retries);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
    jitter: bool,
}

impl Default for RetryPolicy {
    /// 3 retries, backoff from 500 ms up to 30 s with jitter, server-requested waits honoured up
    /// to 60 s, non-idempotent requests not re-sent once they may have reached the server.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries at all: every request is sent once.
    pub fn none() -> Self {
        Self::default().max_retries(0)
    }

    /// How many times a request may be sent again after the first attempt (default 3; 0 turns
    /// retries off).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The exponential backoff: the first wait is about `initial`, each next one doubles, none is
    /// longer than `max` (defaults 500 ms and 30 s). Used when the server does not say how long to
    /// wait.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest wait the client accepts from the server (`Retry-After`, or HubSpot's
    /// rate-limit window), default 60 s. When the server asks for a longer one, the request is not
    /// retried and the error carries the delay ([`crate::Error::retry_after`]), so the caller can
    /// reschedule the work instead of holding a task for that long.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Also re-send non-idempotent requests (POSTs that create, PATCHes) after 502/503/504 and
    /// after failures once they may have reached the server, such as a timeout. Off by default: a
    /// retried create can log the same call twice. 429 and connection failures are retried either
    /// way.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Randomize waits (default on). Off makes waits exact: the backoff doubles precisely and
    /// server-given waits are used as they are.
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// Decides whether to retry after `retries_done` retries, given what happened.
    pub(crate) fn decide(
        &self,
        idempotent: bool,
        retries_done: u32,
        outcome: Outcome<'_>,
        rng: &mut fastrand::Rng,
    ) -> Decision {
        if retries_done >= self.max_retries {
            return Decision::Stop;
        }
        let may_resend = idempotent || self.retry_non_idempotent;
        match outcome {
            Outcome::Status {
                status: 429,
                headers,
                body,
            } => {
                let error_body = parse_error_body(body);
                let policy = rate_limit_policy(headers, error_body.as_ref());
                let server_wait = match (super::response::retry_after(headers), &policy) {
                    (_, Some(RateLimitPolicy::Daily)) => return Decision::Stop,
                    (Some(wait), _) => Some(wait),
                    (None, Some(RateLimitPolicy::TenSecondlyRolling)) => {
                        Some(interval(headers).unwrap_or(TEN_SECONDS))
                    }
                    (None, Some(RateLimitPolicy::Secondly)) => Some(Duration::from_secs(1)),
                    (None, _) => None,
                };
                let reason = match &policy {
                    Some(policy) => format!("HTTP 429 ({policy})"),
                    None => "HTTP 429".to_owned(),
                };
                self.retry(server_wait, retries_done, reason, true, rng)
            }
            Outcome::Status {
                status: status @ (502..=504),
                headers,
                ..
            } if may_resend => self.retry(
                super::response::retry_after(headers),
                retries_done,
                format!("HTTP {status}"),
                false,
                rng,
            ),
            Outcome::Status { .. } => Decision::Stop,
            Outcome::Transport(error) => {
                // A connect failure means nothing reached the server: safe for any operation.
                let not_sent = error.is_connect();
                if !(not_sent || may_resend) {
                    return Decision::Stop;
                }
                let reason = if not_sent {
                    "connection failed"
                } else if error.is_timeout() {
                    "timed out"
                } else {
                    "transport error"
                };
                self.retry(None, retries_done, reason.to_owned(), false, rng)
            }
        }
    }

    fn retry(
        &self,
        server_wait: Option<Duration>,
        retries_done: u32,
        reason: String,
        rate_limited: bool,
        rng: &mut fastrand::Rng,
    ) -> Decision {
        let wait = match server_wait {
            Some(wait) if wait > self.max_retry_after => return Decision::Stop,
            Some(wait) => wait + self.server_jitter(wait, rng),
            None => self.backoff_delay(retries_done, rng),
        };
        Decision::Retry {
            wait,
            reason,
            rate_limited,
        }
    }

    /// The wait before retry number `retries_done + 1` when the server did not set one.
    pub(crate) fn backoff_delay(&self, retries_done: u32, rng: &mut fastrand::Rng) -> Duration {
        let factor = 2u32.saturating_pow(retries_done.min(31));
        let full = self
            .initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff);
        if self.jitter {
            // "Equal jitter": between half and all of the exponential delay.
            let half = full / 2;
            half + half.mul_f64(rng.f64())
        } else {
            full
        }
    }

    /// Up to 10 % (at most 1 s) on top of a server-given wait, so clients told the same
    /// `Retry-After` do not all come back at the same instant.
    fn server_jitter(&self, wait: Duration, rng: &mut fastrand::Rng) -> Duration {
        if self.jitter {
            (wait / 10).min(Duration::from_secs(1)).mul_f64(rng.f64())
        } else {
            Duration::ZERO
        }
    }
}

/// What one attempt produced, as far as the retry decision is concerned.
pub(crate) enum Outcome<'a> {
    /// A response with a non-success status.
    Status {
        status: u16,
        headers: &'a HeaderMap,
        body: &'a [u8],
    },
    /// No (complete) response.
    Transport(&'a reqwest::Error),
}

/// The retry decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Return this outcome to the caller.
    Stop,
    /// Send again after `wait`.
    Retry {
        wait: Duration,
        /// For logs, e.g. `HTTP 429 (TEN_SECONDLY_ROLLING)`.
        reason: String,
        /// A 429: the rate limiter (if any) pauses for `wait` too.
        rate_limited: bool,
    },
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Stop => f.write_str("stop"),
            Decision::Retry { wait, reason, .. } => write!(f, "retry in {wait:?} ({reason})"),
        }
    }
}

fn parse_error_body(body: &[u8]) -> Option<ErrorBody> {
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    if body[start] != b'{' {
        return None;
    }
    serde_json::from_slice(body).ok()
}

/// The rate-limit policy of a 429: the body's `policyName`, else `DAILY` when HubSpot's
/// `x-hubspot-ratelimit-daily-remaining` header is `0`.
pub(crate) fn rate_limit_policy(
    headers: &HeaderMap,
    body: Option<&ErrorBody>,
) -> Option<RateLimitPolicy> {
    if let Some(name) = body.and_then(|b| b.policy_name.as_deref()) {
        if !name.trim().is_empty() {
            return Some(RateLimitPolicy::from_name(name));
        }
    }
    let daily_remaining = headers
        .get(DAILY_REMAINING_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    (daily_remaining == Some(0)).then_some(RateLimitPolicy::Daily)
}

/// HubSpot's rolling window length, from `x-hubspot-ratelimit-interval-milliseconds`.
fn interval(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(INTERVAL_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
}

/// Sends the prepared request, retrying as the client's [`RetryPolicy`] says, and waiting for
/// the client's rate limiter before each attempt. The current span gets the `attempt` field.
pub(crate) async fn run(
    client: &Client,
    operation: &'static Operation,
    prepared: &Prepared,
) -> Result<Response, Error> {
    let inner = client.inner();
    let policy = &inner.retry;
    let span = tracing::Span::current();
    let mut rng = fastrand::Rng::new();
    let mut attempt: u32 = 1;
    loop {
        if let Some(limiter) = &inner.limiter {
            limiter.acquire(operation).await;
        }
        span.record("attempt", attempt);
        let result = super::attempt(client, operation, prepared, attempt).await;
        let retries_done = attempt - 1;
        let decision = match &result {
            Ok(response) if response.is_success() => Decision::Stop,
            Ok(response) => policy.decide(
                operation.idempotent,
                retries_done,
                Outcome::Status {
                    status: response.status(),
                    headers: response.headers(),
                    body: response.body(),
                },
                &mut rng,
            ),
            Err(Error::Transport { source, .. }) => policy.decide(
                operation.idempotent,
                retries_done,
                Outcome::Transport(source),
                &mut rng,
            ),
            Err(_) => Decision::Stop,
        };
        match decision {
            Decision::Stop => return result,
            Decision::Retry {
                wait,
                reason,
                rate_limited,
            } => {
                if rate_limited {
                    if let Some(limiter) = &inner.limiter {
                        limiter.pause(operation, wait);
                    }
                }
                tracing::info!(
                    operation = operation.name,
                    attempt,
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    reason = %reason,
                    "retrying HubSpot request"
                );
                tokio::time::sleep(wait).await;
                attempt = attempt.saturating_add(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("value"));
        }
        map
    }

    fn status(
        policy: &RetryPolicy,
        idempotent: bool,
        code: u16,
        h: &HeaderMap,
        body: &str,
    ) -> Decision {
        policy.decide(
            idempotent,
            0,
            Outcome::Status {
                status: code,
                headers: h,
                body: body.as_bytes(),
            },
            &mut fastrand::Rng::with_seed(7),
        )
    }

    fn wait(decision: Decision) -> Duration {
        match decision {
            Decision::Retry { wait, .. } => wait,
            Decision::Stop => panic!("expected a retry"),
        }
    }

    const TEN_SECONDLY: &str = r#"{"status":"error","policyName":"TEN_SECONDLY_ROLLING"}"#;

    #[test]
    fn rate_limits_wait_for_what_the_server_says_or_the_window() {
        let exact = RetryPolicy::default().jitter(false);
        let none = HeaderMap::new();
        // Retry-After wins.
        let h = headers(&[("retry-after", "3")]);
        assert_eq!(
            wait(status(&exact, false, 429, &h, TEN_SECONDLY)),
            Duration::from_secs(3)
        );
        // TEN_SECONDLY_ROLLING without Retry-After: HubSpot's interval header, else 10 s.
        assert_eq!(
            wait(status(&exact, false, 429, &none, TEN_SECONDLY)),
            TEN_SECONDS
        );
        let h = headers(&[(INTERVAL_HEADER, "2500")]);
        assert_eq!(
            wait(status(&exact, false, 429, &h, TEN_SECONDLY)),
            Duration::from_millis(2500)
        );
        // SECONDLY: one second.
        let secondly = r#"{"policyName":"SECONDLY"}"#;
        assert_eq!(
            wait(status(&exact, false, 429, &none, secondly)),
            Duration::from_secs(1)
        );
        // Unknown policy and no header: the backoff.
        assert_eq!(
            wait(status(&exact, false, 429, &none, "")),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn daily_limit_and_long_waits_are_not_retried() {
        let policy = RetryPolicy::default();
        let daily = r#"{"policyName":"DAILY","errorType":"RATE_LIMIT"}"#;
        let h = headers(&[("retry-after", "1")]);
        assert_eq!(status(&policy, true, 429, &h, daily), Decision::Stop);
        // Known from the header alone.
        let h = headers(&[(DAILY_REMAINING_HEADER, "0")]);
        assert_eq!(status(&policy, true, 429, &h, "{}"), Decision::Stop);
        // Longer than max_retry_after.
        let h = headers(&[("retry-after", "61")]);
        assert_eq!(status(&policy, true, 429, &h, TEN_SECONDLY), Decision::Stop);
        let h = headers(&[("retry-after", "61")]);
        assert!(matches!(
            status(
                &policy.clone().max_retry_after(Duration::from_secs(120)),
                true,
                429,
                &h,
                ""
            ),
            Decision::Retry { .. }
        ));
    }

    #[test]
    fn server_errors_are_retried_only_when_resending_is_safe() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        for code in [502, 503, 504] {
            assert!(matches!(
                status(&policy, true, code, &none, ""),
                Decision::Retry { .. }
            ));
            assert_eq!(status(&policy, false, code, &none, ""), Decision::Stop);
            let opted_in = policy.clone().retry_non_idempotent(true);
            assert!(matches!(
                status(&opted_in, false, code, &none, ""),
                Decision::Retry { .. }
            ));
        }
        for code in [400, 401, 404, 409, 500, 501] {
            assert_eq!(
                status(&policy, true, code, &none, ""),
                Decision::Stop,
                "{code}"
            );
        }
        // 429 is retried for non-idempotent operations too: HubSpot did not process it.
        assert!(matches!(
            status(&policy, false, 429, &none, ""),
            Decision::Retry { .. }
        ));
        // A 503 with Retry-After waits that long.
        let h = headers(&[("retry-after", "2")]);
        let exact = policy.clone().jitter(false);
        assert_eq!(
            wait(status(&exact, true, 503, &h, "")),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn retries_stop_after_max_retries() {
        let policy = RetryPolicy::default().max_retries(2);
        let none = HeaderMap::new();
        let outcome = || Outcome::Status {
            status: 503,
            headers: &none,
            body: b"",
        };
        let mut rng = fastrand::Rng::with_seed(1);
        assert!(matches!(
            policy.decide(true, 0, outcome(), &mut rng),
            Decision::Retry { .. }
        ));
        assert!(matches!(
            policy.decide(true, 1, outcome(), &mut rng),
            Decision::Retry { .. }
        ));
        assert_eq!(policy.decide(true, 2, outcome(), &mut rng), Decision::Stop);
        assert_eq!(
            RetryPolicy::none().decide(true, 0, outcome(), &mut rng),
            Decision::Stop
        );
    }

    #[test]
    fn backoff_doubles_is_capped_and_jitter_stays_in_range() {
        let exact = RetryPolicy::default()
            .jitter(false)
            .backoff(Duration::from_millis(100), Duration::from_millis(700));
        let mut rng = fastrand::Rng::with_seed(3);
        let waits: Vec<u128> = (0..6)
            .map(|n| exact.backoff_delay(n, &mut rng).as_millis())
            .collect();
        assert_eq!(waits, vec![100, 200, 400, 700, 700, 700]);
        // Huge retry counts do not overflow.
        assert_eq!(
            exact.backoff_delay(u32::MAX, &mut rng),
            Duration::from_millis(700)
        );

        let jittered = exact.clone().jitter(true);
        for n in 0..6 {
            let full = exact.backoff_delay(n, &mut rng);
            for _ in 0..200 {
                let d = jittered.backoff_delay(n, &mut rng);
                assert!(
                    d >= full / 2 && d <= full,
                    "{d:?} outside [{:?}, {full:?}]",
                    full / 2
                );
            }
        }
        // Server-given waits only ever grow, by at most 10 % / 1 s.
        let policy = RetryPolicy::default();
        let h = headers(&[("retry-after", "5")]);
        for seed in 0..100 {
            let d = wait(policy.decide(
                false,
                0,
                Outcome::Status {
                    status: 429,
                    headers: &h,
                    body: b"",
                },
                &mut fastrand::Rng::with_seed(seed),
            ));
            assert!(
                d >= Duration::from_secs(5) && d <= Duration::from_millis(5500),
                "{d:?}"
            );
        }
    }

    #[test]
    fn policy_from_body_or_daily_header() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"policyName":"ten_secondly_rolling"}"#).expect("body");
        assert_eq!(
            rate_limit_policy(&HeaderMap::new(), Some(&body)),
            Some(RateLimitPolicy::TenSecondlyRolling)
        );
        let body: ErrorBody = serde_json::from_str(r#"{"policyName":"BURST"}"#).expect("body");
        assert_eq!(
            rate_limit_policy(&HeaderMap::new(), Some(&body)),
            Some(RateLimitPolicy::Other("BURST".into()))
        );
        assert_eq!(
            rate_limit_policy(&headers(&[(DAILY_REMAINING_HEADER, "0")]), None),
            Some(RateLimitPolicy::Daily)
        );
        assert_eq!(
            rate_limit_policy(&headers(&[(DAILY_REMAINING_HEADER, "12")]), None),
            None
        );
        assert!(parse_error_body(b"<html>").is_none());
        assert!(parse_error_body(b"  {\"policyName\":\"DAILY\"}").is_some());
    }
}
