//! Which spec an overlay is for: its `extends`, a URI reference (RFC 3986).
//!
//! A relative reference is resolved against the overlay file's directory and compared with the
//! spec's path after lexical normalisation (the files need not exist; when both do, symlinks are
//! resolved too). A bare file name (`calls.yaml`) matches any spec with that file name, and so
//! does an absolute URL by its last path segment; a `file:` URL names a path. Without `extends`
//! an overlay targets nothing.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;
use url::Url;

/// Does an overlay read from `overlay`, whose `extends` is `extends`, target the spec at `spec`?
pub fn targets(overlay: &Path, extends: &str, spec: &Path) -> bool {
    let extends = extends.trim();
    if extends.is_empty() {
        return false;
    }
    let spec_name = spec.file_name();
    // A one-letter "scheme" is a Windows drive (`C:\specs\calls.yaml`), not a URL.
    if let Some(url) = Url::parse(extends).ok().filter(|u| u.scheme().len() > 1) {
        if url.scheme() == "file" {
            return url.to_file_path().is_ok_and(|path| same_file(&path, spec));
        }
        let last = url
            .path_segments()
            .and_then(Iterator::last)
            .map(decode)
            .unwrap_or_default();
        return !last.is_empty() && spec_name == Some(OsStr::new(&last));
    }
    let path_part = extends
        .split_once(['?', '#'])
        .map_or(extends, |(path, _)| path);
    let reference = decode(path_part);
    if reference.is_empty() {
        return false;
    }
    if !reference.contains(['/', '\\']) {
        return spec_name == Some(OsStr::new(&reference));
    }
    let base = overlay.parent().unwrap_or_else(|| Path::new(""));
    same_file(&base.join(&reference), spec)
}

/// Decodes `%XX` escapes; leaves the text alone if they do not form UTF-8.
fn decode(text: &str) -> String {
    percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_string(), |s| s.into_owned())
}

fn same_file(a: &Path, b: &Path) -> bool {
    if normalize(&absolute(a)) == normalize(&absolute(b)) {
        return true;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn absolute(path: &Path) -> PathBuf {
    if path.as_os_str().is_empty() {
        return path.to_path_buf();
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Removes `.` and resolves `..` lexically, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(component),
            },
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(overlay: &str, extends: &str, spec: &str) -> bool {
        targets(Path::new(overlay), extends, Path::new(spec))
    }

    #[test]
    fn relative_references_resolve_against_the_overlay() {
        let o = "specs/overlays/calls.names.yaml";
        assert!(hits(o, "../calls.yaml", "specs/calls.yaml"));
        assert!(hits(o, "../calls.yaml", "./specs/calls.yaml"));
        assert!(hits(o, "../calls.yaml", "specs/overlays/../calls.yaml"));
        let cwd = std::env::current_dir().unwrap();
        assert!(targets(
            Path::new(o),
            "../calls.yaml",
            &cwd.join("specs/calls.yaml")
        ));
        assert!(!hits(o, "../calls.yaml", "specs/calling-extensions.json"));
        assert!(!hits(o, "../calls.yaml", "other/calls.yaml"));
        assert!(!hits(o, "../calls.yaml", "specs/overlays/calls.yaml"));
        assert!(hits(o, "../my%20calls.yaml#frag", "specs/my calls.yaml"));

        let abs = "/repo/specs/overlays/o.yaml";
        assert!(hits(abs, "./../calls.yaml", "/repo/specs/calls.yaml"));
        assert!(!hits(abs, "./../calls.yaml", "/elsewhere/specs/calls.yaml"));
    }

    #[test]
    fn file_urls_name_paths() {
        let o = "/x/o.yaml";
        assert!(hits(
            o,
            "file:///repo/specs/my%20calls.yaml",
            "/repo/specs/my calls.yaml"
        ));
        assert!(hits(
            o,
            "file://localhost/repo/specs/calls.yaml",
            "/repo/specs/calls.yaml"
        ));
        assert!(!hits(
            o,
            "file:///repo/specs/calls.yaml",
            "/repo/calls.yaml"
        ));
    }

    #[test]
    fn bare_names_urls_and_blank_extends() {
        let o = "specs/overlays/o.yaml";
        assert!(hits(o, "calls.yaml", "specs/calls.yaml"));
        assert!(hits(o, "calls.yaml", "/anywhere/calls.yaml"));
        assert!(!hits(o, "calls.yaml", "specs/calls.json"));

        let url = "https://example.com/specs/calls.yaml?ref=main";
        assert!(hits(o, url, "specs/calls.yaml"));
        assert!(!hits(o, url, "specs/other.yaml"));
        assert!(hits(
            o,
            "https://example.com/my%20calls.yaml",
            "my calls.yaml"
        ));
        assert!(!hits(o, "https://example.com/", "calls.yaml"));

        assert!(!hits(o, " ", "specs/calls.yaml"));
        assert!(!hits(o, "?only=query", "specs/calls.yaml"));
    }
}
