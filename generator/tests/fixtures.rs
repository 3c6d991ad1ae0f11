//! Snapshots of the generated code and the API surface of every fixture in `tests/fixtures/`
//! (one small spec per construct), and of the API surface of the bundled specs with their
//! overlays. A generator change reads as a diff of the snapshots in `tests/snapshots/`.
//!
//! Update with `INSTA_UPDATE=always cargo test -p hubspot-calling-codegen --test fixtures` (or
//! `cargo insta review`), then read the diff.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hubspot_calling_codegen::ir::TypeKind;
use hubspot_calling_codegen::{surface, Generator};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixtures_dir() -> PathBuf {
    workspace().join("tests").join("fixtures")
}

/// Every fixture file, as the generator finds them.
fn fixture_files() -> Vec<PathBuf> {
    Generator::new()
        .specs_dir(fixtures_dir())
        .spec_files()
        .unwrap_or_else(|e| panic!("cannot list the fixtures: {e}"))
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Renders fixture `name` (its file stem) and snapshots the code as `<name>` and the surface as
/// `<name>.surface`.
fn check_fixture(name: &str) {
    let path = fixture_files()
        .into_iter()
        .find(|p| stem(p) == name)
        .unwrap_or_else(|| panic!("no fixture tests/fixtures/{name}.yaml or .json"));
    // No overlays: tests/fixtures/overlays does not exist, which the generator accepts.
    let generator = Generator::new().spec(&path).index(false);
    let files = generator
        .render()
        .unwrap_or_else(|e| panic!("fixture {name} does not generate:\n{e}"));
    assert_eq!(
        files.len(),
        1,
        "one module per fixture and no mod.rs with index(false)"
    );
    let (file, code) = &files[0];
    assert_eq!(
        *file,
        format!("{}.rs", hubspot_calling_codegen::module_name(&path))
    );
    let apis = generator
        .apis()
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    assert_eq!(apis.len(), 1);
    let surface = surface::render(&apis[0]);
    settings().bind(|| {
        insta::assert_snapshot!(name.to_string(), code);
        insta::assert_snapshot!(format!("{name}.surface"), surface);
    });
}

macro_rules! fixtures {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture($name);
            }
        )*

        /// Fixture names with a test above.
        const TESTED: &[&str] = &[$($name),*];
    };
}

fixtures! {
    all_of => "all-of",
    error_default => "error-default",
    extensions => "extensions",
    formats => "formats",
    hard_cases => "hard-cases",
    inline_objects => "inline-objects",
    keywords => "keywords",
    maps => "maps",
    multi_status => "multi-status",
    no_content => "no-content",
    nullable_30 => "nullable-30",
    openapi_31 => "openapi-31",
    parameters => "parameters",
    recursive => "recursive",
    refs => "refs",
    request_bodies => "request-bodies",
    required_optional => "required-optional",
    security => "security",
    string_enums => "string-enums",
    tagged_oneof => "tagged-oneof",
    untagged_oneof => "untagged-oneof",
    yaml_anchors => "yaml-anchors",
}

#[test]
fn every_fixture_has_a_snapshot_test() {
    let on_disk: BTreeSet<String> = fixture_files().iter().map(|p| stem(p)).collect();
    let tested: BTreeSet<String> = TESTED.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        on_disk, tested,
        "tests/fixtures and the fixtures! list in generator/tests/fixtures.rs differ"
    );
}

#[test]
fn fixtures_have_no_overlays() {
    assert!(
        !fixtures_dir().join("overlays").exists(),
        "fixtures are plain specs; the snapshots assume no overlays apply"
    );
}

/// YAML merge keys (`<<: *anchor`, YAML 1.1, common in hand-written specs): `CallDetail` in
/// yaml-anchors.yaml merges the `CallSummary` object, so it is a struct with its fields.
#[test]
fn yaml_merge_keys_are_applied() {
    let path = fixtures_dir().join("yaml-anchors.yaml");
    let apis = Generator::new()
        .spec(&path)
        .index(false)
        .apis()
        .unwrap_or_else(|e| panic!("{e}"));
    let def = apis[0]
        .types
        .iter()
        .find(|t| t.name == "CallDetail")
        .expect("a CallDetail type");
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<&str> = s.fields.iter().map(|f| f.json.as_str()).collect();
            assert_eq!(fields, ["id", "title"]);
        }
        other => panic!(
            "CallDetail is {other:?}, not a struct with the merged properties: the YAML merge \
             key `<<` was not applied"
        ),
    }
}

/// The surface of a bundled spec, with its overlays from `specs/overlays`.
fn bundled_surface(module: &str) -> String {
    let apis = Generator::new()
        .specs_dir(workspace().join("specs"))
        .apis()
        .unwrap_or_else(|e| panic!("the bundled specs do not generate:\n{e}"));
    let api = apis
        .iter()
        .find(|a| a.module == module)
        .unwrap_or_else(|| panic!("no module {module} among the bundled specs"));
    surface::render(api)
}

#[test]
fn surface_calls() {
    let surface = bundled_surface("calls");
    settings().bind(|| insta::assert_snapshot!("surface_calls", surface));
}

#[test]
fn surface_calling_extensions() {
    let surface = bundled_surface("calling_extensions");
    settings().bind(|| insta::assert_snapshot!("surface_calling_extensions", surface));
}
