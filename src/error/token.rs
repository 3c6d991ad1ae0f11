//! [`TokenError`]: why a token source could not hand out an access token.

use std::fmt;
use std::sync::Arc;

/// Why a [`TokenSource`](crate::TokenSource) could not hand out an access token: HubSpot refused
/// to refresh it (the app was uninstalled, the refresh token revoked), the token endpoint or a
/// vault was unreachable, ...
///
/// Requests that needed the token fail with [`Error::Auth`](crate::Error::Auth), which carries
/// it. Cheap to clone: a source that failed hands the same error to every request that waited
/// for it.
///
/// ```
/// use hubspot_calling::TokenError;
///
/// let error = TokenError::new("the vault did not answer").with_code("VAULT_TIMEOUT");
/// assert!(!error.needs_reauthorization());
/// let revoked = TokenError::reauthorize("the account's tokens were deleted from the vault");
/// assert!(revoked.needs_reauthorization());
/// ```
#[derive(Clone)]
pub struct TokenError {
    message: String,
    reauthorize: bool,
    status: Option<u16>,
    code: Option<String>,
    correlation_id: Option<String>,
    source: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl TokenError {
    /// A failure that may pass (an endpoint or a store that did not answer): the next request
    /// asks the source again.
    pub fn new(message: impl Into<String>) -> Self {
        TokenError {
            message: message.into(),
            reauthorize: false,
            status: None,
            code: None,
            correlation_id: None,
            source: None,
        }
    }

    /// A failure that will not pass by asking again: the grant is gone (the app was
    /// uninstalled, the refresh token revoked) and the account's user must install the app
    /// again. The crate's refresher fails fast after one, without calling HubSpot again.
    pub fn reauthorize(message: impl Into<String>) -> Self {
        TokenError {
            reauthorize: true,
            ..TokenError::new(message)
        }
    }

    /// The HTTP status the token endpoint answered with.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The machine-readable reason, e.g. HubSpot's `BAD_REFRESH_TOKEN` or OAuth's
    /// `invalid_grant`.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// HubSpot's correlation id of the failed token request.
    pub fn with_correlation_id(mut self, id: impl Into<String>) -> Self {
        self.correlation_id = Some(id.into());
        self
    }

    /// The underlying error (kept as [`std::error::Error::source`]).
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// What happened and what to do.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// True when asking again cannot help: the account must go through the install flow again
    /// (or the source be given new credentials).
    pub fn needs_reauthorization(&self) -> bool {
        self.reauthorize
    }

    /// The HTTP status of the token endpoint's answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The machine-readable reason (`BAD_REFRESH_TOKEN`, `invalid_grant`, ...), when known.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// HubSpot's correlation id of the failed token request, when there was one.
    pub fn correlation_id(&self) -> Option<&str> {
        self.correlation_id.as_deref()
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        let mut details = Vec::new();
        if let Some(status) = self.status {
            details.push(format!("HTTP {status}"));
        }
        if let Some(code) = &self.code {
            details.push(code.clone());
        }
        if let Some(id) = &self.correlation_id {
            details.push(format!("correlationId {id}"));
        }
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        Ok(())
    }
}

impl fmt::Debug for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenError")
            .field("message", &self.message)
            .field("reauthorize", &self.reauthorize)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("correlation_id", &self.correlation_id)
            .field("source", &self.source.as_ref().map(|s| s.to_string()))
            .finish()
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_status_code_and_correlation_id() {
        let error = TokenError::reauthorize("HubSpot refused the refresh token")
            .with_status(400)
            .with_code("BAD_REFRESH_TOKEN")
            .with_correlation_id("c-1");
        assert_eq!(
            error.to_string(),
            "HubSpot refused the refresh token (HTTP 400, BAD_REFRESH_TOKEN, correlationId c-1)"
        );
        assert!(error.needs_reauthorization());
        assert_eq!(TokenError::new("plain").to_string(), "plain");
    }

    #[test]
    fn the_source_is_kept_through_clones() {
        let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "vault timed out");
        let error = TokenError::new("no token").with_source(io).clone();
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("vault timed out"));
    }
}
