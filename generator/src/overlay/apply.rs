//! Applying an overlay's actions (Overlay 1.0.0, with the merge rules Overlay 1.1.0 spelled out):
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

use serde_json::{Map, Value};
use serde_json_path::{NormalizedPath, PathElement};

use super::{Action, ActionKind, Overlay};
use crate::error::Result;
use crate::pointer;

impl Overlay {
    /// Applies all actions in order to `doc`. On error `doc` is left unchanged.
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
        let target_at = format!("/actions/{i}/target");
        let mut seen = HashSet::new();
        let mut locations: Vec<Vec<Step>> = action
            .path
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
            return Err(self.error(
                &target_at,
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
                    let at = pointer_of(loc);
                    let node = node_mut(doc, loc).ok_or_else(|| {
                        self.error(
                            &target_at,
                            format!("action {i}: the node at #{at} disappeared during the update"),
                        )
                    })?;
                    update_node(node, update, &at).map_err(|message| {
                        self.error(
                            &format!("/actions/{i}/update"),
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
                        return Err(self.error(
                            &target_at,
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

fn pointer_of(steps: &[Step]) -> String {
    steps.iter().fold(String::new(), |at, step| match step {
        Step::Key(key) => pointer::join(&at, key),
        Step::Index(index) => pointer::join(&at, &index.to_string()),
    })
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
        let child = pointer::join(at, key);
        match (target.get_mut(key), new) {
            (None, _) => {
                target.insert(key.clone(), new.clone());
            }
            (Some(Value::Object(old)), Value::Object(new)) => merge_objects(old, new, &child)?,
            (Some(Value::Array(old)), Value::Array(new)) => old.extend(new.iter().cloned()),
            (Some(old), new) if old.is_null() || (is_primitive(old) && is_primitive(new)) => {
                *old = new.clone();
            }
            (Some(old), new) => {
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

#[cfg(test)]
mod tests {
    use super::super::tests::{overlay, pointer_of as error_pointer, HEAD};
    use serde_json::json;
    use std::path::PathBuf;

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
        assert_eq!(error_pointer(&e), "/actions/1/update");
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
        assert_eq!(error_pointer(&e), "/actions/0/target");
    }

    #[test]
    fn target_matching_nothing_is_a_located_error() {
        let o = overlay(&format!(
            "{HEAD}actions:\n  - target: $.a\n    update: {{x: 1}}\n  - target: $.paths['/gone'].get\n    description: gone\n    update: {{x: 1}}\n"
        ));
        let mut doc = json!({"a": {}, "paths": {}});
        let e = o.apply(&mut doc).unwrap_err();
        assert_eq!(error_pointer(&e), "/actions/1/target");
        let location = e.location().cloned().unwrap_or_default();
        assert_eq!(location.file, PathBuf::from("specs/overlays/test.yaml"));
        assert_eq!(location.line_col, Some((6, 5)));
        let message = e.to_string();
        assert!(message.contains("selects nothing"), "{message}");
        assert!(message.contains("gone"), "{message}");
        assert_eq!(doc, json!({"a": {}, "paths": {}}), "all or nothing");
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
}
