//! The crate's error type: one enum that says what went wrong, where, and what to do about it.
//!
//! No variant ever carries the access token or the developer API key: response bodies, URLs and
//! cursors are redacted before they are stored. Every `Display` is one line: text that came from
//! the network (bodies, messages, paths, cursors) is shown with its line breaks collapsed.
//!
//! Layer 0: this module imports only the text helpers of layer 0.

mod api;
mod body;
mod token;
mod transport;

use std::time::Duration;

use crate::text::{excerpt, one_line};

pub use api::{ApiError, RateLimitPolicy};
pub use body::{ErrorBody, ErrorDetail};
pub use token::TokenError;
pub use transport::TransportFailure;

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Maximum length, in characters, of the body excerpts kept in [`Error::Decode`] and
/// [`Error::UnexpectedContentType`].
pub(crate) const EXCERPT_CHARS: usize = 200;

/// Longest shown cause of an [`Error::Transport`].
const CAUSE_CHARS: usize = 200;

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
    #[error("invalid client configuration: {}", one_line(.message))]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },

    /// None of the credentials the operation accepts is configured on the client. Nothing was
    /// sent.
    #[error("`{operation}` needs a credential that is not configured: {}", one_line(.accepted))]
    MissingCredential {
        /// The operation (Rust method name).
        operation: &'static str,
        /// What to configure, e.g. `call ClientBuilder::access_token or
        /// ClientBuilder::developer_api_key`.
        accepted: String,
    },

    /// The account's access token could not be obtained: its
    /// [`TokenSource`](crate::TokenSource) failed, e.g. HubSpot refused to refresh it because
    /// the app was uninstalled or the refresh token revoked
    /// ([`TokenError::needs_reauthorization`]). The request was not sent (or, after an
    /// expired-token answer, not sent again).
    #[error("`{operation}`: no access token: {error}")]
    Auth {
        /// The operation (Rust method name) that needed the token.
        operation: &'static str,
        /// Why the token source failed (HubSpot's status, code and message; what to do).
        #[source]
        error: TokenError,
    },

    /// The request is invalid (an empty path parameter, too many batch inputs, a value that
    /// cannot be sent). Caught before anything was sent.
    #[error("`{operation}`: invalid request: {}", one_line(.message))]
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
    /// timeout, connection closed or reset, truncated body. Its `failure` says
    /// which ([`TransportFailure`]); [`Error::is_timeout`] / [`Error::is_connect`] answer the
    /// common questions. The URL inside `source` has the developer API key redacted.
    ///
    /// `Display` reads like `` `get_call_by_id`: the server closed the connection before sending
    /// a complete response (after 2 attempts): connection closed before message completed (url
    /// https://api.hubapi.com/crm/v3/objects/calls/512) ``.
    #[error("{}", transport_message(.operation, .failure, *.attempts, .source))]
    Transport {
        /// The operation (Rust method name).
        operation: &'static str,
        /// How many times the request was tried (1 when it was not retried).
        attempts: u32,
        /// What happened.
        failure: TransportFailure,
        /// The underlying HTTP client error (URL redacted).
        #[source]
        source: reqwest::Error,
    },

    /// The response body did not match the expected type.
    #[error(
        "`{operation}`: HTTP {status} response body did not match the expected type at `{}`: {} \
         (body: {})",
        one_line(.path),
        one_line(.message),
        one_line(.excerpt)
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
        /// The start of the body on one line (at most 200 characters, secrets redacted).
        excerpt: String,
    },

    /// The response has a content type that is not JSON where JSON was expected (for example an
    /// HTML error page from a proxy).
    #[error(
        "`{operation}`: HTTP {status} response has content type `{}`, expected JSON (body: {})",
        one_line(.content_type),
        one_line(.excerpt)
    )]
    UnexpectedContentType {
        /// The operation (Rust method name).
        operation: &'static str,
        /// HTTP status of the response.
        status: u16,
        /// The `Content-Type` header value.
        content_type: String,
        /// The start of the body on one line (at most 200 characters, secrets redacted).
        excerpt: String,
    },

    /// The client-side rate limiter could not count the request: its shared store (Redis, see
    /// `RedisStore`) could not be reached or did not answer in time. The request (or, in a retry
    /// loop, its next attempt) was not sent: the limiter never lets a request through uncounted.
    /// Try again later; the store reconnects by itself.
    #[error("`{operation}`: not sent, the client-side rate limiter failed: {message}")]
    RateLimiter {
        /// The operation (Rust method name).
        operation: &'static str,
        /// What failed (the store's address, never its password).
        message: String,
    },

    /// The server's paging went wrong: a cursor came back that this stream had already sent (the
    /// next request would repeat an earlier one, forever), or too many pages in a row were empty
    /// yet pointed to a next page. The items before it were yielded; resume from
    /// [`Error::Paging::cursor`] once the server behaves, or stop.
    #[error("`{operation}`: paging stopped after {pages} page(s): {}", one_line(.message))]
    Paging {
        /// The operation (Rust method name).
        operation: &'static str,
        /// How many pages were received before the stream stopped.
        pages: u64,
        /// The cursor the server sent (secrets redacted; empty when it cannot be shown).
        cursor: String,
        /// What happened.
        message: String,
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

/// [`Error::Transport`]'s message: the operation, what happened, the attempts, the innermost
/// cause and the (redacted) URL, on one line.
fn transport_message(
    operation: &str,
    failure: &TransportFailure,
    attempts: u32,
    source: &reqwest::Error,
) -> String {
    let mut message = format!("`{operation}`: {failure}{}", attempts_note(attempts));
    if let Some(cause) = transport::root_cause(source) {
        message.push_str(": ");
        message.push_str(&excerpt(&cause, CAUSE_CHARS));
    }
    if let Some(url) = source.url() {
        message.push_str(&format!(" (url {url})"));
    }
    message
}

impl Error {
    /// An [`Error::Transport`] for `source`, with what happened read from it.
    pub(crate) fn transport(
        operation: &'static str,
        attempts: u32,
        source: reqwest::Error,
    ) -> Error {
        Error::Transport {
            operation,
            attempts,
            failure: TransportFailure::of(&source),
            source,
        }
    }

    /// This error with the body's progress filled in, when it is a truncated body: `received`
    /// bytes arrived of the `expected` ones.
    pub(crate) fn with_body_progress(mut self, received: u64, expected: Option<u64>) -> Error {
        if let Error::Transport {
            failure:
                TransportFailure::Truncated {
                    received: got,
                    expected: announced,
                },
            ..
        } = &mut self
        {
            *got = Some(received);
            *announced = expected;
        }
        self
    }

    /// The operation (Rust method name) the error happened in; `None` for [`Error::Config`].
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Config { .. } => None,
            Error::MissingCredential { operation, .. }
            | Error::Auth { operation, .. }
            | Error::InvalidRequest { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Decode { operation, .. }
            | Error::UnexpectedContentType { operation, .. }
            | Error::Paging { operation, .. }
            | Error::RateLimiter { operation, .. } => Some(operation),
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
    /// [`Error::Auth`], [`Error::InvalidRequest`], [`Error::RateLimiter`]) and for decoding errors.
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

    /// What happened below HTTP, for [`Error::Transport`].
    pub fn transport_failure(&self) -> Option<&TransportFailure> {
        match self {
            Error::Transport { failure, .. } => Some(failure),
            _ => None,
        }
    }

    /// The token source's failure, for [`Error::Auth`].
    pub fn token_error(&self) -> Option<&TokenError> {
        match self {
            Error::Auth { error, .. } => Some(error),
            _ => None,
        }
    }

    /// True when the account must install the app again before its requests can succeed: its
    /// token source failed for good ([`TokenError::needs_reauthorization`]).
    pub fn needs_reauthorization(&self) -> bool {
        self.token_error()
            .is_some_and(TokenError::needs_reauthorization)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }
}
