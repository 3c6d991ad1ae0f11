//! Generates the `notes` module from HubSpot's Notes spec (`specs/notes.json`, with the overlays
//! in `specs/overlays/`) into `OUT_DIR`, as any crate that depends on `hubspot-calling` can:
//! the generated code names its runtime as `::hubspot_calling::rt`, the generator's default
//! runtime path.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let specs = manifest.join("specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    let generated = hubspot_calling_codegen::Generator::new()
        .runtime_path(hubspot_calling_codegen::DEFAULT_RUNTIME_PATH)
        .compile([specs.join("notes.json")], out_dir);
    if let Err(error) = generated {
        // The error names the file, line, column and JSON pointer, with a snippet.
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
