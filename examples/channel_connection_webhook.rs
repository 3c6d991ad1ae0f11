//! A calling app's channel-connection webhook on localhost (HubSpot docs: "Set up third-party
//! calling in help desk (BETA)").
//!
//! HubSpot sends `POST` with `{"appId", "portalId", "userId"}` to the URL registered in the
//! app's channel-connection settings whenever a user wants to connect a phone number to the help
//! desk. This server checks the HubSpot signature on the raw body (v3, or v1/v2 when a request
//! has no v3 signature), refuses anything else with 401, and answers with the app's numbers:
//! E.164, friendly names cut to HubSpot's 24 characters, and one number with an extension, which
//! HubSpot lists but does not let users select.
//!
//! ```sh
//! HUBSPOT_CLIENT_SECRET=... cargo run --example channel_connection_webhook
//! ```
//!
//! Environment: `HUBSPOT_CLIENT_SECRET` (the app's client secret, required), `WEBHOOK_ADDR`
//! (default `127.0.0.1:3000`), `PUBLIC_BASE_URL` (the origin HubSpot calls, which the signature
//! covers; default `http://<WEBHOOK_ADDR>`; set it to your public `https://` origin behind a
//! tunnel or proxy). Try it with the crate's own client, which signs like HubSpot:
//!
//! ```no_run
//! # async fn run() -> Result<(), hubspot_calling::Error> {
//! use hubspot_calling::channel_connection_webhook::PhoneNumbersRequest;
//! use hubspot_calling::toolkit::channel_connection::send_signed;
//!
//! let client = hubspot_calling::Client::builder().base_url("http://127.0.0.1:3000").build()?;
//! let body = PhoneNumbersRequest { app_id: 1234567, portal_id: 62515, user_id: 1001 };
//! let numbers = send_signed(&client, "the client secret", body).await?;
//! # let _ = numbers; Ok(()) }
//! ```

use std::env;
use std::error::Error as StdError;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use hubspot_calling::channel_connection_webhook::{
    PhoneNumber, PhoneNumbersRequest, PhoneNumbersResponse,
};
use hubspot_calling::toolkit::channel_connection::E164Error;
use hubspot_calling::toolkit::signature::{public_uri, Verifier};
use serde_json::json;

/// The path this server answers on (the path of the spec's operation, `list_phone_numbers`).
pub const WEBHOOK_PATH: &str = "/hubspot/channel-connection";

/// The webhook's configuration.
#[derive(Debug)]
pub struct Webhook {
    /// Checks HubSpot's signatures with the app's client secret.
    pub verifier: Verifier,
    /// The origin HubSpot calls (`https://example.com`), which the signature covers.
    pub public_base_url: String,
    /// The numbers to offer.
    pub numbers: Vec<PhoneNumber>,
}

/// The app's numbers: one selectable, one with an extension (listed, not selectable).
///
/// # Errors
/// A number that is not E.164 (not the case here).
pub fn sample_numbers() -> Result<Vec<PhoneNumber>, E164Error> {
    Ok(vec![
        PhoneNumber::e164("+18001231234")?.with_friendly_name("Support line, Boston office (main)"),
        PhoneNumber::e164("+18001231235")?
            .with_extension("1")
            .with_friendly_name("My cell phone number"),
    ])
}

/// The axum router: `POST /hubspot/channel-connection`.
pub fn router(webhook: Arc<Webhook>) -> Router {
    Router::new()
        .route(WEBHOOK_PATH, post(phone_numbers))
        .with_state(webhook)
}

fn refuse(status: StatusCode, message: String) -> Response {
    (
        status,
        Json(json!({ "status": "error", "message": message })),
    )
        .into_response()
}

/// Verifies the signature on the raw body, then answers with the numbers.
async fn phone_numbers(
    State(webhook): State<Arc<Webhook>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signed_uri = public_uri(&webhook.public_base_url, &uri);
    let version = match webhook
        .verifier
        .verify(method.as_str(), &signed_uri, &headers, &body)
    {
        Ok(version) => version,
        Err(error) => {
            eprintln!("401 {method} {signed_uri}: {error}");
            return refuse(StatusCode::UNAUTHORIZED, error.to_string());
        }
    };
    // Parse only what was verified.
    let request: PhoneNumbersRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("not a channel-connection request: {error}"),
            )
        }
    };
    eprintln!(
        "200 app {} portal {} user {} ({version} signature): {} number(s)",
        request.app_id,
        request.portal_id,
        request.user_id,
        webhook.numbers.len()
    );
    Json(PhoneNumbersResponse {
        phone_numbers: webhook.numbers.clone(),
    })
    .into_response()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn StdError>> {
    let secret = env::var("HUBSPOT_CLIENT_SECRET")
        .map_err(|_| "set HUBSPOT_CLIENT_SECRET to the app's client secret")?;
    let addr: SocketAddr = env::var("WEBHOOK_ADDR")
        .unwrap_or_else(|_| "127.0.0.1:3000".to_owned())
        .parse()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let public_base_url = env::var("PUBLIC_BASE_URL").unwrap_or_else(|_| format!("http://{local}"));
    let webhook = Webhook {
        verifier: Verifier::new(secret),
        public_base_url: public_base_url.clone(),
        numbers: sample_numbers()?,
    };
    eprintln!("channel-connection webhook on http://{local}{WEBHOOK_PATH} (signed as {public_base_url}{WEBHOOK_PATH})");
    axum::serve(listener, router(Arc::new(webhook))).await?;
    Ok(())
}
