//! Sending one request: encode it once ([`prepare`]), then per attempt wait for the limiter,
//! attach credentials (asking a token source), send, give the limiter its stamp, read the whole
//! response, classify the outcome and wait before the next attempt; after a 401 "token expired"
//! send it once more with a renewed token. [`to_http`] stops after encoding and authorizing (sans-IO).

use std::time::Instant;

use bytes::{Bytes, BytesMut};
use http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use http::Method;
use tracing::Instrument;

use super::auth::{self, Bearer, Chosen};
use super::classify::{self, Decision, Outcome};
use super::limiter::Permit;
use super::Target;
use crate::error::Error;
use crate::operation::Operation;
use crate::redact::is_sensitive_header;
use crate::settings::{AccessToken, ResponseInfo};
use crate::text::excerpt;
use crate::wire::{invalid, Request, Response};

/// Longest retry reason or correlation id recorded in tracing output.
const REASON_CHARS: usize = 200;

/// A request checked and encoded once, without credentials; every attempt sends the same bytes.
pub(crate) struct Prepared {
    operation: &'static Operation,
    method: Method,
    /// Base URL and rendered path.
    url: String,
    /// The encoded query, without credentials.
    query: String,
    headers: HeaderMap,
    body: Vec<u8>,
    chosen: Chosen,
}

/// Checks and encodes `request` for `target`: credential choice, path, query, headers (`User-Agent`,
/// `Accept`, default headers, the request's extra headers, header parameters, `Content-Type`, in
/// increasing precedence) and body.
///
/// # Errors
/// [`Error::MissingCredential`] when none of the accepted credentials is configured,
/// [`Error::InvalidRequest`] for a problem in the request or its options.
pub(crate) fn prepare(target: &Target<'_>, request: Request) -> Result<Prepared, Error> {
    let operation = request.operation();
    let chosen = auth::select(&target.account.keys, target.options, operation)?;
    let parts = request.into_parts()?;
    let shared = target.shared;

    // Room for the query and `hapikey`, added later.
    let mut url =
        String::with_capacity(shared.base_url.len() + parts.path.len() + parts.query.len() + 80);
    url.push_str(&shared.base_url);
    url.push_str(&parts.path);
    let mut headers = HeaderMap::new();
    headers.insert(USER_AGENT, shared.user_agent.clone());
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    for name in shared.default_headers.keys() {
        headers.remove(name);
    }
    for (name, value) in &shared.default_headers {
        headers.append(name.clone(), value.clone());
    }
    let extra = header_pairs(operation, &target.options.headers, "extra header")?;
    for (name, _) in &extra {
        headers.remove(name);
    }
    for (name, value) in extra {
        headers.append(name, value);
    }
    for (name, value) in header_pairs(operation, &parts.headers, "header parameter")? {
        headers.insert(name, value);
    }
    let body = match parts.body {
        Some((content_type, body)) => {
            headers.insert(CONTENT_TYPE, content_type);
            body
        }
        None => Vec::new(),
    };
    Ok(Prepared {
        operation,
        method: operation.method.clone(),
        url,
        query: parts.query,
        headers,
        body,
        chosen,
    })
}

/// Validated header names and values (sensitive ones marked so).
fn header_pairs(
    operation: &'static Operation,
    pairs: &[(String, String)],
    what: &str,
) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
    pairs
        .iter()
        .map(|(name, value)| {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                invalid(
                    operation,
                    format!("`{name}` is not a valid HTTP header name ({what})"),
                )
            })?;
            let mut header_value = HeaderValue::from_str(value).map_err(|_| {
                invalid(
                    operation,
                    format!(
                        "the value of {what} `{header_name}` contains characters that are not \
                         allowed in an HTTP header"
                    ),
                )
            })?;
            if is_sensitive_header(&header_name) {
                header_value.set_sensitive(true);
            }
            Ok((header_name, header_value))
        })
        .collect()
}

/// `url?query` and `headers` with the chosen credentials (`bearer`: the `Authorization` value)
/// attached.
fn attach(
    target: &Target<'_>,
    chosen: Chosen,
    bearer: Option<HeaderValue>,
    mut url: String,
    mut query: String,
    mut headers: HeaderMap,
) -> (String, HeaderMap) {
    auth::authorize(
        &target.account.keys,
        chosen,
        bearer,
        &mut query,
        &mut headers,
    );
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    (url, headers)
}

/// The complete HTTP request, credentials included, without sending it (sans-IO).
///
/// The URI may contain the developer API key: do not log it.
///
/// # Errors
/// As [`prepare`], and [`Error::InvalidRequest`] when the account's token comes from a token
/// source (which this function, not async, cannot ask) and the request has no token of its own.
pub(crate) fn to_http(
    target: &Target<'_>,
    request: Request,
) -> Result<http::Request<Vec<u8>>, Error> {
    let Prepared {
        operation,
        method,
        url,
        query,
        headers,
        body,
        chosen,
    } = prepare(target, request)?;
    let bearer = auth::bearer_now(&target.account.keys, target.options, chosen, operation)?;
    let (url, headers) = attach(target, chosen, bearer, url, query, headers);
    // Never echo `url` in errors: it may hold the developer API key.
    let uri = http::Uri::try_from(url).map_err(|_| {
        invalid(
            operation,
            "the request URL is not valid (check the base URL and path parameters)",
        )
    })?;
    let mut http_request = http::Request::new(body);
    *http_request.method_mut() = method;
    *http_request.uri_mut() = uri;
    *http_request.headers_mut() = headers;
    Ok(http_request)
}

/// Sends `request`, retrying as the request's (or the client's) retry policy allows and waiting
/// for the account's rate limiter, if any. Non-success statuses are not errors here: the
/// generated `decode` decides per status. After retries, the last response is returned
/// ([`Response::attempts`] says how many were sent).
///
/// When HubSpot answers 401 `EXPIRED_AUTHENTICATION` to a token from the account's token
/// source, the source is told ([`TokenSource::token_expired`]) and, if it gives a new token,
/// the request is sent again once with it, whatever the operation (HubSpot rejected it, so
/// nothing was done) and outside the retry budget. The answer to that replay is returned as
/// it is.
///
/// [`TokenSource::token_expired`]: crate::settings::TokenSource::token_expired
///
/// Each call runs in a `hubspot_request` tracing span (debug level) with the operation, method,
/// path template, attempt, status and HubSpot correlation id (never the URL, which may carry the
/// developer API key). Retries are logged at info level with the reason and the wait.
///
/// # Errors
/// As [`prepare`], plus [`Error::Transport`] when the request cannot be sent or the response
/// not read (connect failure, timeout, reset) and retrying did not help, [`Error::Auth`]
/// when the account's token source fails, and [`Error::RateLimiter`] when the limiter's store
/// fails before an attempt.
pub(crate) async fn send(target: Target<'_>, request: Request) -> Result<Response, Error> {
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
    let mut prepared = prepare(&target, request)?;
    let body = Bytes::from(std::mem::take(&mut prepared.body));
    run(&target, &prepared, &body).instrument(span).await
}

/// The retry loop. The current span gets the `attempt` field.
async fn run(target: &Target<'_>, prepared: &Prepared, body: &Bytes) -> Result<Response, Error> {
    let operation = prepared.operation;
    // The URL without credentials, checked once before anything is sent (`hapikey`, added per
    // attempt, is encoded and cannot make it invalid).
    let mut plain = prepared.url.clone();
    if !prepared.query.is_empty() {
        plain.push('?');
        plain.push_str(&prepared.query);
    }
    let plain = reqwest::Url::parse(&plain).map_err(|_| {
        invalid(
            operation,
            "the request URL is not valid (check the base URL and path parameters)",
        )
    })?;
    let policy = target.retry_policy();
    let limiter = target.account.limiter.as_ref();
    let span = tracing::Span::current();
    let mut rng = fastrand::Rng::new();
    let mut attempt: u32 = 1;
    // The token to send next instead of asking the source, after an expired-token answer.
    let mut renewed: Option<AccessToken> = None;
    let mut replayed = false;
    loop {
        let permit = match limiter {
            Some(limiter) => Some(limiter.acquire(operation, target.lease()).await?),
            None => None,
        };
        span.record("attempt", attempt);
        let sent = send_once(
            target,
            prepared,
            body,
            &plain,
            attempt,
            renewed.take(),
            permit,
        )
        .await;
        if let Ok((response, Some(token))) = &sent {
            if !replayed && classify::is_expired_token(response.status(), response.body()) {
                let renewal = target.account.keys.token_expired(token.clone()).await;
                match renewal {
                    Ok(Some(token)) => {
                        tracing::info!(
                            operation = operation.name,
                            attempt,
                            "HubSpot says the access token expired; sending again with a renewed one"
                        );
                        renewed = Some(token);
                        replayed = true;
                        attempt = attempt.saturating_add(1);
                        continue;
                    }
                    Ok(None) => {}
                    Err(error) => {
                        return Err(Error::Auth {
                            operation: operation.name,
                            error,
                        })
                    }
                }
            }
        }
        let result = sent.map(|(response, _)| response);
        // Asked per attempt, after the token source: it knows the secrets sent with this attempt.
        let redactor = target.redactor();
        // The replay after an expired token is not a retry.
        let retries_done = attempt - 1 - u32::from(replayed);
        let decision = match &result {
            Ok(response) if response.is_success() => Decision::Stop,
            Ok(response) => classify::decide(
                policy,
                operation.idempotent,
                retries_done,
                Outcome::Status {
                    status: response.status(),
                    headers: response.headers(),
                    body: response.body(),
                },
                &mut rng,
            ),
            Err(Error::Transport { source, .. }) => classify::decide(
                policy,
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
                    if let Some(limiter) = limiter {
                        limiter.pause(operation, wait);
                    }
                }
                // The reason may quote the server (a 429's policy name).
                let reason = excerpt(&redactor.redact(&reason), REASON_CHARS);
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

/// The whole body of `response`, or the error with how many bytes had arrived and how many the
/// response announced (`Content-Length`). A body that comes in one chunk is not copied.
async fn read_body(
    mut response: reqwest::Response,
) -> Result<Bytes, (reqwest::Error, u64, Option<u64>)> {
    let expected = response.content_length();
    let mut first: Option<Bytes> = None;
    let mut rest: Option<BytesMut> = None;
    loop {
        let received = match (&first, &rest) {
            (_, Some(all)) => all.len(),
            (Some(one), None) => one.len(),
            (None, None) => 0,
        } as u64;
        match response.chunk().await {
            Err(error) => return Err((error, received, expected)),
            Ok(None) => break,
            Ok(Some(chunk)) => match (&mut first, &mut rest) {
                (_, Some(all)) => all.extend_from_slice(&chunk),
                (None, None) => first = Some(chunk),
                (Some(one), None) => {
                    let capacity = expected.map_or(0, |n| usize::try_from(n).unwrap_or(0));
                    let mut all = BytesMut::with_capacity(capacity.max(one.len() + chunk.len()));
                    all.extend_from_slice(one);
                    all.extend_from_slice(&chunk);
                    rest = Some(all);
                }
            },
        }
    }
    Ok(match (first, rest) {
        (_, Some(all)) => all.freeze(),
        (Some(one), None) => one,
        (None, None) => Bytes::new(),
    })
}

/// One attempt: authorize (`renewed`: the token to send instead of asking the source), send,
/// buffer the response, report it to the hook. Returns the response and the token source's
/// token it was sent with, if any. The limiter's `permit` is given back (stamping the request)
/// as soon as the response headers or a failure arrive: HubSpot has counted the request by then.
async fn send_once(
    target: &Target<'_>,
    prepared: &Prepared,
    body: &Bytes,
    plain: &reqwest::Url,
    attempt: u32,
    renewed: Option<AccessToken>,
    permit: Option<Permit>,
) -> Result<(Response, Option<AccessToken>), Error> {
    let operation = prepared.operation;
    let bearer = auth::bearer(
        &target.account.keys,
        target.options,
        prepared.chosen,
        operation,
        renewed,
    )
    .await?;
    let (header, sourced) = match bearer {
        Some(Bearer { header, sourced }) => (Some(header), sourced),
        None => (None, None),
    };
    // After the token source was asked: the redactor knows its newest token.
    let redactor = target.redactor();
    let (url, headers) = attach(
        target,
        prepared.chosen,
        header,
        prepared.url.clone(),
        prepared.query.clone(),
        prepared.headers.clone(),
    );
    let url = if prepared.chosen.developer_api_key {
        reqwest::Url::parse(&url).map_err(|_| invalid(operation, "the request URL is not valid"))?
    } else {
        plain.clone()
    };
    let mut request = reqwest::Request::new(prepared.method.clone(), url);
    if !body.is_empty() || headers.contains_key(CONTENT_TYPE) {
        *request.body_mut() = Some(reqwest::Body::from(body.clone()));
    }
    *request.headers_mut() = headers;
    if let Some(timeout) = target.timeout() {
        *request.timeout_mut() = Some(timeout);
    }

    let started = Instant::now();
    let transport = |error: reqwest::Error| {
        Error::transport(operation.name, attempt, redactor.reqwest_error(error))
    };
    let response = target.shared.http.execute(request).await;
    drop(permit);
    let response = response
        .map_err(transport)
        .inspect_err(|error| tracing::debug!(attempt, %error, "HubSpot request failed"))?;
    let status = response.status();
    let headers = response.headers().clone();
    let span = tracing::Span::current();
    span.record("status", status.as_u16());
    if let Some(id) = headers
        .get("x-hubspot-correlation-id")
        .and_then(|v| v.to_str().ok())
    {
        span.record(
            "correlation_id",
            excerpt(&redactor.redact(id), REASON_CHARS).as_str(),
        );
    }
    let body = read_body(response)
        .await
        .map_err(|(error, received, expected)| {
            // Body errors carry no URL: the one of the request, without credentials.
            let error = match error.url() {
                Some(_) => error,
                None => error.with_url(plain.clone()),
            };
            transport(error).with_body_progress(received, expected)
        })
        .inspect_err(|error| tracing::debug!(attempt, %error, "HubSpot response failed"))?;
    let elapsed = started.elapsed();
    tracing::debug!(
        attempt,
        status = status.as_u16(),
        elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        body_bytes = body.len(),
        "HubSpot response"
    );
    if let Some(hook) = &target.shared.on_response {
        hook(&ResponseInfo {
            operation,
            attempt,
            status: status.as_u16(),
            headers: &redactor.headers(&headers),
            elapsed,
        });
    }
    let response = Response::new(operation, status, headers, body, redactor).with_attempts(attempt);
    Ok((response, sourced))
}
