//! The runtime facade generated code uses: one path names everything it needs.
//!
//! A generated module writes `use ::hubspot_calling::rt;` (the generator's default runtime path,
//! which this crate also resolves for itself: `extern crate self as hubspot_calling`) and names
//! every runtime item and every crate of its public types through it
//! (`rt::chrono::DateTime<rt::chrono::Utc>`, `rt::serde_json::Value`, ...), so a crate whose
//! `build.rs` generates code against this one needs only `hubspot-calling` and `serde` (for the
//! derives).
//!
//! The ABI of a generated module:
//!
//! - one [`Security`] constant per distinct set of schemes, built with [`Scheme::header_key`],
//!   [`Scheme::query_key`], ...;
//! - per operation, a builder holding a [`Context`] (client and per-request options), its
//!   required values (given to the handle method, so they cannot be forgotten) and its optional
//!   parameters (setters); it implements [`Endpoint`] (the [`Operation`] constant, `encode` into
//!   a [`Request`], `decode` from a [`Response`]), and [`CursorPaged`] or [`Chunked`] where the
//!   operation pages or takes batches;
//! - [`endpoint_methods!`] for the builder's inherent methods (`send`, `build_request`,
//!   `parse_response`, `with_*`, and `stream`/`pages`/... or `send_chunked`) and for
//!   [`HasContext`], read from the builder's `ctx` field;
//! - [`open_enum!`] for HubSpot's forward-compatible enums, [`de`] for union deserializers.
//!
//! ```
//! use hubspot_calling::rt;
//! # #[derive(Debug, Clone, serde::Serialize)] pub struct CallCreateRequest { properties: std::collections::BTreeMap<String, String> }
//! # #[derive(Debug, serde::Deserialize)] pub struct Call { id: String }
//!
//! const BEARER_OR_PRIVATE_APP: rt::Security =
//!     &[&[rt::Scheme::Bearer], &[rt::Scheme::header_key("Authorization")]];
//!
//! /// `POST /crm/v3/objects/calls`: Create a call
//! #[derive(Debug, Clone)]
//! #[must_use = "a request builder does nothing until it is sent"]
//! pub struct CreateCall {
//!     ctx: rt::Context,
//!     body: CallCreateRequest,
//!     archived: Option<bool>,
//! }
//!
//! impl CreateCall {
//!     pub fn new(ctx: rt::Context, body: CallCreateRequest) -> Self {
//!         Self { ctx, body, archived: None }
//!     }
//!     /// Whether to include archived calls.
//!     pub fn archived(mut self, value: bool) -> Self {
//!         self.archived = Some(value);
//!         self
//!     }
//! }
//!
//! impl rt::Endpoint for CreateCall {
//!     type Output = Call;
//!     const OPERATION: &'static rt::Operation = &rt::Operation {
//!         name: "create_call",
//!         method: rt::Method::POST,
//!         path: "/crm/v3/objects/calls",
//!         security: BEARER_OR_PRIVATE_APP,
//!         idempotent: false,
//!     };
//!     fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
//!         if let Some(v) = &self.archived { request.query("archived", v); }
//!         request.json_body(&self.body)
//!     }
//!     fn decode(response: rt::Response) -> rt::Result<Call> {
//!         response.json_on_success()
//!     }
//! }
//!
//! rt::endpoint_methods!(CreateCall -> Call);
//!
//! # fn main() -> Result<(), hubspot_calling::Error> {
//! let client = rt::Client::builder().access_token("pat-na1-example-token").build()?;
//! let body = CallCreateRequest { properties: Default::default() };
//! let request = CreateCall::new(rt::Context::new(client), body)
//!     .archived(true)
//!     .with_header("Prefer", "respond-async")
//!     .build_request()?;
//! assert_eq!(request.uri().query(), Some("archived=true"));
//! assert_eq!(request.headers()["prefer"], "respond-async");
//! # Ok(()) }
//! ```
//!
//! Layer 5: the top; it imports what it re-exports.

pub mod endpoint;
mod macros;

pub use ::bytes;
pub use ::chrono;
pub use ::http;
pub use ::serde;
pub use ::serde_json;
pub use ::uuid;

pub use crate::client::Client;
pub use crate::error::{Error, Result};
pub use crate::operation::{ApiKeyLocation, Method, Operation, Scheme, Security};
pub use crate::settings::{CredentialKind, RequestOptions, RetryPolicy};
pub use crate::transport::chunks::Chunk;
pub use crate::transport::paging::{ItemStream, Page, PageStream};
pub use crate::wire::{
    de, FilePart, FormEncoding, FormStyle, Multipart, ObjectStyle, ParamValue, Request, Response,
};
pub use crate::{endpoint_methods, open_enum};
pub use endpoint::{Chunked, Context, CursorPaged, Endpoint, HasContext};
