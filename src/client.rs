//! [`Client`] and its [`ClientBuilder`]: base URL, credentials, HTTP client settings.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::rt::{HookDebug, Limiter, RateLimit, ResponseHook, ResponseInfo, RetryPolicy};

/// HubSpot's production API base URL, the default for [`ClientBuilder::base_url`].
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// Overall request timeout used when the client builds its own HTTP client and
/// [`ClientBuilder::timeout`] is not set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Connect timeout used when the client builds its own HTTP client and
/// [`ClientBuilder::connect_timeout`] is not set.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

const REDACTED: &str = "<redacted>";

/// A HubSpot API client.
///
/// Cheap to clone (one `Arc`); share one per process so connections are pooled. Operations are
/// reached through the per-API accessors (e.g. `client.calls()`).
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
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Normalized, without a trailing slash.
    pub(crate) base_url: String,
    pub(crate) access_token: Option<AccessToken>,
    pub(crate) developer_api_key: Option<Secret>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) default_headers: HeaderMap,
    /// Per-request timeout, only set for a caller-supplied HTTP client with an explicit timeout.
    pub(crate) request_timeout: Option<Duration>,
    /// Strings that must never appear in errors: credentials and their URL-encoded forms.
    pub(crate) redactor: Redactor,
    pub(crate) retry: RetryPolicy,
    /// The client-side rate limiter, shared by all clones of the client.
    pub(crate) limiter: Option<Limiter>,
    pub(crate) on_response: Option<ResponseHook>,
}

/// A credential. `Debug` never shows the value.
pub(crate) struct Secret {
    value: String,
}

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.value
    }
}

/// The access token and its ready-made `Authorization: Bearer <token>` header value (marked
/// sensitive).
pub(crate) struct AccessToken {
    pub(crate) secret: Secret,
    pub(crate) header: HeaderValue,
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Replaces configured secrets in text that came from the network or from URLs.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Arc<[String]>,
}

impl Redactor {
    /// Secrets shorter than this are not searched for in free text: a one-letter test token
    /// would otherwise garble every error body. Real HubSpot tokens and keys are far longer;
    /// headers and the `hapikey` parameter are redacted by name whatever their length.
    const MIN_LEN: usize = 8;

    fn new(secrets: Vec<String>) -> Self {
        let mut secrets: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.len() >= Self::MIN_LEN)
            .collect();
        // Longest first so a secret that contains another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor {
            secrets: secrets.into(),
        }
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in self.secrets.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Client {
    /// Starts configuring a client. At least one credential is needed for most operations:
    /// [`ClientBuilder::access_token`] and/or [`ClientBuilder::developer_api_key`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to, without a trailing slash
    /// (default `https://api.hubapi.com`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// True when an access token (private app / OAuth) is configured.
    pub fn has_access_token(&self) -> bool {
        self.inner.access_token.is_some()
    }

    /// True when a developer API key (`hapikey`) is configured.
    pub fn has_developer_api_key(&self) -> bool {
        self.inner.developer_api_key.is_some()
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The client-side rate limits, when the limiter is on.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.inner.limiter.as_ref().map(Limiter::config)
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field(
                "access_token",
                &inner.access_token.as_ref().map(|_| REDACTED),
            )
            .field(
                "developer_api_key",
                &inner.developer_api_key.as_ref().map(|_| REDACTED),
            )
            .field("user_agent", &inner.user_agent)
            .field(
                "default_headers",
                &inner.default_headers.keys().collect::<Vec<_>>(),
            )
            .field("request_timeout", &inner.request_timeout)
            .field("retry_policy", &inner.retry)
            .field("rate_limit", &self.rate_limit())
            .field("on_response", &HookDebug(&inner.on_response))
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`]. Obtain one with [`Client::builder`].
///
/// Settings are validated by [`ClientBuilder::build`], which returns [`Error::Config`] when one is
/// invalid.
#[derive(Default)]
pub struct ClientBuilder {
    access_token: Option<String>,
    developer_api_key: Option<String>,
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
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| REDACTED),
            )
            .field(
                "developer_api_key",
                &self.developer_api_key.as_ref().map(|_| REDACTED),
            )
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
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// Developer API key, sent as the `hapikey` query parameter to operations that accept it
    /// (e.g. calling-extension settings of a developer account's app).
    pub fn developer_api_key(mut self, key: impl Into<String>) -> Self {
        self.developer_api_key = Some(key.into());
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
    /// without it, HubSpot's 429s are retried as the [`RetryPolicy`] says.
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

        let access_token = match self.access_token {
            None => None,
            Some(token) => {
                if token.is_empty() {
                    return Err(config("the access token is empty"));
                }
                let mut header =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                        config(
                            "the access token contains characters that cannot be sent in an HTTP \
                         header (check for a trailing newline or whitespace)",
                        )
                    })?;
                header.set_sensitive(true);
                Some(AccessToken {
                    secret: Secret { value: token },
                    header,
                })
            }
        };

        let developer_api_key = match self.developer_api_key {
            None => None,
            Some(key) => {
                if key.is_empty() {
                    return Err(config("the developer API key is empty"));
                }
                if key.chars().any(|c| c.is_control() || c.is_whitespace()) {
                    return Err(config(
                        "the developer API key contains whitespace or control characters \
                         (check for a trailing newline)",
                    ));
                }
                Some(Secret { value: key })
            }
        };

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

        let (http, request_timeout) = match self.http_client {
            Some(client) => {
                if self.connect_timeout.is_some() {
                    return Err(config(
                        "connect_timeout cannot be applied to a caller-supplied reqwest::Client; \
                         set it on that client's builder instead",
                    ));
                }
                (client, self.timeout)
            }
            None => {
                let client = reqwest::Client::builder()
                    .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .build()
                    .map_err(|e| config(format!("could not create the HTTP client: {e}")))?;
                (client, None)
            }
        };

        let mut secrets = Vec::new();
        let token_secret = access_token.as_ref().map(|t| &t.secret);
        for secret in [token_secret, developer_api_key.as_ref()]
            .into_iter()
            .flatten()
        {
            let raw = secret.expose();
            secrets.push(raw.to_owned());
            secrets.push(crate::rt::encode_query_component(raw));
        }

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                access_token,
                developer_api_key,
                user_agent,
                default_headers,
                request_timeout,
                redactor: Redactor::new(secrets),
                retry: self.retry,
                limiter: self.rate_limit.map(Limiter::new),
                on_response: self.on_response,
            }),
        })
    }
}

fn config(message: impl Into<String>) -> Error {
    Error::Config {
        message: message.into(),
    }
}

fn is_sensitive_header(name: &HeaderName) -> bool {
    name == http::header::AUTHORIZATION
        || name == http::header::PROXY_AUTHORIZATION
        || name == http::header::COOKIE
        || name.as_str().contains("key")
        || name.as_str().contains("token")
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

    #[test]
    fn redactor_replaces_every_secret() {
        let r = Redactor::new(vec![
            "abcdefgh".into(),
            "abcdefghijkl".into(),
            String::new(),
        ]);
        assert_eq!(
            r.redact("x abcdefghijkl y abcdefgh"),
            "x <redacted> y <redacted>"
        );
        assert_eq!(r.redact("nothing"), "nothing");
    }

    #[test]
    fn short_secrets_do_not_garble_text() {
        let r = Redactor::new(vec!["t".into()]);
        assert_eq!(r.redact("the total"), "the total");
    }
}
