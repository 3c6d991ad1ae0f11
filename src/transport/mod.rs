//! Carrying requests out: credential selection ([`auth`]) and tokens from a token source
//! ([`token`]), retry classification ([`classify`]), the client-side limiter ([`limiter`]),
//! sending with retries ([`send`]), paging ([`paging`]) and chunked batches ([`chunks`]).
//!
//! The state a request needs is split the way it is shared: [`Shared`] (one per
//! [`Client`](crate::Client) and all its accounts: the HTTP connection pool, base URL, retry
//! policy, hook, user agent, default headers) and [`Account`] (one per account: credentials,
//! the redactor of its secrets, its rate limiter). A [`Target`] is both, plus one request's
//! [`RequestOptions`].
//!
//! Layer 3: imports only layers 0 to 2.

pub(crate) mod auth;
pub(crate) mod chunks;
pub(crate) mod classify;
pub(crate) mod limiter;
pub(crate) mod paging;
pub(crate) mod send;
pub(crate) mod token;

use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::redact::{is_sensitive_header, Redactor};
use crate::settings::{Credentials, RateLimit, RequestOptions, ResponseHook, RetryPolicy};
use crate::wire::encode_query_component;

/// What every account of one client shares.
pub(crate) struct Shared {
    pub(crate) http: reqwest::Client,
    /// Normalized, without a trailing slash.
    pub(crate) base_url: String,
    pub(crate) user_agent: HeaderValue,
    pub(crate) default_headers: HeaderMap,
    /// Per-request timeout, only set for a caller-supplied HTTP client with an explicit timeout.
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// The quotas each account's limiter enforces (each account counts on its own).
    pub(crate) rate_limit: Option<RateLimit>,
    /// Where the limiters count, when `rate_limit` is set.
    pub(crate) limit_store: Option<Arc<dyn limiter::Store>>,
    /// The longest one attempt can take (the client's timeout), when it is known.
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) on_response: Option<ResponseHook>,
}

impl Shared {
    /// Values of sensitive default headers (e.g. an API key header), redacted like credentials.
    fn secret_header_values(&self) -> impl Iterator<Item = &str> {
        self.default_headers
            .iter()
            .filter(|(name, _)| is_sensitive_header(name))
            .filter_map(|(_, value)| value.to_str().ok())
    }
}

/// What belongs to one account.
#[derive(Debug)]
pub(crate) struct Account {
    /// Its credentials, and the redactor of every secret they imply (credentials, their
    /// URL-encoded forms, the tokens its token source handed out); shared by the handles of
    /// [`Account::named`].
    pub(crate) keys: Arc<auth::Keys>,
    /// The client-side rate limiter of this account, shared by all clones of its client.
    pub(crate) limiter: Option<limiter::Limiter>,
}

impl Account {
    /// An account with `credentials` and a fresh limiter with the shared quotas.
    ///
    /// # Errors
    /// [`Error::Config`] for a credential that is empty or cannot be sent.
    pub(crate) fn new(shared: &Shared, credentials: &Credentials) -> Result<Account, Error> {
        Ok(Account {
            keys: Arc::new(auth::Keys::new(credentials, shared.secret_header_values())?),
            limiter: shared
                .limit_store
                .as_deref()
                .map(|store| limiter::Limiter::new(store, None)),
        })
    }

    /// The same account with the limiter of the account named `name` (shared by every handle
    /// with that name).
    pub(crate) fn named(&self, shared: &Shared, name: &str) -> Account {
        Account {
            keys: self.keys.clone(),
            limiter: shared
                .limit_store
                .as_deref()
                .map(|store| limiter::Limiter::new(store, Some(name))),
        }
    }
}

/// Where and how one request goes.
#[derive(Clone, Copy)]
pub(crate) struct Target<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) account: &'a Account,
    pub(crate) options: &'a RequestOptions,
}

impl Target<'_> {
    /// The retry policy of this request.
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        self.options
            .retry_policy
            .as_ref()
            .unwrap_or(&self.shared.retry)
    }

    /// The timeout of each attempt, when one is set per request or for a caller-supplied client.
    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.options.timeout.or(self.shared.request_timeout)
    }

    /// The longest an attempt can take before its response (or its failure) arrives: its
    /// timeout, or 5 minutes when no timeout is known. The limiter's store adds its own delays.
    pub(crate) fn lease(&self) -> Duration {
        self.options
            .timeout
            .or(self.shared.attempt_timeout)
            .unwrap_or(Duration::from_secs(300))
    }

    /// The account's redactor (as of now: with the tokens its source handed out so far), plus
    /// this request's own secrets (its access token, the values of its sensitive extra headers,
    /// secrets of its body or path).
    pub(crate) fn redactor(&self) -> Redactor {
        let token = self.options.access_token.as_ref().map(|t| t.expose());
        let secrets = self.options.secrets.iter().map(|s| s.expose());
        let headers = self
            .options
            .headers
            .iter()
            .filter(|(name, _)| {
                HeaderName::from_bytes(name.as_bytes()).is_ok_and(|n| is_sensitive_header(&n))
            })
            .map(|(_, value)| value.as_str());
        let mut redactor = self.account.keys.redactor();
        for secret in token.into_iter().chain(headers).chain(secrets) {
            redactor = redactor.with_secret(secret, encode_query_component);
        }
        redactor
    }
}
