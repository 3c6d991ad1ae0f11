//! The generator's output, compiled: one module per fixture snapshot
//! (`generator/tests/fixtures/all-of/code.snap` is `all_of`) and one per corpus spec
//! (`generator/tests/corpus/petstore-3.0.yaml` is `petstore_3_0`), written by build.rs.
//!
//! Generated code refers to `crate::Client`, `crate::Error` and `crate::rt`; they are the
//! `hubspot-calling` runtime's. `missing_docs` is denied so every public item the generator emits
//! must carry documentation.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub use hubspot_calling::{rt, Client, Error};

include!(concat!(env!("OUT_DIR"), "/modules.rs"));
