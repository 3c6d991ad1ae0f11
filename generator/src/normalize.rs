//! Stage 3: accept OpenAPI 3.0.x and 3.1.x. A 3.1 document is rewritten into the 3.0 shape the
//! `openapiv3` crate reads (type arrays with `"null"` become `nullable`, `const` becomes a
//! one-value `enum`, schema `examples` are dropped, numeric exclusive bounds become the boolean
//! form, a string with a `contentMediaType` and no `contentEncoding` is `format: binary`), then the result is deserialized with the path of any failure kept for the error.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::pointer::{self, join};
use crate::source::Source;

/// The OpenAPI major.minor the document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// 3.0.x
    V30,
    /// 3.1.x
    V31,
}

/// Marks a one-value enum that came from `const`.
pub const CONST_MARKER: &str = "x-codegen-const";

/// Checks the `openapi` field and rewrites the document in place into the 3.0 shape.
pub fn normalize(source: &Source, doc: &mut Value) -> Result<Version> {
    let version = version(source, doc)?;
    let Some(root) = doc.as_object_mut() else {
        return Err(source.error("", "the document is not a mapping"));
    };
    if version == Version::V31 {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        root.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !root.get("paths").is_some_and(Value::is_object) {
        return Err(source.error("/paths", "`paths` is missing or is not a mapping"));
    }
    walk_document(root);
    Ok(version)
}

fn version(source: &Source, doc: &Value) -> Result<Version> {
    if let Some(swagger) = doc.get("swagger") {
        return Err(source.error(
            "/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported (convert it first, e.g. with swagger2openapi)",
                swagger.as_str().unwrap_or("2.0")
            ),
        ));
    }
    let Some(openapi) = doc.get("openapi") else {
        return Err(source.error("", "no `openapi` field: this is not an OpenAPI 3 document"));
    };
    let text = match openapi {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if text.starts_with("3.0") {
        Ok(Version::V30)
    } else if text.starts_with("3.1") {
        Ok(Version::V31)
    } else {
        Err(source.error(
            "/openapi",
            format!("unsupported OpenAPI version {openapi}; 3.0.x and 3.1.x are supported"),
        ))
    }
}

/// Visits every place a schema can appear and normalizes it.
fn walk_document(root: &mut Map<String, Value>) {
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            schemas.values_mut().for_each(schema);
        }
        for kind in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get_mut(kind) {
                items.values_mut().for_each(parameter);
            }
        }
        for kind in ["responses", "requestBodies"] {
            if let Some(Value::Object(items)) = components.get_mut(kind) {
                items.values_mut().for_each(with_content);
            }
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                if key == "parameters" {
                    each(value, parameter);
                } else if let Some(op) = value.as_object_mut() {
                    if let Some(params) = op.get_mut("parameters") {
                        each(params, parameter);
                    }
                    if let Some(body) = op.get_mut("requestBody") {
                        with_content(body);
                    }
                    if let Some(Value::Object(responses)) = op.get_mut("responses") {
                        responses.values_mut().for_each(with_content);
                    }
                }
            }
        }
    }
}

fn each(value: &mut Value, f: fn(&mut Value)) {
    if let Value::Array(items) = value {
        items.iter_mut().for_each(f);
    }
}

fn parameter(value: &mut Value) {
    if let Some(obj) = value.as_object_mut() {
        if let Some(s) = obj.get_mut("schema") {
            schema(s);
        }
        if let Some(content) = obj.get_mut("content") {
            content_map(content);
        }
    }
}

fn with_content(value: &mut Value) {
    if let Some(obj) = value.as_object_mut() {
        if let Some(content) = obj.get_mut("content") {
            content_map(content);
        }
        if let Some(Value::Object(headers)) = obj.get_mut("headers") {
            headers.values_mut().for_each(parameter);
        }
    }
}

fn content_map(value: &mut Value) {
    if let Value::Object(media) = value {
        for media_type in media.values_mut() {
            if let Some(s) = media_type.get_mut("schema") {
                schema(s);
            }
        }
    }
}

/// Normalizes one schema and everything nested in it.
pub fn schema(value: &mut Value) {
    // A boolean schema (3.1): `true` accepts anything, `false` nothing.
    if let Value::Bool(b) = value {
        *value = if *b {
            Value::Object(Map::new())
        } else {
            serde_json::json!({ "not": {} })
        };
        return;
    }
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    if obj.contains_key("$ref") {
        // 3.1 allows siblings next to $ref; 3.0 ignores them. A $ref plus `nullable` or a
        // description stays a reference; the IR reads `nullable` from the raw value.
        return;
    }
    if let Some(Value::Array(types)) = obj.get("type").cloned() {
        let non_null: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        if non_null.len() != types.len() {
            obj.insert("nullable".into(), Value::Bool(true));
        }
        match non_null.len() {
            0 => {
                obj.remove("type");
            }
            1 => {
                obj.insert("type".into(), non_null[0].clone());
            }
            _ => {
                obj.remove("type");
                let variants = non_null
                    .into_iter()
                    .map(|t| {
                        let mut v = Map::new();
                        v.insert("type".into(), t);
                        Value::Object(v)
                    })
                    .collect();
                obj.insert("anyOf".into(), Value::Array(variants));
            }
        }
    } else if obj.get("type").and_then(Value::as_str) == Some("null") {
        obj.remove("type");
        obj.insert("nullable".into(), Value::Bool(true));
    }
    if let Some(constant) = obj.remove("const") {
        obj.insert("enum".into(), Value::Array(vec![constant]));
        obj.insert(CONST_MARKER.into(), Value::Bool(true));
    }
    if obj.get("enum").is_some() && obj.get("type").is_none() {
        if let Some(Value::Array(values)) = obj.get("enum") {
            let kind = if values.iter().all(Value::is_string) {
                Some("string")
            } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                Some("integer")
            } else {
                None
            };
            if let Some(kind) = kind {
                obj.insert("type".into(), Value::String(kind.into()));
            }
        }
    }
    // 3.1 says binary content with `contentMediaType` (and no `contentEncoding`, which makes it
    // text: base64 and the like) where 3.0 says `format: binary`.
    if obj.get("type").and_then(Value::as_str) == Some("string")
        && obj.contains_key("contentMediaType")
        && !obj.contains_key("contentEncoding")
        && !obj.contains_key("format")
    {
        obj.insert("format".into(), Value::String("binary".into()));
    }
    if let Some(Value::Array(examples)) = obj.remove("examples") {
        if !obj.contains_key("example") {
            if let Some(first) = examples.into_iter().next() {
                obj.insert("example".into(), first);
            }
        }
    }
    for (bound, plain) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(n) = obj.get(bound).filter(|v| v.is_number()).cloned() {
            obj.insert(plain.into(), n);
            obj.insert(bound.into(), Value::Bool(true));
        }
    }
    // `null` alternatives in oneOf/anyOf (the 3.1 way to say nullable).
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alternatives)) = obj.get_mut(key) {
            let before = alternatives.len();
            alternatives.retain(|a| !is_null_schema(a));
            if alternatives.len() != before {
                obj.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    for key in ["properties", "patternProperties", "$defs", "definitions"] {
        if let Some(Value::Object(props)) = obj.get_mut(key) {
            props.values_mut().for_each(schema);
        }
    }
    for key in ["items", "additionalProperties", "not", "contains"] {
        if let Some(v) = obj.get_mut(key) {
            if key == "additionalProperties" && v.is_boolean() {
                continue;
            }
            schema(v);
        }
    }
    for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
        if let Some(Value::Array(items)) = obj.get_mut(key) {
            items.iter_mut().for_each(schema);
        }
    }
    // 3.1 tuple arrays: approximate with their first item type when `items` is absent.
    if !obj.contains_key("items") {
        if let Some(Value::Array(prefix)) = obj.get("prefixItems") {
            if let Some(first) = prefix.first().cloned() {
                obj.insert("items".into(), first);
            }
        }
    }
}

fn is_null_schema(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str) == Some("null")
        && value.as_object().is_some_and(|o| o.len() <= 2)
}

/// Deserializes the normalized document into `openapiv3` types; a failure names the JSON path.
pub fn parse(source: &Source, doc: &Value) -> Result<openapiv3::OpenAPI> {
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let pointer = pointer::from_path(e.path());
        // Untagged enums in openapiv3 (`$ref` or object) hide where inside them a value was
        // wrong; deserialize the parts one by one to find the innermost one that fails.
        let (pointer, message) = narrow(doc).unwrap_or((pointer, e.inner().to_string()));
        source.error(&pointer, format!("not a valid OpenAPI document: {message}"))
    })
}

type Check = fn(&Value) -> std::result::Result<(), String>;

/// The innermost failure found so far.
#[derive(Default)]
struct Narrow {
    found: Option<(String, String)>,
}

impl Narrow {
    /// Does `value` fail `f`? Records it as the innermost failure when it does.
    fn try_at(&mut self, pointer: String, value: &Value, f: Check) -> bool {
        match f(value) {
            Ok(()) => false,
            Err(message) => {
                self.found = Some((pointer, message));
                true
            }
        }
    }
}

fn check<T: serde::de::DeserializeOwned>(value: &Value) -> std::result::Result<(), String> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(drop)
        .map_err(|e| e.inner().to_string())
}

/// The innermost part of `doc` that fails to deserialize, with why.
fn narrow(doc: &Value) -> Option<(String, String)> {
    use openapiv3::{
        Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
    let mut state = Narrow::default();
    let n = &mut state;
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (path, item) in paths {
            let item_pointer = join("/paths", path);
            if !n.try_at(item_pointer.clone(), item, check::<PathItem>) {
                continue;
            }
            let Some(item) = item.as_object() else { break };
            for (key, op) in item {
                let op_pointer = join(&item_pointer, key);
                if key == "parameters" {
                    narrow_list(op, &op_pointer, check::<ReferenceOr<Parameter>>, n);
                    continue;
                }
                if !n.try_at(op_pointer.clone(), op, check::<openapiv3::Operation>) {
                    continue;
                }
                if let Some(params) = op.get("parameters") {
                    narrow_list(
                        params,
                        &join(&op_pointer, "parameters"),
                        check::<ReferenceOr<Parameter>>,
                        n,
                    );
                }
                if let Some(body) = op.get("requestBody") {
                    let p = join(&op_pointer, "requestBody");
                    if n.try_at(p.clone(), body, check::<ReferenceOr<RequestBody>>) {
                        narrow_content(body, &p, n);
                    }
                }
                if let Some(Value::Object(responses)) = op.get("responses") {
                    for (code, response) in responses {
                        let p = join(&join(&op_pointer, "responses"), code);
                        if n.try_at(p.clone(), response, check::<ReferenceOr<Response>>) {
                            narrow_content(response, &p, n);
                        }
                    }
                }
                break;
            }
            break;
        }
    }
    if n.found.is_none() {
        if let Some(Value::Object(components)) = doc.get("components") {
            let kinds: [(&str, Check); 5] = [
                ("schemas", check::<ReferenceOr<Schema>>),
                ("parameters", check::<ReferenceOr<Parameter>>),
                ("responses", check::<ReferenceOr<Response>>),
                ("requestBodies", check::<ReferenceOr<RequestBody>>),
                ("securitySchemes", check::<ReferenceOr<SecurityScheme>>),
            ];
            'kinds: for (kind, f) in kinds {
                let Some(Value::Object(items)) = components.get(kind) else {
                    continue;
                };
                for (name, item) in items {
                    let p = join(&join("/components", kind), name);
                    if n.try_at(p.clone(), item, f) {
                        if kind == "schemas" {
                            narrow_schema(item, &p, n);
                        } else {
                            narrow_content(item, &p, n);
                        }
                        break 'kinds;
                    }
                }
            }
        }
    }
    state.found
}

fn narrow_list(list: &Value, pointer: &str, f: Check, n: &mut Narrow) {
    if let Value::Array(items) = list {
        for (i, item) in items.iter().enumerate() {
            let p = join(pointer, &i.to_string());
            if n.try_at(p.clone(), item, f) {
                if let Some(schema) = item.get("schema") {
                    narrow_schema(schema, &join(&p, "schema"), n);
                }
                return;
            }
        }
    }
}

fn narrow_content(value: &Value, pointer: &str, n: &mut Narrow) {
    if let Some(Value::Object(content)) = value.get("content") {
        for (media, media_type) in content {
            if let Some(schema) = media_type.get("schema") {
                let p = join(&join(&join(pointer, "content"), media), "schema");
                if narrow_schema(schema, &p, n) {
                    return;
                }
            }
        }
    }
}

/// Narrows a failing schema to its innermost failing sub-schema; true when `schema` fails.
fn narrow_schema(schema: &Value, pointer: &str, n: &mut Narrow) -> bool {
    use openapiv3::{ReferenceOr, Schema};
    if !n.try_at(pointer.to_string(), schema, check::<ReferenceOr<Schema>>) {
        return false;
    }
    let Some(obj) = schema.as_object() else {
        return true;
    };
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (name, prop) in props {
            if narrow_schema(prop, &join(&join(pointer, "properties"), name), n) {
                return true;
            }
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = obj.get(key).filter(|c| c.is_object()) {
            if narrow_schema(child, &join(pointer, key), n) {
                return true;
            }
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(items)) = obj.get(key) {
            for (i, item) in items.iter().enumerate() {
                if narrow_schema(item, &join(&join(pointer, key), &i.to_string()), n) {
                    return true;
                }
            }
        }
    }
    // No child fails on its own: the schema itself is where the problem is.
    n.try_at(pointer.to_string(), schema, check::<ReferenceOr<Schema>>)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn type_arrays_become_nullable() {
        let mut s = json!({"type": ["string", "null"]});
        schema(&mut s);
        assert_eq!(s, json!({"type": "string", "nullable": true}));
        let mut s = json!({"type": ["string", "integer"]});
        schema(&mut s);
        assert_eq!(
            s,
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn binary_content_becomes_format_binary() {
        let mut s = json!({"type": "string", "contentMediaType": "image/png"});
        schema(&mut s);
        assert_eq!(s["format"], "binary");
        let mut text =
            json!({"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"});
        schema(&mut text);
        assert!(text.get("format").is_none(), "base64 is text: {text}");
    }

    #[test]
    fn const_becomes_enum() {
        let mut s = json!({"const": "CONTACT"});
        schema(&mut s);
        assert_eq!(
            s,
            json!({"enum": ["CONTACT"], CONST_MARKER: true, "type": "string"})
        );
    }

    #[test]
    fn nested_schemas_and_null_alternatives() {
        let mut s = json!({"type": "object", "properties": {"a": {"oneOf": [{"$ref": "#/x"}, {"type": "null"}]}, "const": {"type": "string"}}});
        schema(&mut s);
        assert_eq!(
            s["properties"]["a"],
            json!({"oneOf": [{"$ref": "#/x"}], "nullable": true})
        );
        assert_eq!(s["properties"]["const"], json!({"type": "string"}));
    }
}
