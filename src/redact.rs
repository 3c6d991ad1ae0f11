//! Keeping secrets out of everything the crate shows: [`Secret`] (a credential whose `Debug` is
//! `<redacted>`) and [`Redactor`] (replaces configured secrets in text, headers and URLs that came
//! from the network).
//!
//! Layer 0: this module imports only the text helpers of layer 0.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use http::header::{HeaderMap, HeaderName, HeaderValue};

use crate::text::one_line;

/// What a redacted secret is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// What a secret inside a header name is replaced with (`<` and `>` are not allowed there).
const REDACTED_NAME: &str = "redacted";

/// The query parameter that carries the developer API key.
const HAPIKEY: &str = "hapikey";

/// A credential. `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret {
    value: String,
}

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Secret {
            value: value.into(),
        }
    }

    pub(crate) fn expose(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// True for headers whose values are credentials: `Authorization`, `Proxy-Authorization`,
/// `Cookie`, and any name containing `key` or `token`.
pub(crate) fn is_sensitive_header(name: &HeaderName) -> bool {
    name == http::header::AUTHORIZATION
        || name == http::header::PROXY_AUTHORIZATION
        || name == http::header::COOKIE
        || name.as_str().contains("key")
        || name.as_str().contains("token")
}

/// Replaces configured secrets in text that came from the network or from URLs.
///
/// Each secret is searched for in the forms a server may echo it in: as given, percent-encoded
/// (`encode` is the same percent-encoding the request uses for query values, passed in so this
/// module stays a leaf; with upper- and lower-case hex digits) and base64 (standard and URL-safe
/// alphabets, of its whole 3-byte groups, so the form is found inside longer base64 text too).
/// A `Bearer ` prefix does not matter: the secret itself is replaced.
///
/// What it returns stays clean when shown on one line ([`one_line`]): collapsing whitespace
/// cannot join a secret that was split by a line break.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    /// The secrets as configured (to add one more).
    raw: Arc<[String]>,
    /// Every form of every secret, longest first.
    forms: Arc<[String]>,
    /// `forms` in ASCII lower case, for text the protocol lower-cases (header names, hosts).
    lower: Arc<[String]>,
}

impl Redactor {
    /// Secrets shorter than this are not searched for in free text: a one-letter test token
    /// would otherwise garble every error body. Real HubSpot tokens and keys are far longer;
    /// headers and the `hapikey` parameter are redacted by name whatever their length.
    const MIN_LEN: usize = 8;

    /// A redactor for `secrets` (raw values; their encoded forms are added with `encode`).
    pub(crate) fn new<'a>(
        secrets: impl IntoIterator<Item = &'a str>,
        encode: impl Fn(&str) -> String,
    ) -> Self {
        let raw: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.len() >= Self::MIN_LEN)
            .map(str::to_owned)
            .collect();
        let mut forms: Vec<String> = raw.iter().flat_map(|s| forms_of(s, &encode)).collect();
        forms.retain(|form| form.len() >= Self::MIN_LEN);
        // Longest first so a secret that contains another is replaced whole.
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        let mut lower: Vec<String> = forms.iter().map(|f| f.to_ascii_lowercase()).collect();
        lower.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        lower.dedup();
        Redactor {
            raw: raw.into(),
            forms: forms.into(),
            lower: lower.into(),
        }
    }

    /// This redactor plus one more secret (e.g. a per-request access token).
    pub(crate) fn with_secret(&self, secret: &str, encode: impl Fn(&str) -> String) -> Self {
        let all: Vec<&str> = self
            .raw
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(secret))
            .collect();
        Redactor::new(all, encode)
    }

    /// `text` with every form of every secret replaced by `<redacted>`. The result is clean on
    /// one line too.
    pub(crate) fn redact(&self, text: &str) -> String {
        let out = self.replace_all(text);
        let line = one_line(&out);
        if self.contains_secret(&line) {
            self.replace_all(&line)
        } else {
            out
        }
    }

    fn replace_all(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for form in self.forms.iter() {
            if out.contains(form.as_str()) {
                out = out.replace(form.as_str(), REDACTED);
            }
        }
        out
    }

    fn contains_secret(&self, text: &str) -> bool {
        self.forms.iter().any(|s| text.contains(s.as_str()))
    }

    /// True when `text` contains none of the secrets, also once shown on one line.
    pub(crate) fn is_clean(&self, text: &str) -> bool {
        !self.contains_secret(text) && !self.contains_secret(&one_line(text))
    }

    /// True when `text` contains none of the secrets in any letter case (for text the protocol
    /// may have lower-cased: header names, host names).
    fn is_clean_ignoring_case(&self, text: &str) -> bool {
        let text = text.to_ascii_lowercase();
        let line = one_line(&text);
        !self
            .lower
            .iter()
            .any(|s| text.contains(s.as_str()) || line.contains(s.as_str()))
    }

    /// `headers` with the values of sensitive headers (see [`is_sensitive_header`]) and every
    /// value that contains a secret (as text, even when it is not valid UTF-8) replaced by
    /// `<redacted>`, and a secret inside a header name replaced by `redacted`.
    pub(crate) fn headers(&self, headers: &HeaderMap) -> HeaderMap {
        let mut out = HeaderMap::with_capacity(headers.len());
        for (name, value) in headers {
            let clean = !is_sensitive_header(name)
                && self.is_clean(&String::from_utf8_lossy(value.as_bytes()));
            let value = if clean {
                value.clone()
            } else {
                HeaderValue::from_static(REDACTED)
            };
            out.append(self.header_name(name), value);
        }
        out
    }

    /// `name`, or `name` with the secrets it contains replaced by `redacted`.
    fn header_name(&self, name: &HeaderName) -> HeaderName {
        if self.is_clean_ignoring_case(name.as_str()) {
            return name.clone();
        }
        let mut text = name.as_str().to_owned();
        for secret in self.lower.iter() {
            text = text.replace(secret.as_str(), REDACTED_NAME);
        }
        HeaderName::from_bytes(text.as_bytes())
            .ok()
            .filter(|n| self.is_clean_ignoring_case(n.as_str()))
            .unwrap_or_else(|| HeaderName::from_static("x-redacted"))
    }

    /// `url` with the `hapikey` query parameter replaced by `REDACTED`; `None` when the result
    /// still contains a secret, in any letter case (the caller then drops the URL).
    pub(crate) fn url(&self, mut url: url::Url) -> Option<url::Url> {
        let has_key = url
            .query_pairs()
            .any(|(k, _)| k.eq_ignore_ascii_case(HAPIKEY));
        if has_key {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| {
                    let v = if k.eq_ignore_ascii_case(HAPIKEY) {
                        "REDACTED".to_owned()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        self.is_clean_ignoring_case(url.as_str()).then_some(url)
    }

    /// `error` with its URL redacted (or removed when it cannot be made clean).
    pub(crate) fn reqwest_error(&self, error: reqwest::Error) -> reqwest::Error {
        match error.url().cloned() {
            None => error,
            Some(url) => match self.url(url) {
                Some(clean) => error.with_url(clean),
                None => error.without_url(),
            },
        }
    }
}

/// The forms of `secret` a server may echo: raw, percent-encoded (upper- and lower-case hex) and
/// base64 of its whole 3-byte groups (standard and URL-safe alphabets, without padding).
fn forms_of(secret: &str, encode: &impl Fn(&str) -> String) -> Vec<String> {
    let encoded = encode(secret);
    let lower_hex = lower_case_escapes(&encoded);
    let whole_groups = &secret.as_bytes()[..secret.len() - secret.len() % 3];
    vec![
        secret.to_owned(),
        encoded,
        lower_hex,
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(whole_groups),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(whole_groups),
    ]
}

/// `text` with the hex digits of its `%XX` escapes in lower case.
fn lower_case_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hex_left = 0;
    for c in text.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left -= 1;
        } else {
            if c == '%' {
                hex_left = 2;
            }
            out.push(c);
        }
    }
    out
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.raw.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        s.replace('/', "%2F")
    }

    #[test]
    fn redactor_replaces_every_secret() {
        let r = Redactor::new(["abcdefgh", "abcdefghijkl", ""], plain);
        assert_eq!(
            r.redact("x abcdefghijkl y abcdefgh"),
            "x <redacted> y <redacted>"
        );
        assert_eq!(r.redact("nothing"), "nothing");
    }

    #[test]
    fn encoded_forms_and_added_secrets_are_redacted() {
        let r = Redactor::new(["secret/value"], plain);
        assert_eq!(r.redact("a secret%2Fvalue b"), "a <redacted> b");
        let r = r.with_secret("per-request-token", plain);
        assert_eq!(
            r.redact("per-request-token secret/value"),
            "<redacted> <redacted>"
        );
    }

    #[test]
    fn short_secrets_do_not_garble_text() {
        let r = Redactor::new(["t"], plain);
        assert_eq!(r.redact("the total"), "the total");
    }

    #[test]
    fn headers_are_redacted_by_name_and_by_value() {
        let r = Redactor::new(["pat-na1-secret"], plain);
        let mut headers = HeaderMap::new();
        headers.insert("x-echo", HeaderValue::from_static("Bearer pat-na1-secret"));
        headers.insert("authorization", HeaderValue::from_static("Bearer short"));
        headers.insert("x-hubspot-correlation-id", HeaderValue::from_static("abc"));
        let clean = r.headers(&headers);
        assert_eq!(clean["x-echo"], REDACTED);
        assert_eq!(clean["authorization"], REDACTED);
        assert_eq!(clean["x-hubspot-correlation-id"], "abc");
    }

    #[test]
    fn base64_and_lower_case_percent_forms_are_redacted() {
        let secret = "pat-na1-SECRET/TOKEN";
        let r = Redactor::new([secret], plain);
        let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
        let shown = r.redact(&format!("echo {b64} and pat-na1-SECRET%2fTOKEN"));
        assert!(!shown.contains(&b64[..16]), "{shown}");
        assert!(!shown.contains("SECRET%2f"), "{shown}");
        // Inside longer base64 text, at a 3-byte boundary.
        let wrapped = base64::engine::general_purpose::STANDARD.encode(format!("abc{secret}xyz"));
        assert!(r.redact(&wrapped).contains(REDACTED), "{wrapped}");
    }

    #[test]
    fn a_secret_split_by_a_line_break_stays_hidden_on_one_line() {
        let r = Redactor::new(["secret with space"], plain);
        let shown = r.redact("the secret with\n  space here");
        assert!(r.is_clean(&shown), "{shown}");
        assert!(!one_line(&shown).contains("secret with space"), "{shown}");
        assert!(!r.is_clean("secret with\r\nspace"));
    }

    #[test]
    fn header_values_that_are_not_utf8_and_header_names_are_redacted() {
        let r = Redactor::new(["pat-na1-SECRET"], plain);
        let mut headers = HeaderMap::new();
        let opaque: &[u8] = b"\xff\xfe pat-na1-SECRET \xff";
        headers.insert(
            "x-opaque",
            HeaderValue::from_bytes(opaque).expect("obs-text"),
        );
        headers.insert("x-echo-pat-na1-secret", HeaderValue::from_static("1"));
        let clean = r.headers(&headers);
        assert_eq!(clean["x-opaque"], REDACTED);
        assert_eq!(clean["x-echo-redacted"], "1");
        let shown = format!("{clean:?}").to_ascii_lowercase();
        assert!(!shown.contains("pat-na1-secret"), "{shown}");
    }

    #[test]
    fn urls_lose_the_developer_api_key() {
        let r = Redactor::new(["devkey-12345678"], plain);
        let url = url::Url::parse("https://x.test/a?b=1&hapikey=devkey-12345678").expect("url");
        let clean = r.url(url).expect("clean");
        assert_eq!(clean.as_str(), "https://x.test/a?b=1&hapikey=REDACTED");
        let leaky = url::Url::parse("https://x.test/devkey-12345678").expect("url");
        assert!(r.url(leaky).is_none());
        // Host names are lower-cased by the URL parser.
        let r = Redactor::new(["DEVKEY-SECRET"], plain);
        let host = url::Url::parse("https://DEVKEY-SECRET.x.test/").expect("url");
        assert!(r.url(host).is_none());
    }
}
