//! What a crate that depends on hubspot-calling gets, checked with the real cargo on throwaway
//! consumer crates:
//!
//! - with the default features (`hubspot-calling = "0.1"`), or `default-features = false`, the
//!   generator is not compiled: `cargo tree -e normal,build` lists none of its crates; both for
//!   a path dependency on this workspace and for the packaged `.crate` (what crates.io serves);
//! - with `features = ["codegen"]` on the packaged crate, its build script runs but writes
//!   nothing into the package's files, even when a spec there changed.
//!
//! Builds share this test's target directory, so dependencies are compiled once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Crates that only the generator brings in.
const GENERATOR_CRATES: [&str; 5] = [
    "hubspot-calling-codegen",
    "prettyplease",
    "openapiv3",
    "serde_yaml",
    "heck",
];

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `<target>/tmp/<name>`, emptied.
fn scratch(name: &str) -> PathBuf {
    emptied(Path::new(env!("CARGO_TARGET_TMPDIR")).join(name))
}

/// A directory outside this repository (so cargo does not read its .cargo/config.toml), the
/// same one on every run of this workspace's tests, emptied.
fn scratch_outside(name: &str) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    workspace().hash(&mut hasher);
    emptied(std::env::temp_dir().join(format!("hubspot-calling-{name}-{:016x}", hasher.finish())))
}

fn emptied(dir: PathBuf) -> PathBuf {
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `cargo <args>` offline first (everything is usually cached by this build), then online.
fn cargo_offline_first(args: &[&str], configure: impl Fn(&mut Command)) -> Output {
    let run = |offline: bool| {
        let mut cmd = cargo();
        cmd.args(args);
        if offline {
            cmd.arg("--offline");
        }
        configure(&mut cmd);
        cmd.output().expect("cargo runs")
    };
    let output = run(true);
    if output.status.success() {
        output
    } else {
        run(false)
    }
}

/// A consumer crate in `dir` with `dependency` as its `hubspot-calling = ...` line and `extra`
/// appended to its manifest, and this workspace's Cargo.lock (same versions).
fn consumer(dir: PathBuf, dependency: &str, extra: &str) -> PathBuf {
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("consumer src");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [dependencies]\nhubspot-calling = {dependency}\n\n[workspace]\n{extra}"
        ),
    )
    .expect("consumer manifest");
    std::fs::write(dir.join("src/lib.rs"), "pub use hubspot_calling::Client;\n").expect("lib");
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lockfile");
    dir
}

/// `cargo tree -e normal,build` of a consumer: one crate per line.
fn tree(consumer: &Path) -> String {
    let manifest = consumer.join("Cargo.toml");
    let manifest = manifest.to_str().expect("UTF-8 path");
    let output = cargo_offline_first(
        &[
            "tree",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--manifest-path",
            manifest,
        ],
        |_| {},
    );
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn assert_lean(listing: &str, who: &str) {
    assert!(listing.contains("hubspot-calling v"), "{listing}");
    assert!(
        listing.contains("reqwest v"),
        "the client's own deps are there: {listing}"
    );
    for forbidden in GENERATOR_CRATES {
        assert!(
            !listing.lines().any(|l| l.starts_with(forbidden)),
            "{forbidden} is in the tree of {who}:\n{listing}"
        );
    }
}

/// A TOML string for a path.
fn toml_path(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
}

#[test]
fn consumer_with_default_features_does_not_build_the_generator() {
    let dir = consumer(
        scratch("consumer-default"),
        &format!("{{ path = {} }}", toml_path(workspace())),
        "",
    );
    assert_lean(&tree(&dir), "a consumer with default features");
}

#[test]
fn consumer_without_default_features_does_not_build_the_generator() {
    let dir = consumer(
        scratch("consumer-no-default"),
        &format!(
            "{{ path = {}, default-features = false }}",
            toml_path(workspace())
        ),
        "",
    );
    assert_lean(&tree(&dir), "a default-features = false consumer");
}

/// `cargo package` of both crates (no verification build), once per test run; the unpacked
/// hubspot-calling package and the directory holding the unpacked generator package.
fn packaged() -> &'static (PathBuf, PathBuf) {
    static PACKAGED: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PACKAGED.get_or_init(|| {
        let dir = scratch("packaged");
        let target = dir.join("target");
        let target_arg = target.to_str().expect("UTF-8 path").to_owned();
        let output = cargo_offline_first(
            &[
                "package",
                "-p",
                "hubspot-calling",
                "-p",
                "hubspot-calling-codegen",
                "--no-verify",
                "--allow-dirty",
                "--target-dir",
                &target_arg,
            ],
            |cmd| {
                cmd.current_dir(workspace());
            },
        );
        assert!(
            output.status.success(),
            "cargo package failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for name in ["hubspot-calling", "hubspot-calling-codegen"] {
            let krate = target.join(format!(
                "package/{name}-{}.crate",
                env!("CARGO_PKG_VERSION")
            ));
            let status = Command::new("tar")
                .arg("-xzf")
                .arg(&krate)
                .arg("-C")
                .arg(&dir)
                .status()
                .expect("tar runs");
            assert!(status.success(), "cannot unpack {}", krate.display());
        }
        let version = env!("CARGO_PKG_VERSION");
        (
            dir.join(format!("hubspot-calling-{version}")),
            dir.join(format!("hubspot-calling-codegen-{version}")),
        )
    })
}

/// The generator is not on crates.io yet: consumers of the packaged crate get the packaged
/// generator instead (needed only when `codegen` is on).
fn patch_generator(generator: &Path) -> String {
    format!(
        "\n[patch.crates-io]\nhubspot-calling-codegen = {{ path = {} }}\n",
        toml_path(generator)
    )
}

#[test]
fn packaged_crate_with_default_features_does_not_build_the_generator() {
    let (package, generator) = packaged();
    let dir = consumer(
        scratch("consumer-packaged-default"),
        &format!("{{ path = {} }}", toml_path(package)),
        &patch_generator(generator),
    );
    assert_lean(&tree(&dir), "a consumer of the packaged crate");
}

/// Every file under `dir` with its content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let content = std::fs::read(&path).expect("read");
                files.insert(path.strip_prefix(dir).expect("inside").to_owned(), content);
            }
        }
    }
    files
}

#[test]
fn packaged_crate_with_codegen_writes_nothing_into_its_files() {
    let (package, generator) = packaged();
    // As from crates.io: the package and its consumer outside this repository, built without
    // this repository's settings. A copy of the package with one more spec: regenerating would
    // change its generated/.
    let outside = scratch_outside("packaged-codegen");
    let copy = outside.join("hubspot-calling");
    copy_dir(package, &copy);
    std::fs::copy(
        workspace().join("tests/data/added-spec.yaml"),
        copy.join("specs/notes.yaml"),
    )
    .expect("spec");
    let before = snapshot(&copy);

    let dir = consumer(
        outside.join("consumer"),
        &format!(
            "{{ path = {}, features = [\"codegen\"] }}",
            toml_path(&copy)
        ),
        &patch_generator(generator),
    );
    let manifest = dir.join("Cargo.toml");
    let manifest = manifest.to_str().expect("UTF-8 path").to_owned();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .to_owned();
    let output = cargo_offline_first(&["build", "-v", "--manifest-path", &manifest], |cmd| {
        cmd.current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("HUBSPOT_CALLING_SOURCE_DIR");
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo build failed: {stderr}");
    // The build script did run with `codegen` on, and said why it wrote nothing.
    assert!(
        stderr.contains("codegen: generated/ is not regenerated"),
        "the build script did not run with codegen: {stderr}"
    );
    let after = snapshot(&copy);
    let changed: Vec<_> = after
        .iter()
        .filter(|(path, content)| before.get(*path) != Some(content))
        .map(|(path, _)| path)
        .chain(before.keys().filter(|path| !after.contains_key(*path)))
        .collect();
    assert!(
        changed.is_empty(),
        "building the packaged crate as a dependency changed its files: {changed:?}\n{stderr}"
    );
}

/// Copies the files of `from` into `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}
