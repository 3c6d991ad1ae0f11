//! [`ApiError`] (a non-success response) and [`RateLimitPolicy`] (which HubSpot limit a 429 hit).

use std::fmt;
use std::time::Duration;

use http::header::HeaderMap;

use super::{ErrorBody, EXCERPT_CHARS};
use crate::text::excerpt;

/// Longest shown part of HubSpot's message in `Display`.
const MESSAGE_CHARS: usize = 1000;
/// Longest shown category, policy name or correlation id in `Display`.
const LABEL_CHARS: usize = 100;
/// Longest shown part of each detail message in `Display`.
const DETAIL_CHARS: usize = 300;

/// Header with the requests left today; `0` means the daily limit is used up.
pub(crate) const DAILY_REMAINING_HEADER: &str = "x-hubspot-ratelimit-daily-remaining";

/// HubSpot's rate-limit policies, as named in the `policyName` field of a 429 body.
///
/// The retry policy treats them differently: [`RateLimitPolicy::Daily`] is never retried (the
/// limit resets at midnight), [`RateLimitPolicy::TenSecondlyRolling`] waits for the rolling window
/// and [`RateLimitPolicy::Secondly`] for the next second, unless `Retry-After` says otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RateLimitPolicy {
    /// `TEN_SECONDLY_ROLLING`: the burst limit, counted over a rolling 10-second window.
    TenSecondlyRolling,
    /// `SECONDLY`: a per-second limit (e.g. the search endpoints).
    Secondly,
    /// `DAILY`: the account's daily limit.
    Daily,
    /// A policy name this crate does not know, as sent.
    Other(String),
}

impl RateLimitPolicy {
    /// The policy of a 429 response: the body's `policyName`, else [`RateLimitPolicy::Daily`]
    /// when HubSpot's `x-hubspot-ratelimit-daily-remaining` header is `0`; `None` when neither
    /// says.
    pub fn of_response(headers: &HeaderMap, body: Option<&ErrorBody>) -> Option<RateLimitPolicy> {
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

    /// Parses a `policyName` (case-insensitive).
    pub fn from_name(name: &str) -> Self {
        let name = name.trim();
        if name.eq_ignore_ascii_case("TEN_SECONDLY_ROLLING") {
            RateLimitPolicy::TenSecondlyRolling
        } else if name.eq_ignore_ascii_case("SECONDLY") {
            RateLimitPolicy::Secondly
        } else if name.eq_ignore_ascii_case("DAILY") {
            RateLimitPolicy::Daily
        } else {
            RateLimitPolicy::Other(name.to_owned())
        }
    }

    /// The name as HubSpot spells it, e.g. `TEN_SECONDLY_ROLLING`.
    pub fn as_str(&self) -> &str {
        match self {
            RateLimitPolicy::TenSecondlyRolling => "TEN_SECONDLY_ROLLING",
            RateLimitPolicy::Secondly => "SECONDLY",
            RateLimitPolicy::Daily => "DAILY",
            RateLimitPolicy::Other(name) => name,
        }
    }
}

impl fmt::Display for RateLimitPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A non-success HTTP response from HubSpot.
///
/// `Display` reads like `HTTP 400 VALIDATION_ERROR: Property values were not valid (correlationId
/// aeb5f871-..., operation create_call)`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// The operation (Rust method name).
    pub operation: &'static str,
    /// HubSpot's error body, when the body was a JSON object (parsed leniently, whatever the
    /// content type).
    pub body: Option<ErrorBody>,
    /// The response body as text (lossy UTF-8, at most 4096 characters, secrets redacted).
    pub raw_body: String,
    /// The delay from the `Retry-After` header (delta-seconds or HTTP date), if present.
    pub retry_after: Option<Duration>,
    /// The response headers (e.g. `x-hubspot-correlation-id`, `x-hubspot-ratelimit-*`), with
    /// secrets kept out: the values of credential headers (`Authorization`, `Cookie`, names with
    /// `key` or `token`) and every value holding a configured secret read `<redacted>`, and a
    /// secret inside a header name reads `redacted`.
    pub headers: http::HeaderMap,
    /// How many times the request was sent, this answer included (1 when it was not retried).
    pub attempts: u32,
}

impl ApiError {
    /// HubSpot's error category, e.g. `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, `RATE_LIMITS`.
    pub fn category(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.category.as_deref())
    }

    /// HubSpot's human-readable error message.
    pub fn message(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.message.as_deref())
    }

    /// The correlation id to quote to HubSpot support: from the body, else from the
    /// `x-hubspot-correlation-id` response header.
    pub fn correlation_id(&self) -> Option<&str> {
        self.body
            .as_ref()
            .and_then(|b| b.correlation_id.as_deref())
            .or_else(|| {
                self.headers
                    .get("x-hubspot-correlation-id")
                    .and_then(|v| v.to_str().ok())
            })
    }

    /// The rate-limit policy that was hit (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`), for 429s.
    pub fn policy_name(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.policy_name.as_deref())
    }

    /// The rate-limit policy that was hit, for 429s: from the body's `policyName`, else
    /// [`RateLimitPolicy::Daily`] when the `x-hubspot-ratelimit-daily-remaining` header is `0`.
    pub fn policy(&self) -> Option<RateLimitPolicy> {
        if self.status != 429 {
            return None;
        }
        RateLimitPolicy::of_response(&self.headers, self.body.as_ref())
    }
}

impl fmt::Display for ApiError {
    /// One line, whatever the server sent: messages and the body excerpt have their line breaks
    /// collapsed and are cut (the message at 1000 characters, each detail at 300, the body
    /// excerpt at 200, category, policy and correlation id at 100).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        let body = self.body.as_ref();
        let label = body
            .and_then(|b| b.category.as_deref().or(b.error_type.as_deref()))
            .map(|label| excerpt(label, LABEL_CHARS))
            .filter(|label| !label.is_empty())
            .or_else(|| {
                http::StatusCode::from_u16(self.status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .map(str::to_owned)
            });
        if let Some(label) = label {
            write!(f, " {label}")?;
        }
        if let Some(policy) = self.policy() {
            write!(f, " [policy {}]", excerpt(policy.as_str(), LABEL_CHARS))?;
        }
        match body.and_then(|b| b.message.as_deref()) {
            Some(message) => write!(f, ": {}", excerpt(message, MESSAGE_CHARS))?,
            None if !self.raw_body.trim().is_empty() => {
                write!(f, ": {}", excerpt(&self.raw_body, EXCERPT_CHARS))?
            }
            None => {}
        }
        if let Some(body) = body {
            let details: Vec<String> = body
                .errors
                .iter()
                .filter_map(|e| e.message.as_deref())
                .filter(|m| Some(*m) != body.message.as_deref())
                .map(|m| excerpt(m, DETAIL_CHARS))
                .collect();
            if !details.is_empty() {
                const SHOWN: usize = 3;
                write!(f, " [{}", details[..details.len().min(SHOWN)].join("; "))?;
                if details.len() > SHOWN {
                    write!(f, "; and {} more", details.len() - SHOWN)?;
                }
                write!(f, "]")?;
            }
        }
        write!(f, " (")?;
        if let Some(id) = self.correlation_id() {
            write!(f, "correlationId {}, ", excerpt(id, LABEL_CHARS))?;
        }
        write!(f, "operation {}", self.operation)?;
        if self.attempts > 1 {
            write!(f, ", after {} attempts", self.attempts)?;
        }
        if let Some(delay) = self.retry_after {
            write!(f, ", retry after {}s", delay.as_secs_f64())?;
        }
        write!(f, ")")
    }
}

impl std::error::Error for ApiError {}

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

    #[test]
    fn policy_from_body_or_daily_header() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"policyName":"ten_secondly_rolling"}"#).expect("body");
        assert_eq!(
            RateLimitPolicy::of_response(&HeaderMap::new(), Some(&body)),
            Some(RateLimitPolicy::TenSecondlyRolling)
        );
        let body: ErrorBody = serde_json::from_str(r#"{"policyName":"BURST"}"#).expect("body");
        assert_eq!(
            RateLimitPolicy::of_response(&HeaderMap::new(), Some(&body)),
            Some(RateLimitPolicy::Other("BURST".into()))
        );
        assert_eq!(
            RateLimitPolicy::of_response(&headers(&[(DAILY_REMAINING_HEADER, "0")]), None),
            Some(RateLimitPolicy::Daily)
        );
        assert_eq!(
            RateLimitPolicy::of_response(&headers(&[(DAILY_REMAINING_HEADER, "12")]), None),
            None
        );
    }
}
