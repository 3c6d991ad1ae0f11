//! Runtime behaviour against a real local HTTP server (wiremock), using hand-written operations
//! sent through the runtime's `rt::Endpoint` ABI, as generated builders are.

use std::marker::PhantomData;
use std::time::Duration;

use hubspot_calling::rt::{self, ApiKeyLocation, Method, Operation, ParamValue, Request, Scheme};
use hubspot_calling::{Client, ClientBuilder, Error, ErrorBody, RateLimitPolicy, RetryPolicy};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{
    any, body_json, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";
const KEY: &str = "devkey-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

const BEARER: &[Scheme] = &[Scheme::Bearer];
const HAPIKEY: &[Scheme] = &[Scheme::ApiKey {
    name: "hapikey",
    location: ApiKeyLocation::Query,
}];
const PRIVATE_APP: &[Scheme] = &[Scheme::ApiKey {
    name: "private-app",
    location: ApiKeyLocation::Header,
}];
const BASIC: &[Scheme] = &[Scheme::Unsupported { kind: "http basic" }];

static GET_CALL: Operation = Operation {
    name: "get_call",
    method: Method::GET,
    path: "/crm/v3/objects/calls/{callId}",
    security: &[BEARER],
    idempotent: true,
};

static LIST_CALLS: Operation = Operation {
    name: "list_calls",
    method: Method::GET,
    path: "/crm/v3/objects/calls",
    security: &[BEARER],
    idempotent: true,
};

static CREATE_CALL: Operation = Operation {
    name: "create_call",
    method: Method::POST,
    path: "/crm/v3/objects/calls",
    security: &[BEARER],
    idempotent: false,
};

static GET_SETTINGS: Operation = Operation {
    name: "get_settings",
    method: Method::GET,
    path: "/crm/v3/extensions/calling/{appId}/settings",
    security: &[HAPIKEY],
    idempotent: true,
};

static TOKEN_OR_KEY: Operation = Operation {
    name: "token_or_key",
    method: Method::GET,
    path: "/either",
    security: &[BEARER, HAPIKEY],
    idempotent: true,
};

static KEY_OR_TOKEN: Operation = Operation {
    name: "key_or_token",
    method: Method::GET,
    path: "/either",
    security: &[HAPIKEY, BEARER],
    idempotent: true,
};

static PRIVATE_APP_OP: Operation = Operation {
    name: "private_app_op",
    method: Method::GET,
    path: "/private",
    security: &[PRIVATE_APP],
    idempotent: true,
};

static BASIC_ONLY: Operation = Operation {
    name: "basic_only",
    method: Method::GET,
    path: "/basic",
    security: &[BASIC],
    idempotent: true,
};

static PUBLIC: Operation = Operation {
    name: "public_op",
    method: Method::GET,
    path: "/public",
    security: &[],
    idempotent: true,
};

/// An operation above as a type: an endpoint's operation is an associated constant.
trait Op: Send + Sync + 'static {
    const OP: &'static Operation;
}

macro_rules! ops {
    ($($marker:ident => $op:ident),* $(,)?) => {
        $(
            struct $marker;
            impl Op for $marker {
                const OP: &'static Operation = &$op;
            }
        )*
    };
}

ops!(
    GetCall => GET_CALL,
    ListCalls => LIST_CALLS,
    CreateCall => CREATE_CALL,
    GetSettings => GET_SETTINGS,
    TokenOrKey => TOKEN_OR_KEY,
    KeyOrToken => KEY_OR_TOKEN,
    PrivateAppOp => PRIVATE_APP_OP,
    BasicOnly => BASIC_ONLY,
    Public => PUBLIC,
);

/// One call a generated `encode` makes on the `rt::Request`.
#[derive(Clone)]
enum Step {
    Path(&'static str, String),
    Query(&'static str, String),
    QueryArray(&'static str, Vec<String>, bool),
    Header(&'static str, String),
    Json(serde_json::Value),
}

/// A request for `O` filled by hand, with the calls of `rt::Request` a generated builder's
/// `encode` makes; [`send`] and [`to_http`] send it through `rt::Endpoint`.
struct Raw<O> {
    steps: Vec<Step>,
    op: PhantomData<O>,
}

impl<O: Op> Raw<O> {
    fn new() -> Self {
        Raw {
            steps: Vec::new(),
            op: PhantomData,
        }
    }

    fn path_param<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.steps.push(Step::Path(name, value.to_param()));
    }

    fn query<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.steps.push(Step::Query(name, value.to_param()));
    }

    fn query_array<V: ParamValue>(&mut self, name: &'static str, values: &[V], explode: bool) {
        let values = values.iter().map(ParamValue::to_param).collect();
        self.steps.push(Step::QueryArray(name, values, explode));
    }

    fn header<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.steps.push(Step::Header(name, value.to_param()));
    }

    fn json_body<T: serde::Serialize>(&mut self, body: &T) -> serde_json::Result<()> {
        self.steps.push(Step::Json(serde_json::to_value(body)?));
        Ok(())
    }

    fn endpoint(self, client: &Client) -> Endpoint<O> {
        Endpoint {
            ctx: rt::Context::new(client.clone()),
            steps: self.steps,
            op: PhantomData,
        }
    }
}

/// `Raw` as an endpoint: its output is the response as `decode` gets it, whatever the status.
struct Endpoint<O> {
    ctx: rt::Context,
    steps: Vec<Step>,
    op: PhantomData<O>,
}

impl<O> Clone for Endpoint<O> {
    fn clone(&self) -> Self {
        Endpoint {
            ctx: self.ctx.clone(),
            steps: self.steps.clone(),
            op: PhantomData,
        }
    }
}

impl<O> rt::HasContext for Endpoint<O> {
    fn context(&self) -> &rt::Context {
        &self.ctx
    }

    fn context_mut(&mut self) -> &mut rt::Context {
        &mut self.ctx
    }
}

impl<O: Op> rt::Endpoint for Endpoint<O> {
    type Output = rt::Response;
    const OPERATION: &'static Operation = O::OP;

    fn encode(&self, request: &mut Request) -> rt::Result<()> {
        for step in &self.steps {
            match step {
                Step::Path(name, value) => request.path_param(name, value),
                Step::Query(name, value) => request.query(name, value),
                Step::QueryArray(name, values, explode) => {
                    request.query_array(name, values, *explode)
                }
                Step::Header(name, value) => request.header(name, value),
                Step::Json(body) => request.json_body(body)?,
            }
        }
        Ok(())
    }

    fn decode(response: rt::Response) -> rt::Result<rt::Response> {
        Ok(response)
    }
}

/// Sends `request` with `client` and returns the response, whatever its status.
async fn send<O: Op>(client: &Client, request: Raw<O>) -> Result<rt::Response, Error> {
    rt::endpoint::send(request.endpoint(client)).await
}

/// The HTTP request `client` would send for `request`.
fn to_http<O: Op>(client: &Client, request: Raw<O>) -> Result<http::Request<Vec<u8>>, Error> {
    rt::endpoint::build_request(&request.endpoint(client))
}

#[derive(Debug, Deserialize)]
struct Call {
    id: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct CallList {
    results: Vec<Call>,
}

/// A client for `server` that sends every request once: these tests look at single attempts
/// (tests/resilience.rs covers retries).
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
}

fn get_call(id: &str) -> Raw<GetCall> {
    let mut request = Raw::new();
    request.path_param("callId", id);
    request
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

fn api_error(error: Error) -> Box<hubspot_calling::ApiError> {
    match error {
        Error::Api(api) | Error::RateLimited(api) => api,
        other => panic!("expected Error::Api or Error::RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn bearer_token_is_sent_as_authorization_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/512"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(query_param_is_missing("hapikey"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "512"})))
        .expect(1)
        .mount(&server)
        .await;
    // Both credentials configured: the bearer-only operation must not leak the key.
    let client = builder(&server)
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .build()
        .expect("client");

    let response = send(&client, get_call("512")).await.expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Call>().expect("decoded").id, "512");
}

#[tokio::test]
async fn developer_api_key_is_sent_as_hapikey_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/extensions/calling/123/settings"))
        .and(query_param("hapikey", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "app"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .build()
        .expect("client");

    let mut request = Raw::<GetSettings>::new();
    request.path_param("appId", &123u64);
    let response = send(&client, request).await.expect("sent");
    assert_eq!(response.status(), 200);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert!(
        !requests[0].headers.contains_key("authorization"),
        "hapikey-only operation must not send the access token"
    );
}

#[tokio::test]
async fn first_satisfiable_security_alternative_is_used() {
    let server = MockServer::start().await;
    Mock::given(path("/either"))
        .respond_with(ResponseTemplate::new(204))
        .expect(4)
        .mount(&server)
        .await;
    let both = builder(&server)
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .build()
        .expect("client");
    let key_only = builder(&server)
        .developer_api_key(KEY)
        .build()
        .expect("client");
    let token_only = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");

    for client in [&both, &key_only] {
        let response = send(client, Raw::<TokenOrKey>::new()).await;
        assert_eq!(response.expect("sent").status(), 204);
    }
    for client in [&both, &token_only] {
        let response = send(client, Raw::<KeyOrToken>::new()).await;
        assert_eq!(response.expect("sent").status(), 204);
    }

    let requests = received(&server).await;
    let observed: Vec<(bool, Option<String>)> = requests
        .iter()
        .map(|r| {
            let bearer = r
                .headers
                .get("authorization")
                .map(|v| v.as_bytes().to_vec())
                == Some(format!("Bearer {TOKEN}").into_bytes());
            let key = r
                .url
                .query_pairs()
                .find(|(k, _)| k == "hapikey")
                .map(|(_, v)| v.into_owned());
            (bearer, key)
        })
        .collect();
    assert_eq!(
        observed,
        vec![
            (true, None),                  // token listed first and configured
            (false, Some(KEY.to_owned())), // falls back to the key
            (false, Some(KEY.to_owned())), // key listed first and configured
            (true, None),                  // falls back to the token
        ]
    );
}

#[tokio::test]
async fn missing_credential_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let none = builder(&server).build().expect("client");
    let token_only = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let both = builder(&server)
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .build()
        .expect("client");

    let err = send(&none, Raw::<TokenOrKey>::new())
        .await
        .expect_err("no credential");
    match &err {
        Error::MissingCredential {
            operation,
            accepted,
        } => {
            assert_eq!(*operation, "token_or_key");
            assert_eq!(
                accepted,
                "call ClientBuilder::access_token or ClientBuilder::developer_api_key"
            );
        }
        other => panic!("expected MissingCredential, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "`token_or_key` needs a credential that is not configured: call \
         ClientBuilder::access_token or ClientBuilder::developer_api_key"
    );

    let mut request = Raw::<GetSettings>::new();
    request.path_param("appId", "1");
    let err = send(&token_only, request).await.expect_err("no key");
    assert!(
        matches!(&err, Error::MissingCredential { accepted, .. }
            if accepted == "call ClientBuilder::developer_api_key"),
        "{err:?}"
    );

    // A scheme no credential satisfies stays unsatisfied even with everything configured.
    let err = send(&both, Raw::<BasicOnly>::new())
        .await
        .expect_err("unsupported scheme");
    assert!(
        matches!(&err, Error::MissingCredential { accepted, .. } if accepted.contains("http basic")),
        "{err:?}"
    );

    // to_http checks the same way.
    assert!(matches!(
        to_http(&none, get_call("1")),
        Err(Error::MissingCredential { .. })
    ));

    server.verify().await;
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn private_app_scheme_uses_access_token_and_public_ops_send_none() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .build()
        .expect("client");
    send(&client, Raw::<PrivateAppOp>::new())
        .await
        .expect("sent");
    send(&client, Raw::<Public>::new()).await.expect("sent");

    let requests = received(&server).await;
    assert_eq!(requests[0].url.path(), "/private");
    assert_eq!(
        requests[0]
            .headers
            .get("authorization")
            .map(|v| v.as_bytes()),
        Some(format!("Bearer {TOKEN}").as_bytes())
    );
    assert!(requests[0].headers.get("private-app").is_none());
    assert_eq!(requests[1].url.path(), "/public");
    assert!(requests[1].headers.get("authorization").is_none());
    assert_eq!(requests[1].url.query(), None);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/a%2Fb%20c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a/b c"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/crm/v3/objects/calls/x%3Fy%23z%25%2B%C3%A9"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "other"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");

    let response = send(&client, get_call("a/b c")).await.expect("sent");
    assert_eq!(response.json::<Call>().expect("decoded").id, "a/b c");
    let response = send(&client, get_call("x?y#z%+é")).await.expect("sent");
    assert_eq!(response.json::<Call>().expect("decoded").id, "other");

    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), None);
    assert_eq!(requests[1].url.query(), None);
}

#[tokio::test]
async fn query_arrays_explode_or_join_with_commas() {
    let server = MockServer::start().await;
    Mock::given(path("/crm/v3/objects/calls"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": []})))
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");

    for explode in [true, false] {
        let mut request = Raw::<ListCalls>::new();
        request.query("limit", &10u32);
        request.query_array("properties", &["hs_call_title", "a,b c"], explode);
        request.query("archived", &false);
        send(&client, request).await.expect("sent");
    }

    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some("limit=10&properties=hs_call_title&properties=a%2Cb%20c&archived=false")
    );
    assert_eq!(
        requests[1].url.query(),
        Some("limit=10&properties=hs_call_title,a%2Cb%20c&archived=false")
    );
    let decoded: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(decoded[2], ("properties".to_owned(), "a,b c".to_owned()));
}

#[tokio::test]
async fn json_body_is_sent_with_content_type() {
    let server = MockServer::start().await;
    let payload =
        json!({"properties": {"hs_call_title": "Support call", "hs_call_duration": "3800"}});
    Mock::given(method("POST"))
        .and(path("/crm/v3/objects/calls"))
        .and(header("content-type", "application/json"))
        .and(body_json(&payload))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "9001"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");

    let mut request = Raw::<CreateCall>::new();
    request.json_body(&payload).expect("serializable");
    let response = send(&client, request).await.expect("sent");
    assert_eq!(response.status(), 201);
    assert_eq!(response.json::<Call>().expect("decoded").id, "9001");
}

#[tokio::test]
async fn user_agent_default_headers_and_header_params() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .expect(2)
        .mount(&server)
        .await;
    let default_client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let custom_client = builder(&server)
        .access_token(TOKEN)
        .user_agent("my-dialer/2.0")
        .default_header("x-request-source", "tests")
        .build()
        .expect("client");

    send(&default_client, get_call("1")).await.expect("sent");
    let mut request = get_call("1");
    request.header("x-trace", &42i32);
    send(&custom_client, request).await.expect("sent");

    let requests = received(&server).await;
    let ua = |i: usize| {
        requests[i]
            .headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        ua(0),
        Some(format!("hubspot-calling/{}", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(ua(1).as_deref(), Some("my-dialer/2.0"));
    assert_eq!(
        requests[1]
            .headers
            .get("x-request-source")
            .map(|v| v.as_bytes()),
        Some(&b"tests"[..])
    );
    assert_eq!(
        requests[1].headers.get("x-trace").map(|v| v.as_bytes()),
        Some(&b"42"[..])
    );
    assert!(requests[0].headers.get("x-request-source").is_none());
}

#[tokio::test]
async fn decode_error_names_json_path_status_and_excerpt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"results": [{"id": 5}], "total": 1})),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let response = send(&client, Raw::<ListCalls>::new()).await.expect("sent");

    let err = response.json::<CallList>().expect_err("id is a number");
    match &err {
        Error::Decode {
            operation,
            status,
            path,
            message,
            excerpt,
        } => {
            assert_eq!(*operation, "list_calls");
            assert_eq!(*status, 200);
            assert_eq!(path, "results[0].id");
            assert!(message.contains("invalid type: integer `5`"), "{message}");
            assert!(excerpt.starts_with(r#"{"results":[{"id":5}]"#), "{excerpt}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("`results[0].id`"), "{text}");
    assert!(text.contains("HTTP 200"), "{text}");
    assert_eq!(err.status(), Some(200));
}

#[tokio::test]
async fn long_bodies_are_cut_to_short_excerpts() {
    let server = MockServer::start().await;
    let long = format!("{{\"id\":[\"{}\"]}}", "é".repeat(1000));
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(long, "application/json"))
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let response = send(&client, get_call("1")).await.expect("sent");
    let Error::Decode { path, excerpt, .. } = response.json::<Call>().expect_err("id is an array")
    else {
        panic!("expected Decode");
    };
    assert_eq!(path, "id");
    assert_eq!(excerpt.chars().count(), 200);
    assert!(excerpt.starts_with("{\"id\":[\"éé"), "{excerpt}");
    assert!(excerpt.ends_with('…'), "{excerpt}");
}

#[tokio::test]
async fn html_body_is_unexpected_content_type() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>Bad Gateway</body></html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let response = send(&client, get_call("1")).await.expect("sent");

    match response.json::<Call>() {
        Err(Error::UnexpectedContentType {
            operation,
            status,
            content_type,
            excerpt,
        }) => {
            assert_eq!(operation, "get_call");
            assert_eq!(status, 502);
            assert_eq!(content_type, "text/html");
            assert_eq!(excerpt, "<html><body>Bad Gateway</body></html>");
        }
        other => panic!("expected UnexpectedContentType, got {other:?}"),
    }

    // The same response as an API error keeps the raw text and has no parsed body.
    let api = api_error(response.into_error());
    assert_eq!(api.status, 502);
    assert!(api.body.is_none());
    assert_eq!(api.raw_body, "<html><body>Bad Gateway</body></html>");
    assert_eq!(
        api.to_string(),
        "HTTP 502 Bad Gateway: <html><body>Bad Gateway</body></html> (operation get_call)"
    );
}

#[tokio::test]
async fn hubspot_error_body_served_as_any_content_type_is_parsed() {
    let server = MockServer::start().await;
    let body = json!({
        "status": "error",
        "category": "VALIDATION_ERROR",
        "subCategory": "CallsCreate.INVALID_PROPERTY",
        "message": "Property values were not valid",
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        "context": {"propertyName": ["hs_call_duration"]},
        "links": {"knowledge-base": "https://www.hubspot.com/products/service/knowledge-base"},
        "errors": [
            {"message": "hs_call_duration must be a number", "code": "INVALID_INTEGER",
             "in": "hs_call_duration", "context": {"value": ["abc"]}}
        ],
        "somethingNew": {"ignored": true}
    });
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_raw(serde_json::to_vec(&body).expect("json"), "*/*")
                .insert_header(
                    "x-hubspot-correlation-id",
                    "aeb5f871-7f07-4993-9211-075dc63e7cbf",
                ),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let mut request = Raw::<CreateCall>::new();
    request.json_body(&json!({"properties": {}})).expect("body");
    let response = send(&client, request).await.expect("sent");
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.correlation_id(),
        Some("aeb5f871-7f07-4993-9211-075dc63e7cbf")
    );
    // `*/*` counts as JSON for typed decoding too.
    let typed: ErrorBody = response.json().expect("*/* decodes as JSON");
    assert_eq!(typed.category.as_deref(), Some("VALIDATION_ERROR"));

    let err = response.into_error();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.operation(), Some("create_call"));
    assert_eq!(
        err.to_string(),
        "HTTP 400 VALIDATION_ERROR: Property values were not valid \
         [hs_call_duration must be a number] \
         (correlationId aeb5f871-7f07-4993-9211-075dc63e7cbf, operation create_call)"
    );
    let api = api_error(err);
    assert_eq!(api.category(), Some("VALIDATION_ERROR"));
    assert_eq!(
        api.correlation_id(),
        Some("aeb5f871-7f07-4993-9211-075dc63e7cbf")
    );
    let parsed = api.body.as_ref().expect("parsed body");
    assert_eq!(
        parsed.sub_category.as_deref(),
        Some("CallsCreate.INVALID_PROPERTY")
    );
    assert_eq!(parsed.context["propertyName"], vec!["hs_call_duration"]);
    assert_eq!(
        parsed.links["knowledge-base"],
        "https://www.hubspot.com/products/service/knowledge-base"
    );
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.errors[0].code.as_deref(), Some("INVALID_INTEGER"));
    assert_eq!(parsed.errors[0].in_.as_deref(), Some("hs_call_duration"));
    assert_eq!(parsed.errors[0].context["value"], vec!["abc"]);
    assert!(api.raw_body.contains("\"somethingNew\""));
    assert_eq!(api.retry_after, None);
}

#[tokio::test]
async fn rate_limit_error_has_retry_after_and_policy() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_json(json!({
                    "status": "error",
                    "message": "You have reached your ten_secondly_rolling limit.",
                    "errorType": "RATE_LIMIT",
                    "correlationId": "c0ffee00-0000-4000-8000-000000000000",
                    "policyName": "TEN_SECONDLY_ROLLING",
                    "groupName": "publicapi:private-app:123"
                })),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");
    let err = send(&client, get_call("1"))
        .await
        .expect("sent")
        .into_error();

    assert!(matches!(err, Error::RateLimited(_)), "{err:?}");
    assert!(err.is_rate_limited());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(
        err.rate_limit_policy(),
        Some(RateLimitPolicy::TenSecondlyRolling)
    );
    assert_eq!(err.attempts(), Some(1));
    let text = err.to_string();
    assert!(
        text.starts_with("HTTP 429 RATE_LIMIT [policy TEN_SECONDLY_ROLLING]: You have reached"),
        "{text}"
    );
    assert!(text.contains("retry after 7s"), "{text}");
    assert!(
        text.ends_with("send fewer requests per second (ClientBuilder::rate_limit) or allow more retries (RetryPolicy::max_retries)"),
        "{text}"
    );
    let api = api_error(err);
    assert_eq!(api.policy_name(), Some("TEN_SECONDLY_ROLLING"));
    assert_eq!(api.retry_after, Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn credentials_never_appear_in_debug_or_errors() {
    // Debug of the builder and the client.
    let builder_debug = format!(
        "{:?}",
        Client::builder().access_token(TOKEN).developer_api_key(KEY)
    );
    let client = Client::builder()
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .build()
        .expect("client");
    let client_debug = format!("{client:?}");
    for text in [&builder_debug, &client_debug] {
        assert!(!text.contains(TOKEN) && !text.contains(KEY), "{text}");
        assert!(
            text.contains(r#"access_token: Some("<redacted>")"#),
            "{text}"
        );
        assert!(
            text.contains(r#"developer_api_key: Some("<redacted>")"#),
            "{text}"
        );
    }

    // A request with the key in the URL that times out: the transport error keeps the URL,
    // with the key replaced.
    let server = MockServer::start().await;
    Mock::given(path("/crm/v3/extensions/calling/1/settings"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    // The server echoes both credentials back in an error body.
    Mock::given(path("/crm/v3/objects/calls/echo"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "category": "INVALID_AUTHENTICATION",
            "message": format!("Bad token {TOKEN} or key {KEY}"),
        })))
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");

    let mut request = Raw::<GetSettings>::new();
    request.path_param("appId", "1");
    let err = send(&client, request).await.expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Transport { .. }));
    let display = err.to_string();
    let debug = format!("{err:?}");
    let chain = std::iter::successors(
        std::error::Error::source(&err),
        |e: &&(dyn std::error::Error + 'static)| e.source(),
    )
    .map(|e| e.to_string())
    .collect::<Vec<_>>()
    .join(" / ");
    for text in [&display, &debug, &chain] {
        assert!(!text.contains(KEY) && !text.contains(TOKEN), "{text}");
    }
    assert!(display.contains("timed out"), "{display}");
    assert!(display.contains("hapikey=REDACTED"), "{display}");

    let err = send(&client, get_call("echo"))
        .await
        .expect("sent")
        .into_error();
    let display = err.to_string();
    let debug = format!("{err:?}");
    for text in [&display, &debug] {
        assert!(!text.contains(KEY) && !text.contains(TOKEN), "{text}");
    }
    assert!(
        display.contains("Bad token <redacted> or key <redacted>"),
        "{display}"
    );
    let response = send(&client, get_call("echo")).await.expect("sent");
    let debug = format!("{response:?}");
    assert!(!debug.contains(KEY) && !debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("Bad token <redacted>"), "{debug}");
    // The raw body itself is untouched for callers that need it.
    assert!(String::from_utf8_lossy(response.body()).contains(TOKEN));

    // A server that is not listening: connect error, URL with the key redacted.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let unreachable = Client::builder()
        .base_url(format!("http://{addr}"))
        .retry_policy(RetryPolicy::none())
        .developer_api_key(KEY)
        .build()
        .expect("client");
    let mut request = Raw::<GetSettings>::new();
    request.path_param("appId", "1");
    let err = send(&unreachable, request)
        .await
        .expect_err("connection refused");
    assert!(err.is_connect(), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(KEY), "{text}");
}

#[tokio::test]
async fn caller_supplied_http_client_gets_per_request_timeout() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = builder(&server)
        .http_client(reqwest::Client::new())
        .access_token(TOKEN)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let err = send(&client, get_call("1")).await.expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.operation(), Some("get_call"));
}

#[test]
fn client_and_send_future_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::builder()
        .access_token(TOKEN)
        .build()
        .expect("client");
    assert_send_sync(&client);
    let request = get_call("1");
    assert_send(&request);
    // Generated futures are spawned on multi-threaded runtimes; never polled here.
    let future = send(&client, request);
    assert_send(&future);
}

#[test]
fn to_http_builds_absolute_request_without_network() {
    let client = Client::builder()
        .base_url("https://api.example.test/prefix/")
        .access_token(TOKEN)
        .developer_api_key(KEY)
        .default_header("x-tenant", "acme")
        .build()
        .expect("client");
    assert_eq!(client.base_url(), "https://api.example.test/prefix");

    let mut request = Raw::<CreateCall>::new();
    request.query("idProperty", "email address");
    request.header("x-request-id", "r-1");
    request
        .json_body(&json!({"properties": {"hs_call_title": "t"}}))
        .expect("body");
    let http_request = to_http(&client, request).expect("built");
    assert_eq!(http_request.method(), Method::POST);
    assert_eq!(
        http_request.uri().to_string(),
        "https://api.example.test/prefix/crm/v3/objects/calls?idProperty=email%20address"
    );
    let headers = http_request.headers();
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(
        h("authorization").map(str::to_owned),
        Some(format!("Bearer {TOKEN}"))
    );
    assert!(headers
        .get("authorization")
        .is_some_and(|v| v.is_sensitive()));
    assert_eq!(h("accept"), Some("application/json"));
    assert_eq!(h("content-type"), Some("application/json"));
    assert_eq!(h("x-tenant"), Some("acme"));
    assert_eq!(h("x-request-id"), Some("r-1"));
    assert_eq!(
        h("user-agent").map(str::to_owned),
        Some(format!("hubspot-calling/{}", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(
        http_request.body().as_slice(),
        br#"{"properties":{"hs_call_title":"t"}}"#
    );

    let mut request = Raw::<GetSettings>::new();
    request.path_param("appId", &42u32);
    request.query("q", "x");
    let http_request = to_http(&client, request).expect("built");
    assert_eq!(
        http_request.uri().to_string(),
        format!("https://api.example.test/prefix/crm/v3/extensions/calling/42/settings?q=x&hapikey={KEY}")
    );
    assert!(http_request.headers().get("authorization").is_none());
    assert!(http_request.headers().get("content-type").is_none());
    assert!(http_request.body().is_empty());
}

#[tokio::test]
async fn invalid_requests_are_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server)
        .access_token(TOKEN)
        .build()
        .expect("client");

    let invalid_message = |err: Error| match err {
        Error::InvalidRequest { operation, message } => {
            assert_eq!(operation, "get_call");
            message
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    };

    let err = send(&client, Raw::<GetCall>::new())
        .await
        .expect_err("no path param");
    assert_eq!(
        invalid_message(err),
        "missing required path parameter `callId`"
    );

    for bad in ["", ".", ".."] {
        let err = send(&client, get_call(bad)).await.expect_err("bad id");
        assert!(invalid_message(err).contains("`callId` must not be"));
    }

    let mut request = get_call("1");
    request.header("x-note", "line1\nline2");
    let err = send(&client, request).await.expect_err("bad header");
    assert!(invalid_message(err).contains("`x-note`"));

    let err = Error::InvalidRequest {
        operation: "get_call",
        message: "limit must be <= 100".into(),
    };
    assert_eq!(
        err.to_string(),
        "`get_call`: invalid request: limit must be <= 100"
    );

    // A body that cannot be JSON (map with non-string keys).
    let mut request = Request::new(&CREATE_CALL);
    let bad_body: std::collections::HashMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
    assert!(matches!(
        request.json_body(&bad_body),
        Err(Error::InvalidRequest {
            operation: "create_call",
            ..
        })
    ));

    server.verify().await;
}

#[test]
fn builder_rejects_bad_configuration() {
    let config_message = |b: ClientBuilder| match b.build() {
        Err(Error::Config { message }) => message,
        other => panic!("expected Config error, got {other:?}"),
    };
    assert!(config_message(Client::builder().base_url("not a url")).contains("base URL"));
    assert!(config_message(Client::builder().base_url("ftp://x.test")).contains("http or https"));
    assert!(config_message(Client::builder().default_header("bad name", "v")).contains("bad name"));
    assert!(config_message(Client::builder().default_header("x-ok", "a\nb")).contains("x-ok"));
    assert!(config_message(Client::builder().access_token("")).contains("empty"));
    let message = config_message(Client::builder().access_token(format!("{TOKEN}\n")));
    assert!(message.contains("trailing newline"), "{message}");
    assert!(!message.contains(TOKEN));
    assert!(config_message(
        Client::builder()
            .http_client(reqwest::Client::new())
            .connect_timeout(Duration::from_secs(1))
    )
    .contains("connect_timeout"));

    let client = Client::builder().build().expect("defaults are valid");
    assert_eq!(client.base_url(), "https://api.hubapi.com");
    assert!(!client.has_access_token() && !client.has_developer_api_key());
}

#[test]
fn sans_io_response_decoding() {
    let ok = http::Response::builder()
        .status(200)
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"id":"77"}"#)
        .expect("response");
    let response = rt::Response::from_http(&GET_CALL, ok);
    assert_eq!(response.operation().name, "get_call");
    assert_eq!(response.json::<Call>().expect("decoded").id, "77");

    let empty = http::Response::builder()
        .status(204)
        .body(Vec::new())
        .expect("response");
    let response = rt::Response::from_http(&GET_CALL, empty);
    response.json::<()>().expect("unit from empty body");
    assert!(response.json::<Option<Call>>().expect("none").is_none());
    match response.json::<Call>() {
        Err(Error::Decode {
            status,
            path,
            message,
            ..
        }) => {
            assert_eq!(status, 204);
            assert_eq!(path, ".");
            assert!(message.contains("empty"), "{message}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }

    let trailing = http::Response::builder()
        .status(200)
        .body(r#"{"id":"1"} junk"#)
        .expect("response");
    assert!(matches!(
        rt::Response::from_http(&GET_CALL, trailing).json::<Call>(),
        Err(Error::Decode { .. })
    ));

    let dated = http::Response::builder()
        .status(503)
        .header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")
        .body("")
        .expect("response");
    let api = api_error(rt::Response::from_http(&GET_CALL, dated).into_error());
    // A date in the past means "retry now".
    assert_eq!(api.retry_after, Some(Duration::ZERO));
    assert!(api.body.is_none());
}
