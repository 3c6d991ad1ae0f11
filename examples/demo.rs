//! The main job, end to end: what the generator makes of specs/, then the generated client
//! talking to a local mock HubSpot (a wiremock server on 127.0.0.1 answering with the specs' own
//! example payloads).
//!
//! ```text
//! cargo run --example demo
//! ```
//!
//! `cargo run` first builds the crate, and build.rs regenerates `generated/` when a spec or an
//! overlay changed. The demo then runs the generator once more in memory, to show which specs it
//! read, how many operations and types they gave and how long that took, and whether
//! `generated/` matches. Then it logs a call, reads it back, creates a batch that comes back 207
//! with a per-item error, submits an inbound call and reads the caller-ID matches, attaches a
//! transcript built from utterances to the call, switches a calling app to inbound calling with
//! the developer API key, and builds a request without sending it (sans-IO). One line per step: what was sent, what came back.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hubspot_calling::calling_extensions::{
    CallerIdMatch, CompletedThirdPartyCallRequest, FinalCallStatus, FormattedPhoneNumber,
    PhoneNumberType, SettingsPatchRequest,
};
use hubspot_calling::calling_transcripts::Speaker;
use hubspot_calling::calls::{
    AssociationCategory, AssociationInput, AssociationTarget, AssociationType,
    BatchCreateCallsRequest, BatchCreateCallsResponse, BatchError, Call, CallCreateRequest,
};
use hubspot_calling::toolkit::transcripts::Transcript;
use hubspot_calling::Client;
use hubspot_calling_codegen::Generator;
use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> Result<()> {
    println!(
        "hubspot-calling demo: the client generated from specs/, against a local mock HubSpot"
    );
    println!();
    let generated = regeneration()?;

    let hubspot = mock_hubspot().await;
    println!(
        "mock      a mock HubSpot (wiremock) listens on {}",
        hubspot.uri()
    );

    // Every response the client receives, for the "came back" half of each line.
    let statuses = Arc::new(Mutex::new(Vec::<u16>::new()));
    let seen = statuses.clone();
    let client = Client::builder()
        .base_url(hubspot.uri())
        .access_token("pat-na1-demo-token")
        .developer_api_key("demo-developer-key")
        .on_response(move |info| lock(&seen).push(info.status))
        .build()?;
    let last = || status(lock(&statuses).last().copied().unwrap_or_default());

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
    let create = client.calls().create_call(CallCreateRequest {
        properties: properties.clone(),
        associations: vec![AssociationInput {
            to: AssociationTarget { id: "101".into() },
            types: vec![AssociationType {
                association_category: AssociationCategory::HubspotDefined,
                association_type_id: 194,
            }],
        }],
        ..Default::default()
    });
    let sent = describe(&create.build_request()?);
    let call = create.send().await?;
    println!(
        "create    {sent} \"Discovery Call\" on contact 101 -> {}: call {}, created {}",
        last(),
        call.id,
        call.created_at.format("%Y-%m-%d %H:%M UTC")
    );

    // 2. Read it back with selected properties.
    let read = client
        .calls()
        .get_call_by_id(&call.id)
        .properties(["hs_call_title", "hs_call_direction"]);
    let sent = describe(&read.build_request()?);
    let call = read.send().await?;
    println!(
        "read      {sent} -> {}: \"{}\", {}",
        last(),
        property(&call, "hs_call_title"),
        property(&call, "hs_call_direction")
    );

    // 3. A batch create that partly fails: nothing is lost, errors come with their context.
    let batch = client.calls().batch_create_calls(BatchCreateCallsRequest {
        inputs: vec![
            CallCreateRequest {
                properties: properties.clone(),
                ..Default::default()
            },
            CallCreateRequest::default(),
        ],
    });
    let sent = describe(&batch.build_request()?);
    let (created, failed) = match batch.send().await? {
        BatchCreateCallsResponse::Created(all) => (all.results.len(), Vec::new()),
        BatchCreateCallsResponse::MultiStatus(partial) => (partial.results.len(), partial.errors),
    };
    let failures: Vec<String> = failed.iter().map(batch_error).collect();
    println!(
        "batch     {sent} with 2 calls -> {}: {created} created, {} failed ({})",
        last(),
        failed.len(),
        failures.join("; ")
    );

    // 4. Inbound call: HubSpot answers with who is calling.
    let number = |e164: &str| FormattedPhoneNumber {
        e164_number: e164.into(),
        extension: None,
        phone_number_type: PhoneNumberType::Mobile,
    };
    let inbound = client
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
        });
    let sent = describe(&inbound.build_request()?);
    let matches = inbound.send().await?;
    let callers: Vec<String> = matches.caller_id_matches.iter().map(caller).collect();
    println!(
        "inbound   {sent} for a call from +18001231234 -> {}: {} possible callers: {}",
        last(),
        callers.len(),
        callers.join(", ")
    );

    // 5. The call's transcript, from its utterances (toolkit::transcripts).
    let ms = Duration::from_millis;
    let agent = Speaker::new("agent-7", "Ada Agent");
    let caller = Speaker::new("caller", "Chris Caller");
    let transcript = Transcript::for_call(&call.id)
        .language("en-US")
        .utterance(
            &agent,
            ms(0),
            ms(2_100),
            "Thanks for calling Acme, this is Ada.",
        )
        .utterance(
            &caller,
            ms(2_300),
            ms(5_900),
            "Hi Ada, I'd like a quote for 20 seats.",
        )
        .build()?;
    let utterances = transcript.transcript_create_utterances.len();
    let create = client.calling_transcripts().create_transcript(transcript);
    let sent = describe(&create.build_request()?);
    let attached = create.send().await?;
    println!(
        "transcript {sent} with {utterances} utterances for call {} -> {}: transcript {}",
        call.id,
        last(),
        attached.id
    );

    // 6. Calling-app settings with the developer API key (hapikey), as HubSpot's docs do.
    let update = client.calling_extensions().update_settings(
        1_234_567,
        SettingsPatchRequest {
            supports_inbound_calling: Some(true),
            uses_calling_window: Some(false),
            ..Default::default()
        },
    );
    let sent = describe(&update.build_request()?);
    let settings = update.send().await?;
    println!(
        "settings  {sent} to turn on inbound calling -> {}: app \"{}\" now has inbound calling {} \
         and the calling window {}",
        last(),
        settings.name,
        on_off(settings.supports_inbound_calling),
        on_off(settings.uses_calling_window)
    );

    // 7. Sans-IO: the same operation as a plain http::Request for any HTTP stack.
    let request = client
        .calls()
        .get_call_by_id("512")
        .archived(false)
        .build_request()?;
    println!(
        "sans-IO   built {} as an http::Request for any HTTP stack, not sent",
        describe(&request)
    );

    let statuses = lock(&statuses).clone();
    let answered: Vec<String> = statuses.iter().map(u16::to_string).collect();
    println!();
    println!(
        "summary: {generated}; {} requests sent, {} answers ({}) decoded into typed values; \
         batch items: {} of 2 failed with a reason, none lost; 1 request built without sending",
        statuses.len(),
        answered.len(),
        answered.join(", "),
        failed.len(),
    );
    Ok(())
}

/// Runs the generator on specs/ in memory, as build.rs does, prints what it found and how long
/// it took, and compares the result with generated/. Returns the gist, for the summary.
fn regeneration() -> Result<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generator = Generator::new()
        .specs_dir(root.join("specs"))
        .out_dir(root.join("generated"));
    let started = Instant::now();
    let current = match generator.check() {
        Ok(()) => true,
        Err(hubspot_calling_codegen::Error::Stale { .. }) => false,
        Err(other) => return Err(other.into()),
    };
    let elapsed = started.elapsed();
    let apis = generator.modules()?;
    let specs = generator.spec_files()?;
    let operations: usize = apis.iter().map(|api| api.operation_count()).sum();
    let types: usize = apis.iter().map(|api| api.type_count()).sum();
    let state = if current {
        "generated/ is up to date"
    } else {
        "generated/ differs: `cargo build` rewrites it"
    };
    let gist = format!(
        "{} specs -> {} operations and {} in {:.2} s, {state}",
        apis.len(),
        operations,
        count(types, "type"),
        elapsed.as_secs_f64()
    );
    println!("generate  {gist} (build.rs does the same when a spec or overlay changes)");
    for (spec, api) in specs.iter().zip(&apis) {
        let file = spec.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "            specs/{file:<33} {:>14} {:>9} -> client.{}()",
            count(api.operation_count(), "operation"),
            count(api.type_count(), "type"),
            api.name()
        );
    }
    Ok(gist)
}

/// `1 operation`, `13 operations`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `POST /crm/v3/objects/calls`: the method and the URL's path and query, with the developer
/// API key (`hapikey`) left out.
fn describe(request: &http::Request<Vec<u8>>) -> String {
    let uri = request.uri();
    let query: Vec<&str> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("hapikey="))
        .collect();
    let key = if uri.query().is_some_and(|q| q.contains("hapikey=")) {
        " with the developer API key"
    } else {
        ""
    };
    if query.is_empty() {
        format!("{} {}{key}", request.method(), uri.path())
    } else {
        format!(
            "{} {}?{}{key}",
            request.method(),
            uri.path(),
            query.join("&")
        )
    }
}

/// `201 Created`.
fn status(code: u16) -> String {
    let reason = http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("{code} {reason}").trim_end().to_string()
}

/// A property of a call, or `(not set)`.
fn property<'a>(call: &'a Call, name: &str) -> &'a str {
    call.properties
        .get(name)
        .and_then(Option::as_deref)
        .unwrap_or("(not set)")
}

/// `VALIDATION_ERROR: Property values were not valid: hs_timestamp is required`.
fn batch_error(error: &BatchError) -> String {
    let category = error.category.as_deref().unwrap_or("error");
    match &error.message {
        Some(message) => format!("{category}: {message}"),
        None => category.to_string(),
    }
}

/// `contact Ada Lovelace <ada@example.com>` or `company Analytical Engines Ltd`.
fn caller(caller: &CallerIdMatch) -> String {
    match caller {
        CallerIdMatch::Contact(c) => {
            let name = [c.first_name.as_deref(), c.last_name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            match c.email.as_deref() {
                Some(email) => format!("contact {name} <{email}>"),
                None => format!("contact {name}"),
            }
        }
        CallerIdMatch::Company(c) => {
            format!("company {}", c.name.as_deref().unwrap_or("(no name)"))
        }
        CallerIdMatch::Other(json) => {
            format!("a caller of a kind this crate does not know: {json}")
        }
    }
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

/// The status list, even if a panicking hook poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
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
    Mock::given(method("POST"))
        .and(path("/crm/v3/extensions/calling/transcripts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "9001"})))
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
