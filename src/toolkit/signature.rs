//! HubSpot request signatures: check that a request to your app (a webhook, the
//! channel-connection webhook, ...) comes from HubSpot, and sign test requests the same way.
//!
//! HubSpot signs its requests with the app's client secret (HubSpot docs: "Validating requests
//! from HubSpot"):
//!
//! | version | header | value |
//! |---|---|---|
//! | v3 | `X-HubSpot-Signature-v3`, with `X-HubSpot-Request-Timestamp` (ms) | base64 of HMAC-SHA256, keyed by the client secret, of method + URI + body + timestamp |
//! | v2 | `X-HubSpot-Signature`, with `X-HubSpot-Signature-Version: v2` | hex SHA-256 of client secret + method + URI + body |
//! | v1 | `X-HubSpot-Signature`, with `X-HubSpot-Signature-Version: v1` | hex SHA-256 of client secret + body |
//!
//! For v3, the URI is the full URI HubSpot called (`https://example.com/webhook?x=1`) in which
//! the URL-encoded characters `%3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B` are decoded to `: / ? @ ! $ ' ( ) * , ;` ([`v3_uri`]); every other escape (`%20`,
//! `%26`, `%3D`, ...) stays as it is. Requests whose timestamp is more than 5 minutes old are
//! rejected. For v2, the URI must match the original request exactly.
//!
//! [`Verifier`] works on the raw body bytes (verify before parsing: re-serialized JSON does not
//! match), compares in constant time (`hmac`'s `verify_slice` for v3, `subtle` for v1 and v2),
//! and picks the version from the headers: v3 when `X-HubSpot-Signature-v3` is present,
//! otherwise v1 or v2 as `X-HubSpot-Signature-Version` says. v1 and v2 carry no timestamp, so a
//! captured request can be replayed: use [`Verifier::require_v3`] when your endpoint only ever
//! receives v3 signatures.
//!
//! ```
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
//! use hubspot_calling::toolkit::signature::{self, SignatureVersion, Verifier};
//!
//! let secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
//! let body = br#"{"appId":1234567,"portalId":62515,"userId":1001}"#;
//! let uri = "https://example.com/hubspot/channel-connection";
//! let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000);
//!
//! // What HubSpot sends (here produced with the signing helpers):
//! let mut headers = http::HeaderMap::new();
//! headers.insert("x-hubspot-request-timestamp", "1700000000000".parse()?);
//! headers.insert(
//!     "x-hubspot-signature-v3",
//!     signature::sign_v3(secret, "POST", uri, body, "1700000000000").parse()?,
//! );
//!
//! let verifier = Verifier::new(secret);
//! assert_eq!(verifier.verify_at("POST", uri, &headers, body, now)?, SignatureVersion::V3);
//! // A changed body does not verify.
//! assert!(verifier.verify_at("POST", uri, &headers, b"{}", now).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use http::header::{HeaderMap, HeaderName, HeaderValue, InvalidHeaderValue};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// `X-HubSpot-Signature-v3`: the v3 signature (base64).
pub const SIGNATURE_V3_HEADER: HeaderName = HeaderName::from_static("x-hubspot-signature-v3");
/// `X-HubSpot-Request-Timestamp`: when HubSpot sent the request, in milliseconds since the Unix
/// epoch; part of the v3 signature.
pub const TIMESTAMP_HEADER: HeaderName = HeaderName::from_static("x-hubspot-request-timestamp");
/// `X-HubSpot-Signature`: the v1 or v2 signature (hex).
pub const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("x-hubspot-signature");
/// `X-HubSpot-Signature-Version`: `v1` or `v2`, the version of `X-HubSpot-Signature`.
pub const SIGNATURE_VERSION_HEADER: HeaderName =
    HeaderName::from_static("x-hubspot-signature-version");

/// How old a v3-signed request may be: 5 minutes, as HubSpot's docs require.
pub const MAX_AGE: Duration = Duration::from_secs(5 * 60);
/// How far in the future a v3 timestamp may be, by default, to allow for clock skew between
/// HubSpot and your server.
pub const DEFAULT_MAX_FUTURE_SKEW: Duration = Duration::from_secs(30);

/// The version of a HubSpot request signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureVersion {
    /// SHA-256 of client secret + body.
    V1,
    /// SHA-256 of client secret + method + URI + body.
    V2,
    /// HMAC-SHA256 of method + URI + body + timestamp, keyed by the client secret.
    V3,
}

impl fmt::Display for SignatureVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::V1 => "v1",
            Self::V2 => "v2",
            Self::V3 => "v3",
        })
    }
}

/// Why a request's signature was not accepted. The messages never contain the client secret or
/// the expected signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// Neither `X-HubSpot-Signature-v3` nor `X-HubSpot-Signature` is present.
    #[error(
        "the request carries no HubSpot signature (no X-HubSpot-Signature-v3 and no \
         X-HubSpot-Signature header)"
    )]
    Missing,
    /// `X-HubSpot-Signature-v3` without `X-HubSpot-Request-Timestamp`.
    #[error("X-HubSpot-Signature-v3 is present but X-HubSpot-Request-Timestamp is missing")]
    MissingTimestamp,
    /// `X-HubSpot-Request-Timestamp` is not a whole number of milliseconds.
    #[error("X-HubSpot-Request-Timestamp {value:?} is not a number of milliseconds since the Unix epoch")]
    InvalidTimestamp {
        /// The header value.
        value: String,
    },
    /// The v3 timestamp is older than allowed (5 minutes by default).
    #[error(
        "the request is too old: signed {} ms ago, more than the {} ms allowed",
        .age.as_millis(),
        .max_age.as_millis()
    )]
    Expired {
        /// How old the request is.
        age: Duration,
        /// The largest age accepted.
        max_age: Duration,
    },
    /// The v3 timestamp is further in the future than the clock skew allowed.
    #[error(
        "the request timestamp is {} ms in the future, more than the {} ms of clock skew allowed",
        .ahead.as_millis(),
        .max_skew.as_millis()
    )]
    InFuture {
        /// How far ahead of the local clock the timestamp is.
        ahead: Duration,
        /// The largest skew accepted.
        max_skew: Duration,
    },
    /// `X-HubSpot-Signature` is present but `X-HubSpot-Signature-Version` is missing or not
    /// `v1` / `v2`.
    #[error("X-HubSpot-Signature-Version is {version:?}; expected v1 or v2")]
    UnknownVersion {
        /// The header value (`None` when missing).
        version: Option<String>,
    },
    /// A v1 or v2 signature, and the verifier was built with [`Verifier::require_v3`].
    #[error(
        "{version} signatures are not accepted: this endpoint requires X-HubSpot-Signature-v3"
    )]
    LegacyRejected {
        /// The version the request used.
        version: SignatureVersion,
    },
    /// The signature is not valid base64 (v3) or hex SHA-256 (v1, v2).
    #[error("the {version} signature is malformed: {reason}")]
    Malformed {
        /// The version.
        version: SignatureVersion,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signature does not match the request.
    #[error(
        "the {version} signature does not match: wrong client secret, or the method, URI, body \
         or timestamp differ from what HubSpot signed"
    )]
    Mismatch {
        /// The version.
        version: SignatureVersion,
    },
}

/// The URI as HubSpot signs it for v3: the URL-encoded characters `%3A %2F %3F %40 %21 %24 %27
/// %28 %29 %2A %2C %3B` (either case of hex digit) decoded, in one pass; everything else as is.
///
/// ```
/// use hubspot_calling::toolkit::signature::v3_uri;
/// assert_eq!(
///     v3_uri("https://example.com/hook?email=a%40b.com&redirect=https%3A%2F%2Fx.io&q=a%20b%26c"),
///     "https://example.com/hook?email=a@b.com&redirect=https://x.io&q=a%20b%26c",
/// );
/// // One pass: an encoded percent sign stays encoded.
/// assert_eq!(v3_uri("https://example.com/a%253A"), "https://example.com/a%253A");
/// ```
pub fn v3_uri(uri: &str) -> Cow<'_, str> {
    fn decoded(hi: u8, lo: u8) -> Option<u8> {
        let byte = match (hi, lo.to_ascii_uppercase()) {
            (b'3', b'A') => b':',
            (b'2', b'F') => b'/',
            (b'3', b'F') => b'?',
            (b'4', b'0') => b'@',
            (b'2', b'1') => b'!',
            (b'2', b'4') => b'$',
            (b'2', b'7') => b'\'',
            (b'2', b'8') => b'(',
            (b'2', b'9') => b')',
            (b'2', b'A') => b'*',
            (b'2', b'C') => b',',
            (b'3', b'B') => b';',
            _ => return None,
        };
        Some(byte)
    }
    let bytes = uri.as_bytes();
    if !bytes.contains(&b'%') {
        return Cow::Borrowed(uri);
    }
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let tail = &rest.as_bytes()[at..];
        let replacement = match (tail.get(1), tail.get(2)) {
            (Some(&hi), Some(&lo)) => decoded(hi, lo),
            _ => None,
        };
        match replacement {
            // The two bytes after `%` are ASCII, so `at + 3` is a character boundary.
            Some(byte) => {
                out.push(char::from(byte));
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hex_encode(&hasher.finalize())
}

fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

fn v3_mac(
    client_secret: &str,
    method: &str,
    uri: &str,
    body: &[u8],
    timestamp: &str,
) -> HmacSha256 {
    // HMAC accepts keys of any length, so `new_from_slice` never fails and the fallback is
    // never taken; it only keeps this function free of panicking calls.
    let mut mac = HmacSha256::new_from_slice(client_secret.as_bytes())
        .unwrap_or_else(|_| <HmacSha256 as Mac>::new(&Default::default()));
    mac.update(method.as_bytes());
    mac.update(v3_uri(uri).as_bytes());
    mac.update(body);
    mac.update(timestamp.as_bytes());
    mac
}

/// The v1 signature: hex SHA-256 of `client_secret` + `body`.
pub fn sign_v1(client_secret: &str, body: &[u8]) -> String {
    sha256_hex(&[client_secret.as_bytes(), body])
}

/// The v2 signature: hex SHA-256 of `client_secret` + `method` + `uri` + `body`.
pub fn sign_v2(client_secret: &str, method: &str, uri: &str, body: &[u8]) -> String {
    sha256_hex(&[
        client_secret.as_bytes(),
        method.as_bytes(),
        uri.as_bytes(),
        body,
    ])
}

/// The v3 signature: base64 of HMAC-SHA256, keyed by `client_secret`, of `method` +
/// [`v3_uri`]`(uri)` + `body` + `timestamp` (the `X-HubSpot-Request-Timestamp` value, in
/// milliseconds).
pub fn sign_v3(
    client_secret: &str,
    method: &str,
    uri: &str,
    body: &[u8],
    timestamp: &str,
) -> String {
    let mac = v3_mac(client_secret, method, uri, body, timestamp);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Milliseconds since the Unix epoch (0 before it).
fn epoch_millis(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// Signs `request` as HubSpot would, with the given version, and sets the headers HubSpot sets:
/// `X-HubSpot-Signature-v3` and `X-HubSpot-Request-Timestamp` (`now`) for v3,
/// `X-HubSpot-Signature` and `X-HubSpot-Signature-Version` for v1 and v2. The URI signed is the
/// request's URI as written (absolute, as `build_request()` of the generated builders makes it).
///
/// Use it to test your own endpoint, e.g. on the request of
/// `client.channel_connection_webhook().list_phone_numbers(body).build_request()`.
///
/// # Errors
/// Never in practice (signatures and timestamps are valid header values); the type says it.
pub fn sign_request<B: AsRef<[u8]>>(
    client_secret: &str,
    request: &mut http::Request<B>,
    version: SignatureVersion,
    now: SystemTime,
) -> Result<(), InvalidHeaderValue> {
    let method = request.method().as_str().to_owned();
    let uri = request.uri().to_string();
    let body = request.body().as_ref();
    let headers: Vec<(HeaderName, String)> = match version {
        SignatureVersion::V3 => {
            let timestamp = epoch_millis(now).to_string();
            vec![
                (
                    SIGNATURE_V3_HEADER,
                    sign_v3(client_secret, &method, &uri, body, &timestamp),
                ),
                (TIMESTAMP_HEADER, timestamp),
            ]
        }
        SignatureVersion::V2 => vec![
            (
                SIGNATURE_HEADER,
                sign_v2(client_secret, &method, &uri, body),
            ),
            (SIGNATURE_VERSION_HEADER, "v2".to_owned()),
        ],
        SignatureVersion::V1 => vec![
            (SIGNATURE_HEADER, sign_v1(client_secret, body)),
            (SIGNATURE_VERSION_HEADER, "v1".to_owned()),
        ],
    };
    for (name, value) in headers {
        request
            .headers_mut()
            .insert(name, HeaderValue::from_str(&value)?);
    }
    Ok(())
}

/// The full URI HubSpot called, from your app's public base URL (`https://example.com`, as
/// registered with HubSpot, without a trailing slash needed) and the path and query of the
/// request your server received (behind a proxy, the request's own Host may differ from the
/// public one).
pub fn public_uri(public_base_url: &str, request_uri: &http::Uri) -> String {
    let path_and_query = request_uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    format!(
        "{}{}",
        public_base_url.trim_end_matches('/'),
        path_and_query
    )
}

/// Checks HubSpot's signatures on incoming requests, with your app's client secret.
///
/// Cheap to clone. `Debug` does not show the secret.
#[derive(Clone)]
pub struct Verifier {
    client_secret: String,
    max_age: Duration,
    max_future_skew: Duration,
    accept_legacy: bool,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("client_secret", &"<redacted>")
            .field("max_age", &self.max_age)
            .field("max_future_skew", &self.max_future_skew)
            .field("accept_legacy", &self.accept_legacy)
            .finish()
    }
}

impl Verifier {
    /// A verifier for the app with this client secret: v3 with a 5-minute window and
    /// [`DEFAULT_MAX_FUTURE_SKEW`], and v1 / v2 when a request has no v3 signature.
    pub fn new(client_secret: impl Into<String>) -> Self {
        Self {
            client_secret: client_secret.into(),
            max_age: MAX_AGE,
            max_future_skew: DEFAULT_MAX_FUTURE_SKEW,
            accept_legacy: true,
        }
    }

    /// How old a v3 timestamp may be (default [`MAX_AGE`], 5 minutes, as HubSpot's docs say).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// How far in the future a v3 timestamp may be (default [`DEFAULT_MAX_FUTURE_SKEW`]).
    pub fn max_future_skew(mut self, max_future_skew: Duration) -> Self {
        self.max_future_skew = max_future_skew;
        self
    }

    /// Accept only v3 signatures: v1 and v2 have no timestamp, so a captured request could be
    /// replayed.
    pub fn require_v3(mut self) -> Self {
        self.accept_legacy = false;
        self
    }

    /// Verifies a request with the current time. `uri` is the full URI HubSpot called
    /// (see [`public_uri`]), `body` the raw body bytes.
    ///
    /// Returns the version that verified.
    ///
    /// # Errors
    /// See [`SignatureError`].
    pub fn verify(
        &self,
        method: &str,
        uri: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<SignatureVersion, SignatureError> {
        self.verify_at(method, uri, headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) at a given time.
    ///
    /// # Errors
    /// See [`SignatureError`].
    pub fn verify_at(
        &self,
        method: &str,
        uri: &str,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<SignatureVersion, SignatureError> {
        let header = |name: &HeaderName| {
            headers
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
        };
        if let Some(signature) = header(&SIGNATURE_V3_HEADER) {
            let timestamp = header(&TIMESTAMP_HEADER).ok_or(SignatureError::MissingTimestamp)?;
            self.verify_v3(method, uri, body, &timestamp, &signature, now)?;
            return Ok(SignatureVersion::V3);
        }
        let signature = header(&SIGNATURE_HEADER).ok_or(SignatureError::Missing)?;
        let version = match header(&SIGNATURE_VERSION_HEADER).as_deref() {
            Some(v) if v.eq_ignore_ascii_case("v1") => SignatureVersion::V1,
            Some(v) if v.eq_ignore_ascii_case("v2") => SignatureVersion::V2,
            other => {
                return Err(SignatureError::UnknownVersion {
                    version: other.map(str::to_owned),
                })
            }
        };
        match version {
            SignatureVersion::V1 => self.verify_v1(body, &signature)?,
            _ => self.verify_v2(method, uri, body, &signature)?,
        }
        Ok(version)
    }

    /// Verifies an [`http::Request`] whose body is the raw bytes. `public_base_url` is your
    /// app's public origin (e.g. `https://example.com`), joined with the request's path and
    /// query by [`public_uri`].
    ///
    /// # Errors
    /// See [`SignatureError`].
    pub fn verify_request<B: AsRef<[u8]>>(
        &self,
        public_base_url: &str,
        request: &http::Request<B>,
    ) -> Result<SignatureVersion, SignatureError> {
        self.verify(
            request.method().as_str(),
            &public_uri(public_base_url, request.uri()),
            request.headers(),
            request.body().as_ref(),
        )
    }

    /// Verifies a v3 signature: the timestamp first (not older than the maximum age, not
    /// further ahead than the skew), then the HMAC, in constant time.
    ///
    /// # Errors
    /// [`SignatureError::InvalidTimestamp`], [`SignatureError::Expired`],
    /// [`SignatureError::InFuture`], [`SignatureError::Malformed`], [`SignatureError::Mismatch`].
    pub fn verify_v3(
        &self,
        method: &str,
        uri: &str,
        body: &[u8],
        timestamp: &str,
        signature: &str,
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        let invalid = || SignatureError::InvalidTimestamp {
            value: timestamp.to_owned(),
        };
        if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let sent: u128 = timestamp.parse().map_err(|_| invalid())?;
        let now_ms = epoch_millis(now);
        let to_duration = |ms: u128| Duration::from_millis(u64::try_from(ms).unwrap_or(u64::MAX));
        if sent > now_ms {
            let ahead = to_duration(sent - now_ms);
            if ahead > self.max_future_skew {
                return Err(SignatureError::InFuture {
                    ahead,
                    max_skew: self.max_future_skew,
                });
            }
        } else {
            let age = to_duration(now_ms - sent);
            if age > self.max_age {
                return Err(SignatureError::Expired {
                    age,
                    max_age: self.max_age,
                });
            }
        }
        let given = base64::engine::general_purpose::STANDARD
            .decode(signature.trim())
            .map_err(|_| SignatureError::Malformed {
                version: SignatureVersion::V3,
                reason: "not base64",
            })?;
        v3_mac(&self.client_secret, method, uri, body, timestamp)
            .verify_slice(&given)
            .map_err(|_| SignatureError::Mismatch {
                version: SignatureVersion::V3,
            })
    }

    /// Verifies a v2 signature (constant-time comparison).
    ///
    /// # Errors
    /// [`SignatureError::LegacyRejected`] (with [`require_v3`](Self::require_v3)),
    /// [`SignatureError::Malformed`], [`SignatureError::Mismatch`].
    pub fn verify_v2(
        &self,
        method: &str,
        uri: &str,
        body: &[u8],
        signature: &str,
    ) -> Result<(), SignatureError> {
        let expected = sign_v2(&self.client_secret, method, uri, body);
        self.compare_hex(SignatureVersion::V2, &expected, signature)
    }

    /// Verifies a v1 signature (constant-time comparison).
    ///
    /// # Errors
    /// [`SignatureError::LegacyRejected`] (with [`require_v3`](Self::require_v3)),
    /// [`SignatureError::Malformed`], [`SignatureError::Mismatch`].
    pub fn verify_v1(&self, body: &[u8], signature: &str) -> Result<(), SignatureError> {
        let expected = sign_v1(&self.client_secret, body);
        self.compare_hex(SignatureVersion::V1, &expected, signature)
    }

    fn compare_hex(
        &self,
        version: SignatureVersion,
        expected_hex: &str,
        given_hex: &str,
    ) -> Result<(), SignatureError> {
        if !self.accept_legacy {
            return Err(SignatureError::LegacyRejected { version });
        }
        let malformed = SignatureError::Malformed {
            version,
            reason: "not a hex-encoded SHA-256 digest (64 hex digits)",
        };
        let given = hex_decode(given_hex.trim()).ok_or(malformed.clone())?;
        if given.len() != 32 {
            return Err(malformed);
        }
        let expected = hex_decode(expected_hex).unwrap_or_default();
        if bool::from(expected.ct_eq(&given)) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch { version })
        }
    }
}
