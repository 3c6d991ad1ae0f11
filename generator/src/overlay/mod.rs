//! Stage 2: apply [OpenAPI Overlay](https://spec.openapis.org/overlay/v1.0.0.html) documents to a
//! raw document before it is normalised, so that upstream specs stay byte-exact and every
//! project-specific change lives in a reviewable file under `specs/overlays/`.
//!
//! An overlay is read like a spec (`load`), then deserialized with serde into the document types
//! below (`serde_path_to_error` keeps the place of a wrong field); what serde cannot say (only
//! `x-` extensions besides the known fields, a supported version, one of `update` and `remove`) is
//! checked after. [`apply`](Overlay::apply) is in `apply.rs`, which overlays target which spec in
//! `extends.rs`.

mod apply;
mod extends;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;

use serde::de::{Deserializer, Error as _, Unexpected};
use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::error::{Error, Result};
use crate::load;
use crate::pointer;
use crate::source::Source;

/// One overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file it was read from, with its text (for error locations and `extends`).
    pub source: Source,
    /// `extends`: a URI reference to the document this overlay is written for, if given.
    pub extends: Option<String>,
    /// The actions, in document order.
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// The RFC 9535 JSONPath query selecting the nodes to change, as written.
    pub target: String,
    /// The same query, compiled.
    pub path: JsonPath,
    /// The action's `description`.
    pub description: Option<String>,
    /// What to do with the selected nodes.
    pub kind: ActionKind,
    /// Position in the overlay's `actions` array, for error pointers (`/actions/<index>`).
    pub index: usize,
}

/// What an action does to the nodes its target selects.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionKind {
    /// Merge into objects, append to arrays, replace primitives.
    Update(Value),
    /// Delete from the parent.
    Remove,
}

/// The overlay document as written (Overlay 1.0.0 §4.4).
#[derive(Deserialize)]
struct Document {
    #[serde(deserialize_with = "version_text")]
    overlay: String,
    info: Info,
    #[serde(default)]
    extends: Option<String>,
    actions: Vec<RawAction>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

/// `info`: read to check it, not used.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Info {
    title: String,
    #[serde(deserialize_with = "version_text")]
    version: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
struct RawAction {
    target: String,
    #[serde(default)]
    description: Option<String>,
    // `update: null` is an update with `null`, not a missing update.
    #[serde(default, deserialize_with = "present")]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

const DOCUMENT_FIELDS: &str = "overlay, info, extends, actions";
const INFO_FIELDS: &str = "title, version, description";
const ACTION_FIELDS: &str = "target, description, update, remove";

/// A version written as a string (`1.0.0`) or, as YAML reads `1.0`, a number.
fn version_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(text) => Ok(text),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(D::Error::invalid_type(
            unexpected(&other),
            &"a version string such as 1.0.0",
        )),
    }
}

fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("a number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

impl Overlay {
    /// Reads an overlay file (YAML or JSON).
    pub fn load(path: &Path) -> Result<Overlay> {
        Overlay::from_source(load::read(path)?)
    }

    /// Parses an overlay from text already read (`path` is used for errors and `extends`).
    #[cfg(test)]
    pub fn parse(path: &Path, text: &str) -> Result<Overlay> {
        Overlay::from_source(load::from_bytes(path, text.as_bytes())?)
    }

    fn from_source(source: Source) -> Result<Overlay> {
        let value = load::value(&source)?;
        let Value::Object(root) = &value else {
            return Err(source.error(
                "",
                "an overlay must be a mapping with the fields `overlay`, `info` and `actions`",
            ));
        };
        if !root.contains_key("overlay") {
            return Err(source.error(
                "",
                "missing field `overlay` (the Overlay Specification version, e.g. 1.0.0): is \
                 this an overlay document?",
            ));
        }
        let document: Document = serde_path_to_error::deserialize(&value).map_err(|e| {
            source.error(
                &pointer::from_path(e.path()),
                format!("invalid overlay: {}", e.inner()),
            )
        })?;
        only_extensions(&source, "", &document.other, DOCUMENT_FIELDS)?;
        only_extensions(&source, "/info", &document.info.other, INFO_FIELDS)?;
        if !is_supported_version(&document.overlay) {
            return Err(source.error(
                "/overlay",
                format!(
                    "unsupported overlay version `{}`: only Overlay 1.x (e.g. 1.0.0) is supported",
                    document.overlay
                ),
            ));
        }
        if document.actions.is_empty() {
            return Err(source.error(
                "/actions",
                "`actions` is empty: an overlay must have at least one action",
            ));
        }
        let actions = document
            .actions
            .into_iter()
            .enumerate()
            .map(|(index, raw)| action(&source, index, raw))
            .collect::<Result<Vec<_>>>()?;
        Ok(Overlay {
            source,
            extends: document.extends,
            actions,
        })
    }

    /// The file the overlay was read from.
    pub fn path(&self) -> &Path {
        &self.source.path
    }

    /// Does this overlay target the spec at `spec_path`? See `extends.rs`.
    pub fn targets(&self, spec_path: &Path) -> bool {
        self.extends
            .as_deref()
            .is_some_and(|extends| extends::targets(self.path(), extends, spec_path))
    }

    /// An error at `pointer` in this overlay.
    fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.source.error(pointer, message)
    }
}

fn action(source: &Source, index: usize, raw: RawAction) -> Result<Action> {
    let at = format!("/actions/{index}");
    if raw.other.contains_key("copy") {
        return Err(source.error(
            &format!("{at}/copy"),
            format!("action {index}: `copy` actions (Overlay 1.1) are not supported; use `update`"),
        ));
    }
    only_extensions(source, &at, &raw.other, ACTION_FIELDS)?;
    let path = compile(source, index, &raw.target)?;
    let kind = match (raw.remove, raw.update) {
        (true, None) => ActionKind::Remove,
        (true, Some(_)) => {
            return Err(source.error(
                &format!("{at}/update"),
                format!(
                    "action {index} has both `update` and `remove: true`; the update would be \
                     ignored, so keep one of them"
                ),
            ))
        }
        (false, Some(update)) => ActionKind::Update(update),
        (false, None) => {
            return Err(source.error(
                &at,
                format!(
                    "action {index} has neither `update` nor `remove: true`, so it would do nothing"
                ),
            ))
        }
    };
    Ok(Action {
        target: raw.target,
        path,
        description: raw.description,
        kind,
        index,
    })
}

/// Fields that neither the Overlay Specification defines nor are extensions (`x-...`) are
/// errors: a misspelt `updates:` or `remvoe:` would otherwise be ignored.
fn only_extensions(
    source: &Source,
    at: &str,
    other: &BTreeMap<String, Value>,
    known: &str,
) -> Result<()> {
    match other.keys().find(|k| !k.starts_with("x-")) {
        Some(unknown) => Err(source.error(
            &pointer::join(at, unknown),
            format!("unknown field `{unknown}` (expected one of: {known}, or an `x-` extension)"),
        )),
        None => Ok(()),
    }
}

fn compile(source: &Source, index: usize, target: &str) -> Result<JsonPath> {
    JsonPath::parse(target).map_err(|e| {
        source.error(
            &format!("/actions/{index}/target"),
            format!("action {index}: invalid JSONPath `{target}` (RFC 9535): {e}"),
        )
    })
}

fn is_supported_version(version: &str) -> bool {
    let parts: Vec<&str> = version.trim().split('.').collect();
    parts.len() <= 3
        && parts.first() == Some(&"1")
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// All overlays in `dir` (files ending `.yaml`, `.yml` or `.json`, sorted by file name; hidden
/// files are skipped). A missing directory gives an empty list.
pub fn load_dir(dir: &Path) -> Result<Vec<Overlay>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        let hidden = name.to_string_lossy().starts_with('.');
        let is_overlay = path.extension().and_then(OsStr::to_str).is_some_and(|ext| {
            ["yaml", "yml", "json"]
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        });
        if !hidden && is_overlay && path.is_file() {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    files.iter().map(|path| Overlay::load(path)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    pub(super) fn overlay(text: &str) -> Overlay {
        match Overlay::parse(Path::new("specs/overlays/test.yaml"), text) {
            Ok(overlay) => overlay,
            Err(e) => panic!("overlay should parse: {e}"),
        }
    }

    fn parse_err(text: &str) -> Error {
        match Overlay::parse(Path::new("specs/overlays/test.yaml"), text) {
            Ok(o) => panic!("expected an error, parsed {o:?}"),
            Err(e) => e,
        }
    }

    pub(super) fn pointer_of(e: &Error) -> &str {
        e.location().map(|l| l.pointer.as_str()).unwrap_or("<none>")
    }

    pub(super) const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\n";

    #[test]
    fn parses_fields_and_actions() {
        let o = overlay(&format!(
            "{HEAD}extends: ../calls.yaml\nx-note: ok\nactions:\n  - target: $.a\n    description: d\n    update: {{b: 1}}\n  - target: $.c\n    remove: true\n    x-why: because\n"
        ));
        assert_eq!(o.extends.as_deref(), Some("../calls.yaml"));
        assert_eq!(o.actions.len(), 2);
        assert_eq!(o.actions[0].kind, ActionKind::Update(json!({"b": 1})));
        assert_eq!(o.actions[0].description.as_deref(), Some("d"));
        assert_eq!(o.actions[1].kind, ActionKind::Remove);
        assert_eq!(o.actions[1].index, 1);
    }

    #[test]
    fn json_overlays_parse_too() {
        let o = overlay(
            r#"{"overlay": "1.1.0", "info": {"title": "j", "version": "1"}, "actions": [{"target": "$", "update": {"x": true}}]}"#,
        );
        assert_eq!(o.actions[0].target, "$");
    }

    #[test]
    fn an_update_with_null_is_an_update() {
        let o = overlay(&format!("{HEAD}actions: [{{target: $.a, update: null}}]\n"));
        assert_eq!(o.actions[0].kind, ActionKind::Update(Value::Null));
    }

    #[test]
    fn bad_jsonpath_names_the_action_and_its_line() {
        let e = parse_err(&format!(
            "{HEAD}actions:\n  - target: $.a\n    update: {{}}\n  - target: $.a\n    update: {{}}\n  - target: $.a\n    update: {{}}\n  - target: \"$.paths[?@.x ==]\"\n    update: {{}}\n"
        ));
        assert_eq!(pointer_of(&e), "/actions/3/target");
        assert!(e.to_string().contains("invalid JSONPath"), "{e}");
        assert_eq!(e.location().and_then(|l| l.line_col), Some((10, 5)), "{e}");
        let e = parse_err(&format!(
            "{HEAD}actions:\n  - target: paths.a\n    update: {{}}\n"
        ));
        assert_eq!(pointer_of(&e), "/actions/0/target");
    }

    #[test]
    fn structural_errors() {
        let cases: &[(&str, &str, &str)] = &[
            ("info: {title: t, version: 1}\nactions: []\n", "", "overlay"),
            (
                "overlay: 2.0.0\ninfo: {title: t, version: 1}\nactions: [{target: $, update: {}}]\n",
                "/overlay",
                "unsupported overlay version",
            ),
            (
                "overlay: [1]\ninfo: {title: t, version: 1}\nactions: [{target: $, update: {}}]\n",
                "/overlay",
                "expected a version string",
            ),
            ("overlay: 1.0.0\ninfo: {title: t, version: 1}\n", "", "missing field `actions`"),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: []\n",
                "/actions",
                "empty",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: {a: b}\n",
                "/actions",
                "expected a sequence",
            ),
            (
                "overlay: 1.0.0\nactions: [{target: $, update: {}}]\n",
                "",
                "missing field `info`",
            ),
            (
                "overlay: 1.0.0\ninfo: {version: 1}\nactions: [{target: $, update: {}}]\n",
                "/info",
                "missing field `title`",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1, author: me}\nactions: [{target: $, update: {}}]\n",
                "/info/author",
                "unknown field `author`",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nextends: [a]\nactions: [{target: $, update: {}}]\n",
                "/extends",
                "expected a string",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: [{target: $}]\n",
                "/actions/0",
                "neither",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: [{target: $, remove: false}]\n",
                "/actions/0",
                "neither",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: [{target: $.a, remove: true, update: {}}]\n",
                "/actions/0/update",
                "both",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: [{target: $.a, updates: {}}]\n",
                "/actions/0/updates",
                "unknown field",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: [{target: $.a, copy: $.b}]\n",
                "/actions/0/copy",
                "not supported",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: [{update: {}}]\n",
                "/actions/0",
                "missing field `target`",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: [{target: $, remove: yes please}]\n",
                "/actions/0/remove",
                "expected a boolean",
            ),
            ("- just\n- a list\n", "", "mapping"),
            ("", "", "empty"),
        ];
        for (text, pointer, needle) in cases {
            let e = parse_err(text);
            assert_eq!(pointer_of(&e), *pointer, "{text}: {e}");
            assert!(e.to_string().contains(needle), "{text}: {e}");
        }
    }

    #[test]
    fn invalid_yaml_has_a_line() {
        let e = parse_err("overlay: 1.0.0\ninfo: {title: t\nactions: [\n");
        assert!(e.to_string().contains("invalid YAML"), "{e}");
        assert!(e.location().and_then(|l| l.line_col).is_some(), "{e:?}");
        let e = parse_err(&format!(
            "{HEAD}actions:\n  - target: $\n    update: {{a: 1, a: 2}}\n"
        ));
        assert!(e.to_string().contains("duplicate"), "{e}");
    }

    #[test]
    fn versions() {
        for ok in ["1.0.0", "1.1.0", "1.0", "1"] {
            assert!(is_supported_version(ok), "{ok}");
        }
        for bad in ["2.0.0", "0.9", "1.x", "", "1.0.0.0", "v1"] {
            assert!(!is_supported_version(bad), "{bad}");
        }
        // `overlay: 1.0` is a YAML number.
        overlay("overlay: 1.0\ninfo: {title: t, version: 1}\nactions: [{target: $, update: {}}]\n");
    }

    fn scratch_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "hubspot-calling-codegen-overlay-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn load_dir_sorts_and_filters() {
        assert!(load_dir(Path::new("/definitely/not/here"))
            .unwrap()
            .is_empty());
        let dir = scratch_dir("load-dir");
        let body = |title: &str| {
            format!("overlay: 1.0.0\ninfo: {{title: {title}, version: 1}}\nactions: [{{target: $, update: {{}}}}]\n")
        };
        std::fs::write(dir.join("b.yml"), body("b")).unwrap();
        std::fs::write(dir.join("a.yaml"), body("a")).unwrap();
        std::fs::write(
            dir.join("c.json"),
            r#"{"overlay":"1.0.0","info":{"title":"c","version":"1"},"actions":[{"target":"$","remove":false,"update":{}}]}"#,
        )
        .unwrap();
        std::fs::write(dir.join("README.md"), "not an overlay").unwrap();
        std::fs::write(dir.join(".hidden.yaml"), "not: parsed").unwrap();
        std::fs::create_dir(dir.join("sub.yaml")).unwrap();
        let files: Vec<PathBuf> = load_dir(&dir)
            .unwrap()
            .iter()
            .map(|o| o.path().to_path_buf())
            .collect();
        assert_eq!(
            files,
            [dir.join("a.yaml"), dir.join("b.yml"), dir.join("c.json")]
        );
        std::fs::write(dir.join("d.yaml"), "overlay: [\n").unwrap();
        let e = load_dir(&dir).unwrap_err();
        assert_eq!(
            e.location().map(|l| l.file.clone()),
            Some(dir.join("d.yaml"))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
