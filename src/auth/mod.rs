//! OAuth for public apps (calling apps in HubSpot's marketplace), installed in many accounts:
//! the install flow, tokens that renew themselves, and which account a token belongs to.
//!
//! - [`OAuthApp`]: the app's client id and secret. [`OAuthApp::authorize_url`] builds the
//!   URL that asks a user to install the app ([`AuthorizeUrl`]: scopes, optional scopes,
//!   state, EU host); [`OAuthApp::exchange_code`] turns the code HubSpot redirects back with
//!   into the account's [`TokenSet`]; [`OAuthApp::access_token_info`] says which account
//!   (`hub_id`), user and scopes a token has ([`AccessTokenInfo`]).
//! - [`OAuthRefresher`]: a [`TokenSource`](crate::TokenSource) for one account that renews
//!   its access token before it expires, once per expiry however many requests wait, and
//!   hands every new token set to a [`TokenStore`] (or a callback).
//!
//! ```no_run
//! use hubspot_calling::auth::{OAuthApp, TokenSet};
//! use hubspot_calling::{Client, Credentials};
//!
//! # async fn run(stored: Vec<(i64, String)>) -> Result<(), hubspot_calling::Error> {
//! let client = Client::builder().build()?; // one connection pool for every account
//! let app = OAuthApp::new(&client, "7fff1e36-client-id", std::env::var("HUBSPOT_CLIENT_SECRET").unwrap_or_default())?;
//! // One handle per installed account, each with its own refresher and rate limiter.
//! let mut accounts = std::collections::HashMap::new();
//! for (hub_id, refresh_token) in stored {
//!     let refresher = app.refresher(TokenSet::new(refresh_token).with_hub_id(hub_id));
//!     accounts.insert(hub_id, client.for_account(Credentials::new().token_source(refresher))?);
//! }
//! # Ok(()) }
//! ```
//!
//! HubSpot's OAuth v1 operations (`POST /oauth/v1/token`, `GET /oauth/v1/access-tokens/{token}`)
//! are the builders generated from `specs/oauth.json` (`hubspot_calling::oauth`, reached with
//! `client.oauth()`; the token request's form is [`oauth::TokenRequest`](crate::oauth::TokenRequest)),
//! sent through the app's [`Client`](crate::Client): its base URL, connection pool and retry
//! policy (a 5xx or a failed connection of the token endpoint is retried like any request; a
//! refused refresh is not).
//!
//! Layer 6: imports the client, the facade of generated code (`rt`) and the generated `oauth`
//! module.

mod app;
mod authorize;
mod endpoints;
mod refresher;
mod tokens;

pub use app::OAuthApp;
pub use authorize::{AuthorizeUrl, AUTHORIZE_HOST, AUTHORIZE_HOST_EU1};
pub use refresher::{OAuthRefresher, DEFAULT_MARGIN};
pub use tokens::{AccessTokenInfo, TokenSet, TokenStore};
