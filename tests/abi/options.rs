//! Per-request options on every builder (`with_header`, `with_timeout`, `with_retry_policy`,
//! `with_credential`, `with_access_token`, `with_options`), each observed at the server.

use std::time::{Duration, Instant};

use hubspot_calling::{Client, CredentialKind, Error, RequestOptions, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::as_generated::CallsApi;
use crate::support::{builder, call_json, calls, received, KEY, TOKEN};

const PER_REQUEST: &str = "pat-na1-per-request-99999999-8888-7777";

async fn serve_call(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(call_json(1)))
        .mount(server)
        .await;
}

async fn serve_settings(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/crm/v3/extensions/calling/77/settings"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "Dialer"})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn an_extra_header_reaches_the_server_and_replaces_a_default_header() {
    let server = MockServer::start().await;
    serve_call(&server).await;
    let client = builder(&server)
        .default_header("x-trace", "client-wide")
        .build()
        .expect("client");
    let api = CallsApi::new(client);
    api.get_call_by_id("1")
        .with_header("Prefer", "respond-async")
        .with_header("X-Trace", "this-request")
        .send()
        .await
        .expect("sent");
    api.get_call_by_id("1").send().await.expect("sent");

    let requests = received(&server).await;
    let values = |i: usize, name: &str| -> Vec<String> {
        requests[i]
            .headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(values(0, "prefer"), ["respond-async"]);
    assert_eq!(values(0, "x-trace"), ["this-request"]);
    // The option was for one request only.
    assert!(values(1, "prefer").is_empty());
    assert_eq!(values(1, "x-trace"), ["client-wide"]);
}

#[tokio::test]
async fn an_invalid_header_is_an_invalid_request_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let api = calls(&server);
    for (name, value) in [("bad name", "v"), ("x-ok", "line\nbreak"), ("", "v")] {
        let err = api
            .get_call_by_id("1")
            .with_header(name, value)
            .send()
            .await
            .expect_err("invalid header");
        assert!(
            matches!(
                &err,
                Error::InvalidRequest {
                    operation: "get_call_by_id",
                    ..
                }
            ),
            "{err}"
        );
        let built = api
            .get_call_by_id("1")
            .with_header(name, value)
            .build_request();
        assert!(
            matches!(built, Err(Error::InvalidRequest { .. })),
            "{built:?}"
        );
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_per_request_timeout_fires_on_a_slow_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(call_json(1))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let api = calls(&server); // the client's timeout: 60 s
    let started = Instant::now();
    let err = api
        .get_call_by_id("1")
        .with_timeout(Duration::from_millis(200))
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_per_request_retry_policy_replaces_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/1"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let quick = RetryPolicy::default()
        .jitter(false)
        .backoff(Duration::from_millis(5), Duration::from_millis(5));

    // The client never retries; this request does, twice.
    let never = calls(&server);
    let err = never
        .get_call_by_id("1")
        .with_retry_policy(quick.clone().max_retries(2))
        .send()
        .await
        .expect_err("503");
    assert_eq!(err.attempts(), Some(3));
    assert_eq!(received(&server).await.len(), 3);

    // The client retries; this request does not.
    let retrying = CallsApi::new(
        builder(&server)
            .retry_policy(quick)
            .build()
            .expect("client"),
    );
    let err = retrying
        .get_call_by_id("1")
        .with_retry_policy(RetryPolicy::none())
        .send()
        .await
        .expect_err("503");
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn the_credential_choice_turns_hapikey_into_a_bearer_token() {
    let server = MockServer::start().await;
    serve_settings(&server).await;
    let api = CallsApi::new(
        builder(&server)
            .developer_api_key(KEY)
            .build()
            .expect("client"),
    );

    api.get_settings(77)
        .send()
        .await
        .expect("by the spec: hapikey");
    api.get_settings(77)
        .with_credential(CredentialKind::AccessToken)
        .send()
        .await
        .expect("chosen: the access token");
    let requests = received(&server).await;
    assert_eq!(query(&requests[0], "hapikey"), Some(KEY.to_owned()));
    assert!(requests[0].headers.get("authorization").is_none());
    assert_eq!(query(&requests[1], "hapikey"), None);
    assert_eq!(
        requests[1]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {TOKEN}").as_str())
    );

    // An operation that does not take the developer API key says so, before sending.
    let err = api
        .get_call_by_id("1")
        .with_credential(CredentialKind::DeveloperApiKey)
        .send()
        .await
        .expect_err("not accepted");
    assert!(
        matches!(&err, Error::InvalidRequest { message, .. } if message.contains("does not accept")),
        "{err}"
    );
    // A chosen credential that is not configured is a missing credential.
    let token_only = calls(&server);
    let err = token_only
        .get_settings(77)
        .with_credential(CredentialKind::DeveloperApiKey)
        .send()
        .await
        .expect_err("no key configured");
    assert!(matches!(err, Error::MissingCredential { .. }), "{err}");
    assert_eq!(received(&server).await.len(), 2);
}

fn query(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn a_per_request_token_is_sent_and_never_shown() {
    let server = MockServer::start().await;
    serve_settings(&server).await;
    // The server echoes the token back in a header and in the body of an error.
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/1"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header(
                    "x-echo-authorization",
                    format!("Bearer {PER_REQUEST}").as_str(),
                )
                .insert_header("x-hubspot-correlation-id", PER_REQUEST)
                .set_body_json(json!({
                    "status": "error",
                    "category": "VALIDATION_ERROR",
                    "message": format!("bad token {PER_REQUEST}"),
                })),
        )
        .mount(&server)
        .await;
    // The client has only the developer API key.
    let client = Client::builder()
        .base_url(server.uri())
        .developer_api_key(KEY)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let api = CallsApi::new(client);

    let settings = api.get_settings(77).with_access_token(PER_REQUEST);
    let shown = format!("{settings:?}");
    assert!(!shown.contains(PER_REQUEST), "{shown}");
    settings.send().await.expect("sent with the token");
    let requests = received(&server).await;
    assert_eq!(
        requests[0]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {PER_REQUEST}").as_str())
    );
    assert_eq!(query(&requests[0], "hapikey"), None);

    let err = api
        .get_call_by_id("1")
        .with_access_token(PER_REQUEST)
        .send()
        .await
        .expect_err("400");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(PER_REQUEST), "{shown}");
    assert!(shown.contains("bad token <redacted>"), "{shown}");

    // A token that cannot be sent is refused before sending, without echoing it.
    let err = api
        .get_settings(77)
        .with_access_token("pat-na1-bad\ntoken-value")
        .send()
        .await
        .expect_err("invalid");
    assert!(matches!(&err, Error::InvalidRequest { .. }), "{err}");
    assert!(!err.to_string().contains("bad\ntoken"), "{err}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn options_built_once_apply_to_any_builder() {
    let server = MockServer::start().await;
    serve_call(&server).await;
    serve_settings(&server).await;
    let api = CallsApi::new(
        builder(&server)
            .developer_api_key(KEY)
            .build()
            .expect("client"),
    );
    let options = RequestOptions::new()
        .with_header("x-tenant", "acme")
        .with_credential(CredentialKind::AccessToken);
    api.get_call_by_id("1")
        .with_options(options.clone())
        .send()
        .await
        .expect("call");
    api.get_settings(77)
        .with_header("x-tenant", "first")
        .with_options(options)
        .send()
        .await
        .expect("settings");
    let requests = received(&server).await;
    for request in &requests {
        assert!(request.headers.get("authorization").is_some());
        assert_eq!(query(request, "hapikey"), None);
    }
    let tenants: Vec<_> = requests[1]
        .headers
        .get_all("x-tenant")
        .iter()
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(tenants, ["first", "acme"], "with_options adds its headers");
}
