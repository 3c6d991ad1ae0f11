//! One client, many accounts: `Client::for_account` handles use their own credentials and their
//! own rate limiters, and share one connection pool (connections counted by a raw TCP server).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hubspot_calling::{Bucket, Client, Credentials, Error, Quota, RateLimit, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::as_generated::CallsApi;
use crate::support::call_json;

const ACCOUNT_A: &str = "pat-na1-aaaaaaaa-account-a-0000-000000000000";
const ACCOUNT_B: &str = "pat-na1-bbbbbbbb-account-b-0000-000000000000";

fn app_builder(base_url: &str) -> hubspot_calling::ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
}

fn account(app: &Client, token: &str) -> CallsApi {
    CallsApi::new(
        app.for_account(Credentials::new().access_token(token))
            .expect("valid credentials"),
    )
}

/// Records which token each request carried, and when it arrived.
#[derive(Clone, Default)]
struct Arrivals(Arc<Mutex<Vec<(String, Instant)>>>);

impl Arrivals {
    fn of(&self, token: &str) -> Vec<Instant> {
        let bearer = format!("Bearer {token}");
        let all = self.0.lock().expect("lock");
        all.iter()
            .filter(|(t, _)| *t == bearer)
            .map(|(_, at)| *at)
            .collect()
    }
}

impl Respond for Arrivals {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let token = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        self.0.lock().expect("lock").push((token, Instant::now()));
        ResponseTemplate::new(200).set_body_json(call_json(1))
    }
}

async fn recording_server() -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let arrivals = Arrivals::default();
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/1"))
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    (server, arrivals)
}

#[tokio::test]
async fn each_account_sends_its_own_token() {
    let (server, arrivals) = recording_server().await;
    let app = app_builder(&server.uri()).build().expect("client");
    let (a, b) = (account(&app, ACCOUNT_A), account(&app, ACCOUNT_B));
    a.get_call_by_id("1").send().await.expect("a");
    b.get_call_by_id("1").send().await.expect("b");
    a.get_call_by_id("1").send().await.expect("a again");
    assert_eq!(arrivals.of(ACCOUNT_A).len(), 2);
    assert_eq!(arrivals.of(ACCOUNT_B).len(), 1);

    // The app client itself has no token; the accounts do not leak theirs into Debug.
    let err = CallsApi::new(app.clone())
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("no credential");
    assert!(matches!(err, Error::MissingCredential { .. }), "{err}");
    let handle = app
        .for_account(Credentials::new().access_token(ACCOUNT_A))
        .expect("valid");
    let shown = format!("{handle:?}");
    assert!(!shown.contains(ACCOUNT_A), "{shown}");

    for bad in [
        Credentials::new().access_token(""),
        Credentials::new().developer_api_key("has space"),
    ] {
        assert!(matches!(app.for_account(bad), Err(Error::Config { .. })));
    }
}

#[tokio::test]
async fn each_account_has_its_own_rate_limiter() {
    let (server, arrivals) = recording_server().await;
    // At most 2 requests per second, per account.
    let limits = RateLimit::default()
        .quota(Bucket::All, Quota::new(2, Duration::from_secs(1)))
        .unlimited(Bucket::Search);
    let app = app_builder(&server.uri())
        .rate_limit(limits)
        .build()
        .expect("client");
    let (a, b) = (account(&app, ACCOUNT_A), account(&app, ACCOUNT_B));

    let started = Instant::now();
    // Account A uses up its quota and waits for the third request...
    let a_task = tokio::spawn(async move {
        for _ in 0..3 {
            a.get_call_by_id("1").send().await.expect("a");
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    // ...while account B's two requests go at once.
    b.get_call_by_id("1").send().await.expect("b");
    b.get_call_by_id("1").send().await.expect("b");
    a_task.await.expect("task");

    let (a, b) = (arrivals.of(ACCOUNT_A), arrivals.of(ACCOUNT_B));
    assert_eq!((a.len(), b.len()), (3, 2));
    // With one limiter for both, B's second request would wait for the next window, after A's
    // third.
    for at in &b {
        assert!(
            *at < a[2],
            "account B waited for account A's quota: B at {:?}, A's third at {:?}",
            *at - started,
            a[2] - started
        );
    }
    assert!(
        a[2] - a[0] >= Duration::from_millis(950),
        "account A's third request came {:?} after its first",
        a[2] - a[0]
    );
}

/// A raw HTTP/1.1 server with keep-alive that counts the connections it accepts and records each
/// request's `Authorization` header.
struct CountingServer {
    url: String,
    connections: Arc<AtomicUsize>,
    tokens: Arc<Mutex<Vec<String>>>,
}

async fn counting_server() -> CountingServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let connections = Arc::new(AtomicUsize::new(0));
    let tokens: Arc<Mutex<Vec<String>>> = Arc::default();
    let (count, seen) = (connections.clone(), tokens.clone());
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(keep_alive(socket, seen.clone()));
        }
    });
    CountingServer {
        url,
        connections,
        tokens,
    }
}

/// Answers every request of one connection with a call, until the client closes it.
async fn keep_alive(mut socket: tokio::net::TcpStream, tokens: Arc<Mutex<Vec<String>>>) {
    let body = call_json(1).to_string();
    let mut buffer = Vec::new();
    loop {
        let end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let mut chunk = [0u8; 4096];
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..end]).to_string();
        buffer.drain(..end);
        let token = head
            .lines()
            .find_map(|line| line.strip_prefix("authorization: "))
            .unwrap_or_default()
            .to_owned();
        tokens.lock().expect("lock").push(token);
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if socket.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

#[tokio::test]
async fn accounts_share_one_connection_pool() {
    let server = counting_server().await;
    let app = app_builder(&server.url).build().expect("client");
    let (a, b) = (account(&app, ACCOUNT_A), account(&app, ACCOUNT_B));
    for api in [&a, &b, &a, &b] {
        api.get_call_by_id("1").send().await.expect("sent");
    }
    assert_eq!(
        *server.tokens.lock().expect("lock"),
        [ACCOUNT_A, ACCOUNT_B, ACCOUNT_A, ACCOUNT_B].map(|t| format!("Bearer {t}"))
    );
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        1,
        "one pool, one connection"
    );

    // A client built separately has its own pool: the count sees the difference.
    let separate = CallsApi::new(
        app_builder(&server.url)
            .access_token(ACCOUNT_A)
            .build()
            .expect("client"),
    );
    separate.get_call_by_id("1").send().await.expect("sent");
    assert_eq!(server.connections.load(Ordering::SeqCst), 2);
}
