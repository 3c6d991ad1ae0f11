//! The text of an input file as a source map: any JSON pointer into the document it holds turns
//! into a line, a column and a snippet, so every error can say where. JSON text is walked with a
//! small scanner; block YAML by indentation (flow-style parts stop the walk at the closest
//! enclosing line, which is still the right place to look).

use std::path::{Path, PathBuf};

use crate::error::{Error, Location};
use crate::pointer;

/// The text of an input file, kept to locate JSON pointers in it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// Is `text` (read from `path`) JSON rather than YAML? By the extension, or a leading `{`.
pub fn looks_like_json(path: &Path, text: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{')
}

impl Source {
    /// An input error at `pointer`, with line, column and snippet when they can be found.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        let pos = self.locate(pointer);
        self.error_at_line(pointer, pos, message)
    }

    /// An input error at `pointer` whose line and column are already known (a parser said).
    pub fn error_at_line(
        &self,
        pointer: &str,
        pos: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Error {
        Error::Spec {
            location: Location {
                file: self.path.clone(),
                pointer: pointer.to_string(),
                line_col: pos,
            },
            message: message.into(),
            snippet: pos.map(|(line, col)| self.snippet(line, col)),
        }
    }

    /// The line `line` (1-based) with its neighbours and a caret under `col`.
    pub fn snippet(&self, line: usize, col: usize) -> String {
        let lines: Vec<&str> = self.text.lines().collect();
        let first = line.saturating_sub(2).max(1);
        let last = (line + 1).min(lines.len());
        let width = last.to_string().len();
        let mut out = String::new();
        for n in first..=last {
            let Some(text) = lines.get(n - 1) else { break };
            let text: String = text.chars().take(160).collect();
            out.push_str(&format!("{n:>width$} | {text}\n"));
            if n == line {
                out.push_str(&format!(
                    "{:>width$} | {}^\n",
                    "",
                    " ".repeat(col.saturating_sub(1).min(160))
                ));
            }
        }
        out.trim_end().to_string()
    }

    /// Line and column (1-based) of the node `pointer` names, when it can be found in the text.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let segments = pointer::segments(pointer)?;
        if looks_like_json(&self.path, &self.text) {
            json_locate(&self.text, &segments)
        } else {
            yaml_locate(&self.text, &segments)
        }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Walks JSON text along `segments` with a small scanner and returns the position of the value.
fn json_locate(text: &str, segments: &[String]) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for seg in segments {
        match bytes.get(pos)? {
            b'{' => {
                pos = skip_ws(bytes, pos + 1);
                loop {
                    if bytes.get(pos)? == &b'}' {
                        return None;
                    }
                    let key_start = pos;
                    let key_end = skip_string(bytes, pos)?;
                    let key: String = serde_json::from_str(&text[key_start..key_end]).ok()?;
                    pos = skip_ws(bytes, key_end);
                    if bytes.get(pos)? != &b':' {
                        return None;
                    }
                    pos = skip_ws(bytes, pos + 1);
                    if &key == seg {
                        break;
                    }
                    pos = skip_ws(bytes, skip_value(bytes, pos)?);
                    if bytes.get(pos)? == &b',' {
                        pos = skip_ws(bytes, pos + 1);
                    }
                }
            }
            b'[' => {
                let index: usize = seg.parse().ok()?;
                pos = skip_ws(bytes, pos + 1);
                for _ in 0..index {
                    pos = skip_ws(bytes, skip_value(bytes, pos)?);
                    if bytes.get(pos)? != &b',' {
                        return None;
                    }
                    pos = skip_ws(bytes, pos + 1);
                }
            }
            _ => return None,
        }
    }
    Some(line_col(text, pos))
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    pos
}

fn skip_string(bytes: &[u8], pos: usize) -> Option<usize> {
    if bytes.get(pos)? != &b'"' {
        return None;
    }
    let mut i = pos + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    match bytes.get(pos)? {
        b'"' => skip_string(bytes, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = pos;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            Some(i)
        }
    }
}

/// One line of block YAML: where its key (or scalar) starts and whether it opens a sequence item.
struct YamlLine<'a> {
    /// Column of the content after any `- ` markers (0-based).
    col: usize,
    /// Column of the `-` when the line starts a sequence item.
    dash: Option<usize>,
    content: &'a str,
}

fn yaml_lines(text: &str) -> Vec<Option<YamlLine<'_>>> {
    text.lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let content = &line[indent..];
            if content.is_empty() || content.starts_with('#') {
                return None;
            }
            if let Some(rest) = content
                .strip_prefix("- ")
                .or_else(|| content.strip_prefix('-').filter(|r| r.is_empty()))
            {
                let inner = rest.len() - rest.trim_start_matches(' ').len();
                return Some(YamlLine {
                    col: indent + 1 + inner + usize::from(!rest.is_empty()),
                    dash: Some(indent),
                    content: rest.trim_start_matches(' '),
                });
            }
            Some(YamlLine {
                col: indent,
                dash: None,
                content,
            })
        })
        .collect()
}

fn yaml_key_matches(content: &str, key: &str) -> bool {
    for quote in ["", "'", "\""] {
        let candidate = format!("{quote}{key}{quote}");
        if let Some(rest) = content.strip_prefix(&candidate) {
            let rest = rest.trim_start_matches(' ');
            if rest.starts_with(':') {
                return true;
            }
        }
    }
    false
}

/// Follows `segments` through block-style YAML by indentation. Flow-style parts stop the walk at
/// the closest enclosing line, which is still the right place to look.
fn yaml_locate(text: &str, segments: &[String]) -> Option<(usize, usize)> {
    let lines = yaml_lines(text);
    let content = |i: usize| lines.get(i).and_then(Option::as_ref);
    // The current block: lines [lo, hi); `item` when line lo opens the sequence item we are in.
    let (mut lo, mut hi, mut item) = (0usize, lines.len(), false);
    let mut found = (1usize, 1usize);
    for seg in segments {
        let Some(first) = (lo..hi).find(|&i| content(i).is_some()) else {
            return Some(found);
        };
        let Some(head) = content(first) else {
            return Some(found);
        };
        let sequence = head.dash.filter(|_| !(item && first == lo));
        let target = match (sequence, seg.parse::<usize>()) {
            (Some(dash), Ok(index)) => (lo..hi)
                .filter(|&i| content(i).is_some_and(|l| l.dash == Some(dash)))
                .nth(index)
                .map(|i| (i, dash, true)),
            _ => (lo..hi)
                .find(|&i| {
                    content(i).is_some_and(|l| {
                        l.col == head.col
                            && (l.dash.is_none() || (item && i == lo))
                            && yaml_key_matches(l.content, seg)
                    })
                })
                .map(|i| (i, head.col, false)),
        };
        let Some((line, col, is_item)) = target else {
            return Some(found);
        };
        found = (line + 1, col + 1);
        let ends = |l: &YamlLine<'_>| {
            if is_item {
                l.dash.map_or(l.col <= col, |d| d <= col)
            } else {
                l.dash.map_or(l.col <= col, |d| d < col)
            }
        };
        hi = (line + 1..hi)
            .find(|&i| content(i).is_some_and(ends))
            .unwrap_or(hi);
        lo = if is_item { line } else { line + 1 };
        item = is_item;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      parameters:\n      - name: x\n        in: query\n      - name: y\n        in: path\n  /b:\n    post: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n";

    fn source(path: &str, text: &str) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    #[test]
    fn yaml_pointers() {
        let src = source("a.yaml", YAML);
        assert_eq!(src.locate("/paths/~1a/get"), Some((4, 5)));
        assert_eq!(src.locate("/paths/~1a/get/parameters/1"), Some((8, 7)));
        assert_eq!(src.locate("/paths/~1a/get/parameters/1/in"), Some((9, 9)));
        assert_eq!(src.locate("/paths/~1b/post"), Some((11, 5)));
        assert_eq!(src.locate("/components/schemas/A/type"), Some((15, 7)));
        // A key that is not there: the closest enclosing line.
        assert_eq!(src.locate("/components/schemas/B"), Some((13, 3)));
    }

    #[test]
    fn json_pointers() {
        let text =
            "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}, {\"c\": true}],\n  \"d\": {\"e/f\": null}\n}";
        let src = source("a.json", text);
        assert_eq!(src.locate("/a/2/c"), Some((2, 33)));
        assert_eq!(src.locate("/d/e~1f"), Some((3, 16)));
        assert_eq!(src.locate("/missing"), None);
    }

    #[test]
    fn errors_carry_line_column_and_a_snippet() {
        let src = source("a.yaml", YAML);
        let error = src.error("/paths/~1b/post", "wrong");
        let text = error.to_string();
        assert!(
            text.starts_with("a.yaml:11:5 (at #/paths/~1b/post): wrong\n"),
            "{text}"
        );
        assert!(text.contains("11 |     post: {}\n   |     ^"), "{text}");
        assert_eq!(error.location().and_then(|l| l.line_col), Some((11, 5)));
    }

    #[test]
    fn snippets_show_neighbours_and_clip_long_lines() {
        let src = source("a.yaml", &format!("a: 1\nb: {}\nc: 3\n", "x".repeat(300)));
        let snippet = src.snippet(2, 4);
        let lines: Vec<&str> = snippet.lines().collect();
        assert_eq!(lines[0], "1 | a: 1");
        assert_eq!(lines[1].chars().count(), "2 | ".len() + 160);
        assert_eq!(lines[2], "  |    ^");
        assert_eq!(lines[3], "3 | c: 3");
    }
}
