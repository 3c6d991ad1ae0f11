//! The harness of tests/contract_official.rs: Stoplight Prism serving a published spec file
//! (HubSpot's official files in the corpus), requests the client built sent to it as they are,
//! and checks of what Prism said about them and of what decoding kept.

#![allow(dead_code)] // Each user of this module needs a different part of it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hubspot_calling::{Client, Error};
use serde::Serialize;
use serde_json::Value;

use crate::lossless;
use crate::prism::{self, Prism};

/// What Prism answered to one request.
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: http::HeaderMap,
    /// Response body, as sent.
    pub body: bytes::Bytes,
    /// The `sl-violations` entries about the request (not about Prism's own answer).
    pub violations: Vec<Value>,
}

impl Answer {
    /// The messages of the request violations.
    pub fn messages(&self) -> Vec<String> {
        self.violations
            .iter()
            .map(|v| match v.get("message").and_then(Value::as_str) {
                Some(message) => message.to_owned(),
                None => v.to_string(),
            })
            .collect()
    }

    /// Prism's own error type (`NO_PATH_MATCHED_ERROR`, ...), from its problem+json body.
    pub fn prism_error(&self) -> Option<String> {
        let body: Value = serde_json::from_slice(&self.body).ok()?;
        let kind = body.get("type")?.as_str()?;
        Some(kind.rsplit('#').next().unwrap_or(kind).to_owned())
    }
}

/// Prism serving one official file, and what was sent to it.
pub struct Official {
    prism: Prism,
    /// The spec Prism serves.
    pub doc: Value,
    http: reqwest::Client,
    /// `(METHOD, path)` of every request that got a clean answer.
    clean: Mutex<BTreeSet<(String, String)>>,
    /// The differences a step checked.
    pub checked: Mutex<BTreeSet<&'static str>>,
    dir: PathBuf,
}

impl Drop for Official {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Official {
    /// Starts Prism on the published spec file `file`; panics (the test fails) when it cannot.
    pub fn start(file: &Path) -> Official {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = prism::scratch_dir(&format!("official-{name}")).unwrap_or_else(|e| panic!("{e}"));
        let spec = prism::write_published_spec(file, &dir).unwrap_or_else(|e| panic!("{e}"));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&spec).expect("read"))
            .expect("the official file is JSON");
        let prism = Prism::start(&spec, &dir)
            .unwrap_or_else(|e| panic!("cannot start Prism for {}: {e}", spec.display()));
        Official {
            prism,
            doc,
            http: reqwest::Client::new(),
            clean: Mutex::new(BTreeSet::new()),
            checked: Mutex::new(BTreeSet::new()),
            dir,
        }
    }

    /// A client pointed at Prism with an access token, and the developer API key if `hapikey`.
    pub fn client(&self, hapikey: bool) -> Client {
        let mut builder = Client::builder()
            .base_url(self.prism.base_url())
            .access_token("pat-na1-00000000-0000-0000-0000-000000000000");
        if hapikey {
            builder = builder.developer_api_key("official-contract-developer-key");
        }
        builder.build().expect("client")
    }

    /// Sends a request the client built (with `Prefer: code=<status>` when `prefer` is set, to
    /// ask Prism for that status) and reads Prism's answer.
    pub async fn send(
        &self,
        what: &str,
        request: Result<http::Request<Vec<u8>>, Error>,
        prefer: Option<u16>,
    ) -> Answer {
        let mut request = request.unwrap_or_else(|e| panic!("{what}: cannot build: {e}"));
        if let Some(status) = prefer {
            request.headers_mut().insert(
                "prefer",
                http::HeaderValue::from_str(&format!("code={status}")).expect("header"),
            );
        }
        let (method, path) = (
            request.method().to_string(),
            request.uri().path().to_owned(),
        );
        let request = reqwest::Request::try_from(request).expect("a valid request");
        let response = self
            .http
            .execute(request)
            .await
            .unwrap_or_else(|e| panic!("{what}: Prism did not answer: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("body");
        let violations = headers
            .get("sl-violations")
            .map(
                |h| match serde_json::from_slice::<Vec<Value>>(h.as_bytes()) {
                    Ok(all) => all
                        .into_iter()
                        .filter(|v| {
                            v.pointer("/location/0").and_then(Value::as_str) != Some("response")
                        })
                        .collect(),
                    Err(_) => vec![Value::String(String::from_utf8_lossy(h.as_bytes()).into())],
                },
            )
            .unwrap_or_default();
        let answer = Answer {
            status,
            headers,
            body,
            violations,
        };
        if (200..300).contains(&status) && answer.violations.is_empty() {
            let template = self.template(&method, &path);
            self.clean.lock().expect("lock").insert((method, template));
        }
        answer
    }

    /// Sends, checks that Prism found nothing wrong, decodes with `parse` and checks that
    /// decoding kept every field of the answer.
    pub async fn ok<T: Serialize>(
        &self,
        what: &str,
        request: Result<http::Request<Vec<u8>>, Error>,
        prefer: Option<u16>,
        parse: impl FnOnce(http::Response<Vec<u8>>) -> Result<T, Error>,
    ) -> T {
        let answer = self.send(what, request, prefer).await;
        assert!(
            (200..300).contains(&answer.status) && answer.violations.is_empty(),
            "{what}: HubSpot's official spec does not accept the request: HTTP {}, {:?}\n{}\n\
             --- Prism output ---\n{}",
            answer.status,
            answer.messages(),
            String::from_utf8_lossy(&answer.body),
            self.prism.output()
        );
        let mut response = http::Response::builder().status(answer.status);
        for (name, value) in &answer.headers {
            response = response.header(name, value);
        }
        let response = response.body(answer.body.to_vec()).expect("response");
        let typed = parse(response).unwrap_or_else(|e| {
            panic!(
                "{what}: the answer does not decode: {e}\n{}",
                String::from_utf8_lossy(&answer.body)
            )
        });
        if !answer.body.is_empty() {
            let served: Value = serde_json::from_slice(&answer.body).expect("JSON answer");
            lossless::assert_lossless(what, &served, &typed);
        }
        typed
    }

    /// Sends and checks that Prism reports exactly `expected` (violation messages) about the
    /// request: the documented difference `difference`, and nothing else.
    pub async fn differs(
        &self,
        difference: &'static str,
        what: &str,
        request: Result<http::Request<Vec<u8>>, Error>,
        expected: &[&str],
    ) {
        let answer = self.send(what, request, None).await;
        let mut got = answer.messages();
        got.sort();
        let mut want: Vec<String> = expected.iter().map(|m| m.to_string()).collect();
        want.sort();
        assert_eq!(
            got, want,
            "{what}: Prism should report exactly the documented difference `{difference}`"
        );
        self.checked.lock().expect("lock").insert(difference);
    }

    /// Sends and checks that the official file has no such operation (Prism answers that no
    /// route or no method matched).
    pub async fn absent(
        &self,
        difference: &'static str,
        what: &str,
        request: Result<http::Request<Vec<u8>>, Error>,
    ) {
        let answer = self.send(what, request, None).await;
        let error = answer.prism_error();
        assert!(
            matches!(answer.status, 404 | 405)
                && matches!(
                    error.as_deref(),
                    Some("NO_PATH_MATCHED_ERROR" | "NO_METHOD_MATCHED_ERROR")
                ),
            "{what}: expected HubSpot's official file to lack this operation (`{difference}`), \
             Prism answered {} {error:?}",
            answer.status
        );
        self.checked.lock().expect("lock").insert(difference);
    }

    /// Records a difference checked against the official file itself.
    pub fn checked_in_file(&self, difference: &'static str, holds: bool, why: &str) {
        assert!(holds, "`{difference}`: {why}");
        self.checked.lock().expect("lock").insert(difference);
    }

    /// The official file's path template that `path` matches (`{x}` matches one segment).
    fn template(&self, method: &str, path: &str) -> String {
        let segments: Vec<&str> = path.split('/').collect();
        operations(&self.doc)
            .into_iter()
            .filter(|(m, _)| m == method)
            .map(|(_, t)| t)
            .filter(|t| {
                let parts: Vec<&str> = t.split('/').collect();
                parts.len() == segments.len()
                    && parts
                        .iter()
                        .zip(&segments)
                        .all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}')))
            })
            // A literal segment beats a parameter (`batch/read` before `{callId}`).
            .max_by_key(|t| t.split('/').filter(|p| !p.starts_with('{')).count())
            .unwrap_or_else(|| path.to_owned())
    }

    /// Every operation of the official file got a clean answer, except `out_of_scope`.
    pub fn verify_coverage(&self, out_of_scope: &[(&str, &str)]) {
        let clean = self.clean.lock().expect("lock").clone();
        let skipped: BTreeSet<(String, String)> = out_of_scope
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        let missing: Vec<_> = operations(&self.doc)
            .into_iter()
            .filter(|op| !clean.contains(op) && !skipped.contains(op))
            .collect();
        assert!(
            missing.is_empty(),
            "operations of the official file without a clean exchange: {missing:?}"
        );
    }
}

/// Every `(METHOD, path)` of a spec.
pub fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "put", "post", "delete", "patch"] {
            if item.get(method).is_some() {
                out.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    out
}
