//! No configured secret appears in `Display`, `Debug` (`{:?}` and `{:#?}`) or tracing output of
//! anything the crate produces, whatever the server sends (issue 8 §3).
//!
//! One hostile local server echoes the credentials of each request (the bearer token it
//! received, whether the client's or a per-request one, and the developer API key) in one
//! channel per path: a header with an odd name, a header name, a header value that is not
//! UTF-8, base64, `x-hubspot-correlation-id`, the `Location` of a 3xx, a JSON key, a JSON value,
//! JSON escapes in an error body, a 429's policy name, the cursor `paging.next.after`, an HTML
//! body, a body that is not UTF-8, and long bodies where the secret sits across every cut the
//! crate makes. Each channel is read through the generated client (configured token) and through
//! an `rt::Endpoint` builder with a per-request token, with tracing captured at TRACE level (span
//! fields included) and the `on_response` hook's `ResponseInfo` printed.

#[allow(dead_code)] // a generated module: not every item is used here
#[path = "abi/as_generated.rs"]
mod as_generated;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use base64::Engine as _;
use futures_util::StreamExt;
use hubspot_calling::rt::{self, Method, Operation, Scheme};
use hubspot_calling::{Client, ClientBuilder, Error, RateLimit, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use as_generated::CallsApi;

/// The issue's secrets, and a per-request token.
const TOKEN: &str = "pat-na1-SECRET-TOKEN";
const KEY: &str = "DEVKEY-SECRET";
const PER_REQUEST: &str = "pat-na1-PER-REQUEST-TOKEN";

/// The parts of a secret that must not be visible: the secret itself, its first 9 characters
/// (one more than the `pat-na1-` every token starts with: what a cut would leave), in any letter
/// case, and its base64.
fn leaks(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for secret in [TOKEN, KEY, PER_REQUEST] {
        let prefix = secret[..9].to_ascii_lowercase();
        if lower.contains(&prefix) {
            found.push(format!("{secret} (as `{prefix}`)"));
        }
        let b64 = base64::engine::general_purpose::STANDARD.encode(&secret[..12]);
        if text.contains(&b64) {
            found.push(format!("{secret} (as base64)"));
        }
    }
    found
}

/// `{text}` in one JSON string with every character of the secrets `\u`-escaped.
fn json_escaped(text: &str) -> String {
    text.chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect()
}

/// What the hostile server sends for each path; the bearer token it echoes is the one it got.
struct Hostile {
    /// An address nothing listens on, for a redirect out.
    closed: String,
}

impl Respond for Hostile {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let token = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or(TOKEN)
            .to_owned();
        let both = format!("{token} {KEY}");
        let channel = request.url.path().rsplit('/').next().unwrap_or_default();
        let call = |properties: Value, archived: Value| {
            json!({"id": "1", "properties": properties, "createdAt": "2024-01-15T10:30:00Z",
                   "updatedAt": "2024-01-15T10:30:00Z", "archived": archived})
        };
        let error = json!({"category": "VALIDATION_ERROR", "message": "rejected"});
        let html = format!(
            "<html>\n  <head><title>502</title></head>\n  <body>\n    <p>{token}</p>\n    \
             <p>{KEY}</p>\n  </body>\n</html>\n"
        );
        let mut bytes = b"\xff\xfe\x00".to_vec();
        bytes.extend_from_slice(token.as_bytes());
        bytes.extend_from_slice(b"\x00\xc3\x28");
        bytes.extend_from_slice(KEY.as_bytes());
        bytes.extend_from_slice(b"\xff");
        let mut opaque_header = b"\xff".to_vec();
        opaque_header.extend_from_slice(both.as_bytes());
        opaque_header.push(b'\xfe');
        // A cut at `max` characters keeps `max - 1` of them: the secrets start 10 characters
        // before each cut, so a cut made before redacting would leave 9 characters of them.
        let straddle = |cut: usize, open: &str| {
            format!("{open}{}{both} {both}", "a".repeat(cut - 10 - open.len()))
        };
        match channel {
            "header" => ResponseTemplate::new(400)
                .set_body_json(error)
                .insert_header("x-echo-authorization", format!("Bearer {token}").as_str())
                .insert_header("x-odd", format!("hapikey={KEY}").as_str())
                .insert_header(
                    "x-base64",
                    base64::engine::general_purpose::STANDARD
                        .encode(&token)
                        .as_str(),
                )
                .insert_header(format!("x-{}", token.to_ascii_lowercase()).as_str(), "1")
                .insert_header(
                    "x-bytes",
                    http::HeaderValue::from_bytes(&opaque_header).expect("obs-text"),
                )
                .insert_header("x-hubspot-ratelimit-remaining", "99"),
            "correlation" => {
                ResponseTemplate::new(500).insert_header("x-hubspot-correlation-id", both.as_str())
            }
            "correlation-ok" => ResponseTemplate::new(200)
                .set_body_json(call(json!({}), json!(false)))
                .insert_header("x-hubspot-correlation-id", both.as_str()),
            "redirect-out" => ResponseTemplate::new(302).insert_header(
                "location",
                format!("http://{}/leak/{token}?k={KEY}", self.closed).as_str(),
            ),
            "redirect-loop" => ResponseTemplate::new(302).insert_header(
                "location",
                format!("/crm/v3/objects/calls/redirect-loop?t={token}&k={KEY}").as_str(),
            ),
            "json-key" => ResponseTemplate::new(200)
                .set_body_json(call(json!({ token.clone(): 5, KEY: 6 }), json!(false))),
            "json-value" => {
                ResponseTemplate::new(200).set_body_json(call(json!({}), json!(both.clone())))
            }
            "escaped" => ResponseTemplate::new(400).set_body_raw(
                format!(
                    r#"{{"category":"{0}","message":"bad {0}","correlationId":"{0}",
                        "context":{{"{0}":["{0}"]}},"links":{{"{0}":"{0}"}},
                        "errors":[{{"message":"{0}","in":"{0}","code":"{0}"}}]}}"#,
                    json_escaped(&both)
                ),
                "application/json",
            ),
            "policy" => ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(json!({"status": "error", "policyName": both,
                                      "errorType": "RATE_LIMIT", "message": "slow down"})),
            "html" => ResponseTemplate::new(502).set_body_raw(html, "text/html"),
            "html-ok" => ResponseTemplate::new(200).set_body_raw(html, "text/html"),
            "bytes" => ResponseTemplate::new(400).set_body_raw(bytes, "text/plain"),
            "bytes-ok" => ResponseTemplate::new(200).set_body_raw(bytes, "application/json"),
            "long" => {
                // Display cuts the message at 1000 characters and each detail at 300; raw_body
                // is cut at 4096.
                let message = format!("{}{both}", "m".repeat(1000 - 10));
                let detail = format!("{}{both}", "d".repeat(300 - 10));
                let head = format!(
                    r#"{{"category":"VALIDATION_ERROR","message":"{message}","errors":[{{"message":"{detail}"}}],"padding":""#
                );
                let padding = "a".repeat(4096 - 10 - head.len());
                let body = format!("{head}{padding}{both}\"}}");
                ResponseTemplate::new(400).set_body_raw(body, "application/json")
            }
            "long-text" => ResponseTemplate::new(400).set_body_raw(straddle(200, ""), "text/plain"),
            "long-ok" => ResponseTemplate::new(200)
                .set_body_raw(straddle(200, "{\"id\": "), "application/json"),
            // The list: an empty page whose next cursor is the secrets, every time.
            "calls" => ResponseTemplate::new(200)
                .set_body_json(json!({"results": [], "paging": {"next": {"after": both}}})),
            _ => ResponseTemplate::new(404),
        }
    }
}

/// Collected output: log lines, or what the hook printed.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

/// The log output of every test of this binary (TRACE, span events and fields included).
///
/// One global subscriber, installed before any test sends anything: with a subscriber per test
/// (`set_default`) on parallel test threads, a callsite first reached on another thread can keep
/// a stale "never" interest and drop events (a race in tracing-core's interest cache).
fn logs() -> &'static Capture {
    static LOGS: OnceLock<Capture> = OnceLock::new();
    LOGS.get_or_init(|| {
        let capture = Capture::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .with_writer(capture.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        capture
    })
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The hostile server, clients for it, and what their hook prints.
struct Setup {
    server: MockServer,
    hook: Capture,
}

impl Setup {
    async fn start() -> Setup {
        logs();
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let closed_addr = closed.local_addr().expect("addr").to_string();
        drop(closed);
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Hostile {
                closed: closed_addr,
            })
            .mount(&server)
            .await;
        Setup {
            server,
            hook: Capture::default(),
        }
    }

    /// A client with both secrets, one quick retry, and a hook that prints what it gets.
    fn builder(&self) -> ClientBuilder {
        let hook = self.hook.clone();
        Client::builder()
            .base_url(self.server.uri())
            .access_token(TOKEN)
            .developer_api_key(KEY)
            .retry_policy(
                RetryPolicy::default()
                    .max_retries(1)
                    .jitter(false)
                    .backoff(Duration::from_millis(1), Duration::from_millis(1)),
            )
            .on_response(move |info| {
                let shown = format!("hook: {info:?}\n{info:#?}\n");
                let _ = std::io::Write::write_all(&mut hook.clone(), shown.as_bytes());
            })
    }

    fn client(&self) -> Client {
        self.builder().build().expect("client")
    }

    /// `GET /crm/v3/objects/calls/{channel}` through the generated client and, with a
    /// per-request token, through an `rt::Endpoint` builder.
    async fn errors(&self, channel: &str) -> Vec<Error> {
        let generated = self.client().calls().get_call_by_id(channel).send().await;
        let per_request = CallsApi::new(self.client())
            .get_call_by_id(channel)
            .with_access_token(PER_REQUEST)
            .send()
            .await;
        vec![
            generated.expect_err("the hostile server answers with an error"),
            per_request.expect_err("the hostile server answers with an error"),
        ]
    }

    /// Asserts that no secret is visible in `errors` (Display, both Debugs, the source chain),
    /// the hook's output and the logs (of every test so far); returns everything checked.
    fn assert_clean(&self, errors: &[Error]) -> String {
        let mut all = String::new();
        for error in errors {
            all.push_str(&shown(error));
        }
        all.push_str(&self.hook.text());
        all.push_str(&logs().text());
        let found = leaks(&all);
        assert!(found.is_empty(), "{found:?} visible in:\n{all}");
        all
    }
}

/// `Display`, `{:?}`, `{:#?}` and the source chain of `error`.
fn shown(error: &Error) -> String {
    let mut out = format!("{error}\n{error:?}\n{error:#?}\n");
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        out.push_str(&format!("{e}\n{e:?}\n"));
        source = e.source();
    }
    out
}

#[tokio::test]
async fn headers_with_odd_names_opaque_bytes_base64_or_secret_names() {
    let setup = Setup::start().await;
    let errors = setup.errors("header").await;
    let all = setup.assert_clean(&errors);
    for error in &errors {
        let api = error.api_error().expect("an API error");
        let headers = &api.headers;
        // Users still read HubSpot's headers.
        assert_eq!(headers["x-hubspot-ratelimit-remaining"], "99");
        for name in ["x-echo-authorization", "x-odd", "x-base64", "x-bytes"] {
            assert_eq!(headers[name], "<redacted>", "{name}");
        }
        assert!(headers.contains_key("x-redacted"), "{headers:?}");
    }
    assert!(all.contains("hook: ResponseInfo"), "{all}");

    // A buffered `Response` (what generated `decode` gets) shows its headers as redacted too.
    #[derive(Clone)]
    struct GetHeader {
        ctx: rt::Context,
    }
    impl rt::HasContext for GetHeader {
        fn context(&self) -> &rt::Context {
            &self.ctx
        }
        fn context_mut(&mut self) -> &mut rt::Context {
            &mut self.ctx
        }
    }
    impl rt::Endpoint for GetHeader {
        type Output = rt::Response;
        const OPERATION: &'static Operation = &Operation {
            name: "get_header",
            method: Method::GET,
            path: "/crm/v3/objects/calls/header",
            security: &[&[Scheme::Bearer]],
            idempotent: true,
        };
        fn decode(response: rt::Response) -> rt::Result<rt::Response> {
            Ok(response)
        }
    }
    let get = GetHeader {
        ctx: rt::Context::new(setup.client()),
    };
    let response = rt::endpoint::send(get).await.expect("a response");
    let debug = format!("{response:?} {response:#?}");
    assert!(leaks(&debug).is_empty(), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
    // The raw headers stay available to callers that ask for them.
    assert!(response.headers()["x-echo-authorization"]
        .to_str()
        .is_ok_and(|v| v.contains(TOKEN)));
}

#[tokio::test]
async fn the_correlation_id_header_in_errors_and_spans() {
    let setup = Setup::start().await;
    let errors = setup.errors("correlation").await;
    let ok = setup
        .client()
        .calls()
        .get_call_by_id("correlation-ok")
        .send()
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    let all = setup.assert_clean(&errors);
    for error in &errors {
        let api = error.api_error().expect("an API error");
        assert_eq!(api.correlation_id(), Some("<redacted>"));
        assert!(
            error.to_string().contains("correlationId <redacted>"),
            "{error}"
        );
    }
    assert!(all.contains("correlation_id=\"<redacted>"), "{all}");
}

#[tokio::test]
async fn locations_of_redirects_followed_or_not() {
    let setup = Setup::start().await;
    // Followed to an address nothing listens on: the transport error's URL holds the secrets.
    let out = setup.errors("redirect-out").await;
    // Followed until reqwest gives up.
    let looping = setup.errors("redirect-loop").await;
    // Not followed (the caller's HTTP client): the 302 is an API error with its `Location`.
    let unfollowed = setup
        .builder()
        .http_client(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
        )
        .build()
        .expect("client")
        .calls()
        .get_call_by_id("redirect-out")
        .send()
        .await
        .expect_err("302");
    for error in out.iter().chain(&looping) {
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    }
    assert_eq!(unfollowed.status(), Some(302));
    assert_eq!(
        unfollowed.api_error().expect("api").headers["location"],
        "<redacted>"
    );
    let mut errors = out;
    errors.extend(looping);
    errors.push(unfollowed);
    setup.assert_clean(&errors);
}

#[tokio::test]
async fn json_keys_and_values_in_decode_errors() {
    let setup = Setup::start().await;
    let mut errors = setup.errors("json-key").await;
    errors.extend(setup.errors("json-value").await);
    setup.assert_clean(&errors);
    for error in &errors {
        let Error::Decode { path, .. } = error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert!(
            path == "properties.<redacted>" || path == "archived",
            "{path}"
        );
    }
}

#[tokio::test]
async fn json_escapes_in_every_field_of_an_error_body() {
    let setup = Setup::start().await;
    let errors = setup.errors("escaped").await;
    setup.assert_clean(&errors);
    for error in &errors {
        let api = error.api_error().expect("an API error");
        assert_eq!(api.message(), Some("bad <redacted> <redacted>"), "{error}");
        assert_eq!(api.category(), Some("<redacted> <redacted>"));
    }
}

#[tokio::test]
async fn a_rate_limit_policy_name_in_errors_and_retry_logs() {
    let setup = Setup::start().await;
    let errors = setup.errors("policy").await;
    let all = setup.assert_clean(&errors);
    for error in &errors {
        assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
        assert!(
            error.to_string().contains("[policy <redacted> <redacted>]"),
            "{error}"
        );
    }
    assert!(all.contains("retrying HubSpot request"), "{all}");
    assert!(all.contains("reason=HTTP 429 (<redacted>"), "{all}");
}

#[tokio::test]
async fn html_and_bytes_that_are_not_utf8() {
    let setup = Setup::start().await;
    let mut errors = Vec::new();
    for channel in ["html", "html-ok", "bytes", "bytes-ok"] {
        errors.extend(setup.errors(channel).await);
    }
    setup.assert_clean(&errors);
    let kinds: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Error::Api(_) => "api",
            Error::UnexpectedContentType { .. } => "content type",
            Error::Decode { .. } => "decode",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "api",
            "api",
            "content type",
            "content type",
            "api",
            "api",
            "decode",
            "decode"
        ]
    );
    for error in &errors {
        assert!(format!("{error:?}").contains("<redacted>"), "{error:?}");
    }
}

#[tokio::test]
async fn long_bodies_are_redacted_before_every_cut() {
    let setup = Setup::start().await;
    let mut errors = Vec::new();
    for channel in ["long", "long-text", "long-ok"] {
        errors.extend(setup.errors(channel).await);
    }
    setup.assert_clean(&errors);
    // The body was redacted whole, then cut: it fits in raw_body once the secrets are out.
    for error in &errors[..2] {
        let api = error.api_error().expect("an API error");
        assert!(
            api.raw_body.ends_with("<redacted> <redacted>\"}"),
            "{}",
            api.raw_body
        );
    }
}

#[tokio::test]
async fn cursors_of_paging_errors() {
    let setup = Setup::start().await;
    let generated: Vec<_> = setup.client().calls().list_calls().stream().collect().await;
    let endpoint: Vec<_> = CallsApi::new(setup.client())
        .list_calls()
        .with_access_token(PER_REQUEST)
        .stream()
        .collect()
        .await;
    let errors: Vec<Error> = generated
        .into_iter()
        .map(|item| item.map(|_| ()))
        .chain(endpoint.into_iter().map(|item| item.map(|_| ())))
        .map(|item| item.expect_err("no items, then the paging error"))
        .collect();
    setup.assert_clean(&errors);
    assert_eq!(errors.len(), 2);
    for error in &errors {
        assert!(matches!(error, Error::Paging { .. }), "{error:?}");
    }
    // The rt::Endpoint stream can redact, so it shows the cursor.
    let Error::Paging { cursor, .. } = &errors[1] else {
        unreachable!()
    };
    assert_eq!(cursor, "<redacted> <redacted>");
}

#[tokio::test]
async fn configured_credentials_in_builders_clients_retries_and_spans() {
    logs();
    let server = MockServer::start().await;
    // A settings read (sent with ?hapikey=) that is rate limited, then times out.
    let rate_limited = ResponseTemplate::new(429)
        .insert_header("x-hubspot-correlation-id", "corr-1")
        .set_body_json(json!({"status": "error", "policyName": "SECONDLY"}));
    let slow = ResponseTemplate::new(200)
        .set_body_json(json!({}))
        .set_delay(Duration::from_secs(3));
    Mock::given(method("GET"))
        .and(path("/crm/v3/extensions/calling/42/settings"))
        .respond_with(rate_limited)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/extensions/calling/42/settings"))
        .respond_with(slow)
        .mount(&server)
        .await;
    // A server that echoes both credentials in its error.
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/echo"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("x-hubspot-correlation-id", "corr-2")
                .set_body_json(json!({
                    "category": "INVALID_AUTHENTICATION",
                    "message": format!("Bad token {TOKEN} or key {KEY}"),
                })),
        )
        .mount(&server)
        .await;
    let builder = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .default_header("x-api-key", "header-secret-value")
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::default().max_retries(1).jitter(false))
        .rate_limit(RateLimit::default());
    let builder_debug = format!("{builder:?}");
    let client = builder.build().expect("client");
    let client_debug = format!("{client:?}");

    let settings_err = client
        .calling_extensions()
        .get_settings(42)
        .send()
        .await
        .expect_err("times out on the retry");
    assert!(settings_err.is_timeout(), "{settings_err:?}");
    assert_eq!(settings_err.attempts(), Some(2));
    let echo_err = client
        .calls()
        .get_call_by_id("echo")
        .send()
        .await
        .expect_err("401");
    let request = client
        .calls()
        .get_call_by_id("1")
        .build_request()
        .expect("request");

    let logs = logs().text();
    let texts = [
        builder_debug,
        client_debug,
        settings_err.to_string(),
        format!("{settings_err:?}"),
        shown(&settings_err),
        echo_err.to_string(),
        format!("{echo_err:?}"),
        format!("{:?}", request.headers()),
        logs.clone(),
    ];
    for text in &texts {
        for secret in [TOKEN, KEY, "header-secret-value"] {
            assert!(!text.contains(secret), "{secret} leaked in:\n{text}");
        }
    }
    assert!(echo_err
        .to_string()
        .contains("Bad token <redacted> or key <redacted>"));
    assert!(
        settings_err.to_string().contains("hapikey=REDACTED"),
        "{settings_err}"
    );

    // The span of each request carries method, path template, attempt, status and
    // correlation id; retries are logged with their reason.
    assert!(logs.contains("hubspot_request"), "{logs}");
    assert!(logs.contains("method=GET"), "{logs}");
    assert!(
        logs.contains("path=\"/crm/v3/extensions/calling/{appId}/settings\""),
        "{logs}"
    );
    assert!(logs.contains("attempt=2"), "{logs}");
    assert!(logs.contains("status=429"), "{logs}");
    assert!(logs.contains("correlation_id=\"corr-1\""), "{logs}");
    assert!(logs.contains("correlation_id=\"corr-2\""), "{logs}");
    assert!(logs.contains("retrying HubSpot request"), "{logs}");
    assert!(logs.contains("reason=HTTP 429 (SECONDLY)"), "{logs}");
}
