//! The optional client-side rate limiter (its settings are `settings::limits`).
//!
//! HubSpot counts requests in windows: "100 requests per rolling 10 seconds" (policy
//! `TEN_SECONDLY_ROLLING`) and "5 search requests per second" (`SECONDLY`). A token bucket or
//! GCRA (what `governor` implements) does not match that: configured as "100 per 10 s" it lets
//! 100 requests through at once and then one every 100 ms, i.e. up to 199 in one rolling
//! window, which HubSpot answers with 429. This limiter is a sliding-window log instead: each
//! bucket remembers the send times of its last `n` requests, and a request goes no earlier than
//! `per` after the `n`-th previous one, so no window of length `per` ever holds more than `n`
//! requests. That is exact for HubSpot's windows, needs `n` timestamps of memory, and has no
//! dependency beyond tokio's clock (which tests can pause).
//!
//! Callers reserve the earliest send time that keeps every window of their buckets within quota
//! (under a lock) and sleep until it (outside the lock). Reservations may lie in the future, and
//! a later request can take an earlier free slot: a queue of throttled searches does not hold
//! back other requests. A reservation whose future is dropped still counts (the limiter errs on
//! the side of sending less).

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::operation::Operation;
use crate::settings::{Bucket, Quota, RateLimit};

/// The live limiter of one client: one window per limited bucket.
pub(crate) struct Limiter {
    config: RateLimit,
    all: Option<Window>,
    search: Option<Window>,
}

impl fmt::Debug for Limiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.config, f)
    }
}

impl Limiter {
    pub(crate) fn new(config: RateLimit) -> Self {
        Limiter {
            all: config.get(Bucket::All).map(Window::new),
            search: config.get(Bucket::Search).map(Window::new),
            config,
        }
    }

    /// The windows `operation` counts in, narrowest first (the lock order).
    fn windows(&self, operation: &Operation) -> impl Iterator<Item = &Window> {
        let search = match Bucket::of(operation) {
            Bucket::Search => self.search.as_ref(),
            Bucket::All => None,
        };
        search.into_iter().chain(self.all.as_ref())
    }

    /// Reserves the earliest send time every window of `operation` allows, records it in each,
    /// and returns it.
    pub(crate) fn reserve(&self, operation: &Operation, now: Instant) -> Instant {
        let mut guards: Vec<MutexGuard<'_, State>> =
            self.windows(operation).map(Window::lock).collect();
        for state in &mut guards {
            state.prune(now);
        }
        // The earliest time every window accepts: each `earliest` only moves forward, and there
        // are finitely many send times to move past, so this settles.
        let mut at = now;
        loop {
            let next = guards
                .iter()
                .map(|state| state.earliest(at))
                .fold(at, Instant::max);
            if next == at {
                break;
            }
            at = next;
        }
        for state in &mut guards {
            state.commit(at);
        }
        at
    }

    /// Waits until `operation` may be sent.
    pub(crate) async fn acquire(&self, operation: &Operation) {
        let now = Instant::now();
        let at = self.reserve(operation, now);
        if at > now {
            tracing::debug!(
                wait_ms = u64::try_from((at - now).as_millis()).unwrap_or(u64::MAX),
                "waiting for the client-side rate limit"
            );
            tokio::time::sleep_until(at).await;
        }
    }

    /// HubSpot answered 429 for `operation` and asked to wait `wait`: nothing of the narrowest
    /// limited bucket of `operation` is sent before then.
    pub(crate) fn pause(&self, operation: &Operation, wait: Duration) {
        let Some(until) = Instant::now().checked_add(wait) else {
            return;
        };
        if let Some(window) = self.windows(operation).next() {
            window.lock().pause_until(until);
        }
    }
}

/// The sliding-window log of one bucket.
struct Window {
    state: Mutex<State>,
}

struct State {
    quota: Quota,
    /// Reserved send times that can still matter (not older than `now - per`), sorted. Some may
    /// lie in the future: requests waiting for their turn.
    sent: VecDeque<Instant>,
    /// After a 429: nothing before this.
    paused_until: Option<Instant>,
}

impl Window {
    fn new(quota: Quota) -> Self {
        let capacity = usize::try_from(quota.requests)
            .unwrap_or(usize::MAX)
            .min(1024);
        Window {
            state: Mutex::new(State {
                quota,
                sent: VecDeque::with_capacity(capacity),
                paused_until: None,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent whatever a panicking holder did (it only inserts and pops).
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    /// Forgets send times that no window reaching `now` or later can contain.
    fn prune(&mut self, now: Instant) {
        if let Some(horizon) = now.checked_sub(self.quota.per) {
            while self.sent.front().is_some_and(|t| *t < horizon) {
                self.sent.pop_front();
            }
        }
    }

    /// The earliest time, not before `lower`, at which one more request keeps every window of
    /// length `per` at `requests` or fewer.
    ///
    /// Adding `t` overfills a window exactly when some `n` consecutive entries `e[i..i+n]` and `t`
    /// lie within less than `per` of each other, i.e. when `t` is in the open interval
    /// `(e[i+n-1] - per, e[i] + per)`. These intervals are ordered (both ends non-decreasing in
    /// `i`), so one pass that jumps past each interval containing the candidate finds the answer.
    fn earliest(&self, lower: Instant) -> Instant {
        let mut t = match self.paused_until {
            Some(paused) => lower.max(paused),
            None => lower,
        };
        let n = usize::try_from(self.quota.requests).unwrap_or(usize::MAX);
        if n == 0 || self.sent.len() < n {
            return t;
        }
        let per = self.quota.per;
        for i in 0..=self.sent.len() - n {
            let (first, last) = (self.sent[i], self.sent[i + n - 1]);
            let starts_before = last.checked_sub(per).is_none_or(|start| start < t);
            let end = first + per;
            if starts_before && t < end {
                t = end;
            }
        }
        t
    }

    fn commit(&mut self, at: Instant) {
        let position = self.sent.partition_point(|t| *t <= at);
        self.sent.insert(position, at);
    }

    fn pause_until(&mut self, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |p| p.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Method;

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

    /// The largest number of `times` in any half-open window of length `per`.
    fn max_in_window(times: &[Instant], per: Duration) -> usize {
        let mut sorted = times.to_vec();
        sorted.sort();
        (0..sorted.len())
            .map(|i| {
                sorted[i..]
                    .iter()
                    .take_while(|t| **t < sorted[i] + per)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_quota_in_any_rolling_window() {
        let limiter = Limiter::new(RateLimit::default());
        let start = Instant::now();
        let mut sent = Vec::new();
        for _ in 0..250 {
            limiter.acquire(&LIST).await;
            sent.push(Instant::now());
        }
        assert_eq!(max_in_window(&sent, Duration::from_secs(10)), 100);
        // Full speed until the quota: 100 at once, the next 100 ten seconds later, then 50.
        assert_eq!(sent[99] - start, Duration::ZERO);
        assert_eq!(sent[100] - start, Duration::from_secs(10));
        assert_eq!(sent[249] - start, Duration::from_secs(20));
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_waiters_share_the_quota() {
        let limiter = std::sync::Arc::new(Limiter::new(
            RateLimit::default().quota(Bucket::All, Quota::new(10, Duration::from_secs(1))),
        ));
        let start = Instant::now();
        let tasks: Vec<_> = (0..35)
            .map(|_| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    limiter.acquire(&LIST).await;
                    Instant::now()
                })
            })
            .collect();
        let mut sent = Vec::new();
        for task in tasks {
            sent.push(task.await.expect("task"));
        }
        assert_eq!(max_in_window(&sent, Duration::from_secs(1)), 10);
        assert_eq!(
            sent.iter().max().map(|t| *t - start),
            Some(Duration::from_secs(3))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn searches_have_their_own_quota_and_count_in_all() {
        let limiter = Limiter::new(RateLimit::default());
        let start = Instant::now();
        let mut searches = Vec::new();
        for _ in 0..12 {
            limiter.acquire(&SEARCH).await;
            searches.push(Instant::now());
        }
        assert_eq!(max_in_window(&searches, Duration::from_secs(1)), 5);
        assert_eq!(searches[11] - start, Duration::from_secs(2));
        // 12 of the 100 per 10 s are used: 88 more go at once, the 89th waits for the window.
        let now = Instant::now();
        for _ in 0..88 {
            limiter.acquire(&LIST).await;
        }
        assert_eq!(Instant::now(), now);
        limiter.acquire(&LIST).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(10));
        // Other requests do not use up the search quota.
        let unlimited_all = Limiter::new(RateLimit::default().unlimited(Bucket::All));
        let now = Instant::now();
        for _ in 0..1000 {
            unlimited_all.acquire(&LIST).await;
        }
        for _ in 0..5 {
            unlimited_all.acquire(&SEARCH).await;
        }
        assert_eq!(Instant::now(), now);
    }

    #[tokio::test(start_paused = true)]
    async fn queued_searches_do_not_hold_back_other_requests() {
        let limiter = std::sync::Arc::new(Limiter::new(RateLimit::default()));
        let start = Instant::now();
        let searches: Vec<_> = (0..20)
            .map(|_| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    limiter.acquire(&SEARCH).await;
                    Instant::now()
                })
            })
            .collect();
        tokio::task::yield_now().await;
        // The searches are queued over four seconds; a list request still goes at once.
        limiter.acquire(&LIST).await;
        assert_eq!(Instant::now(), start);
        let mut sent = Vec::new();
        for task in searches {
            sent.push(task.await.expect("task"));
        }
        assert_eq!(max_in_window(&sent, Duration::from_secs(1)), 5);
        assert_eq!(
            sent.iter().max().map(|t| *t - start),
            Some(Duration::from_secs(3))
        );
    }

    #[test]
    fn earliest_finds_gaps_between_reservations() {
        let t0 = Instant::now();
        let s = |secs: u64| t0 + Duration::from_secs(secs);
        let mut state = State {
            quota: Quota::new(2, Duration::from_secs(10)),
            sent: VecDeque::new(),
            paused_until: None,
        };
        for at in [s(0), s(20), s(21)] {
            state.commit(at);
        }
        // One more fits right away (0 and the new one), and again not before 10 (0 leaves the
        // window), but not in (11, 31) where it would join 20 and 21.
        assert_eq!(state.earliest(s(0)), s(0));
        state.commit(s(0));
        assert_eq!(state.earliest(s(0)), s(10));
        assert_eq!(state.earliest(s(12)), s(30));
        assert_eq!(state.earliest(s(31)), s(31));
        state.pause_until(s(40));
        assert_eq!(state.earliest(s(0)), s(40));
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_pauses_the_bucket() {
        let limiter = Limiter::new(RateLimit::default());
        let start = Instant::now();
        limiter.acquire(&LIST).await;
        limiter.pause(&LIST, Duration::from_secs(4));
        limiter.acquire(&LIST).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(4));
        // A shorter pause later does not shorten it.
        limiter.pause(&LIST, Duration::from_secs(3));
        limiter.pause(&LIST, Duration::from_secs(1));
        limiter.acquire(&LIST).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(7));
        // A search 429 pauses searches, not everything.
        limiter.pause(&SEARCH, Duration::from_secs(2));
        limiter.acquire(&LIST).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(7));
        limiter.acquire(&SEARCH).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(9));
    }
}
