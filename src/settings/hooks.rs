//! [`ResponseInfo`] and the response hook: what the client received for each attempt, for
//! metrics and checks.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::HeaderMap;

use crate::operation::Operation;

/// One HTTP response the client received, passed to the hook set with
/// [`ClientBuilder::on_response`](crate::ClientBuilder::on_response) before it is decoded or
/// retried.
///
/// Useful for metrics, for HubSpot's `x-hubspot-ratelimit-remaining` headers, or for checking
/// responses in tests (the crate's contract tests collect Prism's `sl-violations` header so).
/// Responses are reported for every attempt, including ones that are then retried; failures
/// without a response (timeouts, connection errors) are not.
#[derive(Debug)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The operation.
    pub operation: &'static Operation,
    /// Which attempt this was (1 for the first).
    pub attempt: u32,
    /// HTTP status code.
    pub status: u16,
    /// Response headers, with secrets kept out as in [`ApiError::headers`](crate::ApiError::headers):
    /// the values of credential headers (`Authorization`, `Cookie`, names with `key` or `token`)
    /// and values holding a configured secret read `<redacted>`, so `Debug` of this struct is
    /// safe to log. Other headers (`x-hubspot-ratelimit-*`, correlation ids, ...) are as sent.
    pub headers: &'a HeaderMap,
    /// Time from sending the request to the end of the response body.
    pub elapsed: Duration,
}

/// The hook's shared form.
pub(crate) type ResponseHook = Arc<dyn Fn(&ResponseInfo<'_>) + Send + Sync>;

/// `Debug` for an optional hook: whether there is one.
pub(crate) struct HookDebug<'a>(pub(crate) &'a Option<ResponseHook>);

impl fmt::Debug for HookDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Some(<fn>)"
        } else {
            "None"
        })
    }
}
