//! [`RateLimit`], [`Quota`] and [`Bucket`]: the settings of the client-side rate limiter (the
//! limiter itself is `transport::limiter`).

use std::time::Duration;

use crate::operation::{Method, Operation};

/// The longest window a [`Quota`] may have (keeps instant arithmetic far from overflow).
const MAX_WINDOW: Duration = Duration::from_secs(366 * 24 * 60 * 60);

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
/// [`Client::for_account`](crate::Client::for_account) starts fresh ones with the same quotas.
///
/// `RateLimit::default()` follows HubSpot's documented limits for a private app on a Free or
/// Starter account: 100 requests per 10 seconds ([`Bucket::All`]) and 5 search requests per
/// second ([`Bucket::Search`]). Raise them to your account's limits (e.g. 190 per 10 s on
/// Professional and Enterprise) with [`RateLimit::quota`]. HubSpot counts per account (or per
/// app).
///
/// When HubSpot still answers 429, the retried request and every later one of the same bucket
/// wait until HubSpot's window has passed.
///
/// ```
/// use std::time::Duration;
/// use hubspot_calling::{Bucket, Client, Quota, RateLimit};
///
/// # fn main() -> Result<(), hubspot_calling::Error> {
/// let client = Client::builder()
///     .access_token("pat-na1-...")
///     .rate_limit(RateLimit::default().quota(Bucket::All, Quota::new(190, Duration::from_secs(10))))
///     .build()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    all: Option<Quota>,
    search: Option<Quota>,
}

impl Default for RateLimit {
    /// 100 requests per 10 s, of which at most 5 searches per second.
    fn default() -> Self {
        RateLimit {
            all: Some(Quota::new(100, Duration::from_secs(10))),
            search: Some(Quota::new(5, Duration::from_secs(1))),
        }
    }
}

impl RateLimit {
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

    fn slot(&mut self, bucket: Bucket) -> &mut Option<Quota> {
        match bucket {
            Bucket::All => &mut self.all,
            Bucket::Search => &mut self.search,
        }
    }

    /// A problem with the settings, for [`crate::Error::Config`].
    pub(crate) fn problem(&self) -> Option<String> {
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
    }
}
