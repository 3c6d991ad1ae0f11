//! What the OAuth tests share: a mock HubSpot with a token endpoint that issues numbered tokens
//! and records each form it receives, and a calls endpoint that records each token it sees.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use hubspot_calling::auth::{OAuthApp, TokenSet};
use hubspot_calling::{Client, Credentials, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const CLIENT_ID: &str = "client-id-3f6c1d2e";
pub const CLIENT_SECRET: &str = "client-secret-9a8b7c6d5e4f";
pub const REFRESH: &str = "refresh-token-aaaa-1111-bbbb";

/// The form fields of a request body.
pub fn form(request: &Request) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

/// The token endpoint: answers each refresh with `access-acct-<account>-<n>` (n counts per
/// refresh token), after `delay`; records every form.
#[derive(Clone, Default)]
pub struct TokenEndpoint {
    pub forms: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
    pub issued: Arc<AtomicUsize>,
    pub delay: Duration,
    pub expires_in: u64,
    /// A new refresh token with every answer (HubSpot may rotate it).
    pub rotate: bool,
}

impl TokenEndpoint {
    pub fn new() -> Self {
        TokenEndpoint {
            expires_in: 1800,
            ..Default::default()
        }
    }

    pub fn calls(&self) -> usize {
        self.forms.lock().expect("lock").len()
    }

    pub fn forms(&self) -> Vec<BTreeMap<String, String>> {
        self.forms.lock().expect("lock").clone()
    }

    pub async fn mount(&self, server: &MockServer) {
        Mock::given(method("POST"))
            .and(path("/oauth/v1/token"))
            .respond_with(self.clone())
            .mount(server)
            .await;
    }
}

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form = form(request);
        let refresh = form
            .get("refresh_token")
            .or(form.get("code"))
            .cloned()
            .unwrap_or_default();
        self.forms.lock().expect("lock").push(form);
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let refresh_token = if self.rotate {
            format!("{refresh}-rotated-{n}")
        } else {
            refresh.clone()
        };
        ResponseTemplate::new(200)
            .set_delay(self.delay)
            .set_body_json(json!({
                "token_type": "bearer",
                "access_token": access_token(&refresh, n),
                "refresh_token": refresh_token,
                "expires_in": self.expires_in,
            }))
    }
}

/// The access token the endpoint issues for the `n`-th request (counted over all requests)
/// with `refresh` (it does not contain `refresh`).
pub fn access_token(refresh: &str, n: usize) -> String {
    format!("access-{}-{n}", refresh.replacen("refresh", "acct", 1))
}

/// `GET /crm/v3/objects/calls/{id}`: answers a call; records each `Authorization` it sees. A
/// request with a token in `expired` gets HubSpot's 401 `EXPIRED_AUTHENTICATION`.
#[derive(Clone, Default)]
pub struct Calls {
    pub seen: Arc<Mutex<Vec<String>>>,
    pub expired: Arc<Mutex<Vec<String>>>,
}

impl Calls {
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("lock").clone()
    }

    pub fn expire(&self, token: &str) {
        self.expired.lock().expect("lock").push(token.to_owned());
    }

    pub async fn mount(&self, server: &MockServer) {
        Mock::given(path("/crm/v3/objects/calls/1"))
            .respond_with(self.clone())
            .mount(server)
            .await;
        Mock::given(method("POST"))
            .and(path("/crm/v3/objects/calls"))
            .respond_with(self.clone())
            .mount(server)
            .await;
    }
}

impl Respond for Calls {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let token = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_owned();
        self.seen.lock().expect("lock").push(token.clone());
        if self.expired.lock().expect("lock").contains(&token) {
            return expired();
        }
        let status = if request.method.as_str() == "POST" {
            201
        } else {
            200
        };
        ResponseTemplate::new(status).set_body_json(call_json(1))
    }
}

/// HubSpot's answer to an expired access token.
pub fn expired() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({
        "status": "error",
        "message": "The OAuth token used to make this call expired 12 second(s) ago.",
        "correlationId": "4a3c2b1d-0000-4000-8000-000000000001",
        "category": "EXPIRED_AUTHENTICATION"
    }))
}

pub fn call_json(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "properties": {"hs_call_title": "call"},
        "createdAt": "2024-01-15T10:30:00Z",
        "updatedAt": "2024-01-15T10:30:00Z",
        "archived": false
    })
}

/// The app's client for `server` (no retries unless a test wants them) and the app. Logs are
/// captured from here on.
pub fn app(server: &MockServer) -> (Client, OAuthApp) {
    logs();
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let app = OAuthApp::new(&client, CLIENT_ID, CLIENT_SECRET).expect("app");
    (client, app)
}

/// An account handle whose refresher starts from `tokens`.
pub fn account(client: &Client, app: &OAuthApp, tokens: TokenSet) -> Client {
    client
        .for_account(Credentials::new().token_source(app.refresher(tokens)))
        .expect("account")
}

/// Everything every test of this binary logs (a global subscriber, so events on any thread are
/// caught; per-thread subscribers miss events when tests race to register them).
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

/// The binary's log, installed on first use.
pub fn logs() -> &'static Logs {
    static LOGS: OnceLock<Logs> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Logs::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(logs.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        logs
    })
}

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}
