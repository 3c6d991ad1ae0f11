//! Long-running fuzzer for the generator (stable Rust, no cargo-fuzz needed):
//!
//! ```text
//! cargo run --release -p hubspot-calling-codegen --example fuzz -- --seconds 600 [--seed N] [--out DIR]
//! ```
//!
//! Mutates the bundled specs, fixtures and corpus (structure-aware, plus raw text mutations),
//! runs the whole pipeline on each mutant and records every panic. Crashing inputs are written
//! to `--out` (default `target/fuzz-crashes`); each one becomes a case in tests/bad/<name>/. The input
//! being run is kept in `--out/last-input.json` until the run ends, so one that aborts the
//! process (a stack overflow) is not lost.

#[path = "../tests/support/mutate.rs"]
mod mutate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let seconds: u64 = arg("--seconds").and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = arg("--seed").and_then(|s| s.parse().ok()).unwrap_or(1);
    let out = PathBuf::from(arg("--out").unwrap_or_else(|| "target/fuzz-crashes".into()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let _ = std::fs::create_dir_all(&out);
    let checkpoint = out.join("last-input.json");
    let start = Instant::now();
    let findings = mutate::fuzz(
        root,
        seed,
        u64::MAX,
        Duration::from_secs(seconds),
        Some(&checkpoint),
    );
    let _ = std::fs::remove_file(&checkpoint);
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "{} runs in {elapsed:.0} s ({:.0}/s): {} generated code, {} located errors, {} crashes",
        findings.runs,
        findings.runs as f64 / elapsed.max(0.001),
        findings.ok,
        findings.errors,
        findings.crashes.len()
    );
    if !findings.crashes.is_empty() {
        for (i, (seed_file, input, message)) in findings.crashes.iter().enumerate() {
            let path = out.join(format!("crash-{i}.json"));
            let _ = std::fs::write(&path, input);
            println!(
                "crash {i} (from {}): {message} -> {}",
                seed_file.display(),
                path.display()
            );
        }
        std::process::exit(1);
    }
}
