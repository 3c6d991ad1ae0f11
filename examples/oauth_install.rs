//! A calling app's install flow (axum): HubSpot accounts install the app, and the backend then
//! calls HubSpot for each of them with tokens that renew themselves.
//!
//! - `GET /install` redirects the browser to HubSpot's authorize page (scopes, optional scopes,
//!   a random `state`);
//! - `GET /oauth/callback?code=..&state=..` is where HubSpot sends the user back: the server
//!   checks the state (one use, ten minutes), exchanges the code for the account's tokens,
//!   learns which account it is (`hub_id`, from the access-token info), keeps a client handle
//!   for the account with an OAuth refresher, and logs a call in that account.
//!
//! ```sh
//! HUBSPOT_CLIENT_ID=... HUBSPOT_CLIENT_SECRET=... cargo run --example oauth_install
//! # then open http://localhost:3000/install
//! ```
//!
//! Environment: `HUBSPOT_CLIENT_ID`, `HUBSPOT_CLIENT_SECRET` (the app's "Auth" settings,
//! required), `LISTEN_ADDR` (default `127.0.0.1:3000`), `PUBLIC_BASE_URL` (the origin of the
//! redirect URI, which must be listed in the app's settings; default `http://localhost:<port>`),
//! `HUBSPOT_BASE_URL` (the API, default `https://api.hubapi.com`), `HUBSPOT_AUTHORIZE_HOST`
//! (default `https://app.hubspot.com`; `https://app-eu1.hubspot.com` for the EU data center).

use std::collections::{BTreeMap, HashMap};
use std::env;
use std::error::Error as StdError;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use hubspot_calling::auth::{OAuthApp, AUTHORIZE_HOST};
use hubspot_calling::calls::CallCreateRequest;
use hubspot_calling::{Client, Credentials};
use serde::Deserialize;

/// The path HubSpot redirects back to (listed in the app's redirect URLs).
pub const CALLBACK_PATH: &str = "/oauth/callback";

/// How long a `state` handed out by `/install` is accepted.
const STATE_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// The scopes the calling app needs, and one it uses when the account has it.
const SCOPES: [&str; 2] = ["oauth", "crm.objects.contacts.write"];
const OPTIONAL_SCOPES: [&str; 1] = ["crm.objects.deals.read"];

/// The server's state.
pub struct Installer {
    /// The app (client id and secret) and, through it, the shared client.
    pub app: OAuthApp,
    /// `<PUBLIC_BASE_URL>/oauth/callback`.
    pub redirect_uri: String,
    /// HubSpot's authorize page origin.
    pub authorize_host: String,
    /// States handed out by `/install`, with when.
    pending: Mutex<HashMap<String, Instant>>,
    /// One client handle per installed account, by hub id.
    accounts: Mutex<HashMap<i64, Client>>,
}

impl Installer {
    /// An installer for `app` whose callback is under `public_base_url`.
    pub fn new(app: OAuthApp, public_base_url: &str) -> Installer {
        Installer {
            app,
            redirect_uri: format!("{}{CALLBACK_PATH}", public_base_url.trim_end_matches('/')),
            authorize_host: AUTHORIZE_HOST.to_owned(),
            pending: Mutex::new(HashMap::new()),
            accounts: Mutex::new(HashMap::new()),
        }
    }

    /// The handle of an installed account.
    pub fn account(&self, hub_id: i64) -> Option<Client> {
        self.accounts.lock().ok()?.get(&hub_id).cloned()
    }

    /// Takes `state` out of the pending ones; false when it was never handed out, was used
    /// already, or is too old.
    fn take_state(&self, state: &str) -> bool {
        let Ok(mut pending) = self.pending.lock() else {
            return false;
        };
        pending.retain(|_, at| at.elapsed() < STATE_LIFETIME);
        pending.remove(state).is_some()
    }
}

/// The router: `GET /install`, `GET /oauth/callback`.
pub fn router(installer: Arc<Installer>) -> Router {
    Router::new()
        .route("/install", get(install))
        .route(CALLBACK_PATH, get(callback))
        .with_state(installer)
}

/// 128 random bits from the operating system, as hex: a state nobody can guess.
fn random_state() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn fail(status: StatusCode, message: impl Into<String>) -> Response {
    let message = message.into();
    eprintln!("{} {message}", status.as_u16());
    (status, message).into_response()
}

async fn install(State(installer): State<Arc<Installer>>) -> Response {
    let state = match random_state() {
        Ok(state) => state,
        Err(error) => return fail(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
    };
    let url = installer
        .app
        .authorize_url(&installer.redirect_uri, SCOPES)
        .optional_scopes(OPTIONAL_SCOPES)
        .host(installer.authorize_host.as_str())
        .state(state.as_str())
        .build();
    match url {
        Ok(url) => {
            if let Ok(mut pending) = installer.pending.lock() {
                pending.insert(state, Instant::now());
            }
            Redirect::to(&url).into_response()
        }
        Err(error) => fail(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
    }
}

/// What HubSpot sends to the redirect URI.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

async fn callback(
    State(installer): State<Arc<Installer>>,
    Query(query): Query<CallbackQuery>,
) -> Response {
    if let Some(error) = query.error {
        let description = query.error_description.unwrap_or_default();
        return fail(
            StatusCode::BAD_REQUEST,
            format!("the app was not installed: {error} {description}"),
        );
    }
    let state = query.state.unwrap_or_default();
    if !installer.take_state(&state) {
        return fail(
            StatusCode::BAD_REQUEST,
            "unknown, used or expired state: start again at /install",
        );
    }
    let Some(code) = query.code else {
        return fail(StatusCode::BAD_REQUEST, "HubSpot sent no code");
    };
    match finish_install(&installer, &code).await {
        Ok(message) => {
            eprintln!("200 {message}");
            (StatusCode::OK, message).into_response()
        }
        Err(error) => fail(StatusCode::BAD_GATEWAY, error.to_string()),
    }
}

/// Exchanges the code, learns the account, keeps its handle, logs a call in it.
async fn finish_install(
    installer: &Installer,
    code: &str,
) -> Result<String, hubspot_calling::Error> {
    let app = &installer.app;
    let tokens = app.exchange_code(code, &installer.redirect_uri).await?;
    let Some(access_token) = tokens.access_token() else {
        return Err(hubspot_calling::Error::Config {
            message: "the token endpoint issued no access token".into(),
        });
    };
    let info = app.access_token_info(access_token).await?;
    let hub_id = info.hub_id;
    let refresher = app
        .refresher(tokens.with_hub_id(hub_id))
        .on_refresh(move |tokens| {
            // A real backend stores tokens.refresh_token() here, keyed by the hub id.
            eprintln!(
                "account {hub_id}: access token renewed, valid until {:?}",
                tokens.expires_at()
            );
        });
    let account = app
        .client()
        .for_account(Credentials::new().token_source(refresher))?;
    let properties = BTreeMap::from(
        [
            ("hs_timestamp", "2024-01-15T10:30:00.000Z"),
            ("hs_call_title", "Calling app installed"),
            ("hs_call_direction", "OUTBOUND"),
            ("hs_call_status", "COMPLETED"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    let call = account
        .calls()
        .create_call(CallCreateRequest {
            properties,
            ..Default::default()
        })
        .send()
        .await?;
    if let Ok(mut accounts) = installer.accounts.lock() {
        accounts.insert(hub_id, account);
    }
    Ok(format!(
        "installed in account {hub_id} ({}) by {}; logged call {}",
        info.hub_domain.as_deref().unwrap_or("no domain"),
        info.user.as_deref().unwrap_or("an unknown user"),
        call.id
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn StdError>> {
    let client_id = env::var("HUBSPOT_CLIENT_ID").map_err(|_| "set HUBSPOT_CLIENT_ID")?;
    let client_secret =
        env::var("HUBSPOT_CLIENT_SECRET").map_err(|_| "set HUBSPOT_CLIENT_SECRET")?;
    let addr: SocketAddr = env::var("LISTEN_ADDR")
        .unwrap_or_else(|_| "127.0.0.1:3000".to_owned())
        .parse()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let public_base_url = env::var("PUBLIC_BASE_URL")
        .unwrap_or_else(|_| format!("http://localhost:{}", local.port()));
    let mut client = Client::builder();
    if let Ok(base_url) = env::var("HUBSPOT_BASE_URL") {
        client = client.base_url(base_url);
    }
    let app = OAuthApp::new(&client.build()?, client_id, client_secret)?;
    let mut installer = Installer::new(app, &public_base_url);
    if let Ok(host) = env::var("HUBSPOT_AUTHORIZE_HOST") {
        installer.authorize_host = host;
    }
    eprintln!(
        "open {public_base_url}/install (HubSpot redirects back to {})",
        installer.redirect_uri
    );
    axum::serve(listener, router(Arc::new(installer))).await?;
    Ok(())
}
