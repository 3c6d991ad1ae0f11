//! Which configured credential satisfies which security scheme.

use super::{ApiKeyLocation, Operation, Scheme};
use crate::client::Client;
use crate::error::Error;

/// The credential a scheme needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Credential {
    AccessToken,
    DeveloperApiKey,
}

impl Credential {
    fn setter(self) -> &'static str {
        match self {
            Credential::AccessToken => "ClientBuilder::access_token",
            Credential::DeveloperApiKey => "ClientBuilder::developer_api_key",
        }
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
fn requirement(scheme: &Scheme) -> Option<Credential> {
    match *scheme {
        Scheme::Bearer => Some(Credential::AccessToken),
        Scheme::ApiKey {
            name,
            location: ApiKeyLocation::Header,
        } if name.eq_ignore_ascii_case("authorization")
            || name.eq_ignore_ascii_case("private-app")
            || name.eq_ignore_ascii_case("private-app-legacy") =>
        {
            Some(Credential::AccessToken)
        }
        Scheme::ApiKey {
            name,
            location: ApiKeyLocation::Query,
        } if name.eq_ignore_ascii_case("hapikey") => Some(Credential::DeveloperApiKey),
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

/// Picks the first alternative of `operation.security` whose schemes are all satisfiable with the
/// client's credentials.
pub(crate) fn select(client: &Client, operation: &'static Operation) -> Result<Chosen, Error> {
    if operation.security.is_empty() {
        return Ok(Chosen::default());
    }
    let configured = |c: Credential| match c {
        Credential::AccessToken => client.has_access_token(),
        Credential::DeveloperApiKey => client.has_developer_api_key(),
    };
    for alternative in operation.security {
        let mut chosen = Chosen::default();
        let satisfied = alternative.iter().all(|scheme| match requirement(scheme) {
            Some(c) if configured(c) => {
                match c {
                    Credential::AccessToken => chosen.access_token = true,
                    Credential::DeveloperApiKey => chosen.developer_api_key = true,
                }
                true
            }
            _ => false,
        });
        if satisfied {
            return Ok(chosen);
        }
    }
    Err(Error::MissingCredential {
        operation: operation.name,
        accepted: accepted(operation),
    })
}

/// What the user can configure to call `operation`, e.g.
/// `call ClientBuilder::access_token or ClientBuilder::developer_api_key`.
fn accepted(operation: &Operation) -> String {
    let mut options: Vec<String> = Vec::new();
    for alternative in operation.security {
        let needs: Option<Vec<Credential>> = alternative.iter().map(requirement).collect();
        let Some(mut needs) = needs else { continue };
        needs.sort();
        needs.dedup();
        let option = needs
            .iter()
            .map(|c| c.setter())
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
