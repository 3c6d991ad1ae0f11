//! Runtime support used by generated code: operation descriptions, request building, credential
//! selection, sending, and response decoding.
//!
//! Every generated operation is a `static` [`Operation`] plus a builder that fills a [`Request`]
//! and hands it to [`send`] (or [`to_http`] for sans-IO use), then turns the [`Response`] into a
//! typed value with [`Response::json`] or into an [`Error`] with [`Response::into_error`].
//!
//! The items are public so generated code (and users who bring their own HTTP stack) can reach
//! them; application code normally uses the generated API instead.
//!
//! HubSpot-specific authentication knowledge lives here, not in the generator: which configured
//! credential satisfies which OpenAPI security scheme (see [`Scheme`]).

mod auth;
mod batch;
mod de;
mod paginate;
mod request;
mod response;

use std::time::Instant;

use bytes::Bytes;
use http::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT,
};
use tracing::Instrument;

pub use batch::{split, Chunk};
pub use de::null_as_default;
pub use http::Method;
pub use paginate::{paginate, Page, Paginated};
pub use request::{ParamValue, Request};
pub use response::Response;

pub(crate) use request::encode_query_component;

use crate::client::Client;
use crate::error::Error;

/// Where an OpenAPI `apiKey` security scheme carries its key. Used by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a query parameter (`in: query`).
    Query,
    /// In a request header (`in: header`).
    Header,
    /// In a cookie (`in: cookie`).
    Cookie,
}

/// One OpenAPI security scheme, as the spec declares it. Used by generated code.
///
/// Which configured credential satisfies a scheme is decided by the runtime:
///
/// - [`Scheme::Bearer`], and `ApiKey { name: "Authorization", location: Header }`: the access token,
///   sent as `Authorization: Bearer <token>`;
/// - `ApiKey { name: "hapikey", location: Query }`: the developer API key, sent as
///   `?hapikey=<key>`;
/// - `ApiKey { name: "private-app" | "private-app-legacy", location: Header }` (HubSpot's private
///   app declarations): the access token, sent as `Authorization: Bearer <token>`;
/// - any other API key and [`Scheme::Unsupported`]: never satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// OAuth 2, OpenID Connect or HTTP bearer: uses the access token.
    Bearer,
    /// An `apiKey` scheme with the parameter name and location the spec declares.
    ApiKey {
        /// Parameter (header, query or cookie) name.
        name: &'static str,
        /// Where the key goes.
        location: ApiKeyLocation,
    },
    /// A scheme this client cannot satisfy (e.g. HTTP basic).
    Unsupported {
        /// What the spec declares, e.g. `"http basic"`.
        kind: &'static str,
    },
}

/// Static description of one API operation, emitted by the generator as a `static`. Used by
/// generated code.
#[derive(Debug)]
pub struct Operation {
    /// Rust method name, e.g. `"create_call"` (used in errors and tracing).
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, e.g. `"/crm/v3/objects/calls/{callId}"`.
    pub path: &'static str,
    /// Accepted credentials: alternatives (any one suffices) of scheme sets (all needed).
    /// An empty slice means the operation needs no credentials; an empty set among the
    /// alternatives means credentials are optional.
    pub security: &'static [&'static [Scheme]],
    /// Whether the request may be safely retried after it was sent.
    pub idempotent: bool,
}

/// An [`Error::InvalidRequest`] saying `missing required <what>`. Used by generated code, e.g.
/// `missing(&OP, "request body")` or `missing(&OP, "path parameter `callId`")`.
pub fn missing(operation: &'static Operation, what: &str) -> Error {
    invalid(operation, format!("missing required {what}"))
}

/// An [`Error::InvalidRequest`] with the given message. Used by generated code.
pub fn invalid(operation: &'static Operation, message: impl Into<String>) -> Error {
    Error::InvalidRequest {
        operation: operation.name,
        message: message.into(),
    }
}

/// Builds the complete HTTP request without sending it (sans-IO). Used by generated code.
///
/// The result has the absolute URL (base URL, rendered path, query parameters and, when the
/// developer API key was chosen, `hapikey`), `User-Agent`, `Accept: application/json`, the
/// client's default headers, header parameters, the `Authorization` header when the access token
/// was chosen, and `Content-Type` when there is a body. Any HTTP stack can send it.
///
/// The URI may contain the developer API key: do not log it.
///
/// # Errors
/// [`Error::MissingCredential`] when none of the operation's accepted credentials is configured;
/// [`Error::InvalidRequest`] for a missing or invalid parameter.
pub fn to_http(client: &Client, request: Request) -> Result<http::Request<Vec<u8>>, Error> {
    let operation = request.operation();
    let inner = client.inner();
    let chosen = auth::select(client, operation)?;
    let parts = request.into_parts()?;

    let mut url = String::with_capacity(inner.base_url.len() + parts.path.len() + 64);
    url.push_str(&inner.base_url);
    url.push_str(&parts.path);
    let mut query = parts.query;
    if chosen.developer_api_key {
        if let Some(key) = &inner.developer_api_key {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str("hapikey=");
            query.push_str(&encode_query_component(key.expose()));
        }
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    // Never echo `url` in errors: it may hold the developer API key.
    let uri = http::Uri::try_from(url).map_err(|_| {
        invalid(
            operation,
            "the request URL is not valid (check the base URL and path parameters)",
        )
    })?;

    let mut headers = HeaderMap::new();
    headers.insert(USER_AGENT, inner.user_agent.clone());
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    for name in inner.default_headers.keys() {
        headers.remove(name);
    }
    for (name, value) in &inner.default_headers {
        headers.append(name.clone(), value.clone());
    }
    for (name, value) in parts.headers {
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            invalid(
                operation,
                format!("`{name}` is not a valid HTTP header name"),
            )
        })?;
        let header_value = HeaderValue::from_str(&value).map_err(|_| {
            invalid(
                operation,
                format!(
                    "the value of header parameter `{header_name}` contains characters that are \
                     not allowed in an HTTP header"
                ),
            )
        })?;
        headers.insert(header_name, header_value);
    }
    if chosen.access_token {
        if let Some(token) = &inner.access_token {
            headers.insert(AUTHORIZATION, token.header.clone());
        }
    }
    let body = match parts.body {
        Some((content_type, body)) => {
            headers.insert(CONTENT_TYPE, content_type);
            body
        }
        None => Vec::new(),
    };

    let mut http_request = http::Request::new(body);
    *http_request.method_mut() = operation.method.clone();
    *http_request.uri_mut() = uri;
    *http_request.headers_mut() = headers;
    Ok(http_request)
}

// Retries, the client-side rate limiter and the response hook (declared here, apart from the
// modules above, so the two lists can change independently).
mod limit;
mod observe;
mod retry;

pub use limit::{Bucket, Quota, RateLimit};
pub use observe::ResponseInfo;
pub use retry::RetryPolicy;

pub(crate) use limit::Limiter;
pub(crate) use observe::{HookDebug, ResponseHook};
pub(crate) use retry::rate_limit_policy;

/// Sends the request and reads the whole response, retrying as the client's [`RetryPolicy`]
/// allows and waiting for its [`RateLimit`], if any. Used by generated code.
///
/// Non-success statuses are *not* errors here: the generated code decides per status whether to
/// decode a typed value ([`Response::json`]) or build an error ([`Response::into_error`]). After
/// retries, the last response is returned ([`Response::attempts`] says how many were sent).
///
/// The request is checked and encoded once, before anything is sent; each attempt sends the same
/// bytes.
///
/// Each call runs in a `hubspot_request` tracing span (debug level) with the operation, method,
/// path template, attempt, status and HubSpot correlation id (never the URL, which may carry the
/// developer API key). Retries are logged at info level with the reason and the wait.
///
/// # Errors
/// As [`to_http`], plus [`Error::Transport`] when the request cannot be sent or the response not
/// read (connect failure, timeout, reset) and retrying did not help.
pub async fn send(client: &Client, request: Request) -> Result<Response, Error> {
    let operation = request.operation();
    let span = tracing::debug_span!(
        "hubspot_request",
        operation = operation.name,
        method = %operation.method,
        path = operation.path,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        correlation_id = tracing::field::Empty,
    );
    let (parts, body) = to_http(client, request)?.into_parts();
    let url = reqwest::Url::parse(&parts.uri.to_string())
        .map_err(|_| invalid(operation, "the request URL is not valid"))?;
    let prepared = Prepared {
        url,
        parts,
        body: Bytes::from(body),
    };
    retry::run(client, operation, &prepared)
        .instrument(span)
        .await
}

/// A request encoded once and sent by every attempt.
pub(crate) struct Prepared {
    url: reqwest::Url,
    parts: http::request::Parts,
    body: Bytes,
}

/// Sends a prepared request once and buffers the response.
pub(crate) async fn attempt(
    client: &Client,
    operation: &'static Operation,
    prepared: &Prepared,
    attempt: u32,
) -> Result<Response, Error> {
    let inner = client.inner();
    let Prepared { url, parts, body } = prepared;
    let mut request = reqwest::Request::new(parts.method.clone(), url.clone());
    *request.headers_mut() = parts.headers.clone();
    if !body.is_empty() || parts.headers.contains_key(CONTENT_TYPE) {
        *request.body_mut() = Some(reqwest::Body::from(body.clone()));
    }
    if let Some(timeout) = inner.request_timeout {
        *request.timeout_mut() = Some(timeout);
    }

    let started = Instant::now();
    let response = inner
        .http
        .execute(request)
        .await
        .map_err(|e| transport(client, operation, e, attempt))?;
    let status = response.status();
    let headers = response.headers().clone();
    let span = tracing::Span::current();
    span.record("status", status.as_u16());
    if let Some(id) = headers
        .get("x-hubspot-correlation-id")
        .and_then(|v| v.to_str().ok())
    {
        span.record("correlation_id", id);
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| transport(client, operation, e, attempt))?;
    let elapsed = started.elapsed();
    tracing::debug!(
        attempt,
        status = status.as_u16(),
        elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        body_bytes = body.len(),
        "HubSpot response"
    );
    if let Some(hook) = &inner.on_response {
        hook(&ResponseInfo {
            operation,
            attempt,
            status: status.as_u16(),
            headers: &headers,
            elapsed,
        });
    }
    Ok(
        Response::new(operation, status, headers, body, inner.redactor.clone())
            .with_attempts(attempt),
    )
}

/// [`Error::Transport`] with the developer API key removed from the error's URL.
fn transport(
    client: &Client,
    operation: &'static Operation,
    error: reqwest::Error,
    attempts: u32,
) -> Error {
    let redactor = &client.inner().redactor;
    let source = match error.url().cloned() {
        None => error,
        Some(mut url) => {
            let has_key = url
                .query_pairs()
                .any(|(k, _)| k.eq_ignore_ascii_case("hapikey"));
            if has_key {
                let pairs: Vec<(String, String)> = url
                    .query_pairs()
                    .map(|(k, v)| {
                        let v = if k.eq_ignore_ascii_case("hapikey") {
                            "REDACTED".to_owned()
                        } else {
                            v.into_owned()
                        };
                        (k.into_owned(), v)
                    })
                    .collect();
                url.query_pairs_mut().clear().extend_pairs(pairs);
            }
            if redactor.redact(url.as_str()) == url.as_str() {
                error.with_url(url)
            } else {
                error.without_url()
            }
        }
    };
    tracing::debug!(attempt = attempts, error = %source, "HubSpot request failed");
    Error::Transport {
        operation: operation.name,
        attempts,
        source,
    }
}
