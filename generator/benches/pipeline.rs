//! Time of each generator stage on the bundled specs: `cargo bench -p hubspot-calling-codegen`.
//!
//! The specs are copies of the workspace's `specs/` (with their overlays) in `benches/specs/`,
//! so the generator crate reads nothing outside its own directory. Stages, through the public
//! API: load (read + YAML/JSON parse), overlaid (load, apply the overlays, bundle), prepare (all
//! of that plus normalize and the openapiv3 parse), ir (the model), code (emit with quote +
//! prettyplease), and the whole pipeline.
//!
//! The corpus (`tests/corpus/`, HubSpot's specs in `tests/corpus/hubspot/`): per spec and in
//! total, parsing alone (`corpus_parse`, `corpus_total_parse`) next to the whole pipeline
//! (`corpus_generate`, `corpus_total_generate`). The goal is the pipeline within 2x of parsing.

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

/// Every spec in `tests/corpus/` and its sub-folders that generates (the ones kept as an error
/// snapshot are left out), as paths relative to it (`hubspot/crm_calls_424_v3.json`).
fn corpus_specs() -> Vec<String> {
    let root = corpus_path("");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("corpus readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            ) && generates(&path)
            {
                let relative = path.strip_prefix(&root).expect("under the corpus");
                files.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    files
}

fn generates(path: &Path) -> bool {
    Generator::new().spec(path).index(false).render().is_ok()
}

fn corpus_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

/// Parsing alone, per corpus spec: load, bundle, normalize and the openapiv3 parse (what the
/// whole pipeline is measured against).
#[divan::bench(args = corpus_specs())]
fn corpus_parse(bencher: Bencher, spec: &str) {
    let path = corpus_path(spec);
    let generator = Generator::new();
    bencher.bench(|| generator.prepare(black_box(&path)).expect("prepares"));
}

/// The whole pipeline (load → format, in memory), per corpus spec.
#[divan::bench(args = corpus_specs())]
fn corpus_generate(bencher: Bencher, spec: &str) {
    let path = corpus_path(spec);
    bencher.bench(|| {
        let files = Generator::new()
            .spec(black_box(&path))
            .index(false)
            .render()
            .expect("renders");
        files.iter().map(|(_, text)| text.len()).sum::<usize>()
    });
}

/// Parsing alone, the whole corpus.
#[divan::bench(sample_count = 10)]
fn corpus_total_parse(bencher: Bencher) {
    let paths: Vec<PathBuf> = corpus_specs().iter().map(|s| corpus_path(s)).collect();
    let generator = Generator::new();
    bencher.bench(|| {
        for path in &paths {
            black_box(generator.prepare(path).expect("prepares"));
        }
    });
}

/// The whole pipeline, the whole corpus.
#[divan::bench(sample_count = 10)]
fn corpus_total_generate(bencher: Bencher) {
    let paths: Vec<PathBuf> = corpus_specs().iter().map(|s| corpus_path(s)).collect();
    bencher.bench(|| {
        let mut generator = Generator::new().index(false);
        for path in &paths {
            generator = generator.spec(path);
        }
        let files = generator.render().expect("renders");
        files.iter().map(|(_, text)| text.len()).sum::<usize>()
    });
}

/// The IR stage alone, the whole corpus (parsed beforehand).
#[divan::bench(sample_count = 10)]
fn corpus_total_ir(bencher: Bencher) {
    let generator = Generator::new();
    let prepared: Vec<Prepared> = corpus_specs()
        .iter()
        .map(|s| generator.prepare(&corpus_path(s)).expect("prepares"))
        .collect();
    bencher.bench(|| {
        for p in &prepared {
            black_box(p.module().expect("builds"));
        }
    });
}

/// Emit and format alone (each module on all cores), the whole corpus (IR built beforehand).
#[divan::bench(sample_count = 10)]
fn corpus_total_code(bencher: Bencher) {
    let generator = Generator::new();
    let modules: Vec<_> = corpus_specs()
        .iter()
        .map(|s| {
            generator
                .prepare(&corpus_path(s))
                .expect("prepares")
                .module()
                .expect("builds")
        })
        .collect();
    bencher.bench(|| {
        modules
            .iter()
            .map(|m| m.code().expect("formats").len())
            .sum::<usize>()
    });
}
