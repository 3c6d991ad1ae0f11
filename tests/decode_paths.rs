//! Decode errors of the generated modules name the full JSON path of what failed, inside tagged
//! and untagged unions too (issue 8 §4): a CONTACT caller-ID match whose `objectId` is a string
//! is reported at `callerIdMatches[0].objectCoordinates.objectId`, not at `callerIdMatches[0]`.
//! Through the generated `calling_extensions().inbound_call(..)`, against a wiremock server, and
//! through its sans-IO `parse_response`.

use hubspot_calling::calling_extensions::builders::InboundCall;
use hubspot_calling::calling_extensions::{CallerIdMatch, CompletedThirdPartyCallRequest};
use hubspot_calling::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const INBOUND: &str = "/crm/v3/extensions/calling/inbound-call";

fn request() -> CompletedThirdPartyCallRequest {
    let phone = |e164: &str| json!({"e164Number": e164, "phoneNumberType": "MOBILE"});
    serde_json::from_value(json!({
        "externalCallId": "call-7f3a",
        "createEngagement": true,
        "engagementProperties": {},
        "finalCallStatus": "COMPLETED",
        "fromNumber": phone("+15551230001"),
        "toNumber": phone("+15559870002"),
        "potentialRecipientUserIds": [1001]
    }))
    .expect("a valid inbound call")
}

/// An answer with a COMPANY match and then a CONTACT match whose `objectId` is `object_id`.
fn answer(object_id: Value) -> Value {
    let coordinates = |id: Value| json!({"objectId": id, "objectTypeId": "0-1", "portalId": 62515});
    json!({
        "callerIdMatches": [
            {"callerIdType": "COMPANY", "name": "Acme", "objectCoordinates": coordinates(json!(7))},
            {"callerIdType": "CONTACT", "firstName": "Ada", "objectCoordinates": coordinates(object_id)}
        ]
    })
}

fn decode_error(error: Error) -> (String, String) {
    match error {
        Error::Decode { path, message, .. } => (path, message),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_decode_error_inside_a_tagged_union_names_the_field() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INBOUND))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer(json!("x"))))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("pat-na1-00000000-0000-0000-0000-000000000000")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");

    let error = client
        .calling_extensions()
        .inbound_call(request())
        .send()
        .await
        .expect_err("objectId is not a number");
    let (path, message) = decode_error(error);
    assert_eq!(path, "callerIdMatches[1].objectCoordinates.objectId");
    assert!(
        message.contains(r#"invalid type: string "x", expected i64"#),
        "{message}"
    );
}

#[test]
fn parse_response_reports_the_same_path_and_decodes_a_good_answer() {
    let response = |body: Value| {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&body).expect("json"))
            .expect("response")
    };
    let error = InboundCall::parse_response(response(answer(json!({"n": 1}))))
        .expect_err("objectId is an object");
    let (path, message) = decode_error(error);
    assert_eq!(path, "callerIdMatches[1].objectCoordinates.objectId");
    assert!(message.contains("expected i64"), "{message}");

    let good = InboundCall::parse_response(response(answer(json!(512)))).expect("decodes");
    assert!(matches!(
        &good.caller_id_matches[..],
        [CallerIdMatch::Company(_), CallerIdMatch::Contact(contact)]
            if contact.object_coordinates.object_id == 512
    ));
}
