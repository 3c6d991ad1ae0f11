//! Installs the pinned Stoplight Prism on first use: `npm ci` from the workspace's
//! package-lock.json, once, however many tests or examples ask for it at the same time.
//!
//! [`ensure`] returns `<root>/node_modules/.bin/prism` when the pinned version is already
//! installed there. Otherwise it takes an exclusive lock on `<root>/target/prism-install.lock`
//! (every thread and process of every test binary and example uses the same file), looks again
//! (someone may have installed it while it waited), and only then runs
//! `npm ci --no-audit --no-fund` in `<root>`. The lock file lives outside `node_modules/`
//! because `npm ci` deletes that directory first.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The npm package that provides the `prism` executable.
pub const PRISM_PACKAGE: &str = "@stoplight/prism-cli";

/// Why Prism could not be installed.
#[derive(Debug)]
pub enum InstallError {
    /// `npm` could not be started: Node.js and npm are not installed (or not on `PATH`).
    NpmMissing {
        /// The program that was looked for.
        npm: OsString,
        /// The operating system's error.
        error: io::Error,
    },
    /// `npm ci` ran and failed.
    NpmFailed {
        /// The workspace it ran in.
        root: PathBuf,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// What npm printed on stderr.
        stderr: String,
    },
    /// `npm ci` succeeded but did not install the pinned Prism (package-lock.json pins another
    /// version, or does not list Prism).
    NotInstalled {
        /// Where the executable was expected.
        bin: PathBuf,
        /// The version that was expected.
        version: &'static str,
    },
    /// The lock file could not be created or locked.
    Lock {
        /// The lock file.
        path: PathBuf,
        /// The operating system's error.
        error: io::Error,
    },
}

impl fmt::Display for InstallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstallError::NpmMissing { npm, error } => write!(
                f,
                "Stoplight Prism {version} is needed (contract tests and the Prism examples) and \
                 is installed with npm, but `{npm}` could not be run ({error}): install Node.js \
                 18 or later with npm (https://nodejs.org/, or e.g. `apt-get install nodejs npm`), \
                 or set PRISM_BIN to a prism {version} executable",
                version = crate::prism::PRISM_VERSION,
                npm = npm.to_string_lossy(),
            ),
            InstallError::NpmFailed {
                root,
                status,
                stderr,
            } => write!(
                f,
                "`npm ci --no-audit --no-fund` in {} failed ({status}) while installing Stoplight \
                 Prism {}; npm said:\n{}",
                root.display(),
                crate::prism::PRISM_VERSION,
                stderr.trim_end()
            ),
            InstallError::NotInstalled { bin, version } => write!(
                f,
                "`npm ci` succeeded but {} is not {PRISM_PACKAGE} {version}: package-lock.json \
                 must pin {PRISM_PACKAGE} {version}",
                bin.display()
            ),
            InstallError::Lock { path, error } => {
                write!(f, "cannot lock {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for InstallError {}

/// The `npm` program on this platform (`npm.cmd` on Windows, where npm is a batch file).
pub fn default_npm() -> &'static OsStr {
    OsStr::new(if cfg!(windows) { "npm.cmd" } else { "npm" })
}

/// The Prism executable npm installs under `root`.
pub fn prism_bin(root: &Path) -> PathBuf {
    root.join("node_modules/.bin/prism")
}

/// Installs the pinned Prism into `<root>/node_modules` with `npm` from `PATH`, unless it is
/// there already, and returns its executable. See [`ensure_with`].
pub fn ensure(root: &Path) -> Result<PathBuf, InstallError> {
    ensure_with(root, default_npm())
}

/// Installs the pinned Prism into `<root>/node_modules` by running `npm ci --no-audit --no-fund`
/// in `root`, unless [`PRISM_PACKAGE`] [`PRISM_VERSION`](crate::prism::PRISM_VERSION) is
/// installed there already; returns `<root>/node_modules/.bin/prism`.
///
/// At most one caller runs npm at a time: the others wait for the lock, then find Prism
/// installed. A failed install is not remembered: the next caller tries again.
pub fn ensure_with(root: &Path, npm: &OsStr) -> Result<PathBuf, InstallError> {
    let bin = prism_bin(root);
    let version = crate::prism::PRISM_VERSION;
    let lock_path = root.join("target").join("prism-install.lock");
    // Held until this function returns (dropping the file releases it).
    let lock = open_lock(&lock_path)?;
    lock.lock().map_err(|error| InstallError::Lock {
        path: lock_path.clone(),
        error,
    })?;
    // Looked at under the lock: an install in progress elsewhere is never mistaken for a
    // finished one.
    if installed(root, version) {
        return Ok(bin);
    }
    eprintln!(
        "installing Stoplight Prism {version} into {} (npm ci, once)",
        root.join("node_modules").display()
    );
    let output = Command::new(npm)
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| InstallError::NpmMissing {
            npm: npm.to_owned(),
            error,
        })?;
    if !output.status.success() {
        return Err(InstallError::NpmFailed {
            root: root.to_owned(),
            status: output.status,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    if installed(root, version) {
        Ok(bin)
    } else {
        Err(InstallError::NotInstalled { bin, version })
    }
}

/// Whether `<root>/node_modules` holds the executable and `version` of [`PRISM_PACKAGE`].
pub fn installed(root: &Path, version: &str) -> bool {
    let manifest = root
        .join("node_modules")
        .join(PRISM_PACKAGE)
        .join("package.json");
    prism_bin(root).is_file()
        && fs::read_to_string(manifest)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .is_some_and(|package| package["version"] == version)
}

fn open_lock(path: &Path) -> Result<File, InstallError> {
    let error = |error| InstallError::Lock {
        path: path.to_owned(),
        error,
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(error)?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(error)
}
