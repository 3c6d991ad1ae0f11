//! The runtime's layer graph (see the crate docs), checked: every `crate::` path in a runtime
//! module names a module of the same or a lower layer, by its module path (not a root
//! re-export, which would hide the layer).

use std::path::{Path, PathBuf};

/// The layer of each top-level module of the runtime.
const LAYERS: &[(&str, u8)] = &[
    ("text", 0),
    ("error", 0),
    ("redact", 0),
    ("operation", 0),
    ("settings", 1),
    ("wire", 2),
    ("transport", 3),
    ("client", 4),
    ("rt", 5),
    // The generated modules (`generated/`, built on `rt` only).
    ("generated", 5),
    ("auth", 6),
    // `#[macro_export]` macros of `rt`: they live at the crate root.
    ("endpoint_methods", 5),
    ("open_enum", 5),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, layer)| *layer)
}

/// The runtime's source files with their top-level module (`src/transport/send.rs` is
/// `transport`).
fn runtime_files() -> Vec<(String, PathBuf)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(&src) else {
                continue;
            };
            let first = relative
                .components()
                .next()
                .map(|c| {
                    c.as_os_str()
                        .to_string_lossy()
                        .trim_end_matches(".rs")
                        .to_owned()
                })
                .unwrap_or_default();
            if layer(&first).is_some() {
                files.push((first, path));
            }
        }
    }
    files.sort();
    files
}

/// The first path segment of every `crate::` path in `code` (comments removed).
fn crate_paths(code: &str) -> Vec<String> {
    let code: String = code
        .lines()
        .map(|line| match line.find("//") {
            Some(start) => &line[..start],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c}`: the first segment of each item (nested groups are inside an
            // item, after its first segment).
            let mut depth = 0usize;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        found.push(identifier(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(identifier(rest));
        }
    }
    found
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn no_runtime_module_imports_from_a_higher_layer() {
    let files = runtime_files();
    assert!(
        files.len() > 20,
        "the runtime's files were not found: {files:?}"
    );
    let mut problems = Vec::new();
    for (module, path) in &files {
        let own = layer(module).unwrap_or(u8::MAX);
        let code = std::fs::read_to_string(path).unwrap_or_default();
        for target in crate_paths(&code) {
            match layer(&target) {
                Some(theirs) if theirs <= own => {}
                Some(theirs) => problems.push(format!(
                    "{}: `{module}` (layer {own}) uses `crate::{target}` (layer {theirs})",
                    path.display()
                )),
                None => problems.push(format!(
                    "{}: `crate::{target}` is not a runtime module; name the module it lives in",
                    path.display()
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_path_scanner_sees_groups_and_skips_comments() {
    let code = "use crate::error::Error;\n// use crate::client::Client;\nuse crate::{wire::{a, b}, rt};\nlet x = crate::transport::send::to_http(t, r); // crate::hidden";
    assert_eq!(crate_paths(code), ["error", "wire", "rt", "transport"]);
}
