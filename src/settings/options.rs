//! [`RequestOptions`]: choices for one request (credential, extra headers, timeout, retry
//! policy) that would otherwise need a second client.

use std::fmt;
use std::time::Duration;

use super::{CredentialKind, RetryPolicy};
use crate::redact::{Secret, REDACTED};

/// Per-request options. Every request builder has the same `with_header`, `with_timeout`,
/// `with_retry_policy`, `with_credential` and `with_access_token` methods, and `with_options` to
/// apply a `RequestOptions` built once to many requests.
///
/// `Debug` shows header names but no header values, and never the access token.
///
/// ```
/// use std::time::Duration;
/// use hubspot_calling::{CredentialKind, RequestOptions, RetryPolicy};
///
/// let options = RequestOptions::new()
///     .with_header("Prefer", "respond-async")
///     .with_timeout(Duration::from_secs(5))
///     .with_retry_policy(RetryPolicy::none())
///     .with_credential(CredentialKind::AccessToken);
/// assert_eq!(options.timeout(), Some(Duration::from_secs(5)));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    pub(crate) credential: Option<CredentialKind>,
    pub(crate) access_token: Option<Secret>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry_policy: Option<RetryPolicy>,
    /// Values this request carries elsewhere (a form body's client secret, a token in the
    /// path), redacted like credentials in whatever comes back. Set by the crate only.
    pub(crate) secrets: Vec<Secret>,
}

impl RequestOptions {
    /// No per-request choices: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header to the request (e.g. `Prefer`). It replaces a client default header of the
    /// same name; operation parameters, credentials and `Content-Type` win over it. An invalid
    /// name or value fails the request with [`Error::InvalidRequest`](crate::Error::InvalidRequest)
    /// before anything is sent.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The timeout of each attempt of this request (from sending to the end of the response
    /// body), instead of the client's.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of this request, instead of the client's.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Authenticates this request with this kind of credential only, whatever order the
    /// operation's spec lists its schemes in. The request fails before sending when the
    /// operation does not accept it ([`Error::InvalidRequest`](crate::Error::InvalidRequest)) or
    /// it is not configured ([`Error::MissingCredential`](crate::Error::MissingCredential)).
    pub fn with_credential(mut self, kind: CredentialKind) -> Self {
        self.credential = Some(kind);
        self
    }

    /// Sends this request with `token` as its access token (`Authorization: Bearer`), instead of
    /// the client's. Unless [`RequestOptions::with_credential`] says otherwise, the request then uses
    /// the access token even where the spec lists another credential first. The token is kept
    /// as secret as configured ones: never in `Debug`, errors or logs.
    pub fn with_access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(Secret::new(token));
        self
    }

    /// Redacts `value` like a credential in this request's errors and logs (for secrets sent
    /// in a body or path, which the client cannot otherwise know about).
    pub(crate) fn with_secret(mut self, value: &str) -> Self {
        self.secrets.push(Secret::new(value));
        self
    }

    /// These options with `other`'s on top: what `other` sets wins, its headers are added.
    pub fn merge(mut self, other: RequestOptions) -> Self {
        self.credential = other.credential.or(self.credential);
        self.access_token = other.access_token.or(self.access_token);
        self.headers.extend(other.headers);
        self.timeout = other.timeout.or(self.timeout);
        self.retry_policy = other.retry_policy.or(self.retry_policy);
        self.secrets.extend(other.secrets);
        self
    }

    /// The extra headers, in the order they were added.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The per-request timeout, if set.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The per-request retry policy, if set.
    pub fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.retry_policy.as_ref()
    }

    /// The credential this request uses when it may choose: the one set with
    /// [`RequestOptions::with_credential`], else the access token when one was given with
    /// [`RequestOptions::with_access_token`].
    pub fn credential(&self) -> Option<CredentialKind> {
        self.credential.or(self
            .access_token
            .as_ref()
            .map(|_| CredentialKind::AccessToken))
    }

    /// True when a per-request access token is set.
    pub fn has_access_token(&self) -> bool {
        self.access_token.is_some()
    }

    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == RequestOptions::default()
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("credential", &self.credential)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| REDACTED),
            )
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("timeout", &self.timeout)
            .field("retry_policy", &self.retry_policy)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_lets_the_later_options_win_and_adds_headers() {
        let base = RequestOptions::new()
            .with_header("a", "1")
            .with_timeout(Duration::from_secs(1))
            .with_credential(CredentialKind::DeveloperApiKey);
        let merged = base.merge(
            RequestOptions::new()
                .with_header("b", "2")
                .with_timeout(Duration::from_secs(2)),
        );
        assert_eq!(merged.timeout(), Some(Duration::from_secs(2)));
        assert_eq!(merged.credential(), Some(CredentialKind::DeveloperApiKey));
        assert_eq!(
            merged.headers().collect::<Vec<_>>(),
            [("a", "1"), ("b", "2")]
        );
        assert!(RequestOptions::new().is_empty());
        assert!(!merged.is_empty());
    }

    #[test]
    fn a_per_request_token_implies_the_access_token_unless_told_otherwise() {
        let token = RequestOptions::new().with_access_token("pat-na1-per-request");
        assert_eq!(token.credential(), Some(CredentialKind::AccessToken));
        let explicit = token.with_credential(CredentialKind::DeveloperApiKey);
        assert_eq!(explicit.credential(), Some(CredentialKind::DeveloperApiKey));
    }

    #[test]
    fn debug_shows_no_values() {
        let options = RequestOptions::new()
            .with_access_token("pat-na1-hidden-token")
            .with_header("x-api-key", "hidden-header-value");
        let shown = format!("{options:?}");
        assert!(!shown.contains("hidden"), "{shown}");
        assert!(shown.contains("x-api-key"), "{shown}");
    }
}
