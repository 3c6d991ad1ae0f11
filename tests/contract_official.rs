//! Fidelity in one place: the main calls and calling-extension flows against Stoplight Prism
//! serving HubSpot's *official* spec files (generator/tests/corpus), not the bundled specs.
//!
//! Each request is built by the generated client (`build_request`: URL, query, credentials,
//! JSON body), sent to Prism, and its answer decoded with the operation's `parse_response`. A
//! step fails when:
//!
//! - Prism reports anything about the request (status 422, or an `sl-violations` entry located
//!   in the request: parameters, body, credentials): the crate sent what HubSpot's file does not
//!   allow;
//! - the answer (Prism builds it from the official schema, every optional field included) does
//!   not decode, or decoding drops or changes a field (tests/support/lossless.rs): a field HubSpot
//!   returns that the generated type lacks.
//!
//! Where the crate differs from the official file on purpose, the step checks that the
//! difference is exactly the documented one (Prism reports that and nothing else), and the
//! difference is a row of README.md's table "Where this crate differs from HubSpot's official
//! spec": each flow checks every difference of its list (`CALLS_DIFFERENCES`,
//! `CALLING_EXTENSIONS_DIFFERENCES`), and `readme_lists_every_difference` keeps the table and the
//! two lists equal.
//!
//! Prism enforces the official files' security: an operation that lists only `oauth2` answers a
//! request without `Authorization: Bearer` with a 401 violation (Prism then fails to render the
//! `*/*` error body HubSpot's files declare and answers 500, the violation header still says
//! why). So the calling-extension flow runs with the access token (OAuth, what the official file
//! lists), and a client that also holds the developer API key shows the documented `hapikey`
//! difference.

#[path = "support/lossless.rs"]
mod lossless;
#[path = "support/official.rs"]
mod official;
use hubspot_calling_test_support::prism;

use std::collections::BTreeSet;
use std::path::PathBuf;

use hubspot_calling::calling_extensions::builders as ext_builders;
use hubspot_calling::calling_transcripts::builders as transcripts_builders;
use hubspot_calling::calling_transcripts::BatchInputPublicObjectId;
use hubspot_calling::calls::builders;
use hubspot_calling::calls::{
    BatchArchiveCallsRequest, BatchCreateCallsRequest, BatchReadCallsRequest, BatchReadInput,
    BatchUpdateCallsRequest, BatchUpdateInput, BatchUpsertCallsRequest, BatchUpsertInput,
    CallCreateRequest, CallSearchRequest, CallUpdateRequest, Filter, FilterGroup, FilterOperator,
    GdprDeleteRequest, SortDirection, SortOption,
};
use hubspot_calling::toolkit::associations::CallAssociation;
use hubspot_calling::Error;
use official::Official;
use serde_json::{json, Value};

/// Where HubSpot's official spec files are, relative to the workspace root: the one place to
/// change when the corpus moves.
const OFFICIAL_SPECS_DIR: &str = "generator/tests/corpus";
/// HubSpot's official Calls v3 file.
const OFFICIAL_CALLS: &str = "hubspot-official-calls-v3.json";
/// HubSpot's newest official Calling Extensions v3 file (16 operations).
const OFFICIAL_CALLING_EXTENSIONS: &str = "hubspot-official-calling-extensions-v3.json";

fn official_spec(name: &str) -> PathBuf {
    prism::workspace_root().join(OFFICIAL_SPECS_DIR).join(name)
}

/// The rows of README.md's table "Where this crate differs from HubSpot's official spec" (their
/// first cell) that the calls flow checks, each one exactly.
const CALLS_DIFFERENCES: &[&str] = &[
    SEARCH_SORTS,
    SEARCH_AFTER_LIMIT,
    PROPERTIES_WHEN_SET,
    ASSOCIATION_PATHS,
    GDPR_DELETE,
    NULL_PROPERTY_VALUES,
    COMMA_SEPARATED,
    BATCH_LIMIT,
    SEARCH_CAP,
    TRACE_ID_ON_CREATE,
];
/// The rows the calling-extensions flow checks.
const CALLING_EXTENSIONS_DIFFERENCES: &[&str] = &[HAPIKEY];
const HAPIKEY: &str = "Developer API key on calling-app settings";
const SEARCH_SORTS: &str = "Search `sorts` are objects";
const SEARCH_AFTER_LIMIT: &str = "Search `after` and `limit` are optional";
const PROPERTIES_WHEN_SET: &str = "`properties` of a search or batch read is sent only when set";
const ASSOCIATION_PATHS: &str = "Association endpoints of a call";
const GDPR_DELETE: &str = "GDPR delete";
const NULL_PROPERTY_VALUES: &str = "`null` property values";
const COMMA_SEPARATED: &str = "Array query parameters are comma-separated";
const BATCH_LIMIT: &str = "At most 100 inputs per batch";
const SEARCH_CAP: &str = "At most 10,000 results per search";
const TRACE_ID_ON_CREATE: &str = "`objectWriteTraceId` on a single create";

/// A request body from JSON (valid input written from the schemas and HubSpot's docs: the
/// official files have no examples).
fn body<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid body")
}

fn properties(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_flows_against_the_official_calls_spec() {
    let o = Official::start(&official_spec(OFFICIAL_CALLS));
    let client = o.client(false);
    let calls = client.calls();
    let logged = properties(&[
        ("hs_timestamp", "2024-01-15T10:30:00.000Z"),
        ("hs_call_title", "Discovery call"),
        ("hs_call_direction", "OUTBOUND"),
    ]);

    // Create a call on a contact, then read it back with its associations.
    let create = CallCreateRequest {
        properties: logged.clone(),
        associations: vec![CallAssociation::Contact.to("101")],
        ..Default::default()
    };
    let created = o
        .ok(
            "create_call",
            calls.create_call(create).build_request(),
            None,
            builders::CreateCall::parse_response,
        )
        .await;
    // A create without associations sends `associations: []`, which the official file requires.
    o.ok(
        "create_call without associations",
        calls
            .create_call(CallCreateRequest {
                properties: logged.clone(),
                ..Default::default()
            })
            .build_request(),
        None,
        builders::CreateCall::parse_response,
    )
    .await;
    let call = o
        .ok(
            "get_call_by_id",
            calls
                .get_call_by_id(&created.id)
                .properties(["hs_call_title", "hs_call_direction"])
                .include_associations([CallAssociation::Contact, CallAssociation::Company])
                .archived(false)
                .id_property("hs_object_id")
                .build_request(),
            None,
            builders::GetCallById::parse_response,
        )
        .await;
    assert!(
        !call.associations.is_empty(),
        "the official answer has associations"
    );
    let page = o
        .ok(
            "list_calls",
            calls
                .list_calls()
                .limit(10)
                .properties(["hs_call_title"])
                .properties_with_history(["hs_call_title"])
                .associations(["contacts"])
                .build_request(),
            None,
            builders::ListCalls::parse_response,
        )
        .await;
    assert!(!page.results.is_empty());
    o.ok(
        "update_call",
        calls
            .update_call(
                &created.id,
                CallUpdateRequest {
                    properties: properties(&[("hs_call_title", "Follow-up")]),
                },
            )
            .id_property("hs_object_id")
            .build_request(),
        None,
        builders::UpdateCall::parse_response,
    )
    .await;

    // Batches, each answered 2xx and 207.
    let batch_create = BatchCreateCallsRequest {
        inputs: vec![CallCreateRequest {
            properties: logged.clone(),
            object_write_trace_id: Some("trace-1".into()),
            ..Default::default()
        }],
    };
    let batch_read = BatchReadCallsRequest {
        inputs: vec![BatchReadInput {
            id: created.id.clone(),
        }],
        properties: vec!["hs_call_title".into()],
        ..Default::default()
    };
    let batch_update = BatchUpdateCallsRequest {
        inputs: vec![BatchUpdateInput {
            id: created.id.clone(),
            properties: properties(&[("hs_call_title", "Batch")]),
            id_property: None,
            object_write_trace_id: Some("trace-2".into()),
        }],
    };
    let batch_upsert = BatchUpsertCallsRequest {
        inputs: vec![BatchUpsertInput {
            id: "ext-42".into(),
            id_property: Some("my_external_call_id".into()),
            object_write_trace_id: None,
            properties: logged.clone(),
        }],
    };
    for prefer in [None, Some(207)] {
        let created = o
            .ok(
                "batch_create_calls",
                calls
                    .batch_create_calls(batch_create.clone())
                    .build_request(),
                prefer,
                |r| builders::BatchCreateCalls::parse_response(r).map(|b| b.into_body()),
            )
            .await;
        assert_eq!(created.num_errors.is_some(), prefer.is_some());
        o.ok(
            "batch_read_calls",
            calls
                .batch_read_calls(batch_read.clone())
                .archived(false)
                .build_request(),
            prefer,
            |r| builders::BatchReadCalls::parse_response(r).map(|b| b.into_body()),
        )
        .await;
        o.ok(
            "batch_update_calls",
            calls
                .batch_update_calls(batch_update.clone())
                .build_request(),
            prefer,
            |r| builders::BatchUpdateCalls::parse_response(r).map(|b| b.into_body()),
        )
        .await;
        o.ok(
            "batch_upsert_calls",
            calls
                .batch_upsert_calls(batch_upsert.clone())
                .build_request(),
            prefer,
            |r| builders::BatchUpsertCalls::parse_response(r).map(|b| b.into_body()),
        )
        .await;
    }

    // Search: with every field the official file requires, the request is clean.
    let outbound = FilterGroup {
        filters: vec![Filter {
            property_name: "hs_call_direction".into(),
            operator: FilterOperator::Eq,
            value: Some("OUTBOUND".into()),
            values: vec![],
            high_value: None,
        }],
    };
    let search = CallSearchRequest {
        filter_groups: vec![outbound.clone()],
        properties: vec!["hs_call_title".into()],
        limit: Some(200),
        after: Some("0".into()),
        ..Default::default()
    };
    let found = o
        .ok(
            "search_calls",
            calls.search_calls(search.clone()).build_request(),
            None,
            builders::SearchCalls::parse_response,
        )
        .await;
    assert!(!found.results.is_empty());
    o.differs(
        SEARCH_SORTS,
        "search_calls with a sort",
        calls
            .search_calls(CallSearchRequest {
                sorts: vec![SortOption {
                    property_name: "hs_timestamp".into(),
                    direction: Some(SortDirection::Descending),
                }],
                ..search.clone()
            })
            .build_request(),
        &["Request body property sorts.0 must be string"],
    )
    .await;
    o.differs(
        SEARCH_AFTER_LIMIT,
        "search_calls without after and limit",
        calls
            .search_calls(CallSearchRequest {
                filter_groups: vec![outbound.clone()],
                properties: vec!["hs_call_title".into()],
                ..Default::default()
            })
            .build_request(),
        &[
            "Request body must have required property 'after'",
            "Request body must have required property 'limit'",
        ],
    )
    .await;
    o.differs(
        PROPERTIES_WHEN_SET,
        "search_calls without properties",
        calls
            .search_calls(CallSearchRequest {
                properties: vec![],
                ..search.clone()
            })
            .build_request(),
        &["Request body must have required property 'properties'"],
    )
    .await;
    o.differs(
        PROPERTIES_WHEN_SET,
        "batch_read_calls without properties",
        calls
            .batch_read_calls(BatchReadCallsRequest {
                properties: vec![],
                ..batch_read.clone()
            })
            .build_request(),
        &["Request body must have required property 'properties'"],
    )
    .await;
    let past_cap = calls
        .search_calls(CallSearchRequest {
            after: Some("10000".into()),
            ..search.clone()
        })
        .build_request();
    o.checked_in_file(
        SEARCH_CAP,
        matches!(past_cap, Err(Error::InvalidRequest { .. }))
            && !["10000", "10,000"]
                .iter()
                .any(|cap| o.doc.to_string().contains(cap)),
        "a search past 10,000 results is refused before sending; the official file says nothing",
    );

    // Archive one and a batch.
    o.ok(
        "archive_call",
        calls.archive_call(&created.id).build_request(),
        None,
        builders::ArchiveCall::parse_response,
    )
    .await;
    o.ok(
        "batch_archive_calls",
        calls
            .batch_archive_calls(BatchArchiveCallsRequest {
                inputs: vec![BatchReadInput {
                    id: created.id.clone(),
                }],
            })
            .build_request(),
        None,
        builders::BatchArchiveCalls::parse_response,
    )
    .await;

    // Operations HubSpot documents elsewhere, which the official file lacks.
    o.absent(
        ASSOCIATION_PATHS,
        "associate_call",
        calls
            .associate_call_with(&created.id, CallAssociation::Contact, "101")
            .build_request(),
    )
    .await;
    o.absent(
        ASSOCIATION_PATHS,
        "remove_call_association",
        calls
            .remove_call_association_with(&created.id, CallAssociation::Contact, "101")
            .build_request(),
    )
    .await;
    o.absent(
        GDPR_DELETE,
        "gdpr_delete_call",
        calls
            .gdpr_delete_call(GdprDeleteRequest {
                object_id: created.id.clone(),
                id_property: None,
            })
            .build_request(),
    )
    .await;

    // Differences in what the file declares, checked against the file.
    let schemas = &o.doc["components"]["schemas"];
    o.checked_in_file(
        NULL_PROPERTY_VALUES,
        schemas["SimplePublicObject"]["properties"]["properties"]["additionalProperties"]
            == json!({"type": "string"}),
        "the official file types property values as strings (no null)",
    );
    let explode = o.doc["paths"]["/crm/v3/objects/calls/{callId}"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "associations")
        .map(|p| p["explode"].clone());
    // The get_call_by_id above sent `associations=contacts,companies` and Prism accepted it.
    o.checked_in_file(
        COMMA_SEPARATED,
        explode == Some(json!(true)),
        "the official file declares `explode: true` for array query parameters",
    );
    let too_many = calls
        .batch_create_calls(BatchCreateCallsRequest {
            inputs: vec![CallCreateRequest::default(); 101],
        })
        .build_request();
    o.checked_in_file(
        BATCH_LIMIT,
        matches!(too_many, Err(Error::InvalidRequest { .. }))
            && schemas["BatchInputSimplePublicObjectBatchInputForCreate"]["properties"]["inputs"]
                .get("maxItems")
                .is_none(),
        "101 inputs are refused before sending; the official file sets no maxItems",
    );
    o.checked_in_file(
        TRACE_ID_ON_CREATE,
        schemas["SimplePublicObjectInputForCreate"]["properties"]
            .get("objectWriteTraceId")
            .is_none()
            && schemas["SimplePublicObjectBatchInputForCreate"]["properties"]
                .get("objectWriteTraceId")
                .is_some(),
        "the official file lists objectWriteTraceId on batch create inputs only",
    );

    o.verify_coverage(&[]);
    let checked = o.checked.lock().expect("lock").clone();
    for difference in CALLS_DIFFERENCES {
        assert!(
            checked.contains(difference),
            "`{difference}` was not checked"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calling_extensions_flows_against_the_official_calling_extensions_spec() {
    let o = Official::start(&official_spec(OFFICIAL_CALLING_EXTENSIONS));
    let app_id = 1_234_567;
    // OAuth only: what the official file lists for every operation.
    let oauth = o.client(false);
    let ext = oauth.calling_extensions();
    let phone = |e164: &str| json!({"e164Number": e164, "phoneNumberType": "MOBILE"});

    let matches = o
        .ok(
            "inbound_call",
            ext.inbound_call(body(json!({
                "externalCallId": "call-7f3a",
                "createEngagement": true,
                "engagementProperties": {"hs_call_title": "Inbound call"},
                "finalCallStatus": "COMPLETED",
                "fromNumber": phone("+15551230001"),
                "toNumber": phone("+15559870002"),
                "potentialRecipientUserIds": [1001, 1002],
                "callStartedTimestamp": "2024-01-15T10:30:00Z",
                "durationSeconds": 95,
                "userId": 1001
            })))
            .build_request(),
            None,
            ext_builders::InboundCall::parse_response,
        )
        .await;
    assert!(!matches.caller_id_matches.is_empty());
    o.ok(
        "mark_recording_ready",
        ext.mark_recording_ready(body(json!({"engagementId": 4242})))
            .build_request(),
        None,
        ext_builders::MarkRecordingReady::parse_response,
    )
    .await;

    let settings = json!({
        "name": "Acme Dialer", "url": "https://dialer.example.com/hubspot",
        "height": 600, "width": 400, "isReady": true, "supportsCustomObjects": false,
        "supportsInboundCalling": true, "usesCallingWindow": false, "usesRemote": false
    });
    o.ok(
        "create_settings",
        ext.create_settings(app_id, body(settings)).build_request(),
        None,
        ext_builders::CreateSettings::parse_response,
    )
    .await;
    o.ok(
        "get_settings",
        ext.get_settings(app_id).build_request(),
        None,
        ext_builders::GetSettings::parse_response,
    )
    .await;
    // seed 002: opt out of the calling window with a PATCH.
    o.ok(
        "update_settings",
        ext.update_settings(app_id, body(json!({"usesCallingWindow": false})))
            .build_request(),
        None,
        ext_builders::UpdateSettings::parse_response,
    )
    .await;

    let recording =
        json!({"urlToRetrieveAuthedRecording": "https://dialer.example.com/recordings/"});
    o.ok(
        "create_recording_settings",
        ext.create_recording_settings(app_id, body(recording.clone()))
            .build_request(),
        None,
        ext_builders::CreateRecordingSettings::parse_response,
    )
    .await;
    o.ok(
        "get_recording_settings",
        ext.get_recording_settings(app_id).build_request(),
        None,
        ext_builders::GetRecordingSettings::parse_response,
    )
    .await;
    o.ok(
        "update_recording_settings",
        ext.update_recording_settings(app_id, body(recording))
            .build_request(),
        None,
        ext_builders::UpdateRecordingSettings::parse_response,
    )
    .await;

    // seed 004: the help-desk channel connection of the same app.
    o.ok(
        "create_channel_connection_settings",
        ext.create_channel_connection_settings(
            app_id,
            body(json!({
                "url": "https://dialer.example.com/hubspot/channel-connection",
                "isReady": true
            })),
        )
        .build_request(),
        None,
        ext_builders::CreateChannelConnectionSettings::parse_response,
    )
    .await;
    o.ok(
        "get_channel_connection_settings",
        ext.get_channel_connection_settings(app_id).build_request(),
        None,
        ext_builders::GetChannelConnectionSettings::parse_response,
    )
    .await;
    o.ok(
        "update_channel_connection_settings",
        ext.update_channel_connection_settings(app_id, body(json!({"isReady": false})))
            .build_request(),
        None,
        ext_builders::UpdateChannelConnectionSettings::parse_response,
    )
    .await;
    o.ok(
        "delete_channel_connection_settings",
        ext.delete_channel_connection_settings(app_id)
            .build_request(),
        None,
        ext_builders::DeleteChannelConnectionSettings::parse_response,
    )
    .await;
    o.ok(
        "delete_settings",
        ext.delete_settings(app_id).build_request(),
        None,
        ext_builders::DeleteSettings::parse_response,
    )
    .await;

    // With the developer API key configured, the settings operations send `?hapikey=` (seeds
    // 002 and 004), which the official file does not list: Prism's 401, and nothing else.
    let with_key = o.client(true);
    let ext = with_key.calling_extensions();
    let request = ext.get_settings(app_id).build_request();
    let query = request
        .as_ref()
        .ok()
        .and_then(|r| r.uri().query())
        .unwrap_or_default()
        .to_owned();
    assert!(query.starts_with("hapikey="), "{query}");
    o.differs(
        HAPIKEY,
        "get_settings with the developer API key",
        request,
        &["Invalid security scheme used"],
    )
    .await;
    o.differs(
        HAPIKEY,
        "update_settings with the developer API key",
        ext.update_settings(app_id, body(json!({"usesCallingWindow": false})))
            .build_request(),
        &["Invalid security scheme used"],
    )
    .await;

    // The 3 connection-statuses operations of the newest file are bundled in
    // calling-transcripts.json (the same operations and schemas): module `calling_transcripts`.
    let transcripts = oauth.calling_transcripts();
    o.ok(
        "list_connection_statuses",
        transcripts
            .list_connection_statuses()
            .user_id([1001, 1002])
            .build_request(),
        None,
        transcripts_builders::ListConnectionStatuses::parse_response,
    )
    .await;
    o.ok(
        "batch_read_connection_statuses",
        transcripts
            .batch_read_connection_statuses(BatchInputPublicObjectId::new([1001, 1002]))
            .build_request(),
        None,
        transcripts_builders::BatchReadConnectionStatuses::parse_response,
    )
    .await;
    o.ok(
        "get_my_connection_status",
        transcripts.get_my_connection_status().build_request(),
        None,
        transcripts_builders::GetMyConnectionStatus::parse_response,
    )
    .await;
    // Every operation of the newest file got a clean exchange.
    o.verify_coverage(&[]);
    let checked = o.checked.lock().expect("lock").clone();
    for difference in CALLING_EXTENSIONS_DIFFERENCES {
        assert!(
            checked.contains(difference),
            "`{difference}` was not checked"
        );
    }
}

/// README.md's table lists exactly the differences the flows above check.
#[test]
fn readme_lists_every_difference() {
    let readme =
        std::fs::read_to_string(prism::workspace_root().join("README.md")).expect("README.md");
    let section = readme
        .split("\n## Where this crate differs from HubSpot's official spec\n")
        .nth(1)
        .expect("README.md has the section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let rows: BTreeSet<String> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| difference") && !l.starts_with("|-"))
        .filter_map(|l| l.split(" | ").next())
        .map(|cell| cell.trim_start_matches("| ").trim().to_owned())
        .collect();
    let checked: BTreeSet<String> = CALLS_DIFFERENCES
        .iter()
        .chain(CALLING_EXTENSIONS_DIFFERENCES)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        rows, checked,
        "README.md's table and the differences the flows of tests/contract_official.rs check \
         must be the same rows"
    );
}
