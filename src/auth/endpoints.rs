//! The two OAuth operations the install flow and the refresher call, written by hand against
//! the builder ABI generated code uses ([`rt::Endpoint`]) until `specs/oauth.json` is generated
//! (the generator does not take form bodies yet): `POST /oauth/v1/token` with a
//! form-urlencoded body ([`CreateToken`]) and `GET /oauth/v1/access-tokens/{token}`
//! ([`GetAccessToken`]). Both send their secrets to the redactor of the request, so an answer
//! that echoes them shows `<redacted>`.

use serde::Deserialize;

use super::tokens::AccessTokenInfo;
use crate::client::Client;
use crate::error::Result;
use crate::rt::{self, Endpoint, Method, Operation, Request, Response};
use crate::settings::AccessToken;

/// `POST /oauth/v1/token`. Exchanging the same refresh token twice is harmless, and an
/// authorization code is refused the second time: resending after a 502 cannot do harm.
static CREATE_TOKEN: Operation = Operation {
    name: "create_token",
    method: Method::POST,
    path: "/oauth/v1/token",
    security: &[],
    idempotent: true,
};

/// `GET /oauth/v1/access-tokens/{token}`.
static GET_ACCESS_TOKEN: Operation = Operation {
    name: "get_access_token",
    method: Method::GET,
    path: "/oauth/v1/access-tokens/{token}",
    security: &[],
    idempotent: true,
};

/// The token endpoint's answer (`AccessTokenResponse` of HubSpot's OAuth v1 spec; a client
/// credentials answer has no refresh token).
#[derive(Debug, Deserialize)]
pub(crate) struct TokenResponse {
    pub(crate) access_token: String,
    #[serde(default)]
    pub(crate) refresh_token: Option<String>,
    /// Seconds (the spec's `int64`; a negative value counts as expired).
    pub(crate) expires_in: i64,
    #[serde(default)]
    pub(crate) hub_id: Option<i64>,
    #[serde(default)]
    pub(crate) scopes: Option<Vec<String>>,
}

/// `application/x-www-form-urlencoded` of `pairs`, in order (space as `+`, everything but
/// `*-._` and alphanumerics percent-encoded).
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The token request: a form body, its secret values.
#[derive(Debug, Clone)]
struct CreateToken {
    ctx: rt::Context,
    body: String,
}

impl rt::HasContext for CreateToken {
    fn context(&self) -> &rt::Context {
        &self.ctx
    }

    fn context_mut(&mut self) -> &mut rt::Context {
        &mut self.ctx
    }
}

impl Endpoint for CreateToken {
    type Output = TokenResponse;
    const OPERATION: &'static Operation = &CREATE_TOKEN;

    fn encode(&self, request: &mut Request) -> Result<()> {
        request.raw_body("application/x-www-form-urlencoded", self.body.as_bytes())
    }

    fn decode(response: Response) -> Result<TokenResponse> {
        response.json_on_success()
    }
}

/// Sends `POST /oauth/v1/token` with the form `pairs` through `client`; `secrets` (values of
/// `pairs`) are redacted from whatever comes back.
///
/// # Errors
/// What sending the request gives: [`Error::Api`](crate::Error::Api) with HubSpot's answer
/// (`BAD_REFRESH_TOKEN`, `BAD_AUTH_CODE`, ...), [`Error::Transport`](crate::Error::Transport),
/// [`Error::Decode`](crate::Error::Decode).
pub(crate) async fn create_token(
    client: &Client,
    pairs: &[(&str, &str)],
    secrets: &[&str],
) -> Result<TokenResponse> {
    let request = CreateToken {
        ctx: rt::Context::new(client.clone()),
        body: form(pairs),
    };
    let request = rt::endpoint::with_options(request, |mut options| {
        for secret in secrets {
            options = options.with_secret(secret);
        }
        options
    });
    rt::endpoint::send(request).await
}

/// The access-token info request.
#[derive(Debug, Clone)]
struct GetAccessToken {
    ctx: rt::Context,
    token: AccessToken,
}

impl rt::HasContext for GetAccessToken {
    fn context(&self) -> &rt::Context {
        &self.ctx
    }

    fn context_mut(&mut self) -> &mut rt::Context {
        &mut self.ctx
    }
}

impl Endpoint for GetAccessToken {
    type Output = AccessTokenInfo;
    const OPERATION: &'static Operation = &GET_ACCESS_TOKEN;

    fn encode(&self, request: &mut Request) -> Result<()> {
        request.path_param("token", self.token.expose_secret());
        Ok(())
    }

    fn decode(response: Response) -> Result<AccessTokenInfo> {
        response.json_on_success()
    }
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
    let request = GetAccessToken {
        ctx: rt::Context::new(client.clone()),
        token: token.clone(),
    };
    let request = rt::endpoint::with_options(request, |options| {
        options.with_secret(token.expose_secret())
    });
    rt::endpoint::send(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_encoded_in_order() {
        assert_eq!(
            form(&[
                ("grant_type", "refresh_token"),
                ("client_secret", "a b&c=d/e+f"),
            ]),
            "grant_type=refresh_token&client_secret=a+b%26c%3Dd%2Fe%2Bf"
        );
    }
}
