//! Every field HubSpot answers with survives decoding: the calls operations against a local
//! server (wiremock) that answers with bodies shaped like HubSpot's official Calls v3 spec
//! (`SimplePublicObjectWithAssociations`, `CollectionResponseAssociatedId`,
//! `BatchResponseSimplePublicObjectWithErrors`, `StandardError`, ...: see specs/README.md,
//! "Fidelity to HubSpot's official specs").
//!
//! Each test decodes the answer through the generated operation, encodes the typed value again
//! and checks that nothing the server sent was dropped or changed (tests/support/lossless.rs).

#[path = "support/lossless.rs"]
mod lossless;

use hubspot_calling::calls::{
    AssociationCategory, BatchCreateCallsRequest, BatchCreateCallsResponse, BatchReadCallsRequest,
    BatchReadInput, BatchUpsertCallsRequest, BatchUpsertInput, CallCreateRequest,
    CallSearchRequest, CallUpdateRequest,
};
use hubspot_calling::{Client, RetryPolicy};
use lossless::assert_lossless;
use serde_json::{json, Value};
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token("pat-na1-00000000-0000-0000-0000-000000000000")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

/// A call as HubSpot answers a read with `?associations=contacts,companies`: every field of
/// `SimplePublicObjectWithAssociations`, a property without a value (`null`), a contact that is
/// associated twice (the default type and the unlabelled one) and a page cursor on companies.
fn call_with_associations(id: &str) -> Value {
    json!({
        "id": id,
        "properties": {
            "hs_call_title": "Discovery call",
            "hs_call_has_voicemail": null,
            "hs_timestamp": "2024-01-15T10:30:00.000Z"
        },
        "propertiesWithHistory": {
            "hs_call_title": [{
                "value": "Discovery call",
                "timestamp": "2024-01-15T10:30:00.000Z",
                "sourceType": "CRM_UI",
                "sourceId": "userId:12345",
                "sourceLabel": "Jane Doe",
                "updatedByUserId": 12345
            }]
        },
        "createdAt": "2024-01-15T10:30:00.000Z",
        "updatedAt": "2024-01-15T11:00:00.000Z",
        "archived": false,
        "objectWriteTraceId": "trace-7f3a",
        "url": "https://app.hubspot.com/contacts/62515/record/0-48/512",
        "warnings": [{
            "category": "PROPERTY_IGNORED",
            "message": "hs_call_xyz does not exist",
            "context": {"propertyName": "hs_call_xyz"}
        }],
        "associations": {
            "contacts": {
                "results": [
                    {"id": "104901", "type": "call_to_contact"},
                    {"id": "104901", "type": "call_to_contact_unlabeled"},
                    {"id": "104902", "type": "call_to_contact"}
                ]
            },
            "companies": {
                "results": [{"id": "31", "type": "call_to_company"}],
                "paging": {
                    "next": {"after": "MzE%3D", "link": "?after=MzE%3D"},
                    "prev": {"before": "MzA%3D", "link": "?before=MzA%3D"}
                }
            }
        }
    })
}

/// A call as HubSpot answers writes, searches and batches (`SimplePublicObject`).
fn simple_call(id: &str) -> Value {
    let mut call = call_with_associations(id);
    call.as_object_mut().expect("object").remove("associations");
    call
}

#[tokio::test]
async fn get_call_by_id_keeps_associations_and_every_field() {
    let server = MockServer::start().await;
    let body = call_with_associations("512");
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/512"))
        .and(query_param("associations", "contacts,companies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    let call = client(&server)
        .calls()
        .get_call_by_id("512")
        .associations(["contacts", "companies"])
        .send()
        .await
        .expect("get_call_by_id");
    assert_lossless("get_call_by_id", &body, &call);
    let contacts = &call.associations["contacts"];
    assert_eq!(contacts.results[2].id, "104902");
    assert_eq!(contacts.results[2].type_, "call_to_contact");
}

#[tokio::test]
async fn list_calls_keeps_associations_and_paging() {
    let server = MockServer::start().await;
    let body = json!({
        "results": [call_with_associations("512"), call_with_associations("513")],
        "paging": {"next": {"after": "NTI1Cg%3D%3D", "link": "?after=NTI1Cg%3D%3D"}}
    });
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls"))
        .and(query_param("associations", "contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .calls()
        .list_calls()
        .associations(["contacts"])
        .send()
        .await
        .expect("list_calls");
    assert_lossless("list_calls", &body, &page);
    assert_eq!(page.results[1].associations["contacts"].results.len(), 3);
}

#[tokio::test]
async fn create_update_and_search_keep_every_field() {
    let server = MockServer::start().await;
    let created = simple_call("512");
    let found = json!({
        "total": 2,
        "results": [simple_call("512"), simple_call("513")],
        "paging": {
            "next": {"after": "Mg%3D%3D", "link": "?after=Mg%3D%3D"},
            "prev": {"before": "MA%3D%3D", "link": "?before=MA%3D%3D"}
        }
    });
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls"))
        .respond_with(ResponseTemplate::new(201).set_body_json(&created))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/crm/v3/objects/calls/512"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&created))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&found))
        .mount(&server)
        .await;
    let calls = client(&server).calls();

    let call = calls
        .create_call(CallCreateRequest::default())
        .send()
        .await
        .expect("create_call");
    assert_lossless("create_call", &created, &call);
    let call = calls
        .update_call("512", CallUpdateRequest::default())
        .send()
        .await
        .expect("update_call");
    assert_lossless("update_call", &created, &call);
    let page = calls
        .search_calls(CallSearchRequest::default())
        .send()
        .await
        .expect("search_calls");
    assert_lossless("search_calls", &found, &page);
}

/// A 207 keeps HubSpot's `numErrors` and every field of each `StandardError` (its `id`, `links`
/// and `subCategory`, which HubSpot's spec types as an object).
#[tokio::test]
async fn batch_multi_status_keeps_num_errors_and_error_details() {
    let server = MockServer::start().await;
    let body = json!({
        "status": "COMPLETE",
        "results": [simple_call("512")],
        "numErrors": 2,
        "errors": [
            {
                "status": "error",
                "id": "err-1",
                "category": "VALIDATION_ERROR",
                "subCategory": {"reason": "INVALID_PROPERTY"},
                "message": "Property values were not valid",
                "context": {"propertyName": ["hs_call_duration"]},
                "links": {"knowledge-base": "https://www.hubspot.com/products/service/knowledge-base"},
                "errors": [{"message": "not a number", "code": "INVALID_INTEGER", "in": "hs_call_duration"}]
            },
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "subCategory": "crm.objects.OBJECT_NOT_FOUND",
                "message": "Object not found",
                "context": {"ids": ["999"]},
                "links": {},
                "errors": []
            }
        ],
        "links": {"status": "https://api.hubapi.com/crm/v3/objects/calls/batch/status"},
        "requestedAt": "2024-01-15T10:29:59.000Z",
        "startedAt": "2024-01-15T10:30:00.000Z",
        "completedAt": "2024-01-15T10:30:05.000Z"
    });
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .respond_with(ResponseTemplate::new(207).set_body_json(&body))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/read"))
        .respond_with(ResponseTemplate::new(207).set_body_json(&body))
        .mount(&server)
        .await;
    let calls = client(&server).calls();
    let created = calls
        .batch_create_calls(BatchCreateCallsRequest {
            inputs: vec![CallCreateRequest::default()],
        })
        .send()
        .await
        .expect("batch_create_calls");
    let BatchCreateCallsResponse::MultiStatus(partial) = created else {
        panic!("a 207 is MultiStatus: {created:?}");
    };
    assert_lossless("batch_create_calls 207", &body, &partial);
    assert_eq!(partial.num_errors, Some(2));

    let read = calls
        .batch_read_calls(BatchReadCallsRequest {
            inputs: vec![BatchReadInput { id: "512".into() }],
            ..Default::default()
        })
        .send()
        .await
        .expect("batch_read_calls")
        .into_body();
    assert_lossless("batch_read_calls 207", &body, &read);
}

/// `POST /crm/v3/objects/calls/batch/upsert` (in HubSpot's official spec, not in calls.yaml):
/// creates or updates by a unique property and says which calls are new.
#[tokio::test]
async fn batch_upsert_by_unique_property() {
    let server = MockServer::start().await;
    let mut upserted = simple_call("512");
    upserted["new"] = json!(true);
    let body = json!({
        "status": "COMPLETE",
        "results": [upserted],
        "startedAt": "2024-01-15T10:30:00.000Z",
        "completedAt": "2024-01-15T10:30:01.000Z"
    });
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/upsert"))
        .and(body_partial_json(json!({"inputs": [{
            "id": "ext-42",
            "idProperty": "my_external_call_id",
            "objectWriteTraceId": "trace-1",
            "properties": {"hs_call_title": "Upserted"}
        }]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    let answer = client(&server)
        .calls()
        .batch_upsert_calls(BatchUpsertCallsRequest {
            inputs: vec![BatchUpsertInput {
                id: "ext-42".into(),
                id_property: Some("my_external_call_id".into()),
                object_write_trace_id: Some("trace-1".into()),
                properties: [("hs_call_title".to_string(), "Upserted".to_string())].into(),
            }],
        })
        .send()
        .await
        .expect("batch_upsert_calls")
        .into_body();
    assert_lossless("batch_upsert_calls", &body, &answer);
    assert!(answer.results[0].new);
}

/// `idProperty` on a read and an update: the call is named by a unique property's value.
#[tokio::test]
async fn read_and_update_by_unique_property() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/ext-42"))
        .and(query_param("idProperty", "my_external_call_id"))
        .respond_with(ResponseTemplate::new(200).set_body_json(call_with_associations("512")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/crm/v3/objects/calls/ext-42"))
        .and(query_param("idProperty", "my_external_call_id"))
        .respond_with(ResponseTemplate::new(200).set_body_json(simple_call("512")))
        .expect(1)
        .mount(&server)
        .await;
    let calls = client(&server).calls();
    let read = calls
        .get_call_by_id("ext-42")
        .id_property("my_external_call_id")
        .send()
        .await
        .expect("get_call_by_id");
    assert_eq!(read.id, "512");
    calls
        .update_call("ext-42", CallUpdateRequest::default())
        .id_property("my_external_call_id")
        .send()
        .await
        .expect("update_call");
}

/// HubSpot's association categories include `WORK` (official spec, `AssociationSpec`).
#[test]
fn association_category_work() {
    let category: AssociationCategory = serde_json::from_value(json!("WORK")).expect("decodes");
    assert_eq!(category, AssociationCategory::Work);
    assert_eq!(serde_json::to_value(&category).unwrap(), json!("WORK"));
}
