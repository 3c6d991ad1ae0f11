//! Retries, rate limits, timeouts, broken responses and typed errors, through the
//! generated client, against real local servers (wiremock, or a raw TCP server where wiremock
//! cannot misbehave enough). Secrets kept out of errors and logs: `tests/secrets.rs`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use hubspot_calling::calls::{
    BatchCreateCallsRequest, BatchCreateCallsResponse, CallCreateRequest, CallSearchRequest,
};
use hubspot_calling::{
    Bucket, Client, ClientBuilder, Error, Quota, RateLimit, RateLimitPolicy, RetryPolicy,
};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";
const CALLS: &str = "/crm/v3/objects/calls";

fn call_json(id: &str) -> Value {
    json!({
        "id": id,
        "properties": {"hs_call_title": "Discovery call"},
        "createdAt": "2024-01-15T10:30:00Z",
        "updatedAt": "2024-01-15T10:30:00Z",
        "archived": false
    })
}

fn create_body() -> CallCreateRequest {
    CallCreateRequest {
        properties: BTreeMap::from([
            (
                "hs_timestamp".to_owned(),
                "2024-01-15T10:30:00.000Z".to_owned(),
            ),
            ("hs_call_title".to_owned(), "Discovery call".to_owned()),
        ]),
        ..Default::default()
    }
}

/// Short, exact backoff so retry tests stay fast and deterministic.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .jitter(false)
        .backoff(Duration::from_millis(20), Duration::from_millis(80))
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(quick_retries())
}

/// Answers with the given responses in turn (the last one repeats) and records when each request
/// arrived.
#[derive(Clone)]
struct Script {
    responses: Arc<Vec<ResponseTemplate>>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Script {
    fn new(responses: Vec<ResponseTemplate>) -> Self {
        Script {
            responses: Arc::new(responses),
            arrivals: Arc::default(),
        }
    }

    fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().expect("lock").clone()
    }
}

impl Respond for Script {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().expect("lock");
        arrivals.push(Instant::now());
        let index = (arrivals.len() - 1).min(self.responses.len() - 1);
        self.responses[index].clone()
    }
}

async fn mount(server: &MockServer, http_method: &str, route: &str, script: &Script) {
    Mock::given(method(http_method))
        .and(path(route))
        .respond_with(script.clone())
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording on")
}

fn rate_limited(policy: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(json!({
        "status": "error",
        "message": format!("You have reached your {} limit.", policy.to_lowercase()),
        "errorType": "RATE_LIMIT",
        "correlationId": "c0ffee00-0000-4000-8000-000000000000",
        "policyName": policy,
        "groupName": "publicapi:private-app:123"
    }))
}

fn gaps(arrivals: &[Instant]) -> Vec<Duration> {
    arrivals.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test]
async fn rate_limited_create_waits_for_retry_after_then_succeeds_once() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        rate_limited("TEN_SECONDLY_ROLLING").insert_header("Retry-After", "1"),
        ResponseTemplate::new(201).set_body_json(call_json("9001")),
    ]);
    mount(&server, "POST", CALLS, &script).await;
    let client = builder(&server).build().expect("client");

    // create_call is not idempotent, but a 429 means HubSpot did not process it.
    let call = client
        .calls()
        .create_call(create_body())
        .send()
        .await
        .expect("created after the retry");
    assert_eq!(call.id, "9001");

    let arrivals = script.arrivals();
    assert_eq!(arrivals.len(), 2, "one 429, one success, nothing more");
    assert!(
        gaps(&arrivals)[0] >= Duration::from_secs(1),
        "waited {:?}, Retry-After said 1 s",
        gaps(&arrivals)[0]
    );
    let requests = received(&server).await;
    assert_eq!(
        requests[0].body, requests[1].body,
        "the same bytes are re-sent"
    );
}

#[tokio::test]
async fn retry_after_as_http_date_is_honoured() {
    let server = MockServer::start().await;
    // Three seconds ahead: the date's one-second resolution and a loaded machine's delay before
    // the first request arrives each take up to a second of it.
    let at = SystemTime::now() + Duration::from_secs(3);
    let date = chrono::DateTime::<chrono::Utc>::from(at)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let script = Script::new(vec![
        ResponseTemplate::new(503).insert_header("Retry-After", date.as_str()),
        ResponseTemplate::new(200).set_body_json(call_json("1")),
    ]);
    mount(&server, "GET", "/crm/v3/objects/calls/1", &script).await;
    let client = builder(&server).build().expect("client");

    client
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("second attempt");
    let waited = gaps(&script.arrivals())[0];
    // The test's backoff before a retry is milliseconds: a wait of a second or more comes from
    // the date.
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn ten_secondly_limit_without_retry_after_waits_for_hubspots_window() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        rate_limited("TEN_SECONDLY_ROLLING")
            .insert_header("x-hubspot-ratelimit-interval-milliseconds", "1000")
            .insert_header("x-hubspot-ratelimit-remaining", "0"),
        ResponseTemplate::new(200).set_body_json(call_json("1")),
    ]);
    mount(&server, "GET", "/crm/v3/objects/calls/1", &script).await;
    let client = builder(&server).build().expect("client");

    client
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("after the window");
    let waited = gaps(&script.arrivals())[0];
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
}

#[tokio::test]
async fn daily_limit_is_not_retried() {
    let server = MockServer::start().await;
    let script = Script::new(vec![rate_limited("DAILY").insert_header("Retry-After", "1")]);
    mount(&server, "GET", "/crm/v3/objects/calls/1", &script).await;
    let client = builder(&server).build().expect("client");

    let err = client
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("daily limit");
    assert_eq!(script.arrivals().len(), 1, "DAILY must not be retried");
    assert!(matches!(err, Error::RateLimited(_)), "{err:?}");
    assert_eq!(err.rate_limit_policy(), Some(RateLimitPolicy::Daily));
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    let text = err.to_string();
    assert!(
        text.starts_with("HTTP 429 RATE_LIMIT [policy DAILY]"),
        "{text}"
    );
    assert!(text.contains("daily request limit"), "{text}");
    assert!(text.contains("not retried"), "{text}");
}

#[tokio::test]
async fn retry_after_longer_than_the_maximum_is_returned_not_waited_for() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        rate_limited("TEN_SECONDLY_ROLLING").insert_header("Retry-After", "30")
    ]);
    mount(&server, "GET", "/crm/v3/objects/calls/1", &script).await;
    let client = builder(&server)
        .retry_policy(quick_retries().max_retry_after(Duration::from_secs(5)))
        .build()
        .expect("client");

    let started = Instant::now();
    let err = client
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("429");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(script.arrivals().len(), 1);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
}

#[tokio::test]
async fn server_errors_then_success_for_a_read() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
        ResponseTemplate::new(504),
        ResponseTemplate::new(200).set_body_json(call_json("7")),
    ]);
    mount(&server, "GET", "/crm/v3/objects/calls/7", &script).await;
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let seen = attempts.clone();
    let client = builder(&server)
        .on_response(move |info| {
            seen.lock()
                .expect("lock")
                .push((info.operation.name, info.attempt, info.status));
        })
        .build()
        .expect("client");

    let call = client
        .calls()
        .get_call_by_id("7")
        .send()
        .await
        .expect("4th attempt");
    assert_eq!(call.id, "7");
    let arrivals = script.arrivals();
    assert_eq!(arrivals.len(), 4);
    // Exponential backoff without jitter: 20 ms, 40 ms, 80 ms.
    for (gap, min) in gaps(&arrivals).into_iter().zip([20, 40, 80]) {
        assert!(gap >= Duration::from_millis(min), "{gap:?} < {min} ms");
    }
    assert_eq!(
        *attempts.lock().expect("lock"),
        vec![
            ("get_call_by_id", 1, 503),
            ("get_call_by_id", 2, 502),
            ("get_call_by_id", 3, 504),
            ("get_call_by_id", 4, 200)
        ]
    );
}

#[tokio::test]
async fn retries_give_up_after_max_retries_with_the_last_error() {
    let server = MockServer::start().await;
    let script = Script::new(vec![ResponseTemplate::new(503).set_body_json(json!({
        "status": "error",
        "category": "SERVICE_UNAVAILABLE",
        "message": "try again later"
    }))]);
    mount(&server, "GET", "/crm/v3/objects/calls/7", &script).await;
    let client = builder(&server)
        .retry_policy(quick_retries().max_retries(2))
        .build()
        .expect("client");

    let err = client
        .calls()
        .get_call_by_id("7")
        .send()
        .await
        .expect_err("503");
    assert_eq!(script.arrivals().len(), 3);
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts(), Some(3));
    let text = err.to_string();
    assert!(
        text.contains("SERVICE_UNAVAILABLE: try again later"),
        "{text}"
    );
    assert!(text.contains("after 3 attempts"), "{text}");
}

#[tokio::test]
async fn a_create_is_not_resent_after_a_server_error_unless_opted_in() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(201).set_body_json(call_json("9001")),
    ]);
    mount(&server, "POST", CALLS, &script).await;

    let client = builder(&server).build().expect("client");
    let err = client
        .calls()
        .create_call(create_body())
        .send()
        .await
        .expect_err("not retried");
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        script.arrivals().len(),
        1,
        "a create that may have happened is not re-sent"
    );

    let opted_in = builder(&server)
        .retry_policy(quick_retries().retry_non_idempotent(true))
        .build()
        .expect("client");
    let call = opted_in
        .calls()
        .create_call(create_body())
        .send()
        .await
        .expect("retried when opted in");
    assert_eq!(call.id, "9001");
    assert_eq!(script.arrivals().len(), 2);
}

#[tokio::test]
async fn timeouts_retry_reads_but_never_resend_a_create() {
    let server = MockServer::start().await;
    let slow_then_fast = Script::new(vec![
        ResponseTemplate::new(200)
            .set_body_json(call_json("1"))
            .set_delay(Duration::from_secs(3)),
        ResponseTemplate::new(200).set_body_json(call_json("1")),
    ]);
    mount(&server, "GET", "/crm/v3/objects/calls/1", &slow_then_fast).await;
    let slow = Script::new(vec![ResponseTemplate::new(201)
        .set_body_json(call_json("9001"))
        .set_delay(Duration::from_secs(3))]);
    mount(&server, "POST", CALLS, &slow).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");

    let call = client
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("retried read");
    assert_eq!(call.id, "1");
    assert_eq!(slow_then_fast.arrivals().len(), 2);

    let err = client
        .calls()
        .create_call(create_body())
        .send()
        .await
        .expect_err("timed out");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(err.operation(), Some("create_call"));
    assert!(err.to_string().contains("request timed out"), "{err}");
    assert_eq!(
        slow.arrivals().len(),
        1,
        "the create may have happened: not re-sent"
    );
}

#[tokio::test]
async fn connection_failures_are_retried_even_for_a_create() {
    // Nothing listens on this port: the request never leaves the client.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .access_token(TOKEN)
        .retry_policy(quick_retries().max_retries(2))
        .build()
        .expect("client");

    let err = client
        .calls()
        .create_call(create_body())
        .send()
        .await
        .expect_err("nothing listens");
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.attempts(), Some(3), "not sent, so safe to try again");
    assert!(
        err.to_string()
            .contains("could not connect: the server refused the connection (after 3 attempts)"),
        "{err}"
    );
}

/// A one-shot HTTP server that writes `response` verbatim to each connection.
async fn raw_server(response: &'static [u8]) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = vec![0u8; 8192];
                let _ = socket.read(&mut request).await;
                let _ = socket.write_all(response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn truncated_bodies_are_reported_as_such() {
    // The connection closes 60 bytes into a body announced as 400 bytes long.
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n\
          {\"id\":\"1\",\"properties\":{},\"createdAt\":\"2024-01-15T10:30:00Z\"",
    )
    .await;
    let client = Client::builder()
        .base_url(&base)
        .access_token(TOKEN)
        .retry_policy(quick_retries().max_retries(1))
        .build()
        .expect("client");
    let err = client
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("cut off");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("the response body ended early (truncated: got 60 of 400 bytes)"),
        "{err}"
    );
    // A read is retried (the body is lost, the request can be repeated).
    assert_eq!(err.attempts(), Some(2));

    // A complete HTTP response whose JSON stops half way: a decode error with where and what.
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 60\r\n\r\n\
          {\"id\":\"1\",\"properties\":{},\"createdAt\":\"2024-01-15T10:30:00Z\"",
    )
    .await;
    let client = Client::builder()
        .base_url(&base)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let err = client
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("half JSON");
    match &err {
        Error::Decode {
            operation,
            status,
            message,
            excerpt,
            ..
        } => {
            assert_eq!(*operation, "get_call_by_id");
            assert_eq!(*status, 200);
            assert!(message.contains("EOF"), "{message}");
            assert!(excerpt.starts_with("{\"id\":\"1\""), "{excerpt}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn wrong_content_type_names_status_type_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<html><body>Maintenance</body></html>",
            "text/html; charset=utf-8",
        ))
        .mount(&server)
        .await;
    let client = builder(&server).build().expect("client");
    let err = client
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("html");
    match &err {
        Error::UnexpectedContentType {
            operation,
            status,
            content_type,
            excerpt,
        } => {
            assert_eq!(*operation, "get_call_by_id");
            assert_eq!(*status, 200);
            assert_eq!(content_type, "text/html; charset=utf-8");
            assert_eq!(excerpt, "<html><body>Maintenance</body></html>");
        }
        other => panic!("expected UnexpectedContentType, got {other:?}"),
    }
}

#[tokio::test]
async fn hubspot_error_body_is_typed_and_not_retried() {
    let server = MockServer::start().await;
    let script =
        Script::new(vec![ResponseTemplate::new(400)
        .insert_header("x-hubspot-correlation-id", "aeb5f871-7f07-4993-9211-075dc63e7cbf")
        .set_body_json(json!({
            "status": "error",
            "category": "VALIDATION_ERROR",
            "subCategory": "CallsCreate.INVALID_PROPERTY",
            "message": "Property values were not valid",
            "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
            "context": {"propertyName": ["hs_call_duration"]},
            "links": {"knowledge-base": "https://www.hubspot.com/products/service/knowledge-base"},
            "errors": [{"message": "hs_call_duration must be a number", "code": "INVALID_INTEGER",
                        "in": "hs_call_duration", "context": {"value": ["abc"]}}]
        }))]);
    mount(&server, "POST", CALLS, &script).await;
    let client = builder(&server)
        .retry_policy(quick_retries().retry_non_idempotent(true))
        .build()
        .expect("client");

    let err = client
        .calls()
        .create_call(create_body())
        .send()
        .await
        .expect_err("400");
    assert_eq!(script.arrivals().len(), 1, "a 400 is never retried");
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status, 400);
    assert_eq!(api.operation, "create_call");
    assert_eq!(api.category(), Some("VALIDATION_ERROR"));
    assert_eq!(api.message(), Some("Property values were not valid"));
    assert_eq!(
        api.correlation_id(),
        Some("aeb5f871-7f07-4993-9211-075dc63e7cbf")
    );
    let body = api.body.as_ref().expect("typed body");
    assert_eq!(
        body.sub_category.as_deref(),
        Some("CallsCreate.INVALID_PROPERTY")
    );
    assert_eq!(body.context["propertyName"], vec!["hs_call_duration"]);
    assert_eq!(
        body.links["knowledge-base"],
        "https://www.hubspot.com/products/service/knowledge-base"
    );
    assert_eq!(body.errors[0].in_.as_deref(), Some("hs_call_duration"));
    assert_eq!(
        err.to_string(),
        "HTTP 400 VALIDATION_ERROR: Property values were not valid \
         [hs_call_duration must be a number] \
         (correlationId aeb5f871-7f07-4993-9211-075dc63e7cbf, operation create_call)"
    );
}

#[tokio::test]
async fn multi_status_batch_keeps_every_result_and_every_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .respond_with(ResponseTemplate::new(207).set_body_json(json!({
            "status": "COMPLETE",
            "results": [call_json("1"), call_json("3")],
            "startedAt": "2024-01-15T10:30:00Z",
            "completedAt": "2024-01-15T10:30:01Z",
            "numErrors": 2,
            "errors": [
                {"status": "error", "category": "VALIDATION_ERROR",
                 "message": "Property values were not valid",
                 "context": {"inputIndex": ["1"], "propertyName": ["hs_timestamp"]},
                 "errors": [{"message": "hs_timestamp is required", "in": "hs_timestamp"}]},
                {"status": "error", "category": "OBJECT_NOT_FOUND",
                 "message": "Association target 404 does not exist",
                 "context": {"inputIndex": ["3"]}}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).build().expect("client");
    let batch = BatchCreateCallsRequest {
        inputs: (0..4).map(|_| create_body()).collect(),
    };
    let response = client
        .calls()
        .batch_create_calls(batch)
        .send()
        .await
        .expect("207 is a success");
    assert_eq!(response.status(), 207);
    let BatchCreateCallsResponse::MultiStatus(partial) = response else {
        panic!("expected MultiStatus");
    };
    let ids: Vec<&str> = partial.results.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["1", "3"]);
    assert_eq!(partial.errors.len(), 2);
    assert_eq!(
        partial.errors[0].category.as_deref(),
        Some("VALIDATION_ERROR")
    );
    assert_eq!(partial.errors[0].context["inputIndex"], vec!["1"]);
    assert_eq!(
        partial.errors[0].errors[0].message,
        "hs_timestamp is required"
    );
    assert_eq!(
        partial.errors[1].category.as_deref(),
        Some("OBJECT_NOT_FOUND")
    );
    assert_eq!(partial.errors[1].context["inputIndex"], vec!["3"]);
}

#[tokio::test]
async fn client_side_rate_limit_spaces_requests_and_searches() {
    let server = MockServer::start().await;
    let gets = Script::new(vec![
        ResponseTemplate::new(200).set_body_json(call_json("1"))
    ]);
    mount(&server, "GET", "/crm/v3/objects/calls/1", &gets).await;
    let searches = Script::new(vec![
        ResponseTemplate::new(200).set_body_json(json!({"total": 0, "results": []}))
    ]);
    mount(&server, "POST", "/crm/v3/objects/calls/search", &searches).await;
    let window = Duration::from_millis(500);
    let client = builder(&server)
        .rate_limit(
            RateLimit::default()
                .quota(Bucket::All, Quota::new(3, window))
                .quota(Bucket::Search, Quota::new(1, window)),
        )
        .build()
        .expect("client");
    assert_eq!(
        client.rate_limit().and_then(|r| r.get(Bucket::Search)),
        Some(Quota::new(1, window))
    );

    let started = Instant::now();
    let tasks: Vec<_> = (0..7)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.calls().get_call_by_id("1").send().await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("get");
    }
    // 3 now, 3 after one window, 1 after two.
    assert!(started.elapsed() >= 2 * window, "{:?}", started.elapsed());
    let arrivals = gets.arrivals();
    assert_eq!(arrivals.len(), 7);
    // No window of the server's clock sees more than 3: the limiter counts each request until
    // its response arrives, so however late a request reaches the server, it cannot share a
    // window with the ones before it.
    for (i, first) in arrivals.iter().enumerate() {
        let in_window = arrivals[i..]
            .iter()
            .filter(|t| **t < *first + window)
            .count();
        assert!(in_window <= 3, "{in_window} requests within one window");
    }

    // Searches (POST …/search) have their own, stricter quota.
    let started = Instant::now();
    for _ in 0..3 {
        client
            .calls()
            .search_calls(CallSearchRequest::default())
            .send()
            .await
            .expect("search");
    }
    assert!(started.elapsed() >= 2 * window, "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_429_pauses_the_client_side_limiter_for_other_requests() {
    let server = MockServer::start().await;
    let first = Script::new(vec![
        rate_limited("TEN_SECONDLY_ROLLING").insert_header("Retry-After", "1"),
        ResponseTemplate::new(200).set_body_json(call_json("1")),
    ]);
    mount(&server, "GET", "/crm/v3/objects/calls/1", &first).await;
    let second = Script::new(vec![
        ResponseTemplate::new(200).set_body_json(call_json("2"))
    ]);
    mount(&server, "GET", "/crm/v3/objects/calls/2", &second).await;
    let client = builder(&server)
        .rate_limit(RateLimit::default())
        .build()
        .expect("client");

    let started = Instant::now();
    let limited = {
        let client = client.clone();
        tokio::spawn(async move { client.calls().get_call_by_id("1").send().await })
    };
    // Let the first request get its 429 before the second one starts.
    while first.arrivals().is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    client
        .calls()
        .get_call_by_id("2")
        .send()
        .await
        .expect("second");
    let second_at = second.arrivals()[0] - started;
    assert!(
        second_at >= Duration::from_secs(1),
        "sent after {second_at:?}"
    );
    limited.await.expect("task").expect("first, retried");
}

#[tokio::test]
async fn invalid_settings_are_config_errors() {
    let err = Client::builder()
        .rate_limit(RateLimit::default().quota(Bucket::All, Quota::new(0, Duration::from_secs(1))))
        .build()
        .expect_err("zero quota");
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("RateLimit::unlimited"), "{err}");
    let default = Client::builder().build().expect("client");
    assert_eq!(default.retry_policy(), &RetryPolicy::default());
    assert!(default.rate_limit().is_none(), "the limiter is opt-in");
}
