//! `toolkit::requests` and `CallProperty` where a property name is taken (issue 8 §7): what the
//! one-expression constructors send, at a wiremock server.

use hubspot_calling::calling_extensions::{
    CompletedThirdPartyCallRequest, FinalCallStatus, FormattedPhoneNumber, PhoneNumberType,
};
use hubspot_calling::calls::{
    BatchArchiveCallsRequest, BatchReadCallsRequest, CallSearchRequest, Filter, FilterGroup,
    GdprDeleteRequest, SortDirection, SortOption,
};
use hubspot_calling::toolkit::properties::CallProperty;
use hubspot_calling::{Client, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let call = json!({"id": "1", "properties": {}, "createdAt": "2024-01-15T10:30:00Z",
                      "updatedAt": "2024-01-15T10:30:00Z", "archived": false});
    let routes = [
        ("GET", "/crm/v3/objects/calls/1", 200, call.clone()),
        (
            "GET",
            "/crm/v3/objects/calls",
            200,
            json!({"results": [call.clone()]}),
        ),
        (
            "POST",
            "/crm/v3/objects/calls/search",
            200,
            json!({"total": 0, "results": []}),
        ),
        (
            "POST",
            "/crm/v3/objects/calls/batch/read",
            200,
            json!({"status": "COMPLETE", "results": [call], "startedAt": "2024-01-15T10:30:00Z",
                   "completedAt": "2024-01-15T10:30:01Z"}),
        ),
        (
            "POST",
            "/crm/v3/objects/calls/batch/archive",
            204,
            Value::Null,
        ),
        (
            "POST",
            "/crm/v3/objects/calls/gdpr-delete",
            204,
            Value::Null,
        ),
        (
            "POST",
            "/crm/v3/extensions/calling/inbound-call",
            200,
            json!({"callerIdMatches": []}),
        ),
    ];
    for (verb, route, status, body) in routes {
        let response = match body {
            Value::Null => ResponseTemplate::new(status),
            body => ResponseTemplate::new(status).set_body_json(body),
        };
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(response)
            .mount(&server)
            .await;
    }
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("pat-na1-test-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    (server, client)
}

/// The last request the server got: its query and JSON body.
async fn last(server: &MockServer) -> (String, Value) {
    let requests = server.received_requests().await.expect("recording");
    let request = requests.last().expect("a request");
    let body = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    (request.url.query().unwrap_or_default().to_owned(), body)
}

#[tokio::test]
async fn call_properties_go_where_property_names_are_taken() {
    let (server, client) = server().await;
    client
        .calls()
        .get_call_by_id("1")
        .properties([CallProperty::Title, CallProperty::Direction])
        .send()
        .await
        .expect("read");
    assert_eq!(
        last(&server).await.0,
        "properties=hs_call_title,hs_call_direction"
    );
    client
        .calls()
        .list_calls()
        .properties(CallProperty::ALL.iter().copied())
        .properties_with_history([CallProperty::Status])
        .send()
        .await
        .expect("list");
    let (query, _) = last(&server).await;
    assert!(
        query.starts_with("properties=hs_timestamp,hs_call_body,"),
        "{query}"
    );
    assert!(
        query.ends_with("&propertiesWithHistory=hs_call_status"),
        "{query}"
    );

    let property: String = CallProperty::RecordingUrl.into();
    assert_eq!(property, "hs_call_recording_url");
    assert_eq!(CallProperty::Duration.as_ref(), "hs_call_duration");

    client
        .calls()
        .batch_read_calls(
            BatchReadCallsRequest::new(["1", "2"]).with_properties([CallProperty::Title]),
        )
        .send()
        .await
        .expect("batch read");
    assert_eq!(
        last(&server).await.1,
        json!({"inputs": [{"id": "1"}, {"id": "2"}], "properties": ["hs_call_title"],
               "propertiesWithHistory": []})
    );
}

#[tokio::test]
async fn seed_003s_search_in_one_expression() {
    let (server, client) = server().await;
    client
        .calls()
        .search_calls(
            CallSearchRequest::default()
                .with_filter_group(Filter::eq("hs_call_direction", "OUTBOUND"))
                .with_sort(CallProperty::Timestamp, SortDirection::Descending)
                .with_properties([
                    CallProperty::Title,
                    CallProperty::Direction,
                    CallProperty::Timestamp,
                ])
                .with_limit(10),
        )
        .send()
        .await
        .expect("search");
    // The request body of HubSpot's example (seed 003, `SearchCallsRequest`).
    assert_eq!(
        last(&server).await.1,
        json!({
            "filterGroups": [{"filters": [
                {"propertyName": "hs_call_direction", "operator": "EQ", "value": "OUTBOUND"}]}],
            "sorts": [{"propertyName": "hs_timestamp", "direction": "DESCENDING"}],
            "properties": ["hs_call_title", "hs_call_direction", "hs_timestamp"],
            "limit": 10
        })
    );

    let search = CallSearchRequest::default()
        .with_filter_group(FilterGroup::all([
            Filter::between(CallProperty::Timestamp, "1700000000000", "1710000000000"),
            Filter::in_(CallProperty::Status, ["COMPLETED", "NO_ANSWER"]),
        ]))
        .with_filter_group(Filter::contains_token(CallProperty::Title, "demo*"))
        .with_query("discovery");
    client
        .calls()
        .search_calls(search)
        .send()
        .await
        .expect("search");
    let body = last(&server).await.1;
    assert_eq!(
        body["filterGroups"],
        json!([
            {"filters": [
                {"propertyName": "hs_timestamp", "operator": "BETWEEN",
                 "value": "1700000000000", "highValue": "1710000000000"},
                {"propertyName": "hs_call_status", "operator": "IN",
                 "values": ["COMPLETED", "NO_ANSWER"]}]},
            {"filters": [{"propertyName": "hs_call_title", "operator": "CONTAINS_TOKEN",
                          "value": "demo*"}]}
        ])
    );
    assert_eq!(body["query"], "discovery");
}

#[test]
fn every_operator_has_a_constructor_with_its_fields() {
    let p = CallProperty::Status;
    let cases = [
        (Filter::eq(p, "a"), json!({"operator": "EQ", "value": "a"})),
        (
            Filter::neq(p, "a"),
            json!({"operator": "NEQ", "value": "a"}),
        ),
        (Filter::lt(p, "1"), json!({"operator": "LT", "value": "1"})),
        (
            Filter::lte(p, "1"),
            json!({"operator": "LTE", "value": "1"}),
        ),
        (Filter::gt(p, "1"), json!({"operator": "GT", "value": "1"})),
        (
            Filter::gte(p, "1"),
            json!({"operator": "GTE", "value": "1"}),
        ),
        (
            Filter::between(p, "1", "2"),
            json!({"operator": "BETWEEN", "value": "1", "highValue": "2"}),
        ),
        (
            Filter::in_(p, ["a", "b"]),
            json!({"operator": "IN", "values": ["a", "b"]}),
        ),
        (
            Filter::not_in(p, vec![String::from("a")]),
            json!({"operator": "NOT_IN", "values": ["a"]}),
        ),
        (Filter::has_property(p), json!({"operator": "HAS_PROPERTY"})),
        (
            Filter::not_has_property(p),
            json!({"operator": "NOT_HAS_PROPERTY"}),
        ),
        (
            Filter::contains_token(p, "x*"),
            json!({"operator": "CONTAINS_TOKEN", "value": "x*"}),
        ),
        (
            Filter::not_contains_token(p, "x"),
            json!({"operator": "NOT_CONTAINS_TOKEN", "value": "x"}),
        ),
    ];
    for (filter, mut expected) in cases {
        expected["propertyName"] = json!("hs_call_status");
        assert_eq!(serde_json::to_value(&filter).expect("json"), expected);
    }
    assert_eq!(
        serde_json::to_value(SortOption::ascending("hs_timestamp")).expect("json"),
        json!({"propertyName": "hs_timestamp", "direction": "ASCENDING"})
    );
}

#[tokio::test]
async fn constructors_with_the_required_fields() {
    let (server, client) = server().await;
    client
        .calls()
        .batch_archive_calls(BatchArchiveCallsRequest::new(["7", "8"]))
        .send()
        .await
        .expect("archive");
    assert_eq!(
        last(&server).await.1,
        json!({"inputs": [{"id": "7"}, {"id": "8"}]})
    );
    client
        .calls()
        .gdpr_delete_call(GdprDeleteRequest::new("512"))
        .send()
        .await
        .expect("gdpr delete");
    assert_eq!(last(&server).await.1, json!({"objectId": "512"}));

    let mut inbound = CompletedThirdPartyCallRequest::new(
        "call-42",
        FinalCallStatus::Completed,
        FormattedPhoneNumber::new("+14155550100", PhoneNumberType::Mobile),
        FormattedPhoneNumber::new("+14155550199", PhoneNumberType::FixedLine),
        true,
    );
    inbound.duration_seconds = Some(93);
    client
        .calling_extensions()
        .inbound_call(inbound)
        .send()
        .await
        .expect("inbound");
    // Seed 000's body, with the required fields and the duration.
    assert_eq!(
        last(&server).await.1,
        json!({
            "createEngagement": true,
            "engagementProperties": {},
            "externalCallId": "call-42",
            "finalCallStatus": "COMPLETED",
            "fromNumber": {"e164Number": "+14155550100", "phoneNumberType": "MOBILE"},
            "potentialRecipientUserIds": [],
            "toNumber": {"e164Number": "+14155550199", "phoneNumberType": "FIXED_LINE"},
            "durationSeconds": 93
        })
    );
}
