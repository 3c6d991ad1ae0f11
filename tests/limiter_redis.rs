//! The rate limiter's Redis store against a real `redis-server` that each test starts itself,
//! counted at a real local HTTP server from the times requests arrived there. Needs the `redis`
//! feature and `redis-server` installed: `cargo test -p hubspot-calling --features redis --test
//! limiter_redis` (.ci/run installs it).

#[path = "support/arrivals.rs"]
mod arrivals;
#[path = "support/redis_server.rs"]
mod redis_server;

use std::process::{Command, Stdio};
use std::time::Duration;

use arrivals::{fullest_window, Arrivals};
use hubspot_calling::calls::CallSearchRequest;
use hubspot_calling::{Bucket, Client, Error, Quota, RateLimit, RedisStore};
use redis_server::RedisServer;

const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";
const SECOND: Duration = Duration::from_secs(1);
const APP: &str = "app-test";
const ACCOUNT: &str = "portal-1";

/// Environment of a worker process: the Redis URL, the HTTP server's URL, how many requests.
const WORKER_REDIS: &str = "LIMITER_WORKER_REDIS";
const WORKER_BASE: &str = "LIMITER_WORKER_BASE";
const WORKER_REQUESTS: &str = "LIMITER_WORKER_REQUESTS";

fn client(base: &str, redis: &str, quota: u32) -> Client {
    Client::builder()
        .base_url(base)
        .access_token(TOKEN)
        .rate_limit(
            RateLimit::default()
                .quota(Bucket::All, Quota::new(quota, SECOND))
                .redis(RedisStore::new(redis, APP)),
        )
        .build()
        .and_then(|app| app.with_rate_limit_account(ACCOUNT))
        .expect("client")
}

/// `n` reads at once; their results in order.
async fn burst(client: &Client, n: usize) -> Vec<Result<(), Error>> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .calls()
                    .get_call_by_id(i.to_string())
                    .send()
                    .await
                    .map(|_| ())
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("task"));
    }
    results
}

/// The worker of [`two_processes_share_one_quota`], run in a process of its own (this test
/// binary again); does nothing useful on its own, hence ignored.
#[tokio::test]
#[ignore = "the worker process of two_processes_share_one_quota, which starts it"]
async fn worker_process() {
    let (Ok(redis), Ok(base), Ok(requests)) = (
        std::env::var(WORKER_REDIS),
        std::env::var(WORKER_BASE),
        std::env::var(WORKER_REQUESTS),
    ) else {
        panic!("run by two_processes_share_one_quota, with {WORKER_REDIS}, {WORKER_BASE} and {WORKER_REQUESTS}");
    };
    let requests: usize = requests.parse().expect("a number of requests");
    let client = client(&base, &redis, 10);
    for result in burst(&client, requests).await {
        result.expect("every read of the worker succeeds");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_quota() {
    let redis = RedisServer::start();
    let (server, arrivals) = Arrivals::server().await;
    // Two OS processes, 20 concurrent requests each, one quota of 10 per second between them.
    let exe = std::env::current_exe().expect("test binary");
    let spawn = || {
        Command::new(&exe)
            .args(["worker_process", "--exact", "--ignored", "--nocapture"])
            .env(WORKER_REDIS, redis.url())
            .env(WORKER_BASE, server.uri())
            .env(WORKER_REQUESTS, "20")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("worker process")
    };
    let workers = [spawn(), spawn()];
    let outputs = tokio::task::spawn_blocking(move || {
        workers.map(|worker| worker.wait_with_output().expect("worker exit"))
    })
    .await
    .expect("join");
    for output in outputs {
        assert!(
            output.status.success(),
            "a worker failed ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let times = arrivals.times();
    assert_eq!(times.len(), 40, "every request arrived once");
    let (most, at) = fullest_window(&times, SECOND);
    assert!(
        most <= 10,
        "{most} requests of two processes arrived within one second (from {at:?}); quota 10"
    );

    // One sorted set per bucket of the account, under prefix, app and account, expiring.
    let mut connection = redis.connection();
    let key = format!("hubspot-calling:{{{APP}:{ACCOUNT}}}:all");
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("hubspot-calling:*")
        .query(&mut connection)
        .expect("KEYS");
    assert_eq!(
        keys,
        std::slice::from_ref(&key),
        "only the account's log of all requests"
    );
    let stamps: usize = redis::cmd("ZCARD")
        .arg(&key)
        .query(&mut connection)
        .expect("ZCARD");
    assert!((1..=10).contains(&stamps), "{stamps} stamps kept");
    let ttl: i64 = redis::cmd("PTTL")
        .arg(&key)
        .query(&mut connection)
        .expect("PTTL");
    assert!(ttl > 0, "the log expires (PTTL {ttl})");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_mid_run_fails_clearly_and_sends_nothing_more() {
    let mut redis = RedisServer::start();
    let port = redis.port();
    let (server, arrivals) = Arrivals::server().await;
    let client = client(&server.uri(), &redis.url(), 5);
    // 20 requests at once: 5 go, 15 wait for their turn; Redis dies while they wait.
    let run = {
        let client = client.clone();
        tokio::spawn(async move { burst(&client, 20).await })
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while arrivals.count() < 5 {
        assert!(
            std::time::Instant::now() < deadline,
            "the first 5 never arrived"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    redis.stop();
    let results = run.await.expect("task");
    let sent = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(
        sent, 5,
        "only the requests counted before Redis died were sent"
    );
    for result in &results {
        match result {
            Ok(()) => {}
            Err(error @ Error::RateLimiter { operation, message }) => {
                assert_eq!(*operation, "get_call_by_id");
                assert!(message.contains("Redis at redis://127.0.0.1"), "{message}");
                assert!(error.to_string().contains("not sent"), "{error}");
            }
            Err(other) => panic!("expected Error::RateLimiter, got {other:?}"),
        }
    }
    // Nothing more reaches the server while Redis is down, however many requests come.
    let again = burst(&client, 10).await;
    assert!(again
        .iter()
        .all(|r| matches!(r, Err(Error::RateLimiter { .. }))));
    assert_eq!(arrivals.count(), 5, "no request went uncounted");

    // Once Redis is back, the store reconnects by itself (within a few attempts).
    let _redis = RedisServer::start_on(port);
    let mut recovered = false;
    for _ in 0..20 {
        if burst(&client, 1).await.iter().all(Result::is_ok) {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        recovered,
        "the store did not reconnect to the restarted Redis"
    );
    assert_eq!(arrivals.count(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_count_in_their_bucket_and_in_all() {
    let redis = RedisServer::start();
    let (server, all, searches) = Arrivals::server_with_searches().await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .rate_limit(
            RateLimit::default()
                .quota(Bucket::All, Quota::new(4, SECOND))
                .quota(Bucket::Search, Quota::new(2, SECOND))
                .redis(RedisStore::new(redis.url(), APP)),
        )
        .build()
        .expect("client");
    let search = {
        let client = client.clone();
        tokio::spawn(async move {
            let tasks: Vec<_> = (0..4)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move {
                        client
                            .calls()
                            .search_calls(CallSearchRequest::default())
                            .send()
                            .await
                            .map(|_| ())
                    })
                })
                .collect();
            let mut results = Vec::new();
            for task in tasks {
                results.push(task.await.expect("task"));
            }
            results
        })
    };
    let reads = burst(&client, 4).await;
    let searched = search.await.expect("searches");
    for result in reads.iter().chain(&searched) {
        result.as_ref().expect("request");
    }
    let (most_searches, _) = fullest_window(&searches.times(), SECOND);
    assert!(
        most_searches <= 2,
        "{most_searches} searches in one second; quota 2"
    );
    let (most, _) = fullest_window(&all.times(), SECOND);
    assert!(most <= 4, "{most} requests in one second; quota 4 for all");
    assert_eq!(all.count(), 8);

    // The handle without a name counts as the account `default`, a log per bucket.
    let mut keys: Vec<String> = redis::cmd("KEYS")
        .arg("hubspot-calling:*")
        .query(&mut redis.connection())
        .expect("KEYS");
    keys.sort();
    assert_eq!(
        keys,
        [
            format!("hubspot-calling:{{{APP}:default}}:all"),
            format!("hubspot-calling:{{{APP}:default}}:search"),
        ]
    );
}
