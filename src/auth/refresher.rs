//! [`OAuthRefresher`]: an account's OAuth tokens as a [`TokenSource`] that renews the access
//! token before it expires (and once after HubSpot says it expired), one refresh at a time.
//!
//! State: the newest [`TokenSet`] and when its access token is due for renewal, behind a
//! `std` mutex held only to read or write it; refreshes go through a `tokio` mutex (the gate),
//! so requests that find the token stale wait for the one refresh in flight and share its
//! outcome. A refresh HubSpot refuses for good (`BAD_REFRESH_TOKEN`, `invalid_grant`) is
//! remembered: later requests fail with it at once, without calling HubSpot again.

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use serde_json::Value;
use tokio::time::Instant;

use super::app::OAuthApp;
use super::tokens::{TokenSet, TokenStore};
use crate::error::{Error, TokenError};
use crate::redact::Redactor;
use crate::settings::{AccessToken, TokenFuture, TokenSource};
use crate::wire::encode_query_component;

/// How long before the access token expires the refresher renews it, by default.
pub const DEFAULT_MARGIN: Duration = Duration::from_secs(5 * 60);

/// An account's OAuth tokens, renewed by themselves: give it to
/// [`Credentials::token_source`](crate::Credentials::token_source) and the account's requests
/// always carry a valid access token.
///
/// - It renews the access token `margin` ([`DEFAULT_MARGIN`], 5 minutes) before it expires
///   (at most half its lifetime before), judged on tokio's clock, and once more when HubSpot
///   answers 401 `EXPIRED_AUTHENTICATION` anyway; the request is then sent again once.
/// - One refresh at a time: 100 requests that find the token stale cause one call to the
///   token endpoint, and all of them use its result.
/// - Every token set it gets goes to its [`TokenStore`] or [`OAuthRefresher::on_refresh`]
///   callback (HubSpot may hand out a new refresh token: the newest is kept and used).
/// - A refresh HubSpot refuses (`BAD_REFRESH_TOKEN` / `invalid_grant`: the app was uninstalled
///   or the refresh token revoked; or a wrong client secret) fails the request with
///   [`Error::Auth`] ([`Error::needs_reauthorization`] is true), and every later request at
///   once with the same error, without calling HubSpot again: reinstall, then give the
///   account a new refresher. A failure that may pass (5xx after the client's retries, a
///   connection failure) fails only the requests that waited for it; while the old token is
///   still valid, they use it.
///
/// The client secret, the refresh tokens and the access tokens never appear in `Debug`,
/// errors or logs.
///
/// ```no_run
/// use hubspot_calling::auth::{OAuthApp, TokenSet};
/// use hubspot_calling::{Client, Credentials};
///
/// # async fn run(refresh_token_from_db: String) -> Result<(), hubspot_calling::Error> {
/// let client = Client::builder().build()?;
/// let app = OAuthApp::new(&client, "7fff1e36-client-id", "client-secret")?;
/// let refresher = app
///     .refresher(TokenSet::new(refresh_token_from_db))
///     .on_refresh(|tokens| {
///         // Store tokens.refresh_token() (and the access token) for the next start.
///         let _ = tokens;
///     });
/// let account = client.for_account(Credentials::new().token_source(refresher))?;
/// # let _ = account; Ok(()) }
/// ```
pub struct OAuthRefresher {
    app: OAuthApp,
    margin: Duration,
    store: Option<Box<dyn TokenStore>>,
    state: Mutex<State>,
    /// Held while a refresh is in flight.
    gate: tokio::sync::Mutex<()>,
}

struct State {
    /// The newest tokens.
    tokens: TokenSet,
    /// When the access token of `tokens` is due and when it expires; `None` when there is none
    /// to use (not issued yet, or HubSpot said it expired).
    due: Option<Due>,
    /// How many refreshes have finished, successful or not.
    flights: u64,
    /// The failure of the last refresh, when it failed.
    last_failure: Option<TokenError>,
    /// A failure that asking again cannot fix: returned at once from now on.
    refused: Option<TokenError>,
}

#[derive(Clone, Copy)]
struct Due {
    renew_at: Instant,
    expires_at: Instant,
}

/// What a look at the state found.
enum Look {
    Token(AccessToken),
    Failed(TokenError),
    /// Refresh, unless a refresh finishes first (`flights` is the count seen).
    Stale(u64),
}

impl OAuthRefresher {
    pub(crate) fn new(app: OAuthApp, tokens: TokenSet) -> OAuthRefresher {
        let mut refresher = OAuthRefresher {
            app,
            margin: DEFAULT_MARGIN,
            store: None,
            state: Mutex::new(State {
                tokens,
                due: None,
                flights: 0,
                last_failure: None,
                refused: None,
            }),
            gate: tokio::sync::Mutex::new(()),
        };
        refresher.restore_due();
        refresher
    }

    /// Renews the access token this long before it expires (default [`DEFAULT_MARGIN`]); for a
    /// token issued by the refresher, at most half its lifetime before.
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self.restore_due();
        self
    }

    /// Saves every token set the refresher gets to `store` (waited for; a failure is logged).
    pub fn store(mut self, store: impl TokenStore) -> Self {
        self.store = Some(Box::new(store));
        self
    }

    /// Calls `callback` with every token set the refresher gets (e.g. to write the refresh
    /// token to a database). For a store that waits on I/O, see [`OAuthRefresher::store`].
    pub fn on_refresh(self, callback: impl Fn(&TokenSet) + Send + Sync + 'static) -> Self {
        self.store(Callback(callback))
    }

    /// The newest tokens (e.g. to see which refresh token is current).
    pub fn tokens(&self) -> TokenSet {
        self.lock().tokens.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Every write leaves the state consistent: a panic elsewhere cannot break it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// When a stored access token is due: `margin` before its wall-clock expiry.
    fn restore_due(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        state.due = match (&state.tokens.access_token, state.tokens.expires_at) {
            (Some(_), Some(expires_at)) => {
                let left = expires_at
                    .duration_since(SystemTime::now())
                    .unwrap_or(Duration::ZERO);
                let now = Instant::now();
                Some(Due {
                    renew_at: now + left.saturating_sub(self.margin),
                    expires_at: now + left,
                })
            }
            _ => None,
        };
    }

    fn look(&self, seen: Option<u64>) -> Look {
        let state = self.lock();
        if let Some(refused) = &state.refused {
            return Look::Failed(refused.clone());
        }
        let now = Instant::now();
        let token = state.tokens.access_token.as_ref();
        if let (Some(token), Some(due)) = (token, state.due) {
            if now < due.renew_at {
                return Look::Token(token.clone());
            }
        }
        if seen.is_some_and(|seen| seen != state.flights) {
            // A refresh finished while this request waited: share its outcome.
            match (&state.last_failure, token, state.due) {
                (Some(failure), Some(token), Some(due)) if now < due.expires_at => {
                    tracing::debug!(error = %failure, "using the access token until it expires");
                    return Look::Token(token.clone());
                }
                (Some(failure), ..) => return Look::Failed(failure.clone()),
                (None, Some(token), Some(_)) => return Look::Token(token.clone()),
                (None, ..) => {}
            }
        }
        Look::Stale(state.flights)
    }

    async fn current(&self) -> Result<AccessToken, TokenError> {
        let seen = match self.look(None) {
            Look::Token(token) => return Ok(token),
            Look::Failed(error) => return Err(error),
            Look::Stale(flights) => flights,
        };
        let _gate = self.gate.lock().await;
        match self.look(Some(seen)) {
            Look::Token(token) => Ok(token),
            Look::Failed(error) => Err(error),
            Look::Stale(_) => self.refresh().await,
        }
    }

    /// One refresh; the caller holds the gate.
    async fn refresh(&self) -> Result<AccessToken, TokenError> {
        let refresh_token = self.lock().tokens.refresh_token.clone();
        let started = Instant::now();
        let result = if refresh_token.expose_secret().is_empty() {
            Err(TokenError::reauthorize(
                "the account's refresh token is empty: give the refresher the refresh token \
                 the install flow returned (OAuthApp::exchange_code)",
            ))
        } else {
            self.app
                .refresh(refresh_token.expose_secret())
                .await
                .map_err(failure)
        };
        let issued = result.and_then(|mut tokens| {
            // What the answer does not say stays as it was.
            let state = self.lock();
            tokens.hub_id = tokens.hub_id.or(state.tokens.hub_id);
            if tokens.scopes.is_empty() {
                tokens.scopes = state.tokens.scopes.clone();
            }
            drop(state);
            match tokens.access_token.clone() {
                Some(token) => Ok((tokens, token)),
                None => Err(TokenError::new("the token endpoint issued no access token")),
            }
        });
        let (token, new) = self.record(issued, started)?;
        let Some(tokens) = new else {
            return Ok(token);
        };
        tracing::info!(
            client_id = self.app.client_id(),
            hub_id = tokens.hub_id,
            expires_in_s = tokens.expires_in.unwrap_or_default().as_secs(),
            "renewed a HubSpot access token"
        );
        self.save(&tokens).await;
        Ok(token)
    }

    /// Writes the outcome of a refresh started at `started` into the state. Returns the token
    /// to use and the new tokens (to log and store), or the error to return: the old token
    /// instead, without new tokens, while it is valid and the failure may pass.
    fn record(
        &self,
        issued: Result<(TokenSet, AccessToken), TokenError>,
        started: Instant,
    ) -> Result<(AccessToken, Option<TokenSet>), TokenError> {
        let mut state = self.lock();
        state.flights += 1;
        match issued {
            Ok((tokens, token)) => {
                // Counted from before the request was sent: never later than HubSpot's clock.
                let lifetime = tokens.expires_in.unwrap_or(Duration::ZERO);
                let margin = self.margin.min(lifetime / 2);
                state.due = Some(Due {
                    renew_at: started + lifetime - margin,
                    expires_at: started + lifetime,
                });
                state.last_failure = None;
                state.tokens = tokens.clone();
                Ok((token, Some(tokens)))
            }
            Err(error) => {
                tracing::warn!(
                    client_id = self.app.client_id(),
                    error = %error,
                    "could not renew a HubSpot access token"
                );
                state.last_failure = Some(error.clone());
                if error.needs_reauthorization() {
                    state.refused = Some(error.clone());
                    state.due = None;
                    return Err(error);
                }
                match (&state.tokens.access_token, state.due) {
                    (Some(token), Some(due)) if Instant::now() < due.expires_at => {
                        Ok((token.clone(), None))
                    }
                    _ => Err(error),
                }
            }
        }
    }

    async fn save(&self, tokens: &TokenSet) {
        let Some(store) = &self.store else { return };
        if let Err(error) = store.save(tokens).await {
            let redactor = self.redactor(tokens);
            tracing::warn!(
                client_id = self.app.client_id(),
                error = %redactor.redact(&error.to_string()),
                "could not save renewed HubSpot tokens; the new access token is used anyway"
            );
        }
    }

    /// Redacts this refresher's secrets (for text from a user's store).
    fn redactor(&self, tokens: &TokenSet) -> Redactor {
        let access = tokens.access_token.as_ref().map(AccessToken::expose_secret);
        let secrets = [self.app.secret(), tokens.refresh_token()];
        Redactor::new(secrets.into_iter().chain(access), encode_query_component)
    }
}

impl TokenSource for OAuthRefresher {
    fn access_token(&self) -> TokenFuture<'_, Result<AccessToken, TokenError>> {
        Box::pin(self.current())
    }

    fn token_expired(
        &self,
        rejected: AccessToken,
    ) -> TokenFuture<'_, Result<Option<AccessToken>, TokenError>> {
        Box::pin(async move {
            {
                let mut state = self.lock();
                if state.tokens.access_token.as_ref() == Some(&rejected) {
                    state.due = None;
                }
                drop(state);
            }
            self.current().await.map(Some)
        })
    }
}

impl fmt::Debug for OAuthRefresher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        let status = if state.refused.is_some() {
            "refused: reinstall"
        } else if state.due.is_some() {
            "has an access token"
        } else {
            "renews on next use"
        };
        f.debug_struct("OAuthRefresher")
            .field("client_id", &self.app.client_id())
            .field("hub_id", &state.tokens.hub_id)
            .field("margin", &self.margin)
            .field("status", &status)
            .field("store", &self.store.as_ref().map(|_| "<store>"))
            .finish()
    }
}

/// A closure as a [`TokenStore`].
struct Callback<F>(F);

impl<F: Fn(&TokenSet) + Send + Sync + 'static> TokenStore for Callback<F> {
    fn save<'a>(
        &'a self,
        tokens: &'a TokenSet,
    ) -> TokenFuture<'a, Result<(), Box<dyn std::error::Error + Send + Sync>>> {
        (self.0)(tokens);
        Box::pin(std::future::ready(Ok(())))
    }
}

/// A refresh that failed as a [`TokenError`]: HubSpot refusing the grant or the client (400,
/// 401, 403) needs reauthorization; anything else may pass.
fn failure(error: Error) -> TokenError {
    let Error::Api(api) = &error else {
        return TokenError::new(format!("renewing the access token failed: {error}"))
            .with_source(error);
    };
    let status = api.status;
    let said = TokenAnswer::parse(&api.raw_body);
    let correlation_id = api.correlation_id().map(str::to_owned);
    let mut token_error = if matches!(status, 400 | 401 | 403) {
        let client = said.code.as_deref().is_some_and(|code| {
            ["BAD_CLIENT_ID", "BAD_CLIENT_SECRET", "invalid_client"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(code))
        });
        let what = if client {
            "HubSpot does not accept the app's client id or secret: check them against the \
             app's settings (Auth tab) and create the OAuthApp with the right ones"
        } else {
            "HubSpot refused the refresh token: the app was uninstalled from this HubSpot \
             account or the refresh token was revoked; send the account's user through the \
             install flow again (OAuthApp::authorize_url) and give the account the new tokens"
        };
        let message = match &said.message {
            Some(message) => format!("{what} (HubSpot says: {message})"),
            None => what.to_owned(),
        };
        TokenError::reauthorize(message)
    } else {
        TokenError::new(format!("renewing the access token failed: {error}"))
    };
    token_error = token_error.with_status(status);
    if let Some(code) = said.code {
        token_error = token_error.with_code(code);
    }
    if let Some(id) = correlation_id {
        token_error = token_error.with_correlation_id(id);
    }
    token_error.with_source(error)
}

/// The reason and message of a token endpoint's error body: HubSpot's
/// `{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token",...}`, OAuth's
/// `{"error":"invalid_grant","error_description":"..."}`, or the standard error body's
/// `category` and `message`.
struct TokenAnswer {
    code: Option<String>,
    message: Option<String>,
}

impl TokenAnswer {
    fn parse(body: &str) -> TokenAnswer {
        let value: Value = serde_json::from_str(body.trim()).unwrap_or(Value::Null);
        let text = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let code = text("status")
            .filter(|s| !s.eq_ignore_ascii_case("error"))
            .or_else(|| text("error"))
            .or_else(|| text("category"));
        TokenAnswer {
            code,
            message: text("message").or_else(|| text("error_description")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_endpoint_answers_give_a_code_and_a_message() {
        let hubspot = TokenAnswer::parse(
            r#"{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token","correlationId":"c"}"#,
        );
        assert_eq!(hubspot.code.as_deref(), Some("BAD_REFRESH_TOKEN"));
        assert_eq!(
            hubspot.message.as_deref(),
            Some("missing or unknown refresh token")
        );
        let oauth =
            TokenAnswer::parse(r#"{"error":"invalid_grant","error_description":"revoked"}"#);
        assert_eq!(oauth.code.as_deref(), Some("invalid_grant"));
        assert_eq!(oauth.message.as_deref(), Some("revoked"));
        let standard = TokenAnswer::parse(
            r#"{"status":"error","category":"VALIDATION_ERROR","message":"bad"}"#,
        );
        assert_eq!(standard.code.as_deref(), Some("VALIDATION_ERROR"));
        let html = TokenAnswer::parse("<html>");
        assert!(html.code.is_none() && html.message.is_none());
    }
}
