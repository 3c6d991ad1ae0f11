//! `hubspot-calling-codegen generate|check --out DIR SPEC...`
//!
//! Exit codes: 0 ok, 1 stale (`check`), 2 bad input or usage.

use std::path::PathBuf;
use std::process::ExitCode;

use hubspot_calling_codegen::{Error, Generator};

const USAGE: &str = "usage: hubspot-calling-codegen <generate|check|merge> --out DIR [--overlays DIR]... [--no-index] [--runtime-path PATH] SPEC...

  generate   write one Rust module per SPEC (and mod.rs) into DIR
  check      exit 1 with a diff when DIR differs from what the specs produce
  merge      write each SPEC with its overlays applied, as DIR/<stem>.json (e.g. for a mock server)

SPEC may be a file or a directory of .yaml/.yml/.json files. Overlays in overlays/ next to each
spec (or in --overlays DIR) that target a spec are applied. --runtime-path names the runtime
generated code uses (default ::hubspot_calling::rt).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if command == "--help" || command == "-h" {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let mut generator = Generator::new();
    let mut out = None;
    let mut specs = 0;
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => out = iter.next().map(PathBuf::from),
            "--overlays" => match iter.next() {
                Some(dir) => generator = generator.overlays_dir(dir),
                None => return usage("--overlays needs a directory"),
            },
            "--no-index" => generator = generator.index(false),
            "--runtime-path" => match iter.next() {
                Some(path) => generator = generator.runtime_path(path),
                None => return usage("--runtime-path needs a path, e.g. ::hubspot_calling::rt"),
            },
            flag if flag.starts_with("--") => return usage(&format!("unknown option {flag}")),
            spec => {
                let path = PathBuf::from(spec);
                generator = if path.is_dir() {
                    generator.specs_dir(path)
                } else {
                    generator.spec(path)
                };
                specs += 1;
            }
        }
    }
    let Some(out) = out else {
        return usage("--out DIR is required");
    };
    if specs == 0 {
        return usage("no SPEC given");
    }
    let out_dir = out.clone();
    let generator = generator.out_dir(out);
    match command.as_str() {
        "generate" => match generator.generate() {
            Ok(report) => {
                for path in &report.written {
                    println!("wrote {}", path.display());
                }
                for path in &report.removed {
                    println!("removed {}", path.display());
                }
                println!(
                    "{} written, {} unchanged, {} removed",
                    report.written.len(),
                    report.unchanged.len(),
                    report.removed.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        "check" => match generator.check() {
            Ok(()) => {
                println!("up to date");
                ExitCode::SUCCESS
            }
            Err(Error::Stale { diff }) => {
                println!("{diff}");
                eprintln!("error: generated code is stale; run `hubspot-calling-codegen generate` (or `cargo build`)");
                ExitCode::from(1)
            }
            Err(e) => fail(&e),
        },
        "merge" => match generator.write_overlaid(&out_dir) {
            Ok(files) => {
                for path in &files {
                    println!("{}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        other => usage(&format!("unknown command {other}")),
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn fail(error: &Error) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(2)
}
