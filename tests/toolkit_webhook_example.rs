//! End to end: the example webhook server (`examples/channel_connection_webhook.rs`, compiled
//! in here as a module) on a localhost port, called over HTTP by the crate's generated
//! `list_phone_numbers` operation, signed like HubSpot signs, and tampered with.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use hubspot_calling::channel_connection_webhook::{PhoneNumbersRequest, PhoneNumbersResponse};
use hubspot_calling::toolkit::channel_connection::send_signed;
use hubspot_calling::toolkit::signature::{sign_request, SignatureVersion, Verifier};
use hubspot_calling::{Client, Error};

#[allow(dead_code)]
#[path = "../examples/channel_connection_webhook.rs"]
mod webhook;

const SECRET: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

/// Starts the example's router on an ephemeral port; returns its address.
async fn start() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = webhook::Webhook {
        verifier: Verifier::new(SECRET),
        public_base_url: format!("http://{addr}"),
        numbers: webhook::sample_numbers().expect("numbers"),
    };
    tokio::spawn(async move {
        axum::serve(listener, webhook::router(Arc::new(app)))
            .await
            .expect("serve");
    });
    addr
}

fn client(addr: SocketAddr) -> Client {
    Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .expect("client")
}

fn body() -> PhoneNumbersRequest {
    PhoneNumbersRequest {
        app_id: 1234567,
        portal_id: 62515,
        user_id: 1001,
    }
}

/// Sends a prepared request with reqwest; returns the status and body.
async fn send_raw(request: http::Request<Vec<u8>>) -> (u16, String) {
    let request = reqwest::Request::try_from(request).expect("request");
    let response = reqwest::Client::new()
        .execute(request)
        .await
        .expect("the webhook answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

fn signed_request(
    addr: SocketAddr,
    version: SignatureVersion,
    at: SystemTime,
) -> http::Request<Vec<u8>> {
    let mut request = client(addr)
        .channel_connection_webhook()
        .list_phone_numbers(body())
        .build_request()
        .expect("request");
    sign_request(SECRET, &mut request, version, at).expect("sign");
    request
}

#[tokio::test]
async fn a_signed_request_gets_the_apps_numbers() {
    let addr = start().await;
    let answer: PhoneNumbersResponse = send_signed(&client(addr), SECRET, body())
        .await
        .expect("the webhook accepts HubSpot's signature");
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        serde_json::json!({"phoneNumbers": [
            {"e164PhoneNumber": "+18001231234", "friendlyName": "Support line, Boston off"},
            {"e164PhoneNumber": "+18001231235", "extension": "1", "friendlyName": "My cell phone number"}
        ]})
    );
    assert!(answer.check().is_ok());
    assert_eq!(answer.selectable().count(), 1);
}

#[tokio::test]
async fn legacy_signatures_are_accepted_when_there_is_no_v3() {
    let addr = start().await;
    for version in [SignatureVersion::V1, SignatureVersion::V2] {
        let (status, body) = send_raw(signed_request(addr, version, SystemTime::now())).await;
        assert_eq!(status, 200, "{version}: {body}");
    }
}

#[tokio::test]
async fn a_tampered_request_is_refused() {
    let addr = start().await;
    let mut request = signed_request(addr, SignatureVersion::V3, SystemTime::now());
    // Another user asks for the numbers with the signature of the first one.
    *request.body_mut() = serde_json::to_vec(&PhoneNumbersRequest {
        user_id: 6666,
        ..body()
    })
    .unwrap();
    let (status, text) = send_raw(request).await;
    assert_eq!(status, 401);
    assert!(text.contains("does not match"), "{text}");

    // The same through the generated decoding: an API error with the status.
    let mut request = signed_request(addr, SignatureVersion::V3, SystemTime::now());
    request.body_mut().push(b' ');
    let response = reqwest::Client::new()
        .execute(reqwest::Request::try_from(request).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.bytes().await.unwrap();
    let mut http_response = http::Response::new(bytes);
    *http_response.status_mut() = status;
    let error =
        hubspot_calling::channel_connection_webhook::builders::ListPhoneNumbers::parse_response(
            http_response,
        )
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn wrong_secret_stale_and_unsigned_requests_are_refused() {
    let addr = start().await;
    let wrong = send_signed(&client(addr), "not-the-client-secret", body())
        .await
        .unwrap_err();
    assert!(
        matches!(&wrong, Error::Api(api) if api.status == 401),
        "{wrong}"
    );

    let six_minutes_ago = SystemTime::now() - Duration::from_secs(6 * 60);
    let (status, text) =
        send_raw(signed_request(addr, SignatureVersion::V3, six_minutes_ago)).await;
    assert_eq!(status, 401);
    assert!(text.contains("too old"), "{text}");

    // The generated operation alone sends no signature.
    let unsigned = client(addr)
        .channel_connection_webhook()
        .list_phone_numbers(body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(unsigned.status(), Some(401));
}

#[tokio::test]
async fn the_signature_covers_the_public_url() {
    // The server believes it is reached at another origin (e.g. a misconfigured proxy): the
    // signature over the URL the client called does not verify there.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = webhook::Webhook {
        verifier: Verifier::new(SECRET),
        public_base_url: "https://calling-app.example.com".into(),
        numbers: Vec::new(),
    };
    tokio::spawn(async move {
        axum::serve(listener, webhook::router(Arc::new(app)))
            .await
            .unwrap();
    });
    let (status, _) = send_raw(signed_request(
        addr,
        SignatureVersion::V3,
        SystemTime::now(),
    ))
    .await;
    assert_eq!(status, 401);
}
