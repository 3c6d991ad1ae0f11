//! A bounded fuzz run on every test: structure-aware mutants of the bundled specs and fixtures
//! must produce either generated code or an error, never a panic. The long run is
//! `cargo run --release -p hubspot-calling-codegen --example fuzz -- --seconds 600`.

#[path = "support/mutate.rs"]
mod mutate;

use std::path::Path;
use std::time::Duration;

#[test]
fn mutated_specs_never_panic_the_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let findings = mutate::fuzz(root, 0x5eed, 400, Duration::from_secs(120), None);
    assert!(findings.runs >= 100, "too few runs: {findings:?}");
    assert!(
        findings.ok > 0 && findings.errors > 0,
        "mutants should both pass and fail: {findings:?}"
    );
    if let Some((seed, input, message)) = findings.crashes.first() {
        panic!(
            "{} of {} mutants panicked; first, from {}: {message}\n{input}",
            findings.crashes.len(),
            findings.runs,
            seed.display()
        );
    }
}
