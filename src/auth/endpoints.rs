//! The OAuth operations the install flow and the refresher call, through the builders generated
//! from `specs/oauth.json` ([`oauth`](crate::oauth)): `POST /oauth/v1/token` with its
//! form body ([`TokenRequest`]) and `GET /oauth/v1/access-tokens/{token}`. Both send their
//! secrets to the redactor of the request, so an answer that echoes them shows `<redacted>`;
//! the generated answers are turned into the crate's own types here.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::generated::oauth::{self, GrantType, TokenRequest};
use crate::rt;
use crate::settings::AccessToken;

use super::tokens::AccessTokenInfo;

/// What the install flow and the refresher read from the token endpoint's answer (either of
/// the two answers of HubSpot's spec; a client credentials answer has no refresh token).
#[derive(Debug)]
pub(crate) struct TokenResponse {
    pub(crate) access_token: String,
    pub(crate) refresh_token: Option<String>,
    /// Seconds (the spec's `int64`; a negative value counts as expired).
    pub(crate) expires_in: i64,
    pub(crate) hub_id: Option<i64>,
    pub(crate) scopes: Option<Vec<String>>,
}

impl TokenResponse {
    fn from_generated(answer: oauth::TokenResponse) -> Result<TokenResponse> {
        let non_empty = |scopes: Vec<String>| (!scopes.is_empty()).then_some(scopes);
        match answer {
            oauth::TokenResponse::AccessTokenResponse(a) => Ok(TokenResponse {
                access_token: a.access_token,
                refresh_token: Some(a.refresh_token),
                expires_in: a.expires_in,
                hub_id: a.hub_id,
                scopes: non_empty(a.scopes),
            }),
            oauth::TokenResponse::ClientCredentialsTokenResponse(c) => Ok(TokenResponse {
                access_token: c.access_token,
                refresh_token: None,
                expires_in: c.expires_in,
                hub_id: c.hub_id,
                scopes: non_empty(c.scopes),
            }),
            // Never shown: it holds tokens.
            oauth::TokenResponse::Other(_) => Err(Error::Decode {
                operation: "create_token",
                status: 200,
                path: String::new(),
                message: "the token endpoint's answer is neither token answer of HubSpot's \
                          spec (`access_token`, `expires_in` and `token_type` are required)"
                    .to_owned(),
                excerpt: String::new(),
            }),
        }
    }
}

/// The form of a token request: `grant_type`, the app's `client_id` and `client_secret`, and
/// the grant's own fields (`code` and `redirect_uri`, or `refresh_token`).
pub(crate) fn token_form(grant: GrantType, client_id: &str, client_secret: &str) -> TokenRequest {
    TokenRequest {
        grant_type: grant,
        client_id: client_id.to_owned(),
        client_secret: Some(client_secret.to_owned()),
        code: None,
        code_verifier: None,
        redirect_uri: None,
        refresh_token: None,
        scope: None,
    }
}

/// Sends `POST /oauth/v1/token` with `form` through `client`; `secrets` (values of the form)
/// are redacted from whatever comes back.
///
/// # Errors
/// What sending the request gives: [`Error::Api`] with HubSpot's answer (`BAD_REFRESH_TOKEN`,
/// `BAD_AUTH_CODE`, ...), [`Error::Transport`], [`Error::Decode`].
pub(crate) async fn create_token(
    client: &Client,
    form: TokenRequest,
    secrets: &[&str],
) -> Result<TokenResponse> {
    let request = rt::endpoint::with_options(client.oauth().create_token(form), |mut options| {
        for secret in secrets {
            options = options.with_secret(secret);
        }
        options
    });
    TokenResponse::from_generated(request.send().await?)
}

/// Sends `GET /oauth/v1/access-tokens/{token}` through `client`; the token is redacted from
/// whatever comes back.
///
/// # Errors
/// As [`create_token`].
pub(crate) async fn get_access_token(
    client: &Client,
    token: &AccessToken,
) -> Result<AccessTokenInfo> {
    // HubSpot marks the v1 info operations deprecated; they are still the one way to learn the
    // account behind a token.
    #[allow(deprecated)]
    let request = client.oauth().get_access_token(token.expose_secret());
    let request = rt::endpoint::with_options(request, |options| {
        options.with_secret(token.expose_secret())
    });
    let info = request.send().await?;
    Ok(AccessTokenInfo {
        hub_id: info.hub_id,
        hub_domain: info.hub_domain,
        app_id: info.app_id,
        user_id: info.user_id,
        user: info.user,
        scopes: info.scopes,
        expires_in: info.expires_in,
        token_type: Some(info.token_type),
        is_private_distribution: info.is_private_distribution,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_forms_are_encoded_with_every_secret_percent_encoded() {
        let client = Client::builder()
            .base_url("http://localhost:1")
            .build()
            .expect("client");
        let mut form = token_form(GrantType::RefreshToken, "app id", "a b&c=d/e+f");
        form.refresh_token = Some("refresh/1".to_owned());
        let request = client
            .oauth()
            .create_token(form)
            .build_request()
            .expect("request");
        assert_eq!(
            request.headers()["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(
            std::str::from_utf8(request.body()).expect("utf-8"),
            "client_id=app+id&client_secret=a+b%26c%3Dd%2Fe%2Bf&grant_type=refresh_token\
             &refresh_token=refresh%2F1"
        );
        assert_eq!(request.uri().query(), None);
    }
}
