//! `hubspot-calling-codegen`: turns OpenAPI 3.0 / 3.1 documents into the typed modules of the
//! `hubspot-calling` crate. The pipeline, one module per stage:
//!
//! [`load`] → [`overlay`] → [`bundle`] → [`normalize`] → [`ir`] → [`emit`] → [`format`](mod@format) → [`write`](mod@write)
//!
//! build.rs uses it in one call:
//!
//! ```no_run
//! hubspot_calling_codegen::Generator::new()
//!     .specs_dir("specs")
//!     .out_dir("generated")
//!     .generate()?;
//! # Ok::<(), hubspot_calling_codegen::Error>(())
//! ```

pub mod bundle;
pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod naming;
pub mod normalize;
pub mod overlay;
pub mod pointer;
pub mod source;
pub mod surface;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::{Error, Location, Result};
pub use write::Report;

/// One spec, loaded, with its overlays applied and parsed: everything `ir` needs.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The module name (file stem in snake case).
    pub module: String,
    /// The source text, for locating errors.
    pub source: source::Source,
    /// The parsed document.
    pub spec: openapiv3::OpenAPI,
    /// The merged, normalized document as JSON (what Prism or any other tool should serve).
    pub merged: serde_json::Value,
    /// The version the file declared.
    pub version: normalize::Version,
}

/// Runs the pipeline over a set of specs. Overlays are taken from `overlays/` next to each spec
/// unless directories are given with [`overlays_dir`](Self::overlays_dir).
#[derive(Debug, Clone)]
pub struct Generator {
    specs: Vec<PathBuf>,
    spec_dirs: Vec<PathBuf>,
    overlay_dirs: Vec<PathBuf>,
    out_dir: PathBuf,
    index: bool,
}

impl Default for Generator {
    fn default() -> Self {
        Generator {
            specs: Vec::new(),
            spec_dirs: Vec::new(),
            overlay_dirs: Vec::new(),
            out_dir: PathBuf::from("generated"),
            index: true,
        }
    }
}

/// Is `path` a spec file by its extension?
fn is_spec_file(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"))
}

impl Generator {
    /// A generator with no specs, writing to `generated/`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one spec file.
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(path.into());
        self
    }

    /// Adds every `.yaml`, `.yml` and `.json` file directly in `dir` (not in sub-directories).
    pub fn specs_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.spec_dirs.push(dir.into());
        self
    }

    /// Takes overlays from `dir` instead of `overlays/` next to each spec. May be repeated.
    pub fn overlays_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.overlay_dirs.push(dir.into());
        self
    }

    /// Where generated files go.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = dir.into();
        self
    }

    /// Whether to write `mod.rs` declaring every module and adding `client.<module>()`
    /// accessors to `crate::Client` (default true). Turn it off when the modules are compiled
    /// somewhere `crate::Client` is not defined.
    pub fn index(mut self, index: bool) -> Self {
        self.index = index;
        self
    }

    /// The spec files this generator reads, sorted and de-duplicated.
    pub fn spec_files(&self) -> Result<Vec<PathBuf>> {
        let mut files = self.specs.clone();
        for dir in &self.spec_dirs {
            let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
            for entry in entries {
                let path = entry.map_err(|e| Error::io(dir, e))?.path();
                if is_spec_file(&path) {
                    files.push(path);
                }
            }
        }
        files.sort();
        files.dedup();
        Ok(files)
    }

    fn overlays_for(&self, spec: &Path) -> Result<Vec<overlay::Overlay>> {
        let dirs = if self.overlay_dirs.is_empty() {
            vec![spec.parent().unwrap_or(Path::new(".")).join("overlays")]
        } else {
            self.overlay_dirs.clone()
        };
        let mut out = Vec::new();
        for dir in dirs {
            out.extend(
                overlay::load_dir(&dir)?
                    .into_iter()
                    .filter(|o| o.targets(spec)),
            );
        }
        Ok(out)
    }

    /// Loads one spec, applies its overlays and brings in external `$ref`s: the document as the
    /// API really is, in its own OpenAPI version (what a mock server such as Prism should serve).
    pub fn overlaid(&self, path: &Path) -> Result<load::Document> {
        let mut document = load::Document::load(path)?;
        for overlay in self.overlays_for(path)? {
            overlay.apply(&mut document.value)?;
        }
        bundle::bundle(&document.source, &mut document.value)?;
        Ok(document)
    }

    /// Writes the overlaid document of every spec as `<stem>.json` into `dir`.
    pub fn write_overlaid(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for path in self.spec_files()? {
            let document = self.overlaid(&path)?;
            let name = format!(
                "{}.json",
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            let text = serde_json::to_string_pretty(&document.value)
                .map_err(|e| Error::spec(&path, "", format!("cannot serialize: {e}")))?;
            files.push((name, text + "\n"));
        }
        let report = write::write_all(dir, &files)?;
        Ok(report.written.into_iter().chain(report.unchanged).collect())
    }

    /// Loads one spec, applies its overlays and parses it.
    pub fn prepare(&self, path: &Path) -> Result<Prepared> {
        let module = module_name(path);
        let load::Document { source, mut value } = self.overlaid(path)?;
        let version = normalize::normalize(&source, &mut value)?;
        let spec = normalize::parse(&source, &value)?;
        Ok(Prepared {
            module,
            source,
            spec,
            merged: value,
            version,
        })
    }

    /// The IR of every spec.
    pub fn apis(&self) -> Result<Vec<ir::Api>> {
        let mut apis = Vec::new();
        let mut modules: BTreeMap<String, PathBuf> = BTreeMap::new();
        for path in self.spec_files()? {
            let prepared = self.prepare(&path)?;
            if let Some(other) = modules.insert(prepared.module.clone(), path.clone()) {
                return Err(Error::spec(
                    &path,
                    "",
                    format!(
                        "module name `{}` is also produced by {}; rename one of the files",
                        prepared.module,
                        other.display()
                    ),
                ));
            }
            let mut api = ir::build(&prepared.source, &prepared.module, &prepared.spec)?;
            api.accessor = self.index;
            apis.push(api);
        }
        Ok(apis)
    }

    /// Every output file (name relative to the output directory, content), in memory.
    pub fn render(&self) -> Result<Vec<(String, String)>> {
        let apis = self.apis()?;
        let mut files = Vec::new();
        for api in &apis {
            files.push((
                format!("{}.rs", api.module),
                format::format(emit::module(api), &api.spec_file)?,
            ));
        }
        if self.index {
            files.push((
                "mod.rs".to_string(),
                format::format(emit::index(&apis), "specs/")?,
            ));
        }
        Ok(files)
    }

    /// Writes the output directory: all files or none; unchanged files are left untouched.
    pub fn generate(&self) -> Result<Report> {
        let files = self.render()?;
        write::write_all(&self.out_dir, &files)
    }

    /// Compares the output directory with what the specs produce; `Error::Stale` with a diff
    /// when they differ.
    pub fn check(&self) -> Result<()> {
        let files = self.render()?;
        let mut diff = String::new();
        for (name, content) in &files {
            let path = self.out_dir.join(name);
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            if old != *content {
                diff.push_str(&unified_diff(&path.display().to_string(), &old, content));
            }
        }
        let wanted: Vec<PathBuf> = files.iter().map(|(n, _)| self.out_dir.join(n)).collect();
        for stale in write::stale_files(&self.out_dir, &wanted)? {
            diff.push_str(&format!(
                "--- {}\n+++ /dev/null\n(generated file no spec produces any more)\n",
                stale.display()
            ));
        }
        if diff.is_empty() {
            Ok(())
        } else {
            Err(Error::Stale { diff })
        }
    }
}

/// Runs bundle → normalize → ir → emit → format on a document already loaded (and overlaid):
/// the generated module's text. What `render` does per spec, without touching the file system
/// (except to read external `$ref`s).
pub fn render_document(
    source: &source::Source,
    mut value: serde_json::Value,
    module: &str,
) -> Result<String> {
    bundle::bundle(source, &mut value)?;
    normalize::normalize(source, &mut value)?;
    let spec = normalize::parse(source, &value)?;
    let mut api = ir::build(source, module, &spec)?;
    api.accessor = false;
    format::format(emit::module(&api), &api.spec_file)
}

/// The module name of a spec file: its stem in snake case.
pub fn module_name(path: &Path) -> String {
    naming::snake(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

/// A small line diff (longest common subsequence) in unified style, enough to review.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = format!("--- {name} (on disk)\n+++ {name} (from specs)\n");
    let (mut i, mut j) = (0, 0);
    let mut shown = 0;
    while (i < n || j < m) && shown < 400 {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+{}:{}\n", j + 1, b[j]));
            j += 1;
            shown += 1;
        } else {
            out.push_str(&format!("-{}:{}\n", i + 1, a[i]));
            i += 1;
            shown += 1;
        }
    }
    if shown >= 400 {
        out.push_str("… (diff truncated)\n");
    }
    out
}
