//! Runs the generator on every spec in `tests/fixtures` and `tests/corpus` (one module per spec,
//! no index) into `OUT_DIR/fixtures/`, and writes `OUT_DIR/fixtures.rs` declaring the modules.
//! Every spec is tried; all failures are reported together.

use std::fmt::Write as _;
use std::path::PathBuf;

use hubspot_calling_codegen::Generator;

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let fixtures = manifest.join("..").join("fixtures");
    let corpus = manifest.join("..").join("corpus");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    println!("cargo:rerun-if-changed={}", corpus.display());

    let specs = Generator::new()
        .specs_dir(&fixtures)
        .specs_dir(&corpus)
        .spec_files()
        .unwrap_or_else(|e| fail(&[e.to_string()]));
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for spec in &specs {
        println!("cargo:rerun-if-changed={}", spec.display());
        match Generator::new().spec(spec).index(false).render() {
            Ok(rendered) => files.extend(rendered),
            Err(e) => errors.push(format!("{}: {e}", spec.display())),
        }
    }
    if !errors.is_empty() {
        fail(&errors);
    }

    let dir = out.join("fixtures");
    hubspot_calling_codegen::write::write_all(&dir, &files)
        .unwrap_or_else(|e| fail(&[e.to_string()]));
    let mut index =
        String::from("// Modules generated from tests/fixtures and tests/corpus by build.rs.\n");
    for (name, _) in &files {
        let module = name.trim_end_matches(".rs");
        let path = dir.join(name).display().to_string();
        let _ = writeln!(
            index,
            "#[rustfmt::skip]\n#[path = {path:?}]\npub mod {module};"
        );
    }
    std::fs::write(out.join("fixtures.rs"), index)
        .unwrap_or_else(|e| fail(&[format!("cannot write fixtures.rs: {e}")]));
}

fn fail(errors: &[String]) -> ! {
    for error in errors {
        eprintln!("error: {error}");
        for line in error.lines() {
            println!("cargo:warning={line}");
        }
    }
    std::process::exit(1);
}
