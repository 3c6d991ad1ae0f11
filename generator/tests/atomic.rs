//! On any failure nothing under the output directory changes: a run that fails on one spec
//! leaves every file from the previous run byte-for-byte and timestamp-for-timestamp as it was.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use hubspot_calling_codegen::Generator;

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("out dir")
        .flatten()
        .map(|e| {
            let path = e.path();
            let meta = std::fs::metadata(&path).expect("metadata");
            (
                path.clone(),
                std::fs::read(&path).expect("read"),
                meta.modified().expect("mtime"),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_failing_run_leaves_the_output_directory_untouched() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let work = std::env::temp_dir().join(format!("codegen-atomic-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let specs = work.join("specs");
    std::fs::create_dir_all(&specs).expect("specs dir");
    for name in ["petstore-3.0.yaml", "petstore-webhooks-3.1.yaml"] {
        std::fs::copy(root.join("corpus").join(name), specs.join(name)).expect("copy");
    }
    let out = work.join("generated");
    let first = Generator::new()
        .specs_dir(&specs)
        .out_dir(&out)
        .generate()
        .expect("first run");
    assert_eq!(first.written.len(), 3, "two modules and mod.rs: {first:?}");
    let before = snapshot(&out);

    // Change one good spec (so its module would be rewritten) and add a broken one.
    let edited = std::fs::read_to_string(specs.join("petstore-3.0.yaml"))
        .expect("read")
        .replace("List all pets", "List every pet");
    std::fs::write(specs.join("petstore-3.0.yaml"), edited).expect("edit");
    std::fs::copy(
        root.join("bad/unresolved-schema-ref/spec.yaml"),
        specs.join("zz-broken.yaml"),
    )
    .expect("copy");
    let error = Generator::new()
        .specs_dir(&specs)
        .out_dir(&out)
        .generate()
        .expect_err("broken spec");
    assert!(error.to_string().contains("zz-broken.yaml"), "{error}");
    assert_eq!(
        snapshot(&out),
        before,
        "nothing under the output directory changed"
    );

    // Without the broken spec the edit goes through, and only the changed module is written.
    std::fs::remove_file(specs.join("zz-broken.yaml")).expect("remove");
    let third = Generator::new()
        .specs_dir(&specs)
        .out_dir(&out)
        .generate()
        .expect("third run");
    assert_eq!(third.written, vec![out.join("petstore_3_0.rs")]);
    assert_eq!(third.unchanged.len(), 2);
    let _ = std::fs::remove_dir_all(&work);
}
