//! End to end: the install example (`examples/oauth_install.rs`, compiled in here as a module)
//! on a localhost port, a browser played by reqwest (redirects not followed), and a mock
//! HubSpot (wiremock) for the token endpoint, the access-token info and the calls API.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use hubspot_calling::auth::OAuthApp;
use hubspot_calling::{Client, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(dead_code)]
#[path = "../examples/oauth_install.rs"]
mod example;

const CLIENT_ID: &str = "7fff1e36-2d40-4ae1-bbb1-5266d59564fb";
const CLIENT_SECRET: &str = "app-client-secret-0123456789";
const ISSUED: &str = "CJSP5qf1KhICAQEYs-issued-access-token";
const HUB_ID: i64 = 62515;

/// A HubSpot that issues `ISSUED` for the code `good-code`, knows the account behind it, and
/// logs calls made with it.
async fn hubspot() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v1/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer", "access_token": ISSUED,
            "refresh_token": "6f18f21e-a743-4509-b7fd-1a5e632fffa1", "expires_in": 1800
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/oauth/v1/access-tokens/{ISSUED}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token": ISSUED, "user": "owner@example.com", "hub_domain": "example.com",
            "scopes": ["oauth", "crm.objects.contacts.write"], "hub_id": HUB_ID,
            "app_id": 456789, "expires_in": 1790, "user_id": 1001, "token_type": "access"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls"))
        .and(header("authorization", format!("Bearer {ISSUED}").as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "9001", "properties": {}, "createdAt": "2024-01-15T10:30:00Z",
            "updatedAt": "2024-01-15T10:30:00Z", "archived": false
        })))
        .mount(&server)
        .await;
    server
}

/// Starts the example's router for a HubSpot at `hubspot`; its address and state.
async fn start(hubspot: &MockServer) -> (SocketAddr, Arc<example::Installer>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let client = Client::builder()
        .base_url(hubspot.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let app = OAuthApp::new(&client, CLIENT_ID, CLIENT_SECRET).expect("app");
    let installer = Arc::new(example::Installer::new(app, &format!("http://{addr}")));
    let router = example::router(installer.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    (addr, installer)
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("browser")
}

/// `GET /install`: the authorize URL it redirects to, and its query.
async fn install(addr: SocketAddr) -> (reqwest::Url, BTreeMap<String, String>) {
    let response = browser()
        .get(format!("http://{addr}/install"))
        .send()
        .await
        .expect("install");
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().expect("text");
    let url = reqwest::Url::parse(location).expect("authorize URL");
    let query = url.query_pairs().into_owned().collect();
    (url, query)
}

async fn callback(addr: SocketAddr, query: &str) -> (u16, String) {
    let response = browser()
        .get(format!("http://{addr}{}?{query}", example::CALLBACK_PATH))
        .send()
        .await
        .expect("callback");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn install_then_callback_learns_the_account_and_logs_a_call_in_it() {
    let hubspot = hubspot().await;
    let (addr, installer) = start(&hubspot).await;

    let (url, query) = install(addr).await;
    assert_eq!(
        url.as_str().split('?').next(),
        Some("https://app.hubspot.com/oauth/authorize")
    );
    let redirect_uri = format!("http://{addr}/oauth/callback");
    assert_eq!(query["client_id"], CLIENT_ID);
    assert_eq!(query["redirect_uri"], redirect_uri);
    assert_eq!(query["scope"], "oauth crm.objects.contacts.write");
    assert_eq!(query["optional_scope"], "crm.objects.deals.read");
    let state = &query["state"];
    assert_eq!(state.len(), 32, "128 random bits");

    let (status, body) = callback(addr, &format!("code=good-code&state={state}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        "installed in account 62515 (example.com) by owner@example.com; logged call 9001"
    );
    // The code was exchanged with the redirect URI of the authorize URL.
    let received = hubspot.received_requests().await.expect("recorded");
    let exchange: BTreeMap<String, String> = url::form_urlencoded::parse(&received[0].body)
        .into_owned()
        .collect();
    assert_eq!(exchange["grant_type"], "authorization_code");
    assert_eq!(exchange["code"], "good-code");
    assert_eq!(exchange["redirect_uri"], redirect_uri);
    assert_eq!(
        received.iter().map(|r| r.url.path()).collect::<Vec<_>>(),
        [
            "/oauth/v1/token",
            &format!("/oauth/v1/access-tokens/{ISSUED}"),
            "/crm/v3/objects/calls"
        ]
    );
    // The account's handle is kept, with its token.
    let account = installer.account(HUB_ID).expect("installed account");
    assert_eq!(
        account.access_token().await.expect("token").expose_secret(),
        ISSUED
    );

    // A state works once.
    let (status, body) = callback(addr, &format!("code=good-code&state={state}")).await;
    assert_eq!(status, 400);
    assert!(body.contains("start again at /install"), "{body}");
    assert_eq!(
        hubspot.received_requests().await.expect("recorded").len(),
        3
    );
}

#[tokio::test]
async fn a_forged_state_or_a_declined_install_calls_nothing() {
    let hubspot = hubspot().await;
    let (addr, _) = start(&hubspot).await;
    let _ = install(addr).await;

    let (status, _) = callback(addr, "code=good-code&state=forged").await;
    assert_eq!(status, 400);
    let (status, _) = callback(addr, "code=good-code").await;
    assert_eq!(status, 400);
    let (status, body) = callback(
        addr,
        "error=access_denied&error_description=The%20user%20declined",
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("access_denied The user declined"), "{body}");
    assert!(hubspot
        .received_requests()
        .await
        .expect("recorded")
        .is_empty());
}
