//! `check`: the output directory against what the specs produce, as a unified diff (with
//! `similar`) to review, without writing anything.

use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::error::{Error, Result};
use crate::write;

/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;
/// Diff lines shown per file; a longer diff is cut (regenerate and read `git diff` instead).
const MAX_LINES: usize = 400;

/// `Ok` when every file of `files` (name relative to `dir`, content) is in `dir` as it is and no
/// generated file in `dir` is left over; `Error::Stale` with the diff otherwise.
pub fn stale(dir: &Path, files: &[(String, String)]) -> Result<()> {
    let mut diff = String::new();
    for (name, content) in files {
        let path = dir.join(name);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old != *content {
            diff.push_str(&unified(&path.display().to_string(), &old, content));
        }
    }
    let wanted: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
    for stale in write::stale_files(dir, &wanted)? {
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

/// The unified diff of `old` (on disk) and `new` (from the specs) for the file `name`.
fn unified(name: &str, old: &str, new: &str) -> String {
    let diff = TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(CONTEXT)
        .header(
            &format!("{name} (on disk)"),
            &format!("{name} (from specs)"),
        )
        .to_string();
    let mut lines = text.lines();
    let mut out: String = lines
        .by_ref()
        .take(MAX_LINES)
        .flat_map(|line| [line, "\n"])
        .collect();
    if lines.next().is_some() {
        out.push_str("… (diff truncated)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_come_with_context_and_line_numbers() {
        let old: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let new = old.replace("line 10\n", "line ten\n");
        let diff = unified("a.rs", &old, &new);
        assert!(
            diff.starts_with("--- a.rs (on disk)\n+++ a.rs (from specs)\n"),
            "{diff}"
        );
        assert!(diff.contains("@@ -7,7 +7,7 @@"), "{diff}");
        assert!(
            diff.contains("\n line 9\n-line 10\n+line ten\n line 11\n"),
            "{diff}"
        );
        assert!(
            !diff.contains("line 3\n"),
            "only 3 lines of context: {diff}"
        );
    }

    #[test]
    fn long_diffs_are_cut() {
        let new: String = (0..1000).map(|i| format!("{i}\n")).collect();
        let diff = unified("a.rs", "", &new);
        assert_eq!(diff.lines().count(), MAX_LINES + 1);
        assert!(diff.ends_with("… (diff truncated)\n"));
    }

    #[test]
    fn stale_and_leftover_files_are_reported() {
        let dir = std::env::temp_dir().join(format!("codegen-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let files = vec![("a.rs".to_string(), format!("{}\nnew\n", write::MARKER))];
        assert!(matches!(stale(&dir, &files), Err(Error::Stale { .. })));
        std::fs::write(dir.join("a.rs"), &files[0].1).unwrap_or_else(|e| panic!("{e}"));
        assert!(stale(&dir, &files).is_ok());
        std::fs::write(dir.join("old.rs"), format!("{}\n", write::MARKER))
            .unwrap_or_else(|e| panic!("{e}"));
        let Err(Error::Stale { diff }) = stale(&dir, &files) else {
            panic!("a leftover generated file is stale")
        };
        assert!(diff.contains("old.rs\n+++ /dev/null"), "{diff}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
