//! Stage 2: apply [OpenAPI Overlay](https://spec.openapis.org/overlay/v1.0.0.html) documents to a
//! raw document before it is normalised, so that upstream specs stay byte-exact and every
//! project-specific change lives in a reviewable file under `specs/overlays/`.
//!
//! Semantics (Overlay 1.0.0, with the merge rules Overlay 1.1.0 spelled out):
//!
//! - Actions are applied in order, each to the result of the previous one. A `target` is an
//!   RFC 9535 JSONPath query.
//! - `update` on an object merges recursively: keys only in the update are inserted (at the end,
//!   document order is kept), objects are merged, arrays are concatenated, primitives (and `null`)
//!   are replaced. On an array, an array update is concatenated and any other value is appended
//!   as one element. A selected primitive or `null` is replaced. Other combinations (an object onto
//!   a string, ...) are errors rather than silent replacements.
//! - `remove: true` deletes every selected node from its parent object or array; array elements
//!   are removed from the highest index down so the indices stay valid.
//! - A target that selects nothing is an error: an overlay that silently stopped applying (because
//!   the upstream document changed) is a bug to be told about, not ignored.
//! - `apply` is all or nothing: on error the document is left as it was.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, NormalizedPath, PathElement};

use crate::error::{Error, Result};

/// One overlay document.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// The file it was read from (used for error locations and to resolve `extends`).
    pub path: PathBuf,
    /// `info.title`.
    pub title: String,
    /// `extends`: a URI reference to the document this overlay is written for, if given.
    pub extends: Option<String>,
    /// The actions, in document order.
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// The RFC 9535 JSONPath query selecting the nodes to change (validated when parsed).
    pub target: String,
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

const OVERLAY_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
const INFO_FIELDS: &[&str] = &["title", "version", "description"];
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

impl Overlay {
    /// Parse an overlay file (YAML or JSON).
    pub fn load(path: &Path) -> Result<Overlay> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            Error::spec(
                path,
                "",
                format!(
                    "the overlay is not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
        })?;
        Overlay::parse(path, text)
    }

    /// Parse from text already read (`path` is used for error locations and `extends`).
    pub fn parse(path: &Path, text: &str) -> Result<Overlay> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let doc = parse_yaml(path, text)?;
        let Value::Object(root) = &doc else {
            return Err(Error::spec(
                path,
                "",
                "an overlay must be a mapping with the fields `overlay`, `info` and `actions`",
            ));
        };
        check_fields(path, "", root, OVERLAY_FIELDS)?;

        let version = match root.get("overlay") {
            None => {
                return Err(Error::spec(
                    path,
                    "",
                    "missing field `overlay` (the Overlay Specification version, e.g. 1.0.0): \
                     is this an overlay document?",
                ))
            }
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(Error::spec(
                    path,
                    "/overlay",
                    format!("`overlay` must be a version string, found {}", kind(other)),
                ))
            }
        };
        if !is_supported_version(&version) {
            return Err(Error::spec(
                path,
                "/overlay",
                format!(
                    "unsupported overlay version `{version}`: only Overlay 1.x (e.g. 1.0.0) is \
                     supported"
                ),
            ));
        }

        let title = parse_info(path, root.get("info"))?;

        let extends = match root.get("extends") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                return Err(Error::spec(
                    path,
                    "/extends",
                    format!(
                        "`extends` must be a URI reference string, found {}",
                        kind(other)
                    ),
                ))
            }
        };

        let actions = match root.get("actions") {
            None => {
                return Err(Error::spec(
                    path,
                    "",
                    "missing field `actions` (the list of changes to apply)",
                ))
            }
            Some(Value::Array(items)) if items.is_empty() => {
                return Err(Error::spec(
                    path,
                    "/actions",
                    "`actions` is empty: an overlay must have at least one action",
                ))
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(index, item)| parse_action(path, index, item))
                .collect::<Result<Vec<_>>>()?,
            Some(other) => {
                return Err(Error::spec(
                    path,
                    "/actions",
                    format!("`actions` must be a list, found {}", kind(other)),
                ))
            }
        };

        Ok(Overlay {
            path: path.to_path_buf(),
            title,
            extends,
            actions,
        })
    }

    /// Does this overlay target the spec at `spec_path`?
    ///
    /// `extends` is resolved relative to the overlay file's directory and compared to `spec_path`
    /// after lexical normalisation (the files need not exist; when both do, symlinks are resolved
    /// too). A bare file name (`calls.yaml`) matches any spec with that file name, and so does an
    /// absolute URL by its last path segment. Without `extends` the overlay targets nothing: the
    /// caller decides what to do with it.
    pub fn targets(&self, spec_path: &Path) -> bool {
        let Some(extends) = self.extends.as_deref().map(str::trim) else {
            return false;
        };
        if extends.is_empty() {
            return false;
        }
        let spec_name = spec_path.file_name();
        let reference = if let Some(rest) = extends.strip_prefix("file://") {
            // file:///abs/path or file://localhost/abs/path
            let rest = rest.strip_prefix("localhost").unwrap_or(rest);
            percent_decode(strip_query_and_fragment(rest))
        } else if has_scheme(extends) {
            let url_path = strip_query_and_fragment(extends);
            let last = url_path.rsplit('/').next().unwrap_or("");
            return !last.is_empty() && spec_name == Some(OsStr::new(&percent_decode(last)));
        } else {
            percent_decode(strip_query_and_fragment(extends))
        };
        if reference.is_empty() {
            return false;
        }
        if !reference.contains(['/', '\\']) {
            return spec_name == Some(OsStr::new(&reference));
        }
        let base = self.path.parent().unwrap_or_else(|| Path::new(""));
        same_file(&base.join(&reference), spec_path)
    }

    /// Apply all actions in order to `doc`. On error `doc` is left unchanged.
    pub fn apply(&self, doc: &mut Value) -> Result<()> {
        let mut work = doc.clone();
        for action in &self.actions {
            self.apply_action(action, &mut work)?;
        }
        *doc = work;
        Ok(())
    }

    fn apply_action(&self, action: &Action, doc: &mut Value) -> Result<()> {
        let i = action.index;
        let path = compile(&self.path, i, &action.target)?;
        let mut seen = HashSet::new();
        let mut locations: Vec<Vec<Step>> = path
            .query_located(doc)
            .locations()
            .map(steps)
            .filter(|loc| seen.insert(loc.clone()))
            .collect();
        if locations.is_empty() {
            let what = action
                .description
                .as_deref()
                .map(|d| format!(" ({})", d.trim()))
                .unwrap_or_default();
            return Err(Error::spec(
                &self.path,
                format!("/actions/{i}/target"),
                format!(
                    "action {i}{what}: target `{}` selects nothing in the document, so the action \
                     would have no effect (did the document change?)",
                    action.target
                ),
            ));
        }
        match &action.kind {
            ActionKind::Update(update) => {
                for loc in &locations {
                    let at = pointer(loc);
                    let node = node_mut(doc, loc).ok_or_else(|| {
                        Error::spec(
                            &self.path,
                            format!("/actions/{i}/target"),
                            format!("action {i}: the node at #{at} disappeared during the update"),
                        )
                    })?;
                    update_node(node, update, &at).map_err(|message| {
                        Error::spec(
                            &self.path,
                            format!("/actions/{i}/update"),
                            format!("action {i}: {message}"),
                        )
                    })?;
                }
            }
            ActionKind::Remove => {
                // Descending order: later array elements before earlier ones (indices stay
                // valid) and descendants before their ancestors.
                locations.sort_unstable_by(|a, b| b.cmp(a));
                for loc in &locations {
                    let Some((last, parent)) = loc.split_last() else {
                        return Err(Error::spec(
                            &self.path,
                            format!("/actions/{i}/target"),
                            format!(
                                "action {i}: target `{}` selects the document root, which cannot \
                                 be removed",
                                action.target
                            ),
                        ));
                    };
                    // An ancestor removed by this same action takes the node with it.
                    let Some(parent) = node_mut(doc, parent) else {
                        continue;
                    };
                    match (parent, last) {
                        (Value::Object(map), Step::Key(key)) => {
                            map.shift_remove(key);
                        }
                        (Value::Array(items), Step::Index(index)) if *index < items.len() => {
                            items.remove(*index);
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }
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

// ---------------------------------------------------------------------------------------------
// Parsing

fn is_supported_version(version: &str) -> bool {
    let parts: Vec<&str> = version.trim().split('.').collect();
    parts.len() <= 3
        && parts.first() == Some(&"1")
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_info(path: &Path, info: Option<&Value>) -> Result<String> {
    let info = match info {
        None => {
            return Err(Error::spec(
                path,
                "",
                "missing field `info` (with `title` and `version`)",
            ))
        }
        Some(Value::Object(info)) => info,
        Some(other) => {
            return Err(Error::spec(
                path,
                "/info",
                format!(
                    "`info` must be a mapping with `title` and `version`, found {}",
                    kind(other)
                ),
            ))
        }
    };
    check_fields(path, "/info", info, INFO_FIELDS)?;
    let title = match info.get("title") {
        Some(Value::String(title)) => title.clone(),
        None => return Err(Error::spec(path, "/info", "missing field `info.title`")),
        Some(other) => {
            return Err(Error::spec(
                path,
                "/info/title",
                format!("`info.title` must be a string, found {}", kind(other)),
            ))
        }
    };
    match info.get("version") {
        Some(Value::String(_) | Value::Number(_)) => {}
        None => return Err(Error::spec(path, "/info", "missing field `info.version`")),
        Some(other) => {
            return Err(Error::spec(
                path,
                "/info/version",
                format!("`info.version` must be a string, found {}", kind(other)),
            ))
        }
    }
    Ok(title)
}

fn parse_action(path: &Path, index: usize, item: &Value) -> Result<Action> {
    let at = format!("/actions/{index}");
    let Value::Object(fields) = item else {
        return Err(Error::spec(
            path,
            at,
            format!(
                "action {index} must be a mapping with `target` and `update` or `remove`, found {}",
                kind(item)
            ),
        ));
    };
    if fields.contains_key("copy") {
        return Err(Error::spec(
            path,
            format!("{at}/copy"),
            format!("action {index}: `copy` actions (Overlay 1.1) are not supported; use `update`"),
        ));
    }
    check_fields(path, &at, fields, ACTION_FIELDS)?;

    let target = match fields.get("target") {
        Some(Value::String(target)) => target.clone(),
        None => {
            return Err(Error::spec(
                path,
                at,
                format!("action {index} has no `target` (a JSONPath query)"),
            ))
        }
        Some(other) => {
            return Err(Error::spec(
                path,
                format!("{at}/target"),
                format!(
                    "action {index}: `target` must be a JSONPath string, found {}",
                    kind(other)
                ),
            ))
        }
    };
    compile(path, index, &target)?;

    let description = match fields.get("description") {
        None => None,
        Some(Value::String(d)) => Some(d.clone()),
        Some(other) => {
            return Err(Error::spec(
                path,
                format!("{at}/description"),
                format!(
                    "action {index}: `description` must be a string, found {}",
                    kind(other)
                ),
            ))
        }
    };

    let remove = match fields.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(other) => {
            return Err(Error::spec(
                path,
                format!("{at}/remove"),
                format!(
                    "action {index}: `remove` must be true or false, found {}",
                    kind(other)
                ),
            ))
        }
    };
    let kind = match (remove, fields.get("update")) {
        (true, None) => ActionKind::Remove,
        (true, Some(_)) => {
            return Err(Error::spec(
                path,
                format!("{at}/update"),
                format!(
                    "action {index} has both `update` and `remove: true`; the update would be \
                     ignored, so keep one of them"
                ),
            ))
        }
        (false, Some(update)) => ActionKind::Update(update.clone()),
        (false, None) => {
            return Err(Error::spec(
                path,
                at,
                format!(
                    "action {index} has neither `update` nor `remove: true`, so it would do nothing"
                ),
            ))
        }
    };

    Ok(Action {
        target,
        description,
        kind,
        index,
    })
}

fn compile(path: &Path, index: usize, target: &str) -> Result<JsonPath> {
    JsonPath::parse(target).map_err(|e| {
        Error::spec(
            path,
            format!("/actions/{index}/target"),
            format!("action {index}: invalid JSONPath `{target}` (RFC 9535): {e}"),
        )
    })
}

/// Rejects fields that neither the Overlay Specification defines nor are extensions (`x-...`):
/// a misspelt `updates:` or `remvoe:` would otherwise be ignored.
fn check_fields(path: &Path, at: &str, fields: &Map<String, Value>, known: &[&str]) -> Result<()> {
    match fields
        .keys()
        .find(|k| !k.starts_with("x-") && !known.contains(&k.as_str()))
    {
        Some(unknown) => Err(Error::spec(
            path,
            format!("{at}/{}", escape(unknown)),
            format!(
                "unknown field `{unknown}` (expected one of: {}, or an `x-` extension)",
                known.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// YAML (or JSON, which YAML reads too) to a JSON value. Aliases are resolved by serde_yaml and
/// `<<` merge keys applied; scalar mapping keys (`200:`) become strings.
fn parse_yaml(path: &Path, text: &str) -> Result<Value> {
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let mut error = Error::spec(path, "", format!("invalid YAML: {e}"));
        if let (Some(loc), Error::Spec { location, .. }) = (e.location(), &mut error) {
            location.line_col = Some((loc.line(), loc.column()));
        }
        error
    })?;
    yaml.apply_merge()
        .map_err(|e| Error::spec(path, "", format!("invalid YAML merge key (<<): {e}")))?;
    yaml_to_json(yaml, "").map_err(|(at, message)| Error::spec(path, at, message))
}

fn yaml_to_json(yaml: serde_yaml::Value, at: &str) -> std::result::Result<Value, (String, String)> {
    use serde_yaml::Value as Y;
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
                            at.to_string(),
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
                .map(|(i, item)| yaml_to_json(item, &format!("{at}/{i}")))
                .collect::<std::result::Result<_, _>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    other => {
                        return Err((
                            at.to_string(),
                            format!(
                                "a mapping key must be a string, found a {}",
                                match other {
                                    Y::Sequence(_) => "list",
                                    Y::Mapping(_) => "mapping",
                                    _ => "tagged value",
                                }
                            ),
                        ))
                    }
                };
                let child = format!("{at}/{}", escape(&key));
                if map.contains_key(&key) {
                    return Err((child, format!("duplicate key `{key}`")));
                }
                let value = yaml_to_json(value, &child)?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
    })
}

// ---------------------------------------------------------------------------------------------
// Applying

/// One step of a normalized path, owned so the document can be borrowed mutably afterwards.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Step {
    Index(usize),
    Key(String),
}

fn steps(path: &NormalizedPath<'_>) -> Vec<Step> {
    path.iter()
        .map(|element| match element {
            PathElement::Name(name) => Step::Key((*name).to_string()),
            PathElement::Index(index) => Step::Index(*index),
        })
        .collect()
}

fn pointer(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", escape(key)),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn node_mut<'a>(doc: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(doc, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    })
}

fn is_primitive(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Applies `update` to one selected node (`at` is its pointer in the document, for messages).
fn update_node(node: &mut Value, update: &Value, at: &str) -> std::result::Result<(), String> {
    match (node, update) {
        (Value::Object(target), Value::Object(update)) => merge_objects(target, update, at),
        (Value::Array(target), Value::Array(update)) => {
            target.extend(update.iter().cloned());
            Ok(())
        }
        (Value::Array(target), update) => {
            target.push(update.clone());
            Ok(())
        }
        (node, update) if node.is_null() || (is_primitive(node) && is_primitive(update)) => {
            *node = update.clone();
            Ok(())
        }
        (node, update) => Err(format!(
            "cannot update {} at #{} with {}",
            kind(node),
            display_pointer(at),
            kind(update)
        )),
    }
}

fn merge_objects(
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
    at: &str,
) -> std::result::Result<(), String> {
    for (key, new) in update {
        let child = format!("{at}/{}", escape(key));
        match target.get_mut(key) {
            None => {
                target.insert(key.clone(), new.clone());
            }
            Some(Value::Object(old)) if new.is_object() => {
                if let Value::Object(new) = new {
                    merge_objects(old, new, &child)?;
                }
            }
            Some(Value::Array(old)) if new.is_array() => {
                if let Value::Array(new) = new {
                    old.extend(new.iter().cloned());
                }
            }
            Some(old) if old.is_null() || (is_primitive(old) && is_primitive(new)) => {
                *old = new.clone();
            }
            Some(old) => {
                return Err(format!(
                    "cannot merge {} into {} at #{}",
                    kind(new),
                    kind(old),
                    display_pointer(&child)
                ))
            }
        }
    }
    Ok(())
}

fn display_pointer(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

// ---------------------------------------------------------------------------------------------
// `extends` resolution

/// `scheme:` as RFC 3986 defines it, at least two characters long so `C:\...` is a path.
fn has_scheme(reference: &str) -> bool {
    match reference.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() >= 2
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn strip_query_and_fragment(reference: &str) -> &str {
    reference
        .split_once(['?', '#'])
        .map_or(reference, |(path, _)| path)
}

/// Decodes `%XX` escapes of a URI reference; leaves the text alone if they do not form UTF-8.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
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
    use serde_json::json;

    fn overlay(text: &str) -> Overlay {
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

    fn pointer_of(e: &Error) -> &str {
        e.location().map(|l| l.pointer.as_str()).unwrap_or("<none>")
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\n";

    #[test]
    fn parses_fields_and_actions() {
        let o = overlay(&format!(
            "{HEAD}extends: ../calls.yaml\nx-note: ok\nactions:\n  - target: $.a\n    description: d\n    update: {{b: 1}}\n  - target: $.c\n    remove: true\n"
        ));
        assert_eq!(o.title, "t");
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
        assert_eq!(o.title, "j");
        assert_eq!(o.actions[0].target, "$");
    }

    #[test]
    fn merge_is_recursive_and_keeps_order() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $.info\n    update:\n      title: new\n      contact: {{email: a@b.c}}\n      tags: [y]\n      x-new: 1\n"
        ));
        let mut doc = json!({"info": {"title": "old", "version": "1", "contact": {"name": "n"}, "tags": ["x"]}, "paths": {}});
        o.apply(&mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"info": {"title": "new", "version": "1", "contact": {"name": "n", "email": "a@b.c"}, "tags": ["x", "y"], "x-new": 1}, "paths": {}})
        );
        let keys: Vec<&String> = doc["info"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["title", "version", "contact", "tags", "x-new"]);
    }

    #[test]
    fn update_of_every_selected_node() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $.paths.*.get\n    update: {{x-safe: true}}\n"
        ));
        let mut doc =
            json!({"paths": {"/a": {"get": {}}, "/b": {"get": {"x-safe": false}, "post": {}}}});
        o.apply(&mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"paths": {"/a": {"get": {"x-safe": true}}, "/b": {"get": {"x-safe": true}, "post": {}}}})
        );
    }

    #[test]
    fn update_appends_to_arrays() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $.security\n    update: {{hapikey: []}}\n  - target: $.tags\n    update: [b, c]\n"
        ));
        let mut doc = json!({"security": [{"oauth2": ["r"]}], "tags": ["a"]});
        o.apply(&mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"security": [{"oauth2": ["r"]}, {"hapikey": []}], "tags": ["a", "b", "c"]})
        );
    }

    #[test]
    fn update_replaces_primitives_and_null() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $.a.description\n    update: new\n  - target: $.a.example\n    update: {{k: v}}\n"
        ));
        let mut doc = json!({"a": {"description": "old", "example": null}});
        o.apply(&mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"a": {"description": "new", "example": {"k": "v"}}})
        );
    }

    #[test]
    fn incompatible_update_is_an_error_and_leaves_the_document_alone() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $\n    update: {{added: 1}}\n  - target: $.a\n    update: {{b: {{c: 1}}}}\n"
        ));
        let mut doc = json!({"a": {"b": "text"}});
        let before = doc.clone();
        let e = o.apply(&mut doc).unwrap_err();
        assert_eq!(pointer_of(&e), "/actions/1/update");
        assert!(e.to_string().contains("#/a/b"), "{e}");
        assert_eq!(doc, before);
    }

    #[test]
    fn remove_object_member() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: \"$.paths['/a/{{id}}']\"\n    remove: true\n"
        ));
        let mut doc = json!({"paths": {"/a/{id}": {}, "/b": {}}});
        o.apply(&mut doc).unwrap();
        assert_eq!(doc, json!({"paths": {"/b": {}}}));
    }

    #[test]
    fn remove_several_array_elements() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $.params[?@.in == 'query']\n    remove: true\n  - target: $.tags[0,2]\n    remove: true\n"
        ));
        let mut doc = json!({
            "params": [{"n": 0, "in": "query"}, {"n": 1, "in": "path"}, {"n": 2, "in": "query"}, {"n": 3, "in": "query"}, {"n": 4, "in": "header"}],
            "tags": ["a", "b", "c", "d"]
        });
        o.apply(&mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"params": [{"n": 1, "in": "path"}, {"n": 4, "in": "header"}], "tags": ["b", "d"]})
        );
    }

    #[test]
    fn remove_nested_and_ancestor_together() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $..description\n    remove: true\n"
        ));
        let mut doc =
            json!({"description": {"description": "x"}, "a": [{"description": 1, "k": 2}]});
        o.apply(&mut doc).unwrap();
        assert_eq!(doc, json!({"a": [{"k": 2}]}));
    }

    #[test]
    fn removing_the_root_is_an_error() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $\n    remove: true\n"
        ));
        let e = o.apply(&mut json!({})).unwrap_err();
        assert_eq!(pointer_of(&e), "/actions/0/target");
    }

    #[test]
    fn target_matching_nothing_is_an_error() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $.a\n    update: {{x: 1}}\n  - target: $.paths['/gone'].get\n    description: gone\n    update: {{x: 1}}\n"
        ));
        let mut doc = json!({"a": {}, "paths": {}});
        let e = o.apply(&mut doc).unwrap_err();
        assert_eq!(pointer_of(&e), "/actions/1/target");
        assert_eq!(
            e.location().map(|l| l.file.clone()),
            Some(PathBuf::from("specs/overlays/test.yaml"))
        );
        let message = e.to_string();
        assert!(message.contains("selects nothing"), "{message}");
        assert!(message.contains("gone"), "{message}");
        assert_eq!(doc, json!({"a": {}, "paths": {}}), "all or nothing");
    }

    #[test]
    fn bad_jsonpath_names_the_action() {
        let e = parse_err(&format!(
            "{HEAD}actions:\n  - target: $.a\n    update: {{}}\n  - target: $.a\n    update: {{}}\n  - target: $.a\n    update: {{}}\n  - target: \"$.paths[?@.x ==]\"\n    update: {{}}\n"
        ));
        assert_eq!(pointer_of(&e), "/actions/3/target");
        assert!(e.to_string().contains("invalid JSONPath"), "{e}");
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
            ("overlay: 1.0.0\ninfo: {title: t, version: 1}\n", "", "actions"),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: []\n",
                "/actions",
                "empty",
            ),
            (
                "overlay: 1.0.0\nactions: [{target: $, update: {}}]\n",
                "",
                "info",
            ),
            (
                "overlay: 1.0.0\ninfo: {version: 1}\nactions: [{target: $, update: {}}]\n",
                "/info",
                "title",
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
                "target",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions: [{target: $, remove: yes please}]\n",
                "/actions/0/remove",
                "true or false",
            ),
            ("- just\n- a list\n", "", "mapping"),
            ("", "", "mapping"),
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
    fn yaml_scalar_keys_become_strings() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $.responses\n    update:\n      204: {{description: none}}\n"
        ));
        let mut doc = json!({"responses": {"200": {}}});
        o.apply(&mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"responses": {"200": {}, "204": {"description": "none"}}})
        );
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

    fn with_extends(overlay_path: &str, extends: Option<&str>) -> Overlay {
        Overlay {
            path: PathBuf::from(overlay_path),
            title: "t".into(),
            extends: extends.map(str::to_string),
            actions: Vec::new(),
        }
    }

    #[test]
    fn targets_resolves_extends_relative_to_the_overlay() {
        let o = with_extends("specs/overlays/calls.names.yaml", Some("../calls.yaml"));
        assert!(o.targets(Path::new("specs/calls.yaml")));
        assert!(o.targets(Path::new("./specs/calls.yaml")));
        assert!(o.targets(Path::new("specs/overlays/../calls.yaml")));
        let cwd = std::env::current_dir().unwrap();
        assert!(o.targets(&cwd.join("specs/calls.yaml")));
        assert!(!o.targets(Path::new("specs/calling-extensions.json")));
        assert!(!o.targets(Path::new("other/calls.yaml")));
        assert!(!o.targets(Path::new("specs/overlays/calls.yaml")));

        let abs = with_extends("/repo/specs/overlays/o.yaml", Some("./../calls.yaml"));
        assert!(abs.targets(Path::new("/repo/specs/calls.yaml")));
        assert!(!abs.targets(Path::new("/elsewhere/specs/calls.yaml")));

        let file_url = with_extends("/x/o.yaml", Some("file:///repo/specs/my%20calls.yaml"));
        assert!(file_url.targets(Path::new("/repo/specs/my calls.yaml")));
    }

    #[test]
    fn targets_bare_names_urls_and_missing_extends() {
        let bare = with_extends("specs/overlays/o.yaml", Some("calls.yaml"));
        assert!(bare.targets(Path::new("specs/calls.yaml")));
        assert!(bare.targets(Path::new("/anywhere/calls.yaml")));
        assert!(!bare.targets(Path::new("specs/calls.json")));

        let url = with_extends(
            "specs/overlays/o.yaml",
            Some("https://example.com/specs/calls.yaml?ref=main"),
        );
        assert!(url.targets(Path::new("specs/calls.yaml")));
        assert!(!url.targets(Path::new("specs/other.yaml")));

        assert!(!with_extends("specs/overlays/o.yaml", None).targets(Path::new("specs/calls.yaml")));
        assert!(!with_extends("specs/overlays/o.yaml", Some(" "))
            .targets(Path::new("specs/calls.yaml")));
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
        let titles: Vec<String> = load_dir(&dir)
            .unwrap()
            .into_iter()
            .map(|o| o.title)
            .collect();
        assert_eq!(titles, ["a", "b", "c"]);
        std::fs::write(dir.join("d.yaml"), "overlay: [\n").unwrap();
        let e = load_dir(&dir).unwrap_err();
        assert_eq!(
            e.location().map(|l| l.file.clone()),
            Some(dir.join("d.yaml"))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    // -----------------------------------------------------------------------------------------
    // The project's own overlays on the project's own specs.

    fn specs_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
    }

    /// A bundled spec with every overlay that targets it applied.
    fn overlaid(file: &str) -> Value {
        let spec = specs_dir().join(file);
        let text = std::fs::read_to_string(&spec).unwrap();
        let mut doc: Value = if file.ends_with(".json") {
            serde_json::from_str(&text).unwrap()
        } else {
            parse_yaml(&spec, &text).unwrap()
        };
        let overlays = load_dir(&specs_dir().join("overlays")).unwrap();
        let mut applied = 0;
        for o in overlays.iter().filter(|o| o.targets(&spec)) {
            if let Err(e) = o.apply(&mut doc) {
                panic!("{e}");
            }
            applied += 1;
        }
        assert!(applied > 0, "no overlay targets {file}");
        doc
    }

    fn op<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "missing {method} {path}");
        op
    }

    /// Every local `$ref` points at something that exists.
    fn assert_refs_resolve(doc: &Value, node: &Value) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let target = r
                        .strip_prefix('#')
                        .unwrap_or_else(|| panic!("non-local $ref {r}"));
                    assert!(doc.pointer(target).is_some(), "dangling $ref {r}");
                }
                map.values().for_each(|v| assert_refs_resolve(doc, v));
            }
            Value::Array(items) => items.iter().for_each(|v| assert_refs_resolve(doc, v)),
            _ => {}
        }
    }

    #[test]
    fn every_project_overlay_targets_one_bundled_spec() {
        let specs = [
            specs_dir().join("calls.yaml"),
            specs_dir().join("calling-extensions.json"),
        ];
        let overlays = load_dir(&specs_dir().join("overlays")).unwrap();
        assert!(overlays.len() >= 5);
        for o in &overlays {
            let n = specs.iter().filter(|s| o.targets(s)).count();
            assert_eq!(n, 1, "{} targets {n} specs", o.path.display());
        }
    }

    #[test]
    fn project_overlays_on_calls() {
        let doc = overlaid("calls.yaml");
        assert_refs_resolve(&doc, &doc);
        let path = "/crm/v3/objects/calls/{callId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}";
        let put = op(&doc, path, "put");
        let delete = op(&doc, path, "delete");
        assert_eq!(put["operationId"], "associateCall");
        assert_eq!(delete["operationId"], "removeCallAssociation");
        let create_security = &op(&doc, "/crm/v3/objects/calls", "post")["security"];
        for operation in [put, delete] {
            assert_eq!(&operation["security"], create_security);
            let names: Vec<&str> = operation["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let r = p["$ref"].as_str().unwrap();
                    let param = doc.pointer(r.trim_start_matches('#')).unwrap();
                    assert_eq!(param["in"], "path");
                    assert_eq!(param["required"], true);
                    assert_eq!(param["schema"]["type"], "string");
                    param["name"].as_str().unwrap()
                })
                .collect();
            assert_eq!(
                names,
                ["callId", "toObjectType", "toObjectId", "associationTypeId"]
            );
            assert_eq!(
                operation["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/Error"
            );
        }
        assert!(
            doc["components"]["parameters"]["AssociationTypeIdParam"]["description"]
                .as_str()
                .unwrap()
                .contains("call_to_contact")
        );
        assert_eq!(
            put["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Call"
        );
        assert!(put["responses"].get("204").is_none());
        assert!(delete["responses"]["204"].is_object());
        assert!(delete["responses"].get("200").is_none());
        let with = &doc["components"]["schemas"]["Call"];
        assert_eq!(
            with["properties"]["associations"]["additionalProperties"]["$ref"],
            "#/components/schemas/AssociatedIdCollection"
        );
        assert_eq!(
            doc["tags"].as_array().unwrap().last().unwrap()["name"],
            "Associations"
        );

        let schemas = &doc["components"]["schemas"];
        for batch in [
            "BatchCreateCallsRequest",
            "BatchReadCallsRequest",
            "BatchUpdateCallsRequest",
            "BatchArchiveCallsRequest",
        ] {
            assert_eq!(
                schemas[batch]["properties"]["inputs"]["maxItems"], 100,
                "{batch}"
            );
        }

        let mut idempotent = Vec::new();
        for (_, item) in doc["paths"].as_object().unwrap() {
            for (_, operation) in item.as_object().unwrap() {
                if operation.get("x-idempotent") == Some(&Value::Bool(true)) {
                    idempotent.push(operation["operationId"].as_str().unwrap());
                }
            }
        }
        idempotent.sort_unstable();
        assert_eq!(idempotent, ["batchReadCalls", "searchCalls"]);

        let names = [
            (
                "/AssociationType/properties/associationCategory",
                "AssociationCategory",
            ),
            ("/AssociationInput/properties/to", "AssociationTarget"),
            ("/SortOption/properties/direction", "SortDirection"),
        ];
        for (at, name) in names {
            assert_eq!(schemas.pointer(at).unwrap()["x-rust-name"], name, "{at}");
        }
        // The batch status enum is the component BatchStatus (calls.batch-upsert.yaml).
        assert_eq!(
            schemas["BatchCallsResponse"]["properties"]["status"],
            json!({"$ref": "#/components/schemas/BatchStatus"})
        );
        assert!(schemas["Filter"]["properties"]["operator"]
            .get("x-rust-name")
            .is_none());
        // No operation of calls.yaml needs a method name override.
        for (_, item) in doc["paths"].as_object().unwrap() {
            for (_, operation) in item.as_object().unwrap() {
                assert!(operation.get("x-rust-name").is_none());
            }
        }
    }

    #[test]
    fn project_overlays_on_calling_extensions() {
        let doc = overlaid("calling-extensions.json");
        assert_refs_resolve(&doc, &doc);
        let base = "/crm/v3/extensions/calling";
        let mut settings_ops = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            if !path.starts_with(&format!("{base}/{{appId}}/settings")) {
                continue;
            }
            for (method, operation) in item.as_object().unwrap() {
                let security = operation["security"].as_array().unwrap();
                let scope = if method == "get" {
                    "developers-read"
                } else {
                    "developers-write"
                };
                assert_eq!(
                    security,
                    &vec![json!({"developer_hapikey": []}), json!({"oauth2": [scope]})],
                    "{method} {path}: the developer key first, then OAuth2 with upstream's scope"
                );
                settings_ops += 1;
            }
        }
        assert_eq!(settings_ops, 11);
        for path in ["inbound-call", "recordings/ready"] {
            let security = op(&doc, &format!("{base}/{path}"), "post")["security"]
                .as_array()
                .unwrap();
            assert!(security
                .iter()
                .all(|s| s.get("developer_hapikey").is_none()));
        }

        let expected = [
            ("inbound-call", "post", "inbound_call"),
            ("recordings/ready", "post", "mark_recording_ready"),
            ("{appId}/settings", "get", "get_settings"),
            ("{appId}/settings", "post", "create_settings"),
            ("{appId}/settings", "patch", "update_settings"),
            ("{appId}/settings", "delete", "delete_settings"),
            (
                "{appId}/settings/channel-connection",
                "get",
                "get_channel_connection_settings",
            ),
            (
                "{appId}/settings/channel-connection",
                "post",
                "create_channel_connection_settings",
            ),
            (
                "{appId}/settings/channel-connection",
                "patch",
                "update_channel_connection_settings",
            ),
            (
                "{appId}/settings/channel-connection",
                "delete",
                "delete_channel_connection_settings",
            ),
            (
                "{appId}/settings/recording",
                "get",
                "get_recording_settings",
            ),
            (
                "{appId}/settings/recording",
                "post",
                "create_recording_settings",
            ),
            (
                "{appId}/settings/recording",
                "patch",
                "update_recording_settings",
            ),
        ];
        let mut total = 0;
        for item in doc["paths"].as_object().unwrap().values() {
            total += item.as_object().unwrap().len();
        }
        assert_eq!(total, expected.len(), "every operation is named");
        for (path, method, name) in expected {
            let operation = op(&doc, &format!("{base}/{path}"), method);
            assert_eq!(operation["x-rust-name"], name, "{method} {path}");
        }

        let schemas = &doc["components"]["schemas"];
        let names = [
            (
                "/CompletedThirdPartyCallRequest/properties/finalCallStatus",
                "FinalCallStatus",
            ),
            (
                "/FormattedPhoneNumber/properties/phoneNumberType",
                "PhoneNumberType",
            ),
            (
                "/CompletedThirdPartyCallResponse/properties/callerIdMatches/items",
                "CallerIdMatch",
            ),
            (
                "/ContactCallerId/properties/callerIdType",
                "ContactCallerIdType",
            ),
            (
                "/CompanyCallerId/properties/callerIdType",
                "CompanyCallerIdType",
            ),
        ];
        for (at, name) in names {
            assert_eq!(schemas.pointer(at).unwrap()["x-rust-name"], name, "{at}");
        }
        // The schema it renamed is still the oneOf it was.
        assert_eq!(
            schemas
                .pointer("/CompletedThirdPartyCallResponse/properties/callerIdMatches/items/oneOf")
                .and_then(Value::as_array)
                .map(Vec::len),
            Some(2)
        );
    }
}
