//! [`Client`] and its [`ClientBuilder`]: settings validated and composed with the transport
//! state, and [`Client::for_account`] for one client serving many HubSpot accounts.
//!
//! Layer 4: imports layers 0 to 3.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::redact::is_sensitive_header;
use crate::settings::{
    name_problem, AccessToken, CredentialKind, Credentials, HookDebug, RateLimit, RequestOptions,
    ResponseHook, ResponseInfo, RetryPolicy, TokenSource,
};
use crate::transport::{limiter, Account, Shared, Target};

/// HubSpot's production API base URL, the default for [`ClientBuilder::base_url`].
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// Overall request timeout used when the client builds its own HTTP client and
/// [`ClientBuilder::timeout`] is not set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Connect timeout used when the client builds its own HTTP client and
/// [`ClientBuilder::connect_timeout`] is not set.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A HubSpot API client.
///
/// Cheap to clone (two `Arc`s); share one per process so connections are pooled. Operations are
/// reached through the per-API accessors (e.g. `client.calls()`). A client serving many HubSpot
/// accounts makes one cheap handle per account with [`Client::for_account`].
///
/// ```no_run
/// # fn main() -> Result<(), hubspot_calling::Error> {
/// let client = hubspot_calling::Client::builder()
///     .access_token("pat-na1-...")        // private app / OAuth access token
///     .developer_api_key("...")           // developer API key (hapikey), for calling-app settings
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.hubapi.com");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    /// The connection pool and settings, shared by every account of this client.
    shared: Arc<Shared>,
    /// This account's credentials, redactor and rate limiter, shared by clones of this handle.
    account: Arc<Account>,
}

impl Client {
    /// Starts configuring a client. At least one credential is needed for most operations:
    /// [`ClientBuilder::access_token`] and/or [`ClientBuilder::developer_api_key`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A handle for another HubSpot account: it shares this client's connection pool, base URL,
    /// retry policy, response hook, user agent and default headers, and has its own credentials
    /// and its own rate limiter (HubSpot's limits apply per account; the quotas are this
    /// client's). Cheap: thousands of accounts use one connection pool. Each account can have
    /// its own [`TokenSource`] (e.g. an [`OAuthRefresher`](crate::auth::OAuthRefresher) that
    /// renews the account's token: [`Credentials::token_source`]).
    ///
    /// ```
    /// use hubspot_calling::{Client, Credentials};
    ///
    /// # fn main() -> Result<(), hubspot_calling::Error> {
    /// let app = Client::builder().build()?;
    /// let account_a = app.for_account(Credentials::new().access_token("pat-na1-account-a"))?;
    /// let account_b = app.for_account(Credentials::new().access_token("pat-na1-account-b"))?;
    /// // account_a.calls().create_call(..), account_b.calling_extensions().inbound_call(..), ...
    /// # let _ = (account_a, account_b);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] for a credential that is empty or cannot be sent in an HTTP header.
    pub fn for_account(&self, credentials: Credentials) -> Result<Client, Error> {
        Ok(Client {
            shared: self.shared.clone(),
            account: Arc::new(Account::new(&self.shared, &credentials)?),
        })
    }

    /// This handle with the rate limiter of the HubSpot account named `account` (its hub id, or
    /// any name that stays the same): every handle with the same name counts in one window, in
    /// this process and, with `RateLimit::redis`, in every process sharing the Redis store.
    /// Its credentials and everything else stay the same. Handles without a name have counts of
    /// their own (in memory) or count as the account `default` (in Redis).
    ///
    /// Without [`ClientBuilder::rate_limit`] there is no limiter and the name changes nothing.
    ///
    /// ```
    /// use hubspot_calling::{Client, Credentials, RateLimit};
    ///
    /// # fn main() -> Result<(), hubspot_calling::Error> {
    /// let app = Client::builder().rate_limit(RateLimit::default()).build()?;
    /// let portal = app
    ///     .for_account(Credentials::new().access_token("pat-na1-account-a"))?
    ///     .with_rate_limit_account("4567890")?;
    /// // A second handle for the same portal (e.g. made per webhook) shares its counts.
    /// let again = app
    ///     .for_account(Credentials::new().access_token("pat-na1-account-a"))?
    ///     .with_rate_limit_account("4567890")?;
    /// # let _ = (portal, again);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] for a name that is empty, longer than 200 bytes, or contains
    /// whitespace, control characters or braces.
    pub fn with_rate_limit_account(&self, account: impl AsRef<str>) -> Result<Client, Error> {
        let account = account.as_ref();
        if let Some(problem) = name_problem("rate limit account", account) {
            return Err(config(problem));
        }
        Ok(Client {
            shared: self.shared.clone(),
            account: Arc::new(self.account.named(&self.shared, account)),
        })
    }

    /// The access token requests of this client send now: the configured one, or its token
    /// source's (renewed first if it is about to expire). For requests sent by other means,
    /// e.g. `build_request` (which cannot ask a token source) with `with_access_token`.
    ///
    /// # Errors
    /// [`Error::MissingCredential`] when no access token is configured, [`Error::Auth`] when
    /// the token source fails.
    pub async fn access_token(&self) -> Result<AccessToken, Error> {
        const OPERATION: &str = "access_token";
        match self.account.keys.current_token().await {
            Ok(Some(token)) => Ok(token),
            Ok(None) => Err(Error::MissingCredential {
                operation: OPERATION,
                accepted: format!("call {}", CredentialKind::AccessToken.setter()),
            }),
            Err(error) => Err(Error::Auth {
                operation: OPERATION,
                error,
            }),
        }
    }

    /// The base URL requests are sent to, without a trailing slash
    /// (default `https://api.hubapi.com`).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The underlying HTTP client (its connection pool is shared by every
    /// [`for_account`](Client::for_account) handle).
    pub fn http_client(&self) -> &reqwest::Client {
        &self.shared.http
    }

    /// True when an access token (private app / OAuth) or a token source is configured.
    pub fn has_access_token(&self) -> bool {
        self.account.keys.has(CredentialKind::AccessToken)
    }

    /// True when a developer API key (`hapikey`) is configured.
    pub fn has_developer_api_key(&self) -> bool {
        self.account.keys.has(CredentialKind::DeveloperApiKey)
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.shared.retry
    }

    /// The client-side rate limits, when the limiter is on.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.shared.rate_limit.as_ref()
    }

    /// Where and how a request with `options` goes.
    pub(crate) fn target<'a>(&'a self, options: &'a RequestOptions) -> Target<'a> {
        Target {
            shared: &self.shared,
            account: &self.account,
            options,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &self.shared;
        f.debug_struct("Client")
            .field("base_url", &shared.base_url)
            .field("credentials", &self.account.keys)
            .field("user_agent", &shared.user_agent)
            .field(
                "default_headers",
                &shared.default_headers.keys().collect::<Vec<_>>(),
            )
            .field("request_timeout", &shared.request_timeout)
            .field("retry_policy", &shared.retry)
            .field("rate_limit", &shared.rate_limit)
            .field("on_response", &HookDebug(&shared.on_response))
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`]. Obtain one with [`Client::builder`].
///
/// Settings are validated by [`ClientBuilder::build`], which returns [`Error::Config`] when one is
/// invalid.
#[derive(Default)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: Option<String>,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http_client: Option<reqwest::Client>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    on_response: Option<ResponseHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field(
                "default_headers",
                &self
                    .default_headers
                    .iter()
                    .map(|(name, _)| name.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .field("retry_policy", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("on_response", &HookDebug(&self.on_response))
            .finish()
    }
}

impl ClientBuilder {
    /// Access token of a private app or an OAuth app, sent as `Authorization: Bearer <token>`
    /// to operations that accept OAuth / private-app authentication.
    /// Replaces a [`ClientBuilder::token_source`].
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = self.credentials.access_token(token);
        self
    }

    /// Takes the access token from `source` on every attempt (your own vault, or any
    /// [`TokenSource`]); see [`Credentials::token_source`]. The crate's OAuth refresher needs a
    /// client to call HubSpot's token endpoint: give it to the account's handle instead
    /// ([`Client::for_account`]). Replaces a [`ClientBuilder::access_token`].
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.credentials = self.credentials.token_source(source);
        self
    }

    /// Developer API key, sent as the `hapikey` query parameter to operations that accept it
    /// (e.g. calling-extension settings of a developer account's app).
    pub fn developer_api_key(mut self, key: impl Into<String>) -> Self {
        self.credentials = self.credentials.developer_api_key(key);
        self
    }

    /// Base URL, default `https://api.hubapi.com`. May carry a path prefix
    /// (`http://localhost:4010/hubspot`); a trailing slash is tolerated. Must be `http` or `https`
    /// without query, fragment or user info.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// `User-Agent` header, default `hubspot-calling/<crate version>`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// A header sent with every request (e.g. a tracing header). Applied after `User-Agent` and
    /// `Accept` (so it can replace them), before operation parameters, credentials and
    /// `Content-Type` (which win). Validated by [`ClientBuilder::build`].
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Overall timeout of one request, from sending to the end of the response body.
    /// Default 60 s when the client builds its own HTTP client; with
    /// [`ClientBuilder::http_client`], the supplied client's own timeout applies unless this is
    /// set.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Timeout for establishing a connection. Default 10 s. Cannot be combined with
    /// [`ClientBuilder::http_client`] (configure it on that client instead).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// Sends requests through this HTTP client (proxies, custom TLS roots, middleware-free
    /// connection pool sharing) instead of one built by this crate.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// When and how often failed requests are sent again; default [`RetryPolicy::default`]
    /// (3 retries of 429, 502/503/504 and connection failures, honouring `Retry-After`; creates
    /// are never re-sent once they may have reached HubSpot). [`RetryPolicy::none`] turns retries
    /// off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Turns on the client-side rate limiter: requests wait until they fit the quotas (default
    /// [`RateLimit::default`]: 100 requests per 10 s, 5 searches per second). Off by default:
    /// without it, HubSpot's 429s are retried as the [`RetryPolicy`] says. Each account
    /// ([`Client::for_account`]) has its own limiter with these quotas.
    pub fn rate_limit(mut self, limits: RateLimit) -> Self {
        self.rate_limit = Some(limits);
        self
    }

    /// Calls `hook` with every HTTP response received (status, headers, attempt, elapsed time),
    /// before it is decoded or retried: for metrics, HubSpot's `x-hubspot-ratelimit-*` headers or
    /// checks in tests. Keep it fast; it runs on the request's task.
    pub fn on_response(mut self, hook: impl Fn(&ResponseInfo<'_>) + Send + Sync + 'static) -> Self {
        self.on_response = Some(Arc::new(hook));
        self
    }

    /// Validates the settings and builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] for an invalid base URL, user agent, default header, a credential that
    /// is empty or cannot be sent in an HTTP header, `connect_timeout` combined with
    /// `http_client`, a rate limit of zero requests or a zero window, or when the HTTP client
    /// cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(problem) = self.rate_limit.as_ref().and_then(RateLimit::problem) {
            return Err(config(problem));
        }
        let base_url = normalize_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;

        let user_agent = match self.user_agent {
            None => {
                HeaderValue::from_static(concat!("hubspot-calling/", env!("CARGO_PKG_VERSION")))
            }
            Some(ua) => HeaderValue::from_str(&ua).map_err(|_| {
                config(format!(
                    "user agent {ua:?} contains characters that are not allowed in an HTTP header"
                ))
            })?,
        };

        let mut default_headers = HeaderMap::new();
        for (name, value) in self.default_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                config(format!(
                    "default header name {name:?} is not a valid HTTP header name"
                ))
            })?;
            let mut header_value = HeaderValue::from_str(&value).map_err(|_| {
                config(format!(
                    "the value of default header `{header_name}` contains characters that are \
                     not allowed in an HTTP header"
                ))
            })?;
            if is_sensitive_header(&header_name) {
                header_value.set_sensitive(true);
            }
            default_headers.append(header_name, header_value);
        }

        let (http, request_timeout, attempt_timeout) = match self.http_client {
            Some(client) => {
                if self.connect_timeout.is_some() {
                    return Err(config(
                        "connect_timeout cannot be applied to a caller-supplied reqwest::Client; \
                         set it on that client's builder instead",
                    ));
                }
                (client, self.timeout, self.timeout)
            }
            None => {
                let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
                let client = reqwest::Client::builder()
                    .timeout(timeout)
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .build()
                    .map_err(|e| config(format!("could not create the HTTP client: {e}")))?;
                (client, None, Some(timeout))
            }
        };
        let limit_store = self.rate_limit.as_ref().map(limiter::store).transpose()?;

        let shared = Shared {
            http,
            base_url,
            user_agent,
            default_headers,
            request_timeout,
            retry: self.retry,
            rate_limit: self.rate_limit,
            limit_store,
            attempt_timeout,
            on_response: self.on_response,
        };
        let account = Account::new(&shared, &self.credentials)?;
        Ok(Client {
            shared: Arc::new(shared),
            account: Arc::new(account),
        })
    }
}

fn config(message: impl Into<String>) -> Error {
    Error::Config {
        message: message.into(),
    }
}

fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim();
    let url = reqwest::Url::parse(trimmed).map_err(|e| {
        config(format!(
            "base URL {trimmed:?} is not a valid absolute URL: {e}"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(config(format!(
            "base URL must use http or https, not `{}`",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(config("base URL has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config(
            "base URL must not contain user info; configure credentials with \
             ClientBuilder::access_token or ClientBuilder::developer_api_key",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config(
            "base URL must not contain a query or fragment; configure the developer API key with \
             ClientBuilder::developer_api_key",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_normalization() {
        assert_eq!(
            normalize_base_url("https://api.hubapi.com/")
                .ok()
                .as_deref(),
            Some("https://api.hubapi.com")
        );
        assert_eq!(
            normalize_base_url("http://127.0.0.1:8080/prefix//")
                .ok()
                .as_deref(),
            Some("http://127.0.0.1:8080/prefix")
        );
        for bad in [
            "",
            "api.hubapi.com",
            "ftp://api.hubapi.com",
            "https://user:pw@api.hubapi.com",
            "https://api.hubapi.com/?hapikey=x",
            "https://api.hubapi.com/#x",
        ] {
            assert!(
                matches!(normalize_base_url(bad), Err(Error::Config { .. })),
                "{bad:?} accepted"
            );
        }
    }
}
