//! The optional client-side rate limiter (its settings are `settings::limits`): the waiting loop
//! and the guard here, the counts in a [`Store`]: in this process ([`memory`], the default) or in
//! Redis ([`redis`](self), feature `redis`) for several processes.
//!
//! # A sliding-window log, not GCRA
//!
//! HubSpot counts requests in windows: "100 requests per rolling 10 seconds" (policy
//! `TEN_SECONDLY_ROLLING`) and "5 search requests per second" (`SECONDLY`). A token bucket or
//! GCRA (what `governor` implements) does not match that: configured as "100 per 10 s" it lets
//! 100 requests through at once and then one every 100 ms, i.e. up to 199 in one rolling
//! window, which HubSpot answers with 429. This limiter is a sliding-window log instead: each
//! bucket remembers the times of its last `n` requests, and a request goes only when fewer than
//! `n` of them lie within one window of now. That is exact for HubSpot's windows and needs `n`
//! timestamps of memory.
//!
//! # The guard: a request counts until its response arrives
//!
//! HubSpot counts a request when it arrives, at its end; the client only knows when it started
//! sending (`s`) and when the response (or a failure) came back (`r`), and the arrival lies in
//! between. Stamping requests with `s` (as this limiter once did) spaces *send* times one window
//! apart, but a request that waited on a slow connection set-up can arrive late, next to the
//! following burst: a local server saw 11 to 20 requests of a 10-per-second quota in one second.
//! So each request is stamped with `r`, and counts as happening "now" while it is in flight: a
//! request starts only when fewer than `n` stamps (in-flight ones included) are later than
//! `now - (per + margin)`.
//!
//! Why that suffices: take any `n + 1` requests and let `j` be the one that started last. When
//! it started, the other `n` had started before it, so fewer than `n` of them were in flight or
//! stamped within `per + margin`: one of them, `k`, had its response at `r_k <= s_j - per -
//! margin`. Its arrival `a_k <= r_k` and `a_j >= s_j`, so `a_j - a_k >= per + margin`: the two
//! cannot share a window of length `per`, and no window holds `n + 1` requests. Wake-up delays,
//! connection set-up, proxies and retries on the way do not matter; what it costs is that each
//! request holds its place for `latency + per + margin` instead of `per`. The margin
//! (`RateLimit::margin`, 50 ms by default) covers what the proof assumes away: a server that
//! stamps in coarse units or buckets its window, one shared clock (Redis's, which NTP may slew),
//! a request that a proxy forwards after the client gave up on it.
//!
//! A request that fails after taking its place (connection refused, timeout, an invalid URL
//! found late) keeps it, stamped when it failed: it may have reached HubSpot, and the limiter
//! errs towards fewer sends. A request whose future is dropped while in flight is stamped when
//! it is dropped ([`Permit`]'s `Drop`).
//!
//! # Waiting
//!
//! A request that does not fit is told how long to wait: until the stamp that holds it back
//! leaves the window, or, when that place is held by a request still in flight, one window
//! (`per + margin`), the least it can take: that request's response comes later than now, and
//! its place frees one window after it. After the wait the request asks again, so it never
//! starts late by more than the timer's resolution: any check made after the blocking response
//! arrived computes the exact time. A queue of throttled searches does not hold back other
//! requests (they ask their own buckets). Waiting requests take no place; which of several
//! waiters gets a freed place is not ordered.
//!
//! Stores may keep in-flight requests with a provisional stamp (`start + lease`, the longest an
//! attempt can take) so that a process that dies mid-request does not hold a place forever
//! (Redis); the wait rule above treats such an entry as in flight until its stamp is real.

pub(crate) mod memory;
#[cfg(feature = "redis")]
pub(crate) mod redis;

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use crate::error::Error;
use crate::operation::Operation;
use crate::settings::{Bucket, RateLimit};

/// Where the counts live; one per client, shared by all its accounts.
pub(crate) trait Store: Send + Sync {
    /// The counts of one account: `Some(name)` shares them with every handle of that name (in
    /// this process, or in every process that uses the same Redis), `None` gives a handle
    /// without a name: fresh counts in memory, the account `default` in Redis.
    fn counters(&self, account: Option<&str>) -> Arc<dyn Counters>;
}

/// The sliding-window logs of one account, one per limited bucket.
pub(crate) trait Counters: Send + Sync {
    /// Takes a place for one request of `bucket` (narrowest bucket of the operation; a search
    /// counts in the search bucket and in `All`) in every limited bucket it counts in, or says
    /// how long to wait before asking again. `lease` is the longest the attempt can take.
    fn try_start(
        &self,
        bucket: Bucket,
        lease: Duration,
    ) -> BoxFuture<'_, Result<Admission, String>>;

    /// The request of `ticket` has its response (or failed): stamp it now.
    fn finish(&self, ticket: Ticket);

    /// HubSpot answered 429: nothing more of `bucket` (the narrowest limited bucket of the
    /// operation) for `wait`.
    fn pause(&self, bucket: Bucket, wait: Duration);
}

/// The answer of [`Counters::try_start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// The request has its place.
    Go(Ticket),
    /// Ask again after this long.
    Wait(Duration),
}

/// A place taken by [`Counters::try_start`], given back to [`Counters::finish`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ticket {
    /// The bucket it was taken for.
    pub(crate) bucket: Bucket,
    /// Tells places apart where the store needs it (Redis); 0 otherwise.
    pub(crate) id: u64,
}

/// Creates the store `limits` asks for.
///
/// # Errors
/// [`Error::Config`] for a Redis URL that cannot be used.
pub(crate) fn store(limits: &RateLimit) -> Result<Arc<dyn Store>, Error> {
    #[cfg(feature = "redis")]
    if let Some(settings) = limits.get_redis() {
        return Ok(Arc::new(self::redis::RedisBackend::new(limits, settings)?));
    }
    Ok(Arc::new(memory::MemoryStore::new(limits)))
}

/// The live limiter of one account.
pub(crate) struct Limiter {
    counters: Arc<dyn Counters>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limiter")
    }
}

impl Limiter {
    /// The limiter of `account` (see [`Store::counters`]) in `store`.
    pub(crate) fn new(store: &dyn Store, account: Option<&str>) -> Self {
        Limiter {
            counters: store.counters(account),
        }
    }

    /// Waits until `operation` may be sent, and takes its place; the [`Permit`] stamps it when
    /// dropped (drop it when the response headers, or a failure, arrive). `lease` is the longest
    /// the attempt can take.
    ///
    /// # Errors
    /// [`Error::RateLimiter`] when the store cannot be asked (Redis unreachable): nothing may
    /// be sent.
    pub(crate) async fn acquire(
        &self,
        operation: &'static Operation,
        lease: Duration,
    ) -> Result<Permit, Error> {
        let bucket = Bucket::of(operation);
        let mut waited = Duration::ZERO;
        loop {
            match self.counters.try_start(bucket, lease).await {
                Ok(Admission::Go(ticket)) => {
                    if !waited.is_zero() {
                        tracing::debug!(
                            operation = operation.name,
                            waited_ms = millis(waited),
                            "waited for the client-side rate limit"
                        );
                    }
                    return Ok(Permit {
                        counters: self.counters.clone(),
                        ticket: Some(ticket),
                    });
                }
                Ok(Admission::Wait(wait)) => {
                    tracing::trace!(
                        operation = operation.name,
                        wait_ms = millis(wait),
                        "waiting for the client-side rate limit"
                    );
                    tokio::time::sleep(wait).await;
                    waited = waited.saturating_add(wait);
                }
                Err(message) => {
                    tracing::debug!(
                        operation = operation.name,
                        error = %message,
                        "the rate limiter's store failed; the request is not sent"
                    );
                    return Err(Error::RateLimiter {
                        operation: operation.name,
                        message,
                    });
                }
            }
        }
    }

    /// HubSpot answered 429 for `operation` and asked to wait `wait`: nothing of the narrowest
    /// limited bucket of `operation` is sent before then.
    pub(crate) fn pause(&self, operation: &Operation, wait: Duration) {
        self.counters.pause(Bucket::of(operation), wait);
    }
}

/// One request's place in the limiter; dropping it stamps the request (its response, or its
/// failure, has arrived, or its future was dropped).
pub(crate) struct Permit {
    counters: Arc<dyn Counters>,
    ticket: Option<Ticket>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            self.counters.finish(ticket);
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
