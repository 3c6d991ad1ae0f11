//! The client-side rate limiter, counted where HubSpot counts: at a real local server, from the
//! time each request arrived there (never from the client's clock). The server answers after a
//! random 0 to 20 ms, so responses, wake-ups and connection set-ups bunch.

#[path = "support/arrivals.rs"]
mod arrivals;

use std::time::Duration;

use arrivals::{fullest_window, Arrivals};
use hubspot_calling::{Bucket, Client, ClientBuilder, Credentials, Error, Quota, RateLimit};

const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";
const SECOND: Duration = Duration::from_secs(1);

fn ten_per_second() -> RateLimit {
    RateLimit::default().quota(Bucket::All, Quota::new(10, SECOND))
}

/// Sends `n` reads at once through `client` and expects them all to succeed.
async fn burst(client: &Client, n: usize) {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.calls().get_call_by_id(i.to_string()).send().await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("read");
    }
}

fn builder(server: &wiremock::MockServer) -> ClientBuilder {
    Client::builder().base_url(server.uri()).access_token(TOKEN)
}

fn assert_at_most(arrivals: &Arrivals, expected: usize, quota: usize) {
    let times = arrivals.times();
    assert_eq!(times.len(), expected, "every request arrived once");
    let (most, at) = fullest_window(&times, SECOND);
    assert!(
        most <= quota,
        "{most} requests arrived within one second (from {at:?} after the first); quota {quota}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_concurrent_requests_never_exceed_the_quota_at_the_server() {
    let (server, arrivals) = Arrivals::server().await;
    let client = builder(&server)
        .rate_limit(ten_per_second())
        .build()
        .expect("client");
    burst(&client, 40).await;
    assert_at_most(&arrivals, 40, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fresh_connections_for_every_request_never_exceed_the_quota_at_the_server() {
    // No idle connections are kept: every request pays a new TCP connection before it arrives.
    let (server, arrivals) = Arrivals::server().await;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("http client");
    let client = builder(&server)
        .http_client(http)
        .rate_limit(ten_per_second())
        .build()
        .expect("client");
    burst(&client, 40).await;
    assert_at_most(&arrivals, 40, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handles_named_after_one_account_share_its_quota() {
    let (server, arrivals) = Arrivals::server().await;
    let app = builder(&server)
        .rate_limit(ten_per_second())
        .build()
        .expect("client");
    // Two handles for one portal (as a webhook handler might make per event), and a handle for
    // another portal with its own quota.
    let handle = || {
        app.for_account(Credentials::new().access_token(TOKEN))
            .and_then(|c| c.with_rate_limit_account("portal-1"))
            .expect("handle")
    };
    let (first, second) = (handle(), handle());
    tokio::join!(burst(&first, 15), burst(&second, 15));
    assert_at_most(&arrivals, 30, 10);

    let (server, arrivals) = Arrivals::server().await;
    let app = builder(&server)
        .rate_limit(ten_per_second())
        .build()
        .expect("client");
    let portal = |name: &str| app.with_rate_limit_account(name).expect("handle");
    let (one, two) = (portal("portal-1"), portal("portal-2"));
    tokio::join!(burst(&one, 10), burst(&two, 10));
    // Each portal has its own 10 per second: all 20 go in the first second.
    assert_eq!(fullest_window(&arrivals.times(), SECOND).0, 20);
}

#[tokio::test]
async fn account_names_are_checked() {
    let app = Client::builder()
        .rate_limit(RateLimit::default())
        .build()
        .expect("client");
    for bad in ["", "two words", "{tag}"] {
        let err = app.with_rate_limit_account(bad).expect_err(bad);
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
    }
    let err = Client::builder()
        .rate_limit(RateLimit::default().margin(Duration::from_secs(120)))
        .build()
        .expect_err("margin");
    assert!(err.to_string().contains("margin"), "{err}");
}
