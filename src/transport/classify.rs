//! Retry classification: what one attempt's outcome means under a [`RetryPolicy`] (stop, or
//! retry after a wait), as pure functions. The loop that waits and re-sends is `send`.
//!
//! HubSpot-specific knowledge lives here: the rate-limit policies of a 429 body (`policyName`),
//! the `x-hubspot-ratelimit-*` headers, and the 401 that means "the access token expired"
//! ([`is_expired_token`]), after which the request is sent again once with a renewed token.

use std::fmt;
use std::time::Duration;

use http::header::HeaderMap;

use crate::error::{ErrorBody, RateLimitPolicy, TransportFailure};
use crate::settings::RetryPolicy;
use crate::wire::retry_after;

/// Header with the length of HubSpot's rolling rate-limit window, in milliseconds.
const INTERVAL_HEADER: &str = "x-hubspot-ratelimit-interval-milliseconds";
/// HubSpot's rolling window when a `TEN_SECONDLY_ROLLING` 429 does not say how long to wait.
const TEN_SECONDS: Duration = Duration::from_secs(10);

/// HubSpot's error category for an access token that expired.
const EXPIRED_AUTHENTICATION: &str = "EXPIRED_AUTHENTICATION";

/// True when HubSpot rejected the request because its access token expired: status 401 with
/// category `EXPIRED_AUTHENTICATION` (`{"status":"error","message":"The OAuth token used to make
/// this call expired 5 minute(s) ago.","category":"EXPIRED_AUTHENTICATION",...}`). Other 401s
/// (`INVALID_AUTHENTICATION`: a revoked or unknown token) are not: renewing cannot fix them, and
/// renewing on each would refresh in a loop.
pub(crate) fn is_expired_token(status: u16, body: &[u8]) -> bool {
    status == 401
        && parse_error_body(body).is_some_and(|b| {
            b.category
                .as_deref()
                .is_some_and(|c| c.trim().eq_ignore_ascii_case(EXPIRED_AUTHENTICATION))
        })
}

/// Decides whether to retry after `retries_done` retries, given what happened.
pub(crate) fn decide(
    policy: &RetryPolicy,
    idempotent: bool,
    retries_done: u32,
    outcome: Outcome<'_>,
    rng: &mut fastrand::Rng,
) -> Decision {
    if retries_done >= policy.max_retries {
        return Decision::Stop;
    }
    let may_resend = idempotent || policy.retry_non_idempotent;
    match outcome {
        Outcome::Status {
            status: 429,
            headers,
            body,
        } => {
            let error_body = parse_error_body(body);
            let limit = RateLimitPolicy::of_response(headers, error_body.as_ref());
            let server_wait = match (retry_after(headers), &limit) {
                (_, Some(RateLimitPolicy::Daily)) => return Decision::Stop,
                (Some(wait), _) => Some(wait),
                (None, Some(RateLimitPolicy::TenSecondlyRolling)) => {
                    Some(interval(headers).unwrap_or(TEN_SECONDS))
                }
                (None, Some(RateLimitPolicy::Secondly)) => Some(Duration::from_secs(1)),
                (None, _) => None,
            };
            let reason = match &limit {
                Some(limit) => format!("HTTP 429 ({limit})"),
                None => "HTTP 429".to_owned(),
            };
            retry(policy, server_wait, retries_done, reason, true, rng)
        }
        Outcome::Status {
            status: status @ (502..=504),
            headers,
            ..
        } if may_resend => retry(
            policy,
            retry_after(headers),
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
            let reason = TransportFailure::of(error).to_string();
            retry(policy, None, retries_done, reason, false, rng)
        }
    }
}

fn retry(
    policy: &RetryPolicy,
    server_wait: Option<Duration>,
    retries_done: u32,
    reason: String,
    rate_limited: bool,
    rng: &mut fastrand::Rng,
) -> Decision {
    let wait = match server_wait {
        Some(wait) if wait > policy.max_retry_after => return Decision::Stop,
        Some(wait) => wait + server_jitter(policy, wait, rng),
        None => backoff_delay(policy, retries_done, rng),
    };
    Decision::Retry {
        wait,
        reason,
        rate_limited,
    }
}

/// The wait before retry number `retries_done + 1` when the server did not set one.
pub(crate) fn backoff_delay(
    policy: &RetryPolicy,
    retries_done: u32,
    rng: &mut fastrand::Rng,
) -> Duration {
    let factor = 2u32.saturating_pow(retries_done.min(31));
    let full = policy
        .initial_backoff
        .checked_mul(factor)
        .unwrap_or(policy.max_backoff)
        .min(policy.max_backoff);
    if policy.jitter {
        // "Equal jitter": between half and all of the exponential delay.
        let half = full / 2;
        half + half.mul_f64(rng.f64())
    } else {
        full
    }
}

/// Up to 10 % (at most 1 s) on top of a server-given wait, so clients told the same
/// `Retry-After` do not all come back at the same instant.
fn server_jitter(policy: &RetryPolicy, wait: Duration, rng: &mut fastrand::Rng) -> Duration {
    if policy.jitter {
        (wait / 10).min(Duration::from_secs(1)).mul_f64(rng.f64())
    } else {
        Duration::ZERO
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

/// HubSpot's rolling window length, from `x-hubspot-ratelimit-interval-milliseconds`.
fn interval(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(INTERVAL_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
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
        decide(
            policy,
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
        let h = headers(&[("x-hubspot-ratelimit-daily-remaining", "0")]);
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
            decide(&policy, true, 0, outcome(), &mut rng),
            Decision::Retry { .. }
        ));
        assert!(matches!(
            decide(&policy, true, 1, outcome(), &mut rng),
            Decision::Retry { .. }
        ));
        assert_eq!(
            decide(&policy, true, 2, outcome(), &mut rng),
            Decision::Stop
        );
        assert_eq!(
            decide(&RetryPolicy::none(), true, 0, outcome(), &mut rng),
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
            .map(|n| backoff_delay(&exact, n, &mut rng).as_millis())
            .collect();
        assert_eq!(waits, vec![100, 200, 400, 700, 700, 700]);
        // Huge retry counts do not overflow.
        assert_eq!(
            backoff_delay(&exact, u32::MAX, &mut rng),
            Duration::from_millis(700)
        );

        let jittered = exact.clone().jitter(true);
        for n in 0..6 {
            let full = backoff_delay(&exact, n, &mut rng);
            for _ in 0..200 {
                let d = backoff_delay(&jittered, n, &mut rng);
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
            let d = wait(decide(
                &policy,
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
    fn only_a_401_marked_expired_authentication_is_an_expired_token() {
        let expired = br#"{"status":"error","message":"The OAuth token used to make this call expired 3 second(s) ago.","correlationId":"c","category":"EXPIRED_AUTHENTICATION"}"#;
        assert!(is_expired_token(401, expired));
        assert!(!is_expired_token(403, expired));
        let invalid = br#"{"status":"error","message":"Authentication credentials not found.","category":"INVALID_AUTHENTICATION"}"#;
        assert!(!is_expired_token(401, invalid));
        assert!(!is_expired_token(401, b""));
        assert!(!is_expired_token(401, b"<html>expired</html>"));
    }

    #[test]
    fn error_bodies_are_only_parsed_from_json_objects() {
        assert!(parse_error_body(b"<html>").is_none());
        assert!(parse_error_body(b"  {\"policyName\":\"DAILY\"}").is_some());
    }
}
