//! Every malformed spec in `bad/<name>/` (`spec.yaml` or `spec.json`, with its own `overlays/`
//! for overlay errors) fails with an error that names the file and the place, never a panic and
//! never generated code. The error, with paths relative to the case's folder, is its
//! `error.snap`.

use hubspot_calling_codegen::{Error, Generator};

#[test]
fn every_bad_spec_fails_with_a_located_error() {
    insta::glob!("bad/*/spec.*", |path| {
        let folder = path.parent().unwrap_or(path);
        let error = match Generator::new().spec(path).render() {
            Ok(files) => panic!(
                "{} generated {} files instead of failing",
                path.display(),
                files.len()
            ),
            Err(error) => error,
        };
        let Error::Spec { location, .. } = &error else {
            panic!("{}: not an input error: {error}", path.display());
        };
        assert!(
            location.file.starts_with(folder),
            "{}: the error names another file: {error}",
            path.display()
        );
        let text = error
            .to_string()
            .replace(&format!("{}/", folder.display()), "");
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(folder);
        settings.set_prepend_module_to_snapshot(false);
        settings.remove_snapshot_suffix();
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!("error", text));
    });
}
