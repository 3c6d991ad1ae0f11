//! Writes into `OUT_DIR`:
//!
//! - `fixtures/<name>.rs`: the code of every committed fixture snapshot,
//!   `generator/tests/fixtures/<name>/code.snap`, without its insta header. This crate compiles
//!   exactly what the snapshots say the generator produces; a snapshot whose code does not
//!   compile (or is not clippy-clean) fails here.
//! - `corpus/<module>.rs`: every spec in `generator/tests/corpus` and its folders, generated
//!   (one module per spec, no index), except those kept as an error snapshot
//!   (`<stem>.error.snap`) because they do not generate yet. The corpus has surface snapshots
//!   only: its code is large and a generator change would touch all of it, so the readable
//!   review diff is the surface.
//! - `modules.rs`, declaring them all, and `send_sync.rs`, asserting that every type at the
//!   top of each module is `Send + Sync`.
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
    let mut dirs = vec![corpus.clone()];
    let mut specs = Vec::new();
    while let Some(dir) = dirs.pop() {
        println!("cargo:rerun-if-changed={}", dir.display());
        let generator = Generator::new().specs_dir(&dir);
        specs.extend(
            generator
                .spec_files()
                .unwrap_or_else(|e| fail(&[e.to_string()])),
        );
        for entry in std::fs::read_dir(&dir)
            .unwrap_or_else(|e| fail(&[format!("{}: {e}", dir.display())]))
            .flatten()
        {
            if entry.path().is_dir() {
                dirs.push(entry.path());
            }
        }
    }
    specs.sort();
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
            // A spec that does not generate yet has its error as a snapshot (tests/corpus.rs
            // checks it); it has no code to compile.
            Err(_) if spec.with_extension("error.snap").exists() => {}
            Err(e) => errors.push(format!("{}: {e}", spec.display())),
        }
    }
    if !errors.is_empty() {
        fail(&errors);
    }

    let mut index =
        String::from("// The fixture snapshots and the corpus modules, declared by build.rs.\n");
    let mut assertions = String::from(
        "// Every type generated at the top of a module is Send + Sync (a recursive type the trait\n\
         // solver cannot prove so fails here, as it would in a user's async code).\n\
         const _: () = {\n    const fn send_sync<T: Send + Sync + ?Sized>() {}\n",
    );
    for (module, path) in &modules {
        let _ = writeln!(
            index,
            "#[rustfmt::skip]\n#[path = {:?}]\npub mod {module};",
            path.display().to_string()
        );
        let code = std::fs::read_to_string(path)
            .unwrap_or_else(|e| fail(&[format!("{}: {e}", path.display())]));
        for ty in top_level_types(&code) {
            let _ = writeln!(assertions, "    send_sync::<{module}::{ty}>();");
        }
    }
    assertions.push_str("};\n");
    write(&out.join("modules.rs"), &index);
    write(&out.join("send_sync.rs"), &assertions);
}

/// The types a formatted module declares at its top level (`pub struct Call`, `pub enum Kind`,
/// `pub type Ids = ...`): prettyplease writes them at the start of a line.
fn top_level_types(code: &str) -> Vec<&str> {
    code.lines()
        .filter_map(|line| {
            ["pub struct ", "pub enum ", "pub type "]
                .iter()
                .find_map(|kind| line.strip_prefix(kind))
        })
        .filter_map(|rest| {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (end > 0).then(|| &rest[..end])
        })
        .collect()
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
