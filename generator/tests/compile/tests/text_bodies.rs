//! The generated `text-body` fixture at run time: a text body goes out as is, with the media
//! type the spec names (its `charset` kept); a `text/*` answer is a `String`, another non-JSON
//! answer bytes.

mod common;

use common::answer;
use hubspot_calling::Client;
use hubspot_calling::Error;
use hubspot_calling_fixtures::text_body::{builders, GetRecordingResponse, TextBodyApi};

fn api() -> TextBodyApi {
    let client = Client::builder()
        .base_url("http://localhost:1")
        .access_token("t")
        .build()
        .expect("client");
    TextBodyApi::new(client)
}

#[test]
fn text_bodies_are_sent_as_is_with_their_media_type() {
    let request = api()
        .put_transcript("512", "Agent: hello & welcome\nCaller: hi".to_owned())
        .build_request()
        .expect("request");
    assert_eq!(
        request.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(request.body(), b"Agent: hello & welcome\nCaller: hi");
    let csv = api()
        .import_calls()
        .body("id,title\n1,Intro\n".to_owned())
        .build_request()
        .expect("request");
    assert_eq!(csv.headers()["content-type"], "text/csv");
    assert_eq!(csv.body(), b"id,title\n1,Intro\n");
    let none = api().import_calls().build_request().expect("request");
    assert!(none.body().is_empty());
}

#[test]
fn text_answers_are_strings_and_other_answers_bytes() {
    let csv =
        builders::ExportCalls::parse_response(answer(200, "text/csv", b"id\n1\n")).expect("csv");
    assert_eq!(csv, "id\n1\n");
    let not_utf8 = builders::ExportCalls::parse_response(answer(200, "text/csv", &[0xff, 0xfe]));
    assert!(
        matches!(not_utf8, Err(Error::Decode { .. })),
        "{not_utf8:?}"
    );
    let refused = builders::ExportCalls::parse_response(answer(
        400,
        "application/json",
        br#"{"message":"bad"}"#,
    ));
    assert!(matches!(refused, Err(Error::Api(_))), "{refused:?}");
    let audio = builders::GetRecording::parse_response(answer(200, "audio/mpeg", b"ID3\x04"))
        .expect("audio");
    assert_eq!(audio, GetRecordingResponse::Ok(b"ID3\x04".to_vec().into()));
    let pending = builders::GetRecording::parse_response(answer(202, "text/plain", b"processing"))
        .expect("pending");
    assert_eq!(
        pending,
        GetRecordingResponse::Accepted("processing".to_owned())
    );
}
