//! What the ABI tests share: clients for a mock server, sample JSON, request recording.

use hubspot_calling::{Client, ClientBuilder, RetryPolicy};
use serde_json::{json, Value};
use wiremock::MockServer;

use crate::as_generated::CallsApi;

pub const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";
pub const KEY: &str = "devkey-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

/// A client for `server` with the access token that sends every request once.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::none())
}

pub fn calls(server: &MockServer) -> CallsApi {
    CallsApi::new(builder(server).build().expect("client builds"))
}

pub fn call_json(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "properties": {"hs_call_title": format!("call {id}"), "hs_call_body": null},
        "createdAt": "2024-01-15T10:30:00Z",
        "updatedAt": "2024-01-15T10:30:00Z",
        "archived": false
    })
}

pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}
