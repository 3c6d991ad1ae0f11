//! [`OAuthApp`]: a public app's client id and secret, and what it does with HubSpot's OAuth
//! endpoints: the install flow (authorize URL, code exchange), refreshing, and learning which
//! account a token belongs to.

use std::fmt;
use std::time::SystemTime;

use super::authorize::AuthorizeUrl;
use super::endpoints::{self, TokenResponse};
use super::refresher::OAuthRefresher;
use super::tokens::{AccessTokenInfo, TokenSet};
use crate::client::Client;
use crate::error::Error;
use crate::generated::oauth::GrantType;
use crate::redact::Secret;
use crate::settings::AccessToken;

/// A HubSpot public app (a calling app in the marketplace): its client id and secret, and the
/// client its OAuth requests go through (HubSpot's token endpoint is on the API host, so the
/// client's base URL applies; point it at a mock server in tests).
///
/// `Debug` shows the client id, never the secret.
///
/// ```no_run
/// use hubspot_calling::auth::OAuthApp;
/// use hubspot_calling::{Client, Credentials};
///
/// # async fn run(code: &str) -> Result<(), hubspot_calling::Error> {
/// let client = Client::builder().build()?; // the app's client: one connection pool for all accounts
/// let app = OAuthApp::new(&client, "7fff1e36-client-id", std::env::var("HUBSPOT_CLIENT_SECRET").unwrap_or_default())?;
/// let tokens = app.exchange_code(code, "https://calls.example.com/oauth/callback").await?;
/// let info = app.access_token_info(tokens.access_token().expect("issued with one")).await?;
/// let account = client.for_account(Credentials::new().token_source(app.refresher(tokens)))?;
/// println!("installed in account {}", info.hub_id);
/// # let _ = account; Ok(()) }
/// ```
#[derive(Clone)]
pub struct OAuthApp {
    client: Client,
    client_id: String,
    client_secret: Secret,
}

impl OAuthApp {
    /// The app with this client id and secret (HubSpot's app settings, "Auth" tab), calling
    /// HubSpot through `client`.
    ///
    /// # Errors
    /// [`Error::Config`] when the client id or secret is empty or contains whitespace.
    pub fn new(
        client: &Client,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Result<OAuthApp, Error> {
        let client_id = client_id.into();
        let client_secret = client_secret.into();
        for (what, value) in [("client id", &client_id), ("client secret", &client_secret)] {
            if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Error::Config {
                    message: format!(
                        "the app's {what} is empty or contains whitespace (check for a trailing \
                         newline)"
                    ),
                });
            }
        }
        Ok(OAuthApp {
            client: client.clone(),
            client_id,
            client_secret: Secret::new(client_secret),
        })
    }

    /// The app's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client OAuth requests go through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The first step of the install flow: the URL of HubSpot's page that asks the user to
    /// install the app with `scopes`, then redirects to `redirect_uri` (which must be listed in
    /// the app's settings) with a code. See [`AuthorizeUrl`] for optional scopes and state.
    pub fn authorize_url<I, S>(&self, redirect_uri: &str, scopes: I) -> AuthorizeUrl
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        AuthorizeUrl::new(
            &self.client_id,
            redirect_uri,
            scopes.into_iter().map(Into::into).collect(),
        )
    }

    /// The second step: exchanges the `code` HubSpot sent to `redirect_uri` (the same URI as in
    /// the authorize URL) for the account's tokens (`grant_type=authorization_code`). A code
    /// works once, for a few minutes.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for an empty code; [`Error::Api`] with HubSpot's answer
    /// (e.g. `BAD_AUTH_CODE`, `BAD_REDIRECT_URI`, `BAD_CLIENT_ID`); [`Error::Transport`],
    /// [`Error::Decode`]; [`Error::Decode`] too when the answer has no refresh token.
    pub async fn exchange_code(&self, code: &str, redirect_uri: &str) -> Result<TokenSet, Error> {
        if code.trim().is_empty() {
            return Err(Error::InvalidRequest {
                operation: "create_token",
                message: "the authorization code is empty (take it from the `code` query \
                          parameter of HubSpot's redirect)"
                    .to_owned(),
            });
        }
        let sent_at = SystemTime::now();
        let mut form = endpoints::token_form(
            GrantType::AuthorizationCode,
            &self.client_id,
            self.client_secret.expose(),
        );
        form.redirect_uri = Some(redirect_uri.to_owned());
        form.code = Some(code.to_owned());
        let response =
            endpoints::create_token(&self.client, form, &[self.client_secret.expose(), code])
                .await?;
        token_set(response, sent_at, None)
    }

    /// Exchanges `refresh_token` for a new access token once (`grant_type=refresh_token`). An
    /// [`OAuthRefresher`] does this for you when the token is about to expire.
    ///
    /// # Errors
    /// [`Error::Api`] with HubSpot's answer (`BAD_REFRESH_TOKEN` when the app was uninstalled or
    /// the refresh token revoked), [`Error::Transport`], [`Error::Decode`].
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenSet, Error> {
        let previous = AccessToken::new(refresh_token);
        let sent_at = SystemTime::now();
        let mut form = endpoints::token_form(
            GrantType::RefreshToken,
            &self.client_id,
            self.client_secret.expose(),
        );
        form.refresh_token = Some(refresh_token.to_owned());
        let response = endpoints::create_token(
            &self.client,
            form,
            &[self.client_secret.expose(), refresh_token],
        )
        .await?;
        token_set(response, sent_at, Some(&previous))
    }

    /// Learns the account behind an access token (`GET /oauth/v1/access-tokens/{token}`): its
    /// `hub_id`, the user who installed the app, the scopes and the time left.
    ///
    /// # Errors
    /// [`Error::Api`] (HubSpot answers 404 for an unknown or expired token),
    /// [`Error::Transport`], [`Error::Decode`].
    pub async fn access_token_info(&self, token: &AccessToken) -> Result<AccessTokenInfo, Error> {
        endpoints::get_access_token(&self.client, token).await
    }

    /// A token source for the account of `tokens` that renews its access token before it
    /// expires; give it to [`Credentials::token_source`](crate::Credentials::token_source).
    pub fn refresher(&self, tokens: TokenSet) -> OAuthRefresher {
        OAuthRefresher::new(self.clone(), tokens)
    }

    /// The client secret, for the refresher's redactor.
    pub(crate) fn secret(&self) -> &str {
        self.client_secret.expose()
    }
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("base_url", &self.client.base_url())
            .finish()
    }
}

fn token_set(
    response: TokenResponse,
    sent_at: SystemTime,
    previous: Option<&AccessToken>,
) -> Result<TokenSet, Error> {
    TokenSet::from_response(response, sent_at, previous).ok_or_else(|| Error::Decode {
        operation: "create_token",
        status: 200,
        path: "refresh_token".to_owned(),
        message: "the token endpoint's answer has no refresh token (was the code issued for \
                  the client credentials grant?)"
            .to_owned(),
        excerpt: String::new(),
    })
}
