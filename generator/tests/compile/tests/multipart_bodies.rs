//! The generated `multipart-body` fixture at run time: the exact multipart bytes a builder sends
//! reach a real local server (wiremock), parsed back part by part (boundary from the
//! `Content-Type`, each part's headers, file bytes untouched); optional fields send no part, and
//! JSON stays the body when an operation offers multipart too.

use hubspot_calling::rt::FilePart;
use hubspot_calling::Client;
use hubspot_calling_fixtures::multipart_body::{self, MultipartBodyApi};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One part as received: its header lines and its bytes.
#[derive(Debug, PartialEq)]
struct Part {
    headers: Vec<String>,
    body: Vec<u8>,
}

/// Splits a multipart body on `--boundary` lines, checking the framing RFC 7578 requires.
fn parse(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let delimiter = format!("--{boundary}");
    let close = format!("{delimiter}--\r\n");
    assert!(body.ends_with(close.as_bytes()), "no closing delimiter");
    let body = &body[..body.len() - close.len()];
    if body.is_empty() {
        // No part at all: the close delimiter alone.
        return Vec::new();
    }
    let opening = format!("{delimiter}\r\n");
    assert!(body.starts_with(opening.as_bytes()), "no opening delimiter");
    let separator = format!("\r\n{delimiter}\r\n");
    let mut rest = &body[opening.len()..];
    let mut chunks = Vec::new();
    // The last part ends with the CRLF before the closing delimiter.
    loop {
        match find(rest, separator.as_bytes()) {
            Some(at) => {
                chunks.push(&rest[..at]);
                rest = &rest[at + separator.len()..];
            }
            None => {
                chunks.push(rest.strip_suffix(b"\r\n").expect("CRLF before the close"));
                break;
            }
        }
    }
    chunks
        .into_iter()
        .map(|chunk| {
            let end = find(chunk, b"\r\n\r\n").expect("a header block");
            let headers = std::str::from_utf8(&chunk[..end])
                .expect("utf-8 headers")
                .split("\r\n")
                .map(str::to_owned)
                .collect();
            Part {
                headers,
                body: chunk[end + 4..].to_vec(),
            }
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn part(headers: &[&str], body: &[u8]) -> Part {
    Part {
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        body: body.to_vec(),
    }
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/imports"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "i-1"})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/recordings/r-1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn api(server: &MockServer) -> MultipartBodyApi {
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("t")
        .build()
        .expect("client");
    MultipartBodyApi::new(client)
}

async fn received(server: &MockServer) -> (String, Vec<u8>) {
    let requests = server.received_requests().await.expect("recording on");
    let request = requests.last().expect("a request");
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (content_type, request.body.clone())
}

#[tokio::test]
async fn every_property_arrives_as_its_part_with_the_file_bytes_untouched() {
    let server = server().await;
    // Bytes that are not UTF-8 and contain CRLF and dashes: sent as they are.
    let rows: &[u8] = b"--a,b\r\n\xff\x00,2\r\n";
    let body = multipart_body::ImportRequest {
        file: FilePart::new(rows).file_name("rows \"1\".csv"),
        name: "May import".into(),
        mode: Some(multipart_body::ImportMode::Update),
        tags: vec!["vip".into(), "q2".into()],
        files: vec![
            FilePart::new("x"),
            FilePart::new("{}").content_type("application/json"),
        ],
        config: Some(r#"{"columns":[]}"#.into()),
        options: Some(multipart_body::ImportRequestOptions {
            skip_rows: Some(1),
            dry_run: None,
        }),
    };
    let answer = api(&server).start_import(body).send().await.expect("200");
    assert_eq!(answer.id.as_deref(), Some("i-1"));
    let (content_type, bytes) = received(&server).await;
    let name = |n: &str| format!("Content-Disposition: form-data; name=\"{n}\"");
    assert_eq!(
        parse(&content_type, &bytes),
        [
            part(
                &[
                    "Content-Disposition: form-data; name=\"file\"; filename=\"rows %221%22.csv\"",
                    "Content-Type: application/octet-stream"
                ],
                rows
            ),
            part(&[&name("name")], b"May import"),
            part(&[&name("mode")], b"update"),
            part(&[&name("tags")], b"vip"),
            part(&[&name("tags")], b"q2"),
            part(&[&name("files"), "Content-Type: text/csv"], b"x"),
            part(&[&name("files"), "Content-Type: application/json"], b"{}"),
            part(
                &[&name("config"), "Content-Type: application/json"],
                br#"{"columns":[]}"#
            ),
            part(
                &[&name("options"), "Content-Type: application/json"],
                br#"{"skipRows":1}"#
            ),
        ]
    );
}

#[tokio::test]
async fn optional_parts_and_bodies_send_nothing_when_unset() {
    let server = server().await;
    let body = multipart_body::UploadRecordingBody {
        file: Some(FilePart::new("RIFF").content_type("audio/wav")),
    };
    api(&server)
        .upload_recording("r-1")
        .body(body)
        .send()
        .await
        .expect("204");
    let (content_type, bytes) = received(&server).await;
    assert_eq!(
        parse(&content_type, &bytes),
        [part(
            &[
                "Content-Disposition: form-data; name=\"file\"",
                "Content-Type: audio/wav"
            ],
            b"RIFF"
        )]
    );
    let empty = multipart_body::UploadRecordingBody { file: None };
    api(&server)
        .upload_recording("r-1")
        .body(empty)
        .send()
        .await
        .expect("204");
    let (content_type, bytes) = received(&server).await;
    assert_eq!(parse(&content_type, &bytes), []);
    api(&server)
        .upload_recording("r-1")
        .send()
        .await
        .expect("204");
    let (content_type, bytes) = received(&server).await;
    assert_eq!((content_type.as_str(), bytes.len()), ("", 0));
}

#[test]
fn json_stays_the_body_when_multipart_is_offered_too() {
    let client = Client::builder()
        .base_url("http://localhost:1")
        .access_token("t")
        .build()
        .expect("client");
    let body = multipart_body::CreateNoteBody {
        text: Some("hi".into()),
    };
    let request = MultipartBodyApi::new(client)
        .create_note(body)
        .build_request()
        .expect("request");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.body().as_slice(), br#"{"text":"hi"}"#);
}
