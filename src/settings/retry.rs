//! [`RetryPolicy`]: the user's retry settings. What they mean for one failed attempt is decided
//! in `transport::classify`; the loop that waits and re-sends is `transport::send`.

use std::time::Duration;

/// When and how often a failed request is sent again. Set it for a client with
/// [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy), or for one request with
/// the builders' `with_retry_policy`.
///
/// By default (`RetryPolicy::default()`), up to 3 retries:
///
/// - **429 Too Many Requests** is always retried (HubSpot did not process the request), after
///   `Retry-After` (seconds or HTTP date) when the response has one; otherwise a
///   `TEN_SECONDLY_ROLLING` limit waits for the rolling window (HubSpot's
///   `x-hubspot-ratelimit-interval-milliseconds`, else 10 s), a `SECONDLY` limit one second, and
///   anything else the exponential backoff. The `DAILY` limit is never retried: it resets at
///   midnight. A `Retry-After` longer than [`RetryPolicy::max_retry_after`] is not waited for:
///   the error comes back at once, with the delay in [`crate::ApiError::retry_after`].
/// - **502, 503, 504** and **transport failures after the request may have been sent** (timeout,
///   connection reset while waiting for the answer) are retried for idempotent operations (GET,
///   PUT, DELETE, and POSTs the spec overlays mark `x-idempotent`, such as search and batch read).
///   A POST or PATCH that creates or changes something is *not* sent again after it may have
///   reached HubSpot, so a call is never logged twice by accident — unless you opt in with
///   [`RetryPolicy::retry_non_idempotent`].
/// - **Connection failures** (DNS, refused, TLS, connect timeout: nothing was sent) are retried
///   for every operation.
///
/// Waits between attempts grow exponentially from [`RetryPolicy::backoff`]'s initial delay
/// (500 ms, 1 s, 2 s, ... capped at 30 s) with jitter (each wait is between half and all of
/// that), so many clients do not retry in lockstep. A server-given wait gets up to 10 % (at most
/// one second) of jitter on top, never less.
///
/// ```
/// use std::time::Duration;
/// use hubspot_calling::{Client, RetryPolicy};
///
/// # fn main() -> Result<(), hubspot_calling::Error> {
/// let client = Client::builder()
///     .access_token("pat-na1-...")
///     .retry_policy(
///         RetryPolicy::default()
///             .max_retries(5)
///             .backoff(Duration::from_millis(200), Duration::from_secs(10)),
///     )
///     .build()?;
/// let no_retries = Client::builder().retry_policy(RetryPolicy::none()).build()?;
/// # let _ = (client, no_retries);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) jitter: bool,
}

impl Default for RetryPolicy {
    /// 3 retries, backoff from 500 ms up to 30 s with jitter, server-requested waits honoured up
    /// to 60 s, non-idempotent requests not re-sent once they may have reached the server.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries at all: every request is sent once.
    pub fn none() -> Self {
        Self::default().max_retries(0)
    }

    /// How many times a request may be sent again after the first attempt (default 3; 0 turns
    /// retries off).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The exponential backoff: the first wait is about `initial`, each next one doubles, none is
    /// longer than `max` (defaults 500 ms and 30 s). Used when the server does not say how long to
    /// wait.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest wait the client accepts from the server (`Retry-After`, or HubSpot's
    /// rate-limit window), default 60 s. When the server asks for a longer one, the request is not
    /// retried and the error carries the delay ([`crate::Error::retry_after`]), so the caller can
    /// reschedule the work instead of holding a task for that long.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Also re-send non-idempotent requests (POSTs that create, PATCHes) after 502/503/504 and
    /// after failures once they may have reached the server, such as a timeout. Off by default: a
    /// retried create can log the same call twice. 429 and connection failures are retried either
    /// way.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Randomize waits (default on). Off makes waits exact: the backoff doubles precisely and
    /// server-given waits are used as they are.
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }
}
