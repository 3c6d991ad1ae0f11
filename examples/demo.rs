//! The main job, end to end: the client generated from specs/ talks to a local mock HubSpot
//! (a wiremock server on 127.0.0.1 answering with the specs' own example payloads).
//!
//! ```text
//! cargo run --example demo
//! ```
//!
//! It logs a call, reads it back, creates a batch that comes back 207 with a per-item error,
//! submits an inbound call and reads the caller-ID matches, switches a calling app to inbound
//! calling with the developer API key, and builds a request without sending it (sans-IO).

use std::collections::BTreeMap;

use hubspot_calling::calling_extensions::{
    CallerIdMatch, CompletedThirdPartyCallRequest, FinalCallStatus, FormattedPhoneNumber,
    PhoneNumberType, SettingsPatchRequest,
};
use hubspot_calling::calls::{
    AssociationCategory, AssociationInput, AssociationTarget, AssociationType,
    BatchCreateCallsRequest, BatchCreateCallsResponse, CallCreateRequest,
};
use hubspot_calling::Client;
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let hubspot = mock_hubspot().await;
    println!("mock HubSpot listening on {}", hubspot.uri());

    let client = Client::builder()
        .base_url(hubspot.uri())
        .access_token("pat-na1-demo-token")
        .developer_api_key("demo-developer-key")
        .build()?;
    println!("client: {client:?}");

    // 1. Log a call, associated with a contact (association type 194: call to contact).
    let properties = BTreeMap::from([
        (
            "hs_timestamp".to_string(),
            "2024-01-15T10:30:00.000Z".to_string(),
        ),
        ("hs_call_title".to_string(), "Discovery Call".to_string()),
        ("hs_call_direction".to_string(), "OUTBOUND".to_string()),
        ("hs_call_duration".to_string(), "1800000".to_string()),
    ]);
    let call = client
        .calls()
        .create_call(CallCreateRequest {
            properties: properties.clone(),
            associations: vec![AssociationInput {
                to: AssociationTarget { id: "101".into() },
                types: vec![AssociationType {
                    association_category: AssociationCategory::HubspotDefined,
                    association_type_id: 194,
                }],
            }],
            ..Default::default()
        })
        .send()
        .await?;
    println!("created call {} at {}", call.id, call.created_at);

    // 2. Read it back with selected properties.
    let call = client
        .calls()
        .get_call_by_id(&call.id)
        .properties(["hs_call_title", "hs_call_direction"])
        .send()
        .await?;
    println!(
        "fetched call {}: {:?}",
        call.id,
        call.properties.get("hs_call_title")
    );

    // 3. A batch create that partly fails: nothing is lost, errors come with their context.
    let batch = BatchCreateCallsRequest {
        inputs: vec![
            CallCreateRequest {
                properties: properties.clone(),
                ..Default::default()
            },
            CallCreateRequest::default(),
        ],
    };
    match client.calls().batch_create_calls(batch).send().await? {
        BatchCreateCallsResponse::Created(all) => println!("batch: {} created", all.results.len()),
        BatchCreateCallsResponse::MultiStatus(partial) => {
            println!(
                "batch: {} created, {} failed",
                partial.results.len(),
                partial.errors.len()
            );
            for error in &partial.errors {
                println!(
                    "  error: {:?} {:?} {:?}",
                    error.category, error.message, error.context
                );
            }
        }
    }

    // 4. Inbound call: HubSpot answers with who is calling.
    let number = |e164: &str| FormattedPhoneNumber {
        e164_number: e164.into(),
        extension: None,
        phone_number_type: PhoneNumberType::Mobile,
    };
    let matches = client
        .calling_extensions()
        .inbound_call(CompletedThirdPartyCallRequest {
            call_started_timestamp: None,
            create_engagement: true,
            duration_seconds: Some(95),
            engagement_properties: BTreeMap::new(),
            external_call_id: "ext-42".into(),
            final_call_status: FinalCallStatus::Completed,
            from_number: number("+18001231234"),
            potential_recipient_user_ids: vec![123],
            to_number: number("+18005550100"),
            user_id: Some(123),
        })
        .send()
        .await?;
    for caller in &matches.caller_id_matches {
        match caller {
            CallerIdMatch::Contact(c) => println!(
                "caller is contact {} {} <{}>",
                c.first_name.as_deref().unwrap_or(""),
                c.last_name.as_deref().unwrap_or(""),
                c.email.as_deref().unwrap_or("")
            ),
            CallerIdMatch::Company(c) => println!("caller is company {:?}", c.name),
            CallerIdMatch::Other(json) => {
                println!("caller of a kind this crate does not know: {json}")
            }
        }
    }

    // 5. Calling-app settings with the developer API key (hapikey), as HubSpot's docs do.
    let settings = client
        .calling_extensions()
        .update_settings(
            1_234_567,
            SettingsPatchRequest {
                supports_inbound_calling: Some(true),
                uses_calling_window: Some(false),
                ..Default::default()
            },
        )
        .send()
        .await?;
    println!(
        "settings: supportsInboundCalling={} usesCallingWindow={}",
        settings.supports_inbound_calling, settings.uses_calling_window
    );

    // 6. Sans-IO: the same operation as a plain http::Request for any HTTP stack.
    let request = client
        .calls()
        .get_call_by_id("512")
        .archived(false)
        .build_request()?;
    println!("sans-IO: {} {}", request.method(), request.uri());

    println!("demo finished: every call answered by the local mock server");
    Ok(())
}

async fn mock_hubspot() -> MockServer {
    let server = MockServer::start().await;
    let call = json!({
        "id": "512",
        "properties": {
            "hs_call_title": "Discovery Call",
            "hs_call_direction": "OUTBOUND",
            "hs_call_duration": "1800000",
            "hs_timestamp": "2024-01-15T10:30:00.000Z"
        },
        "createdAt": "2024-01-15T10:30:00.000Z",
        "updatedAt": "2024-01-15T10:30:00.000Z",
        "archived": false
    });
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls"))
        .and(header("authorization", "Bearer pat-na1-demo-token"))
        .and(body_partial_json(
            json!({"associations": [{"types": [{"associationTypeId": 194}]}]}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(&call))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/512"))
        .and(query_param("properties", "hs_call_title,hs_call_direction"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&call))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls/batch/create"))
        .respond_with(ResponseTemplate::new(207).set_body_json(json!({
            "status": "COMPLETE",
            "results": [call],
            "errors": [{
                "status": "error",
                "category": "VALIDATION_ERROR",
                "message": "Property values were not valid: hs_timestamp is required",
                "context": {"propertyName": ["hs_timestamp"]}
            }],
            "startedAt": "2024-01-15T10:30:00.000Z",
            "completedAt": "2024-01-15T10:30:05.000Z"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/crm/v3/extensions/calling/inbound-call"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "callerIdMatches": [
                {
                    "callerIdType": "CONTACT",
                    "objectCoordinates": {"objectId": 101, "objectTypeId": "0-1", "portalId": 62515},
                    "firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"
                },
                {
                    "callerIdType": "COMPANY",
                    "objectCoordinates": {"objectId": 7, "objectTypeId": "0-2", "portalId": 62515},
                    "name": "Analytical Engines Ltd"
                }
            ]
        })))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/crm/v3/extensions/calling/1234567/settings"))
        .and(query_param("hapikey", "demo-developer-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": "Demo dialer", "url": "https://dialer.example.com", "height": 600, "width": 400,
            "isReady": true, "supportsCustomObjects": false, "supportsInboundCalling": true,
            "usesCallingWindow": false, "usesRemote": false,
            "createdAt": "2024-04-30T12:01:00Z", "updatedAt": "2024-04-30T12:05:00Z"
        })))
        .mount(&server)
        .await;
    server
}
