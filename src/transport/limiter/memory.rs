//! The counts in this process ([`MemoryStore`], the default store): one mutex per account, a
//! log of response stamps and a count of requests in flight per bucket.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use futures_util::future::{self, BoxFuture};
use tokio::time::Instant;

use super::{Admission, Counters, Store, Ticket};
use crate::settings::{Bucket, Quota, RateLimit};

/// The counts of every account of one client, in this process.
pub(crate) struct MemoryStore {
    limits: RateLimit,
    /// Named accounts, while some handle holds them.
    named: Mutex<HashMap<String, Weak<MemoryCounters>>>,
}

impl MemoryStore {
    pub(crate) fn new(limits: &RateLimit) -> Self {
        MemoryStore {
            limits: limits.clone(),
            named: Mutex::default(),
        }
    }
}

impl Store for MemoryStore {
    fn counters(&self, account: Option<&str>) -> Arc<dyn Counters> {
        let Some(name) = account else {
            return Arc::new(MemoryCounters::new(&self.limits));
        };
        let mut named = self.named.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(live) = named.get(name).and_then(Weak::upgrade) {
            return live;
        }
        // Forget the accounts no handle holds any more, now and then (amortized O(1)).
        if named.len() >= 64 && named.len().is_power_of_two() {
            named.retain(|_, counters| counters.strong_count() > 0);
        }
        let counters = Arc::new(MemoryCounters::new(&self.limits));
        named.insert(name.to_owned(), Arc::downgrade(&counters));
        counters
    }
}

/// The windows of one account.
pub(crate) struct MemoryCounters {
    state: Mutex<Windows>,
}

struct Windows {
    all: Option<Window>,
    search: Option<Window>,
}

impl MemoryCounters {
    pub(crate) fn new(limits: &RateLimit) -> Self {
        let window = |bucket| {
            limits
                .get(bucket)
                .map(|quota| Window::new(quota, limits.get_margin()))
        };
        MemoryCounters {
            state: Mutex::new(Windows {
                all: window(Bucket::All),
                search: window(Bucket::Search),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Windows> {
        // The state stays consistent whatever a panicking holder did (it only counts and pops).
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes a place now, or says how long to wait (synchronous: nothing to wait for here).
    pub(crate) fn start(&self, bucket: Bucket) -> Admission {
        let mut windows = self.lock();
        let now = Instant::now();
        let mut wait = Duration::ZERO;
        for window in windows.of(bucket) {
            window.prune(now);
            wait = wait.max(window.wait(now));
        }
        if !wait.is_zero() {
            return Admission::Wait(wait);
        }
        for window in windows.of(bucket) {
            window.pending += 1;
        }
        Admission::Go(Ticket { bucket, id: 0 })
    }
}

impl Windows {
    /// The windows a request of `bucket` counts in.
    fn of(&mut self, bucket: Bucket) -> impl Iterator<Item = &mut Window> {
        let search = match bucket {
            Bucket::Search => self.search.as_mut(),
            Bucket::All => None,
        };
        search.into_iter().chain(self.all.as_mut())
    }
}

impl Counters for MemoryCounters {
    fn try_start(
        &self,
        bucket: Bucket,
        _lease: Duration,
    ) -> BoxFuture<'_, Result<Admission, String>> {
        Box::pin(future::ready(Ok(self.start(bucket))))
    }

    fn finish(&self, ticket: Ticket) {
        let mut windows = self.lock();
        let now = Instant::now();
        for window in windows.of(ticket.bucket) {
            window.finish(now);
        }
    }

    fn pause(&self, bucket: Bucket, wait: Duration) {
        let Some(until) = Instant::now().checked_add(wait) else {
            return;
        };
        if let Some(window) = self.lock().of(bucket).next() {
            window.paused_until = Some(window.paused_until.map_or(until, |p| p.max(until)));
        }
    }
}

/// The sliding-window log of one bucket.
struct Window {
    requests: usize,
    /// The window plus the margin: how long a stamp holds its place.
    span: Duration,
    /// Stamps (response times) that can still matter, oldest first.
    done: VecDeque<Instant>,
    /// Requests in flight: they count until they are stamped.
    pending: usize,
    /// After a 429: nothing before this.
    paused_until: Option<Instant>,
}

impl Window {
    fn new(quota: Quota, margin: Duration) -> Self {
        let requests = usize::try_from(quota.requests()).unwrap_or(usize::MAX);
        Window {
            requests,
            span: quota.per().saturating_add(margin),
            done: VecDeque::with_capacity(requests.min(1024)),
            pending: 0,
            paused_until: None,
        }
    }

    /// Forgets stamps that no longer hold a place at `now` or later.
    fn prune(&mut self, now: Instant) {
        if let Some(horizon) = now.checked_sub(self.span) {
            while self.done.front().is_some_and(|t| *t <= horizon) {
                self.done.pop_front();
            }
        }
    }

    /// How long a request must wait at `now` (after [`Window::prune`]); zero when it fits.
    fn wait(&self, now: Instant) -> Duration {
        let paused = self
            .paused_until
            .map_or(Duration::ZERO, |until| until.saturating_duration_since(now));
        let count = self.done.len() + self.pending;
        if count < self.requests {
            return paused;
        }
        // `count - requests + 1` places must free up; stamps free theirs in order, requests in
        // flight (counted after them) one window after their response at the earliest.
        let needed = count - self.requests + 1;
        let full = match self.done.get(needed - 1) {
            Some(stamp) => (*stamp + self.span).saturating_duration_since(now),
            None => self.span,
        };
        paused.max(full)
    }

    fn finish(&mut self, now: Instant) {
        self.pending = self.pending.saturating_sub(1);
        // Stamps are taken under the lock from a monotonic clock: appending keeps them sorted.
        self.done.push_back(now);
    }
}

#[cfg(test)]
#[path = "memory_tests.rs"]
mod tests;
