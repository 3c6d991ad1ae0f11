//! The crate's error type: one enum that says what went wrong, where, and what to do about it.
//!
//! No variant ever carries the access token or the developer API key: response bodies and URLs are
//! redacted before they are stored (see [`crate::rt`]).

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Maximum length, in characters, of the body excerpts kept in [`Error::Decode`] and
/// [`Error::UnexpectedContentType`].
pub(crate) const EXCERPT_CHARS: usize = 200;

/// Maximum length, in characters, of [`ApiError::raw_body`].
pub(crate) const RAW_BODY_CHARS: usize = 4096;

/// Everything that can go wrong when configuring the client or calling HubSpot.
///
/// Each variant names the operation (the Rust method name, e.g. `create_call`) it happened in, and
/// its message says what to change. Match on the variant to react programmatically; use
/// [`Error::status`], [`Error::api_error`], [`Error::is_timeout`] for the common questions.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client configuration is invalid (bad base URL, header name or value, credential that
    /// cannot be sent in a header, conflicting options). Returned by [`crate::ClientBuilder::build`].
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },

    /// None of the credentials the operation accepts is configured on the client. Nothing was
    /// sent.
    #[error("`{operation}` needs a credential that is not configured: {accepted}")]
    MissingCredential {
        /// The operation (Rust method name).
        operation: &'static str,
        /// What to configure, e.g. `call ClientBuilder::access_token or
        /// ClientBuilder::developer_api_key`.
        accepted: String,
    },

    /// The request is incomplete or invalid (missing required parameter or body, a value that
    /// cannot be sent). Caught before anything was sent.
    #[error("`{operation}`: invalid request: {message}")]
    InvalidRequest {
        /// The operation (Rust method name).
        operation: &'static str,
        /// What is wrong.
        message: String,
    },

    /// HubSpot answered with a status the operation does not treat as success (other than 429,
    /// see [`Error::RateLimited`]). The boxed [`ApiError`] carries the status, HubSpot's parsed
    /// error body (category, message, correlationId, ...), `Retry-After` and how many attempts
    /// were made.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// HubSpot answered 429 Too Many Requests, and the retry policy did not (or could no longer)
    /// retry: the daily limit ([`RateLimitPolicy::Daily`], never retried), retries used up, or a
    /// `Retry-After` longer than [`crate::RetryPolicy::max_retry_after`]. [`ApiError::policy`]
    /// names the limit that was hit and [`ApiError::retry_after`] says when to try again.
    #[error("{0}; {hint}", hint = rate_limit_hint(.0))]
    RateLimited(Box<ApiError>),

    /// The request could not be sent or the response could not be read: DNS, connect, TLS,
    /// timeout, connection reset. Use [`Error::is_timeout`] / [`Error::is_connect`] to tell them
    /// apart. The URL inside `source` has the developer API key redacted.
    #[error(
        "`{operation}`: {}{}: {source}",
        transport_kind(source),
        attempts_note(*attempts)
    )]
    Transport {
        /// The operation (Rust method name).
        operation: &'static str,
        /// How many times the request was tried (1 when it was not retried).
        attempts: u32,
        /// The underlying HTTP client error (URL redacted).
        #[source]
        source: reqwest::Error,
    },

    /// The response body did not match the expected type.
    #[error(
        "`{operation}`: HTTP {status} response body did not match the expected type at `{path}`: \
         {message} (body: {excerpt})"
    )]
    Decode {
        /// The operation (Rust method name).
        operation: &'static str,
        /// HTTP status of the response.
        status: u16,
        /// JSON path of the value that failed to decode, e.g. `results[0].id` (`.` is the root).
        path: String,
        /// What did not match.
        message: String,
        /// The start of the body (at most 200 characters, secrets redacted).
        excerpt: String,
    },

    /// The response has a content type that is not JSON where JSON was expected (for example an
    /// HTML error page from a proxy).
    #[error(
        "`{operation}`: HTTP {status} response has content type `{content_type}`, expected JSON \
         (body: {excerpt})"
    )]
    UnexpectedContentType {
        /// The operation (Rust method name).
        operation: &'static str,
        /// HTTP status of the response.
        status: u16,
        /// The `Content-Type` header value.
        content_type: String,
        /// The start of the body (at most 200 characters, secrets redacted).
        excerpt: String,
    },
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

/// What to do about a 429, appended to [`Error::RateLimited`]'s message.
fn rate_limit_hint(api: &ApiError) -> &'static str {
    match api.policy() {
        Some(RateLimitPolicy::Daily) => {
            "the daily request limit of the HubSpot account is used up (it resets at midnight in \
             the account's time zone); not retried"
        }
        _ => {
            "HubSpot's rate limit was hit: send fewer requests per second (ClientBuilder::rate_limit) \
             or allow more retries (RetryPolicy::max_retries)"
        }
    }
}

fn transport_kind(source: &reqwest::Error) -> &'static str {
    if source.is_timeout() {
        "request timed out"
    } else if source.is_connect() {
        "could not connect"
    } else if source.is_body() || source.is_decode() {
        "failed reading the response body"
    } else if source.is_redirect() {
        "failed following a redirect"
    } else {
        "request failed"
    }
}

impl Error {
    /// The operation (Rust method name) the error happened in; `None` for [`Error::Config`].
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Config { .. } => None,
            Error::MissingCredential { operation, .. }
            | Error::InvalidRequest { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Decode { operation, .. }
            | Error::UnexpectedContentType { operation, .. } => Some(operation),
            Error::Api(api) | Error::RateLimited(api) => Some(api.operation),
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(api.status),
            Error::Decode { status, .. } | Error::UnexpectedContentType { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The HubSpot API error, when the server answered with a non-success status
    /// ([`Error::Api`] and [`Error::RateLimited`]).
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(api),
            _ => None,
        }
    }

    /// How many times the request was sent before this error (1 when it was not retried);
    /// `None` for errors raised before sending ([`Error::Config`], [`Error::MissingCredential`],
    /// [`Error::InvalidRequest`]) and for decoding errors.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(api.attempts),
            Error::Transport { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }

    /// True when the request timed out (connect or overall timeout).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }

    /// True when no connection to the server could be established.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_connect())
    }

    /// True for HTTP 429 (rate limited): [`Error::RateLimited`].
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }

    /// The rate-limit policy HubSpot reported with a 429 (`policyName`), if any.
    pub fn rate_limit_policy(&self) -> Option<RateLimitPolicy> {
        match self {
            Error::RateLimited(api) => api.policy(),
            _ => None,
        }
    }

    /// How long the server asked to wait before retrying (`Retry-After`), if it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|api| api.retry_after)
    }
}

impl From<ApiError> for Error {
    /// [`Error::RateLimited`] for status 429, else [`Error::Api`].
    fn from(error: ApiError) -> Self {
        if error.status == 429 {
            Error::RateLimited(Box::new(error))
        } else {
            Error::Api(Box::new(error))
        }
    }
}

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
    /// The response headers (e.g. `x-hubspot-correlation-id`, `x-hubspot-ratelimit-*`).
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
        crate::rt::rate_limit_policy(&self.headers, self.body.as_ref())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        let body = self.body.as_ref();
        let label = body
            .and_then(|b| b.category.as_deref().or(b.error_type.as_deref()))
            .map(str::to_owned)
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
            write!(f, " [policy {policy}]")?;
        }
        match body.and_then(|b| b.message.as_deref()) {
            Some(message) => write!(f, ": {message}")?,
            None if !self.raw_body.trim().is_empty() => {
                write!(f, ": {}", excerpt(self.raw_body.trim(), EXCERPT_CHARS))?
            }
            None => {}
        }
        if let Some(body) = body {
            let details: Vec<&str> = body
                .errors
                .iter()
                .filter_map(|e| e.message.as_deref())
                .filter(|m| Some(*m) != body.message.as_deref())
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
            write!(f, "correlationId {id}, ")?;
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

/// HubSpot's standard error body.
///
/// ```json
/// {"status":"error","category":"VALIDATION_ERROR","subCategory":"...","message":"...",
///  "correlationId":"aeb5f871-...","context":{"k":["v"]},"links":{"knowledge-base":"https://..."},
///  "errors":[{"message":"...","code":"...","in":"...","subCategory":"...","context":{}}]}
/// ```
///
/// Parsing is lenient: every field is optional, `null` is accepted anywhere, unknown fields are
/// ignored, and values of an unexpected JSON type are converted to text rather than rejected.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorBody {
    /// Usually `"error"`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    /// Error category, e.g. `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, `RATE_LIMITS`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub category: Option<String>,
    /// Finer-grained category (`subCategory`).
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sub_category: Option<String>,
    /// Human-readable message.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// Correlation id to quote to HubSpot support (`correlationId`).
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub correlation_id: Option<String>,
    /// Extra context, e.g. `{"id": ["512"]}`.
    #[serde(
        default,
        deserialize_with = "lenient_context",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub context: BTreeMap<String, Vec<String>>,
    /// Related documentation links, e.g. `{"knowledge-base": "https://..."}`.
    #[serde(
        default,
        deserialize_with = "lenient_links",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub links: BTreeMap<String, String>,
    /// Individual problems (e.g. one per invalid property).
    #[serde(
        default,
        deserialize_with = "lenient_details",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub errors: Vec<ErrorDetail>,
    /// For 429s: the rate-limit policy that was hit (`policyName`), e.g. `TEN_SECONDLY_ROLLING`,
    /// `SECONDLY`, `DAILY`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_name: Option<String>,
    /// For 429s: HubSpot's `errorType`, e.g. `RATE_LIMIT`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub error_type: Option<String>,
    /// For 429s: the rate-limit group (`groupName`).
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub group_name: Option<String>,
}

/// One entry of [`ErrorBody::errors`]. Parsed as leniently as [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Human-readable message.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// Machine-readable code.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// Where the problem is, e.g. the property name (`in`).
    #[serde(
        rename = "in",
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub in_: Option<String>,
    /// Finer-grained category (`subCategory`).
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sub_category: Option<String>,
    /// Extra context.
    #[serde(
        default,
        deserialize_with = "lenient_context",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub context: BTreeMap<String, Vec<String>>,
}

/// Text of a JSON value: strings as-is, `null` as nothing, anything else as compact JSON.
fn value_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(value_text(Value::deserialize(d)?))
}

fn context_from(value: Value) -> BTreeMap<String, Vec<String>> {
    let Value::Object(map) = value else {
        return BTreeMap::new();
    };
    map.into_iter()
        .map(|(k, v)| {
            let values = match v {
                Value::Array(items) => items.into_iter().filter_map(value_text).collect(),
                other => value_text(other).into_iter().collect(),
            };
            (k, values)
        })
        .collect()
}

fn lenient_context<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    Ok(context_from(Value::deserialize(d)?))
}

fn lenient_links<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let Value::Object(map) = Value::deserialize(d)? else {
        return Ok(BTreeMap::new());
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| value_text(v).map(|v| (k, v)))
        .collect())
}

fn lenient_details<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ErrorDetail>, D::Error> {
    let items = match Value::deserialize(d)? {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        single => vec![single],
    };
    Ok(items
        .into_iter()
        .map(|item| match item {
            Value::Object(_) => serde_json::from_value(item).unwrap_or_default(),
            other => ErrorDetail {
                message: value_text(other),
                ..ErrorDetail::default()
            },
        })
        .collect())
}

/// The first `max` characters of `text`, with `…` in place of the rest (total stays <= `max`).
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_char_boundary_safe_and_bounded() {
        let text = "é".repeat(500);
        let e = excerpt(&text, 200);
        assert_eq!(e.chars().count(), 200);
        assert!(e.ends_with('…'));
        assert_eq!(excerpt("short", 200), "short");
    }

    #[test]
    fn error_body_is_lenient() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"status":null,"category":"X","message":42,"context":{"a":"b","n":[1,null,"c"]},
                "links":null,"errors":[{"message":"m","in":"prop","context":null}, "plain"],
                "unknown":{"deep":true}}"#,
        )
        .expect("lenient parse");
        assert_eq!(body.status, None);
        assert_eq!(body.category.as_deref(), Some("X"));
        assert_eq!(body.message.as_deref(), Some("42"));
        assert_eq!(body.context["a"], vec!["b".to_owned()]);
        assert_eq!(body.context["n"], vec!["1".to_owned(), "c".to_owned()]);
        assert!(body.links.is_empty());
        assert_eq!(body.errors.len(), 2);
        assert_eq!(body.errors[0].in_.as_deref(), Some("prop"));
        assert_eq!(body.errors[1].message.as_deref(), Some("plain"));
    }

    #[test]
    fn error_body_round_trips_with_wire_names() {
        let body = ErrorBody {
            sub_category: Some("S".into()),
            correlation_id: Some("c".into()),
            policy_name: Some("DAILY".into()),
            ..ErrorBody::default()
        };
        let json = serde_json::to_value(&body).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({"subCategory":"S","correlationId":"c","policyName":"DAILY"})
        );
        let back: ErrorBody = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, body);
    }

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }
}
