//! [`TokenSource`]: where an account's access token comes from, asked on every attempt, with
//! [`AccessToken`] (a token that never shows in `Debug`) and [`StaticToken`] (one fixed token).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::error::TokenError;

/// The future a [`TokenSource`] returns (a boxed, `Send` future, so the trait needs no
/// `async-trait` crate and stays object safe).
pub type TokenFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An OAuth or private-app access token. Cheap to clone; `Debug` shows `<redacted>`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    /// Wraps a token. It is checked when it is used: an empty token, or one that cannot be sent
    /// in an HTTP header, fails the request with [`Error::Auth`](crate::Error::Auth).
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Arc::from(token.into()))
    }

    /// The token itself, e.g. to store it. Keep it out of logs.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Where one account's access token comes from. The client asks [`TokenSource::access_token`]
/// before every attempt of every request (so a source that renews tokens is always current),
/// and [`TokenSource::token_expired`] once per request when HubSpot answers 401 with category
/// `EXPIRED_AUTHENTICATION`; if that gives a new token, the request is sent again once with it.
///
/// Implemented by [`StaticToken`] and the crate's OAuth refresher
/// ([`auth::OAuthRefresher`](crate::auth::OAuthRefresher)); implement it to keep tokens in
/// your own database or vault. Every token a source hands out is kept out of errors, `Debug`
/// and logs like a configured one.
///
/// ```
/// use std::sync::Mutex;
/// use hubspot_calling::{AccessToken, Client, Credentials, TokenError, TokenFuture, TokenSource};
///
/// /// Tokens that another process renews and writes to a vault.
/// struct Vault {
///     current: Mutex<String>,
/// }
///
/// impl Vault {
///     async fn read(&self) -> Result<String, TokenError> {
///         // A real vault is read over the network here.
///         self.current.lock().map(|t| t.clone()).map_err(|_| TokenError::new("vault poisoned"))
///     }
/// }
///
/// impl TokenSource for Vault {
///     fn access_token(&self) -> TokenFuture<'_, Result<AccessToken, TokenError>> {
///         Box::pin(async move { Ok(AccessToken::new(self.read().await?)) })
///     }
///
///     fn token_expired(
///         &self,
///         rejected: AccessToken,
///     ) -> TokenFuture<'_, Result<Option<AccessToken>, TokenError>> {
///         Box::pin(async move {
///             // The other process may have renewed it since: replay only with a new one.
///             let token = AccessToken::new(self.read().await?);
///             Ok((token != rejected).then_some(token))
///         })
///     }
/// }
///
/// # fn main() -> Result<(), hubspot_calling::Error> {
/// let app = Client::builder().build()?;
/// let vault = Vault { current: Mutex::new("CJSP5qf1KhICAQEYs".into()) };
/// let account = app.for_account(Credentials::new().token_source(vault))?;
/// assert!(account.has_access_token());
/// # Ok(()) }
/// ```
pub trait TokenSource: Send + Sync + 'static {
    /// The token to send now, renewed first if it is about to expire.
    ///
    /// # Errors
    /// A [`TokenError`] when no token can be had; the request fails with
    /// [`Error::Auth`](crate::Error::Auth) without being sent.
    fn access_token(&self) -> TokenFuture<'_, Result<AccessToken, TokenError>>;

    /// HubSpot answered a request sent with `rejected` with 401 `EXPIRED_AUTHENTICATION`.
    /// Returns the token to send the request again with, or `None` to return HubSpot's answer
    /// as it is (the default: a source that cannot renew). Requests that were rejected at the
    /// same time all call this with the same token: a source should renew once for all of them.
    ///
    /// # Errors
    /// A [`TokenError`] when renewing failed; the request fails with
    /// [`Error::Auth`](crate::Error::Auth).
    fn token_expired(
        &self,
        rejected: AccessToken,
    ) -> TokenFuture<'_, Result<Option<AccessToken>, TokenError>> {
        let _ = rejected;
        Box::pin(std::future::ready(Ok(None)))
    }
}

impl<T: TokenSource + ?Sized> TokenSource for Arc<T> {
    fn access_token(&self) -> TokenFuture<'_, Result<AccessToken, TokenError>> {
        (**self).access_token()
    }

    fn token_expired(
        &self,
        rejected: AccessToken,
    ) -> TokenFuture<'_, Result<Option<AccessToken>, TokenError>> {
        (**self).token_expired(rejected)
    }
}

/// One access token that never changes (a private app's token, or an OAuth token renewed
/// elsewhere): what [`Credentials::access_token`](crate::Credentials::access_token) configures,
/// as a [`TokenSource`] for code that composes sources.
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A source that always hands out `token`.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenSource for StaticToken {
    fn access_token(&self) -> TokenFuture<'_, Result<AccessToken, TokenError>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}
