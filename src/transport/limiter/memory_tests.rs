//! The limiter with the in-memory store, on tokio's paused clock: each test says when requests
//! start and when their responses arrive, and checks what any server could have counted.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::*;
use crate::operation::{Method, Operation};
use crate::transport::limiter::{Limiter, Permit};

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

const LEASE: Duration = Duration::from_secs(60);
const MARGIN: Duration = RateLimit::DEFAULT_MARGIN;

fn limiter(limits: &RateLimit) -> Limiter {
    Limiter::new(&MemoryStore::new(limits), None)
}

fn per_second(n: u32) -> RateLimit {
    RateLimit::default().quota(Bucket::All, Quota::new(n, Duration::from_secs(1)))
}

async fn acquire(limiter: &Limiter, operation: &'static Operation) -> Permit {
    limiter
        .acquire(operation, LEASE)
        .await
        .expect("memory never fails")
}

/// The most requests any server could have counted in one window of length `per`, when each
/// request arrived somewhere in `[start, response]`: a window `[x, x + per)` can hold every
/// request whose interval meets it, and the count is largest when `x` is a response time.
fn worst_case_in_window(requests: &[(Instant, Instant)], per: Duration) -> usize {
    requests
        .iter()
        .map(|(_, x)| {
            requests
                .iter()
                .filter(|(start, response)| response >= x && *start < *x + per)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn never_more_than_the_quota_in_any_rolling_window() {
    let limiter = limiter(&RateLimit::default());
    let start = Instant::now();
    let mut sent = Vec::new();
    for _ in 0..250 {
        drop(acquire(&limiter, &LIST).await);
        sent.push((Instant::now(), Instant::now()));
    }
    assert_eq!(worst_case_in_window(&sent, Duration::from_secs(10)), 100);
    // Full speed until the quota: 100 at once, the next 100 one window and the margin later.
    assert_eq!(sent[99].0 - start, Duration::ZERO);
    assert_eq!(sent[100].0 - start, Duration::from_secs(10) + MARGIN);
    assert_eq!(sent[249].0 - start, 2 * (Duration::from_secs(10) + MARGIN));
}

#[tokio::test(start_paused = true)]
async fn a_request_in_flight_holds_its_place_until_its_response() {
    let limiter = Arc::new(limiter(&per_second(2)));
    let start = Instant::now();
    let first = acquire(&limiter, &LIST).await;
    let second = acquire(&limiter, &LIST).await;
    let third = {
        let limiter = limiter.clone();
        tokio::spawn(async move {
            let permit = acquire(&limiter, &LIST).await;
            (Instant::now(), permit)
        })
    };
    // The first response arrives after 300 ms, the second after 2 s: the third request goes one
    // window and the margin after the first response, not after the first start.
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(first);
    tokio::time::sleep(Duration::from_millis(1700)).await;
    drop(second);
    let (third_at, _permit) = third.await.expect("task");
    assert_eq!(
        third_at - start,
        Duration::from_millis(300) + Duration::from_secs(1) + MARGIN
    );
}

#[tokio::test(start_paused = true)]
async fn bunched_responses_never_overfill_a_window_at_the_server() {
    // 40 concurrent requests, quota 10 per second, responses after 0 to 200 ms (a fixed seed;
    // longer than the margin): whatever the arrival times between start and response, no window
    // counts more than 10.
    let limiter = Arc::new(limiter(&per_second(10)));
    let mut rng = fastrand::Rng::with_seed(7);
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let limiter = limiter.clone();
            let latency = Duration::from_millis(rng.u64(0..=200));
            tokio::spawn(async move {
                let permit = acquire(&limiter, &LIST).await;
                let started = Instant::now();
                tokio::time::sleep(latency).await;
                drop(permit);
                (started, Instant::now())
            })
        })
        .collect();
    let mut requests = Vec::new();
    for task in tasks {
        requests.push(task.await.expect("task"));
    }
    assert_eq!(worst_case_in_window(&requests, Duration::from_secs(1)), 10);
}

#[tokio::test(start_paused = true)]
async fn searches_have_their_own_quota_and_count_in_all() {
    let limiter = limiter(&RateLimit::default());
    let start = Instant::now();
    let mut searches = Vec::new();
    for _ in 0..12 {
        drop(acquire(&limiter, &SEARCH).await);
        searches.push((Instant::now(), Instant::now()));
    }
    assert_eq!(worst_case_in_window(&searches, Duration::from_secs(1)), 5);
    assert_eq!(
        searches[11].0 - start,
        2 * (Duration::from_secs(1) + MARGIN)
    );
    // 12 of the 100 per 10 s are used: 88 more go at once, the 89th waits for the window.
    let now = Instant::now();
    for _ in 0..88 {
        drop(acquire(&limiter, &LIST).await);
    }
    assert_eq!(Instant::now(), now);
    drop(acquire(&limiter, &LIST).await);
    assert_eq!(Instant::now() - start, Duration::from_secs(10) + MARGIN);
    // Other requests do not use up the search quota.
    let unlimited_all = self::limiter(&RateLimit::default().unlimited(Bucket::All));
    let now = Instant::now();
    for _ in 0..1000 {
        drop(acquire(&unlimited_all, &LIST).await);
    }
    for _ in 0..5 {
        drop(acquire(&unlimited_all, &SEARCH).await);
    }
    assert_eq!(Instant::now(), now);
}

#[tokio::test(start_paused = true)]
async fn queued_searches_do_not_hold_back_other_requests() {
    let limiter = Arc::new(limiter(&RateLimit::default()));
    let start = Instant::now();
    let searches: Vec<_> = (0..20)
        .map(|_| {
            let limiter = limiter.clone();
            tokio::spawn(async move {
                drop(acquire(&limiter, &SEARCH).await);
                Instant::now()
            })
        })
        .collect();
    tokio::task::yield_now().await;
    // The searches wait over three windows; a list request still goes at once.
    drop(acquire(&limiter, &LIST).await);
    assert_eq!(Instant::now(), start);
    let mut sent = Vec::new();
    for task in searches {
        let at = task.await.expect("task");
        sent.push((at, at));
    }
    assert_eq!(worst_case_in_window(&sent, Duration::from_secs(1)), 5);
    assert_eq!(
        sent.iter().map(|(at, _)| *at - start).max(),
        Some(3 * (Duration::from_secs(1) + MARGIN))
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_pauses_the_bucket() {
    let limiter = limiter(&RateLimit::default());
    let start = Instant::now();
    drop(acquire(&limiter, &LIST).await);
    limiter.pause(&LIST, Duration::from_secs(4));
    drop(acquire(&limiter, &LIST).await);
    assert_eq!(Instant::now() - start, Duration::from_secs(4));
    // A shorter pause later does not shorten it.
    limiter.pause(&LIST, Duration::from_secs(3));
    limiter.pause(&LIST, Duration::from_secs(1));
    drop(acquire(&limiter, &LIST).await);
    assert_eq!(Instant::now() - start, Duration::from_secs(7));
    // A search 429 pauses searches, not everything.
    limiter.pause(&SEARCH, Duration::from_secs(2));
    drop(acquire(&limiter, &LIST).await);
    assert_eq!(Instant::now() - start, Duration::from_secs(7));
    drop(acquire(&limiter, &SEARCH).await);
    assert_eq!(Instant::now() - start, Duration::from_secs(9));
}

#[tokio::test(start_paused = true)]
async fn handles_of_one_named_account_share_its_counts() {
    let store = MemoryStore::new(&per_second(1));
    let a = Limiter::new(&store, Some("portal-1"));
    let a_again = Limiter::new(&store, Some("portal-1"));
    let b = Limiter::new(&store, Some("portal-2"));
    let anonymous = Limiter::new(&store, None);
    let start = Instant::now();
    drop(acquire(&a, &LIST).await);
    // Other accounts, and handles without a name, have their own counts.
    drop(acquire(&b, &LIST).await);
    drop(acquire(&anonymous, &LIST).await);
    assert_eq!(Instant::now(), start);
    drop(acquire(&a_again, &LIST).await);
    assert_eq!(Instant::now() - start, Duration::from_secs(1) + MARGIN);
    // Once no handle holds an account, its counts go.
    drop((a, a_again));
    let fresh = Limiter::new(&store, Some("portal-1"));
    let now = Instant::now();
    drop(acquire(&fresh, &LIST).await);
    assert_eq!(Instant::now(), now);
}

#[test]
fn the_wait_is_exact_for_stamps_and_one_window_for_requests_in_flight() {
    let t0 = Instant::now();
    let ms = |n: u64| Duration::from_millis(n);
    let mut window = Window::new(Quota::new(2, Duration::from_secs(1)), ms(50));
    assert_eq!(window.wait(t0), Duration::ZERO);
    window.pending = 2;
    // Both places held by requests in flight: the least possible wait is one window.
    assert_eq!(window.wait(t0), ms(1050));
    window.finish(t0 + ms(100));
    // One response at 100 ms: its place frees at 1150 ms.
    assert_eq!(window.wait(t0 + ms(200)), ms(950));
    window.finish(t0 + ms(300));
    window.prune(t0 + ms(1150));
    assert_eq!(window.done.len(), 1, "the stamp at 100 ms no longer counts");
    assert_eq!(window.wait(t0 + ms(1150)), Duration::ZERO);
    window.paused_until = Some(t0 + ms(5000));
    assert_eq!(window.wait(t0 + ms(1150)), ms(3850));
}
