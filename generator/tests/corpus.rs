//! Every real spec in `corpus/` generates, with no overlay and no case of its own in the
//! generator; its API surface is `corpus/<file stem>.surface.snap`. (`compile/` compiles the
//! generated code clippy-clean.)
//!
//! Add a spec by dropping it in `corpus/` (and its source in `corpus/README.md`), then run
//! `INSTA_UPDATE=always cargo test -p hubspot-calling-codegen --test corpus`.

use hubspot_calling_codegen::Generator;

#[test]
fn corpus_specs_generate_with_a_surface_snapshot() {
    insta::glob!("corpus/*.{json,yaml,yml}", |path| {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let generator = Generator::new().spec(path).index(false);
        let modules = generator
            .modules()
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", path.display()));
        let surface = modules
            .first()
            .map(|m| m.surface())
            .unwrap_or_else(|| panic!("{}: no module", path.display()));
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("corpus");
        settings.set_prepend_module_to_snapshot(false);
        settings.remove_snapshot_suffix();
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(format!("{stem}.surface"), surface));
    });
}
