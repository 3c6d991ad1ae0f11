//! The builder ABI: [`Endpoint`] (what every generated builder implements), [`CursorPaged`] and
//! [`Chunked`] (list and batch builders), the [`Context`] a builder carries (and [`HasContext`],
//! its accessors, which [`endpoint_methods!`](crate::endpoint_methods) implements), and the
//! generic functions the methods of `endpoint_methods!` delegate to.
//!
//! Users never call these functions: they call the builders' inherent methods (`send`,
//! `build_request`, `stream`, ...), which need no import.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::client::Client;
use crate::error::Result;
use crate::operation::Operation;
use crate::redact::Redactor;
use crate::settings::{CredentialKind, RequestOptions, RetryPolicy};
use crate::transport::chunks::{split, Chunk};
use crate::transport::paging::{self, ItemStream, Page, PageLimits, PageStream, Pager};
use crate::transport::send as transport;
use crate::wire::{Request, Response};

/// What a request builder carries besides its parameters: the client (a cheap clone) and the
/// per-request options and stream bounds set on the builder. Used by generated code.
#[derive(Clone)]
pub struct Context {
    client: Client,
    options: RequestOptions,
    limits: PageLimits,
}

impl Context {
    /// A context for requests through `client`, with no per-request options.
    pub fn new(client: Client) -> Self {
        Context {
            client,
            options: RequestOptions::new(),
            limits: PageLimits::default(),
        }
    }

    /// The client requests go through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The per-request options set so far.
    pub fn options(&self) -> &RequestOptions {
        &self.options
    }

    fn redactor(&self) -> Redactor {
        self.client.target(&self.options).redactor()
    }
}

impl From<Client> for Context {
    fn from(client: Client) -> Self {
        Context::new(client)
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Context");
        debug.field("client", &self.client);
        if !self.options.is_empty() {
            debug.field("options", &self.options);
        }
        if self.limits != PageLimits::default() {
            debug
                .field("max_pages", &self.limits.max_pages)
                .field("max_items", &self.limits.max_items)
                .field("starting_after", &self.limits.start.as_ref().map(|_| ".."));
        }
        debug.finish()
    }
}

/// The [`Context`] of a request builder. [`endpoint_methods!`](crate::endpoint_methods)
/// implements it for a builder that keeps its context in a field named `ctx`, so generated code
/// does not repeat these two methods per operation.
pub trait HasContext {
    /// The client and per-request options.
    fn context(&self) -> &Context;

    /// The client and per-request options, to change them.
    fn context_mut(&mut self) -> &mut Context;
}

/// One API operation's request builder. Generated builders implement it, and
/// [`endpoint_methods!`](crate::endpoint_methods) gives them the inherent methods users call
/// (and [`HasContext`]).
pub trait Endpoint: HasContext + Sized {
    /// What a successful call returns (a type, or an enum of the success statuses).
    type Output;

    /// The operation's static description.
    const OPERATION: &'static Operation;

    /// Writes the parameters and the body into `request` (created for [`Self::OPERATION`]).
    /// The default writes nothing: an operation without parameters or body.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when the body cannot be encoded.
    fn encode(&self, request: &mut Request) -> Result<()> {
        let _ = request;
        Ok(())
    }

    /// Turns the response into the output, or into the error (see [`Response::json_on_success`],
    /// [`Response::unit_on_success`], [`Response::into_error`]).
    ///
    /// # Errors
    /// The error the response stands for, or why its body does not decode.
    fn decode(response: Response) -> Result<Self::Output>;
}

/// A list or search builder whose responses carry a cursor to the next page.
pub trait CursorPaged: Endpoint + Clone {
    /// The type of the items of a page.
    type Item;

    /// How many results the API returns for one query at most, if it caps them (HubSpot's search:
    /// 10,000); a stream ends with [`Error::InvalidRequest`](crate::Error::InvalidRequest) instead of asking for more.
    const MAX_RESULTS: Option<u64> = None;

    /// Sets the cursor of the page to request (the `after` parameter or body field).
    fn set_cursor(&mut self, cursor: String);

    /// The items and the next cursor of one response (see [`Page::new`]).
    fn page(output: Self::Output) -> Page<Self::Item>;
}

/// A batch builder whose body holds a list of inputs the API limits per request.
pub trait Chunked: Endpoint + Clone {
    /// The type of one input.
    type Input;

    /// How many inputs one request may carry.
    const MAX_INPUTS: usize;

    /// Takes the inputs out of the body (leaving it empty).
    fn take_inputs(&mut self) -> Vec<Self::Input>;

    /// Puts `inputs` into the body.
    fn set_inputs(&mut self, inputs: Vec<Self::Input>);
}

/// The endpoint's request, encoded.
fn encode<E: Endpoint>(endpoint: &E) -> Result<Request> {
    let mut request = Request::new(E::OPERATION);
    endpoint.encode(&mut request)?;
    Ok(request)
}

/// Sends the request and decodes the response (the builders' `send`).
///
/// # Errors
/// Before sending: [`Error::InvalidRequest`](crate::Error::InvalidRequest), [`Error::MissingCredential`](crate::Error::MissingCredential). After:
/// [`Error::Api`](crate::Error::Api), [`Error::RateLimited`](crate::Error::RateLimited), [`Error::Transport`](crate::Error::Transport), [`Error::Decode`](crate::Error::Decode),
/// [`Error::UnexpectedContentType`](crate::Error::UnexpectedContentType).
pub async fn send<E: Endpoint>(endpoint: E) -> Result<E::Output> {
    let request = encode(&endpoint)?;
    let context = endpoint.context();
    let target = context.client.target(&context.options);
    let response = transport::send(target, request).await?;
    E::decode(response)
}

/// The complete HTTP request, without sending it (the builders' `build_request`).
///
/// # Errors
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest), [`Error::MissingCredential`](crate::Error::MissingCredential).
pub fn build_request<E: Endpoint>(endpoint: &E) -> Result<http::Request<Vec<u8>>> {
    let request = encode(endpoint)?;
    let context = endpoint.context();
    transport::to_http(&context.client.target(&context.options), request)
}

/// Decodes a response received by another HTTP stack (the builders' `parse_response`).
///
/// # Errors
/// As [`Endpoint::decode`].
pub fn parse_response<E: Endpoint, B: Into<Bytes>>(
    response: http::Response<B>,
) -> Result<E::Output> {
    E::decode(Response::from_http(E::OPERATION, response))
}

/// The endpoint with `change` applied to its per-request options (the builders' `with_*`).
pub fn with_options<E: Endpoint>(
    mut endpoint: E,
    change: impl FnOnce(RequestOptions) -> RequestOptions,
) -> E {
    let context = endpoint.context_mut();
    context.options = change(std::mem::take(&mut context.options));
    endpoint
}

/// `with_header`.
pub fn with_header<E: Endpoint>(endpoint: E, name: String, value: String) -> E {
    with_options(endpoint, |o| o.with_header(name, value))
}

/// `with_timeout`.
pub fn with_timeout<E: Endpoint>(endpoint: E, timeout: Duration) -> E {
    with_options(endpoint, |o| o.with_timeout(timeout))
}

/// `with_retry_policy`.
pub fn with_retry_policy<E: Endpoint>(endpoint: E, policy: RetryPolicy) -> E {
    with_options(endpoint, |o| o.with_retry_policy(policy))
}

/// `with_credential`.
pub fn with_credential<E: Endpoint>(endpoint: E, kind: CredentialKind) -> E {
    with_options(endpoint, |o| o.with_credential(kind))
}

/// `with_access_token`.
pub fn with_access_token<E: Endpoint>(endpoint: E, token: String) -> E {
    with_options(endpoint, |o| o.with_access_token(token))
}

/// Every page, from the request as it is, following the cursors (the builders' `pages`).
pub fn pages<E>(endpoint: E) -> PageStream<E::Item>
where
    E: CursorPaged + Send + Sync + 'static,
    E::Output: Send,
    E::Item: Send + 'static,
{
    let context = endpoint.context();
    let pager = Pager {
        operation: E::OPERATION,
        max_results: E::MAX_RESULTS,
        limits: context.limits.clone(),
        redactor: Some(context.redactor()),
    };
    paging::pages(pager, move |cursor: Option<String>| {
        let mut page = endpoint.clone();
        if let Some(cursor) = cursor {
            page.set_cursor(cursor);
        }
        async move { send(page).await.map(E::page) }
    })
}

/// Every item of every page (the builders' `stream`).
pub fn stream<E>(endpoint: E) -> ItemStream<E::Item>
where
    E: CursorPaged + Send + Sync + 'static,
    E::Output: Send,
    E::Item: Send + 'static,
{
    let max_items = endpoint.context().limits.max_items;
    paging::items(pages(endpoint), max_items)
}

/// Starts at the page after `cursor` (the builders' `starting_after`).
pub fn starting_after<E: CursorPaged>(mut endpoint: E, cursor: String) -> E {
    endpoint.set_cursor(cursor.clone());
    endpoint.context_mut().limits.start = Some(cursor);
    endpoint
}

/// Stops a stream after `pages` pages (the builders' `max_pages`).
pub fn max_pages<E: CursorPaged>(mut endpoint: E, pages: u64) -> E {
    endpoint.context_mut().limits.max_pages = Some(pages);
    endpoint
}

/// Stops a stream after `items` items (the builders' `max_items`).
pub fn max_items<E: CursorPaged>(mut endpoint: E, items: u64) -> E {
    endpoint.context_mut().limits.max_items = Some(items);
    endpoint
}

/// Sends the inputs in chunks of at most [`Chunked::MAX_INPUTS`], one request per chunk, in
/// order (the builders' `send_chunked`).
pub async fn send_chunked<E: Chunked>(mut endpoint: E) -> Vec<Chunk<E::Output>> {
    let inputs = endpoint.take_inputs();
    let mut chunks = Vec::new();
    for (range, part) in split(inputs, E::MAX_INPUTS) {
        let mut request = endpoint.clone();
        request.set_inputs(part);
        let result = send(request).await;
        chunks.push(Chunk {
            inputs: range,
            result,
        });
    }
    chunks
}
