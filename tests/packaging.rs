//! What `cargo publish` would upload (`cargo package --list`): each crate carries what it needs
//! to build and document itself, and none of the tests, their corpus, fixtures, snapshots or the
//! Node.js files of the contract tests.

use std::path::Path;
use std::process::Command;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `cargo package --list -p <package>`: the files of the package, one per line.
fn package_list(package: &str) -> Vec<String> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["package", "--list", "--allow-dirty", "-p", package])
        .current_dir(workspace())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo package --list failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The files directly in `dir` (relative to the workspace, `/`-separated), recursively.
fn files_under(dir: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![workspace().join(dir)];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(workspace()).expect("inside");
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
}

/// Files no package may carry: tests, fixtures, corpus, snapshots, CI, Node.js, local settings.
fn assert_no_test_material(list: &[String], package: &str) {
    for file in list {
        let forbidden = file.starts_with("tests/")
            || file.contains("/snapshots/")
            || file.ends_with(".snap")
            || file.starts_with(".ci/")
            || file.starts_with(".cargo/")
            || file.starts_with("node_modules/")
            || file.starts_with("package")
            || file.starts_with("scripts/");
        assert!(!forbidden, "{package} would publish {file}:\n{list:#?}");
    }
}

#[test]
fn hubspot_calling_package_has_the_specs_and_generated_code_and_no_tests() {
    let list = package_list("hubspot-calling");
    for needed in [
        "Cargo.toml",
        "build.rs",
        "src/lib.rs",
        "README.md",
        "CHANGELOG.md",
        "examples/demo.rs",
    ] {
        assert!(
            list.iter().any(|f| f == needed),
            "{needed} missing: {list:#?}"
        );
    }
    // Every spec and overlay (build.rs regenerates from them; the demo reads them) and every
    // generated module (what the crate compiles).
    for needed in files_under("specs")
        .into_iter()
        .chain(files_under("generated"))
        .chain(files_under("src"))
    {
        assert!(list.contains(&needed), "{needed} missing: {list:#?}");
    }
    assert_no_test_material(&list, "hubspot-calling");
    // The examples that need the workspace's test support (Prism) cannot run from the package.
    for left_out in ["examples/calls_flow.rs", "examples/inbound_call.rs"] {
        assert!(!list.iter().any(|f| f == left_out), "{left_out}: {list:#?}");
    }
}

#[test]
fn generator_package_has_its_sources_and_no_tests() {
    let list = package_list("hubspot-calling-codegen");
    for needed in files_under("generator/src") {
        let needed = needed.trim_start_matches("generator/").to_owned();
        assert!(list.contains(&needed), "{needed} missing: {list:#?}");
    }
    assert!(list.iter().any(|f| f == "README.md"), "{list:#?}");
    assert_no_test_material(&list, "hubspot-calling-codegen");
    assert!(
        !list
            .iter()
            .any(|f| f.starts_with("benches/") || f.starts_with("examples/")),
        "the benchmarks and the fuzzer read the workspace's specs/ and tests/: {list:#?}"
    );
}
