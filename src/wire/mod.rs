//! One request and one response on the wire, with no I/O: [`Request`] (parameters, encoding,
//! body; form bodies in `form`, multipart bodies in `multipart`), [`Response`] (decoding into values or errors) and the deserialization helpers of
//! generated code ([`de`]).
//!
//! Layer 2: imports only layers 0 and 1.

pub mod de;
mod form;
mod multipart;
mod params;
mod request;
mod response;

pub use form::{FormEncoding, FormStyle};
pub use multipart::{FilePart, Multipart};
pub use params::ObjectStyle;
pub use request::{ParamValue, Request};
pub use response::Response;

pub(crate) use request::encode_query_component;
pub(crate) use response::retry_after;

use crate::error::Error;
use crate::operation::Operation;

/// An [`Error::InvalidRequest`] for `operation` with the given message.
pub(crate) fn invalid(operation: &'static Operation, message: impl Into<String>) -> Error {
    Error::InvalidRequest {
        operation: operation.name,
        message: message.into(),
    }
}
