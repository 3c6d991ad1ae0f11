//! The module this crate's build.rs generated from HubSpot's Notes spec, called through
//! `hubspot_calling::Client` at a wiremock server: the path, the method, the access token in
//! `Authorization`, the JSON body, and the decoded answer.

use hubspot_calling::{Client, RetryPolicy};
use hubspot_calling_example_user_build_rs::notes::{
    AssociationSpec, AssociationSpecAssociationCategory, NotesApi, PublicAssociationsForObject,
    PublicObjectId, SimplePublicObjectInputForCreate,
};
use hubspot_calling_example_user_build_rs::NotesExt;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pat-na1-user-build-rs";

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

fn note(id: &str, body: &str) -> serde_json::Value {
    json!({
        "id": id,
        "properties": {"hs_note_body": body, "hs_timestamp": "2024-01-15T10:35:00Z"},
        "createdAt": "2024-01-15T10:35:01Z",
        "updatedAt": "2024-01-15T10:35:01Z",
        "archived": false
    })
}

#[tokio::test]
async fn create_note_sends_the_body_with_the_token_and_decodes_the_note() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/notes"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(json!({
            "properties": {"hs_note_body": "Wants a quote by Friday.",
                           "hs_timestamp": "2024-01-15T10:35:00Z"},
            "associations": [{"to": {"id": "101"},
                              "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                         "associationTypeId": 202}]}]
        })))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(note("5001", "Wants a quote by Friday.")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let body = SimplePublicObjectInputForCreate {
        properties: [
            (
                "hs_timestamp".to_string(),
                "2024-01-15T10:35:00Z".to_string(),
            ),
            (
                "hs_note_body".to_string(),
                "Wants a quote by Friday.".to_string(),
            ),
        ]
        .into(),
        associations: vec![PublicAssociationsForObject {
            to: PublicObjectId { id: "101".into() },
            types: vec![AssociationSpec {
                association_category: AssociationSpecAssociationCategory::HubspotDefined,
                association_type_id: 202,
            }],
        }],
    };
    let created = client(&server)
        .await
        .notes()
        .create_note(body)
        .send()
        .await
        .expect("created");
    assert_eq!(created.id, "5001");
    assert_eq!(
        created.properties.get("hs_note_body").map(String::as_str),
        Some("Wants a quote by Friday.")
    );
    assert_eq!(created.created_at.to_rfc3339(), "2024-01-15T10:35:01+00:00");
}

#[tokio::test]
async fn get_note_through_the_generated_handle_sends_its_query_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/notes/5001"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(query_param("properties", "hs_note_body"))
        .respond_with(ResponseTemplate::new(200).set_body_json(note("5001", "Quote sent.")))
        .expect(1)
        .mount(&server)
        .await;
    // The handle without the extension trait: what the generator gives every crate.
    let notes = NotesApi::new(client(&server).await);
    let read = notes
        .get_note("5001")
        .properties(["hs_note_body"])
        .send()
        .await
        .expect("read");
    assert_eq!(read.id, "5001");
    assert_eq!(
        read.properties.get("hs_note_body").map(String::as_str),
        Some("Quote sent.")
    );
    assert!(!read.archived);
}

#[tokio::test]
async fn a_hubspot_error_comes_back_as_the_runtime_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/notes/404"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "status": "error", "category": "OBJECT_NOT_FOUND",
            "message": "resource not found",
            "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf"
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .await
        .notes()
        .get_note("404")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.operation(), Some("get_note"));
    let hubspot_calling::Error::Api(api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(api.category(), Some("OBJECT_NOT_FOUND"));
}
