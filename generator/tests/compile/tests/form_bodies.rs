//! The generated `form-body` fixture at run time: the exact form bytes and content type each
//! builder puts in its request (field order, repeated keys, the spec's `encoding` styles), JSON
//! kept when an operation offers both, and a map body.

use std::collections::BTreeMap;

use hubspot_calling::Client;
use hubspot_calling_fixtures::form_body::{self, FormBodyApi};

fn api() -> FormBodyApi {
    let client = Client::builder()
        .base_url("http://localhost:1")
        .access_token("t")
        .build()
        .expect("client");
    FormBodyApi::new(client)
}

fn form(request: &http::Request<Vec<u8>>) -> (&str, &str) {
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body = std::str::from_utf8(request.body()).expect("utf-8");
    (content_type, body)
}

#[test]
fn a_form_body_is_sent_in_field_order_with_repeated_keys() {
    let body = form_body::TokenRequest {
        grant_type: form_body::TokenRequestGrantType::RefreshToken,
        client_id: "app id".into(),
        client_secret: Some("s&cret=1".into()),
        refresh_token: None,
        scope: vec!["crm.objects.contacts.read".into(), "oauth".into()],
    };
    let request = api().create_token(body).build_request().expect("request");
    assert_eq!(
        form(&request),
        (
            "application/x-www-form-urlencoded",
            "grant_type=refresh_token&client_id=app+id&client_secret=s%26cret%3D1\
             &scope=crm.objects.contacts.read&scope=oauth"
        )
    );
}

#[test]
fn the_specs_encoding_styles_are_honoured() {
    let body = form_body::TagCallsBody {
        call_ids: vec![1, 2],
        tags: vec!["vip".into(), "follow up".into()],
        labels: vec!["a".into(), "b".into()],
        filter: Some(form_body::TagCallsBodyFilter {
            owner: Some("7".into()),
            min_duration: Some(30),
        }),
        note: None,
    };
    let request = api()
        .tag_calls()
        .body(body)
        .build_request()
        .expect("request");
    assert_eq!(
        form(&request),
        (
            "application/x-www-form-urlencoded",
            "callIds=1&callIds=2&tags=vip%2Cfollow+up&labels=a%7Cb\
             &filter%5Bowner%5D=7&filter%5BminDuration%5D=30"
        )
    );
    let empty = api().tag_calls().build_request().expect("no body");
    assert!(empty.body().is_empty());
    assert!(empty.headers().get("content-type").is_none());
}

#[test]
fn json_stays_the_body_when_both_are_offered_and_maps_are_forms() {
    let note = form_body::Note {
        text: Some("a b".into()),
    };
    let request = api().add_notes(note).build_request().expect("request");
    assert_eq!(form(&request), ("application/json", r#"{"text":"a b"}"#));
    let properties: BTreeMap<String, String> =
        [("hs_call_title".to_owned(), "Intro call".to_owned())].into();
    let request = api()
        .set_properties(properties)
        .build_request()
        .expect("request");
    assert_eq!(
        form(&request),
        (
            "application/x-www-form-urlencoded",
            "hs_call_title=Intro+call"
        )
    );
}
