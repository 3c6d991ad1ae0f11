//! The static description of an API operation ([`Operation`]) and of the security schemes it
//! accepts ([`Scheme`], [`Security`]). Generated code emits one constant per operation and one per
//! distinct set of schemes.
//!
//! Layer 0: this module imports nothing else from the crate.

pub use http::Method;

/// Where an OpenAPI `apiKey` security scheme carries its key. Used by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a query parameter (`in: query`).
    Query,
    /// In a request header (`in: header`).
    Header,
    /// In a cookie (`in: cookie`).
    Cookie,
}

/// One OpenAPI security scheme, as the spec declares it. Used by generated code.
///
/// Which configured credential satisfies a scheme is decided by the runtime:
///
/// - [`Scheme::Bearer`], and `ApiKey { name: "Authorization", location: Header }`: the access token,
///   sent as `Authorization: Bearer <token>`;
/// - `ApiKey { name: "hapikey", location: Query }`: the developer API key, sent as
///   `?hapikey=<key>`;
/// - `ApiKey { name: "private-app" | "private-app-legacy", location: Header }` (HubSpot's private
///   app declarations): the access token, sent as `Authorization: Bearer <token>`;
/// - any other API key and [`Scheme::Unsupported`]: never satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// OAuth 2, OpenID Connect or HTTP bearer: uses the access token.
    Bearer,
    /// An `apiKey` scheme with the parameter name and location the spec declares.
    ApiKey {
        /// Parameter (header, query or cookie) name.
        name: &'static str,
        /// Where the key goes.
        location: ApiKeyLocation,
    },
    /// A scheme this client cannot satisfy (e.g. HTTP basic).
    Unsupported {
        /// What the spec declares, e.g. `"http basic"`.
        kind: &'static str,
    },
}

impl Scheme {
    /// An `apiKey` scheme carried in the header `name`, e.g. `Scheme::header_key("Authorization")`.
    pub const fn header_key(name: &'static str) -> Scheme {
        Scheme::ApiKey {
            name,
            location: ApiKeyLocation::Header,
        }
    }

    /// An `apiKey` scheme carried in the query parameter `name`, e.g.
    /// `Scheme::query_key("hapikey")`.
    pub const fn query_key(name: &'static str) -> Scheme {
        Scheme::ApiKey {
            name,
            location: ApiKeyLocation::Query,
        }
    }

    /// An `apiKey` scheme carried in the cookie `name`.
    pub const fn cookie_key(name: &'static str) -> Scheme {
        Scheme::ApiKey {
            name,
            location: ApiKeyLocation::Cookie,
        }
    }
}

/// The credentials an operation accepts: alternatives (any one suffices) of scheme sets (all
/// needed). An empty slice means the operation needs no credentials; an empty set among the
/// alternatives means credentials are optional.
///
/// ```
/// use hubspot_calling::rt::{Scheme, Security};
///
/// const BEARER_OR_PRIVATE_APP: Security =
///     &[&[Scheme::Bearer], &[Scheme::header_key("Authorization")]];
/// assert_eq!(BEARER_OR_PRIVATE_APP.len(), 2);
/// ```
pub type Security = &'static [&'static [Scheme]];

/// Static description of one API operation, emitted by the generator as a constant. Used by
/// generated code.
#[derive(Debug)]
pub struct Operation {
    /// Rust method name, e.g. `"create_call"` (used in errors and tracing).
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, e.g. `"/crm/v3/objects/calls/{callId}"`.
    pub path: &'static str,
    /// Accepted credentials (see [`Security`]).
    pub security: Security,
    /// Whether the request may be safely retried after it was sent.
    pub idempotent: bool,
}
