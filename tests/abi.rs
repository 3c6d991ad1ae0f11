//! The `rt::Endpoint` builder ABI, proven with hand-written code that looks exactly like what the
//! generator is to emit (`abi/as_generated.rs`), against real local servers (wiremock, and a raw
//! TCP server where connections are counted). One test binary, one file per concern:
//!
//! - `abi/builders.rs`: the builder methods, 201/207 outputs, chunked batches, sans-IO, open
//!   enums, decode paths inside unions;
//! - `abi/options.rs`: per-request options (headers, timeout, retry policy, credential, token);
//! - `abi/paging.rs`: streams that end when a server's paging misbehaves, pages and resuming,
//!   bounds, control returned between pages;
//! - `abi/accounts.rs`: one client, many accounts.

#[path = "abi/accounts.rs"]
mod accounts;
#[allow(dead_code)] // a generated module: not every item is used by every test
#[path = "abi/as_generated.rs"]
mod as_generated;
#[path = "abi/builders.rs"]
mod builders;
#[path = "abi/options.rs"]
mod options;
#[path = "abi/paging.rs"]
mod paging;
#[path = "abi/support.rs"]
mod support;
