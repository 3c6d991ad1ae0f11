//! What the generator reads beyond OpenAPI itself, each checked where it is written so a wrong
//! overlay fails with its location rather than in generated code:
//!
//! - `x-rust-name` on a schema (an UpperCamelCase type name) or an operation (its method name);
//! - `x-idempotent: true|false` on an operation: whether it is safe to retry after it was sent
//!   (by default every method but POST and PATCH is);
//! - `x-pagination` on an operation (`cursor`, `next`, `items`, `maxResults`): the builder gets
//!   `.stream()`;
//! - `maxItems` on the arrays of a request body: checked before sending, and a body with one
//!   such array gets `.send_chunked()`.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde::Deserialize;
use serde_json::Value;

use super::{Body, Builder, Cursor, Limit, Pagination, Param, ParamIn, Step, StructDef, Success};
use super::{Ty, TypeKind};
use crate::error::Result;
use crate::naming;
use crate::pointer::{self, join};

/// Extension that sets the Rust name of an operation (snake_case) or a schema (UpperCamelCase).
pub const RUST_NAME: &str = "x-rust-name";
/// Extension that marks a POST/PATCH operation as safe to retry after it was sent.
pub const IDEMPOTENT: &str = "x-idempotent";
/// Extension that describes cursor pagination (`cursor`, `next`, `items`, `maxResults`).
pub const PAGINATION: &str = "x-pagination";

/// `x-pagination` as written.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PaginationExt {
    /// The query parameter or body field that carries the cursor.
    cursor: String,
    /// The property names from the success body to the next cursor.
    next: Vec<String>,
    /// The property of the success body that holds the items.
    items: String,
    /// The most results the API returns for one query.
    #[serde(default)]
    max_results: Option<u64>,
}

type Extensions = IndexMap<String, Value>;

impl Builder<'_> {
    /// The `x-rust-name` of the object at `pointer`, checked to be a string.
    fn rust_name<'e>(&self, extensions: &'e Extensions, pointer: &str) -> Result<Option<&'e str>> {
        match extensions.get(RUST_NAME) {
            None => Ok(None),
            Some(Value::String(name)) => Ok(Some(name)),
            Some(_) => Err(self.err(
                &join(pointer, RUST_NAME),
                format!("{RUST_NAME} must be a string"),
            )),
        }
    }

    /// The `x-rust-name` of the schema at `pointer`, checked to be a type name.
    pub(super) fn type_rust_name<'e>(
        &self,
        extensions: &'e Extensions,
        pointer: &str,
    ) -> Result<Option<&'e str>> {
        let Some(name) = self.rust_name(extensions, pointer)? else {
            return Ok(None);
        };
        if !naming::is_usable(name) {
            return Err(self.err(
                &join(pointer, RUST_NAME),
                format!("{RUST_NAME} `{name}` is not a Rust identifier"),
            ));
        }
        if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            return Err(self.err(
                &join(pointer, RUST_NAME),
                format!(
                    "{RUST_NAME} `{name}` is not a type name: it must start with an upper-case \
                     letter"
                ),
            ));
        }
        Ok(Some(name))
    }

    /// The method name an operation's `x-rust-name` asks for (in snake case).
    pub(super) fn method_rust_name(
        &self,
        extensions: &Extensions,
        pointer: &str,
    ) -> Result<Option<String>> {
        Ok(self.rust_name(extensions, pointer)?.map(naming::snake))
    }

    /// Whether the operation at `pointer` may be retried after it was sent.
    pub(super) fn idempotent(
        &self,
        extensions: &Extensions,
        method: &str,
        pointer: &str,
    ) -> Result<bool> {
        match extensions.get(IDEMPOTENT) {
            None => Ok(!matches!(method, "POST" | "PATCH")),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.err(
                &join(pointer, IDEMPOTENT),
                format!("{IDEMPOTENT} must be true or false"),
            )),
        }
    }

    /// Reads `x-pagination` (at `pointer`) and checks it against the operation's parameters,
    /// body and success type.
    pub(super) fn pagination(
        &self,
        spec: &Value,
        params: &[Param],
        body: Option<&Body>,
        success: &Success,
        pointer: &str,
    ) -> Result<Pagination> {
        let ext: PaginationExt = serde_path_to_error::deserialize(spec).map_err(|e| {
            self.err(
                &format!("{pointer}{}", pointer::from_path(e.path())),
                format!("invalid {PAGINATION}: {}", e.inner()),
            )
        })?;
        if ext.next.is_empty() {
            return Err(self.err(
                &join(pointer, "next"),
                "`next` is empty: it must list the property names from the success body to the \
                 next cursor",
            ));
        }
        let cursor_name = &ext.cursor;
        let cursor = if let Some(p) = params
            .iter()
            .find(|p| p.location == ParamIn::Query && p.api_name == *cursor_name)
        {
            if p.ty != Ty::String || p.required {
                return Err(self.err(
                    &join(pointer, "cursor"),
                    format!("cursor parameter `{cursor_name}` must be an optional string"),
                ));
            }
            Cursor::Query(p.name.clone())
        } else if let Some(field) = body
            .and_then(|b| self.struct_of(&b.ty))
            .and_then(|s| s.fields.iter().find(|f| f.json == *cursor_name))
        {
            if field.ty != Ty::String {
                return Err(self.err(
                    &join(pointer, "cursor"),
                    format!("cursor body field `{cursor_name}` must be a string"),
                ));
            }
            Cursor::Body {
                field: field.name.clone(),
                optional: field.is_option(),
            }
        } else {
            return Err(self.err(
                &join(pointer, "cursor"),
                format!(
                    "`{cursor_name}` is neither a query parameter nor a body field of this \
                     operation"
                ),
            ));
        };
        let Success::Single(case) = success else {
            return Err(self.err(
                pointer,
                format!("{PAGINATION} needs an operation with a single success response"),
            ));
        };
        let Some(page) = self.struct_of(&case.ty) else {
            return Err(self.err(
                pointer,
                "the success body of a paginated operation must be an object",
            ));
        };
        let items_name = &ext.items;
        let Some(items) = page.fields.iter().find(|f| f.json == *items_name) else {
            return Err(self.err(
                &join(pointer, "items"),
                format!("the success body has no property `{items_name}`"),
            ));
        };
        let Ty::Vec(item_ty) = &items.ty else {
            return Err(self.err(
                &join(pointer, "items"),
                format!("`{items_name}` is not an array"),
            ));
        };
        let mut next = Vec::new();
        let mut current = Some(page);
        for (i, step) in ext.next.iter().enumerate() {
            let step_pointer = join(&join(pointer, "next"), &i.to_string());
            let Some(field) = current.and_then(|s| s.fields.iter().find(|f| f.json == *step))
            else {
                return Err(self.err(
                    &step_pointer,
                    format!("no property `{step}` on the way to the next cursor"),
                ));
            };
            next.push(Step {
                field: field.name.clone(),
                optional: field.is_option(),
            });
            let last = i + 1 == ext.next.len();
            if last && field.ty != Ty::String {
                return Err(self.err(
                    &step_pointer,
                    format!("the next cursor `{step}` must be a string"),
                ));
            }
            current = if last {
                None
            } else {
                self.struct_of(&field.ty)
            };
        }
        Ok(Pagination {
            cursor,
            next,
            next_json: ext.next,
            items: items.name.clone(),
            item_ty: (**item_ty).clone(),
            max_results: ext.max_results,
        })
    }

    /// The `maxItems` limits of a request body of type `ty` whose schema is `schema` (at
    /// `pointer`): of the body itself when it is an array, else of its array fields.
    pub(super) fn body_limits(
        &self,
        schema: Option<&ReferenceOr<Schema>>,
        ty: &Ty,
        pointer: &str,
    ) -> Vec<Limit> {
        let array_max = schema
            .and_then(|s| self.resolve(s, pointer).ok())
            .and_then(|found| match &found.item.schema_kind {
                SchemaKind::Type(Type::Array(a)) => a.max_items,
                _ => None,
            });
        if let Some(max) = array_max {
            return vec![Limit {
                field: None,
                json: "body".into(),
                max,
                item: self.item_of(ty, 0),
            }];
        }
        self.struct_of(ty)
            .map(|s| {
                s.fields
                    .iter()
                    .filter(|f| matches!(f.ty, Ty::Vec(_)))
                    .filter_map(|f| {
                        Some(Limit {
                            field: Some(f.name.clone()),
                            json: f.json.clone(),
                            max: f.max_items?,
                            item: self.item_of(&f.ty, 0),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The item type of the array `ty` is, through at most 32 aliases.
    fn item_of(&self, ty: &Ty, depth: usize) -> Option<Ty> {
        match ty {
            Ty::Vec(inner) => Some((**inner).clone()),
            Ty::Named(name) if depth <= 32 => match &self.types.get(name)?.kind {
                TypeKind::Alias(target) => self.item_of(target, depth + 1),
                _ => None,
            },
            _ => None,
        }
    }

    /// The struct `ty` names, through aliases.
    fn struct_of(&self, ty: &Ty) -> Option<&StructDef> {
        self.struct_of_at(ty, 0)
    }

    /// `struct_of` through at most 32 aliases (aliases may form a cycle; that is reported later).
    fn struct_of_at(&self, ty: &Ty, depth: usize) -> Option<&StructDef> {
        if depth > 32 {
            return None;
        }
        let name = match ty {
            Ty::Named(n) => n,
            Ty::Boxed(inner) => match &**inner {
                Ty::Named(n) => n,
                _ => return None,
            },
            _ => return None,
        };
        match &self.types.get(name)?.kind {
            TypeKind::Struct(s) => Some(s),
            TypeKind::Alias(target) => self.struct_of_at(target, depth + 1),
            _ => None,
        }
    }
}

/// The one limited array of a body, which `.send_chunked()` splits.
pub(super) fn chunking(body: Option<&Body>) -> Option<Limit> {
    match body.map(|b| b.limits.as_slice()) {
        Some([only]) => Some(only.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{api, error};
    use super::super::{Cursor, Operation};

    const SCHEMAS: &str = "components:\n  schemas:\n    Page:\n      type: object\n      required: [results]\n      properties:\n        results: {type: array, items: {type: string}}\n        paging: {type: object, properties: {next: {type: object, required: [after], properties: {after: {type: string}}}}}\n    Batch:\n      type: object\n      required: [inputs]\n      properties:\n        inputs: {type: array, maxItems: 100, items: {type: string}}\n        tags: {type: array, items: {type: string}}\n";

    fn spec(extensions: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /calls:\n    get:\n      operationId: listCalls\n{extensions}      parameters: [{{name: after, in: query, schema: {{type: string}}}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}\n    post:\n      operationId: createCalls\n      requestBody: {{required: true, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Batch'}}}}}}}}\n      responses: {{'200': {{description: ok}}}}\n{SCHEMAS}"
        )
    }

    fn op(extensions: &str, name: &str) -> Operation {
        let api = api(&spec(extensions)).unwrap_or_else(|e| panic!("{e}"));
        match api.operations.into_iter().find(|o| o.name == name) {
            Some(op) => op,
            None => panic!("no operation {name}"),
        }
    }

    const PAGED: &str = "      x-pagination: {cursor: after, next: [paging, next, after], items: results, maxResults: 1000}\n";

    #[test]
    fn pagination_is_read_and_checked_against_the_operation() {
        let op = op(PAGED, "list_calls");
        let p = op.pagination.unwrap_or_else(|| panic!("no pagination"));
        assert_eq!(p.cursor, Cursor::Query("after".into()));
        let optional: Vec<bool> = p.next.iter().map(|s| s.optional).collect();
        assert_eq!(optional, [true, true, false]);
        assert_eq!(p.items, "results");
        assert_eq!(p.max_results, Some(1000));
    }

    #[test]
    fn wrong_pagination_is_a_located_error() {
        let cases = [
            (
                "{cursor: after, next: [paging], items: results, extra: 1}",
                "/paths/~1calls/get/x-pagination/extra",
                "unknown field `extra`",
            ),
            (
                "{next: [paging], items: results}",
                "/paths/~1calls/get/x-pagination",
                "missing field `cursor`",
            ),
            (
                "{cursor: after, next: [], items: results}",
                "/paths/~1calls/get/x-pagination/next",
                "is empty",
            ),
            (
                "{cursor: after, next: [paging, 3], items: results}",
                "/paths/~1calls/get/x-pagination/next/1",
                "expected a string",
            ),
            (
                "{cursor: after, next: [paging], items: results, maxResults: -1}",
                "/paths/~1calls/get/x-pagination/maxResults",
                "invalid value",
            ),
            (
                "{cursor: before, next: [paging], items: results}",
                "/paths/~1calls/get/x-pagination/cursor",
                "neither a query parameter",
            ),
            (
                "{cursor: after, next: [paging, next], items: results}",
                "/paths/~1calls/get/x-pagination/next/1",
                "must be a string",
            ),
            (
                "{cursor: after, next: [paging, prev, after], items: results}",
                "/paths/~1calls/get/x-pagination/next/1",
                "no property `prev`",
            ),
            (
                "{cursor: after, next: [paging, next, after], items: paging}",
                "/paths/~1calls/get/x-pagination/items",
                "not an array",
            ),
        ];
        for (ext, pointer, needle) in cases {
            let (at, message) = error(api(&spec(&format!("      x-pagination: {ext}\n"))));
            assert_eq!(at, pointer, "{ext}: {message}");
            assert!(message.contains(needle), "{ext}: {message}");
        }
    }

    #[test]
    fn idempotency_defaults_by_method_and_can_be_set() {
        assert!(op("", "list_calls").idempotent);
        assert!(!op("", "create_calls").idempotent);
        let spec = spec("").replace(
            "      operationId: createCalls\n",
            "      operationId: createCalls\n      x-idempotent: true\n",
        );
        let api = api(&spec).unwrap_or_else(|e| panic!("{e}"));
        assert!(api.operations.iter().all(|o| o.idempotent));
        let (at, message) = error(super::super::testing::api(
            &spec.replace("x-idempotent: true", "x-idempotent: 'yes'"),
        ));
        assert_eq!(at, "/paths/~1calls/post/x-idempotent");
        assert!(message.contains("true or false"), "{message}");
    }

    #[test]
    fn max_items_limits_the_body_and_one_limited_array_is_chunked() {
        let op = op("", "create_calls");
        let limits: Vec<(Option<&str>, &str, usize)> = op
            .body
            .as_ref()
            .map(|b| {
                b.limits
                    .iter()
                    .map(|l| (l.field.as_deref(), l.json.as_str(), l.max))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(limits, [(Some("inputs"), "inputs", 100)]);
        assert_eq!(op.chunking.map(|c| c.max), Some(100));
    }

    #[test]
    fn operation_names_from_x_rust_name() {
        let spec = spec("      x-rust-name: listAll\n");
        let api = api(&spec).unwrap_or_else(|e| panic!("{e}"));
        assert!(api.operations.iter().any(|o| o.name == "list_all"));
        let (at, message) = error(super::super::testing::api(
            &spec.replace("x-rust-name: listAll", "x-rust-name: [a]"),
        ));
        assert_eq!(at, "/paths/~1calls/get/x-rust-name");
        assert!(message.contains("must be a string"), "{message}");
    }
}
