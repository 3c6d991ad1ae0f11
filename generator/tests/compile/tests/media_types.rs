//! The generated `media-types` fixture at run time: an operation that offers its body in
//! several media types is one method per kind (JSON first), each sending its own content type;
//! binary bodies go out as they are; answers that are not JSON are asked for with `Accept` and
//! read as text only when every media type offered is text.

mod common;

use common::answer;
use hubspot_calling::rt::FilePart;
use hubspot_calling::{Client, Error};
use hubspot_calling_fixtures::media_types::{
    builders, CreateNoteAsMultipartBody, ExportRowsResponse, MediaTypesApi, Note,
};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn api(base: &str) -> MediaTypesApi {
    let client = Client::builder()
        .base_url(base)
        .access_token("t")
        .build()
        .expect("client");
    MediaTypesApi::new(client)
}

fn note() -> Note {
    Note {
        text: "Call back at 3 & bring notes".into(),
        pinned: Some(true),
    }
}

#[test]
fn each_media_type_of_one_body_is_a_method_with_its_content_type() {
    let api = api("http://localhost:1");
    let json = api.create_note(note()).build_request().expect("json");
    assert_eq!(json.headers()["content-type"], "application/json");
    assert_eq!(
        json.body(),
        br#"{"text":"Call back at 3 & bring notes","pinned":true}"#
    );
    let form = api
        .create_note_as_form(note())
        .build_request()
        .expect("form");
    assert_eq!(
        form.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        form.body(),
        b"text=Call+back+at+3+%26+bring+notes&pinned=true"
    );
    let text = api
        .create_note_as_text("Call back".to_owned())
        .build_request()
        .expect("text");
    assert_eq!(text.headers()["content-type"], "text/plain");
    assert_eq!(text.body(), b"Call back");
    let multipart = api
        .create_note_as_multipart(CreateNoteAsMultipartBody {
            text: "Call back".into(),
            attachment: Some(FilePart::new("%PDF-1.7").file_name("notes.pdf")),
        })
        .build_request()
        .expect("multipart");
    let content_type = multipart.headers()["content-type"].to_str().expect("ascii");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(multipart.body());
    assert!(
        body.contains("name=\"text\"\r\n\r\nCall back\r\n"),
        "{body}"
    );
    assert!(
        body.contains("name=\"attachment\"; filename=\"notes.pdf\""),
        "{body}"
    );
    // The first one is the operation's own name: every method is the same route.
    for request in [&json, &form, &text, &multipart] {
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri().path(), "/notes");
    }
}

#[test]
fn binary_bodies_are_sent_as_they_are_with_their_media_type() {
    let api = api("http://localhost:1");
    let pdf: &[u8] = b"%PDF-1.7\n\xff\x00binary";
    let put = api
        .put_file("q3 report.pdf", pdf.to_vec().into())
        .build_request()
        .expect("pdf");
    assert_eq!(put.headers()["content-type"], "application/pdf");
    assert_eq!(put.body(), pdf);
    assert_eq!(put.uri().path(), "/files/q3%20report.pdf");
    // `image/*` names no one type to send: octet-stream.
    let image = api
        .upload_image()
        .body(b"\x89PNG".to_vec().into())
        .build_request()
        .expect("image");
    assert_eq!(image.headers()["content-type"], "application/octet-stream");
    assert_eq!(image.body(), b"\x89PNG");
}

#[test]
fn answers_that_are_not_json_are_asked_for_by_their_media_types() {
    let api = api("http://localhost:1");
    let json = api.create_note(note()).build_request().expect("json");
    assert_eq!(json.headers()["accept"], "application/json");
    let export = api.export_table("calls").build_request().expect("export");
    assert_eq!(
        export.headers()["accept"],
        "application/vnd.ms-excel, text/csv, application/json;q=0.5"
    );
    let rows = api.export_rows("calls").build_request().expect("rows");
    assert_eq!(rows.headers()["accept"], "text/csv, application/json");
}

#[test]
fn a_spreadsheet_or_csv_answer_is_bytes_and_a_csv_only_answer_text() {
    // Not UTF-8: a spreadsheet offered next to CSV must not be read as text.
    let xls: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
    let sheet = builders::ExportTable::parse_response(answer(200, "application/vnd.ms-excel", xls))
        .expect("spreadsheet");
    assert_eq!(&sheet[..], xls);
    let csv =
        builders::ExportTable::parse_response(answer(200, "text/csv", b"id\n1\n")).expect("csv");
    assert_eq!(&csv[..], b"id\n1\n");
    let rows =
        builders::ExportRows::parse_response(answer(200, "text/csv", b"text\nhi\n")).expect("rows");
    assert_eq!(rows, ExportRowsResponse::Ok("text\nhi\n".into()));
    let json = builders::ExportRows::parse_response(answer(
        203,
        "application/json",
        br#"[{"text":"hi"}]"#,
    ))
    .expect("json rows");
    assert_eq!(
        json,
        ExportRowsResponse::NonAuthoritative(vec![Note {
            text: "hi".into(),
            pinned: None
        }])
    );
}

#[test]
fn an_html_page_in_place_of_a_file_is_an_error_and_a_loose_label_is_not() {
    // A proxy's or a login page answering 200 for the API must not pass for the spreadsheet.
    let page = b"<!DOCTYPE html><html><body>Sign in to continue</body></html>";
    for content_type in ["text/html; charset=utf-8", "application/xhtml+xml"] {
        let sheet = builders::ExportTable::parse_response(answer(200, content_type, page));
        assert!(
            matches!(sheet, Err(Error::UnexpectedContentType { status: 200, .. })),
            "{content_type}: {sheet:?}"
        );
        let rows = builders::ExportRows::parse_response(answer(200, content_type, page));
        assert!(
            matches!(rows, Err(Error::UnexpectedContentType { .. })),
            "{content_type}: {rows:?}"
        );
    }
    // Servers label files loosely: a CSV sent as octet-stream is still the file.
    let loose =
        builders::ExportTable::parse_response(answer(200, "application/octet-stream", b"id\n1\n"))
            .expect("a loosely labelled file");
    assert_eq!(&loose[..], b"id\n1\n");
}

#[tokio::test]
async fn a_form_alternative_and_a_spreadsheet_export_reach_a_real_server() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "text=Call+back+at+3+%26+bring+notes&pinned=true",
        ))
        .respond_with(
            ResponseTemplate::new(201).set_body_raw(r#"{"text":"saved"}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tables/calls/export"))
        // The whole header as sent (wiremock's `header` matcher splits values at commas).
        .and(|request: &wiremock::Request| {
            request.headers.get("accept").map(|v| v.as_bytes())
                == Some(&b"application/vnd.ms-excel, text/csv, application/json;q=0.5"[..])
        })
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(&b"\xd0\xcf\x11\xe0"[..], "application/vnd.ms-excel"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let api = api(&server.uri());
    let saved = api.create_note_as_form(note()).send().await.expect("saved");
    assert_eq!(saved.text, "saved");
    let sheet = api.export_table("calls").send().await.expect("sheet");
    assert_eq!(&sheet[..], b"\xd0\xcf\x11\xe0");
}
