//! `toolkit::properties`: typed call properties, their lossless conversions to and from the
//! generated `properties` maps, and the nullable `Call.properties` the overlay
//! `calls.nullable-properties.yaml` gives.

use std::collections::BTreeMap;
use std::time::Duration;

use hubspot_calling::calls::{Call, CallCreateRequest, CallUpdateRequest};
use hubspot_calling::toolkit::associations::CallAssociation;
use hubspot_calling::toolkit::properties::{
    CallDirection, CallDisposition, CallProperties, CallProperty, CallSource, CallStatus,
    CallTimestamp, CalleeObjectType, PropertyValue, RecordingKind, RecordingUrl,
};
use serde_json::json;

const RECORDING: &str =
    "https://api.twilio.com/2010-04-01/Accounts/AC890b8e6fbe0d989bb9158e26046a8dde/Recordings/RE3079ac919116b2d22";

fn request_map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Every documented property with a value, plus custom ones.
fn full_request_map() -> BTreeMap<String, String> {
    request_map(&[
        ("hs_timestamp", "2021-03-17T01:32:44.872Z"),
        ("hs_call_body", "Resolved issue"),
        ("hs_call_callee_object_id", "500"),
        ("hs_call_callee_object_type", "CONTACT"),
        ("hs_call_direction", "INBOUND"),
        (
            "hs_call_disposition",
            "b2cf5968-551e-4856-9783-52b3da59a7d0",
        ),
        ("hs_call_duration", "3800"),
        ("hs_call_from_number", "(857) 829 5489"),
        ("hs_call_to_number", "(509) 999 9999"),
        ("hs_call_recording_url", RECORDING),
        ("hs_call_status", "COMPLETED"),
        ("hs_call_has_voicemail", "false"),
        ("hs_call_title", "Support call"),
        ("hs_call_source", "INTEGRATIONS_PLATFORM"),
        ("hubspot_owner_id", "11349275740"),
        ("hs_activity_type", "Discovery"),
        ("hs_attachment_ids", "4242;4343"),
        ("my_crm_ticket", "T-1234"),
        ("hs_object_id", "17591596434"),
    ])
}

#[test]
fn every_documented_property_is_typed_and_round_trips() {
    let map = full_request_map();
    let props = CallProperties::from_request_properties(&map).expect("decodes");

    assert_eq!(
        props.timestamp.as_set().map(CallTimestamp::epoch_millis),
        Some(1_615_944_764_872)
    );
    assert_eq!(
        props.body.as_set().map(String::as_str),
        Some("Resolved issue")
    );
    assert_eq!(
        props.callee_object_id.as_set().map(String::as_str),
        Some("500")
    );
    assert_eq!(
        props.callee_object_type,
        PropertyValue::Set(CalleeObjectType::Contact)
    );
    assert_eq!(props.direction, PropertyValue::Set(CallDirection::Inbound));
    assert_eq!(
        props.disposition,
        PropertyValue::Set(CallDisposition::LeftVoicemail)
    );
    assert_eq!(
        props.duration,
        PropertyValue::Set(Duration::from_millis(3800))
    );
    assert_eq!(
        props.from_number.as_set().map(String::as_str),
        Some("(857) 829 5489")
    );
    assert_eq!(
        props.to_number.as_set().map(String::as_str),
        Some("(509) 999 9999")
    );
    assert_eq!(
        props.recording_url.as_set().map(RecordingUrl::as_str),
        Some(RECORDING)
    );
    assert_eq!(props.status, PropertyValue::Set(CallStatus::Completed));
    assert_eq!(props.has_voicemail, PropertyValue::Set(false));
    assert_eq!(
        props.title.as_set().map(String::as_str),
        Some("Support call")
    );
    assert_eq!(
        props.source,
        PropertyValue::Set(CallSource::IntegrationsPlatform)
    );
    assert_eq!(
        props.owner_id.as_set().map(String::as_str),
        Some("11349275740")
    );
    assert_eq!(
        props.activity_type.as_set().map(String::as_str),
        Some("Discovery")
    );
    assert_eq!(
        props.attachment_ids,
        PropertyValue::Set(vec!["4242".to_string(), "4343".to_string()])
    );
    // Only the two undocumented properties are custom.
    assert_eq!(
        props.custom.keys().collect::<Vec<_>>(),
        ["hs_object_id", "my_crm_ticket"]
    );
    assert_eq!(props.custom("my_crm_ticket"), Some("T-1234"));

    // Lossless, in both map shapes.
    assert_eq!(props.to_request_properties(), map);
    let response_map: BTreeMap<String, Option<String>> = map
        .iter()
        .map(|(k, v)| (k.clone(), Some(v.clone())))
        .collect();
    let from_response = CallProperties::from_properties(&response_map).expect("decodes");
    assert_eq!(from_response, props);
    assert_eq!(from_response.to_properties(), response_map);
    // Every documented property was in the map, so every typed field is set.
    assert_eq!(
        CallProperty::ALL.len(),
        map.keys()
            .filter(|k| CallProperty::from_name(k).is_some())
            .count()
    );
}

/// One value per documented property, in another valid spelling than above; each must come back
/// byte for byte, alone in a map.
#[test]
fn each_property_round_trips_alone() {
    let cases: &[(CallProperty, &str)] = &[
        (CallProperty::Timestamp, "1615944764872"),
        (CallProperty::Timestamp, "2021-03-17T02:32:44+01:00"),
        (
            CallProperty::Body,
            "<p>Decision maker out, will call back tomorrow</p>",
        ),
        (CallProperty::CalleeObjectId, "104901"),
        (CallProperty::CalleeObjectType, "COMPANY"),
        (CallProperty::CalleeObjectType, "0-2"),
        (CallProperty::Direction, "OUTBOUND"),
        (CallProperty::Direction, "SIDEWAYS"),
        (
            CallProperty::Disposition,
            "9d9162e7-6cf3-4944-bf63-4dff82258764",
        ),
        (
            CallProperty::Disposition,
            "3A4B5C6D-0000-4000-8000-000000000001",
        ),
        (CallProperty::Duration, "0"),
        (CallProperty::Duration, "86400000"),
        (CallProperty::FromNumber, "+18578295489"),
        (CallProperty::ToNumber, "+15099999999"),
        (
            CallProperty::RecordingUrl,
            "https://recordings.example.com/calls/42.wav?sig=a%2Fb",
        ),
        (CallProperty::Status, "NO_ANSWER"),
        (CallProperty::Status, "missed"),
        (CallProperty::Status, "HOLD"),
        (CallProperty::HasVoicemail, "true"),
        (CallProperty::Title, "Discovery call"),
        (CallProperty::Source, "CALLING_WIDGET"),
        (CallProperty::OwnerId, "11349275740"),
        (CallProperty::ActivityType, "Follow-up"),
        (CallProperty::AttachmentIds, "1"),
        (CallProperty::AttachmentIds, "1;;2; 3;"),
    ];
    for (property, value) in cases {
        let map = request_map(&[(property.name(), value)]);
        let props = CallProperties::from_request_properties(&map)
            .unwrap_or_else(|e| panic!("{property} {value:?}: {e}"));
        assert!(
            props.custom.is_empty(),
            "{property} {value:?} went to custom"
        );
        assert_eq!(props.to_request_properties(), map, "{property} {value:?}");
    }
}

#[test]
fn invalid_values_name_the_property() {
    let cases: &[(&str, &str, &str)] = &[
        ("hs_timestamp", "yesterday", "epoch milliseconds"),
        ("hs_timestamp", "2021-03-17 01:32", "RFC 3339"),
        ("hs_call_duration", "3.8s", "milliseconds"),
        ("hs_call_duration", "03800", "leading zeros"),
        ("hs_call_duration", "-1", "milliseconds"),
        ("hs_call_has_voicemail", "yes", "`true` or `false`"),
        ("hs_call_has_voicemail", "True", "`true` or `false`"),
        ("hs_call_disposition", "Connected", "GUID"),
        (
            "hs_call_recording_url",
            "http://example.com/call.mp3",
            "HTTPS",
        ),
        (
            "hs_call_recording_url",
            "ftp://example.com/call.mp3",
            "HTTPS",
        ),
        ("hs_call_recording_url", "/recordings/42.mp3", "not a URL"),
    ];
    for (property, value, reason) in cases {
        let map = request_map(&[(property, value)]);
        let error = CallProperties::from_request_properties(&map).expect_err(value);
        assert_eq!(error.property(), *property);
        assert_eq!(error.value(), *value);
        let message = error.to_string();
        assert!(
            message.contains(property) && message.contains(reason),
            "{message:?} should name {property} and say {reason:?}"
        );
    }
}

#[test]
fn recording_urls_must_be_https() {
    let error = RecordingUrl::new("http://api.twilio.com/Recordings/RE30").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid `hs_call_recording_url` value \"http://api.twilio.com/Recordings/RE30\": not an \
         HTTPS URL (HubSpot only accepts secure recording URLs; this one is `http`)"
    );
    assert!(RecordingUrl::new("https://").is_err());
    let url = RecordingUrl::new(RECORDING).expect("https");
    assert_eq!(url.as_str(), RECORDING);
}

#[test]
fn timestamps_accept_epoch_millis_and_rfc3339() {
    let millis = CallTimestamp::parse("1615944764872").unwrap();
    let rfc = CallTimestamp::parse("2021-03-17T01:32:44.872Z").unwrap();
    let offset = CallTimestamp::parse("2021-03-17T02:32:44.872+01:00").unwrap();
    assert_eq!(millis.instant(), rfc.instant());
    assert_eq!(offset.instant(), rfc.instant());
    assert_eq!(millis.as_str(), "1615944764872");
    assert_eq!(offset.as_str(), "2021-03-17T02:32:44.872+01:00");
    assert_eq!(
        CallTimestamp::from_datetime(millis.instant()).as_str(),
        "2021-03-17T01:32:44.872Z"
    );
    assert_eq!(
        CallTimestamp::from_epoch_millis(1_615_944_764_872).unwrap(),
        millis
    );
    assert!(CallTimestamp::from_epoch_millis(i64::MAX).is_err());
}

#[test]
fn dispositions_name_the_six_defaults_and_keep_custom_guids() {
    let defaults = [
        (
            "9d9162e7-6cf3-4944-bf63-4dff82258764",
            CallDisposition::Busy,
            "Busy",
        ),
        (
            "f240bbac-87c9-4f6e-bf70-924b57d47db7",
            CallDisposition::Connected,
            "Connected",
        ),
        (
            "a4c4c377-d246-4b32-a13b-75a56a4cd0ff",
            CallDisposition::LeftLiveMessage,
            "Left live message",
        ),
        (
            "b2cf5968-551e-4856-9783-52b3da59a7d0",
            CallDisposition::LeftVoicemail,
            "Left voicemail",
        ),
        (
            "73a0d17f-1163-4015-bdd5-ec830791da20",
            CallDisposition::NoAnswer,
            "No answer",
        ),
        (
            "17b47fee-58de-441e-a44c-c6300d46f273",
            CallDisposition::WrongNumber,
            "Wrong number",
        ),
    ];
    for (guid, disposition, label) in defaults {
        assert_eq!(CallDisposition::custom(guid).unwrap(), disposition);
        assert_eq!(disposition.guid(), guid);
        assert_eq!(disposition.label(), Some(label));
    }
    let custom = CallDisposition::custom("4e0d8a3b-2c3f-4b8e-9d6a-1f2e3d4c5b6a").unwrap();
    assert_eq!(
        custom,
        CallDisposition::Custom("4e0d8a3b-2c3f-4b8e-9d6a-1f2e3d4c5b6a".into())
    );
    assert_eq!(custom.label(), None);
    assert!("no-a-guid".parse::<CallDisposition>().is_err());
}

#[test]
fn statuses_and_enums_keep_unknown_values() {
    for status in [
        "BUSY",
        "CALLING_CRM_USER",
        "CANCELED",
        "COMPLETED",
        "CONNECTING",
        "FAILED",
        "IN_PROGRESS",
        "MISSED",
        "NO_ANSWER",
        "QUEUED",
        "RINGING",
    ] {
        let parsed = CallStatus::from(status);
        assert!(
            !matches!(parsed, CallStatus::Other(_)),
            "{status} is documented"
        );
        assert_eq!(parsed.as_str(), status);
    }
    assert_eq!(CallStatus::from("HOLD"), CallStatus::Other("HOLD".into()));
    assert!(CallStatus::Missed.is_missed());
    assert!(CallStatus::from("missed").is_missed());
    assert!(!CallStatus::NoAnswer.is_missed());
    assert_eq!(CallDirection::from("INBOUND"), CallDirection::Inbound);
    assert_eq!(
        CallDirection::from("inbound"),
        CallDirection::Other("inbound".into())
    );
    assert_eq!(
        CallSource::IntegrationsPlatform.to_string(),
        "INTEGRATIONS_PLATFORM"
    );
}

#[test]
fn clearing_sends_an_empty_string_and_null_is_never_sent() {
    let mut props = CallProperties::new();
    props.title = "Discovery call".into();
    props.body = PropertyValue::Clear;
    props.clear(CallProperty::RecordingUrl);
    props.disposition = PropertyValue::Null;
    props.custom.insert("my_flag".into(), None);
    props.set_custom("my_note", "");

    let request: CallUpdateRequest = props.clone().into();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"properties": {
            "hs_call_title": "Discovery call",
            "hs_call_body": "",
            "hs_call_recording_url": "",
            "my_note": ""
        }})
    );
    // The response shape keeps null.
    let map = props.to_properties();
    assert_eq!(map.get("hs_call_disposition"), Some(&None));
    assert_eq!(map.get("my_flag"), Some(&None));
    assert_eq!(map.get("hs_call_body"), Some(&Some(String::new())));
    props.unset(CallProperty::Body);
    assert!(!props.to_request_properties().contains_key("hs_call_body"));
}

#[test]
fn typed_fields_win_over_custom_entries_unless_absent() {
    let mut props = CallProperties::new();
    props.set_custom("hs_call_title", "from custom");
    assert_eq!(
        props.to_request_properties()["hs_call_title"],
        "from custom"
    );
    props.title = "typed".into();
    assert_eq!(props.to_request_properties()["hs_call_title"], "typed");
    props.title = PropertyValue::Null;
    assert!(!props.to_request_properties().contains_key("hs_call_title"));
}

/// HubSpot answers `null` for requested properties without a value. The overlay makes
/// `Call.properties` values nullable; before it, this body did not decode.
#[test]
fn calls_from_hubspot_with_null_properties_decode_and_round_trip() {
    let body = json!({
        "id": "17591596434",
        "properties": {
            "hs_createdate": "2021-03-17T01:32:44.872Z",
            "hs_call_body": null,
            "hs_call_has_voicemail": null,
            "hs_call_status": "COMPLETED",
            "hs_call_title": "Support call",
            "hs_call_duration": "3800",
            "hs_timestamp": "2021-03-17T01:32:44.872Z",
            "hs_object_id": "17591596434"
        },
        "createdAt": "2021-03-17T01:32:44.872Z",
        "updatedAt": "2021-03-17T01:32:44.872Z",
        "archived": false
    });
    let call: Call = serde_json::from_value(body.clone()).expect("null property values decode");
    assert_eq!(call.properties["hs_call_body"], None);
    let props = call.call_properties().expect("typed");
    assert_eq!(props.body, PropertyValue::Null);
    assert_eq!(props.has_voicemail, PropertyValue::Null);
    assert_eq!(props.status, PropertyValue::Set(CallStatus::Completed));
    assert_eq!(props.to_properties(), call.properties);
    // Encoding the call gives HubSpot's body back, nulls included.
    assert_eq!(serde_json::to_value(&call).unwrap(), body);

    let with_associations: Call = serde_json::from_value(json!({
        "id": "17591596434",
        "properties": {"hs_call_body": null, "hs_call_title": "Support call"},
        "createdAt": "2021-03-17T01:32:44.872Z",
        "updatedAt": "2021-03-17T01:32:44.872Z",
        "archived": false,
        "associations": {"contacts": {"results": [{"id": "104901", "type": "call_to_contact"}]}}
    }))
    .expect("null property values decode");
    assert_eq!(
        with_associations.call_properties().unwrap().title,
        PropertyValue::Set("Support call".to_string())
    );
}

#[test]
fn lenient_decoding_keeps_bad_values_in_custom_and_stays_lossless() {
    let map: BTreeMap<String, Option<String>> = [
        ("hs_call_duration", Some("3.8")),
        (
            "hs_call_recording_url",
            Some("http://insecure.example.com/a.mp3"),
        ),
        ("hs_call_title", Some("Support call")),
        ("hs_call_body", None),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
    .collect();
    assert!(CallProperties::from_properties(&map).is_err());
    let (props, errors) = CallProperties::from_properties_lenient(&map);
    let failed: Vec<&str> = errors.iter().map(|e| e.property()).collect();
    assert_eq!(failed, ["hs_call_duration", "hs_call_recording_url"]);
    assert_eq!(props.duration, PropertyValue::Absent);
    assert_eq!(props.custom("hs_call_duration"), Some("3.8"));
    assert_eq!(props.title, PropertyValue::Set("Support call".to_string()));
    assert_eq!(props.to_properties(), map);
}

#[test]
fn voicemails_are_missed_calls_with_has_voicemail() {
    let read = |status: &str, has_voicemail: Option<&str>, recording: bool| {
        let mut map = BTreeMap::new();
        map.insert("hs_call_status".to_string(), Some(status.to_string()));
        map.insert(
            "hs_call_has_voicemail".to_string(),
            has_voicemail.map(str::to_string),
        );
        if recording {
            map.insert(
                "hs_call_recording_url".to_string(),
                Some(RECORDING.to_string()),
            );
        }
        CallProperties::from_properties(&map).unwrap()
    };
    // The docs write the status in lowercase here.
    assert!(read("missed", Some("true"), true).is_voicemail());
    assert_eq!(
        read("missed", Some("true"), true).recording_kind(),
        Some(RecordingKind::Voicemail)
    );
    assert!(read("MISSED", Some("true"), false).is_voicemail());
    assert!(!read("MISSED", Some("false"), true).is_voicemail());
    assert_eq!(
        read("COMPLETED", None, true).recording_kind(),
        Some(RecordingKind::RecordedCall)
    );
    assert_eq!(read("COMPLETED", None, false).recording_kind(), None);
    assert_eq!(
        CallProperties::VOICEMAIL_PROPERTIES,
        [
            "hs_call_status",
            "hs_call_has_voicemail",
            "hs_call_recording_url"
        ]
    );
}

/// The create request of seed 001, built from typed properties and associations.
#[test]
fn create_request_matches_the_documented_example() {
    let mut props =
        CallProperties::logged_at(CallTimestamp::parse("2021-03-17T01:32:44.872Z").unwrap());
    props.title = "Support call".into();
    props.owner_id = "11349275740".into();
    props.body = "Resolved issue".into();
    props.duration = Duration::from_millis(3800).into();
    props.from_number = "(857) 829 5489".into();
    props.to_number = "(509) 999 9999".into();
    props.recording_url = RecordingUrl::new(RECORDING).unwrap().into();
    props.status = CallStatus::Completed.into();
    let request: CallCreateRequest = props.into_create_request(vec![
        CallAssociation::Contact.to("500"),
        CallAssociation::Ticket.to("1234"),
    ]);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "properties": {
                "hs_timestamp": "2021-03-17T01:32:44.872Z",
                "hs_call_title": "Support call",
                "hubspot_owner_id": "11349275740",
                "hs_call_body": "Resolved issue",
                "hs_call_duration": "3800",
                "hs_call_from_number": "(857) 829 5489",
                "hs_call_to_number": "(509) 999 9999",
                "hs_call_recording_url": RECORDING,
                "hs_call_status": "COMPLETED"
            },
            "associations": [
                {"to": {"id": "500"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]},
                {"to": {"id": "1234"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 220}]}
            ]
        })
    );
    // And back.
    let again = CallProperties::try_from(&request).unwrap();
    assert_eq!(again.to_request_properties(), request.properties);
}

#[test]
fn call_properties_serialize_as_a_properties_map() {
    let mut props = CallProperties::new();
    props.duration = Duration::from_secs(60).into();
    props.body = PropertyValue::Null;
    props.set_custom("x_custom", "1");
    let value = serde_json::to_value(&props).unwrap();
    assert_eq!(
        value,
        json!({"hs_call_duration": "60000", "hs_call_body": null, "x_custom": "1"})
    );
    let back: CallProperties = serde_json::from_value(value).unwrap();
    assert_eq!(back, props);
    let error = serde_json::from_value::<CallProperties>(json!({"hs_call_duration": "1m"}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("hs_call_duration"), "{error}");
}

#[test]
fn property_names_are_the_documented_ones() {
    let names: Vec<&str> = CallProperty::ALL.iter().map(|p| p.name()).collect();
    assert_eq!(
        names,
        [
            "hs_timestamp",
            "hs_call_body",
            "hs_call_callee_object_id",
            "hs_call_callee_object_type",
            "hs_call_direction",
            "hs_call_disposition",
            "hs_call_duration",
            "hs_call_from_number",
            "hs_call_to_number",
            "hs_call_recording_url",
            "hs_call_status",
            "hs_call_has_voicemail",
            "hs_call_title",
            "hs_call_source",
            "hubspot_owner_id",
            "hs_activity_type",
            "hs_attachment_ids",
        ]
    );
    for property in CallProperty::ALL {
        assert_eq!(CallProperty::from_name(property.name()), Some(*property));
    }
    assert_eq!(CallProperty::from_name("hs_object_id"), None);
}
