//! Stage 1: read a YAML or JSON file into a `serde_json::Value`, keeping its text as a
//! [`Source`] so any later stage can turn a JSON pointer into a line and column. Specs and
//! overlays are read the same way, through the one YAML → JSON conversion here.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::pointer;
use crate::source::{looks_like_json, Source};

/// A loaded document: the raw JSON value and the text it came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from.
    pub source: Source,
    /// The document, YAML aliases and merge keys resolved.
    pub value: Value,
}

impl Document {
    /// Reads and parses the OpenAPI document at `path`.
    pub fn load(path: &Path) -> Result<Document> {
        let source = read(path)?;
        Document::from_source(source)
    }

    /// Parses an OpenAPI document from text; `path` names it in errors and picks the format.
    pub fn parse(path: &Path, text: &str) -> Result<Document> {
        Document::from_source(source(path, text))
    }

    /// Parses an OpenAPI document from bytes already read.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Document> {
        Document::from_source(from_bytes(path, bytes)?)
    }

    fn from_source(source: Source) -> Result<Document> {
        let value = value(&source)?;
        if !value.is_object() {
            return Err(source.error("", "the document is not a mapping of OpenAPI fields"));
        }
        Ok(Document { source, value })
    }
}

/// Reads `path` as text: refuses empty, binary and non-UTF-8 files, drops a byte-order mark.
pub fn read(path: &Path) -> Result<Source> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    from_bytes(path, &bytes)
}

/// The text of a file already read, with the same checks as [`read`].
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Source> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::spec(path, "", "the file is empty"));
    }
    if bytes.contains(&0) {
        return Err(Error::spec(
            path,
            "",
            "the file is binary, not YAML or JSON text",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::spec(
            path,
            "",
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    Ok(source(path, text))
}

fn source(path: &Path, text: &str) -> Source {
    Source {
        path: path.to_path_buf(),
        text: text.trim_start_matches('\u{feff}').to_string(),
    }
}

/// The value `source` holds: JSON parsed with serde_json, anything else as YAML.
pub fn value(source: &Source) -> Result<Value> {
    if looks_like_json(&source.path, &source.text) {
        return serde_json::from_str::<Value>(&source.text).map_err(|e| {
            source.error_at_line(
                "",
                Some((e.line(), e.column())),
                format!("invalid JSON: {e}"),
            )
        });
    }
    let mut yaml = serde_yaml::from_str::<serde_yaml::Value>(&source.text).map_err(|e| {
        let pos = e.location().map(|l| (l.line(), l.column()));
        let mut message = format!("invalid YAML: {e}");
        if message.contains("repetition limit") || message.contains("recursion limit") {
            message.push_str(
                " (anchors and aliases expand to too much data, as in a \"billion laughs\" \
                 document; the file is refused rather than expanded)",
            );
        }
        source.error_at_line("", pos, message)
    })?;
    yaml.apply_merge()
        .map_err(|e| source.error("", format!("invalid YAML merge key (<<): {e}")))?;
    yaml_to_json(yaml).map_err(|(at, message)| source.error(&at, message))
}

/// YAML to JSON, after merge keys (`<<: *anchor`) were applied. Scalar keys become strings
/// (`200:` is the status `"200"`, `null:` the name `"null"`); tags are dropped; two keys that
/// become the same string (`1:` and `"1":`) and anything else JSON cannot hold are errors, at the
/// pointer of the offending node (built only on the way out of an error, so a good document
/// costs no pointer).
fn yaml_to_json(yaml: serde_yaml::Value) -> std::result::Result<Value, (String, String)> {
    use serde_yaml::Value as Y;
    /// Prefixes the pointer of an error from a child at `segment`.
    fn within(segment: &str) -> impl FnOnce((String, String)) -> (String, String) + '_ {
        move |(at, message)| (format!("{}{at}", pointer::join("", segment)), message)
    }
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .ok_or_else(|| {
                        (
                            String::new(),
                            format!("the number {n} cannot be represented in JSON"),
                        )
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item).map_err(|e| within(&i.to_string())(e)))
                .collect::<std::result::Result<_, _>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut map = serde_json::Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = key_text(key).map_err(|found| {
                    (
                        String::new(),
                        format!("a mapping key must be a string, found a {found}"),
                    )
                })?;
                if map.contains_key(&key) {
                    return Err((pointer::join("", &key), format!("duplicate key `{key}`")));
                }
                let value = yaml_to_json(value).map_err(within(&key))?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value)?,
    })
}

/// A scalar mapping key as a string; what it is otherwise.
fn key_text(key: serde_yaml::Value) -> std::result::Result<String, &'static str> {
    use serde_yaml::Value as Y;
    match key {
        Y::String(s) => Ok(s),
        Y::Number(n) => Ok(n.to_string()),
        Y::Bool(b) => Ok(b.to_string()),
        Y::Null => Ok("null".to_string()),
        Y::Tagged(tagged) => key_text(tagged.value),
        Y::Sequence(_) => Err("list"),
        Y::Mapping(_) => Err("mapping"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(text: &str) -> Result<Value> {
        value(&source(Path::new("x.yaml"), text))
    }

    #[test]
    fn empty_binary_and_non_utf8_files_are_rejected() {
        let err = Document::from_bytes(Path::new("x.yaml"), b"  \n").unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
        let err = Document::from_bytes(Path::new("x.yaml"), b"\x00\x01").unwrap_err();
        assert!(err.to_string().contains("binary"), "{err}");
        let err = Document::from_bytes(Path::new("x.yaml"), b"a: \xff\n").unwrap_err();
        assert!(err.to_string().contains("offset 3"), "{err}");
    }

    #[test]
    fn the_document_must_be_a_mapping() {
        let err = Document::parse(Path::new("x.yaml"), "- a\n- b\n").unwrap_err();
        assert!(err.to_string().contains("not a mapping"), "{err}");
        let doc = Document::parse(Path::new("x.json"), "\u{feff}{\"openapi\": \"3.0.0\"}").unwrap();
        assert_eq!(doc.value, json!({"openapi": "3.0.0"}));
    }

    #[test]
    fn yaml_errors_have_lines() {
        let err = Document::parse(Path::new("x.yaml"), "a: [1, 2\nb: c\n").unwrap_err();
        let loc = err.location().cloned().unwrap_or_default();
        assert!(loc.line_col.is_some(), "{err}");
        let err = Document::parse(Path::new("x.json"), "{\"a\": 1,}").unwrap_err();
        assert!(err.to_string().starts_with("x.json:1:"), "{err}");
    }

    #[test]
    fn scalar_keys_become_strings() {
        assert_eq!(
            yaml("200: a\ntrue: b\nnull: c\n1.5: d\n!tag k: e\n").unwrap(),
            json!({"200": "a", "true": "b", "null": "c", "1.5": "d", "k": "e"})
        );
    }

    #[test]
    fn keys_that_collide_as_strings_are_located_errors() {
        let err = yaml("a:\n  1: x\n  \"1\": y\n").unwrap_err();
        assert_eq!(err.location().map(|l| l.pointer.as_str()), Some("/a/1"));
        assert!(err.to_string().contains("duplicate key `1`"), "{err}");
        let err = yaml("a:\n  [1, 2]: x\n").unwrap_err();
        assert!(err.to_string().contains("found a list"), "{err}");
    }

    #[test]
    fn merge_keys_and_aliases_are_applied() {
        let value = yaml("base: &b {x: 1, y: 2}\ncopy: *b\nmerged:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(value["copy"], json!({"x": 1, "y": 2}));
        assert_eq!(value["merged"], json!({"x": 1, "y": 3}));
    }

    #[test]
    fn alias_explosions_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = yaml(&text).unwrap_err();
        assert!(err.to_string().contains("billion laughs"), "{err}");
    }
}
