//! `hubspot-calling-codegen`: turns OpenAPI 3.0 / 3.1 documents into the typed modules of the
//! `hubspot-calling` crate.
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
//!
//! A crate that depends on `hubspot-calling` generates a module for another HubSpot spec from
//! its own build.rs, like prost-build (see [`Generator::compile`]):
//!
//! ```no_run
//! let out_dir = std::env::var_os("OUT_DIR").unwrap_or_default();
//! hubspot_calling_codegen::Generator::new()
//!     .runtime_path("::hubspot_calling::rt") // the default
//!     .compile(["specs/notes.json"], out_dir)?;
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/notes.rs"));
//! # Ok::<(), hubspot_calling_codegen::Error>(())
//! ```
//!
//! The pipeline, one private module per stage (see the README's ARCHITECTURE section): load →
//! overlay → bundle → normalize → ir → emit → format → write. [`Generator`] runs it; the types
//! between its steps ([`Document`], [`Prepared`], [`Module`]) are public so tools and
//! benchmarks can stop at any of them.

mod bundle;
mod check;
mod emit;
mod error;
mod format;
mod ir;
mod load;
mod naming;
mod normalize;
mod overlay;
mod parallel;
mod pointer;
mod source;
mod surface;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::{Error, Location, Result};
pub use load::Document;
pub use normalize::Version;
pub use source::Source;
pub use write::Report;

/// One spec, loaded, with its overlays applied and parsed: everything the IR is built from.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The module name (the file stem in snake case, unless given with
    /// [`Generator::spec_as`]).
    pub module: String,
    /// The source text, for locating errors.
    pub source: Source,
    /// The parsed document.
    pub spec: openapiv3::OpenAPI,
    /// The merged, normalized document as JSON (what Prism or any other tool should serve).
    pub merged: serde_json::Value,
    /// The version the file declared.
    pub version: Version,
}

impl Prepared {
    /// The model of the module this spec generates, every name decided (emitted with the
    /// default settings: the runtime at `::hubspot_calling::rt`, `client.<module>()` accessors).
    pub fn module(&self) -> Result<Module> {
        let api = ir::build(&self.source, &self.module, &self.spec)?;
        Ok(Module {
            api,
            options: emit::Options::default(),
        })
    }
}

/// The model of one generated module: what [`code`](Self::code) formats and
/// [`surface`](Self::surface) lists.
#[derive(Debug, Clone)]
pub struct Module {
    api: ir::Api,
    options: emit::Options,
}

impl Module {
    /// The module name (`calls`).
    pub fn name(&self) -> &str {
        &self.api.module
    }

    /// The generated Rust source of the module (formatted on all available cores).
    pub fn code(&self) -> Result<String> {
        self.code_on(parallel::threads())
    }

    fn code_on(&self, threads: usize) -> Result<String> {
        format::format_on(
            emit::module(&self.api, &self.options),
            &self.api.spec_file,
            threads,
        )
    }

    /// The module's API as plain text (operations with method, path, parameters and response
    /// types; types with their fields), for snapshot tests that make a spec change read as an
    /// API diff.
    pub fn surface(&self) -> String {
        surface::render(&self.api)
    }

    /// How many operations the module has (methods of its handle).
    pub fn operation_count(&self) -> usize {
        self.api.operations.len()
    }

    /// How many named types the module defines.
    pub fn type_count(&self) -> usize {
        self.api.types.len()
    }
}

impl Document {
    /// The generated module of this document on its own (external `$ref`s bundled, no overlays
    /// applied, no index), in memory.
    pub fn render(mut self, module: &str) -> Result<String> {
        bundle::bundle(&self.source, &mut self.value)?;
        normalize::normalize(&self.source, &mut self.value)?;
        let spec = normalize::parse(&self.source, &self.value)?;
        let api = ir::build(&self.source, module, &spec)?;
        let options = emit::Options {
            accessor: false,
            ..emit::Options::default()
        };
        format::format(emit::module(&api, &options), &api.spec_file)
    }
}

/// Runs the pipeline over a set of specs. Overlays are taken from `overlays/` next to each spec
/// unless directories are given with [`overlays_dir`](Self::overlays_dir).
#[derive(Debug, Clone)]
pub struct Generator {
    specs: Vec<PathBuf>,
    spec_dirs: Vec<PathBuf>,
    module_names: BTreeMap<PathBuf, String>,
    overlay_dirs: Vec<PathBuf>,
    out_dir: PathBuf,
    index: bool,
    runtime_path: String,
    wrap_modules: bool,
}

/// The runtime path generated code uses unless told otherwise: `hubspot-calling`'s facade, which
/// resolves both in a crate that depends on it and in `hubspot-calling` itself.
pub const DEFAULT_RUNTIME_PATH: &str = "::hubspot_calling::rt";

impl Default for Generator {
    fn default() -> Self {
        Generator {
            specs: Vec::new(),
            spec_dirs: Vec::new(),
            module_names: BTreeMap::new(),
            overlay_dirs: Vec::new(),
            out_dir: PathBuf::from("generated"),
            index: true,
            runtime_path: DEFAULT_RUNTIME_PATH.to_owned(),
            wrap_modules: false,
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

    /// Adds one spec file; its module is named after the file (`calling-extensions.json` gives
    /// `calling_extensions`).
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(path.into());
        self
    }

    /// Adds one spec file whose module is named `module` (snake case) rather than after the
    /// file.
    pub fn spec_as(mut self, path: impl Into<PathBuf>, module: &str) -> Self {
        let path = path.into();
        self.module_names
            .insert(path.clone(), naming::snake(module));
        self.specs.push(path);
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

    /// The path generated code names its runtime by (default [`DEFAULT_RUNTIME_PATH`],
    /// `::hubspot_calling::rt`): it writes `use <path>;` (`use <path> as rt;` when the path does
    /// not end in `rt`) and names everything through `rt::`. Like prost-build's runtime path, it
    /// lets generated code live in any crate that can name `hubspot_calling::rt` (a re-export
    /// of it, too). A path that is not a Rust path is an [`Error::Config`] when generating.
    pub fn runtime_path(mut self, path: &str) -> Self {
        self.runtime_path = path.to_owned();
        self
    }

    /// Generates `specs` into `out_dir` for a crate that depends on `hubspot-calling` (from its
    /// build.rs, into `OUT_DIR`), prost-build's shape: one `<module>.rs` per spec, each a
    /// `pub mod <module> { .. }` to `include!` (an included file cannot have inner docs of its
    /// own), no index. The `client.<module>()` accessors exist only inside `hubspot-calling`:
    /// get the handle with `<Module>Api::new(client)`. Files whose content did not change are not
    /// touched, so cargo does not rebuild for nothing.
    ///
    /// # Errors
    /// As [`generate`](Self::generate).
    pub fn compile<P: Into<PathBuf>>(
        mut self,
        specs: impl IntoIterator<Item = P>,
        out_dir: impl Into<PathBuf>,
    ) -> Result<Report> {
        self.specs.extend(specs.into_iter().map(Into::into));
        self.out_dir = out_dir.into();
        self.index = false;
        self.wrap_modules = true;
        self.generate()
    }

    fn emit_options(&self) -> Result<emit::Options> {
        let path = syn::parse_str::<syn::Path>(&self.runtime_path).ok();
        if !path.is_some_and(|p| p.segments.iter().all(|s| s.arguments.is_none())) {
            return Err(Error::Config {
                message: format!(
                    "runtime path `{}` is not a Rust path such as `::hubspot_calling::rt`",
                    self.runtime_path
                ),
            });
        }
        Ok(emit::Options {
            runtime: self.runtime_path.trim().to_owned(),
            accessor: self.index,
            wrapped: self.wrap_modules,
        })
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

    fn module_name(&self, spec: &Path) -> String {
        self.module_names
            .get(spec)
            .cloned()
            .unwrap_or_else(|| naming::module_name(spec))
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

    /// The overlay files applied to the spec at `spec`, in the order they are applied.
    pub fn overlay_files(&self, spec: &Path) -> Result<Vec<PathBuf>> {
        Ok(self
            .overlays_for(spec)?
            .iter()
            .map(|o| o.path().to_path_buf())
            .collect())
    }

    /// Loads one spec, applies its overlays and brings in external `$ref`s: the document as the
    /// API really is, in its own OpenAPI version (what a mock server such as Prism should serve).
    pub fn overlaid(&self, path: &Path) -> Result<Document> {
        let mut document = Document::load(path)?;
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
        let module = self.module_name(path);
        let Document { source, mut value } = self.overlaid(path)?;
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

    /// The model of every spec's module, in file order. Specs are read on all available cores;
    /// of several errors, the one of the first file is returned.
    pub fn modules(&self) -> Result<Vec<Module>> {
        Ok(self
            .each_module(|_, _| Ok(()))?
            .into_iter()
            .map(|(module, ())| module)
            .collect())
    }

    /// Every spec's module and what `then` makes of it, in file order: each file read, modelled
    /// and handed to `then` on one of all available cores, taken by whichever core is free (the
    /// specs differ a hundredfold in size). `then` also gets how many cores the module may use
    /// itself: all of them for a single spec, else one. Of several errors, the one of the first
    /// file is returned; two files that make one module name are an error.
    fn each_module<R: Send>(
        &self,
        then: impl Fn(&Module, usize) -> Result<R> + Sync,
    ) -> Result<Vec<(Module, R)>> {
        let options = self.emit_options()?;
        let files = self.spec_files()?;
        let threads = parallel::threads();
        let inner = if files.len() > 1 { 1 } else { threads };
        // The largest files first, so that no core is left with a large one at the end.
        let sizes: Vec<u64> = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .collect();
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
        let mut built = parallel::map(&order, threads, |&i| {
            let made = (|| {
                let prepared = self.prepare(&files[i])?;
                let mut module = prepared.module()?;
                module.options = options.clone();
                let made = then(&module, inner)?;
                Ok((prepared.module, module, made))
            })();
            (i, made)
        })
        .ok_or_else(|| Error::spec(Path::new(""), "", "internal error: a thread panicked"))?;
        built.sort_by_key(|(i, _)| *i);
        let built = built.into_iter().map(|(_, made)| made);
        let mut modules = Vec::new();
        let mut names: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (path, result) in files.iter().zip(built) {
            let (name, module, made) = result?;
            if let Some(other) = names.insert(name.clone(), path.clone()) {
                return Err(Error::spec(
                    path,
                    "",
                    format!(
                        "module name `{name}` is also produced by {}; rename one of the files",
                        other.display()
                    ),
                ));
            }
            modules.push((module, made));
        }
        Ok(modules)
    }

    /// Every output file (name relative to the output directory, content), in memory. Each
    /// module is formatted on the core that modelled it (one module: on all cores, in pieces).
    pub fn render(&self) -> Result<Vec<(String, String)>> {
        let modules = self.each_module(Module::code_on)?;
        let mut files = Vec::new();
        let mut apis = Vec::new();
        for (module, code) in modules {
            files.push((format!("{}.rs", module.name()), code));
            apis.push(module.api);
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
        check::stale(&self.out_dir, &files)
    }
}
