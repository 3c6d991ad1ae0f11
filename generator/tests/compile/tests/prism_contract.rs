//! Contract tests of corpus modules against Stoplight Prism serving the same HubSpot spec file,
//! which validates each request (content type, parts, parameters, credentials) and negotiates
//! each answer. Never skip: Prism is installed on first use.
//!
//! - A multipart upload: CMS Source Code's `PUT /cms/v3/source-code/{environment}/content/{path}`
//!   sends a file; fails on a 422, on `sl-violations` about the request, or when the answer does
//!   not decode.
//! - An answer that is not JSON: HubDB's `GET /cms/v3/hubdb/tables/{tableIdOrName}/export`,
//!   answered as `application/vnd.ms-excel` or `text/csv`. Prism picks the answer from `Accept`
//!   (the runtime's default `application/json` gets a 406), and the bytes must decode.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use hubspot_calling::rt::FilePart;
use hubspot_calling::{Client, RetryPolicy};
use hubspot_calling_fixtures::cms_hubdb_146890_v3::CmsHubdb146890V3Api;
use hubspot_calling_fixtures::cms_source_code_140886_v3::{ByPathBody, CmsSourceCode140886V3Api};
use hubspot_calling_test_support::prism::{self, Prism};

/// One answer as the client saw it.
#[derive(Debug, Clone)]
struct Seen {
    status: u16,
    content_type: Option<String>,
    /// Prism's `sl-violations` header, parsed.
    violations: Vec<serde_json::Value>,
}

impl Seen {
    /// The violations about the request (not the ones about Prism's own example answer).
    fn request_violations(&self) -> Vec<&serde_json::Value> {
        self.violations
            .iter()
            .filter(|v| v.pointer("/location/0").and_then(|l| l.as_str()) != Some("response"))
            .collect()
    }
}

/// Prism serving the corpus spec `file`, its scratch directory, and a client (a private-app
/// token, no retries) that records every answer.
fn prism_and_client(file: &str, scratch: &str) -> (Prism, PathBuf, Client, Arc<Mutex<Vec<Seen>>>) {
    let dir = prism::scratch_dir(scratch).expect("scratch dir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../corpus/hubspot")
        .join(file);
    let spec = prism::write_published_spec(&corpus, &dir).expect("spec for Prism");
    let prism = Prism::start(&spec, &dir).unwrap_or_else(|e| panic!("cannot start Prism: {e}"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let client = Client::builder()
        .base_url(prism.base_url())
        .access_token("pat-na1-00000000-0000-0000-0000-000000000000")
        .retry_policy(RetryPolicy::none())
        .on_response(move |info| {
            let header = |name: &str| {
                info.headers
                    .get(name)
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            };
            let violations = header("sl-violations")
                .map(|v| serde_json::from_str(&v).expect("sl-violations JSON"))
                .unwrap_or_default();
            sink.lock().expect("lock").push(Seen {
                status: info.status,
                content_type: header("content-type"),
                violations,
            });
        })
        .build()
        .expect("client");
    (prism, dir, client, seen)
}

/// The one answer recorded.
fn only(seen: &Mutex<Vec<Seen>>, output: &str) -> Seen {
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1, "one response expected: {seen:?}\n{output}");
    seen[0].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_upload_passes_prism_validation() {
    let (prism, dir, client, seen) =
        prism_and_client("cms_source_code_140886_v3.json", "multipart-contract");
    let body = ByPathBody {
        file: Some(
            FilePart::new("<h1>{{ content.title }}</h1>\r\n")
                .file_name("hello.html")
                .content_type("text/html"),
        ),
    };
    let result = CmsSourceCode140886V3Api::new(client)
        .create_or_update_content("draft", "hello.html")
        .body(body)
        .send()
        .await;
    let output = prism.output();
    let answer = only(&seen, &output);
    assert!(
        answer.status != 422 && answer.request_violations().is_empty(),
        "Prism refused the request: {answer:?}\n{output}"
    );
    result.unwrap_or_else(|e| panic!("the answer did not decode: {e}\n{output}"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_table_export_is_negotiated_with_prism_and_read_as_bytes() {
    let (prism, dir, client, seen) =
        prism_and_client("cms_hubdb_146890_v3.json", "export-contract");
    let result = CmsHubdb146890V3Api::new(client)
        .export_table("calls")
        .format("XLSX".to_owned())
        .send()
        .await;
    let output = prism.output();
    let answer = only(&seen, &output);
    assert_eq!(answer.status, 200, "Prism's answer: {answer:?}\n{output}");
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/vnd.ms-excel"),
        "the first media type the request accepts: {answer:?}"
    );
    assert!(answer.violations.is_empty(), "Prism: {answer:?}\n{output}");
    result.unwrap_or_else(|e| panic!("the export did not come back as bytes: {e}\n{output}"));
    let _ = std::fs::remove_dir_all(&dir);
}
