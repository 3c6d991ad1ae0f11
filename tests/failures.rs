//! What errors say (issue 8 §7): every `Error` `Display` is one line whatever the server sent
//! (an HTML error page, messages and JSON keys with line breaks), and a failure below HTTP says
//! what happened, told apart with raw tokio TCP servers that misbehave each one way.

#[allow(dead_code)] // a generated module: not every item is used here
#[path = "abi/as_generated.rs"]
mod as_generated;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use futures_util::StreamExt;
use hubspot_calling::{Client, ClientBuilder, Error, RetryPolicy, TransportFailure};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use as_generated::CallsApi;

const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";

/// A multi-line HTML error page, as proxies and load balancers send them.
const HTML: &str = "<!DOCTYPE html>\n<html>\n<head>\n  <title>502 Bad Gateway</title>\n</head>\n\
                    <body>\n  <h1>Bad Gateway</h1>\r\n  <p>The upstream\tserver\n\n failed.</p>\n\
                    </body>\n</html>\n";

/// Log output of every test of this binary, from one global subscriber installed before any test
/// sends (see `tests/secrets.rs` for why not one per test).
fn logs() -> &'static Logs {
    static LOGS: OnceLock<Logs> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Logs::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(logs.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        logs
    })
}

#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn builder(base: &str) -> ClientBuilder {
    logs();
    Client::builder()
        .base_url(base)
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::none())
}

fn assert_one_line(error: &Error) {
    let shown = error.to_string();
    assert!(
        !shown.contains('\n') && !shown.contains('\r'),
        "not one line:\n{shown}"
    );
}

#[tokio::test]
async fn every_error_display_is_one_line() {
    let server = MockServer::start().await;
    let calls = "/crm/v3/objects/calls";
    let routes = [
        (
            "html",
            ResponseTemplate::new(502).set_body_raw(HTML, "text/html"),
        ),
        (
            "html-429",
            ResponseTemplate::new(429).set_body_raw(HTML, "text/html"),
        ),
        (
            "html-ok",
            ResponseTemplate::new(200).set_body_raw(HTML, "text/html"),
        ),
        (
            "html-as-json",
            ResponseTemplate::new(200).set_body_raw(HTML, "application/json"),
        ),
        (
            "messages",
            ResponseTemplate::new(400).set_body_json(json!({
                "category": "VALIDATION\nERROR", "message": "Property values\nwere not valid",
                "correlationId": "id\n1", "errors": [{"message": "first\r\nproblem"}]})),
        ),
        (
            "key",
            ResponseTemplate::new(200).set_body_json(json!({
                "id": "1", "createdAt": "2024-01-15T10:30:00Z",
                "properties": {"line\nbreak": 5}})),
        ),
    ];
    for (name, response) in routes {
        Mock::given(method("GET"))
            .and(path(format!("{calls}/{name}")))
            .respond_with(response)
            .mount(&server)
            .await;
    }
    // The same cursor, with a line break, every page.
    Mock::given(method("GET"))
        .and(path(calls))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"results": [], "paging": {"next": {"after": "next\npage"}}})),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().expect("client");
    let api = CallsApi::new(client.clone());

    let mut errors = Vec::new();
    for name in [
        "html",
        "html-429",
        "html-ok",
        "html-as-json",
        "messages",
        "key",
    ] {
        let generated = client.calls().get_call_by_id(name).send().await;
        errors.push(generated.expect_err(name));
    }
    errors.push(
        api.list_calls()
            .stream()
            .collect::<Vec<_>>()
            .await
            .pop()
            .expect("an item")
            .expect_err("the paging error"),
    );
    errors.push(
        api.get_call_by_id("1")
            .with_header("x-bad\nname", "value")
            .send()
            .await
            .expect_err("invalid header"),
    );
    errors.push(
        Client::builder()
            .base_url(server.uri())
            .build()
            .expect("client")
            .calls()
            .get_call_by_id("1")
            .send()
            .await
            .expect_err("no credential"),
    );
    errors.push(
        Client::builder()
            .base_url("http://exa mple.test/\n")
            .build()
            .expect_err("bad base URL"),
    );
    errors.push(
        builder(&raw_server(Misbehaviour::HalfHeaders).await)
            .build()
            .expect("client")
            .calls()
            .get_call_by_id("1")
            .send()
            .await
            .expect_err("closed"),
    );

    let variants: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::Api(_) => "Api",
            Error::RateLimited(_) => "RateLimited",
            Error::UnexpectedContentType { .. } => "UnexpectedContentType",
            Error::Decode { .. } => "Decode",
            Error::Paging { .. } => "Paging",
            Error::InvalidRequest { .. } => "InvalidRequest",
            Error::MissingCredential { .. } => "MissingCredential",
            Error::Config { .. } => "Config",
            Error::Transport { .. } => "Transport",
            _ => "other",
        })
        .collect();
    assert_eq!(
        variants,
        [
            "Api",
            "RateLimited",
            "UnexpectedContentType",
            "Decode",
            "Api",
            "Decode",
            "Paging",
            "InvalidRequest",
            "MissingCredential",
            "Config",
            "Transport"
        ]
    );
    for error in &errors {
        assert_one_line(error);
    }
    // The page reads as one line of text; the fields keep what the server sent.
    assert!(
        errors[0]
            .to_string()
            .contains("<!DOCTYPE html> <html> <head> <title>502 Bad Gateway</title>"),
        "{}",
        errors[0]
    );
    assert!(errors[0].api_error().expect("api").raw_body.contains('\n'));
    assert!(
        errors[4].to_string().starts_with(
            "HTTP 400 VALIDATION ERROR: Property values were not valid [first problem] \
             (correlationId id 1,"
        ),
        "{}",
        errors[4]
    );
    assert!(
        errors[5].to_string().contains("at `properties.line break`"),
        "{}",
        errors[5]
    );
}

/// How a raw server misbehaves after reading the request.
#[derive(Clone, Copy)]
enum Misbehaviour {
    /// Closes the connection without answering.
    Close,
    /// Sends part of the status line and headers, then closes.
    HalfHeaders,
    /// Announces 400 bytes of body, sends 60, then closes.
    ShortBody,
    /// A chunked body that stops after one chunk of 5 bytes.
    ShortChunked,
    /// Sends nothing, keeps the connection open.
    Stall,
    /// Sends the headers and part of the body, then keeps the connection open.
    StallInBody,
    /// Resets the connection (RST).
    Reset,
    /// Answers with something that is not HTTP.
    Garbage,
}

/// A server that misbehaves with each connection; returns its `http://` base URL.
async fn raw_server(misbehaviour: Misbehaviour) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = vec![0u8; 8192];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n";
                let reply = match misbehaviour {
                    Misbehaviour::Close => String::new(),
                    Misbehaviour::HalfHeaders => "HTTP/1.1 200 OK\r\ncontent-ty".to_owned(),
                    Misbehaviour::ShortBody | Misbehaviour::StallInBody => {
                        format!("{head}content-length: 400\r\n\r\n{}", "x".repeat(60))
                    }
                    Misbehaviour::ShortChunked => {
                        format!("{head}transfer-encoding: chunked\r\n\r\n5\r\nhello\r\n")
                    }
                    Misbehaviour::Stall => String::new(),
                    Misbehaviour::Reset => {
                        // A zero linger sends RST on close; it never blocks (the deprecation
                        // is about non-zero ones).
                        #[allow(deprecated)]
                        let _ = socket.set_linger(Some(Duration::ZERO));
                        drop(socket);
                        return;
                    }
                    Misbehaviour::Garbage => "SSH-2.0-OpenSSH_9.6\r\n\r\n".to_owned(),
                };
                let _ = socket.write_all(reply.as_bytes()).await;
                if matches!(
                    misbehaviour,
                    Misbehaviour::Stall | Misbehaviour::StallInBody
                ) {
                    tokio::time::sleep(Duration::from_secs(10)).await;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

/// Sends `get_call_by_id` to `base` with a 500 ms timeout (connecting: 200 ms) and returns the
/// failure.
async fn failure(base: &str) -> Error {
    failure_within(base, Duration::from_millis(200)).await
}

/// As [`failure`], with a connect timeout of `connect` (it covers name resolution too).
async fn failure_within(base: &str, connect: Duration) -> Error {
    builder(base)
        .timeout(connect + Duration::from_millis(300))
        .connect_timeout(connect)
        .build()
        .expect("client")
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("the server misbehaves")
}

fn assert_says(error: &Error, failure: TransportFailure, words: &str) {
    assert_eq!(error.transport_failure(), Some(&failure), "{error:?}");
    let shown = error.to_string();
    assert!(shown.contains(words), "{shown}");
    assert!(!shown.contains("error sending request"), "{shown}");
    assert_one_line(error);
}

#[tokio::test]
async fn a_connection_closed_before_the_response_says_so() {
    for misbehaviour in [Misbehaviour::Close, Misbehaviour::HalfHeaders] {
        let error = failure(&raw_server(misbehaviour).await).await;
        assert_says(
            &error,
            TransportFailure::ClosedBeforeResponse,
            "`get_call_by_id`: the server closed the connection before sending a complete response",
        );
    }
}

#[tokio::test]
async fn a_truncated_body_says_how_much_arrived() {
    let error = failure(&raw_server(Misbehaviour::ShortBody).await).await;
    assert_says(
        &error,
        TransportFailure::Truncated {
            received: Some(60),
            expected: Some(400),
        },
        "the response body ended early (truncated: got 60 of 400 bytes)",
    );
    // The URL of the request is named even though the body error carried none.
    assert!(
        error.to_string().contains("(url http://127.0.0.1:"),
        "{error}"
    );

    // A read is retried, and the retry is logged with what happened.
    let base = raw_server(Misbehaviour::ShortBody).await;
    let error = builder(&base)
        .retry_policy(
            RetryPolicy::default()
                .max_retries(1)
                .backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build()
        .expect("client")
        .calls()
        .get_call_by_id("1")
        .send()
        .await
        .expect_err("cut off twice");
    assert_eq!(error.attempts(), Some(2));
    assert!(error.to_string().contains("(after 2 attempts)"), "{error}");
    let logs = logs().text();
    assert!(
        logs.contains("reason=the response body ended early"),
        "{logs}"
    );

    let error = failure(&raw_server(Misbehaviour::ShortChunked).await).await;
    assert_says(
        &error,
        TransportFailure::Truncated {
            received: Some(5),
            expected: None,
        },
        "the response body ended early (truncated after 5 bytes)",
    );
}

#[tokio::test]
async fn reset_stalled_and_garbled_connections() {
    let error = failure(&raw_server(Misbehaviour::Reset).await).await;
    assert_says(&error, TransportFailure::Reset, "the connection was reset");

    let error = failure(&raw_server(Misbehaviour::Stall).await).await;
    assert!(error.is_timeout());
    assert_says(
        &error,
        TransportFailure::Timeout,
        "request timed out waiting for the response",
    );

    let error = failure(&raw_server(Misbehaviour::StallInBody).await).await;
    assert!(error.is_timeout());
    assert_says(
        &error,
        TransportFailure::BodyTimeout,
        "request timed out reading the response body",
    );

    let error = failure(&raw_server(Misbehaviour::Garbage).await).await;
    assert_says(
        &error,
        TransportFailure::InvalidResponse,
        "the server's answer is not a valid HTTP response",
    );
}

#[tokio::test]
async fn connecting_fails_by_refusal_dns_tls_or_timeout() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let error = failure(&format!("http://{addr}")).await;
    assert!(error.is_connect());
    assert_says(
        &error,
        TransportFailure::Refused,
        "could not connect: the server refused the connection",
    );

    // `.invalid` never resolves (RFC 2606). The connect timeout covers the lookup, and a
    // loaded resolver may take seconds to answer NXDOMAIN (or to give up without network).
    let error = failure_within("http://hubspot-calling.invalid", Duration::from_secs(30)).await;
    assert!(error.is_connect());
    assert_says(
        &error,
        TransportFailure::Dns,
        "could not resolve the host name (DNS)",
    );

    // HTTPS to a server that does not speak TLS.
    let plain = raw_server(Misbehaviour::Garbage).await;
    let error = failure(&plain.replace("http://", "https://")).await;
    assert!(error.is_connect());
    assert_says(
        &error,
        TransportFailure::Tls,
        "could not connect: the TLS handshake failed",
    );

    // A listener that accepts nothing more: its queue (backlog 0) holds one connection, and
    // the next connection attempts go unanswered.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("address"))
        .expect("bind");
    let full = socket.listen(0).expect("listen");
    let addr = full.local_addr().expect("addr");
    let mut queued = Vec::new();
    for _ in 0..4 {
        let connect = tokio::net::TcpStream::connect(addr);
        match tokio::time::timeout(Duration::from_millis(100), connect).await {
            Ok(Ok(stream)) => queued.push(stream),
            _ => break,
        }
    }
    let error = failure(&format!("http://{addr}")).await;
    assert!(error.is_connect() && error.is_timeout(), "{error:?}");
    assert_says(
        &error,
        TransportFailure::ConnectTimeout,
        "could not connect within the connect timeout",
    );
    drop((full, queued));
}
