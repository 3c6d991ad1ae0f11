//! The refresher against a mock HubSpot: renewing before expiry, once after an expired-token
//! 401 (and replaying once), once for many concurrent requests, and never in a loop.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use hubspot_calling::auth::TokenSet;
use hubspot_calling::calls::CallCreateRequest;
use hubspot_calling::Error;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    access_token, account, app, Calls, TokenEndpoint, CLIENT_ID, CLIENT_SECRET, REFRESH,
};

/// Moves tokio's clock forward with nothing in flight.
async fn advance(by: Duration) {
    tokio::time::pause();
    tokio::time::advance(by).await;
    tokio::time::resume();
}

#[tokio::test]
async fn the_access_token_is_renewed_a_margin_before_it_expires() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint::new();
    tokens.mount(&server).await;
    let calls = Calls::default();
    calls.mount(&server).await;
    let (client, app) = app(&server);
    // 30-minute tokens, renewed 5 minutes (the default margin) before they expire.
    let account = account(&client, &app, TokenSet::new(REFRESH));

    // Only a refresh token: the first request renews.
    account.calls().get_call_by_id("1").send().await.expect("1");
    advance(Duration::from_secs(1400)).await;
    account.calls().get_call_by_id("1").send().await.expect("2");
    assert_eq!(tokens.calls(), 1, "no refresh 25 minutes in");
    // 25 min 50 s in: inside the margin.
    advance(Duration::from_secs(150)).await;
    account.calls().get_call_by_id("1").send().await.expect("3");

    assert_eq!(tokens.calls(), 2);
    let (first, second) = (access_token(REFRESH, 1), access_token(REFRESH, 2));
    assert_eq!(calls.seen(), [&first, &first, &second].map(String::clone));
    // What HubSpot's token endpoint needs, as a form.
    let expected = BTreeMap::from(
        [
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("refresh_token", REFRESH),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    assert_eq!(tokens.forms(), [expected.clone(), expected]);
    let received = server.received_requests().await.expect("recorded");
    let token_request = received
        .iter()
        .find(|r| r.url.path() == "/oauth/v1/token")
        .expect("token request");
    assert_eq!(
        token_request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
}

#[tokio::test]
async fn a_stored_token_is_used_until_the_margin() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint::new();
    tokens.mount(&server).await;
    let calls = Calls::default();
    calls.mount(&server).await;
    let (client, app) = app(&server);
    let now = SystemTime::now();

    let ten_minutes_left = TokenSet::new(REFRESH)
        .with_access_token("stored-access-token-1", now + Duration::from_secs(600));
    let fresh = account(&client, &app, ten_minutes_left);
    fresh
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("sent");
    assert_eq!(tokens.calls(), 0);

    // Four minutes left, with a five-minute margin: renewed before it is used.
    let four_minutes_left = TokenSet::new(REFRESH)
        .with_access_token("stored-access-token-2", now + Duration::from_secs(240));
    let due = account(&client, &app, four_minutes_left);
    due.calls().get_call_by_id("1").send().await.expect("sent");
    assert_eq!(tokens.calls(), 1);
    // With a two-minute margin it would not have been.
    let relaxed = client
        .for_account(
            hubspot_calling::Credentials::new().token_source(
                app.refresher(
                    TokenSet::new(REFRESH)
                        .with_access_token("stored-access-token-3", now + Duration::from_secs(240)),
                )
                .margin(Duration::from_secs(120)),
            ),
        )
        .expect("account");
    relaxed
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("sent");
    assert_eq!(tokens.calls(), 1);
    assert_eq!(
        calls.seen(),
        [
            "stored-access-token-1".to_owned(),
            access_token(REFRESH, 1),
            "stored-access-token-3".to_owned()
        ]
    );
}

fn create_body() -> CallCreateRequest {
    CallCreateRequest {
        properties: BTreeMap::from([("hs_call_title".to_owned(), "Discovery".to_owned())]),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_expired_token_answer_renews_once_and_replays_once_even_a_create() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint::new();
    tokens.mount(&server).await;
    let calls = Calls::default();
    calls.mount(&server).await;
    let (client, app) = app(&server);
    // The refresher believes the stored token has 20 minutes left; HubSpot says it expired.
    let stored = "stored-access-token-expired";
    calls.expire(stored);
    let account = account(
        &client,
        &app,
        TokenSet::new(REFRESH)
            .with_access_token(stored, SystemTime::now() + Duration::from_secs(1200)),
    );

    let call = account
        .calls()
        .create_call(create_body())
        .send()
        .await
        .expect("replayed with the renewed token");
    assert_eq!(call.id, "1");
    assert_eq!(tokens.calls(), 1);
    let renewed = access_token(REFRESH, 1);
    assert_eq!(calls.seen(), [stored.to_owned(), renewed.clone()]);

    // The next request uses the renewed token at once.
    account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("sent");
    assert_eq!(tokens.calls(), 1);
    assert_eq!(calls.seen().last(), Some(&renewed));
}

#[tokio::test]
async fn the_replay_is_sent_once_and_its_answer_returned_as_is() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint::new();
    tokens.mount(&server).await;
    // Every token is "expired".
    Mock::given(path("/crm/v3/objects/calls/1"))
        .respond_with(crate::support::expired())
        .mount(&server)
        .await;
    let (client, app) = app(&server);
    let account = account(&client, &app, TokenSet::new(REFRESH));
    let err = account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("still 401");
    let api = err.api_error().expect("HubSpot's answer");
    assert_eq!(api.status, 401);
    assert_eq!(api.category(), Some("EXPIRED_AUTHENTICATION"));
    assert_eq!(api.attempts, 2, "the request and one replay");
    // One refresh before the first send (no token yet), one after the 401.
    assert_eq!(tokens.calls(), 2);
}

#[tokio::test]
async fn other_401s_are_returned_without_renewing() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint::new();
    tokens.mount(&server).await;
    Mock::given(path("/crm/v3/objects/calls/1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "status": "error",
            "message": "Authentication credentials not found.",
            "category": "INVALID_AUTHENTICATION"
        })))
        .mount(&server)
        .await;
    let (client, app) = app(&server);
    let account = account(
        &client,
        &app,
        TokenSet::new(REFRESH).with_access_token(
            "stored-access-token-revoked",
            SystemTime::now() + Duration::from_secs(1200),
        ),
    );
    for _ in 0..3 {
        let err = account
            .calls()
            .get_call_by_id("1")
            .send()
            .await
            .expect_err("401");
        assert_eq!(err.status(), Some(401));
        assert_eq!(err.attempts(), Some(1));
    }
    assert_eq!(
        tokens.calls(),
        0,
        "a revoked token is not refreshed in a loop"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_requests_on_a_stale_token_cause_one_refresh() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint {
        delay: Duration::from_millis(300),
        ..TokenEndpoint::new()
    };
    tokens.mount(&server).await;
    let calls = Calls::default();
    calls.mount(&server).await;
    let (client, app) = app(&server);
    let stored = "stored-access-token-stale";
    let account = account(
        &client,
        &app,
        TokenSet::new(REFRESH)
            .with_access_token(stored, SystemTime::now() + Duration::from_secs(60)),
    );
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let account = account.clone();
            tokio::spawn(async move { account.calls().get_call_by_id("1").send().await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("sent");
    }
    assert_eq!(tokens.calls(), 1, "one refresh for all of them");
    let renewed = access_token(REFRESH, 1);
    let seen = calls.seen();
    assert_eq!(seen.len(), 100);
    assert!(seen.iter().all(|t| *t == renewed), "{seen:?}");

    // HubSpot rejects the renewed token for all of them at once: one more refresh, 100 replays.
    calls.expire(&renewed);
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let account = account.clone();
            tokio::spawn(async move { account.calls().get_call_by_id("1").send().await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("replayed");
    }
    assert_eq!(tokens.calls(), 2);
    let replays = calls.seen()[100..]
        .iter()
        .filter(|t| **t == access_token(REFRESH, 2))
        .count();
    assert_eq!(replays, 100);
}

#[tokio::test]
async fn a_refused_refresh_fails_every_request_fast_without_calling_again() {
    for (body, code) in [
        (
            json!({"status": "BAD_REFRESH_TOKEN", "message": "missing or unknown refresh token",
                   "correlationId": "5b7e2c1a-0000-4000-8000-000000000002"}),
            "BAD_REFRESH_TOKEN",
        ),
        (
            json!({"error": "invalid_grant", "error_description": "refresh token revoked"}),
            "invalid_grant",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/v1/token"))
            .respond_with(ResponseTemplate::new(400).set_body_json(body))
            .mount(&server)
            .await;
        let calls = Calls::default();
        calls.mount(&server).await;
        let (client, app) = app(&server);
        let account = account(&client, &app, TokenSet::new(REFRESH));
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let account = account.clone();
                tokio::spawn(async move { account.calls().get_call_by_id("1").send().await })
            })
            .collect();
        let mut errors = Vec::new();
        for task in tasks {
            errors.push(task.await.expect("task").expect_err("refused"));
        }
        errors.push(
            account
                .calls()
                .get_call_by_id("1")
                .send()
                .await
                .expect_err("still refused"),
        );
        for err in &errors {
            assert!(err.needs_reauthorization(), "{err}");
            let Error::Auth { operation, error } = err else {
                panic!("expected Error::Auth, got {err:?}");
            };
            assert_eq!(*operation, "get_call_by_id");
            assert_eq!(error.status(), Some(400));
            assert_eq!(error.code(), Some(code));
            let text = err.to_string();
            assert!(text.contains("install flow again"), "{text}");
            assert!(text.contains("uninstalled"), "{text}");
        }
        let received = server.received_requests().await.expect("recorded");
        assert_eq!(received.len(), 1, "one token request, no API request");
        assert!(calls.seen().is_empty());
    }
}

#[tokio::test]
async fn a_token_endpoint_that_is_down_fails_only_the_waiting_requests() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let tokens = TokenEndpoint::new();
    tokens.mount(&server).await;
    let calls = Calls::default();
    calls.mount(&server).await;
    let (client, app) = app(&server);
    let account = account(&client, &app, TokenSet::new(REFRESH));

    let err = account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("503");
    assert!(!err.needs_reauthorization(), "{err}");
    assert_eq!(err.token_error().and_then(|e| e.status()), Some(503));
    // The next request asks again, and gets through.
    account
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect("sent");
    assert_eq!(calls.seen(), [access_token(REFRESH, 1)]);
}
