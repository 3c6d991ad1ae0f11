//! The generator's output, compiled: one module per fixture snapshot
//! (`generator/tests/fixtures/all-of/code.snap` is `all_of`) and one per corpus spec
//! (`generator/tests/corpus/petstore-3.0.yaml` is `petstore_3_0`,
//! `generator/tests/corpus/hubspot/crm_calls_424_v3.json` is `crm_calls_424_v3`), written by
//! build.rs.
//!
//! Generated code names its runtime as `::hubspot_calling::rt` (the default runtime path) and
//! everything else through it; this crate depends on `hubspot-calling` and `serde` only, as a
//! user's crate would. `missing_docs` is denied so every public item the generator emits must
//! carry documentation, and every type at the top of a generated module is asserted
//! `Send + Sync` (`send_sync.rs`).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/modules.rs"));
include!(concat!(env!("OUT_DIR"), "/send_sync.rs"));
