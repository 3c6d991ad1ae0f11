//! [`Response`]: a buffered HTTP response and its decoding into values or errors.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};
use http::StatusCode;
use serde::de::DeserializeOwned;

use super::de;
use crate::error::{ApiError, Error, ErrorBody, EXCERPT_CHARS, RAW_BODY_CHARS};
use crate::operation::Operation;
use crate::redact::Redactor;
use crate::text::{cut, excerpt};

/// A complete (buffered) HTTP response to one operation, handed to a generated builder's
/// `decode`, or built from any HTTP stack's response with [`Response::from_http`]. Used by
/// generated code.
///
/// `Debug` shows the headers and an excerpt of the body with secrets redacted, not the raw
/// bytes.
pub struct Response {
    operation: &'static Operation,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    redactor: Redactor,
    attempts: u32,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("operation", &self.operation.name)
            .field("status", &self.status)
            .field("attempts", &self.attempts)
            .field("headers", &self.redactor.headers(&self.headers))
            .field("body", &self.excerpt(EXCERPT_CHARS))
            .finish()
    }
}

impl Response {
    pub(crate) fn new(
        operation: &'static Operation,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        redactor: Redactor,
    ) -> Self {
        Response {
            operation,
            status,
            headers,
            body,
            redactor,
            attempts: 1,
        }
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Wraps a response received by another HTTP stack (sans-IO use, after sending the request a
    /// builder's `build_request` made).
    ///
    /// Errors built from it cannot redact credentials the server might echo back, since the
    /// client is not known here.
    pub fn from_http<B: Into<Bytes>>(
        operation: &'static Operation,
        response: http::Response<B>,
    ) -> Self {
        let (parts, body) = response.into_parts();
        Response::new(
            operation,
            parts.status,
            parts.headers,
            body.into(),
            Redactor::default(),
        )
    }

    /// The operation this response answers.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// How many times the request was sent, this answer included: 1 unless the client's
    /// [`RetryPolicy`](crate::RetryPolicy) retried it.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// True for 2xx statuses.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The response body, owned.
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// HubSpot's `x-hubspot-correlation-id` response header.
    pub fn correlation_id(&self) -> Option<&str> {
        self.headers
            .get("x-hubspot-correlation-id")
            .and_then(|v| v.to_str().ok())
    }

    /// Decodes a 2xx body as JSON into `T`; any other status becomes the error
    /// ([`Response::into_error`]). Used by generated code for operations with one success type.
    ///
    /// # Errors
    /// As [`Response::json`] and [`Response::into_error`].
    pub fn json_on_success<T: DeserializeOwned>(self) -> Result<T, Error> {
        if self.is_success() {
            self.json()
        } else {
            Err(self.into_error())
        }
    }

    /// `()` for a 2xx status, whatever the body; any other status becomes the error
    /// ([`Response::into_error`]). Used by generated code for operations without a success body.
    ///
    /// # Errors
    /// As [`Response::into_error`].
    pub fn unit_on_success(self) -> Result<(), Error> {
        if self.is_success() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    /// The body as it came, for an answer the spec offers in the media types `offered` (not
    /// JSON). Used by generated code.
    ///
    /// # Errors
    /// [`Error::UnexpectedContentType`] for an HTML page where the operation offers no HTML: a
    /// proxy's, a captive portal's or a login page answering in the API's place, which must not
    /// pass for the file. Any other content type (or none) is taken as it came: servers label
    /// files loosely (`application/octet-stream` for a CSV).
    pub fn bytes(self, offered: &[&str]) -> Result<Bytes, Error> {
        self.check_not_html(offered)?;
        Ok(self.body)
    }

    /// [`bytes`](Self::bytes) for a 2xx status; any other status becomes the error
    /// ([`Response::into_error`]). Used by generated code for operations that answer with
    /// something other than JSON.
    ///
    /// # Errors
    /// As [`Response::into_error`] and [`bytes`](Self::bytes).
    pub fn bytes_on_success(self, offered: &[&str]) -> Result<Bytes, Error> {
        if self.is_success() {
            self.bytes(offered)
        } else {
            Err(self.into_error())
        }
    }

    /// The body as UTF-8 text, for an answer the spec offers in the `text/*` media types
    /// `offered`. Used by generated code.
    ///
    /// # Errors
    /// [`Error::Decode`] when the body is not UTF-8; [`Error::UnexpectedContentType`] as in
    /// [`bytes`](Self::bytes).
    pub fn text(&self, offered: &[&str]) -> Result<String, Error> {
        self.check_not_html(offered)?;
        String::from_utf8(self.body.to_vec())
            .map_err(|_| self.decode_error(".", "the response body is not UTF-8 text"))
    }

    /// [`text`](Self::text) for a 2xx status; any other status becomes the error
    /// ([`Response::into_error`]). Used by generated code for operations that answer with
    /// `text/*`.
    ///
    /// # Errors
    /// As [`Response::into_error`] and [`text`](Self::text).
    pub fn text_on_success(self, offered: &[&str]) -> Result<String, Error> {
        if self.is_success() {
            self.text(offered)
        } else {
            Err(self.into_error())
        }
    }

    /// Refuses an HTML page where none of `offered` is or covers HTML (`text/*`).
    fn check_not_html(&self, offered: &[&str]) -> Result<(), Error> {
        let Some(content_type) = self.headers.get(CONTENT_TYPE) else {
            return Ok(());
        };
        let text = String::from_utf8_lossy(content_type.as_bytes());
        let html_offered = offered
            .iter()
            .any(|m| is_html(m) || matches!(essence(m).as_str(), "text/*" | "*/*"));
        if is_html(&text) && !html_offered {
            return Err(Error::UnexpectedContentType {
                operation: self.operation.name,
                status: self.status(),
                content_type: self.redactor.redact(&text),
                excerpt: self.excerpt(EXCERPT_CHARS),
            });
        }
        Ok(())
    }

    /// Decodes the body as JSON into `T`. Used by generated code.
    ///
    /// An empty body decodes only into types that accept JSON `null` (`()`, `Option<_>`).
    ///
    /// # Errors
    /// [`Error::UnexpectedContentType`] when the content type is not JSON (`application/json`,
    /// `application/*+json`, `*/*` and a missing header are accepted); [`Error::Decode`] with
    /// the JSON path of the mismatch and a body excerpt when the body does not match `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return T::deserialize(serde_json::Value::Null)
                .map_err(|_| self.decode_error(".", "the response body is empty"));
        }
        if let Some(content_type) = self.headers.get(CONTENT_TYPE) {
            let text = String::from_utf8_lossy(content_type.as_bytes());
            if !is_json_content_type(&text) {
                return Err(Error::UnexpectedContentType {
                    operation: self.operation.name,
                    status: self.status(),
                    content_type: self.redactor.redact(&text),
                    excerpt: self.excerpt(EXCERPT_CHARS),
                });
            }
        }
        // Fast path: plain serde. Only a body that does not decode is read again, tracking the
        // JSON path, to say where it failed (path tracking doubles the cost of decoding).
        if let Ok(value) = serde_json::from_slice::<T>(&self.body) {
            return Ok(value);
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            // A union variant's inner path comes inside the message: splice it in.
            let (path, message) = de::split_error(&e.path().to_string(), e.inner());
            self.decode_error(&path, &message)
        })?;
        deserializer
            .end()
            .map_err(|e| self.decode_error(".", &e.to_string()))?;
        Ok(value)
    }

    /// Turns the response into [`Error::Api`] ([`Error::RateLimited`] for 429): HubSpot's error
    /// body parsed leniently whatever the content type (`None` when the body is not a JSON
    /// object; every text of it redacted), the raw text kept (up to 4096 characters, secrets
    /// redacted), the headers (values of credential headers and values holding a secret
    /// redacted, secrets in names replaced), `Retry-After` (seconds or HTTP date) and the number
    /// of attempts. Used by generated code for statuses
    /// the operation does not treat as success.
    pub fn into_error(self) -> Error {
        let raw = String::from_utf8_lossy(&self.body);
        // Parsed from the raw text, then redacted field by field: a secret spelled with JSON
        // escapes is one only once parsed.
        let body = raw
            .trim_start()
            .starts_with('{')
            .then(|| serde_json::from_str::<ErrorBody>(raw.trim()).ok())
            .flatten()
            .map(|body| body.map_text(&|text| self.redactor.redact(text)));
        let text = self.redactor.redact(&raw);
        let retry_after = retry_after(&self.headers);
        Error::from(ApiError {
            status: self.status(),
            operation: self.operation.name,
            body,
            // Redacted before it is cut, so a cut cannot leave the start of a secret.
            raw_body: cut(&text, RAW_BODY_CHARS),
            retry_after,
            headers: self.redactor.headers(&self.headers),
            attempts: self.attempts,
        })
    }

    /// The start of the body on one line, secrets redacted before it is cut.
    fn excerpt(&self, max: usize) -> String {
        excerpt(
            &self.redactor.redact(&String::from_utf8_lossy(&self.body)),
            max,
        )
    }

    fn decode_error(&self, path: &str, message: &str) -> Error {
        Error::Decode {
            operation: self.operation.name,
            status: self.status(),
            path: self.redactor.redact(path),
            message: self.redactor.redact(message),
            excerpt: self.excerpt(EXCERPT_CHARS),
        }
    }
}

/// `application/json`, `application/*+json`, `*/*` (HubSpot serves some JSON bodies so), with any
/// parameters.
/// A media type without its parameters, in lower case (`text/csv` of `Text/CSV; charset=x`).
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `text/html` and `application/xhtml+xml`, parameters and case aside.
fn is_html(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "text/html" || essence == "application/xhtml+xml"
}

fn is_json_content_type(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence.is_empty()
        || essence == "application/json"
        || essence == "*/*"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The `Retry-After` header's delay, relative to now.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()))
}

/// `Retry-After` as delta-seconds (`"120"`) or HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`,
/// relative to `now`; past dates give zero).
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(u64::try_from(date.timestamp()).ok()?))?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470);
        assert_eq!(
            parse_retry_after(" 12 ", now),
            Some(Duration::from_secs(12))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }

    #[test]
    fn json_content_types() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/problem+json",
            "*/*",
            "*/*;charset=UTF-8",
        ] {
            assert!(is_json_content_type(ok), "{ok}");
        }
        for bad in [
            "text/html",
            "text/plain",
            "application/xml",
            "application/jsonx",
        ] {
            assert!(!is_json_content_type(bad), "{bad}");
        }
    }
}
