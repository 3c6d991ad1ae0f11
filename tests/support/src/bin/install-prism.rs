//! Installs the pinned Stoplight Prism into the workspace's `node_modules/` (what the contract
//! tests do on first use), or into the workspace given as the first argument; prints the
//! executable's path.
//!
//! ```text
//! cargo run -p hubspot-calling-test-support --bin install-prism
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use hubspot_calling_test_support::{install, prism};

fn main() -> ExitCode {
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(prism::workspace_root);
    match install::ensure(&root) {
        Ok(bin) => {
            println!("{}", bin.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
