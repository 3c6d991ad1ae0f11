//! Every fixture in `fixtures/<name>/` (one small spec per construct, `spec.yaml` or
//! `spec.json`) next to its snapshots: `code.snap`, the generated module, and `surface.snap`, its
//! API listing. A generator change reads as a diff of these files; `compile/` compiles every
//! committed `code.snap` and exercises it at run time.
//!
//! Add a fixture by adding a folder with a spec; run
//! `INSTA_UPDATE=always cargo test -p hubspot-calling-codegen --test fixtures` (or
//! `cargo insta review`) and read the new snapshots before committing them.

use std::path::Path;

use hubspot_calling_codegen::Generator;

/// The settings that put a fixture's snapshots in its own folder.
fn in_folder(folder: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(folder);
    settings.set_prepend_module_to_snapshot(false);
    settings.remove_snapshot_suffix();
    settings.set_omit_expression(true);
    settings
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/spec.*", |path| {
        let folder = path.parent().unwrap_or(path);
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // No overlays: there is no `overlays/` next to a fixture's spec.
        let generator = Generator::new().spec_as(path, &name).index(false);
        let (code, surface) = match (generator.render(), generator.modules()) {
            (Ok(files), Ok(modules)) if files.len() == 1 && modules.len() == 1 => {
                (files[0].1.clone(), modules[0].surface())
            }
            (Err(e), _) | (_, Err(e)) => panic!("fixture {name} does not generate:\n{e}"),
            _ => panic!("fixture {name}: one module expected, and no mod.rs"),
        };
        in_folder(folder).bind(|| {
            insta::assert_snapshot!("code", code);
            insta::assert_snapshot!("surface", surface);
        });
    });
}
