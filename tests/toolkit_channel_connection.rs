//! The channel-connection webhook: the generated types of `specs/channel-connection-webhook.yaml`
//! and the helpers of `toolkit::channel_connection` (E.164, friendly names, selectable numbers).

use hubspot_calling::channel_connection_webhook::{
    PhoneNumber, PhoneNumbersRequest, PhoneNumbersResponse,
};
use hubspot_calling::toolkit::channel_connection::{
    truncate_friendly_name, E164Number, FRIENDLY_NAME_MAX_LEN,
};
use hubspot_calling::Client;
use serde_json::json;

#[test]
fn e164_numbers() {
    for ok in ["+18001231234", "+442071838750", "+12", "+123456789012345"] {
        assert_eq!(E164Number::parse(ok).unwrap().as_str(), ok);
    }
    let cases = [
        ("18001231234", "must start with `+`"),
        ("+1 800 123 1234", "only digits"),
        ("+1-800-123-1234", "only digits"),
        ("(857) 829 5489", "must start with `+`"),
        ("+18001231234;ext=1", "only digits"),
        ("+0441234567", "do not start with 0"),
        ("+1", "country code and a subscriber number"),
        ("+", "country code and a subscriber number"),
        ("+1234567890123456", "more than 15 digits"),
        ("", "must start with `+`"),
    ];
    for (bad, reason) in cases {
        let error = E164Number::parse(bad).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(reason) && message.contains("E.164"),
            "{bad:?}: {message}"
        );
        assert_eq!(error.value(), bad);
    }
    assert_eq!(
        E164Number::parse("8001231234").unwrap_err().to_string(),
        "\"8001231234\" is not an E.164 phone number (like +18001231234): it must start with `+` \
         and the country code"
    );
}

#[test]
fn friendly_names_are_cut_to_24_characters() {
    assert_eq!(FRIENDLY_NAME_MAX_LEN, 24);
    assert_eq!(
        truncate_friendly_name("My cell phone number"),
        "My cell phone number"
    );
    assert_eq!(
        truncate_friendly_name("abcdefghijklmnopqrstuvwxyz"),
        "abcdefghijklmnopqrstuvwx"
    );
    assert_eq!(truncate_friendly_name(""), "");
    // Exactly 24 is kept whole.
    assert_eq!(truncate_friendly_name(&"x".repeat(24)), "x".repeat(24));
    // Multi-byte characters count as one: cut on a character boundary, not a byte.
    let accented = "ééééééééééééééééééééééééé"; // 25 × é, 50 bytes
    assert_eq!(truncate_friendly_name(accented).chars().count(), 24);
    assert_eq!(
        truncate_friendly_name("Réception — numéro principal"),
        "Réception — numéro princ"
    );
    assert_eq!(
        truncate_friendly_name("東京オフィス代表番号・サポート窓口・営業部直通回線"),
        "東京オフィス代表番号・サポート窓口・営業部直通回"
    );
    // Outside the BMP a character is two UTF-16 units, as in HubSpot's strings; one that would
    // straddle the limit is dropped whole.
    let emoji = format!("{}📞", "a".repeat(23));
    assert_eq!(truncate_friendly_name(&emoji), "a".repeat(23));
    assert_eq!(truncate_friendly_name(&"📞".repeat(20)), "📞".repeat(12));
}

#[test]
fn numbers_with_an_extension_are_not_selectable() {
    let plain = PhoneNumber::e164("+18001231234").unwrap();
    assert!(plain.is_selectable());
    let with_ext = plain.clone().with_extension("1");
    assert!(!with_ext.is_selectable());
    assert!(plain.clone().with_extension("").is_selectable());
    let response = PhoneNumbersResponse {
        phone_numbers: vec![plain.clone(), with_ext],
    };
    assert_eq!(response.selectable().collect::<Vec<_>>(), [&plain]);
    assert!(response.check().is_ok());
    let bad = PhoneNumbersResponse {
        phone_numbers: vec![PhoneNumber {
            e164_phone_number: "800 123".into(),
            extension: None,
            friendly_name: None,
        }],
    };
    assert!(bad.check().is_err());
}

/// The request and the answer of seed 004 (HubSpot docs: "Set up third-party calling in help
/// desk (BETA)").
#[test]
fn webhook_bodies_match_the_docs() {
    let request: PhoneNumbersRequest =
        serde_json::from_value(json!({"appId": 1234567, "portalId": 62515, "userId": 1001}))
            .unwrap();
    assert_eq!(
        (request.app_id, request.portal_id, request.user_id),
        (1234567, 62515, 1001)
    );

    let answer = PhoneNumbersResponse {
        phone_numbers: vec![PhoneNumber::e164("+18001231234")
            .unwrap()
            .with_extension("1")
            .with_friendly_name("My cell phone number")],
    };
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        json!({"phoneNumbers": [{"e164PhoneNumber": "+18001231234", "extension": "1", "friendlyName": "My cell phone number"}]})
    );
    // Optional fields are omitted, not null.
    let minimal = PhoneNumbersResponse {
        phone_numbers: vec![PhoneNumber::e164("+18001231234").unwrap()],
    };
    assert_eq!(
        serde_json::to_value(&minimal).unwrap(),
        json!({"phoneNumbers": [{"e164PhoneNumber": "+18001231234"}]})
    );
    let long = PhoneNumber::e164("+18001231234")
        .unwrap()
        .with_friendly_name("Support line, Boston office (main)");
    assert_eq!(
        long.friendly_name.as_deref(),
        Some("Support line, Boston off")
    );
    let raw = PhoneNumber {
        friendly_name: Some("Support line, Boston office (main)".into()),
        ..long
    };
    assert_eq!(raw.shown_friendly_name(), Some("Support line, Boston off"));
}

/// The generated operation: a POST to the app's own URL, no HubSpot credential needed.
#[test]
fn generated_operation_targets_the_app() {
    let client = Client::builder()
        .base_url("https://calling-app.example.com")
        .build()
        .unwrap();
    let request = client
        .channel_connection_webhook()
        .list_phone_numbers(PhoneNumbersRequest {
            app_id: 1234567,
            portal_id: 62515,
            user_id: 1001,
        })
        .build_request()
        .expect("no credential is needed");
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://calling-app.example.com/hubspot/channel-connection"
    );
    assert!(request.headers().get("authorization").is_none());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(request.body()).unwrap(),
        json!({"appId": 1234567, "portalId": 62515, "userId": 1001})
    );
}
