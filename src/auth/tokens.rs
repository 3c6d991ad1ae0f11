//! What HubSpot's token endpoint hands out ([`TokenSet`]), where the refresher keeps it
//! ([`TokenStore`]), and what HubSpot says about an access token ([`AccessTokenInfo`]).

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use super::endpoints::TokenResponse;
use crate::settings::{AccessToken, TokenFuture};

/// An account's OAuth tokens: the refresh token (which lasts until the app is uninstalled),
/// and the access token with the time it expires (30 minutes after it was issued).
///
/// [`OAuthApp::exchange_code`](super::OAuthApp::exchange_code) returns one; the
/// [`OAuthRefresher`](super::OAuthRefresher) starts from one and hands every renewed one to its
/// [`TokenStore`]. To restart without going through the install flow again, store
/// [`TokenSet::refresh_token`] (and, to skip one refresh, the access token and
/// [`TokenSet::expires_at`]), then rebuild it:
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use hubspot_calling::auth::TokenSet;
///
/// let stored = TokenSet::new("5f3a0e34-refresh-token-from-the-database")
///     .with_access_token("CJSP5qf1KhICAQEYs", SystemTime::now() + Duration::from_secs(600))
///     .with_hub_id(62515);
/// assert_eq!(stored.hub_id(), Some(62515));
/// assert!(!format!("{stored:?}").contains("5f3a0e34"));
/// ```
#[derive(Clone)]
pub struct TokenSet {
    pub(crate) access_token: Option<AccessToken>,
    pub(crate) refresh_token: AccessToken,
    pub(crate) expires_at: Option<SystemTime>,
    /// The access token's lifetime, when the token endpoint just issued it.
    pub(crate) expires_in: Option<Duration>,
    pub(crate) hub_id: Option<i64>,
    pub(crate) scopes: Vec<String>,
}

impl TokenSet {
    /// Tokens known only by their refresh token: the first request renews the access token.
    pub fn new(refresh_token: impl Into<String>) -> Self {
        TokenSet {
            access_token: None,
            refresh_token: AccessToken::new(refresh_token),
            expires_at: None,
            expires_in: None,
            hub_id: None,
            scopes: Vec::new(),
        }
    }

    /// With an access token that is valid until `expires_at` (a stored one: the refresher
    /// uses it until shortly before then).
    pub fn with_access_token(mut self, token: impl Into<String>, expires_at: SystemTime) -> Self {
        self.access_token = Some(AccessToken::new(token));
        self.expires_at = Some(expires_at);
        self.expires_in = None;
        self
    }

    /// With the HubSpot account (portal) id the tokens belong to.
    pub fn with_hub_id(mut self, hub_id: i64) -> Self {
        self.hub_id = Some(hub_id);
        self
    }

    /// The access token, when one is known.
    pub fn access_token(&self) -> Option<&AccessToken> {
        self.access_token.as_ref()
    }

    /// The refresh token: store it (it is what survives a restart). Keep it out of logs.
    pub fn refresh_token(&self) -> &str {
        self.refresh_token.expose_secret()
    }

    /// When the access token expires (wall-clock time, for storing), when known.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// The HubSpot account (portal) id, when the token endpoint said or it was set.
    pub fn hub_id(&self) -> Option<i64> {
        self.hub_id
    }

    /// The scopes granted, when the token endpoint said.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The tokens of a token endpoint answer to a request sent at `sent_at`; `previous` is the
    /// refresh token used, kept when HubSpot did not send a new one.
    pub(crate) fn from_response(
        response: TokenResponse,
        sent_at: SystemTime,
        previous: Option<&AccessToken>,
    ) -> Option<TokenSet> {
        let refresh_token = match (response.refresh_token, previous) {
            (Some(token), _) if !token.is_empty() => AccessToken::new(token),
            (_, Some(previous)) => previous.clone(),
            _ => return None,
        };
        let expires_in = seconds(response.expires_in);
        Some(TokenSet {
            access_token: Some(AccessToken::new(response.access_token)),
            refresh_token,
            expires_at: sent_at.checked_add(expires_in),
            expires_in: Some(expires_in),
            hub_id: response.hub_id,
            scopes: response.scopes.unwrap_or_default(),
        })
    }
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("refresh_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("hub_id", &self.hub_id)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// Where an [`OAuthRefresher`](super::OAuthRefresher) saves every token set it gets, so a
/// restart continues from the newest refresh token (HubSpot may hand out a new one) instead of
/// going through the install flow again. The refresher waits for `save` before it uses the new
/// access token; a failing `save` is logged (warning) and the new token used anyway: the
/// account keeps working, and the stored refresh token stays valid unless HubSpot replaced it.
///
/// A closure is simpler for stores that do not wait on I/O:
/// [`OAuthRefresher::on_refresh`](super::OAuthRefresher::on_refresh).
pub trait TokenStore: Send + Sync + 'static {
    /// Saves `tokens`, the account's newest.
    ///
    /// # Errors
    /// Why it could not be saved (logged, not fatal).
    fn save<'a>(
        &'a self,
        tokens: &'a TokenSet,
    ) -> TokenFuture<'a, Result<(), Box<dyn std::error::Error + Send + Sync>>>;
}

/// `seconds` as a duration, a negative count as zero.
fn seconds(seconds: i64) -> Duration {
    Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

/// What HubSpot says about an access token (`GET /oauth/v1/access-tokens/{token}`): which
/// account (`hub_id`) and user it belongs to, its scopes and how long it remains valid. The
/// token itself is not kept. Integers are signed, as in HubSpot's spec.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct AccessTokenInfo {
    /// The HubSpot account (portal) id the token belongs to.
    pub hub_id: i64,
    /// The account's domain, e.g. `example.com`.
    #[serde(default)]
    pub hub_domain: Option<String>,
    /// The id of the app the token was issued to.
    pub app_id: i64,
    /// The id of the user who installed the app.
    pub user_id: i64,
    /// The email address of that user.
    #[serde(default)]
    pub user: Option<String>,
    /// The scopes granted.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Seconds until the token expires.
    pub expires_in: i64,
    /// The kind of token (`access`).
    #[serde(default)]
    pub token_type: Option<String>,
    /// Whether the app is privately distributed.
    #[serde(default)]
    pub is_private_distribution: Option<bool>,
}

impl AccessTokenInfo {
    /// How long the token remains valid (zero once it expired).
    pub fn expires_in(&self) -> Duration {
        seconds(self.expires_in)
    }

    /// True when `scope` was granted.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_refresh_token_keeps_the_previous_one() {
        let response = || TokenResponse {
            access_token: "access-token-2".into(),
            refresh_token: None,
            expires_in: 1800,
            hub_id: Some(62515),
            scopes: None,
        };
        let sent_at = SystemTime::UNIX_EPOCH;
        let previous = AccessToken::new("refresh-token-1");
        let set = TokenSet::from_response(response(), sent_at, Some(&previous)).expect("set");
        assert_eq!(set.refresh_token(), "refresh-token-1");
        assert_eq!(
            set.expires_at(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1800))
        );
        assert!(TokenSet::from_response(response(), sent_at, None).is_none());
        let rotated = TokenResponse {
            refresh_token: Some("refresh-token-2".into()),
            ..response()
        };
        let set = TokenSet::from_response(rotated, sent_at, Some(&previous)).expect("set");
        assert_eq!(set.refresh_token(), "refresh-token-2");
    }
}
