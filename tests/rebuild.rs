//! Rebuilds that do nothing: after a spec is added, the first `cargo build` regenerates
//! `generated/` and compiles the crate; the second runs no build script and compiles nothing.
//! (build.rs once watched `generated/`, which it writes itself, so every build after a
//! regeneration ran it again and recompiled the crate.)
//!
//! Runs the real cargo on a copy of this workspace in `<target>/tmp/rebuild`: its files without
//! `target/`, `node_modules/` and `.git`, with their modification times, so that what did not
//! change since the last run stays fresh. The copy builds into this test's target directory, so
//! dependencies are compiled once, not on every run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the workspace's files (not `target/`, `node_modules/`, `.git`) into `to`, keeping
/// their modification times.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if ["target", "node_modules", ".git"]
            .iter()
            .any(|n| name == *n)
        {
            continue;
        }
        let (path, target) = (entry.path(), to.join(&name));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
            let modified = entry.metadata().and_then(|m| m.modified()).expect("mtime");
            fs::File::options()
                .write(true)
                .open(&target)
                .and_then(|f| f.set_modified(modified))
                .expect("set mtime");
        }
    }
}

/// One `cargo build`: what it printed.
struct Build {
    output: Output,
}

impl Build {
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// The targets cargo compiled (artifacts that were not fresh), as `package target`.
    fn compiled(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["fresh"] != true)
            .map(|m| format!("{} {}", m["package_id"], m["target"]["name"]))
            .collect()
    }

    /// The processes cargo ran (`-v` prints each compiler and build-script run as
    /// "Running `...`").
    fn ran(&self) -> Vec<String> {
        self.stderr()
            .lines()
            .filter(|l| l.trim_start().starts_with("Running `"))
            .map(str::to_owned)
            .collect()
    }

    /// Whether hubspot-calling's build script ran.
    fn ran_our_build_script(&self) -> bool {
        self.ran()
            .iter()
            .any(|l| l.contains("/build/hubspot-calling-") && l.contains("build-script-build`"))
    }
}

/// `cargo build -v --message-format=json` in `dir`, into this test's target directory.
fn build(dir: &Path) -> Build {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir");
    let run = |offline: bool| {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.args(["build", "-v", "--locked", "--message-format=json"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target);
        if offline {
            cmd.arg("--offline");
        }
        cmd.output().expect("cargo runs")
    };
    let mut output = run(true);
    if !output.status.success() {
        output = run(false);
    }
    let build = Build { output };
    assert!(
        build.output.status.success(),
        "cargo build failed:\n{}",
        build.stderr()
    );
    build
}

#[test]
fn a_second_build_after_a_regeneration_runs_nothing() {
    let copy: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild");
    let _ = fs::remove_dir_all(&copy);
    copy_tree(workspace(), &copy);
    fs::copy(
        workspace().join("tests/data/added-spec.yaml"),
        copy.join("specs/notes.yaml"),
    )
    .expect("add a spec");

    let first = build(&copy);
    assert!(
        first.ran_our_build_script(),
        "the first build did not run build.rs:\n{}",
        first.stderr()
    );
    let module = fs::read_to_string(copy.join("generated/notes.rs")).unwrap_or_default();
    assert!(
        module.contains("pub struct Note"),
        "generated/notes.rs was not written:\n{}",
        first.stderr()
    );
    let index = fs::read_to_string(copy.join("generated/mod.rs")).expect("generated/mod.rs");
    assert!(index.contains("pub mod notes;"), "{index}");
    assert!(
        first
            .compiled()
            .iter()
            .any(|c| c.contains("hubspot-calling@") && c.ends_with("\"hubspot_calling\"")),
        "the crate was not compiled with the new module: {:?}",
        first.compiled()
    );

    let second = build(&copy);
    assert!(
        second.compiled().is_empty() && second.ran().is_empty(),
        "the second build was not a no-op: compiled {:?}, ran {:?}\n{}",
        second.compiled(),
        second.ran(),
        second.stderr()
    );
}
