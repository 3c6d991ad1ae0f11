//! [`Credentials`] (what one HubSpot account authenticates with) and [`CredentialKind`] (which
//! of them a request uses).

use std::fmt;
use std::sync::Arc;

use super::token::TokenSource;
use crate::redact::{Secret, REDACTED};

/// A kind of credential the client can send. Choose one for a single request with the
/// builders' `with_credential`, e.g. to call a calling-app settings operation (whose spec lists
/// the developer API key first) with the access token instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CredentialKind {
    /// The private app or OAuth access token, sent as `Authorization: Bearer <token>`.
    AccessToken,
    /// The developer API key, sent as the `hapikey` query parameter.
    DeveloperApiKey,
}

impl CredentialKind {
    /// How the user configures this credential, for error messages.
    pub(crate) fn setter(self) -> &'static str {
        match self {
            CredentialKind::AccessToken => "ClientBuilder::access_token",
            CredentialKind::DeveloperApiKey => "ClientBuilder::developer_api_key",
        }
    }

    /// The credential in words, for error messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            CredentialKind::AccessToken => "the access token",
            CredentialKind::DeveloperApiKey => "the developer API key",
        }
    }
}

/// The credentials of one HubSpot account (or developer account), for
/// [`Client::for_account`](crate::Client::for_account): an access token (fixed, or from a
/// [`TokenSource`] such as the OAuth refresher) and/or a developer API key. `Debug` never shows
/// them.
///
/// ```
/// use hubspot_calling::{Client, Credentials};
///
/// # fn main() -> Result<(), hubspot_calling::Error> {
/// let client = Client::builder().build()?;
/// let account = client.for_account(Credentials::new().access_token("pat-na1-account-a"))?;
/// assert!(account.has_access_token() && !client.has_access_token());
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct Credentials {
    pub(crate) access_token: Option<TokenSetting>,
    pub(crate) developer_api_key: Option<Secret>,
}

/// Where the access token comes from.
#[derive(Clone)]
pub(crate) enum TokenSetting {
    /// One fixed token, checked once when the client is built.
    Fixed(Secret),
    /// Asked on every attempt.
    Source(Arc<dyn TokenSource>),
}

impl Credentials {
    /// No credentials yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The account's private app or OAuth access token, sent as `Authorization: Bearer <token>`.
    /// Replaces a [`Credentials::token_source`].
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(TokenSetting::Fixed(Secret::new(token)));
        self
    }

    /// Takes the access token from `source` on every attempt (e.g. an
    /// [`OAuthRefresher`](crate::auth::OAuthRefresher) that renews it before it expires, or your
    /// own vault), sent as `Authorization: Bearer <token>`. After a 401 that HubSpot marks as
    /// an expired token (`EXPIRED_AUTHENTICATION`), the request is sent once more with the token
    /// [`TokenSource::token_expired`] gives. Replaces a [`Credentials::access_token`].
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.access_token = Some(TokenSetting::Source(Arc::new(source)));
        self
    }

    /// The developer API key, sent as the `hapikey` query parameter.
    pub fn developer_api_key(mut self, key: impl Into<String>) -> Self {
        self.developer_api_key = Some(Secret::new(key));
        self
    }

    /// True when an access token or a token source is set.
    pub fn has_access_token(&self) -> bool {
        self.access_token.is_some()
    }

    /// True when a developer API key is set.
    pub fn has_developer_api_key(&self) -> bool {
        self.developer_api_key.is_some()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| REDACTED),
            )
            .field(
                "developer_api_key",
                &self.developer_api_key.as_ref().map(|_| REDACTED),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_values() {
        let credentials = Credentials::new()
            .access_token("pat-na1-visible?")
            .developer_api_key("devkey-visible?");
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("visible"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
