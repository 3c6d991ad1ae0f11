//! The generated fixture modules at run time: forward-compatible enums, tagged and untagged
//! unions, optional and nullable fields on the wire, request building (path, query, header and
//! credentials) and response decoding.

use hubspot_calling::{Client, Error};
use hubspot_calling_fixtures::{
    all_of, error_default, extensions, formats, keywords, maps, multi_status, no_content,
    nullable_30, openapi_31, parameters, recursive, refs, request_bodies, required_optional,
    reserved_names, security, string_enums, tagged_oneof, untagged_oneof,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

fn client() -> Client {
    Client::builder()
        .base_url("http://localhost:1")
        .access_token("t")
        .build()
        .expect("client")
}

fn key_only_client() -> Client {
    Client::builder()
        .base_url("http://localhost:1")
        .developer_api_key("k")
        .build()
        .expect("client")
}

fn decode<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value} does not decode: {e}"))
}

fn encode<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

/// Decodes `value` and checks that encoding gives it back unchanged.
fn round_trip<T: Serialize + DeserializeOwned>(value: Value) -> T {
    let decoded: T = decode(value.clone());
    assert_eq!(encode(&decoded), value, "round trip changed the JSON");
    decoded
}

fn json_response(status: u16, body: Value) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&body).expect("body"))
        .expect("response")
}

fn url(request: &http::Request<Vec<u8>>) -> String {
    request.uri().to_string()
}

// --- forward-compatible enums -------------------------------------------------------------

#[test]
fn string_enum_keeps_unknown_values() {
    use string_enums::Disposition;
    assert_eq!(round_trip::<Disposition>(json!("a-b")), Disposition::AB);
    assert_eq!(round_trip::<Disposition>(json!("A_B")), Disposition::AB2);
    // Values that look like catch-alls are ordinary variants; the catch-all got another name.
    assert_eq!(
        round_trip::<Disposition>(json!("UNKNOWN")),
        Disposition::Unknown
    );
    assert_eq!(
        round_trip::<Disposition>(json!("OTHER")),
        Disposition::Other
    );
    assert_eq!(
        round_trip::<Disposition>(json!("1st-attempt")),
        Disposition::V1stAttempt
    );
    assert_eq!(round_trip::<Disposition>(json!("200")), Disposition::V200);
    assert_eq!(round_trip::<Disposition>(json!("")), Disposition::Empty);
    assert_eq!(
        round_trip::<Disposition>(json!("voicemail-left")),
        Disposition::Unrecognized("voicemail-left".into())
    );
    assert_eq!(Disposition::AB2.to_string(), "A_B");
    assert_eq!(
        "no answer".parse::<Disposition>().expect("infallible"),
        Disposition::NoAnswer
    );
}

#[test]
fn integer_enum_and_default() {
    use string_enums::{CallDirection, Priority};
    assert_eq!(round_trip::<Priority>(json!(-1)), Priority::VMinus1);
    assert_eq!(round_trip::<Priority>(json!(7)), Priority::Other(7));
    assert_eq!(Priority::V2.value(), 2);
    assert_eq!(CallDirection::default(), CallDirection::Outbound);
    assert!(serde_json::from_value::<Priority>(json!("1")).is_err());
}

#[test]
fn enum_inside_a_struct_round_trips_unknown_values() {
    let call: string_enums::Call = round_trip(json!({
        "id": "1",
        "direction": "SIDEWAYS",
        "source": "IMPORT",
        "priority": 9
    }));
    assert_eq!(
        call.direction,
        string_enums::CallDirection::Other("SIDEWAYS".into())
    );
    assert_eq!(
        call.source,
        Some(string_enums::CallSource::Other("IMPORT".into()))
    );
}

// --- unions -----------------------------------------------------------------------------------

#[test]
fn tagged_union_dispatches_by_single_value_enum_tag() {
    use tagged_oneof::{
        CompletedThirdPartyCallResponse,
        CompletedThirdPartyCallResponseCallerIdMatchesItem as Match,
    };
    let response: CompletedThirdPartyCallResponse = round_trip(json!({
        "callerIdMatches": [
            {"callerIdType": "CONTACT", "objectId": 101, "firstName": "Ada"},
            {"callerIdType": "COMPANY", "objectId": 202, "name": "HubSpot"},
            {"callerIdType": "DEAL", "objectId": 303, "dealName": "Q3"},
            {"objectId": 404}
        ]
    }));
    let matches = &response.caller_id_matches;
    match &matches[0] {
        Match::Contact(contact) => {
            assert_eq!(contact.object_id, 101);
            assert_eq!(contact.first_name.as_deref(), Some("Ada"));
        }
        other => panic!("expected a contact, got {other:?}"),
    }
    match &matches[1] {
        Match::Company(company) => assert_eq!(company.name.as_deref(), Some("HubSpot")),
        other => panic!("expected a company, got {other:?}"),
    }
    assert_eq!(
        matches[2],
        Match::Other(json!({"callerIdType": "DEAL", "objectId": 303, "dealName": "Q3"}))
    );
    assert_eq!(matches[3], Match::Other(json!({"objectId": 404})));
    // A known tag with a payload that does not fit is an error, not `Other`.
    assert!(serde_json::from_value::<Match>(json!({"callerIdType": "CONTACT"})).is_err());
}

#[test]
fn tagged_union_dispatches_by_discriminator_mapping() {
    use tagged_oneof::Media;
    let audio: Media =
        round_trip(json!({"kind": "audio", "url": "https://x/1.mp3", "durationMs": 5}));
    assert!(
        matches!(&audio, Media::Audio(a) if a.url == "https://x/1.mp3" && a.duration_ms == Some(5))
    );
    let text: Media = round_trip(json!({"kind": "transcript", "text": "hello"}));
    assert!(matches!(&text, Media::Transcript(t) if t.text == "hello"));
    let video: Media = round_trip(json!({"kind": "video", "url": "https://x/1.mp4"}));
    assert_eq!(
        video,
        Media::Other(json!({"kind": "video", "url": "https://x/1.mp4"}))
    );
}

#[test]
fn untagged_union_tries_variants_in_order() {
    use untagged_oneof::{
        AssociateCallResponse, AssociateCallResponseLabel, AssociationTarget, ObjectId,
    };
    assert_eq!(
        round_trip::<ObjectId>(json!("123")),
        ObjectId::String("123".into())
    );
    assert_eq!(round_trip::<ObjectId>(json!(123)), ObjectId::Integer(123));
    assert_eq!(
        round_trip::<ObjectId>(json!(true)),
        ObjectId::Other(json!(true))
    );
    let by_property: AssociationTarget =
        round_trip(json!({"idProperty": "email", "value": "a@b.c"}));
    assert!(
        matches!(by_property, AssociationTarget::ByUniqueProperty(p) if p.id_property == "email")
    );
    let by_id: AssociationTarget = round_trip(json!({"id": "7"}));
    assert!(matches!(by_id, AssociationTarget::ByRecordId(r) if r.id == "7"));
    let response: AssociateCallResponse = round_trip(json!({"toObjectId": 9, "label": ["a", "b"]}));
    assert_eq!(response.to_object_id, ObjectId::Integer(9));
    assert_eq!(
        response.label,
        Some(AssociateCallResponseLabel::Array(vec![
            "a".into(),
            "b".into()
        ]))
    );
}

// --- required, optional, nullable -------------------------------------------------------------

#[test]
fn optional_fields_are_omitted_and_nullable_required_ones_are_null() {
    let input = required_optional::CallInput {
        title: "Discovery".into(),
        timestamp: "2024-01-15T10:30:00Z".parse().expect("date"),
        notes: None,
        body: None,
        disposition: None,
        tags: Vec::new(),
        labels: Vec::new(),
        properties: Default::default(),
        extra: Default::default(),
        owner_id: None,
        associations: Vec::new(),
        archived: None,
    };
    assert_eq!(
        encode(&input),
        json!({
            "title": "Discovery",
            "timestamp": "2024-01-15T10:30:00Z",
            "notes": null,
            "tags": [],
            "properties": {},
            "ownerId": null,
            "associations": []
        })
    );
    let full = required_optional::CallInput {
        body: Some("b".into()),
        disposition: Some("connected".into()),
        labels: vec!["l".into()],
        archived: Some(false),
        owner_id: Some(7),
        ..input
    };
    let encoded = encode(&full);
    for key in ["body", "disposition", "labels", "archived", "ownerId"] {
        assert!(
            encoded.get(key).is_some_and(|v| !v.is_null()),
            "{key} in {encoded}"
        );
    }
    assert_eq!(decode::<required_optional::CallInput>(encoded), full);
}

#[test]
fn absent_optional_and_collection_fields_decode() {
    let input: required_optional::CallInput = decode(json!({
        "title": "t",
        "timestamp": "2024-01-15T10:30:00.000Z",
        "notes": null,
        "ownerId": null
    }));
    assert!(input.tags.is_empty() && input.properties.is_empty() && input.associations.is_empty());
    assert_eq!(input.body, None);
}

/// `associations` is required and nullable (`type: array, nullable: true`): a server may send
/// `null`, and the model must accept it.
#[test]
fn required_nullable_array_accepts_null() {
    let result = serde_json::from_value::<required_optional::CallInput>(json!({
        "title": "t",
        "timestamp": "2024-01-15T10:30:00Z",
        "notes": null,
        "tags": [],
        "properties": {},
        "ownerId": null,
        "associations": null
    }));
    assert!(result.is_ok(), "associations: null rejected: {result:?}");
}

/// OpenAPI 3.1 `type: [array, "null"]`: `null` must decode.
#[test]
fn openapi_31_nullable_array_accepts_null() {
    let result = serde_json::from_value::<openapi_31::InboundCall>(json!({
        "externalCallId": "a3",
        "durationMs": null,
        "toNumber": null,
        "tags": null
    }));
    assert!(result.is_ok(), "tags: null rejected: {result:?}");
}

#[test]
fn nullable_30_fields() {
    let call: nullable_30::Call = decode(json!({
        "id": "1",
        "archivedAt": null,
        "owner": null,
        "disposition": null,
        "recordingUrls": ["https://x/1", null],
        "properties": {"hs_call_title": null, "hs_call_body": "b"},
        "direction": "INBOUND"
    }));
    assert_eq!(
        call.recording_urls,
        vec![Some("https://x/1".to_string()), None]
    );
    assert_eq!(call.properties.get("hs_call_title"), Some(&None));
    assert_eq!(
        encode(&call),
        json!({
            "id": "1",
            "archivedAt": null,
            "owner": null,
            "recordingUrls": ["https://x/1", null],
            "properties": {"hs_call_title": null, "hs_call_body": "b"},
            "direction": "INBOUND"
        })
    );
    let owned: nullable_30::Call = round_trip(json!({
        "id": "2",
        "archivedAt": "2024-01-15T10:30:00Z",
        "owner": {"id": 5, "email": "a@b.c"}
    }));
    assert_eq!(owned.owner.map(|o| o.id), Some(5));
}

#[test]
fn openapi_31_types() {
    let call: openapi_31::InboundCall = round_trip(json!({
        "externalCallId": "a3",
        "durationMs": null,
        "toNumber": "+15555550100",
        "callerId": {"callerIdType": "CONTACT", "objectId": 1, "version": 3},
        "externalId": 17
    }));
    assert_eq!(call.duration_ms, None);
    assert_eq!(
        call.caller_id.map(|c| c.caller_id_type),
        Some(openapi_31::CallerIdMatchCallerIdType::Contact)
    );
    assert_eq!(
        call.external_id,
        Some(openapi_31::InboundCallExternalId::Integer(17))
    );
}

// --- other models ----------------------------------------------------------------------------------

#[test]
fn formats_decode_into_typed_values() {
    let stats: formats::CallStats = decode(json!({
        "id": "6f1c8a43-7a3e-4c4b-9d8e-0c5e3b9a1f20",
        "createdAt": "2024-01-15T10:30:00.000+02:00",
        "day": "2024-01-15",
        "durationMs": 1800000i64,
        "attempts": 2,
        "appId": 12345,
        "score": 0.5,
        "ratio": 0.25,
        "recorded": true
    }));
    assert_eq!(stats.id.to_string(), "6f1c8a43-7a3e-4c4b-9d8e-0c5e3b9a1f20");
    assert_eq!(stats.created_at.to_rfc3339(), "2024-01-15T08:30:00+00:00");
    assert_eq!(stats.day.to_string(), "2024-01-15");
    assert_eq!(stats.ratio, Some(0.25f32));
    assert!(serde_json::from_value::<formats::CallStats>(json!({
        "id": "not-a-uuid", "createdAt": "2024-01-15T10:30:00Z", "day": "2024-01-15",
        "durationMs": 1, "attempts": 1
    }))
    .is_err());
}

#[test]
fn maps_keep_additional_properties() {
    let record: maps::CallRecord = round_trip(json!({
        "id": "1",
        "properties": {"hs_call_title": "t"},
        "context": {"missingScopes": ["a", "b"]},
        "associations": {"contacts": {"ids": ["7"], "paging": {"next": "x"}}},
        "metadata": {"source": {"app": 1}},
        "anything": [1, "two"],
        "settings": {"beta": true},
        "hs_unknown": "kept"
    }));
    assert_eq!(
        record.extra.get("hs_unknown").map(String::as_str),
        Some("kept")
    );
    assert_eq!(
        record.associations["contacts"].extra.get("paging"),
        Some(&json!({"next": "x"}))
    );
    assert_eq!(record.anything, Some(json!([1, "two"])));
}

#[test]
fn recursive_models_nest() {
    let comment: recursive::Comment = round_trip(json!({
        "id": "1",
        "author": {"name": "a", "lastComment": {"id": "0", "author": {"name": "b"}}},
        "parent": {"id": "p", "author": {"name": "c"}},
        "replies": {"r1": {"id": "2", "author": {"name": "d"}}}
    }));
    assert_eq!(comment.parent.as_ref().map(|p| p.id.as_str()), Some("p"));
    assert_eq!(comment.replies["r1"].author.name, "d");
    let group: recursive::FilterGroup = round_trip(json!({
        "operator": "OR",
        "groups": [{"filters": ["a"]}],
        "not": {"operator": "AND"}
    }));
    assert_eq!(group.groups.len(), 1);
    assert!(group.not.is_some());
}

#[test]
fn all_of_merges_parts() {
    let call: all_of::CallWithAssociations = round_trip(json!({
        "createdAt": "2024-01-15T10:30:00Z",
        "updatedAt": "2024-01-15T11:00:00Z",
        "id": "1",
        "associations": {"contacts": ["7"]},
        "owner": {"id": 3}
    }));
    assert_eq!(call.owner.map(|o| o.id), Some(3));
}

/// `Call` is `allOf: [Timestamps, {required: [id, updatedAt], ...}]`: `updatedAt` is defined in
/// the first part and required by the second, so it is required in the merged type.
#[test]
fn all_of_required_from_another_part_is_required() {
    let result = serde_json::from_value::<all_of::Call>(json!({
        "createdAt": "2024-01-15T10:30:00Z",
        "id": "1"
    }));
    assert!(
        result.is_err(),
        "a Call without the required updatedAt decoded: {result:?}"
    );
}

#[test]
fn keyword_fields_use_their_json_names() {
    let value: keywords::SelfValue = round_trip(json!({
        "type": "t", "self": "s", "Self": "S", "foo-bar": "1", "fooBar": "2",
        "1st": 1, "crate": "c", "async": true, "ref": "r"
    }));
    assert_eq!(
        (
            value.type_.as_str(),
            value.self_2.as_deref(),
            value.foo_bar_2.as_deref()
        ),
        ("t", Some("S"), Some("2"))
    );
    assert_eq!(
        round_trip::<keywords::TypeKind>(json!("FOO_BAR")),
        keywords::TypeKind::FooBar2
    );
}

#[test]
fn extensions_are_tolerated_and_x_rust_name_applies() {
    let matches: extensions::CallMatches = round_trip(json!({"total": 1, "ids": ["512"]}));
    assert_eq!(matches.total, 1);
    let request = extensions::ExtensionsApi::new(client())
        .find_calls()
        .archived(false)
        .body(extensions::SearchRequest {
            query: Some("discovery".into()),
            legacy_filter: None,
        })
        .build_request()
        .expect("request");
    assert_eq!(
        url(&request),
        "http://localhost:1/crm/v3/objects/calls/search?archived=false"
    );
    assert_eq!(request.body(), br#"{"query":"discovery"}"#);
}

// --- request building ----------------------------------------------------------------------------

#[test]
fn path_query_and_header_parameters() {
    use parameters::{ListAssociationsObjectType, ListAssociationsSort};
    let request = parameters::ParametersApi::new(client())
        .list_associations(ListAssociationsObjectType::Calls, 42, "a b/c", "tok en")
        .properties(["hs_call_title", "hs call,body"])
        .associations(["x,y", "z"])
        .ids([1, 2])
        .sort(ListAssociationsSort::Descending)
        .limit(10)
        .x_request_id("r-1")
        .x_tags(["a", "b"])
        .build_request()
        .expect("request");
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        url(&request),
        "http://localhost:1/crm/v3/objects/calls/42/associations/a%20b%2Fc\
         ?properties=hs_call_title&properties=hs%20call%2Cbody\
         &associations=x%2Cy,z&ids=1,2&sort=DESCENDING&after=tok%20en&limit=10"
    );
    assert_eq!(request.headers()["x-request-id"], "r-1");
    assert_eq!(request.headers()["x-tags"], "a,b");
    // No security declared: the access token is not sent.
    assert!(request.headers().get("authorization").is_none());

    let minimal = parameters::ParametersApi::new(client())
        .list_associations(
            ListAssociationsObjectType::Other("deals".into()),
            1,
            "contacts",
            "0",
        )
        .build_request()
        .expect("request");
    assert_eq!(
        url(&minimal),
        "http://localhost:1/crm/v3/objects/deals/1/associations/contacts?after=0"
    );
}

#[test]
fn refs_parameters_and_bodies() {
    let api = refs::RefsApi::new(client());
    let get = api
        .get_call("512")
        .properties(["hs_call_title", "hs_timestamp"])
        .build_request()
        .expect("request");
    assert_eq!(
        url(&get),
        "http://localhost:1/crm/v3/objects/calls/512?properties=hs_call_title,hs_timestamp"
    );
    let update = api
        .update_call(
            "512",
            refs::CallUpdateRequest {
                properties: [("hs_call_title".to_string(), "Follow-up".to_string())].into(),
            },
        )
        .build_request()
        .expect("request");
    assert_eq!(update.method(), http::Method::PATCH);
    assert_eq!(update.headers()["content-type"], "application/json");
    assert_eq!(
        serde_json::from_slice::<Value>(update.body()).expect("json"),
        json!({"properties": {"hs_call_title": "Follow-up"}})
    );
}

#[test]
fn formats_parameters_are_encoded() {
    let request = formats::FormatsApi::new(client())
        .get_call_by_uuid(uuid::Uuid::nil())
        .since("2024-05-01T12:30:00+02:00".parse().expect("date"))
        .day(chrono::NaiveDate::from_ymd_opt(2024, 5, 1).expect("date"))
        .min_duration(30)
        .score(0.5)
        .build_request()
        .expect("request");
    assert_eq!(
        url(&request),
        "http://localhost:1/crm/v3/objects/calls/00000000-0000-0000-0000-000000000000\
         ?since=2024-05-01T10%3A30%3A00Z&day=2024-05-01&minDuration=30&score=0.5"
    );
}

#[test]
fn keyword_parameters_use_their_wire_names() {
    let request = keywords::KeywordsApi::new(client())
        .match_("calls", "me")
        .self_2("S")
        .foo_bar("1")
        .foo_bar_2("2")
        .n2fa(true)
        .body("b")
        .build_request()
        .expect("request");
    assert_eq!(
        url(&request),
        "http://localhost:1/crm/v3/objects/calls/me?Self=S&foo-bar=1&fooBar=2&2fa=true&body=b"
    );
}

#[test]
fn parameters_named_like_builder_members_keep_their_wire_names() {
    let api = reserved_names::ReservedNamesApi::new(key_only_client());
    let request = api
        .new_items("r/1")
        .decode("d")
        .new_2(3)
        .body(true)
        .send_2("s")
        .stream_2("st")
        .send_chunked("sc")
        .build_request_2("b")
        .parse_response_2("p")
        .client("c")
        .clone_2(["x", "y"])
        .default(reserved_names::Default2::On)
        .ctx_2("ctx")
        .with_header_2("wh")
        .with_timeout_2("wt")
        .with_retry_policy_2("wr")
        .with_credential_2("wc")
        .with_access_token_2("wa")
        .with_options_2("wo")
        .pages_2("pg")
        .starting_after_2("sa")
        .max_pages_2(1)
        .max_items_2(2)
        .add_2(4)
        .after("a")
        .with_header("x-real", "1")
        .build_request()
        .expect("request");
    assert_eq!(
        url(&request),
        "http://localhost:1/items/r%2F1?decode=d&new=3&body=true&send=s&stream=st&send_chunked=sc\
         &build_request=b&parse_response=p&clone=x&clone=y&default=on&ctx=ctx&with_header=wh\
         &with_timeout=wt&with_retry_policy=wr&with_credential=wc&with_access_token=wa\
         &with_options=wo&pages=pg&starting_after=sa&max_pages=1&max_items=2&add=4&after=a&hapikey=k"
    );
    assert_eq!(request.headers()["client"], "c");
    assert_eq!(request.headers()["x-real"], "1");
    // The schema named `Default` kept its default under its new name.
    assert_eq!(
        reserved_names::Default2::default(),
        reserved_names::Default2::Off
    );
    // Operations named like the handle's members and std trait methods, and a required
    // parameter named `body` where there is no request body.
    let item = api.get_context("i").build_request().expect("request");
    assert_eq!(url(&item), "http://localhost:1/items/i/context?hapikey=k");
    assert_eq!(
        api.cmp_context("i")
            .build_request()
            .expect("request")
            .method(),
        "DELETE"
    );
    let patch = api
        .default_context("i")
        .stream("s")
        .send_chunked("c")
        .build_request()
        .expect("request");
    assert_eq!(
        url(&patch),
        "http://localhost:1/items/i/context?stream=s&send_chunked=c&hapikey=k"
    );
    let put = api
        .client_items(uuid_nil(), "b")
        .build_request()
        .expect("request");
    assert_eq!(
        url(&put),
        "http://localhost:1/items?value=00000000-0000-0000-0000-000000000000&body=b&hapikey=k"
    );
}

fn uuid_nil() -> hubspot_calling::rt::uuid::Uuid {
    hubspot_calling::rt::uuid::Uuid::nil()
}

#[test]
fn schemas_named_like_prelude_and_imported_items_work_as_types() {
    use reserved_names::{Client, DateTime, From, Some2, Vec2};
    let client: Client = round_trip(json!({
        "id": "7f1c1f2e-8c1a-4c55-9b43-2b4f6f0d2a11",
        "createdAt": "2024-01-15T10:30:00Z",
        "birthday": "1990-05-01",
        "tags": ["a"],
        "labels": {"k": "v"},
        "settings": {"s": 1},
        "anything": [1],
        "kind": "fax"
    }));
    assert_eq!(client.kind, Some(From::Other("fax".into())));
    // A schema named like a runtime type is named, the runtime's type is reached through rt::.
    let when: DateTime = "2024-01-15T10:30:00Z".parse().expect("date");
    assert_eq!(client.created_at, Some(when));
    assert!(matches!(
        decode::<Some2>(json!("text")),
        Some2::String(text) if text == "text"
    ));
    let nested: Vec2 = round_trip(json!([[], [[]]]));
    assert_eq!(nested.0.len(), 2);
}

#[test]
fn request_bodies_required_optional_and_checked() {
    let api = request_bodies::RequestBodiesApi::new(client());
    let search = api.search_calls().build_request().expect("optional body");
    assert!(search.body().is_empty());
    assert!(search.headers().get("content-type").is_none());
    let archive = api
        .batch_archive_calls(vec!["1".into(), "2".into()])
        .build_request()
        .expect("request");
    assert_eq!(archive.body(), br#"["1","2"]"#);
    let too_many = request_bodies::CallCreateRequest {
        inputs: vec![Default::default(); 101],
    };
    let refused = api.create_call(too_many).build_request();
    assert!(
        matches!(refused, Err(Error::InvalidRequest { .. })),
        "{refused:?}"
    );
}

#[test]
fn security_selects_credentials() {
    let api = security::SecurityApi::new(client());
    // Global security (OAuth2 or private app): the access token.
    let list = api.list_calls().build_request().expect("request");
    assert_eq!(list.headers()["authorization"], "Bearer t");
    // OAuth2 or developer key, with only the token: the token, no hapikey.
    let settings = api.get_settings(7).build_request().expect("request");
    assert_eq!(settings.headers()["authorization"], "Bearer t");
    assert_eq!(
        url(&settings),
        "http://localhost:1/crm/v3/extensions/calling/7/settings"
    );
    // `security: []`: nothing.
    let status = api.get_status().build_request().expect("request");
    assert!(status.headers().get("authorization").is_none());
    // Only the developer key accepted, only the token configured: refused before sending.
    let recording = api.get_recording_settings(7).build_request();
    assert!(
        matches!(recording, Err(Error::MissingCredential { .. })),
        "{recording:?}"
    );

    let keyed = security::SecurityApi::new(key_only_client());
    let settings = keyed.get_settings(7).build_request().expect("request");
    assert_eq!(
        url(&settings),
        "http://localhost:1/crm/v3/extensions/calling/7/settings?hapikey=k"
    );
    assert!(settings.headers().get("authorization").is_none());
    // Optional auth (`{}` among the alternatives): sent without credentials when none fits.
    let export = keyed.export_calls().build_request().expect("request");
    assert_eq!(
        url(&export),
        "http://localhost:1/crm/v3/objects/calls/export"
    );
}

// --- response decoding -----------------------------------------------------------------------------

#[test]
fn multi_status_responses() {
    let created = multi_status::builders::BatchCreateCalls::parse_response(json_response(
        201,
        json!({"status": "COMPLETE", "results": ["1"]}),
    ))
    .expect("201");
    assert_eq!(created.status(), 201);
    assert!(matches!(
        created,
        multi_status::BatchCreateCallsResponse::Created(_)
    ));
    assert_eq!(created.into_body().results, vec!["1".to_string()]);
    let partial = multi_status::builders::BatchCreateCalls::parse_response(json_response(
        207,
        json!({"status": "COMPLETE", "results": []}),
    ))
    .expect("207");
    assert_eq!(partial.status(), 207);

    let read = multi_status::builders::BatchReadCalls::parse_response(json_response(
        207,
        json!({"status": "COMPLETE", "results": ["1"], "numErrors": 2}),
    ))
    .expect("207");
    assert!(
        matches!(read, multi_status::BatchReadCallsResponse::MultiStatus(ref r) if r.num_errors == 2)
    );
    let accepted = multi_status::builders::BatchReadCalls::parse_response(
        http::Response::builder()
            .status(202)
            .body(Vec::new())
            .expect("response"),
    )
    .expect("202");
    assert_eq!(accepted, multi_status::BatchReadCallsResponse::Accepted);
    let undeclared = multi_status::builders::BatchReadCalls::parse_response(json_response(
        200,
        json!({"status": "COMPLETE"}),
    ));
    assert!(
        undeclared.is_ok(),
        "required collections may be absent: {undeclared:?}"
    );
}

#[test]
fn no_content_and_error_responses() {
    no_content::builders::ArchiveCall::parse_response(
        http::Response::builder()
            .status(204)
            .body(Vec::new())
            .expect("response"),
    )
    .expect("204");
    let error = no_content::builders::ArchiveCall::parse_response(json_response(
        404,
        json!({"message": "not found", "category": "OBJECT_NOT_FOUND"}),
    ))
    .expect_err("404");
    assert_eq!(error.status(), Some(404));

    // The error body is served as `*/*`; it still becomes `Error::Api` with the parsed body.
    let error = error_default::builders::GetSettings::parse_response(
        http::Response::builder()
            .status(400)
            .header("content-type", "*/*")
            .body(
                br#"{"category":"VALIDATION_ERROR","correlationId":"aeb5f871-7f07-4993-9211-075dc63e7cbf","message":"bad"}"#
                    .to_vec(),
            )
            .expect("response"),
    )
    .expect_err("400");
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.category(), Some("VALIDATION_ERROR"));
    // And the documented error type decodes the same body.
    let typed: error_default::Error = serde_json::from_str(&api.raw_body).expect("typed error");
    assert_eq!(typed.message, "bad");
    error_default::builders::DeleteSettings::parse_response(
        http::Response::builder()
            .status(204)
            .body(Vec::new())
            .expect("response"),
    )
    .expect("any 2XX");
}
