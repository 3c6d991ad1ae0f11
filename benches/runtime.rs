//! Per-request overhead of the runtime: what the client costs on top of the network.
//!
//! ```text
//! cargo bench -p hubspot-calling --bench runtime
//! ```
//!
//! - `create_call_request`: build and encode a create_call request (body serialized to JSON,
//!   credentials chosen, URL and headers assembled) into an `http::Request`, without sending.
//! - `decode_batch_100`: decode a 201 answer of batch_create_calls with 100 calls into the typed
//!   `BatchCreateCallsResponse` through the generated `parse_response` (status dispatch,
//!   content-type check, JSON path tracking), next to `serde_json_value_100`, the same bytes
//!   into an untyped `serde_json::Value`, and `serde_typed_100`, the same bytes straight into the
//!   typed struct with `serde_json::from_slice` (no runtime around it).
//! - `access_token_fixed` / `access_token_refresher`: what asking for the access token costs
//!   an attempt, for a configured token and for an OAuth refresher whose token is fresh (the
//!   path of every request between two refreshes), each inside one `block_on`.

use std::collections::BTreeMap;

use bytes::Bytes;
use divan::Bencher;
use hubspot_calling::auth::{OAuthApp, TokenSet};
use hubspot_calling::calls::builders::BatchCreateCalls;
use hubspot_calling::calls::{BatchCallsResponse, BatchCreateCallsResponse, CallCreateRequest};
use hubspot_calling::{Client, Credentials};
use serde_json::json;

fn main() {
    divan::main();
}

fn client() -> Client {
    Client::builder()
        .base_url("https://api.hubapi.com")
        .access_token("pat-na1-11111111-2222-3333-4444-555555555555")
        .build()
        .expect("client")
}

fn create_body() -> CallCreateRequest {
    CallCreateRequest {
        properties: BTreeMap::from([
            (
                "hs_timestamp".to_owned(),
                "2024-01-15T10:30:00.000Z".to_owned(),
            ),
            ("hs_call_title".to_owned(), "Discovery call".to_owned()),
            (
                "hs_call_body".to_owned(),
                "Discussed the product requirements.".to_owned(),
            ),
            ("hs_call_direction".to_owned(), "OUTBOUND".to_owned()),
            ("hs_call_duration".to_owned(), "1800000".to_owned()),
            ("hs_call_status".to_owned(), "COMPLETED".to_owned()),
        ]),
        associations: serde_json::from_value(json!([
            {"to": {"id": "101"},
             "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]}
        ]))
        .expect("associations"),
        ..Default::default()
    }
}

/// A 201 body of batch_create_calls with 100 calls, as HubSpot sends it.
fn batch_100() -> Bytes {
    let results: Vec<_> = (0..100)
        .map(|n| {
            json!({
                "id": format!("{}", 51_200 + n),
                "properties": {
                    "hs_call_title": format!("Imported call {n}"),
                    "hs_call_direction": "OUTBOUND",
                    "hs_call_duration": "1800000",
                    "hs_call_status": "COMPLETED",
                    "hs_timestamp": "2024-01-15T10:30:00.000Z",
                    "hs_createdate": "2024-01-15T10:30:00.000Z",
                    "hs_lastmodifieddate": "2024-01-15T10:30:00.000Z",
                    "hs_object_id": format!("{}", 51_200 + n)
                },
                "createdAt": "2024-01-15T10:30:00.000Z",
                "updatedAt": "2024-01-15T10:30:00.000Z",
                "archived": false
            })
        })
        .collect();
    let body = json!({
        "status": "COMPLETE",
        "results": results,
        "requestedAt": "2024-01-15T10:29:59.000Z",
        "startedAt": "2024-01-15T10:30:00.000Z",
        "completedAt": "2024-01-15T10:30:01.000Z"
    });
    Bytes::from(serde_json::to_vec(&body).expect("json"))
}

#[divan::bench]
fn create_call_request(bencher: Bencher) {
    let client = client();
    let body = create_body();
    bencher.with_inputs(|| body.clone()).bench_values(|body| {
        client
            .calls()
            .create_call(body)
            .build_request()
            .expect("request")
    });
}

#[divan::bench]
fn decode_batch_100(bencher: Bencher) {
    let bytes = batch_100();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .with_inputs(|| {
            http::Response::builder()
                .status(201)
                .header("content-type", "application/json;charset=utf-8")
                .body(bytes.clone())
                .expect("response")
        })
        .bench_values(|response| {
            let BatchCreateCallsResponse::Created(batch) =
                BatchCreateCalls::parse_response(response).expect("decoded")
            else {
                unreachable!("201 is Created")
            };
            batch
        });
}

#[divan::bench]
fn serde_json_value_100(bencher: Bencher) {
    let bytes = batch_100();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            serde_json::from_slice::<serde_json::Value>(divan::black_box(&bytes)).expect("json")
        });
}

#[divan::bench]
fn serde_typed_100(bencher: Bencher) {
    let bytes = batch_100();
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            serde_json::from_slice::<BatchCallsResponse>(divan::black_box(&bytes)).expect("typed")
        });
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
}

#[divan::bench]
fn access_token_fixed(bencher: Bencher) {
    let rt = runtime();
    let client = client();
    bencher.bench(|| rt.block_on(client.access_token()).expect("token"));
}

#[divan::bench]
fn access_token_refresher(bencher: Bencher) {
    let rt = runtime();
    let app_client = Client::builder().build().expect("client");
    let app = OAuthApp::new(&app_client, "client-id", "client-secret").expect("app");
    let tokens = TokenSet::new("refresh-token").with_access_token(
        "CJSP5qf1KhICAQEYs-fresh-access-token",
        std::time::SystemTime::now() + std::time::Duration::from_secs(3600),
    );
    let account = rt.block_on(async {
        app_client
            .for_account(Credentials::new().token_source(app.refresher(tokens)))
            .expect("account")
    });
    bencher.bench(|| rt.block_on(account.access_token()).expect("token"));
}
