//! The ABI of the generated code of before [`Endpoint`](super::Endpoint): a `static` operation,
//! a builder that fills a [`Request`] by hand and hands it to [`send`] or [`to_http`],
//! `missing`/`invalid` for its checks, [`paginate`] for `.stream()` and [`split`] for
//! `.send_chunked()`. Every item is `#[doc(hidden)]`: removed once emit uses rt::Endpoint.

use std::future::Future;

use crate::client::Client;
use crate::error::Error;
use crate::operation::Operation;
use crate::settings::RequestOptions;
use crate::transport::paging::{self, ItemStream, Page, PageLimits, Pager};
use crate::transport::send as transport;
use crate::wire::{Request, Response};

// removed once emit uses rt::Endpoint
#[doc(hidden)]
pub use crate::transport::chunks::split;
// removed once emit uses rt::Endpoint
#[doc(hidden)]
pub use crate::wire::de::null_as_default;

/// A stream of every item across pages. Removed once emit uses rt::Endpoint (it is
/// [`ItemStream`](super::ItemStream)).
#[doc(hidden)]
pub type Paginated<T> = ItemStream<T>;

/// An [`Error::InvalidRequest`] saying `missing required <what>`. Removed once emit uses
/// rt::Endpoint (required values are arguments there).
#[doc(hidden)]
pub fn missing(operation: &'static Operation, what: &str) -> Error {
    invalid(operation, format!("missing required {what}"))
}

/// An [`Error::InvalidRequest`] with the given message. Removed once emit uses rt::Endpoint.
#[doc(hidden)]
pub fn invalid(operation: &'static Operation, message: impl Into<String>) -> Error {
    Error::InvalidRequest {
        operation: operation.name,
        message: message.into(),
    }
}

/// Builds the complete HTTP request without sending it. Removed once emit uses rt::Endpoint
/// (its builders' `build_request`).
///
/// # Errors
/// [`Error::MissingCredential`], [`Error::InvalidRequest`].
#[doc(hidden)]
pub fn to_http(client: &Client, request: Request) -> Result<http::Request<Vec<u8>>, Error> {
    transport::to_http(&client.target(&RequestOptions::new()), request)
}

/// Sends the request and reads the whole response, retrying as the client's retry policy
/// allows. Removed once emit uses rt::Endpoint (its builders' `send`).
///
/// # Errors
/// As [`to_http`], plus [`Error::Transport`].
#[doc(hidden)]
pub async fn send(client: &Client, request: Request) -> Result<Response, Error> {
    let options = RequestOptions::new();
    transport::send(client.target(&options), request).await
}

/// Turns a page fetcher into a stream of items, with the guards of the new ABI's streams (a
/// repeated cursor or a run of empty pages ends it with [`Error::Paging`]; cursors are not shown
/// in that error, since this fetcher gives no way to redact them). Removed once emit uses
/// rt::Endpoint (its builders' `stream`).
#[doc(hidden)]
pub fn paginate<T, F, Fut>(
    operation: &'static Operation,
    max_results: Option<u64>,
    fetch: F,
) -> Paginated<T>
where
    T: Send + 'static,
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    let pager = Pager {
        operation,
        max_results,
        limits: PageLimits::default(),
        redactor: None,
    };
    paging::items(paging::pages(pager, fetch), None)
}
