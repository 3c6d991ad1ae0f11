//! Stage 2b: external `$ref`s (`other.yaml#/components/schemas/Thing`, `common.json`) are
//! brought into the document, so the later stages only ever see local references.
//!
//! A reference to a schema under `components/schemas` of another file is hoisted: the schema is
//! copied into this document's `components/schemas` under its own name (numbered if the name is
//! taken) and the reference becomes local, which keeps the type name and lets schemas refer to
//! each other, recursively too. Any other external reference is inlined. References inside an
//! external file are resolved against that file. A file that cannot be read, a pointer that
//! selects nothing and a cycle of inlined references are errors located at the `$ref`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::load::Document;
use crate::pointer::{self, join};
use crate::source::Source;

/// Resolves every external `$ref` of `doc`, which was loaded from `source`.
pub fn bundle(source: &Source, doc: &mut Value) -> Result<()> {
    if !has_external_ref(doc) {
        return Ok(());
    }
    let taken = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    let mut bundler = Bundler {
        main: source.path.clone(),
        files: BTreeMap::new(),
        values: BTreeMap::new(),
        hoisted: BTreeMap::new(),
        taken,
        schemas: Vec::new(),
        inlining: Vec::new(),
    };
    bundler.files.insert(source.path.clone(), source.clone());
    bundler.walk(doc, &source.path.clone(), "", false)?;
    if !bundler.schemas.is_empty() {
        let Some(root) = doc.as_object_mut() else {
            return Ok(());
        };
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(schemas) = schemas.as_object_mut() {
                for (name, schema) in bundler.schemas {
                    schemas.insert(name, schema);
                }
            }
        }
    }
    Ok(())
}

fn has_external_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (k == "$ref" && v.as_str().is_some_and(|r| !r.starts_with('#'))) || has_external_ref(v)
        }),
        Value::Array(items) => items.iter().any(has_external_ref),
        _ => false,
    }
}

struct Bundler {
    main: PathBuf,
    /// Every file read so far (the main one included), for error locations.
    files: BTreeMap<PathBuf, Source>,
    /// The parsed documents of the external files read so far.
    values: BTreeMap<PathBuf, Value>,
    /// (file, schema name) → the local name it was hoisted as.
    hoisted: BTreeMap<(PathBuf, String), String>,
    /// Schema names in use in the main document.
    taken: std::collections::BTreeSet<String>,
    /// Hoisted schemas, in order.
    schemas: Vec<(String, Value)>,
    /// External references being inlined, to refuse cycles.
    inlining: Vec<(PathBuf, String)>,
}

impl Bundler {
    fn error(&self, file: &Path, pointer: &str, message: String) -> Error {
        match self.files.get(file) {
            Some(source) => source.error(pointer, message),
            None => Error::spec(file, pointer, message),
        }
    }

    /// The node at `target` in `file` (read and parsed once per file), copied out.
    fn target(
        &mut self,
        file: &Path,
        target: &str,
        from: &Path,
        pointer: &str,
        reference: &str,
    ) -> Result<Option<Value>> {
        if !self.values.contains_key(file) {
            let doc = Document::load(file).map_err(|e| {
                let why = match &e {
                    Error::Io { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                self.error(
                    from,
                    &join(pointer, "$ref"),
                    format!("external $ref `{reference}` cannot be read: {why}"),
                )
            })?;
            self.files.insert(file.to_path_buf(), doc.source);
            self.values.insert(file.to_path_buf(), doc.value);
        }
        Ok(self
            .values
            .get(file)
            .and_then(|doc| pointer::resolve(doc, target))
            .cloned())
    }

    fn walk(&mut self, node: &mut Value, file: &Path, pointer: &str, external: bool) -> Result<()> {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref").cloned().as_ref() {
                    if reference.starts_with('#') && !external {
                        return Ok(());
                    }
                    return self.reference(node, reference, file, pointer);
                }
                for (key, value) in map.iter_mut() {
                    self.walk(value, file, &join(pointer, key), external)?;
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, file, &join(pointer, &i.to_string()), external)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn reference(
        &mut self,
        node: &mut Value,
        reference: &str,
        file: &Path,
        pointer: &str,
    ) -> Result<()> {
        let (path_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file = if path_part.is_empty() {
            file.to_path_buf()
        } else if path_part.contains("://") {
            return Err(self.error(
                file,
                &join(pointer, "$ref"),
                format!("external $ref `{reference}` cannot be read: only relative file references are supported, not URLs"),
            ));
        } else {
            file.parent().unwrap_or(Path::new(".")).join(path_part)
        };
        let target_pointer = fragment.to_string();
        if target_file == self.main && target_pointer.starts_with('/') {
            // Back into the main document: a plain local reference.
            *node = serde_json::json!({ "$ref": format!("#{target_pointer}") });
            return Ok(());
        }
        let Some(target) = self.target(&target_file, &target_pointer, file, pointer, reference)?
        else {
            return Err(self.error(
                file,
                &join(pointer, "$ref"),
                format!(
                    "external $ref `{reference}` points at nothing in {}",
                    target_file.display()
                ),
            ));
        };
        let segments = pointer::segments(&target_pointer).unwrap_or_default();
        if let [components, schemas, name] = segments.as_slice() {
            if components == "components" && schemas == "schemas" {
                let key = (target_file.clone(), name.clone());
                let local = match self.hoisted.get(&key) {
                    Some(local) => local.clone(),
                    None => {
                        let local = self.free_name(name);
                        self.hoisted.insert(key, local.clone());
                        let mut schema = target;
                        self.walk(&mut schema, &target_file, &target_pointer, true)?;
                        self.schemas.push((local.clone(), schema));
                        local
                    }
                };
                *node = serde_json::json!({ "$ref": format!("#/components/schemas/{}", pointer::escape(&local)) });
                return Ok(());
            }
        }
        let key = (target_file.clone(), target_pointer.clone());
        if self.inlining.contains(&key) {
            return Err(self.error(
                file,
                &join(pointer, "$ref"),
                format!("external $ref `{reference}` refers back to itself; only schemas under components/schemas may be recursive across files"),
            ));
        }
        self.inlining.push(key);
        let mut inlined = target;
        self.walk(&mut inlined, &target_file, &target_pointer, true)?;
        self.inlining.pop();
        *node = inlined;
        Ok(())
    }

    fn free_name(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_string();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("codegen-bundle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn hoists_schemas_and_inlines_the_rest() {
        let dir = temp("hoist");
        std::fs::write(
            dir.join("common.yaml"),
            "components:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n        tag: {$ref: '#/components/schemas/Tag'}\n    Tag: {type: string}\n  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n",
        )
        .expect("write");
        let main = dir.join("api.yaml");
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n      - $ref: 'common.yaml#/components/parameters/Limit'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'common.yaml#/components/schemas/Node'}\ncomponents:\n  schemas:\n    Tag: {type: integer}\n";
        std::fs::write(&main, text).expect("write");
        let mut doc = Document::load(&main).expect("loads");
        bundle(&doc.source.clone(), &mut doc.value).expect("bundles");
        let v = &doc.value;
        assert_eq!(
            v.pointer("/paths/~1a/get/parameters/0/name"),
            Some(&Value::from("limit"))
        );
        assert_eq!(
            v.pointer("/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
            Some(&Value::from("#/components/schemas/Node"))
        );
        assert_eq!(
            v.pointer("/components/schemas/Node/properties/next/$ref"),
            Some(&Value::from("#/components/schemas/Node")),
            "recursion stays a reference"
        );
        assert_eq!(
            v.pointer("/components/schemas/Node/properties/tag/$ref"),
            Some(&Value::from("#/components/schemas/Tag2")),
            "a taken name is numbered"
        );
        assert_eq!(
            v.pointer("/components/schemas/Tag/type"),
            Some(&Value::from("integer"))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unreadable_and_empty_targets_are_located_errors() {
        let dir = temp("errors");
        let main = dir.join("api.yaml");
        std::fs::write(&main, "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'missing.yaml#/components/schemas/A'\n").expect("write");
        let mut doc = Document::load(&main).expect("loads");
        let err = bundle(&doc.source.clone(), &mut doc.value).expect_err("missing file");
        let text = err.to_string();
        assert!(
            text.contains("cannot be read") && text.contains(":6:"),
            "{text}"
        );
        std::fs::write(dir.join("other.yaml"), "a: 1\n").expect("write");
        std::fs::write(&main, "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'other.yaml#/nope'\n").expect("write");
        let mut doc = Document::load(&main).expect("loads");
        let err = bundle(&doc.source.clone(), &mut doc.value).expect_err("bad pointer");
        assert!(err.to_string().contains("points at nothing"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
