//! Typed Rust client for HubSpot's Calls and Calling Extensions APIs.
//!
//! The API modules (`calls`, `calling_extensions`, ...) are generated from HubSpot's OpenAPI
//! documents; this crate's hand-written runtime provides the [`Client`], authentication,
//! transport and the [`Error`] type.
//!
//! ```no_run
//! use hubspot_calling::{calls::CallCreateRequest, Client, Error};
//!
//! # async fn run(request: CallCreateRequest) -> Result<(), Error> {
//! let client = Client::builder()
//!     .access_token(std::env::var("HUBSPOT_TOKEN").unwrap_or_default()) // private app / OAuth
//!     .build()?; // base URL defaults to https://api.hubapi.com
//!
//! match client.calls().create_call(request).send().await {
//!     Ok(call) => println!("logged call {}", call.id),
//!     Err(Error::Api(api)) if api.status == 400 => eprintln!("rejected: {api}"),
//!     Err(other) => return Err(other),
//! }
//! # Ok(()) }
//! ```
//!
//! # Credentials
//!
//! - [`ClientBuilder::access_token`]: private app or OAuth access token, sent as
//!   `Authorization: Bearer <token>`.
//! - [`ClientBuilder::developer_api_key`]: developer API key, sent as the `hapikey` query
//!   parameter, for operations on a developer account's app (e.g. calling-extension settings).
//! - [`Credentials::token_source`] / [`ClientBuilder::token_source`]: a [`TokenSource`] asked
//!   for the access token on every attempt, e.g. the OAuth refresher of [`auth`], which renews
//!   it before it expires and once after HubSpot answers that it expired (the request is then
//!   replayed once); or your own, for tokens kept in a database or vault.
//!
//! Each operation uses the first credential (in the order its spec lists them) that is
//! configured; when none is, it fails with [`Error::MissingCredential`] without sending anything.
//! Credentials, and every token a token source hands out, never appear in `Debug` output,
//! errors or logs.
//!
//! One client can serve many HubSpot accounts: [`Client::for_account`] gives a cheap handle with
//! the account's [`Credentials`] (e.g. its own OAuth refresher) and its own rate limiter,
//! sharing the connection pool. [`auth`] has the install flow (authorize URL, code exchange)
//! and learns which account a token belongs to.
//!
//! # Per-request options
//!
//! Builders that implement [`rt::Endpoint`] take options for one request: `with_header`,
//! `with_timeout`, `with_retry_policy`, `with_credential` (e.g. the access token where the spec
//! prefers the developer API key), `with_access_token` and `with_options` ([`RequestOptions`]).
//!
//! # Errors
//!
//! Non-success responses become [`Error::Api`] with HubSpot's category, message and
//! correlationId ([`ApiError`]), or [`Error::RateLimited`] for a 429 that was not retried; see
//! [`Error`] for the other cases.
//!
//! # Retries and rate limits
//!
//! Requests are retried by the client's [`RetryPolicy`] (default: 3 retries of 429, 502, 503,
//! 504 and connection failures, honouring `Retry-After` and HubSpot's rate-limit policy; a create
//! is never re-sent once it may have reached HubSpot). [`ClientBuilder::rate_limit`] turns on a
//! client-side limiter ([`RateLimit`]: 100 requests per 10 s, 5 searches per second by default),
//! which counts each request until its response arrives, so that HubSpot never sees more than
//! the quota in a window. Its counts live in this process, or in Redis for several replicas
//! (feature `redis`: `RedisStore`); [`Client::with_rate_limit_account`] names an account's
//! counts.
//!
//! # Types of other crates
//!
//! [`types`] re-exports the types of other crates that appear in this crate's API
//! (`DateTime<Utc>`, `NaiveDate`, `Uuid`, `serde_json::Value` and `Map`, `Bytes`) and the crates
//! themselves (`chrono`, `uuid`, `serde_json`, `bytes`, `http`), so you need no matching
//! versions of your own.
//!
//! # Sans-IO
//!
//! Every request builder can also produce a plain [`http::Request`] (`build_request`) for use
//! with any HTTP stack; its `parse_response` decodes the answer.
//!
//! # The runtime in layers
//!
//! The hand-written runtime is a graph without cycles: a module imports only from its own layer
//! or lower ones (a unit test checks it).
//!
//! ```text
//! layer 0  text       one_line, cut, excerpt: how network text is shown
//!          error      Error, ApiError, ErrorBody, RateLimitPolicy (read from a 429's headers/body),
//!                     TransportFailure (read from a reqwest error's source chain), TokenError
//!          redact     Secret, Redactor: secrets out of text, headers, URLs
//!          operation  Operation, Scheme, Security, ApiKeyLocation: static descriptions
//! layer 1  settings/  retry (RetryPolicy), limits (RateLimit, Quota, Bucket), redis_store
//!                     (RedisStore), hooks (ResponseInfo), credentials (Credentials,
//!                     CredentialKind), token (TokenSource, AccessToken, StaticToken), options
//!                     (RequestOptions)
//! layer 2  wire/      request (Request, ParamValue), response (Response: decoding, into_error),
//!                     de (union and null helpers)
//! layer 3  transport/ auth (credential selection, per attempt), token (a token source's
//!                     tokens, learned by the redactor), classify (outcome -> retry decision,
//!                     expired token; pure), limiter (sliding window, guard; stores: memory,
//!                     redis), send (attempt and retry loop, replay after an expired token),
//!                     paging (pages, items, guards), chunks; Shared / Account / Target state
//! layer 4  client     Client, ClientBuilder, Client::for_account
//! layer 5  rt         the facade generated code uses: re-exports, Endpoint, CursorPaged,
//!                     Chunked, Context, endpoint_methods!, open_enum!
//! layer 6  auth/      OAuth: OAuthApp (install flow, token endpoint, access-token info),
//!                     OAuthRefresher (a TokenSource), TokenSet, TokenStore
//! above    toolkit, the generated API modules; types (re-exports of other crates only)
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

// Generated code names its runtime as `::hubspot_calling::rt` (the generator's default runtime
// path), in a user's crate and in this one alike.
extern crate self as hubspot_calling;

pub mod auth;
mod client;
mod error;
mod operation;
mod redact;
pub mod rt;
mod settings;
mod text;
pub mod toolkit;
mod transport;
pub mod types;
mod wire;

#[cfg(test)]
mod layering;

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{
    ApiError, Error, ErrorBody, ErrorDetail, RateLimitPolicy, Result, TokenError, TransportFailure,
};
#[cfg(feature = "redis")]
pub use settings::RedisStore;
pub use settings::{
    AccessToken, Bucket, CredentialKind, Credentials, Quota, RateLimit, RequestOptions,
    ResponseInfo, RetryPolicy, StaticToken, TokenFuture, TokenSource,
};

// The generated modules are formatted by the generator (prettyplease); rustfmt leaves them alone.
#[rustfmt::skip]
#[path = "../generated/mod.rs"]
mod generated;
// Until the generator has run, generated/mod.rs is empty and this import is unused.
#[allow(unused_imports)]
pub use generated::*;

/// The README's Rust examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
