//! Keeping secrets out of everything the crate shows: [`Secret`] (a credential whose `Debug` is
//! `<redacted>`) and [`Redactor`] (replaces configured secrets in text, headers and URLs that came
//! from the network).
//!
//! Layer 0: this module imports nothing else from the crate.

use std::fmt;
use std::sync::Arc;

use http::header::{HeaderMap, HeaderName, HeaderValue};

/// What a redacted secret is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

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
/// Each secret is searched for as given and percent-encoded (`encode` is the same
/// percent-encoding the request uses for query values, passed in so this module stays a leaf).
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Arc<[String]>,
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
        let mut all: Vec<String> = Vec::new();
        for secret in secrets {
            all.push(secret.to_owned());
            all.push(encode(secret));
        }
        Redactor::from_list(all)
    }

    fn from_list(secrets: Vec<String>) -> Self {
        let mut secrets: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.len() >= Self::MIN_LEN)
            .collect();
        // Longest first so a secret that contains another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor {
            secrets: secrets.into(),
        }
    }

    /// This redactor plus one more secret (e.g. a per-request access token).
    pub(crate) fn with_secret(&self, secret: &str, encode: impl Fn(&str) -> String) -> Self {
        let mut all: Vec<String> = self.secrets.to_vec();
        all.push(secret.to_owned());
        all.push(encode(secret));
        Redactor::from_list(all)
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in self.secrets.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }

    /// True when `text` contains none of the secrets.
    pub(crate) fn is_clean(&self, text: &str) -> bool {
        !self.secrets.iter().any(|s| text.contains(s.as_str()))
    }

    /// `headers` with the values of sensitive headers (see [`is_sensitive_header`]) and every
    /// value that contains a secret replaced by `<redacted>`.
    pub(crate) fn headers(&self, headers: &HeaderMap) -> HeaderMap {
        let mut out = HeaderMap::with_capacity(headers.len());
        for (name, value) in headers {
            let clean = !is_sensitive_header(name)
                && value.to_str().map_or(true, |text| self.is_clean(text));
            let value = if clean {
                value.clone()
            } else {
                HeaderValue::from_static(REDACTED)
            };
            out.append(name.clone(), value);
        }
        out
    }

    /// `url` with the `hapikey` query parameter replaced by `REDACTED`; `None` when the result
    /// still contains a secret (the caller then drops the URL).
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
        self.is_clean(url.as_str()).then_some(url)
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

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
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
    fn urls_lose_the_developer_api_key() {
        let r = Redactor::new(["devkey-12345678"], plain);
        let url = url::Url::parse("https://x.test/a?b=1&hapikey=devkey-12345678").expect("url");
        let clean = r.url(url).expect("clean");
        assert_eq!(clean.as_str(), "https://x.test/a?b=1&hapikey=REDACTED");
        let leaky = url::Url::parse("https://x.test/devkey-12345678").expect("url");
        assert!(r.url(leaky).is_none());
    }
}
