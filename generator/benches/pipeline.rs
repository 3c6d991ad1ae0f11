//! Time of each generator stage on the bundled specs: `cargo bench -p hubspot-calling-codegen`.
//!
//! Stages: load (read + YAML/JSON parse), overlay (apply specs/overlays), normalize (3.1 → 3.0
//! shape + openapiv3 parse), ir, emit (quote), format (prettyplease), and the whole pipeline.

use std::path::{Path, PathBuf};

use divan::{black_box, Bencher};
use hubspot_calling_codegen::{emit, format, ir, load, normalize, overlay, Generator};

fn main() {
    divan::main();
}

const SPECS: &[&str] = &["calls.yaml", "calling-extensions.json"];

fn spec_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(name)
}

fn overlays(spec: &Path) -> Vec<overlay::Overlay> {
    let dir = spec
        .parent()
        .map(|p| p.join("overlays"))
        .unwrap_or_default();
    overlay::load_dir(&dir)
        .expect("overlays load")
        .into_iter()
        .filter(|o| o.targets(spec))
        .collect()
}

#[divan::bench(args = SPECS)]
fn load(bencher: Bencher, spec: &str) {
    let path = spec_path(spec);
    let bytes = std::fs::read(&path).expect("spec readable");
    bencher.bench(|| load::Document::from_bytes(&path, black_box(&bytes)).expect("loads"));
}

#[divan::bench(args = SPECS)]
fn overlay(bencher: Bencher, spec: &str) {
    let path = spec_path(spec);
    let doc = load::Document::load(&path).expect("loads");
    let overlays = overlays(&path);
    bencher
        .with_inputs(|| doc.value.clone())
        .bench_local_values(|mut value| {
            for o in &overlays {
                o.apply(&mut value).expect("applies");
            }
            value
        });
}

#[divan::bench(args = SPECS)]
fn normalize(bencher: Bencher, spec: &str) {
    let path = spec_path(spec);
    let mut doc = load::Document::load(&path).expect("loads");
    for o in overlays(&path) {
        o.apply(&mut doc.value).expect("applies");
    }
    bencher
        .with_inputs(|| doc.value.clone())
        .bench_local_values(|mut value| {
            normalize::normalize(&doc.source, &mut value).expect("normalizes");
            normalize::parse(&doc.source, &value).expect("parses")
        });
}

fn prepared(spec: &str) -> hubspot_calling_codegen::Prepared {
    Generator::new()
        .prepare(&spec_path(spec))
        .expect("prepares")
}

#[divan::bench(args = SPECS)]
fn ir(bencher: Bencher, spec: &str) {
    let p = prepared(spec);
    bencher.bench(|| ir::build(&p.source, &p.module, black_box(&p.spec)).expect("builds"));
}

#[divan::bench(args = SPECS)]
fn emit(bencher: Bencher, spec: &str) {
    let p = prepared(spec);
    let api = ir::build(&p.source, &p.module, &p.spec).expect("builds");
    bencher.bench(|| emit::module(black_box(&api)));
}

#[divan::bench(args = SPECS)]
fn format(bencher: Bencher, spec: &str) {
    let p = prepared(spec);
    let api = ir::build(&p.source, &p.module, &p.spec).expect("builds");
    let tokens = emit::module(&api);
    bencher
        .with_inputs(|| tokens.clone())
        .bench_local_values(|tokens| format::format(tokens, "bench").expect("formats"));
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
        .join("../tests/corpus")
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
