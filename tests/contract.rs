//! Contract tests: every operation of every bundled spec, sent by the generated client to
//! Stoplight Prism, which validates each request against the spec (with the overlays applied).
//!
//! For each spec, Prism (`@stoplight/prism-cli` 5.14.2, installed on first use by `npm ci` from
//! the workspace's package-lock.json, or `PRISM_BIN`) mocks the API on a free localhost port.
//! Every operation is called with valid input taken from the spec's own examples (request body
//! examples, path parameter examples). A test fails when:
//!
//! - Prism cannot be started (missing, wrong version, exits, does not listen): it never skips;
//! - any response is 422 or carries Prism's `sl-violations` header (the request did not match
//!   the spec: parameters, body, content type, credentials);
//! - any response does not decode into the operation's success type (the mock answers with the
//!   spec's response examples);
//! - an operation of the spec was not called (a new operation needs a line here), or a spec in
//!   specs/ has no test here.
//!
//! Responses are observed through the client's `on_response` hook, so requests take the real
//! path: credentials, encoding, retries (off here, to see every first answer) and decoding.

use hubspot_calling_test_support::prism;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use hubspot_calling::calling_extensions::CallerIdMatch;
use hubspot_calling::calling_transcripts::{BatchInputPublicObjectId, Speaker};
use hubspot_calling::calls::{
    BatchCreateCallsResponse, BatchReadCallsResponse, BatchUpsertCallsResponse,
};
use hubspot_calling::toolkit::transcripts::Transcript;
use hubspot_calling::{rt, Client, Error, RetryPolicy};
use prism::Prism;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// One response Prism sent.
#[derive(Debug, Clone)]
struct Seen {
    operation: &'static str,
    method: String,
    path: &'static str,
    status: u16,
    /// The `sl-violations` header: what Prism found wrong with the request (and its answer).
    violations: Option<String>,
}

impl Seen {
    /// The violations about the request (not about Prism's own answer).
    fn request_violations(&self) -> Vec<Value> {
        let Some(header) = &self.violations else {
            return Vec::new();
        };
        match serde_json::from_str::<Vec<Value>>(header) {
            Ok(all) => all
                .into_iter()
                .filter(|v| v.pointer("/location/0").and_then(Value::as_str) != Some("response"))
                .collect(),
            // Not the documented format: count it as a violation rather than ignore it.
            Err(_) => vec![Value::String(header.clone())],
        }
    }
}

/// Prism running one spec, a client pointed at it, and what it answered.
struct Contract {
    prism: Prism,
    doc: Value,
    client: Client,
    seen: Arc<Mutex<Vec<Seen>>>,
    dir: PathBuf,
}

impl Drop for Contract {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Contract {
    /// Starts Prism on `specs/<stem>` with its overlays applied. Panics (the test fails) when
    /// that is not possible.
    fn start(stem: &str) -> Contract {
        let dir = prism::scratch_dir(&format!("contract-{stem}")).unwrap_or_else(|e| panic!("{e}"));
        let merged = prism::write_merged_specs(&dir).unwrap_or_else(|e| panic!("{e}"));
        let spec = merged
            .iter()
            .find(|p| p.file_stem().is_some_and(|s| s == stem))
            .unwrap_or_else(|| panic!("no spec `{stem}` among {merged:?}"))
            .clone();
        let doc = read_json(&spec);
        let prism = Prism::start(&spec, &dir)
            .unwrap_or_else(|e| panic!("cannot start Prism for {}: {e}", spec.display()));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let client = Client::builder()
            .base_url(prism.base_url())
            .access_token("pat-na1-00000000-0000-0000-0000-000000000000")
            .developer_api_key("contract-test-developer-key")
            .retry_policy(RetryPolicy::none())
            .on_response(move |info| {
                let violations = info
                    .headers
                    .get("sl-violations")
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                sink.lock().expect("lock").push(Seen {
                    operation: info.operation.name,
                    method: info.operation.method.to_string(),
                    path: info.operation.path,
                    status: info.status,
                    violations,
                });
            })
            .build()
            .expect("client");
        Contract {
            prism,
            doc,
            client,
            seen,
            dir,
        }
    }

    /// The request body example of `METHOD path`, decoded into the builder's body type.
    fn body<T: DeserializeOwned>(&self, method: &str, path: &str) -> T {
        let example = request_example(&self.doc, method, path)
            .unwrap_or_else(|| panic!("{method} {path}: the request body has no example"));
        decode(method, path, example)
    }

    /// The request body example of `METHOD path`, or `fallback` (valid input written here) when
    /// the spec has none.
    fn body_or<T: DeserializeOwned>(&self, method: &str, path: &str, fallback: Value) -> T {
        let example = request_example(&self.doc, method, path).unwrap_or(&fallback);
        decode(method, path, example)
    }

    /// The example of path parameter `name` of `METHOD path`.
    fn param(&self, method: &str, path: &str, name: &str) -> String {
        match parameter_example(&self.doc, method, path, name) {
            Some(Value::String(s)) => s,
            Some(other) => other.to_string(),
            None => panic!("{method} {path}: parameter `{name}` has no example"),
        }
    }

    /// Unwraps an operation's result; on failure shows what Prism said.
    fn ok<T>(&self, what: &str, result: Result<T, Error>) -> T {
        result.unwrap_or_else(|e| {
            panic!(
                "{what} failed: {e}\n{e:?}\n--- Prism output ---\n{}",
                self.prism.output()
            )
        })
    }

    /// Every response was clean (2xx, no violations) and every operation of the spec was called.
    fn verify(&self) {
        let seen = self.seen.lock().expect("lock").clone();
        let problems: Vec<String> = seen
            .iter()
            .filter(|s| {
                s.status == 422
                    || !s.request_violations().is_empty()
                    || !(200..300).contains(&s.status)
            })
            .map(|s| {
                format!(
                    "{} ({} {}): HTTP {} sl-violations: {}",
                    s.operation,
                    s.method,
                    s.path,
                    s.status,
                    s.violations.as_deref().unwrap_or("-")
                )
            })
            .collect();
        assert!(
            problems.is_empty(),
            "Prism reported request violations:\n{}\n--- Prism output ---\n{}",
            problems.join("\n"),
            self.prism.output()
        );
        let called: BTreeSet<(String, String)> = seen
            .iter()
            .map(|s| (s.method.clone(), s.path.to_owned()))
            .collect();
        let declared = operations(&self.doc);
        let missing: Vec<_> = declared.difference(&called).collect();
        let unknown: Vec<_> = called.difference(&declared).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "operations of the spec not exercised: {missing:?}; exercised but not in the spec: \
             {unknown:?}"
        );
    }
}

fn decode<T: DeserializeOwned>(method: &str, path: &str, example: &Value) -> T {
    serde_json::from_value(example.clone()).unwrap_or_else(|e| {
        panic!(
            "the request example of {method} {path} does not decode into {}: {e}\n{example:#}",
            std::any::type_name::<T>()
        )
    })
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Follows local `$ref`s.
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let pointer = reference.strip_prefix('#').unwrap_or(reference);
        value = doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved $ref {reference}"));
    }
    value
}

fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    let key = path.replace('~', "~0").replace('/', "~1");
    doc.pointer(&format!("/paths/{key}/{}", method.to_ascii_lowercase()))
        .unwrap_or_else(|| panic!("the spec has no operation {method} {path}"))
}

/// Every `(METHOD, path)` of the spec.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut out = BTreeSet::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if item.get(method).is_some() {
                    out.insert((method.to_ascii_uppercase(), path.clone()));
                }
            }
        }
    }
    out
}

/// The JSON request body example: the media type's `example`, else its first `examples` entry,
/// else the body schema's `example`. (The harness removed `example: null`.)
fn request_example<'a>(doc: &'a Value, method: &str, path: &str) -> Option<&'a Value> {
    let op = operation(doc, method, path);
    let body = resolve(
        doc,
        op.get("requestBody")
            .unwrap_or_else(|| panic!("{method} {path} has no request body")),
    );
    let media = body
        .pointer("/content/application~1json")
        .unwrap_or_else(|| panic!("{method} {path}: no application/json request body"));
    if let Some(example) = media.get("example") {
        return Some(example);
    }
    if let Some(first) = media
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|examples| examples.values().next())
    {
        if let Some(value) = resolve(doc, first).get("value") {
            return Some(value);
        }
    }
    media
        .get("schema")
        .map(|schema| resolve(doc, schema))
        .and_then(|schema| schema.get("example"))
}

/// The example of a parameter (operation or path-item level): `example`, `examples`, or the
/// schema's `example`.
fn parameter_example(doc: &Value, method: &str, path: &str, name: &str) -> Option<Value> {
    let key = path.replace('~', "~0").replace('/', "~1");
    let item = doc.pointer(&format!("/paths/{key}"))?;
    let op = operation(doc, method, path);
    let parameters = op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .chain(item.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(|p| resolve(doc, p));
    for parameter in parameters {
        if parameter.get("name").and_then(Value::as_str) != Some(name) {
            continue;
        }
        if let Some(example) = parameter.get("example") {
            return Some(example.clone());
        }
        if let Some(first) = parameter
            .get("examples")
            .and_then(Value::as_object)
            .and_then(|e| e.values().next())
        {
            return resolve(doc, first).get("value").cloned();
        }
        return parameter
            .get("schema")
            .map(|s| resolve(doc, s))
            .and_then(|s| s.get("example"))
            .cloned();
    }
    None
}

#[test]
fn every_bundled_spec_has_a_contract_test() {
    let dir = prism::scratch_dir("contract-specs").unwrap_or_else(|e| panic!("{e}"));
    let stems: BTreeSet<String> = prism::write_merged_specs(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    let tested: BTreeSet<String> = [
        "calls",
        "calling-extensions",
        "calling-transcripts",
        "channel-connection-webhook",
        "oauth",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(
        stems, tested,
        "each spec in specs/ needs a contract test in tests/contract.rs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_spec_contract() {
    let c = Contract::start("calls");
    let calls = c.client.calls();
    const CALLS: &str = "/crm/v3/objects/calls";
    const CALL: &str = "/crm/v3/objects/calls/{callId}";
    const ASSOCIATION: &str =
        "/crm/v3/objects/calls/{callId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}";
    let call_id = c.param("GET", CALL, "callId");

    let page = c.ok(
        "list_calls",
        calls
            .list_calls()
            .limit(10)
            .properties(["hs_call_title", "hs_call_duration"])
            .archived(false)
            .send()
            .await,
    );
    assert!(!page.results.is_empty(), "the example page has calls");

    let created = c.ok(
        "create_call",
        calls.create_call(c.body("POST", CALLS)).send().await,
    );
    assert!(!created.id.is_empty());

    let call = c.ok(
        "get_call_by_id",
        calls
            .get_call_by_id(&call_id)
            .properties(["hs_call_title"])
            .associations(["contacts"])
            .archived(false)
            .send()
            .await,
    );
    assert_eq!(call.id, call_id);
    // The example answer carries associations (calls.associations.yaml): they are kept.
    assert!(
        call.associations.contains_key("contacts"),
        "{:?}",
        call.associations
    );

    c.ok(
        "update_call",
        calls
            .update_call(&call_id, c.body("PATCH", CALL))
            .send()
            .await,
    );

    let batch = c.ok(
        "batch_create_calls",
        calls
            .batch_create_calls(c.body("POST", "/crm/v3/objects/calls/batch/create"))
            .send()
            .await,
    );
    assert!(matches!(batch, BatchCreateCallsResponse::Created(_)));
    let read = c.ok(
        "batch_read_calls",
        calls
            .batch_read_calls(c.body("POST", "/crm/v3/objects/calls/batch/read"))
            .archived(false)
            .send()
            .await,
    );
    assert!(matches!(read, BatchReadCallsResponse::Ok(_)));
    c.ok(
        "batch_update_calls",
        calls
            .batch_update_calls(c.body("POST", "/crm/v3/objects/calls/batch/update"))
            .send()
            .await,
    );
    let upserted = c.ok(
        "batch_upsert_calls",
        calls
            .batch_upsert_calls(c.body("POST", "/crm/v3/objects/calls/batch/upsert"))
            .send()
            .await,
    );
    assert!(matches!(upserted, BatchUpsertCallsResponse::Ok(_)));
    c.ok(
        "batch_archive_calls",
        calls
            .batch_archive_calls(c.body("POST", "/crm/v3/objects/calls/batch/archive"))
            .send()
            .await,
    );

    let found = c.ok(
        "search_calls",
        calls
            .search_calls(c.body("POST", "/crm/v3/objects/calls/search"))
            .send()
            .await,
    );
    assert!(found.total >= 0);

    let param = |name: &str| c.param("PUT", ASSOCIATION, name);
    c.ok(
        "associate_call",
        calls
            .associate_call(
                param("callId"),
                param("toObjectType"),
                param("toObjectId"),
                param("associationTypeId"),
            )
            .send()
            .await,
    );
    c.ok(
        "remove_call_association",
        calls
            .remove_call_association(
                param("callId"),
                param("toObjectType"),
                param("toObjectId"),
                param("associationTypeId"),
            )
            .send()
            .await,
    );

    c.ok(
        "gdpr_delete_call",
        calls
            .gdpr_delete_call(c.body("POST", "/crm/v3/objects/calls/gdpr-delete"))
            .send()
            .await,
    );
    c.ok("archive_call", calls.archive_call(&call_id).send().await);

    c.verify();

    // The check itself: a request that breaks the spec (a property value that is not a string)
    // is seen as a violation.
    // An endpoint written by hand against rt::Endpoint, whose body is any JSON.
    #[derive(Clone)]
    struct RawCreate {
        ctx: rt::Context,
        body: Value,
    }
    impl rt::HasContext for RawCreate {
        fn context(&self) -> &rt::Context {
            &self.ctx
        }
        fn context_mut(&mut self) -> &mut rt::Context {
            &mut self.ctx
        }
    }
    impl rt::Endpoint for RawCreate {
        type Output = rt::Response;
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "raw_create_call",
            method: rt::Method::POST,
            path: CALLS,
            security: &[&[rt::Scheme::Bearer]],
            idempotent: false,
        };
        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.json_body(&self.body)
        }
        fn decode(response: rt::Response) -> rt::Result<rt::Response> {
            Ok(response)
        }
    }
    let bad = RawCreate {
        ctx: rt::Context::new(c.client.clone()),
        body: json!({"properties": {"hs_call_duration": 1800}}),
    };
    let response = rt::endpoint::send(bad).await.expect("sent");
    assert_eq!(response.status(), 422);
    let seen = c.seen.lock().expect("lock").clone();
    let last = seen.last().expect("seen");
    assert_eq!(last.operation, "raw_create_call");
    assert!(
        last.request_violations()
            .iter()
            .any(|v| v.to_string().contains("hs_call_duration")),
        "{last:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calling_extensions_spec_contract() {
    let c = Contract::start("calling-extensions");
    let ext = c.client.calling_extensions();
    let app_id = 1_234_567;
    const SETTINGS: &str = "/crm/v3/extensions/calling/{appId}/settings";
    const CHANNEL: &str = "/crm/v3/extensions/calling/{appId}/settings/channel-connection";
    const RECORDING: &str = "/crm/v3/extensions/calling/{appId}/settings/recording";
    // HubSpot's spec has no examples (`example: null` everywhere): valid input written here,
    // from the schemas and HubSpot's docs.
    let phone = |e164: &str| json!({"e164Number": e164, "phoneNumberType": "MOBILE"});
    let inbound = json!({
        "externalCallId": "call-7f3a",
        "createEngagement": true,
        "engagementProperties": {"hs_call_title": "Inbound call"},
        "finalCallStatus": "COMPLETED",
        "fromNumber": phone("+15551230001"),
        "toNumber": phone("+15559870002"),
        "potentialRecipientUserIds": [1001, 1002],
        "callStartedTimestamp": "2024-01-15T10:30:00Z",
        "durationSeconds": 95
    });
    let settings = json!({
        "name": "Acme Dialer",
        "url": "https://dialer.example.com/hubspot",
        "height": 600,
        "width": 400,
        "isReady": true,
        "supportsCustomObjects": false,
        "supportsInboundCalling": true,
        "usesCallingWindow": false,
        "usesRemote": false
    });
    let channel =
        json!({"url": "https://dialer.example.com/hubspot/channel-connection", "isReady": true});
    let recording =
        json!({"urlToRetrieveAuthedRecording": "https://dialer.example.com/recordings/"});

    let matches = c.ok(
        "inbound_call",
        ext.inbound_call(c.body_or("POST", "/crm/v3/extensions/calling/inbound-call", inbound))
            .send()
            .await,
    );
    let _: &Vec<CallerIdMatch> = &matches.caller_id_matches;
    c.ok(
        "mark_recording_ready",
        ext.mark_recording_ready(c.body_or(
            "POST",
            "/crm/v3/extensions/calling/recordings/ready",
            json!({"engagementId": 4242}),
        ))
        .send()
        .await,
    );

    c.ok(
        "create_settings",
        ext.create_settings(app_id, c.body_or("POST", SETTINGS, settings))
            .send()
            .await,
    );
    c.ok("get_settings", ext.get_settings(app_id).send().await);
    c.ok(
        "update_settings",
        ext.update_settings(
            app_id,
            c.body_or("PATCH", SETTINGS, json!({"supportsInboundCalling": true})),
        )
        .send()
        .await,
    );

    c.ok(
        "create_channel_connection_settings",
        ext.create_channel_connection_settings(app_id, c.body_or("POST", CHANNEL, channel))
            .send()
            .await,
    );
    c.ok(
        "get_channel_connection_settings",
        ext.get_channel_connection_settings(app_id).send().await,
    );
    c.ok(
        "update_channel_connection_settings",
        ext.update_channel_connection_settings(
            app_id,
            c.body_or("PATCH", CHANNEL, json!({"isReady": false})),
        )
        .send()
        .await,
    );
    c.ok(
        "delete_channel_connection_settings",
        ext.delete_channel_connection_settings(app_id).send().await,
    );

    c.ok(
        "create_recording_settings",
        ext.create_recording_settings(app_id, c.body_or("POST", RECORDING, recording.clone()))
            .send()
            .await,
    );
    c.ok(
        "get_recording_settings",
        ext.get_recording_settings(app_id).send().await,
    );
    c.ok(
        "update_recording_settings",
        ext.update_recording_settings(app_id, c.body_or("PATCH", RECORDING, recording))
            .send()
            .await,
    );

    c.ok("delete_settings", ext.delete_settings(app_id).send().await);

    c.verify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channel_connection_webhook_spec_contract() {
    let c = Contract::start("channel-connection-webhook");
    let webhook = c.client.channel_connection_webhook();
    c.ok(
        "list_phone_numbers",
        webhook
            .list_phone_numbers(c.body("POST", "/hubspot/channel-connection"))
            .send()
            .await,
    );
    c.verify();
}

/// `oauth.json` with its overlays: the token request's form (the generated `form_body`), and
/// the three token-info operations HubSpot marks deprecated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(deprecated)]
async fn oauth_spec_contract() {
    use hubspot_calling::oauth::{GrantType, TokenRequest};

    let c = Contract::start("oauth");
    let oauth = c.client.oauth();
    let form = TokenRequest {
        grant_type: GrantType::RefreshToken,
        client_id: "7fff1e36-2d40-4ae1-bbb1-5266d59564fb".into(),
        client_secret: Some("client-secret-0123".into()),
        refresh_token: Some("na1-refresh-0123".into()),
        code: None,
        code_verifier: None,
        redirect_uri: None,
        scope: None,
    };
    c.ok("create_token", oauth.create_token(form).send().await);
    c.ok(
        "get_access_token",
        oauth.get_access_token("CJSP5qf1KhICAQEYs").send().await,
    );
    c.ok(
        "get_refresh_token",
        oauth.get_refresh_token("na1-refresh-0123").send().await,
    );
    c.ok(
        "archive_refresh_token",
        oauth.archive_refresh_token("na1-refresh-0123").send().await,
    );
    c.verify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calling_transcripts_spec_contract() {
    let c = Contract::start("calling-transcripts");
    let api = c.client.calling_transcripts();
    const TRANSCRIPTS: &str = "/crm/v3/extensions/calling/transcripts";
    // The spec has no examples: the body comes from the toolkit, as a calling app builds it.
    let agent = Speaker::new("11", "Ada Agent").with_email("ada@example.com");
    let caller = Speaker::new("12", "Chris Caller");
    let ms = std::time::Duration::from_millis;
    let body = Transcript::for_call("21")
        .language("en-US")
        .utterance(&agent, ms(1_980), ms(2_090), "Hello. How are you?")
        .utterance(&caller, ms(2_090), ms(3_450), "Good, and you?")
        .build()
        .expect("a valid transcript");
    let created = c.ok(
        "create_transcript",
        api.create_transcript(body).send().await,
    );
    let transcript = c.ok(
        "get_transcript",
        api.get_transcript(&created.id).send().await,
    );
    let _: i64 = transcript.engagement_id;
    c.ok(
        "delete_transcript",
        api.delete_transcript(&created.id).send().await,
    );

    let listed = c.ok(
        "list_connection_statuses",
        api.list_connection_statuses()
            .user_id([1001, 1002])
            .send()
            .await,
    );
    let read = c.ok(
        "batch_read_connection_statuses",
        api.batch_read_connection_statuses(BatchInputPublicObjectId::new([1001, 1002]))
            .send()
            .await,
    );
    assert!(!listed.results.is_empty() && !read.results.is_empty());
    c.ok(
        "get_my_connection_status",
        api.get_my_connection_status().send().await,
    );

    // The inbound call is calling-extensions.json's only: the overlay removed the duplicate.
    assert!(
        c.doc
            .pointer("/paths/~1crm~1v3~1extensions~1calling~1inbound-call")
            .is_none(),
        "the inbound-call operation is served by calling-extensions.json"
    );
    c.verify();

    // The check itself: a transcript whose times are strings breaks the spec, and Prism says so.
    #[derive(Clone)]
    struct RawTranscript {
        ctx: rt::Context,
        body: Value,
    }
    impl rt::HasContext for RawTranscript {
        fn context(&self) -> &rt::Context {
            &self.ctx
        }
        fn context_mut(&mut self) -> &mut rt::Context {
            &mut self.ctx
        }
    }
    impl rt::Endpoint for RawTranscript {
        type Output = rt::Response;
        const OPERATION: &'static rt::Operation = &rt::Operation {
            name: "raw_create_transcript",
            method: rt::Method::POST,
            path: TRANSCRIPTS,
            security: &[&[rt::Scheme::Bearer]],
            idempotent: false,
        };
        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            request.json_body(&self.body)
        }
        fn decode(response: rt::Response) -> rt::Result<rt::Response> {
            Ok(response)
        }
    }
    let bad = RawTranscript {
        ctx: rt::Context::new(c.client.clone()),
        body: json!({"engagementId": 21, "transcriptCreateUtterances": [{
            "speaker": {"id": "11", "name": "Ada Agent"}, "text": "Hello",
            "startTimeMillis": "1980", "endTimeMillis": 2090
        }]}),
    };
    let response = rt::endpoint::send(bad).await.expect("sent");
    // Prism answers a violation with 422 and HubSpot's error body, which this spec declares as
    // `*/*`; Prism cannot render that and answers 500 instead. `sl-violations` says why.
    assert!(
        matches!(response.status(), 422 | 500),
        "{}",
        response.status()
    );
    let seen = c.seen.lock().expect("lock").clone();
    let last = seen.last().expect("seen");
    assert_eq!(last.operation, "raw_create_transcript");
    assert!(
        last.request_violations()
            .iter()
            .any(|v| v.to_string().contains("startTimeMillis")),
        "{last:?}"
    );
}
