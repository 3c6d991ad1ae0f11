//! Contract test: the OAuth requests the crate sends (the refresher's and the install flow's
//! `POST /oauth/v1/token` with its form body, `GET /oauth/v1/access-tokens/{token}`), all built
//! by the builders generated from `specs/oauth.json`, against Stoplight Prism serving that file,
//! HubSpot's official OAuth v1 spec (upstream bytes, no overlay), which validates the form body
//! (content type, fields, the `grant_type` enum) and answers from the spec's schemas. A request
//! Prism finds wrong comes back as a 422 or with `sl-violations`, and the test fails.
//!
//! Prism is installed on first use (or `PRISM_BIN`); the test fails when it cannot start.

use hubspot_calling_test_support::prism;

use std::path::Path;
use std::sync::{Arc, Mutex};

use hubspot_calling::auth::{OAuthApp, TokenSet};
use hubspot_calling::{oauth, Client, Credentials, RetryPolicy};

/// The `sl-violations` Prism attached to each answer, by operation.
type Violations = Arc<Mutex<Vec<(String, String)>>>;

fn start() -> (prism::Prism, std::path::PathBuf) {
    let dir = prism::scratch_dir("oauth-prism").expect("scratch dir");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/oauth.json");
    let spec = prism::write_published_spec(&file, &dir).expect("spec for Prism");
    let prism = prism::Prism::start(&spec, &dir).unwrap_or_else(|e| panic!("{e}"));
    (prism, dir)
}

fn client(prism: &prism::Prism, violations: &Violations) -> Client {
    let seen = violations.clone();
    Client::builder()
        .base_url(prism.base_url())
        .retry_policy(RetryPolicy::none())
        .on_response(move |info| {
            if let Some(v) = info.headers.get("sl-violations") {
                let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
                seen.lock()
                    .expect("lock")
                    .push((info.operation.name.to_owned(), text));
            }
        })
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_oauth_requests_match_hubspots_official_spec_and_prism_checks_the_form() {
    let (prism, dir) = start();
    let violations = Violations::default();
    let client = client(&prism, &violations);
    let app = OAuthApp::new(
        &client,
        "7fff1e36-2d40-4ae1-bbb1-5266d59564fb",
        "client-secret-0123",
    )
    .expect("app");

    let installed = app
        .exchange_code(
            "code-0123456789",
            "https://calls.example.com/oauth/callback",
        )
        .await
        .unwrap_or_else(|e| panic!("exchange_code: {e}\n{}", prism.output()));
    let renewed = app
        .refresh(installed.refresh_token())
        .await
        .unwrap_or_else(|e| panic!("refresh: {e}\n{}", prism.output()));
    let token = renewed.access_token().expect("an access token");
    let info = app
        .access_token_info(token)
        .await
        .unwrap_or_else(|e| panic!("access_token_info: {e}\n{}", prism.output()));
    // The refresher's request, through an account.
    let account = client
        .for_account(
            Credentials::new().token_source(app.refresher(TokenSet::new("refresh-0123456789"))),
        )
        .expect("account");
    account
        .access_token()
        .await
        .unwrap_or_else(|e| panic!("refresher: {e}\n{}", prism.output()));
    // The generated builder itself, for the grant the app code does not use.
    let form = oauth::TokenRequest {
        grant_type: oauth::GrantType::ClientCredentials,
        client_id: "7fff1e36-2d40-4ae1-bbb1-5266d59564fb".into(),
        client_secret: Some("client-secret-0123".into()),
        scope: Some("crm.objects.contacts.read oauth".into()),
        code: None,
        code_verifier: None,
        redirect_uri: None,
        refresh_token: None,
    };
    client
        .oauth()
        .create_token(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create_token: {e}\n{}", prism.output()));
    // Prism answers from the schema (its smallest integers); the answer decodes.
    assert!(!info.scopes.is_empty(), "{info:?}");

    let violations = violations.lock().expect("lock").clone();
    assert!(violations.is_empty(), "{violations:?}\n{}", prism.output());

    // The check can fail: Prism reports a form that breaks the spec.
    let response = reqwest::Client::new()
        .post(format!("{}/oauth/v1/token", prism.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=password&client_id=x")
        .send()
        .await
        .expect("sent");
    let violations = response
        .headers()
        .get("sl-violations")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    assert!(violations.contains("grant_type"), "{violations:?}");
    let _ = std::fs::remove_dir_all(dir);
}
