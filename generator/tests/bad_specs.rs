//! Every malformed spec in tests/bad/ fails with an error that names the file and the place,
//! never a panic and never generated code. Each error is an insta snapshot.

use std::path::{Path, PathBuf};

use hubspot_calling_codegen::{Error, Generator};

fn bad_specs() -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = root.join("tests/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/bad exists")
        .flatten()
        .map(|e| e.path())
        // A directory holds a spec (spec.yaml) with its own overlays/, for overlay errors.
        .map(|p| if p.is_dir() { p.join("spec.yaml") } else { p })
        .collect();
    files.sort();
    (root, files)
}

#[test]
fn every_bad_spec_fails_with_a_located_error() {
    let (root, files) = bad_specs();
    assert!(files.len() >= 30, "only {} bad specs", files.len());
    let root = root.canonicalize().expect("root");
    for path in files {
        let case = if path.ends_with("spec.yaml") {
            path.parent().unwrap_or(&path)
        } else {
            &path
        };
        let name = case
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let result = Generator::new().spec(&path).render();
        let error = match result {
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
            location.file.ends_with(
                path.strip_prefix(path.parent().unwrap_or(&path))
                    .unwrap_or(&path)
            ) || location.file.starts_with(path.parent().unwrap_or(&path)),
            "{}: the error names another file: {error}",
            path.display()
        );
        let text = error
            .to_string()
            .replace(
                &format!(
                    "{}/",
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").display()
                ),
                "",
            )
            .replace(&format!("{}/", root.display()), "");
        insta::assert_snapshot!(format!("bad__{name}"), text);
    }
}
