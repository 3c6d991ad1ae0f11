//! Support for the tests and examples of the hubspot-calling workspace (not published).
//!
//! - [`prism`]: Stoplight Prism as a mock HubSpot that validates every request against the
//!   spec, for the contract tests and the Prism examples;
//! - [`install`]: installs the pinned Prism (`npm ci` from package-lock.json) the first time it
//!   is needed, once, under a file lock.
//!
//! This crate also turns on hubspot-calling's `codegen` feature for builds inside the workspace:
//! it is one of the workspace's `default-members` (so a plain `cargo build` builds it) and a
//! dev-dependency of hubspot-calling (so its tests and examples do), and it depends on
//! hubspot-calling with `features = ["codegen"]`. Cargo unifies features across the packages of
//! a build, so those builds regenerate `generated/`; a crate that depends on hubspot-calling
//! never sees this crate and gets the lean default build.

pub mod install;
pub mod prism;
