//! [`AuthorizeUrl`]: the page of HubSpot's that asks a user to install the app in one of their
//! accounts (the first step of the install flow).

use crate::error::Error;
use crate::wire::encode_query_component;

/// Where HubSpot's authorize page is, the default of [`AuthorizeUrl::host`].
pub const AUTHORIZE_HOST: &str = "https://app.hubspot.com";

/// HubSpot's authorize page for accounts in its EU data center.
pub const AUTHORIZE_HOST_EU1: &str = "https://app-eu1.hubspot.com";

/// What the operation of [`AuthorizeUrl::build`]'s errors is called.
const OPERATION: &str = "authorize_url";

/// The URL to send a user to so they install the app:
/// `https://app.hubspot.com/oauth/authorize?client_id=..&redirect_uri=..&scope=a%20b&optional_scope=..&state=..`.
/// HubSpot then redirects to `redirect_uri` with `code` (exchange it with
/// [`OAuthApp::exchange_code`](super::OAuthApp::exchange_code)) and `state`, or with `error`
/// and `error_description` when the user declined. Made by
/// [`OAuthApp::authorize_url`](super::OAuthApp::authorize_url).
///
/// ```
/// # fn main() -> Result<(), hubspot_calling::Error> {
/// use hubspot_calling::auth::OAuthApp;
/// use hubspot_calling::Client;
///
/// let app = OAuthApp::new(&Client::builder().build()?, "7fff1e36-client-id", "client-secret")?;
/// let url = app
///     .authorize_url("https://calls.example.com/oauth/callback", ["oauth", "crm.objects.contacts.write"])
///     .optional_scopes(["crm.objects.deals.read"])
///     .state("WeHH_yy2irpl8UYAvv-my")
///     .build()?;
/// assert_eq!(
///     url,
///     "https://app.hubspot.com/oauth/authorize?client_id=7fff1e36-client-id\
///      &redirect_uri=https%3A%2F%2Fcalls.example.com%2Foauth%2Fcallback\
///      &scope=oauth%20crm.objects.contacts.write&optional_scope=crm.objects.deals.read\
///      &state=WeHH_yy2irpl8UYAvv-my"
/// );
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "an authorize URL does nothing until it is built"]
pub struct AuthorizeUrl {
    host: String,
    account: Option<i64>,
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    optional_scopes: Vec<String>,
    state: Option<String>,
}

impl AuthorizeUrl {
    pub(crate) fn new(client_id: &str, redirect_uri: &str, scopes: Vec<String>) -> Self {
        AuthorizeUrl {
            host: AUTHORIZE_HOST.to_owned(),
            account: None,
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            scopes,
            optional_scopes: Vec::new(),
            state: None,
        }
    }

    /// Scopes the app uses when the account has them, dropped otherwise (`optional_scope`).
    pub fn optional_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.optional_scopes
            .extend(scopes.into_iter().map(Into::into));
        self
    }

    /// A value HubSpot sends back to the redirect URI unchanged: a random nonce that ties the
    /// callback to the browser session that started the install (check it in the callback).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// Installs into this HubSpot account only (`/oauth/{hub_id}/authorize`) instead of letting
    /// the user choose.
    pub fn account(mut self, hub_id: i64) -> Self {
        self.account = Some(hub_id);
        self
    }

    /// The origin of HubSpot's authorize page, default [`AUTHORIZE_HOST`]; e.g.
    /// [`AUTHORIZE_HOST_EU1`] for accounts in the EU data center.
    pub fn host(mut self, origin: impl Into<String>) -> Self {
        self.host = origin.into();
        self
    }

    /// The URL, parameters percent-encoded (scopes separated by `%20`).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for a host or redirect URI that is not an absolute `http(s)`
    /// URL, no scope, or a scope that is empty or contains whitespace.
    pub fn build(&self) -> Result<String, Error> {
        let host = self.host.trim_end_matches('/');
        check_url("the host", host)?;
        check_url("the redirect URI", &self.redirect_uri)?;
        if self.scopes.is_empty() {
            return Err(invalid(
                "at least one scope is needed (HubSpot requires `scope`), e.g. `oauth`".into(),
            ));
        }
        for scope in self.scopes.iter().chain(&self.optional_scopes) {
            if scope.is_empty() || scope.chars().any(char::is_whitespace) {
                return Err(invalid(format!(
                    "the scope {scope:?} is empty or contains whitespace (give scopes one by one)"
                )));
            }
        }
        let mut url = String::from(host);
        url.push_str("/oauth/");
        if let Some(hub_id) = self.account {
            url.push_str(&hub_id.to_string());
            url.push('/');
        }
        url.push_str("authorize?client_id=");
        url.push_str(&encode_query_component(&self.client_id));
        url.push_str("&redirect_uri=");
        url.push_str(&encode_query_component(&self.redirect_uri));
        url.push_str("&scope=");
        url.push_str(&joined(&self.scopes));
        if !self.optional_scopes.is_empty() {
            url.push_str("&optional_scope=");
            url.push_str(&joined(&self.optional_scopes));
        }
        if let Some(state) = &self.state {
            url.push_str("&state=");
            url.push_str(&encode_query_component(state));
        }
        Ok(url)
    }
}

/// Scopes, each percent-encoded, separated by `%20`.
fn joined(scopes: &[String]) -> String {
    scopes
        .iter()
        .map(|s| encode_query_component(s))
        .collect::<Vec<_>>()
        .join("%20")
}

fn check_url(what: &str, value: &str) -> Result<(), Error> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(()),
        _ => Err(invalid(format!(
            "{what} {value:?} is not an absolute http(s) URL"
        ))),
    }
}

fn invalid(message: String) -> Error {
    Error::InvalidRequest {
        operation: OPERATION,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(scopes: &[&str]) -> AuthorizeUrl {
        AuthorizeUrl::new(
            "client id",
            "http://localhost:3000/cb?x=1",
            scopes.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn eu_host_and_a_fixed_account() {
        let built = url(&["oauth"])
            .host(AUTHORIZE_HOST_EU1)
            .account(62515)
            .build()
            .expect("url");
        assert_eq!(
            built,
            "https://app-eu1.hubspot.com/oauth/62515/authorize?client_id=client%20id\
             &redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb%3Fx%3D1&scope=oauth"
        );
    }

    #[test]
    fn bad_input_is_refused_with_what_to_fix() {
        let cases = [
            (url(&[]), "at least one scope"),
            (
                url(&["crm.objects.contacts.read oauth"]),
                "contains whitespace",
            ),
            (url(&["oauth"]).optional_scopes([""]), "is empty"),
            (url(&["oauth"]).host("app.hubspot.com"), "the host"),
            (
                AuthorizeUrl::new("id", "/oauth/callback", vec!["oauth".into()]),
                "the redirect URI",
            ),
        ];
        for (builder, expected) in cases {
            let Err(Error::InvalidRequest { operation, message }) = builder.build() else {
                panic!("{builder:?} was accepted");
            };
            assert_eq!(operation, OPERATION);
            assert!(message.contains(expected), "{message}");
        }
    }
}
