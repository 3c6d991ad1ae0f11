//! `toolkit::signature` against test vectors computed by an independent implementation
//! (Python's hashlib/hmac/base64: `scripts/signature_vectors.py`, output committed as
//! `tests/data/signature_vectors.json`), plus the signing helpers and the verifier's options.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue};
use hubspot_calling::toolkit::signature::{
    self, public_uri, sign_request, v3_uri, SignatureError, SignatureVersion, Verifier,
};
use serde::Deserialize;

const VECTORS: &str = include_str!("data/signature_vectors.json");

#[derive(Debug, Deserialize)]
struct File {
    docs_examples: DocsExamples,
    vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
struct DocsExamples {
    v1: DocsExample,
    v2: DocsExample,
}

#[derive(Debug, Deserialize)]
struct DocsExample {
    secret: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    uri: String,
    body: String,
    signature: String,
}

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    secret: String,
    method: String,
    uri: String,
    body: String,
    headers: std::collections::BTreeMap<String, String>,
    now_ms: u64,
    expect: String,
}

fn file() -> File {
    serde_json::from_str(VECTORS).expect("tests/data/signature_vectors.json")
}

impl Vector {
    fn headers(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in &self.headers {
            map.insert(
                HeaderName::from_bytes(name.as_bytes()).expect("header name"),
                HeaderValue::from_str(value).expect("header value"),
            );
        }
        map
    }

    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(self.now_ms)
    }

    fn verify(&self, verifier: &Verifier) -> Result<SignatureVersion, SignatureError> {
        verifier.verify_at(
            &self.method,
            &self.uri,
            &self.headers(),
            self.body.as_bytes(),
            self.now(),
        )
    }
}

/// The outcome in the vocabulary of the vectors file.
fn outcome(result: &Result<SignatureVersion, SignatureError>) -> String {
    match result {
        Ok(version) => format!("ok:{version}"),
        Err(SignatureError::Missing) => "missing".into(),
        Err(SignatureError::MissingTimestamp) => "missing_timestamp".into(),
        Err(SignatureError::InvalidTimestamp { .. }) => "invalid_timestamp".into(),
        Err(SignatureError::Expired { .. }) => "expired".into(),
        Err(SignatureError::InFuture { .. }) => "in_future".into(),
        Err(SignatureError::Malformed { .. }) => "malformed".into(),
        Err(SignatureError::Mismatch { .. }) => "mismatch".into(),
        Err(other) => format!("other: {other}"),
    }
}

#[test]
fn python_vectors_verify_as_expected() {
    let file = file();
    assert!(file.vectors.len() >= 30, "the vectors file is incomplete");
    let mut failures = Vec::new();
    for vector in &file.vectors {
        let verifier = Verifier::new(&vector.secret);
        let got = outcome(&vector.verify(&verifier));
        if got != vector.expect {
            failures.push(format!(
                "{}: expected {}, got {got}",
                vector.name, vector.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The Rust signing functions produce the same signatures as Python for every accepted vector.
#[test]
fn rust_signatures_equal_python_signatures() {
    let file = file();
    let mut checked = 0;
    for vector in file.vectors.iter().filter(|v| v.expect.starts_with("ok:")) {
        let body = vector.body.as_bytes();
        if let Some(given) = vector.headers.get("X-HubSpot-Signature-v3") {
            let timestamp = &vector.headers["X-HubSpot-Request-Timestamp"];
            let ours =
                signature::sign_v3(&vector.secret, &vector.method, &vector.uri, body, timestamp);
            assert_eq!(&ours, given, "{}", vector.name);
        } else {
            let ours = match vector.headers["X-HubSpot-Signature-Version"].as_str() {
                "v1" => signature::sign_v1(&vector.secret, body),
                _ => signature::sign_v2(&vector.secret, &vector.method, &vector.uri, body),
            };
            assert!(
                ours.eq_ignore_ascii_case(&vector.headers["X-HubSpot-Signature"]),
                "{}",
                vector.name
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} accepted vectors");
}

/// The examples printed in HubSpot's docs ("Validating requests from HubSpot").
#[test]
fn hubspot_docs_examples() {
    let docs = file().docs_examples;
    assert_eq!(
        signature::sign_v1(&docs.v1.secret, docs.v1.body.as_bytes()),
        docs.v1.signature
    );
    assert_eq!(
        docs.v1.signature,
        "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
    );
    assert_eq!(
        signature::sign_v2(
            &docs.v2.secret,
            &docs.v2.method,
            &docs.v2.uri,
            docs.v2.body.as_bytes()
        ),
        "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"
    );
    assert_eq!(
        docs.v2.signature,
        "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"
    );
}

#[test]
fn require_v3_rejects_legacy_signatures() {
    let file = file();
    let verifier_for = |secret: &str| Verifier::new(secret).require_v3();
    let mut legacy = 0;
    for vector in file
        .vectors
        .iter()
        .filter(|v| v.expect == "ok:v1" || v.expect == "ok:v2")
    {
        let result = vector.verify(&verifier_for(&vector.secret));
        assert!(
            matches!(result, Err(SignatureError::LegacyRejected { .. })),
            "{}: {result:?}",
            vector.name
        );
        legacy += 1;
    }
    assert!(legacy >= 5);
    // v3 still verifies.
    let v3 = file.vectors.iter().find(|v| v.expect == "ok:v3").unwrap();
    assert_eq!(
        v3.verify(&verifier_for(&v3.secret)).unwrap(),
        SignatureVersion::V3
    );
}

#[test]
fn window_and_skew_are_configurable() {
    let file = file();
    let stale = file
        .vectors
        .iter()
        .find(|v| v.expect == "expired")
        .expect("a stale vector");
    let lenient = Verifier::new(&stale.secret).max_age(Duration::from_secs(600));
    assert_eq!(stale.verify(&lenient).unwrap(), SignatureVersion::V3);
    let error = stale.verify(&Verifier::new(&stale.secret)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the request is too old: signed 300001 ms ago, more than the 300000 ms allowed"
    );

    let future = file
        .vectors
        .iter()
        .find(|v| v.expect == "in_future")
        .unwrap();
    let skewed = Verifier::new(&future.secret).max_future_skew(Duration::from_secs(60));
    assert_eq!(future.verify(&skewed).unwrap(), SignatureVersion::V3);
}

#[test]
fn v3_uri_decodes_exactly_the_documented_characters() {
    assert_eq!(
        v3_uri("%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B"),
        ":/?@!$'()*,;"
    );
    assert_eq!(v3_uri("%3a%2f%3f%2a%2c%3b"), ":/?*,;");
    // Not in the table: kept.
    assert_eq!(
        v3_uri("%20%22%23%25%26%2B%3D%5B%5D%7E"),
        "%20%22%23%25%26%2B%3D%5B%5D%7E"
    );
    // Truncated or invalid escapes are kept as they are.
    assert_eq!(v3_uri("a%3"), "a%3");
    assert_eq!(v3_uri("a%"), "a%");
    assert_eq!(v3_uri("%%3A"), "%:");
    assert_eq!(v3_uri("é%40ü"), "é@ü");
}

#[test]
fn signed_http_requests_verify_and_tampering_is_detected() {
    let secret = "app-client-secret";
    let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000);
    for version in [
        SignatureVersion::V1,
        SignatureVersion::V2,
        SignatureVersion::V3,
    ] {
        let mut request = http::Request::builder()
            .method("POST")
            .uri("https://calling-app.example.com/hubspot/channel-connection?portalId=62515")
            .body(br#"{"appId":1,"portalId":62515,"userId":7}"#.to_vec())
            .unwrap();
        sign_request(secret, &mut request, version, now).unwrap();
        let verifier = Verifier::new(secret);
        let verify = |request: &http::Request<Vec<u8>>| {
            verifier.verify_at(
                request.method().as_str(),
                &request.uri().to_string(),
                request.headers(),
                request.body(),
                now + Duration::from_secs(1),
            )
        };
        assert_eq!(verify(&request).unwrap(), version);

        let mut tampered = request.clone();
        tampered.body_mut()[9] = b'2';
        assert!(
            matches!(verify(&tampered), Err(SignatureError::Mismatch { version: v }) if v == version),
            "{version}"
        );
        assert!(Verifier::new("another secret")
            .verify_at(
                "POST",
                &request.uri().to_string(),
                request.headers(),
                request.body(),
                now
            )
            .is_err());
    }
}

#[test]
fn verify_request_uses_the_public_base_url() {
    let secret = "app-client-secret";
    // Signed for the public URL...
    let mut signed = http::Request::builder()
        .method("POST")
        .uri("https://calling-app.example.com/hubspot/channel-connection?x=%40")
        .body(b"{}".to_vec())
        .unwrap();
    sign_request(secret, &mut signed, SignatureVersion::V3, SystemTime::now()).unwrap();
    // ...received by the server behind a proxy, in origin form.
    let (mut parts, body) = signed.into_parts();
    parts.uri = "/hubspot/channel-connection?x=%40".parse().unwrap();
    let received = http::Request::from_parts(parts, body);
    let verifier = Verifier::new(secret);
    assert_eq!(
        verifier
            .verify_request("https://calling-app.example.com/", &received)
            .unwrap(),
        SignatureVersion::V3
    );
    assert!(verifier
        .verify_request("http://127.0.0.1:3000", &received)
        .is_err());
    assert_eq!(
        public_uri("https://a.example.com/", &"/p?q=1".parse().unwrap()),
        "https://a.example.com/p?q=1"
    );
}

#[test]
fn errors_and_debug_never_show_the_secret() {
    let verifier = Verifier::new("super-secret-value");
    assert!(!format!("{verifier:?}").contains("super-secret-value"));
    let error = verifier
        .verify_at(
            "POST",
            "https://x",
            &HeaderMap::new(),
            b"",
            SystemTime::now(),
        )
        .unwrap_err();
    assert_eq!(error, SignatureError::Missing);
    let mut headers = HeaderMap::new();
    headers.insert("x-hubspot-signature", HeaderValue::from_static("00"));
    headers.insert(
        "x-hubspot-signature-version",
        HeaderValue::from_static("v9"),
    );
    assert_eq!(
        verifier
            .verify_at("POST", "https://x", &headers, b"", SystemTime::now())
            .unwrap_err(),
        SignatureError::UnknownVersion {
            version: Some("v9".into())
        }
    );
}
