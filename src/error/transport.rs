//! [`TransportFailure`]: what happened below HTTP, read from the source chain of a reqwest
//! error (hyper, I/O and rustls errors inside it), so that [`Error::Transport`](super::Error)
//! says "the server closed the connection before sending a complete response" rather than
//! "error sending request".

use std::error::Error as StdError;
use std::fmt;
use std::io;

/// What went wrong when sending a request or reading its response, for
/// [`Error::Transport`](super::Error::Transport).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportFailure {
    /// The host name could not be resolved (DNS).
    Dns,
    /// The server refused the connection: nothing listens at that address and port.
    Refused,
    /// No connection could be made within the connect timeout.
    ConnectTimeout,
    /// The TLS handshake failed (certificate, protocol version, not a TLS server, ...).
    Tls,
    /// No connection could be made, for another reason.
    Connect,
    /// The server closed the connection before sending a complete response (nothing, or only
    /// part of the status line and headers, arrived).
    ClosedBeforeResponse,
    /// The server (or something between) reset the connection.
    Reset,
    /// No response arrived within the request timeout.
    Timeout,
    /// The response started but its body did not arrive within the request timeout.
    BodyTimeout,
    /// The response body ended before it was complete (the connection closed early).
    Truncated {
        /// How many bytes of the body arrived, when known.
        received: Option<u64>,
        /// How many the response announced (`Content-Length`), when it did.
        expected: Option<u64>,
    },
    /// What the server sent is not a valid HTTP response.
    InvalidResponse,
    /// A redirect could not be followed (too many of them, or to an invalid address).
    Redirect,
    /// Reading the response body failed for another reason.
    Body,
    /// Something else failed.
    Other,
}

impl TransportFailure {
    /// Classifies `error` by its kind and the errors inside it.
    pub(crate) fn of(error: &reqwest::Error) -> TransportFailure {
        let causes = causes(error);
        let io_kind = |kinds: &[io::ErrorKind]| {
            causes.iter().any(|cause| {
                cause
                    .downcast_ref::<io::Error>()
                    .is_some_and(|e| kinds.contains(&e.kind()))
            })
        };
        let hyper = |test: fn(&hyper::Error) -> bool| {
            causes
                .iter()
                .any(|cause| cause.downcast_ref::<hyper::Error>().is_some_and(test))
        };
        let in_body = error.is_body() || error.is_decode();
        if causes.iter().any(|c| c.is::<rustls::Error>()) {
            TransportFailure::Tls
        } else if error.is_timeout() {
            if error.is_connect() {
                TransportFailure::ConnectTimeout
            } else if in_body {
                TransportFailure::BodyTimeout
            } else {
                TransportFailure::Timeout
            }
        } else if error.is_connect() {
            if io_kind(&[io::ErrorKind::ConnectionRefused]) {
                TransportFailure::Refused
            } else if io_kind(&[io::ErrorKind::TimedOut]) {
                TransportFailure::ConnectTimeout
            } else if causes.iter().any(|c| is_dns(&c.to_string())) {
                TransportFailure::Dns
            } else {
                TransportFailure::Connect
            }
        } else if io_kind(&[
            io::ErrorKind::ConnectionReset,
            io::ErrorKind::ConnectionAborted,
        ]) {
            TransportFailure::Reset
        } else if hyper(hyper::Error::is_incomplete_message)
            || io_kind(&[io::ErrorKind::BrokenPipe])
        {
            TransportFailure::ClosedBeforeResponse
        } else if hyper(hyper::Error::is_parse) {
            TransportFailure::InvalidResponse
        } else if in_body && io_kind(&[io::ErrorKind::UnexpectedEof]) {
            TransportFailure::Truncated {
                received: None,
                expected: None,
            }
        } else if error.is_redirect() {
            TransportFailure::Redirect
        } else if in_body {
            TransportFailure::Body
        } else {
            TransportFailure::Other
        }
    }
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportFailure::Dns => "could not resolve the host name (DNS)",
            TransportFailure::Refused => "could not connect: the server refused the connection",
            TransportFailure::ConnectTimeout => "could not connect within the connect timeout",
            TransportFailure::Tls => "could not connect: the TLS handshake failed",
            TransportFailure::Connect => "could not connect",
            TransportFailure::ClosedBeforeResponse => {
                "the server closed the connection before sending a complete response"
            }
            TransportFailure::Reset => "the connection was reset",
            TransportFailure::Timeout => "request timed out waiting for the response",
            TransportFailure::BodyTimeout => "request timed out reading the response body",
            TransportFailure::Truncated { received, expected } => {
                f.write_str("the response body ended early")?;
                return match (received, expected) {
                    (Some(got), Some(of)) => write!(f, " (truncated: got {got} of {of} bytes)"),
                    (Some(got), None) => write!(f, " (truncated after {got} bytes)"),
                    _ => Ok(()),
                };
            }
            TransportFailure::InvalidResponse => "the server's answer is not a valid HTTP response",
            TransportFailure::Redirect => "failed following a redirect",
            TransportFailure::Body => "failed reading the response body",
            TransportFailure::Other => "request failed",
        })
    }
}

/// `error` and every error inside it, in order; an I/O error's wrapped error counts (its
/// `source` skips it).
fn causes<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut next = Some(error);
    while let Some(cause) = next {
        out.push(cause);
        next = match cause
            .downcast_ref::<io::Error>()
            .and_then(io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => cause.source(),
        };
    }
    out
}

/// The innermost error of `error`'s chain, where the specific reason usually is (e.g.
/// `Connection refused (os error 111)`); `None` when it is `error` itself.
pub(crate) fn root_cause(error: &reqwest::Error) -> Option<String> {
    let causes = causes(error);
    let root = causes.last().filter(|_| causes.len() > 1)?;
    Some(root.to_string())
}

/// hyper-util's and reqwest's DNS errors (their types are private; their messages are stable).
fn is_dns(message: &str) -> bool {
    message == "dns error" || message == "error resolving DNS"
}
