//! Time of each generator stage on the bundled specs: `cargo bench -p hubspot-calling-codegen`.
//!
//! The specs are copies of the workspace's `specs/` (with their overlays) in `benches/specs/`,
//! so the generator crate reads nothing outside its own directory; the corpus is
//! `tests/corpus/`. Stages, through the public API: load (read + YAML/JSON parse), overlaid
//! (load, apply the overlays, bundle), prepare (all of that plus normalize and the openapiv3
//! parse), ir (the model), code (emit with quote + prettyplease), and the whole pipeline.

use std::path::{Path, PathBuf};

use divan::{black_box, Bencher};
use hubspot_calling_codegen::{Document, Generator, Prepared};

fn main() {
    divan::main();
}

const SPECS: &[&str] = &["calls.yaml", "calling-extensions.json"];

fn spec_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/specs")
        .join(name)
}

#[divan::bench(args = SPECS)]
fn load(bencher: Bencher, spec: &str) {
    let path = spec_path(spec);
    let bytes = std::fs::read(&path).expect("spec readable");
    bencher.bench(|| Document::from_bytes(&path, black_box(&bytes)).expect("loads"));
}

#[divan::bench(args = SPECS)]
fn overlaid(bencher: Bencher, spec: &str) {
    let path = spec_path(spec);
    let generator = Generator::new();
    bencher.bench(|| generator.overlaid(black_box(&path)).expect("applies"));
}

#[divan::bench(args = SPECS)]
fn prepare(bencher: Bencher, spec: &str) {
    let path = spec_path(spec);
    let generator = Generator::new();
    bencher.bench(|| generator.prepare(black_box(&path)).expect("prepares"));
}

fn prepared(spec: &str) -> Prepared {
    Generator::new()
        .prepare(&spec_path(spec))
        .expect("prepares")
}

#[divan::bench(args = SPECS)]
fn ir(bencher: Bencher, spec: &str) {
    let p = prepared(spec);
    bencher.bench(|| black_box(&p).module().expect("builds"));
}

#[divan::bench(args = SPECS)]
fn code(bencher: Bencher, spec: &str) {
    let module = prepared(spec).module().expect("builds");
    bencher.bench(|| black_box(&module).code().expect("formats"));
}

#[divan::bench]
fn whole_pipeline_both_specs() -> usize {
    let files = Generator::new()
        .specs_dir(spec_path(""))
        .render()
        .expect("renders");
    files.iter().map(|(_, text)| text.len()).sum()
}

const CORPUS: &[&str] = &[
    "hubspot-official-calls-v3.json",
    "hubspot-official-calls-2026-03.json",
    "hubspot-official-calling-extensions-v3.json",
    "hubspot-official-calling-extensions-v3.2026-03-19-extended.json",
    "hubspot-official-calling-extensions-2026-03.json",
    "petstore-3.0.yaml",
    "petstore-webhooks-3.1.yaml",
];

fn corpus_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

/// Whole pipeline (load → format) per corpus spec.
#[divan::bench(args = CORPUS)]
fn corpus(spec: &str) -> usize {
    let files = Generator::new()
        .spec(corpus_path(spec))
        .index(false)
        .render()
        .expect("renders");
    files.iter().map(|(_, text)| text.len()).sum()
}

/// Whole pipeline over the entire corpus at once.
#[divan::bench]
fn corpus_total() -> usize {
    let files = Generator::new()
        .specs_dir(corpus_path(""))
        .index(false)
        .render()
        .expect("renders");
    files.iter().map(|(_, text)| text.len()).sum()
}
