//! Contract test of an answer that is not JSON: the corpus module of HubSpot's HubDB spec
//! exports a table (`GET /cms/v3/hubdb/tables/{tableIdOrName}/export`, answered as
//! `application/vnd.ms-excel` or `text/csv`) from Stoplight Prism serving that same spec file.
//! Prism negotiates the answer from `Accept` (the runtime's default `application/json` gets no
//! answer it can give), validates the request, and the bytes must come back as sent. Never
//! skips (Prism is installed on first use).

use std::path::Path;
use std::sync::{Arc, Mutex};

use hubspot_calling::{Client, RetryPolicy};
use hubspot_calling_fixtures::cms_hubdb_146890_v3::CmsHubdb146890V3Api;
use hubspot_calling_test_support::prism::{self, Prism};

#[tokio::test(flavor = "multi_thread")]
async fn a_table_export_is_negotiated_with_prism_and_read_as_bytes() {
    let dir = prism::scratch_dir("export-contract").expect("scratch dir");
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/hubspot/cms_hubdb_146890_v3.json");
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
            sink.lock().expect("lock").push((
                info.status,
                header("content-type"),
                header("sl-violations"),
            ));
        })
        .build()
        .expect("client");
    let result = CmsHubdb146890V3Api::new(client)
        .export_table("calls")
        .format("XLSX".to_owned())
        .send()
        .await;
    let seen = seen.lock().expect("lock").clone();
    let output = prism.output();
    assert_eq!(seen.len(), 1, "one response expected: {seen:?}\n{output}");
    let (status, content_type, violations) = &seen[0];
    assert_eq!(*status, 200, "Prism's answer: {seen:?}\n{output}");
    assert_eq!(
        content_type.as_deref(),
        Some("application/vnd.ms-excel"),
        "the first media type the request accepts: {seen:?}"
    );
    assert!(violations.is_none(), "Prism: {violations:?}\n{output}");
    result.unwrap_or_else(|e| panic!("the export did not come back as bytes: {e}\n{output}"));
    let _ = std::fs::remove_dir_all(&dir);
}
