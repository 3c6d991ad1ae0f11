//! Writes into `OUT_DIR`:
//!
//! - `fixtures/<name>.rs`: the code of every committed fixture snapshot,
//!   `generator/tests/fixtures/<name>/code.snap`, without its insta header. This crate compiles
//!   exactly what the snapshots say the generator produces; a snapshot whose code does not
//!   compile (or is not clippy-clean) fails here.
//! - `corpus/<module>.rs`: every spec in `generator/tests/corpus`, generated (one module per
//!   spec, no index). The corpus has surface snapshots only: its code is large and a generator
//!   change would touch all of it, so the readable review diff is the surface.
//! - `modules.rs`, declaring them all.
//!
//! Fixture folders are named in kebab case; `all-of` is the module `all_of`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hubspot_calling_codegen::Generator;

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let tests = manifest.join("..");
    let fixtures = tests.join("fixtures");
    let corpus = tests.join("corpus");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    println!("cargo:rerun-if-changed={}", corpus.display());

    let mut errors = Vec::new();
    let mut modules = Vec::new();
    let fixtures_out = out.join("fixtures");
    recreate(&fixtures_out);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap_or_else(|e| fail(&[format!("{}: {e}", fixtures.display())]))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let snap = folder.join("code.snap");
        println!("cargo:rerun-if-changed={}", snap.display());
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().replace('-', "_"))
            .unwrap_or_default();
        match std::fs::read_to_string(&snap)
            .map_err(|e| e.to_string())
            .and_then(|text| snapshot_body(&text).map(str::to_string))
        {
            Ok(code) => {
                let file = fixtures_out.join(format!("{name}.rs"));
                write(&file, &code);
                modules.push((name, file));
            }
            Err(e) => errors.push(format!("{}: {e}", snap.display())),
        }
    }

    let corpus_out = out.join("corpus");
    recreate(&corpus_out);
    let specs = Generator::new()
        .specs_dir(&corpus)
        .spec_files()
        .unwrap_or_else(|e| fail(&[e.to_string()]));
    for spec in &specs {
        println!("cargo:rerun-if-changed={}", spec.display());
        match Generator::new().spec(spec).index(false).render() {
            Ok(rendered) => {
                for (file, code) in rendered {
                    let path = corpus_out.join(&file);
                    write(&path, &code);
                    modules.push((file.trim_end_matches(".rs").to_string(), path));
                }
            }
            Err(e) => errors.push(format!("{}: {e}", spec.display())),
        }
    }
    if !errors.is_empty() {
        fail(&errors);
    }

    let mut index =
        String::from("// The fixture snapshots and the corpus modules, declared by build.rs.\n");
    for (module, path) in &modules {
        let _ = writeln!(
            index,
            "#[rustfmt::skip]\n#[path = {:?}]\npub mod {module};",
            path.display().to_string()
        );
    }
    write(&out.join("modules.rs"), &index);
}

/// The content of an insta snapshot file: what follows its `---` header.
fn snapshot_body(text: &str) -> Result<&str, String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("not an insta snapshot (no `---` header)")?;
    let (_, body) = rest
        .split_once("\n---\n")
        .ok_or("not an insta snapshot (the header does not end)")?;
    Ok(body)
}

fn recreate(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap_or_else(|e| fail(&[format!("{}: {e}", dir.display())]));
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| fail(&[format!("{}: {e}", path.display())]));
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
