//! Credentials: an account's validated keys ([`Keys`]), which of them a request uses
//! ([`select`], once per request) and attaching them ([`bearer`] and [`authorize`], once per
//! attempt: the one place where a credential reaches a request, so a [`TokenSource`] is asked
//! for every attempt).
//!
//! [`TokenSource`]: crate::settings::TokenSource

use std::fmt;

use http::header::{HeaderMap, HeaderValue, AUTHORIZATION};

use super::token::Sourced;
use crate::error::{Error, TokenError};
use crate::operation::{ApiKeyLocation, Operation, Scheme};
use crate::redact::{Redactor, Secret, REDACTED};
use crate::settings::{AccessToken, CredentialKind, Credentials, RequestOptions, TokenSetting};
use crate::wire::encode_query_component;

/// The credentials of one account, validated and ready to send, and the redactor of their
/// secrets.
pub(crate) struct Keys {
    access_token: Option<TokenKey>,
    developer_api_key: Option<Secret>,
    /// The fixed secrets: a fixed token, the key, the extra secrets given to [`Keys::new`].
    redactor: Redactor,
}

/// Where the access token comes from.
enum TokenKey {
    /// A fixed token and its ready-made `Authorization: Bearer <token>` value (marked
    /// sensitive).
    Fixed {
        token: AccessToken,
        header: HeaderValue,
    },
    /// A token source, asked on every attempt.
    Sourced(Sourced),
}

impl Keys {
    /// Validates `credentials`; `extra` are further secrets of the account to redact (e.g.
    /// sensitive default header values).
    ///
    /// # Errors
    /// [`Error::Config`] for an empty credential or one that cannot be sent (control characters,
    /// whitespace in the key).
    pub(crate) fn new<'a>(
        credentials: &Credentials,
        extra: impl IntoIterator<Item = &'a str>,
    ) -> Result<Keys, Error> {
        let mut fixed_token = None;
        let fixed = match &credentials.access_token {
            Some(TokenSetting::Fixed(token)) => {
                if token.expose().is_empty() {
                    return Err(config("the access token is empty"));
                }
                fixed_token = Some(token.expose());
                let header = bearer_value(token.expose()).ok_or_else(|| {
                    config(
                        "the access token contains characters that cannot be sent in an HTTP \
                         header (check for a trailing newline or whitespace)",
                    )
                })?;
                Some(TokenKey::Fixed {
                    token: AccessToken::new(token.expose()),
                    header,
                })
            }
            _ => None,
        };
        let developer_api_key = match &credentials.developer_api_key {
            None => None,
            Some(key) => {
                if key.expose().is_empty() {
                    return Err(config("the developer API key is empty"));
                }
                if key
                    .expose()
                    .chars()
                    .any(|c| c.is_control() || c.is_whitespace())
                {
                    return Err(config(
                        "the developer API key contains whitespace or control characters \
                         (check for a trailing newline)",
                    ));
                }
                Some(key.clone())
            }
        };
        let mut secrets: Vec<&str> = extra.into_iter().collect();
        secrets.extend(fixed_token);
        secrets.extend(developer_api_key.as_ref().map(Secret::expose));
        let redactor = Redactor::new(secrets, encode_query_component);
        let access_token = match (&credentials.access_token, fixed) {
            (_, Some(fixed)) => Some(fixed),
            (Some(TokenSetting::Source(source)), None) => Some(TokenKey::Sourced(Sourced::new(
                source.clone(),
                redactor.clone(),
            ))),
            _ => None,
        };
        Ok(Keys {
            access_token,
            developer_api_key,
            redactor,
        })
    }

    /// Whether this kind of credential is configured.
    pub(crate) fn has(&self, kind: CredentialKind) -> bool {
        match kind {
            CredentialKind::AccessToken => self.access_token.is_some(),
            CredentialKind::DeveloperApiKey => self.developer_api_key.is_some(),
        }
    }

    /// The redactor of the account's secrets, with every recent token its source handed out.
    pub(crate) fn redactor(&self) -> Redactor {
        match &self.access_token {
            Some(TokenKey::Sourced(sourced)) => sourced.redactor(),
            _ => self.redactor.clone(),
        }
    }

    /// The account's access token now (asking its source), for users who send requests
    /// themselves; `None` when none is configured.
    ///
    /// # Errors
    /// The source's [`TokenError`].
    pub(crate) async fn current_token(&self) -> Result<Option<AccessToken>, TokenError> {
        match &self.access_token {
            None => Ok(None),
            Some(TokenKey::Fixed { token, .. }) => Ok(Some(token.clone())),
            Some(TokenKey::Sourced(sourced)) => sourced.issue(None).await.map(|i| Some(i.token)),
        }
    }

    /// HubSpot answered a request sent with the source's `token` as expired: the token to send
    /// it again with, or `None` (a fixed token, or a source that cannot renew).
    ///
    /// # Errors
    /// The source's [`TokenError`].
    pub(crate) async fn token_expired(
        &self,
        token: AccessToken,
    ) -> Result<Option<AccessToken>, TokenError> {
        match &self.access_token {
            Some(TokenKey::Sourced(sourced)) => sourced.expired(token).await,
            _ => Ok(None),
        }
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = match &self.access_token {
            None => None,
            Some(TokenKey::Fixed { .. }) => Some(REDACTED),
            Some(TokenKey::Sourced(_)) => Some("<token source>"),
        };
        f.debug_struct("Keys")
            .field("access_token", &token)
            .field(
                "developer_api_key",
                &self.developer_api_key.as_ref().map(|_| REDACTED),
            )
            .finish()
    }
}

/// `Bearer <token>`, marked sensitive; `None` when the token cannot be sent in a header.
pub(crate) fn bearer_value(token: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    header.set_sensitive(true);
    Some(header)
}

fn config(message: &str) -> Error {
    Error::Config {
        message: message.to_owned(),
    }
}

/// Credentials to attach to one request.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chosen {
    /// Send `Authorization: Bearer <access token>`.
    pub(crate) access_token: bool,
    /// Send `hapikey=<developer API key>`.
    pub(crate) developer_api_key: bool,
}

/// The credential a scheme needs, or `None` when no configurable credential satisfies it.
fn requirement(scheme: &Scheme) -> Option<CredentialKind> {
    match *scheme {
        Scheme::Bearer => Some(CredentialKind::AccessToken),
        Scheme::ApiKey {
            name,
            location: ApiKeyLocation::Header,
        } if name.eq_ignore_ascii_case("authorization")
            || name.eq_ignore_ascii_case("private-app")
            || name.eq_ignore_ascii_case("private-app-legacy") =>
        {
            Some(CredentialKind::AccessToken)
        }
        Scheme::ApiKey {
            name,
            location: ApiKeyLocation::Query,
        } if name.eq_ignore_ascii_case("hapikey") => Some(CredentialKind::DeveloperApiKey),
        Scheme::ApiKey { .. } | Scheme::Unsupported { .. } => None,
    }
}

fn describe(scheme: &Scheme) -> String {
    match *scheme {
        Scheme::Bearer => "bearer token".to_owned(),
        Scheme::ApiKey { name, location } => {
            let place = match location {
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Cookie => "cookie",
            };
            format!("API key in {place} `{name}`")
        }
        Scheme::Unsupported { kind } => kind.to_owned(),
    }
}

/// Picks the first alternative of `operation.security` whose schemes are all satisfiable with
/// the configured credentials (and the per-request token); with a per-request credential choice
/// ([`RequestOptions::credential`]), only alternatives that need nothing else.
///
/// # Errors
/// [`Error::InvalidRequest`] when the operation does not accept the chosen credential or the
/// per-request token cannot be sent; [`Error::MissingCredential`] when none of what it accepts
/// is configured.
pub(crate) fn select(
    keys: &Keys,
    options: &RequestOptions,
    operation: &'static Operation,
) -> Result<Chosen, Error> {
    if let Some(token) = &options.access_token {
        if token.expose().is_empty() || bearer_value(token.expose()).is_none() {
            return Err(Error::InvalidRequest {
                operation: operation.name,
                message: "the per-request access token is empty or contains characters that \
                          cannot be sent in an HTTP header"
                    .to_owned(),
            });
        }
    }
    if operation.security.is_empty() {
        return Ok(Chosen::default());
    }
    let configured = |kind: CredentialKind| {
        keys.has(kind) || (kind == CredentialKind::AccessToken && options.access_token.is_some())
    };
    let only = options.credential();
    let mut accepts_only = false;
    for alternative in operation.security {
        if let Some(only) = only {
            if !alternative.iter().all(|s| requirement(s) == Some(only)) {
                continue;
            }
            accepts_only = true;
        }
        let mut chosen = Chosen::default();
        let satisfied = alternative.iter().all(|scheme| match requirement(scheme) {
            Some(kind) if configured(kind) => {
                match kind {
                    CredentialKind::AccessToken => chosen.access_token = true,
                    CredentialKind::DeveloperApiKey => chosen.developer_api_key = true,
                }
                true
            }
            _ => false,
        });
        if satisfied {
            return Ok(chosen);
        }
    }
    match only {
        Some(only) if !accepts_only => Err(Error::InvalidRequest {
            operation: operation.name,
            message: format!(
                "the request asks for {} (with_credential), which this operation does not \
                 accept; to authenticate it, {}",
                only.describe(),
                accepted(operation, None)
            ),
        }),
        _ => Err(Error::MissingCredential {
            operation: operation.name,
            accepted: accepted(operation, only),
        }),
    }
}

/// What the user can configure to call `operation` (restricted to `only`), e.g.
/// `call ClientBuilder::access_token or ClientBuilder::developer_api_key`.
fn accepted(operation: &Operation, only: Option<CredentialKind>) -> String {
    let mut options: Vec<String> = Vec::new();
    for alternative in operation.security {
        let needs: Option<Vec<CredentialKind>> = alternative.iter().map(requirement).collect();
        let Some(mut needs) = needs else { continue };
        if only.is_some_and(|only| needs.iter().any(|kind| *kind != only)) {
            continue;
        }
        needs.sort();
        needs.dedup();
        let option = needs
            .iter()
            .map(|kind| kind.setter())
            .collect::<Vec<_>>()
            .join(" and ");
        if !options.contains(&option) {
            options.push(option);
        }
    }
    if options.is_empty() {
        let mut schemes: Vec<String> = operation
            .security
            .iter()
            .flat_map(|alternative| alternative.iter())
            .filter(|scheme| requirement(scheme).is_none())
            .map(describe)
            .collect();
        schemes.dedup();
        format!(
            "it only accepts authentication this client cannot provide ({})",
            schemes.join(", ")
        )
    } else {
        format!("call {}", options.join(" or "))
    }
}

/// The `Authorization` value of one attempt.
pub(crate) struct Bearer {
    /// `Bearer <token>`, marked sensitive.
    pub(crate) header: HeaderValue,
    /// The token source's token it carries, to report if HubSpot answers that it expired;
    /// `None` for a fixed or per-request token.
    pub(crate) sourced: Option<AccessToken>,
}

/// The `Authorization` value of one attempt when the request sends the access token: the
/// per-request token, else the account's, its source asked now (`renewed`: the token the source
/// gave after an expired-token answer, sent instead).
///
/// # Errors
/// [`Error::Auth`] when the token source fails.
pub(crate) async fn bearer(
    keys: &Keys,
    options: &RequestOptions,
    chosen: Chosen,
    operation: &'static Operation,
    renewed: Option<AccessToken>,
) -> Result<Option<Bearer>, Error> {
    if !chosen.access_token {
        return Ok(None);
    }
    if let Some(token) = &options.access_token {
        // `select` checked the per-request token; a failed conversion cannot happen here.
        return Ok(bearer_value(token.expose()).map(|header| Bearer {
            header,
            sourced: None,
        }));
    }
    match &keys.access_token {
        None => Ok(None),
        Some(TokenKey::Fixed { header, .. }) => Ok(Some(Bearer {
            header: header.clone(),
            sourced: None,
        })),
        Some(TokenKey::Sourced(sourced)) => match sourced.issue(renewed).await {
            Ok(issued) => Ok(Some(Bearer {
                header: issued.header,
                sourced: Some(issued.token),
            })),
            Err(error) => Err(Error::Auth {
                operation: operation.name,
                error,
            }),
        },
    }
}

/// [`bearer`] without asking a token source, for requests built without sending
/// (`build_request`, which is not async).
///
/// # Errors
/// [`Error::InvalidRequest`] when the account's token comes from a token source.
pub(crate) fn bearer_now(
    keys: &Keys,
    options: &RequestOptions,
    chosen: Chosen,
    operation: &'static Operation,
) -> Result<Option<HeaderValue>, Error> {
    if !chosen.access_token {
        return Ok(None);
    }
    if let Some(token) = &options.access_token {
        return Ok(bearer_value(token.expose()));
    }
    match &keys.access_token {
        None => Ok(None),
        Some(TokenKey::Fixed { header, .. }) => Ok(Some(header.clone())),
        Some(TokenKey::Sourced(_)) => Err(Error::InvalidRequest {
            operation: operation.name,
            message: "this account's access token comes from a token source, which \
                      `build_request` (not async) cannot ask: get the token with \
                      `Client::access_token().await` and pass it with `with_access_token`"
                .to_owned(),
        }),
    }
}

/// Attaches the chosen credentials to one attempt: `hapikey` appended to the encoded `query`,
/// the `bearer` value (see [`bearer`]) set as `Authorization` in `headers`.
///
/// This and [`bearer`] are the only places a credential value reaches a request, and they run
/// for every attempt, so a token source is asked each time.
pub(crate) fn authorize(
    keys: &Keys,
    chosen: Chosen,
    bearer: Option<HeaderValue>,
    query: &mut String,
    headers: &mut HeaderMap,
) {
    if chosen.developer_api_key {
        if let Some(key) = &keys.developer_api_key {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str("hapikey=");
            query.push_str(&encode_query_component(key.expose()));
        }
    }
    if let Some(header) = bearer {
        headers.insert(AUTHORIZATION, header);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Method;

    const BEARER: &[Scheme] = &[Scheme::Bearer];
    const HAPIKEY: &[Scheme] = &[Scheme::query_key("hapikey")];

    static SETTINGS: Operation = Operation {
        name: "get_settings",
        method: Method::GET,
        path: "/settings",
        security: &[HAPIKEY, BEARER],
        idempotent: true,
    };
    static CALLS: Operation = Operation {
        name: "get_call",
        method: Method::GET,
        path: "/calls",
        security: &[BEARER],
        idempotent: true,
    };

    fn keys(token: bool, key: bool) -> Keys {
        let mut credentials = Credentials::new();
        if token {
            credentials = credentials.access_token("pat-na1-token");
        }
        if key {
            credentials = credentials.developer_api_key("devkey-key");
        }
        Keys::new(&credentials, []).expect("valid")
    }

    #[test]
    fn the_spec_order_decides_unless_the_request_chooses() {
        let both = keys(true, true);
        let none = RequestOptions::new();
        let by_spec = select(&both, &none, &SETTINGS).expect("chosen");
        assert!(by_spec.developer_api_key && !by_spec.access_token);
        let token = RequestOptions::new().with_credential(CredentialKind::AccessToken);
        let forced = select(&both, &token, &SETTINGS).expect("chosen");
        assert!(forced.access_token && !forced.developer_api_key);
        // A per-request token implies the access token, and needs none configured.
        let per_request = RequestOptions::new().with_access_token("pat-na1-per-request");
        let chosen = select(&keys(false, true), &per_request, &SETTINGS).expect("chosen");
        assert!(chosen.access_token && !chosen.developer_api_key);
    }

    #[test]
    fn a_credential_the_operation_does_not_accept_is_an_invalid_request() {
        let key = RequestOptions::new().with_credential(CredentialKind::DeveloperApiKey);
        let Err(Error::InvalidRequest { message, .. }) = select(&keys(true, true), &key, &CALLS)
        else {
            panic!("expected InvalidRequest");
        };
        assert!(message.contains("the developer API key"), "{message}");
        let Err(Error::MissingCredential { accepted, .. }) =
            select(&keys(true, false), &key, &SETTINGS)
        else {
            panic!("expected MissingCredential");
        };
        assert!(accepted.contains("developer_api_key"), "{accepted}");
        assert!(!accepted.contains("access_token"), "{accepted}");
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(future)
    }

    #[test]
    fn authorize_attaches_what_was_chosen() {
        let both = keys(true, true);
        let options = RequestOptions::new();
        let mut query = String::from("a=1");
        let mut headers = HeaderMap::new();
        let chosen = Chosen {
            access_token: true,
            developer_api_key: true,
        };
        let value = block_on(bearer(&both, &options, chosen, &CALLS, None)).expect("token");
        let value = value.map(|b| b.header);
        assert_eq!(
            value,
            bearer_now(&both, &options, chosen, &CALLS).expect("token")
        );
        authorize(&both, chosen, value, &mut query, &mut headers);
        assert_eq!(query, "a=1&hapikey=devkey-key");
        assert_eq!(headers[AUTHORIZATION], "Bearer pat-na1-token");
        assert!(headers[AUTHORIZATION].is_sensitive());

        // The per-request token wins.
        let per_request = RequestOptions::new().with_access_token("pat-na1-other");
        let value = bearer_now(&both, &per_request, chosen, &CALLS).expect("token");
        authorize(&both, chosen, value, &mut String::new(), &mut headers);
        assert_eq!(headers[AUTHORIZATION], "Bearer pat-na1-other");
    }

    #[test]
    fn a_token_source_is_asked_per_attempt_but_not_without_sending() {
        let credentials =
            Credentials::new().token_source(crate::settings::StaticToken::new("from-a-source"));
        let keys = Keys::new(&credentials, []).expect("valid");
        let chosen = Chosen {
            access_token: true,
            developer_api_key: false,
        };
        let options = RequestOptions::new();
        let sent = block_on(bearer(&keys, &options, chosen, &CALLS, None))
            .expect("token")
            .expect("sent");
        assert_eq!(sent.header, "Bearer from-a-source");
        assert_eq!(
            sent.sourced
                .map(|t| t.expose_secret().to_owned())
                .as_deref(),
            Some("from-a-source")
        );
        assert!(keys
            .redactor()
            .redact("x from-a-source")
            .ends_with("<redacted>"));
        let Err(Error::InvalidRequest { message, .. }) =
            bearer_now(&keys, &options, chosen, &CALLS)
        else {
            panic!("expected InvalidRequest");
        };
        assert!(message.contains("with_access_token"), "{message}");
    }

    #[test]
    fn invalid_credentials_are_config_errors() {
        for credentials in [
            Credentials::new().access_token(""),
            Credentials::new().access_token("tok\n"),
            Credentials::new().developer_api_key(""),
            Credentials::new().developer_api_key("key with space"),
        ] {
            assert!(matches!(
                Keys::new(&credentials, []),
                Err(Error::Config { .. })
            ));
        }
    }
}
