//! Stoplight Prism as a mock HubSpot that validates every request against the spec.
//!
//! Shared by the contract tests (tests/contract.rs, and tests/contract_official.rs, which serves
//! HubSpot's official files through [`write_published_spec`]), tests/toolkit_inbound_prism.rs and
//! the examples calls_flow and inbound_call. Prism comes from npm (`@stoplight/prism-cli`, pinned in
//! package.json and package-lock.json at the workspace root): the first [`Prism::start`] installs
//! it into `node_modules/` ([`install`](crate::install)); `PRISM_BIN` points elsewhere.
//!
//! Prism is given each spec with its overlays applied (written by the generator's
//! `write_overlaid`), listens on a free port of 127.0.0.1, and answers with the spec's examples.
//! A request that does not match the spec gets status 422, or (for lesser problems) the mock
//! answer with an `sl-violations` header listing what is wrong.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism version package.json pins; `Prism::start` checks the binary is this one.
pub const PRISM_VERSION: &str = "5.14.2";

/// How long Prism may take to load a spec and listen (node starts slowly on a busy CI machine).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);

/// The workspace root (where package.json and node_modules are): two levels above this crate.
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).unwrap_or(here).to_path_buf()
}

/// The Prism executable: `$PRISM_BIN`, else `<workspace>/node_modules/.bin/prism`, installed
/// there first (`npm ci`, under a lock) when it is missing.
pub fn prism_binary() -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os("PRISM_BIN").filter(|b| !b.is_empty()) {
        let bin = PathBuf::from(bin);
        return if bin.is_file() {
            Ok(bin)
        } else {
            Err(format!("PRISM_BIN={} is not a file", bin.display()))
        };
    }
    crate::install::ensure(&workspace_root()).map_err(|e| e.to_string())
}

/// Writes every spec of `<workspace>/specs` with its overlays applied into `dir`, as
/// `<stem>.json`, and returns their paths (sorted).
///
/// `example: null` is removed everywhere: HubSpot's published specs write it on every schema to
/// mean "no example", and Prism would otherwise answer with a `null` body (and flag its own
/// answer as invalid). Without it, Prism builds its answer from the schema.
pub fn write_merged_specs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let specs = workspace_root().join("specs");
    let mut paths = hubspot_calling_codegen::Generator::new()
        .specs_dir(&specs)
        .write_overlaid(dir)
        .map_err(|e| {
            format!(
                "cannot write the overlaid specs of {}:\n{e}",
                specs.display()
            )
        })?;
    paths.sort();
    for path in &paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut doc: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
        remove_null_examples(&mut doc);
        let text = serde_json::to_string_pretty(&doc)
            .map_err(|e| format!("cannot serialize {}: {e}", path.display()))?;
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(paths)
}

/// Writes a copy of a published spec file (e.g. HubSpot's official files in generator/tests/corpus) into
/// `dir` for Prism, unchanged except for examples Prism cannot use, and returns its path.
///
/// Removed: `example: null` (as [`write_merged_specs`] does), and an `example` whose JSON type
/// contradicts the schema's own `type`. HubSpot's files have one such: `context` of `Error`
/// and `ErrorDetail` (`type: object`) has the example `"{missingScopes=[scope1, scope2]}"`, a
/// Java map printed as a string; Prism would answer with that string and flag its own answer.
/// Nothing that describes a request or a response shape is changed.
pub fn write_published_spec(file: &Path, dir: &Path) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", file.display()))?;
    remove_null_examples(&mut doc);
    remove_mistyped_examples(&mut doc);
    let name = file
        .file_name()
        .ok_or_else(|| format!("{} has no file name", file.display()))?;
    let out = dir.join(name);
    let text = serde_json::to_string_pretty(&doc)
        .map_err(|e| format!("cannot serialize {}: {e}", file.display()))?;
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(out)
}

/// Removes `example` from every schema whose declared `type` the example does not have.
fn remove_mistyped_examples(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mistyped = match (map.get("type").and_then(Value::as_str), map.get("example")) {
                (Some(kind), Some(example)) => !match kind {
                    "object" => example.is_object(),
                    "array" => example.is_array(),
                    "string" => example.is_string(),
                    "integer" => example.is_i64() || example.is_u64(),
                    "number" => example.is_number(),
                    "boolean" => example.is_boolean(),
                    _ => true,
                },
                _ => false,
            };
            if mistyped {
                map.remove("example");
            }
            map.values_mut().for_each(remove_mistyped_examples);
        }
        Value::Array(items) => items.iter_mut().for_each(remove_mistyped_examples),
        _ => {}
    }
}

fn remove_null_examples(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("example").is_some_and(serde_json::Value::is_null) {
                map.remove("example");
            }
            map.values_mut().for_each(remove_null_examples);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(remove_null_examples),
        _ => {}
    }
}

/// A fresh, empty directory under the system temp dir (removed by the caller's `Drop` guard).
pub fn scratch_dir(name: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!(
        "hubspot-calling-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// A running Prism mock server; killed when dropped.
pub struct Prism {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Prism {
    /// Starts `prism mock` on `spec` on a free localhost port and waits until it accepts
    /// connections. `log_dir` receives Prism's output.
    ///
    /// Fails (never skips) when Prism is missing, is not version 5.14.2, exits, or does not listen
    /// within two minutes; the error includes Prism's output.
    pub fn start(spec: &Path, log_dir: &Path) -> Result<Prism, String> {
        Self::start_with(spec, log_dir, &[])
    }

    /// [`start`](Self::start) with extra `prism mock` options (e.g. `--errors`, `--dynamic`).
    pub fn start_with(spec: &Path, log_dir: &Path, options: &[&str]) -> Result<Prism, String> {
        let bin = prism_binary()?;
        check_version(&bin)?;
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "spec".to_owned());
        let mut last_error = String::new();
        // The port is free when chosen but could be taken before Prism binds it: try again.
        for attempt in 1..=3 {
            let port = free_port()?;
            let log = log_dir.join(format!("prism-{stem}-{attempt}.log"));
            let out =
                File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
            let err = out
                .try_clone()
                .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
            let child = Command::new(&bin)
                .arg("mock")
                .args(options)
                .args(["--host", "127.0.0.1", "--port"])
                .arg(port.to_string())
                .arg(spec)
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
                .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
            let mut prism = Prism {
                child,
                addr: SocketAddr::from(([127, 0, 0, 1], port)),
                log,
            };
            match prism.wait_until_listening() {
                Ok(()) => return Ok(prism),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    /// The base URL to point the client at, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Everything Prism printed so far (its request log and validation messages).
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "Prism exited ({status}) before listening on {}:\n{}",
                    self.addr,
                    self.output()
                ));
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok()
                && self.output().contains("Prism is listening")
            {
                return Ok(());
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(format!(
                    "Prism did not listen on {} within {STARTUP_TIMEOUT:?}:\n{}",
                    self.addr,
                    self.output()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free local port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free local port: {e}"))
}

fn check_version(bin: &Path) -> Result<(), String> {
    let output = Command::new(bin)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if version == PRISM_VERSION {
        Ok(())
    } else {
        Err(format!(
            "{} is Prism {version:?}, the contract tests need {PRISM_VERSION} (unset PRISM_BIN \
             to use the one package-lock.json pins)",
            bin.display()
        ))
    }
}
