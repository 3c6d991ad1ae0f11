//! The Prism installer against a fake `npm`: a shell script that records every call in
//! `npm-calls.log`, takes a second (so callers really overlap), and writes what `npm ci` would
//! (`node_modules/.bin/prism` and Prism's package.json) into a scratch workspace holding copies
//! of the real package.json and package-lock.json. Threads and processes race to install; npm
//! must run once.

use std::fs;
use std::path::{Path, PathBuf};

use hubspot_calling_test_support::install::{self, InstallError};
use hubspot_calling_test_support::prism::{workspace_root, PRISM_VERSION};

/// A scratch workspace `<target>/tmp/install-<name>` with the real package.json and
/// package-lock.json, and no node_modules.
fn scratch_workspace(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("install-{name}"));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).expect("scratch workspace");
    for file in ["package.json", "package-lock.json"] {
        fs::copy(workspace_root().join(file), root.join(file)).expect(file);
    }
    root
}

/// How many times npm was run in `root`.
#[cfg(unix)]
fn npm_calls(root: &Path) -> usize {
    fs::read_to_string(root.join("npm-calls.log"))
        .map(|log| log.lines().count())
        .unwrap_or(0)
}

/// Writes `<dir>/npm`: a fake npm that checks it was asked for `ci --no-audit --no-fund`, logs
/// the call, sleeps a second, then runs `then` (shell) in the workspace.
#[cfg(unix)]
fn fake_npm(dir: &Path, then: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;

    fs::create_dir_all(dir).expect("fake npm dir");
    let npm = dir.join("npm");
    let script = format!(
        "#!/bin/sh\n\
         [ \"$*\" = \"ci --no-audit --no-fund\" ] || {{ echo \"unexpected npm $*\" >&2; exit 64; }}\n\
         echo \"$$\" >> npm-calls.log\n\
         sleep 1\n\
         {then}\n"
    );
    fs::write(&npm, script).expect("fake npm");
    fs::set_permissions(&npm, fs::Permissions::from_mode(0o755)).expect("chmod");
    npm
}

#[cfg(unix)]
/// Shell that installs a fake Prism `version` the way `npm ci` lays it out.
fn installs(version: &str) -> String {
    format!(
        "mkdir -p node_modules/.bin node_modules/@stoplight/prism-cli\n\
         printf '{{\"name\":\"@stoplight/prism-cli\",\"version\":\"{version}\"}}' \
           > node_modules/@stoplight/prism-cli/package.json\n\
         printf '#!/bin/sh\\necho {version}\\n' > node_modules/.bin/prism\n\
         chmod +x node_modules/.bin/prism"
    )
}

#[cfg(unix)]
#[test]
fn threads_racing_to_install_run_npm_once() {
    use std::sync::{Arc, Barrier};

    let root = scratch_workspace("threads");
    let npm = fake_npm(&root.join("fake-bin"), &installs(PRISM_VERSION));
    let start = Arc::new(Barrier::new(8));
    let racers: Vec<_> = (0..8)
        .map(|_| {
            let (root, npm, start) = (root.clone(), npm.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                install::ensure_with(&root, npm.as_os_str())
            })
        })
        .collect();
    for racer in racers {
        let bin = racer
            .join()
            .expect("thread")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bin, root.join("node_modules/.bin/prism"));
    }
    assert_eq!(npm_calls(&root), 1, "npm ran more than once");
    assert!(install::installed(&root, PRISM_VERSION));

    // Installed: later callers do not run npm at all.
    install::ensure_with(&root, npm.as_os_str()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(npm_calls(&root), 1);
}

#[cfg(unix)]
#[test]
fn processes_racing_to_install_run_npm_once() {
    let root = scratch_workspace("processes");
    let fake_bin = root.join("fake-bin");
    fake_npm(&fake_bin, &installs(PRISM_VERSION));
    // `install-prism` finds npm on PATH, as the tests and examples do.
    let path = std::env::join_paths(std::iter::once(fake_bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_install-prism"))
                .arg(&root)
                .env("PATH", &path)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("install-prism starts")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("install-prism runs");
        assert!(
            output.status.success(),
            "install-prism failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            root.join("node_modules/.bin/prism").display().to_string()
        );
    }
    assert_eq!(npm_calls(&root), 1, "npm ran more than once");
}

#[cfg(unix)]
#[test]
fn another_installed_version_is_replaced_by_the_pinned_one() {
    let root = scratch_workspace("other-version");
    let old = fake_npm(&root.join("old-bin"), &installs("5.0.0"));
    let _ = install::ensure_with(&root, old.as_os_str());
    assert!(!install::installed(&root, PRISM_VERSION));
    assert_eq!(npm_calls(&root), 1);

    let npm = fake_npm(&root.join("fake-bin"), &installs(PRISM_VERSION));
    install::ensure_with(&root, npm.as_os_str()).unwrap_or_else(|e| panic!("{e}"));
    assert!(install::installed(&root, PRISM_VERSION));
    assert_eq!(npm_calls(&root), 2);
}

#[cfg(unix)]
#[test]
fn an_install_of_another_version_is_an_error() {
    let root = scratch_workspace("wrong-version");
    let npm = fake_npm(&root.join("fake-bin"), &installs("5.0.0"));
    let error = install::ensure_with(&root, npm.as_os_str()).expect_err("wrong version");
    assert!(
        matches!(error, InstallError::NotInstalled { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains(PRISM_VERSION), "{error}");
}

#[cfg(unix)]
#[test]
fn a_failed_npm_ci_reports_what_npm_said_and_is_tried_again() {
    let root = scratch_workspace("npm-fails");
    let npm = fake_npm(
        &root.join("fake-bin"),
        "echo 'npm ERR! `npm ci` can only install packages when your package.json and \
         package-lock.json are in sync' >&2\nexit 1",
    );
    let error = install::ensure_with(&root, npm.as_os_str()).expect_err("npm fails");
    assert!(matches!(error, InstallError::NpmFailed { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("npm ci"), "{message}");
    assert!(
        message.contains("package.json and package-lock.json are in sync"),
        "npm's stderr is in the error: {message}"
    );
    assert!(install::ensure_with(&root, npm.as_os_str()).is_err());
    assert_eq!(npm_calls(&root), 2, "a failure is not remembered");
}

#[test]
fn missing_npm_says_to_install_node_and_npm() {
    let root = scratch_workspace("no-npm");
    let error = install::ensure_with(&root, root.join("no-such-npm").as_os_str())
        .expect_err("there is no npm");
    assert!(
        matches!(error, InstallError::NpmMissing { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    for wanted in ["Node.js 18", "npm", "PRISM_BIN", PRISM_VERSION] {
        assert!(message.contains(wanted), "{wanted:?} not in: {message}");
    }
    assert!(!root.join("node_modules").exists());
}

#[test]
fn package_files_pin_the_version_the_harness_expects() {
    let read = |file: &str| -> serde_json::Value {
        let text = fs::read_to_string(workspace_root().join(file)).expect(file);
        serde_json::from_str(&text).expect(file)
    };
    let package = read("package.json");
    assert_eq!(
        package["devDependencies"][install::PRISM_PACKAGE],
        PRISM_VERSION
    );
    let lock = read("package-lock.json");
    assert_eq!(
        lock["packages"][format!("node_modules/{}", install::PRISM_PACKAGE)]["version"],
        PRISM_VERSION
    );
}
