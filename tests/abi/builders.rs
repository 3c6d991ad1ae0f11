//! The builder methods `rt::endpoint_methods!` defines, on the hand-written generated module:
//! send, build_request and parse_response, 201/207 outputs, chunked batches, checks before
//! sending, open enums, and decode errors inside unions that keep their full JSON path.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use hubspot_calling::rt::{self, ParamValue};
use hubspot_calling::Error;
use serde_json::{json, Value};
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::as_generated::builders::GetCallById;
use crate::as_generated::{
    AssociationCategory, BatchCreateCallsRequest, BatchCreateCallsResponse, CallCreateRequest,
    CallPriority, CallSearchRequest, CallerIdMatch, InboundCallRequest, Label,
};
use crate::support::{call_json, calls, received, TOKEN};

fn create(n: usize) -> CallCreateRequest {
    CallCreateRequest {
        properties: BTreeMap::from([("hs_call_title".to_owned(), format!("call {n}"))]),
        associations: vec![],
    }
}

fn batch(n: usize) -> BatchCreateCallsRequest {
    BatchCreateCallsRequest {
        inputs: (0..n).map(create).collect(),
    }
}

#[tokio::test]
async fn a_get_sends_its_path_and_query_parameters_and_decodes_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/a%2Fb"))
        .and(query_param("properties", "hs_call_title,hs_call_body"))
        .and(query_param("archived", "true"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(call_json(7)))
        .expect(1)
        .mount(&server)
        .await;

    let call = calls(&server)
        .get_call_by_id("a/b")
        .properties(["hs_call_title", "hs_call_body"])
        .archived(true)
        .send()
        .await
        .expect("decoded");
    assert_eq!(call.id, "7");
    assert_eq!(call.properties["hs_call_body"], None);
}

#[tokio::test]
async fn a_post_with_a_required_body_decodes_201_and_207_into_the_enum() {
    let server = MockServer::start().await;
    let result = |n: u64| json!({"status": "COMPLETE", "results": [call_json(n)]});
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .and(body_partial_json(
            json!({"inputs": [{"properties": {"hs_call_title": "call 0"}}]}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(result(1)))
        .mount(&server)
        .await;
    let mut partial = result(2);
    partial["errors"] = json!([{"status": "error", "category": "VALIDATION_ERROR"}]);
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .and(body_partial_json(
            json!({"inputs": [{"properties": {"hs_call_title": "call 1"}}]}),
        ))
        .respond_with(ResponseTemplate::new(207).set_body_json(partial))
        .mount(&server)
        .await;

    let api = calls(&server);
    let created = api.batch_create_calls(batch(1)).send().await.expect("201");
    assert!(
        matches!(&created, BatchCreateCallsResponse::Created(all) if all.results[0].id == "1"),
        "{created:?}"
    );
    let second = BatchCreateCallsRequest {
        inputs: vec![create(1)],
    };
    let partial = api.batch_create_calls(second).send().await.expect("207");
    assert!(
        matches!(&partial, BatchCreateCallsResponse::MultiStatus(some) if some.errors.len() == 1),
        "{partial:?}"
    );
}

/// Answers each batch with 201 and as many results as it had inputs, except the one starting at
/// input `fail_at`, which gets a 500; records each batch's first title and size.
#[derive(Clone)]
struct Batches {
    fail_at: usize,
    seen: Arc<Mutex<Vec<(String, usize)>>>,
}

impl Respond for Batches {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let inputs = body["inputs"].as_array().cloned().unwrap_or_default();
        let first = inputs[0]["properties"]["hs_call_title"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        self.seen
            .lock()
            .expect("lock")
            .push((first.clone(), inputs.len()));
        if first == format!("call {}", self.fail_at) {
            return ResponseTemplate::new(500).set_body_json(json!({"message": "boom"}));
        }
        let results: Vec<Value> = (0..inputs.len() as u64).map(call_json).collect();
        ResponseTemplate::new(201).set_body_json(json!({"status": "COMPLETE", "results": results}))
    }
}

#[tokio::test]
async fn a_chunked_batch_sends_every_input_once_in_order_and_keeps_a_failed_chunk() {
    let server = MockServer::start().await;
    let batches = Batches {
        fail_at: 100,
        seen: Arc::default(),
    };
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .respond_with(batches.clone())
        .mount(&server)
        .await;

    let chunks = calls(&server)
        .batch_create_calls(batch(250))
        .send_chunked()
        .await;
    let ranges: Vec<_> = chunks.iter().map(|c| c.inputs.clone()).collect();
    assert_eq!(ranges, [0..100, 100..200, 200..250]);
    let seen = batches.seen.lock().expect("lock").clone();
    assert_eq!(
        seen,
        [
            ("call 0".to_owned(), 100),
            ("call 100".to_owned(), 100),
            ("call 200".to_owned(), 50)
        ]
    );
    assert!(
        matches!(&chunks[0].result, Ok(BatchCreateCallsResponse::Created(r)) if r.results.len() == 100)
    );
    assert_eq!(
        chunks[1].result.as_ref().err().and_then(Error::status),
        Some(500)
    );
    assert!(
        matches!(&chunks[2].result, Ok(BatchCreateCallsResponse::Created(r)) if r.results.len() == 50)
    );

    // No inputs, no requests.
    assert!(calls(&server)
        .batch_create_calls(batch(0))
        .send_chunked()
        .await
        .is_empty());
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn limits_in_the_request_are_checked_before_anything_is_sent() {
    let server = MockServer::start().await;
    let api = calls(&server);
    let err = api
        .batch_create_calls(batch(101))
        .send()
        .await
        .expect_err("over the limit");
    assert!(
        matches!(&err, Error::InvalidRequest { operation: "batch_create_calls", message }
            if message.contains("`inputs` has 101 items; the API accepts at most 100")),
        "{err}"
    );
    let past_cap = CallSearchRequest {
        after: Some("10000".into()),
        ..CallSearchRequest::default()
    };
    let err = api
        .search_calls(past_cap)
        .send()
        .await
        .expect_err("past the cap");
    assert!(
        matches!(&err, Error::InvalidRequest { message, .. } if message.contains("past the 10000 results")),
        "{err}"
    );
    let err = api.get_call_by_id("").send().await.expect_err("empty id");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn an_operation_without_output_returns_unit_and_errors_keep_hubspots_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/crm/v3/objects/calls/1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/crm/v3/objects/calls/2"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "status": "error", "category": "OBJECT_NOT_FOUND", "message": "no call 2",
            "correlationId": "c0ffee00-0000-4000-8000-000000000000"
        })))
        .mount(&server)
        .await;
    let api = calls(&server);
    api.archive_call("1").send().await.expect("archived");
    let err = api.archive_call("2").send().await.expect_err("404");
    let api_error = err.api_error().expect("an API error");
    assert_eq!(
        (api_error.status, api_error.category()),
        (404, Some("OBJECT_NOT_FOUND"))
    );
    assert!(err.to_string().contains("operation archive_call"), "{err}");
}

#[test]
fn build_request_and_parse_response_work_without_a_network() {
    let client = hubspot_calling::Client::builder()
        .access_token(TOKEN)
        .build()
        .expect("client");
    let api = crate::as_generated::CallsApi::new(client);
    let request = api
        .batch_create_calls(batch(2))
        .with_header("Prefer", "respond-async")
        .build_request()
        .expect("built");
    assert_eq!(request.method(), &rt::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://api.hubapi.com/crm/v3/objects/calls/batch/create"
    );
    assert_eq!(
        request.headers()["authorization"],
        format!("Bearer {TOKEN}").as_str()
    );
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers()["prefer"], "respond-async");
    let body: Value = serde_json::from_slice(request.body()).expect("json body");
    assert_eq!(body["inputs"].as_array().map(Vec::len), Some(2));

    let answer = |status: u16| {
        let body = json!({"status": "COMPLETE", "results": [call_json(9)]});
        rt::http::Response::builder()
            .status(status)
            .body(body.to_string())
            .expect("response")
    };
    type Batch = crate::as_generated::builders::BatchCreateCalls;
    assert!(matches!(
        Batch::parse_response(answer(201)),
        Ok(BatchCreateCallsResponse::Created(_))
    ));
    let err = Batch::parse_response(answer(400)).expect_err("400");
    assert_eq!(err.status(), Some(400));
    let call =
        GetCallById::parse_response(answer(200).map(|_| call_json(3).to_string())).expect("a call");
    assert_eq!(call.id, "3");
}

#[test]
fn open_enums_keep_unknown_values_and_round_trip() {
    // Strings.
    let parse = |json: &str| serde_json::from_str::<AssociationCategory>(json).expect("decodes");
    assert_eq!(parse(r#""USER_DEFINED""#), AssociationCategory::UserDefined);
    let unknown = parse(r#""PARTNER_DEFINED""#);
    assert_eq!(
        unknown,
        AssociationCategory::Other("PARTNER_DEFINED".into())
    );
    assert_eq!(
        serde_json::to_string(&unknown).expect("encodes"),
        r#""PARTNER_DEFINED""#
    );
    assert_eq!(
        serde_json::to_string(&AssociationCategory::HubspotDefined).expect("encodes"),
        r#""HUBSPOT_DEFINED""#
    );
    assert_eq!(
        "INTEGRATOR_DEFINED".parse::<AssociationCategory>(),
        Ok(AssociationCategory::IntegratorDefined)
    );
    assert_eq!(AssociationCategory::UserDefined.to_string(), "USER_DEFINED");
    assert_eq!(AssociationCategory::from("x").to_param(), "x");
    assert!(serde_json::from_str::<AssociationCategory>("3").is_err());

    // Integers, with a default.
    let parse = |json: &str| serde_json::from_str::<CallPriority>(json).expect("decodes");
    assert_eq!(parse("3"), CallPriority::High);
    assert_eq!(parse("-1"), CallPriority::VMinus1);
    assert_eq!(parse("42"), CallPriority::Other(42));
    assert_eq!(
        serde_json::to_string(&CallPriority::Other(42)).expect("encodes"),
        "42"
    );
    assert_eq!(
        serde_json::to_string(&CallPriority::Low).expect("encodes"),
        "1"
    );
    assert_eq!(CallPriority::default(), CallPriority::Normal);
    assert_eq!(" 2 ".parse::<CallPriority>(), Ok(CallPriority::Normal));
    assert!("two".parse::<CallPriority>().is_err());
    assert_eq!(CallPriority::High.to_param(), "3");
    assert_eq!(CallPriority::VMinus1.to_string(), "-1");
    assert!(serde_json::from_str::<CallPriority>(r#""2""#).is_err());
}

async fn inbound(server: &MockServer, answer: Value) -> Result<Vec<CallerIdMatch>, Error> {
    Mock::given(method("POST"))
        .and(path("/crm/v3/extensions/calling/inbound-call"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(server)
        .await;
    let request = InboundCallRequest {
        from_number: "+18001231234".into(),
    };
    calls(server)
        .inbound_call(request)
        .send()
        .await
        .map(|r| r.caller_id_matches)
}

fn contact(object_id: Value, label: Value) -> Value {
    json!({
        "callerIdType": "CONTACT",
        "firstName": "Ada",
        "objectCoordinates": {"objectId": object_id, "portalId": 62515, "label": label}
    })
}

#[tokio::test]
async fn unions_decode_known_and_unknown_variants() {
    let server = MockServer::start().await;
    let matches = inbound(
        &server,
        json!({"callerIdMatches": [
            contact(json!(101), json!("main")),
            {"callerIdType": "COMPANY", "name": "Acme", "objectCoordinates": {"objectId": 7, "portalId": 1, "label": 12}},
            {"callerIdType": "DEAL", "objectCoordinates": {}},
        ]}),
    )
    .await
    .expect("decoded");
    let CallerIdMatch::Contact(first) = &matches[0] else {
        panic!("{matches:?}");
    };
    assert_eq!(first.object_coordinates.object_id, 101);
    assert_eq!(
        first.object_coordinates.label,
        Some(Label::String("main".into()))
    );
    let CallerIdMatch::Company(second) = &matches[1] else {
        panic!("{matches:?}");
    };
    assert_eq!(second.object_coordinates.label, Some(Label::Integer(12)));
    assert!(matches!(&matches[2], CallerIdMatch::Other(v) if v["callerIdType"] == "DEAL"));
}

fn decode_path(error: &Error) -> (&str, &str) {
    match error {
        Error::Decode { path, message, .. } => (path, message),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_decode_error_inside_a_tagged_union_names_the_full_path() {
    let server = MockServer::start().await;
    let err = inbound(
        &server,
        json!({"callerIdMatches": [contact(json!(1), json!("a")), contact(json!("x"), json!("b"))]}),
    )
    .await
    .expect_err("objectId is not a number");
    let (path, message) = decode_path(&err);
    assert_eq!(path, "callerIdMatches[1].objectCoordinates.objectId");
    assert!(message.contains("expected i64"), "{message}");
    assert!(
        !message.contains('\u{1f}'),
        "the private mark is not shown: {message:?}"
    );
    assert!(
        err.to_string()
            .contains("at `callerIdMatches[1].objectCoordinates.objectId`"),
        "{err}"
    );
}

#[tokio::test]
async fn a_decode_error_inside_an_untagged_union_names_the_closest_variant_and_its_path() {
    let server = MockServer::start().await;
    let label = json!([{"text": "a", "position": 0}, {"text": 5, "position": 1}]);
    let err = inbound(
        &server,
        json!({"callerIdMatches": [contact(json!(1), label)]}),
    )
    .await
    .expect_err("a label part has a number as text");
    let (path, message) = decode_path(&err);
    assert_eq!(path, "callerIdMatches[0].objectCoordinates.label[1].text");
    assert!(message.contains("no variant of `Label`"), "{message}");
    assert!(message.contains("the closest, `Parts`"), "{message}");
    assert!(
        message.contains("`String`") && message.contains("`Integer`"),
        "{message}"
    );
}
