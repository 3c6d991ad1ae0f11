//! [`RedisStore`]: where the rate limiter keeps its counts when several processes share them
//! (feature `redis`; the store itself is `transport::limiter::redis`).

use std::fmt;
use std::time::Duration;

use crate::settings::limits::name_problem;

/// The rate limiter's counts in Redis, shared by every process that uses the same server, app and
/// prefix: replicas of one calling backend then stay within HubSpot's per-account limits
/// together. Use it with [`RateLimit::redis`](crate::RateLimit::redis).
///
/// Each account's counts live in a sorted set per bucket, `<prefix>:{<app>:<account>}:<bucket>`
/// (`hubspot-calling:{app-123:4567890}:all`; the braces keep an account's keys in one Redis
/// Cluster slot), updated by one atomic script on the Redis server's clock, so replicas with
/// skewed clocks agree. Keys expire on their own (window + the longest request). The account is
/// the name given to [`Client::with_rate_limit_account`](crate::Client::with_rate_limit_account)
/// (`default` for a handle without one).
///
/// When Redis cannot be reached (or does not answer within [`RedisStore::timeout`]), requests
/// fail with [`Error::RateLimiter`](crate::Error::RateLimiter) and nothing is sent: the limiter
/// never lets requests through uncounted. The connection is made on first use and re-made after
/// a failure. Plain TCP (`redis://host:port/db`, with `user:password@` if needed) or a Unix socket
/// (`redis+unix:///path`); no TLS. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisStore {
    pub(crate) url: String,
    pub(crate) app: String,
    pub(crate) prefix: String,
    pub(crate) timeout: Duration,
}

impl RedisStore {
    /// The default [`RedisStore::prefix`] of the keys.
    pub const DEFAULT_PREFIX: &'static str = "hubspot-calling";

    /// The default [`RedisStore::timeout`].
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

    /// The counts of HubSpot app `app` (its app id or any stable name all replicas share) in the
    /// Redis server at `url`. The URL is checked by
    /// [`ClientBuilder::build`](crate::ClientBuilder::build); nothing connects before the first
    /// request.
    pub fn new(url: impl Into<String>, app: impl Into<String>) -> Self {
        RedisStore {
            url: url.into(),
            app: app.into(),
            prefix: Self::DEFAULT_PREFIX.to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// The first part of every key (default `hubspot-calling`), e.g. to share a Redis server
    /// between environments.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long one exchange with Redis may take, connecting included (default 2 s), before the
    /// request fails with [`Error::RateLimiter`](crate::Error::RateLimiter).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The app part of the keys.
    pub fn app(&self) -> &str {
        &self.app
    }

    /// A problem with the settings, for [`crate::Error::Config`].
    pub(crate) fn problem(&self) -> Option<String> {
        if self.timeout.is_zero() {
            return Some("the Redis timeout of the rate limiter must not be zero".to_owned());
        }
        name_problem("Redis key prefix", &self.prefix)
            .or_else(|| name_problem("app name of the Redis rate limiter", &self.app))
    }

    /// The URL with its password, if any, replaced (for `Debug` and error messages).
    pub(crate) fn shown_url(&self) -> String {
        match url::Url::parse(&self.url) {
            Ok(mut url) if url.password().is_some() => {
                // Cannot fail: the URL has a password, so it has an authority.
                let _ = url.set_password(Some("REDACTED"));
                url.to_string()
            }
            Ok(url) => url.to_string(),
            Err(_) => "<not a valid URL>".to_owned(),
        }
    }
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("url", &self.shown_url())
            .field("app", &self.app)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_password() {
        let store = RedisStore::new("redis://limiter:s3cret-pw@10.0.0.5:6380/2", "app-1");
        let shown = format!("{store:?}");
        assert!(!shown.contains("s3cret-pw"), "{shown}");
        assert!(shown.contains("10.0.0.5:6380"), "{shown}");
        assert!(!format!("{:?}", RedisStore::new("not a url s3cret", "a")).contains("s3cret"));
    }

    #[test]
    fn settings_are_checked() {
        assert!(RedisStore::new("redis://x", "app").problem().is_none());
        assert!(RedisStore::new("redis://x", "my app").problem().is_some());
        assert!(RedisStore::new("redis://x", "app")
            .prefix("")
            .problem()
            .is_some());
        assert!(RedisStore::new("redis://x", "app")
            .timeout(Duration::ZERO)
            .problem()
            .is_some());
    }
}
