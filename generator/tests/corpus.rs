//! Every real spec in `corpus/` (and its folders: HubSpot's in `corpus/hubspot/`) generates,
//! with no overlay and no case of its own in the generator; its API surface is
//! `<file stem>.surface.snap` next to it. (`compile/` compiles the generated code
//! clippy-clean.)
//!
//! A spec that needs what the generator does not support yet (non-JSON bodies, object query
//! parameters) has its located error as `<file stem>.error.snap` instead, and no surface: the
//! day it generates, this test fails until the error snapshot is deleted and the surface
//! accepted. Each spec has exactly one of the two.
//!
//! Add a spec by dropping it in `corpus/` (and its source in the folder's README/SOURCES), then
//! run `INSTA_UPDATE=always cargo test -p hubspot-calling-codegen --test corpus`.

use hubspot_calling_codegen::{Error, Generator};

#[test]
fn corpus_specs_generate_with_a_surface_snapshot() {
    insta::glob!("corpus/**/*.{json,yaml,yml}", |path| {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path.parent().unwrap_or(std::path::Path::new("."));
        let snapshot = |kind: &str| folder.join(format!("{stem}.{kind}.snap"));
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(folder);
        settings.set_prepend_module_to_snapshot(false);
        settings.remove_snapshot_suffix();
        settings.set_omit_expression(true);
        match Generator::new().spec(path).index(false).modules() {
            Ok(modules) => {
                assert!(
                    !snapshot("error").exists(),
                    "{} generates now: delete {} and accept its surface",
                    path.display(),
                    snapshot("error").display()
                );
                let surface = modules
                    .first()
                    .map(|m| m.surface())
                    .unwrap_or_else(|| panic!("{}: no module", path.display()));
                settings.bind(|| insta::assert_snapshot!(format!("{stem}.surface"), surface));
            }
            Err(error) => {
                assert!(
                    !snapshot("surface").exists(),
                    "{} generated before and fails now:\n{error}",
                    path.display()
                );
                let Error::Spec { location, .. } = &error else {
                    panic!("{}: not an input error: {error}", path.display());
                };
                assert!(
                    location.file == path && location.line_col.is_some(),
                    "{}: the error is not located in the spec: {error}",
                    path.display()
                );
                let text = error
                    .to_string()
                    .replace(&format!("{}/", folder.display()), "");
                // Only what the generator does not support yet may keep a spec from generating.
                let message = text.lines().next().unwrap_or_default();
                assert!(
                    message.contains("not supported") || message.contains("are supported"),
                    "{}: fails for another reason than an unsupported construct:\n{text}",
                    path.display()
                );
                settings.bind(|| insta::assert_snapshot!(format!("{stem}.error"), text));
            }
        }
    });
}
