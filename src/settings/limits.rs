//! [`RateLimit`], [`Quota`] and [`Bucket`]: the settings of the client-side rate limiter (the
//! limiter itself is `transport::limiter`).

use std::time::Duration;

use crate::operation::{Method, Operation};
#[cfg(feature = "redis")]
use crate::settings::RedisStore;

/// The longest window a [`Quota`] may have (keeps instant arithmetic far from overflow).
const MAX_WINDOW: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// The longest [`RateLimit::margin`] (a margin as long as a window halves the throughput).
const MAX_MARGIN: Duration = Duration::from_secs(60);

/// Which requests a [`Quota`] counts. See [`RateLimit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Bucket {
    /// Every request (HubSpot's `TEN_SECONDLY_ROLLING` burst limit: 100 requests per 10 s for a
    /// private app on a Free or Starter account, more on higher tiers).
    All,
    /// Search requests (`POST …/search`), which HubSpot limits separately (`SECONDLY`: 5 per
    /// second per account). They count in [`Bucket::All`] too.
    Search,
}

impl Bucket {
    /// The narrowest bucket `operation` belongs to: [`Bucket::Search`] for HubSpot's search
    /// endpoints (a POST to a path ending in `/search`), else [`Bucket::All`].
    pub fn of(operation: &Operation) -> Bucket {
        if operation.method == Method::POST
            && operation.path.trim_end_matches('/').ends_with("/search")
        {
            Bucket::Search
        } else {
            Bucket::All
        }
    }
}

/// At most `requests` requests in any window of length `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub(crate) requests: u32,
    pub(crate) per: Duration,
}

impl Quota {
    /// At most `requests` requests in any window of `per`. Both must be non-zero, and `per` at
    /// most a year ([`ClientBuilder::build`](crate::ClientBuilder::build) checks).
    pub fn new(requests: u32, per: Duration) -> Self {
        Quota { requests, per }
    }

    /// The number of requests allowed per window.
    pub fn requests(&self) -> u32 {
        self.requests
    }

    /// The window length.
    pub fn per(&self) -> Duration {
        self.per
    }
}

/// Client-side rate limits, per [`Bucket`]. Off unless set with
/// [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit).
///
/// Each account has its own counters: clones of a [`Client`](crate::Client) share them, and
/// [`Client::for_account`](crate::Client::for_account) starts fresh ones with the same quotas
/// ([`Client::with_rate_limit_account`](crate::Client::with_rate_limit_account) names the
/// account, so that handles with the same name share one count).
///
/// `RateLimit::default()` follows HubSpot's documented limits for a private app on a Free or
/// Starter account: 100 requests per 10 seconds ([`Bucket::All`]) and 5 search requests per
/// second ([`Bucket::Search`]). Raise them to your account's limits (e.g. 190 per 10 s on
/// Professional and Enterprise) with [`RateLimit::quota`]. HubSpot counts per account (or per
/// app).
///
/// HubSpot counts requests when they arrive, which the client cannot see: a request arrives
/// some time after it was sent and before its response comes back. So the limiter counts each
/// request as happening until its response (or its failure) arrives, and the next request that
/// needs its place goes one window **plus a [margin](RateLimit::margin)** after that. No window
/// at HubSpot's end then holds more than the quota, whatever the delays on the way, at the cost
/// of a little throughput (about `latency + margin` per window). A request that fails
/// (connection refused, timeout) keeps its place too, stamped when it failed: it may have
/// reached HubSpot.
///
/// When HubSpot still answers 429, the retried request and every later one of the same bucket
/// wait until HubSpot's window has passed.
///
/// The counts live in this process by default. Several processes (replicas of one backend)
/// share them through Redis with `RateLimit::redis` (feature `redis`).
///
/// ```
/// use std::time::Duration;
/// use hubspot_calling::{Bucket, Client, Quota, RateLimit};
///
/// # fn main() -> Result<(), hubspot_calling::Error> {
/// let client = Client::builder()
///     .access_token("pat-na1-...")
///     .rate_limit(
///         RateLimit::default()
///             .quota(Bucket::All, Quota::new(190, Duration::from_secs(10)))
///             .margin(Duration::from_millis(100)),
///     )
///     .build()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    all: Option<Quota>,
    search: Option<Quota>,
    margin: Duration,
    #[cfg(feature = "redis")]
    redis: Option<RedisStore>,
}

impl Default for RateLimit {
    /// 100 requests per 10 s, of which at most 5 searches per second, a 50 ms margin, counted in
    /// this process.
    fn default() -> Self {
        RateLimit {
            all: Some(Quota::new(100, Duration::from_secs(10))),
            search: Some(Quota::new(5, Duration::from_secs(1))),
            margin: RateLimit::DEFAULT_MARGIN,
            #[cfg(feature = "redis")]
            redis: None,
        }
    }
}

impl RateLimit {
    /// The default [`RateLimit::margin`]: 50 ms.
    pub const DEFAULT_MARGIN: Duration = Duration::from_millis(50);

    /// The default limits (see [`RateLimit`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the quota of `bucket`.
    pub fn quota(mut self, bucket: Bucket, quota: Quota) -> Self {
        *self.slot(bucket) = Some(quota);
        self
    }

    /// Removes the limit of `bucket`.
    pub fn unlimited(mut self, bucket: Bucket) -> Self {
        *self.slot(bucket) = None;
        self
    }

    /// The quota of `bucket`, if it is limited.
    pub fn get(&self, bucket: Bucket) -> Option<Quota> {
        match bucket {
            Bucket::All => self.all,
            Bucket::Search => self.search,
        }
    }

    /// Extra time after each window before a request takes the place of an earlier one
    /// (default 50 ms, [`RateLimit::DEFAULT_MARGIN`]; at most a minute).
    ///
    /// Counting each request until its response arrives already covers network, connection
    /// set-up and wake-up delays. The margin covers what that cannot see: clocks that count in
    /// whole milliseconds, a server that buckets its rolling window, a proxy that holds a
    /// request back after the client gave up on it, and the drift of the Redis server's clock
    /// (`RateLimit::redis`). It costs `margin / window` of the throughput: 0.5% of HubSpot's
    /// 10 s window, 5% of the 1 s search window.
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The [margin](RateLimit::margin) after each window.
    pub fn get_margin(&self) -> Duration {
        self.margin
    }

    /// Keeps the counts in Redis, shared by every process that uses the same store (replicas of
    /// one backend serving the same HubSpot app), instead of in this process.
    ///
    /// ```
    /// use hubspot_calling::{Client, RateLimit, RedisStore};
    ///
    /// # fn main() -> Result<(), hubspot_calling::Error> {
    /// let limits = RateLimit::default().redis(RedisStore::new("redis://127.0.0.1:6379", "app-123"));
    /// let app = Client::builder().rate_limit(limits).build()?; // connects on first use
    /// # let _ = app;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "redis")]
    pub fn redis(mut self, store: RedisStore) -> Self {
        self.redis = Some(store);
        self
    }

    /// The Redis store of the counts, when they are kept in Redis.
    #[cfg(feature = "redis")]
    pub fn get_redis(&self) -> Option<&RedisStore> {
        self.redis.as_ref()
    }

    fn slot(&mut self, bucket: Bucket) -> &mut Option<Quota> {
        match bucket {
            Bucket::All => &mut self.all,
            Bucket::Search => &mut self.search,
        }
    }

    /// A problem with the settings, for [`crate::Error::Config`].
    pub(crate) fn problem(&self) -> Option<String> {
        if self.margin > MAX_MARGIN {
            return Some("the rate limit margin is longer than a minute".to_owned());
        }
        #[cfg(feature = "redis")]
        if let Some(problem) = self.redis.as_ref().and_then(RedisStore::problem) {
            return Some(problem);
        }
        [(Bucket::All, self.all), (Bucket::Search, self.search)]
            .into_iter()
            .find_map(|(bucket, quota)| match quota {
                Some(q) if q.requests == 0 || q.per.is_zero() => Some(format!(
                    "the rate limit of {bucket:?} requests must allow at least one request per \
                     non-zero window (use RateLimit::unlimited to remove it)"
                )),
                Some(q) if q.per > MAX_WINDOW => Some(format!(
                    "the rate limit window of {bucket:?} requests is longer than a year"
                )),
                _ => None,
            })
    }
}

/// A problem with a name that becomes part of a limiter key (an app, an account, a key prefix),
/// for [`crate::Error::Config`]: it must be 1 to 200 bytes without whitespace, control
/// characters or braces (Redis hash tags).
pub(crate) fn name_problem(what: &str, name: &str) -> Option<String> {
    if name.is_empty() || name.len() > 200 {
        return Some(format!("the {what} must be 1 to 200 bytes long"));
    }
    if name
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '{' || c == '}')
    {
        return Some(format!(
            "the {what} {name:?} must not contain whitespace, control characters or braces"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    static LIST: Operation = Operation {
        name: "list",
        method: Method::GET,
        path: "/crm/v3/objects/calls",
        security: &[],
        idempotent: true,
    };
    static SEARCH: Operation = Operation {
        name: "search",
        method: Method::POST,
        path: "/crm/v3/objects/calls/search",
        security: &[],
        idempotent: true,
    };

    #[test]
    fn search_detection() {
        assert_eq!(Bucket::of(&SEARCH), Bucket::Search);
        assert_eq!(Bucket::of(&LIST), Bucket::All);
        let get_search = Operation {
            name: "get",
            method: Method::GET,
            path: "/x/search",
            security: &[],
            idempotent: true,
        };
        assert_eq!(Bucket::of(&get_search), Bucket::All);
    }

    #[test]
    fn invalid_quotas_are_reported() {
        assert!(RateLimit::default().problem().is_none());
        let zero =
            RateLimit::default().quota(Bucket::Search, Quota::new(0, Duration::from_secs(1)));
        assert!(zero.problem().is_some_and(|p| p.contains("Search")));
        let instant = RateLimit::default().quota(Bucket::All, Quota::new(5, Duration::ZERO));
        assert!(instant.problem().is_some());
        let forever = RateLimit::default().quota(Bucket::All, Quota::new(5, Duration::MAX));
        assert!(forever.problem().is_some());
        let daily = Quota::new(250_000, Duration::from_secs(24 * 60 * 60));
        assert!(RateLimit::default()
            .quota(Bucket::All, daily)
            .problem()
            .is_none());
        assert_eq!(RateLimit::default().get_margin(), RateLimit::DEFAULT_MARGIN);
        let slow = RateLimit::default().margin(Duration::from_secs(61));
        assert!(slow.problem().is_some_and(|p| p.contains("margin")));
    }

    #[test]
    fn key_names_are_checked() {
        assert!(name_problem("account", "123456").is_none());
        assert!(name_problem("account", "eu1:portal-7").is_none());
        for bad in ["", "a b", "a{b}", "tab\t", &"x".repeat(201)] {
            assert!(name_problem("account", bad).is_some(), "{bad:?} accepted");
        }
    }
}
