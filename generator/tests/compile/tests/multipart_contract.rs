//! Contract test of a multipart operation: the corpus module of HubSpot's CMS Source Code spec
//! uploads a file (`PUT /cms/v3/source-code/{environment}/content/{path}`, `multipart/form-data`)
//! to Stoplight Prism serving that same spec file, which validates the request (content type,
//! parts, credentials). Fails on a 422, on `sl-violations` about the request, or when the answer
//! does not decode; never skips (Prism is installed on first use).

use std::path::Path;
use std::sync::{Arc, Mutex};

use hubspot_calling::rt::FilePart;
use hubspot_calling::{Client, RetryPolicy};
use hubspot_calling_fixtures::cms_source_code_140886_v3::{ByPathBody, CmsSourceCode140886V3Api};
use hubspot_calling_test_support::prism::{self, Prism};

#[tokio::test(flavor = "multi_thread")]
async fn a_file_upload_passes_prism_validation() {
    let dir = prism::scratch_dir("multipart-contract").expect("scratch dir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../corpus/hubspot/cms_source_code_140886_v3.json");
    let spec = prism::write_published_spec(&corpus, &dir).expect("spec for Prism");
    let prism = Prism::start(&spec, &dir).unwrap_or_else(|e| panic!("cannot start Prism: {e}"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let client = Client::builder()
        .base_url(prism.base_url())
        .access_token("pat-na1-00000000-0000-0000-0000-000000000000")
        .retry_policy(RetryPolicy::none())
        .on_response(move |info| {
            let violations = info
                .headers
                .get("sl-violations")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            sink.lock().expect("lock").push((info.status, violations));
        })
        .build()
        .expect("client");
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
    let seen = seen.lock().expect("lock").clone();
    let output = prism.output();
    assert_eq!(seen.len(), 1, "one response expected: {seen:?}\n{output}");
    let (status, violations) = &seen[0];
    let request_violations: Vec<serde_json::Value> = violations
        .as_deref()
        .map(|v| serde_json::from_str::<Vec<serde_json::Value>>(v).expect("sl-violations JSON"))
        .unwrap_or_default()
        .into_iter()
        .filter(|v| v.pointer("/location/0").and_then(|l| l.as_str()) != Some("response"))
        .collect();
    assert!(
        *status != 422 && request_violations.is_empty(),
        "Prism refused the request ({status}): {request_violations:?}\n{output}"
    );
    result.unwrap_or_else(|e| panic!("the answer did not decode: {e}\n{output}"));
    let _ = std::fs::remove_dir_all(&dir);
}
