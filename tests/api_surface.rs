//! The API of `hubspot-calling`, spec by spec: the surface listing of every bundled spec in
//! `specs/` with its overlays (operations with method, path, parameters, responses, credentials,
//! paging and batch limits; types with their fields) is `snapshots/<module>.surface.snap`.
//! Taking a new upstream version of a spec shows up here as a diff to review and accept
//! (`INSTA_UPDATE=always cargo test --test api_surface`, then read it).

use std::path::Path;

use hubspot_calling_codegen::Generator;

#[test]
fn every_bundled_spec_has_a_surface_snapshot() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let modules = Generator::new()
        .specs_dir(&specs)
        .modules()
        .unwrap_or_else(|e| panic!("the bundled specs do not generate:\n{e}"));
    assert!(!modules.is_empty(), "no spec in {}", specs.display());
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for module in &modules {
            insta::assert_snapshot!(format!("{}.surface", module.name()), module.surface());
        }
    });
}
