//! Stage 4: a small model of one API, with every Rust name decided. `emit` turns it into code and
//! `surface` into the reviewable API listing; neither makes a naming decision of its own.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    SecurityScheme, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::naming::{self, Scope};
use crate::normalize::CONST_MARKER;
use crate::pointer::{escape as escape_segment, join};
use crate::source::Source;

/// Extension that sets the Rust name of an operation (snake_case) or a schema (UpperCamelCase).
pub const RUST_NAME: &str = "x-rust-name";
/// Extension that marks a POST/PATCH operation as safe to retry after it was sent.
pub const IDEMPOTENT: &str = "x-idempotent";
/// Extension that describes cursor pagination (`cursor`, `next`, `items`, `maxResults`).
pub const PAGINATION: &str = "x-pagination";

/// One API: the module generated from one spec file.
#[derive(Debug, Clone)]
pub struct Api {
    /// Module name (`calls`).
    pub module: String,
    /// Name of the per-spec handle type (`CallsApi`).
    pub handle: String,
    /// The spec's file name with its directory (`specs/calls.yaml`), for the generated header.
    pub spec_file: String,
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// All named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// All operations, sorted by method name.
    pub operations: Vec<Operation>,
    /// Whether `crate::Client` gets a `client.<module>()` accessor (the index is generated).
    pub accessor: bool,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `String`
    String,
    /// `chrono::DateTime<Utc>` (format `date-time`)
    DateTime,
    /// `chrono::NaiveDate` (format `date`)
    Date,
    /// `uuid::Uuid`
    Uuid,
    /// `serde_json::Value`: anything.
    Json,
    /// `serde_json::Map<String, Value>`: a free-form object.
    JsonObject,
    /// A generated type.
    Named(String),
    /// `Vec<T>`
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
    /// `Option<T>` inside a collection (nullable items or values).
    Option(Box<Ty>),
    /// `Box<T>`: breaks a recursive type.
    Boxed(Box<Ty>),
    /// `()`: no body.
    Unit,
    /// `bytes::Bytes`: a non-JSON body.
    Bytes,
}

impl Ty {
    /// Is this a collection that is naturally empty (so an absent optional value is just empty)?
    pub fn is_collection(&self) -> bool {
        matches!(self, Ty::Vec(_) | Ty::Map(_))
    }
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Doc text (markdown).
    pub doc: String,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of named types.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string (or integer) enum that keeps unknown values.
    Enum(EnumDef),
    /// `oneOf` / `anyOf`.
    Union(UnionDef),
    /// A named schema that is just another type.
    Alias(Ty),
    /// A named schema that is another type and refers to itself through it (an array of
    /// itself, say): a `#[serde(transparent)]` newtype, since a type alias cannot be recursive.
    Newtype(Ty),
    /// The successes of an operation with several success statuses.
    Responses(Vec<ResponseCase>),
}

/// A struct.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Type of `additionalProperties` next to named properties, kept in a flattened map.
    pub extra: Option<Ty>,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name.
    pub name: String,
    /// JSON name.
    pub json: String,
    /// Type (without the `Option` an optional field gets).
    pub ty: Ty,
    /// In `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Docs.
    pub doc: String,
    /// `maxItems` of an array field, checked before a request is sent.
    pub max_items: Option<usize>,
}

impl Field {
    /// Is the Rust field an `Option`? Collections are never optional: absent means empty.
    pub fn is_option(&self) -> bool {
        !self.ty.is_collection() && (!self.required || self.nullable)
    }
}

/// A forward-compatible enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// (Rust variant, wire value) pairs.
    pub variants: Vec<(String, Value)>,
    /// Name of the variant that keeps values the spec does not list.
    pub other: String,
    /// Index of the default value.
    pub default: Option<usize>,
    /// Integer enum rather than string enum.
    pub integer: bool,
}

/// A union of schemas.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// Property whose value tells the variants apart, when there is one.
    pub tag: Option<String>,
    /// Variants in spec order.
    pub variants: Vec<UnionVariant>,
    /// Name of the variant that keeps anything else as JSON (tagged unions only).
    pub other: String,
}

/// One variant of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust name.
    pub name: String,
    /// Value of the tag property that selects this variant.
    pub tag_value: Option<String>,
    /// Payload.
    pub ty: Ty,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamIn {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub api_name: String,
    /// Location.
    pub location: ParamIn,
    /// Required (path parameters always are).
    pub required: bool,
    /// Type.
    pub ty: Ty,
    /// Arrays: `name=a&name=b` (true) or `name=a,b` (false).
    pub explode: bool,
    /// Docs.
    pub doc: String,
    /// Server-side default, for docs.
    pub default: Option<Value>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Type.
    pub ty: Ty,
    /// `maxItems` limits: of the body itself when it is an array, else of its array fields.
    /// Checked before a request is sent.
    pub limits: Vec<Limit>,
    /// Must be sent.
    pub required: bool,
    /// Docs.
    pub doc: String,
}

/// One success status of an operation.
#[derive(Debug, Clone)]
pub struct ResponseCase {
    /// HTTP status (a range like `2XX` is stored as 200..=299 via `range`).
    pub status: u16,
    /// True for `2XX`-style ranges: `status` is the first code of the range.
    pub range: bool,
    /// Variant name in the response enum.
    pub variant: String,
    /// Body type, `Ty::Unit` for none.
    pub ty: Ty,
    /// Docs (the response description).
    pub doc: String,
}

/// The success result of an operation.
#[derive(Debug, Clone)]
pub enum Success {
    /// One success status (or none declared): the body type.
    Single(ResponseCase),
    /// Several: a generated enum with one variant per status.
    Several {
        /// The enum's name.
        name: String,
        /// The cases.
        cases: Vec<ResponseCase>,
    },
}

/// A credential scheme an operation accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// OAuth2 / OpenID Connect / HTTP bearer.
    Bearer,
    /// An API key.
    ApiKey {
        /// Header, query or cookie name.
        name: String,
        /// `query`, `header` or `cookie`.
        location: ParamIn,
    },
    /// Something the runtime cannot provide (e.g. HTTP basic).
    Unsupported(String),
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Method name (`create_call`).
    pub name: String,
    /// Builder type name (`CreateCall`).
    pub builder: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// Docs (summary and description).
    pub doc: String,
    /// Parameters: path parameters first, in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// What a success returns.
    pub success: Success,
    /// Type of the `default` / error responses, for docs and the surface listing.
    pub error: Option<Ty>,
    /// Accepted credentials: alternatives of scheme sets. Empty: no auth.
    pub security: Vec<Vec<Scheme>>,
    /// Safe to retry after it was sent.
    pub idempotent: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Cursor pagination, from `x-pagination`: the builder gets `.stream()`.
    pub pagination: Option<Pagination>,
    /// The body's one array that the API limits with `maxItems`: the builder gets
    /// `.send_chunked()`.
    pub chunking: Option<Limit>,
}

/// Where the cursor of the next page goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// A query parameter (Rust name of the builder field).
    Query(String),
    /// A field of the request body (Rust name; whether it is an `Option`).
    Body {
        /// Rust field name.
        field: String,
        /// The field is an `Option<String>`.
        optional: bool,
    },
}

/// One step from the success body towards the next cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Rust field name.
    pub field: String,
    /// The field is an `Option`.
    pub optional: bool,
}

/// Cursor pagination of one operation.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Where the cursor goes.
    pub cursor: Cursor,
    /// Path from the success body to the next cursor (a `String`).
    pub next: Vec<Step>,
    /// JSON names of that path, for docs.
    pub next_json: Vec<String>,
    /// Rust field of the success body holding the items.
    pub items: String,
    /// Type of one item.
    pub item_ty: Ty,
    /// The most results the API returns for one query.
    pub max_results: Option<u64>,
}

/// A request-body array limited by `maxItems`.
#[derive(Debug, Clone)]
pub struct Limit {
    /// Rust field of the body struct; `None` when the body itself is the array.
    pub field: Option<String>,
    /// JSON name of the field (`body` for the body itself).
    pub json: String,
    /// `maxItems`.
    pub max: usize,
}

/// Builds the IR of one parsed spec.
pub fn build(source: &Source, module: &str, spec: &OpenAPI) -> Result<Api> {
    let mut b = Builder {
        source,
        spec,
        types: BTreeMap::new(),
        type_names: naming::type_scope(),
        component_names: BTreeMap::new(),
        in_progress: BTreeSet::new(),
        origins: BTreeMap::new(),
        depth: 0,
    };
    let handle = b.type_names.claim(&format!("{}Api", naming::camel(module)));
    b.name_components()?;
    b.build_components()?;
    let mut operations = b.build_operations()?;
    b.recursive_aliases()?;
    b.box_recursive_fields();
    let Builder { mut types, .. } = b;
    // Builders live in their own module, which imports every type: a builder must not take the
    // name of a type.
    let mut builder_names = naming::type_scope();
    for name in types.keys() {
        builder_names.claim(name);
    }
    for op in &mut operations {
        op.builder = builder_names.claim(&op.builder);
        if let Success::Several { name, .. } = &op.success {
            if let Some(def) = types.get_mut(name) {
                def.doc = format!(
                    "The successful outcomes of [`{}`](builders::{}), one variant per status.",
                    op.builder, op.builder
                );
            }
        }
    }
    Ok(Api {
        module: module.to_string(),
        handle,
        // The file and its directory (`specs/calls.yaml`): enough to find it, and the same on
        // every machine.
        spec_file: {
            let parts: Vec<String> = source
                .path
                .components()
                .rev()
                .take(2)
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.into_iter().rev().collect::<Vec<_>>().join("/")
        },
        title: spec.info.title.clone(),
        description: spec.info.description.clone(),
        version: spec.info.version.clone(),
        types: types.into_values().collect(),
        operations,
        accessor: true,
    })
}

struct Builder<'a> {
    source: &'a Source,
    spec: &'a OpenAPI,
    types: BTreeMap<String, TypeDef>,
    type_names: Scope,
    /// Component schema key → Rust type name.
    component_names: BTreeMap<String, String>,
    /// Components being converted (guards against `allOf` cycles).
    in_progress: BTreeSet<String>,
    /// Rust type name of a component → its JSON pointer, for errors.
    origins: BTreeMap<String, String>,
    /// How deep inline schemas are nested right now.
    depth: usize,
}

/// Deepest nesting of inline schemas accepted (real specs stay far below).
const MAX_DEPTH: usize = 64;

fn ext_str<'v>(extensions: &'v indexmap::IndexMap<String, Value>, key: &str) -> Option<&'v str> {
    extensions.get(key).and_then(Value::as_str)
}

/// Markdown doc text from optional summary and description.
fn doc_text(parts: &[Option<&str>]) -> String {
    let mut out: Vec<String> = Vec::new();
    for part in parts.iter().flatten() {
        let text = sanitize_doc(part);
        if !text.is_empty() && !out.contains(&text) {
            out.push(text);
        }
    }
    out.join("\n\n")
}

/// Keeps spec prose from turning into doctests or broken markup: code fences are marked as
/// text, indented lines are un-indented, and trailing whitespace is dropped.
fn sanitize_doc(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // An opening fence becomes `text` whatever its language; a closing one stays bare.
            out.push(if in_fence { "```" } else { "```text" }.to_string());
            in_fence = !in_fence;
            continue;
        }
        let indent = line.len() - trimmed.len();
        out.push(if indent >= 4 { trimmed } else { line }.to_string());
    }
    out.join("\n")
}

fn ref_target<'r>(reference: &'r str, prefix: &str) -> Option<&'r str> {
    reference.strip_prefix(prefix)
}

impl<'a> Builder<'a> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.source.error(pointer, message)
    }

    fn schemas(&self) -> Option<&'a indexmap::IndexMap<String, ReferenceOr<Schema>>> {
        self.spec.components.as_ref().map(|c| &c.schemas)
    }

    /// Claims a Rust name for every component schema, in sorted order, before any inline type.
    fn name_components(&mut self) -> Result<()> {
        let Some(schemas) = self.schemas() else {
            return Ok(());
        };
        let mut keys: Vec<&String> = schemas.keys().collect();
        keys.sort();
        // Explicit names first, so a derived name never takes a name an overlay asked for.
        for pass in [true, false] {
            for key in &keys {
                let explicit = match &schemas[*key] {
                    ReferenceOr::Item(s) => ext_str(&s.schema_data.extensions, RUST_NAME),
                    ReferenceOr::Reference { .. } => None,
                };
                if explicit.is_some() != pass {
                    continue;
                }
                let wanted = explicit.map_or_else(|| naming::camel(key), str::to_string);
                if pass && (!naming::is_identifier(&wanted) || naming::is_keyword(&wanted)) {
                    return Err(self.err(
                        &format!("/components/schemas/{}/{RUST_NAME}", escape_segment(key)),
                        format!("{RUST_NAME} `{wanted}` is not a Rust identifier"),
                    ));
                }
                if pass && self.type_names.contains(&wanted) {
                    return Err(self.err(
                        &format!("/components/schemas/{}/{RUST_NAME}", escape_segment(key)),
                        format!("{RUST_NAME} `{wanted}` is used twice"),
                    ));
                }
                let name = self.type_names.claim(&wanted);
                self.component_names.insert((*key).clone(), name);
            }
        }
        Ok(())
    }

    fn build_components(&mut self) -> Result<()> {
        let Some(schemas) = self.schemas() else {
            return Ok(());
        };
        let mut keys: Vec<&String> = schemas.keys().collect();
        keys.sort();
        for key in keys {
            self.component(key)?;
        }
        Ok(())
    }

    /// Converts component `key` into its named type (once).
    fn component(&mut self, key: &str) -> Result<String> {
        let name = self.component_names.get(key).cloned().unwrap_or_default();
        if self.types.contains_key(&name) || self.in_progress.contains(key) {
            return Ok(name);
        }
        let pointer = format!("/components/schemas/{}", escape_segment(key));
        let schemas = self.schemas();
        let Some(schema) = schemas.and_then(|s| s.get(key)) else {
            return Err(self.err(&pointer, format!("schema `{key}` does not exist")));
        };
        self.in_progress.insert(key.to_string());
        self.origins.insert(name.clone(), pointer.clone());
        let def = match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.schema_ref(reference, &pointer)?;
                TypeDef {
                    name: name.clone(),
                    doc: format!("Alias of the `{key}` schema."),
                    kind: TypeKind::Alias(ty),
                }
            }
            ReferenceOr::Item(schema) => match self.named_def(&name, schema, &pointer)? {
                Some(def) => def,
                None => {
                    let ty = self.inline_ty(schema, &name, &pointer)?;
                    TypeDef {
                        name: name.clone(),
                        doc: self.schema_doc(schema, &format!("The `{key}` schema.")),
                        kind: TypeKind::Alias(ty),
                    }
                }
            },
        };
        self.in_progress.remove(key);
        self.types.insert(name.clone(), def);
        Ok(name)
    }

    fn schema_doc(&self, schema: &Schema, fallback: &str) -> String {
        let data = &schema.schema_data;
        let text = doc_text(&[data.title.as_deref(), data.description.as_deref()]);
        let mut doc = if text.is_empty() {
            fallback.to_string()
        } else {
            text
        };
        if data.deprecated {
            doc.push_str("\n\nDeprecated by the API.");
        }
        doc
    }

    /// Resolves a schema `$ref` to the type of the named component.
    fn schema_ref(&mut self, reference: &str, pointer: &str) -> Result<Ty> {
        let Some(key) = ref_target(reference, "#/components/schemas/") else {
            return Err(self.bad_ref(reference, "#/components/schemas/", pointer));
        };
        let key = key.replace("~1", "/").replace("~0", "~");
        if !self.component_names.contains_key(&key) {
            return Err(self.err(
                &join(pointer, "$ref"),
                format!("unresolved $ref `{reference}`: there is no schema `{key}` in components.schemas"),
            ));
        }
        Ok(Ty::Named(self.component(&key)?))
    }

    fn bad_ref(&self, reference: &str, expected: &str, pointer: &str) -> Error {
        let message = if !reference.starts_with('#') {
            format!("external $ref `{reference}` is not supported: bundle the document into one file first")
        } else {
            format!("$ref `{reference}` points at the wrong kind of object: expected `{expected}…`")
        };
        self.err(&join(pointer, "$ref"), message)
    }

    /// Resolves a schema reference without converting it (for allOf merging and union tags).
    fn resolve_schema(
        &self,
        schema: &'a ReferenceOr<Schema>,
    ) -> Option<(&'a Schema, Option<String>)> {
        match schema {
            ReferenceOr::Item(s) => Some((s, None)),
            ReferenceOr::Reference { reference } => {
                let key = ref_target(reference, "#/components/schemas/")?;
                match self.schemas()?.get(key)? {
                    ReferenceOr::Item(s) => Some((s, Some(key.to_string()))),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// The type of a schema that appears at `pointer`; inline structs, enums and unions get a
    /// named type called `context` (or their `x-rust-name`).
    fn ty(&mut self, schema: &ReferenceOr<Schema>, context: &str, pointer: &str) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_ty(schema, context, pointer),
        }
    }

    fn boxed_ty(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        context: &str,
        pointer: &str,
    ) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_ty(schema, context, pointer),
        }
    }

    fn inline_ty(&mut self, schema: &Schema, context: &str, pointer: &str) -> Result<Ty> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(
                pointer,
                format!("schemas nest more than {MAX_DEPTH} levels deep here; is a schema expanding into itself?"),
            ));
        }
        self.depth += 1;
        let ty = self.inline_ty_inner(schema, context, pointer);
        self.depth -= 1;
        ty
    }

    fn inline_ty_inner(&mut self, schema: &Schema, context: &str, pointer: &str) -> Result<Ty> {
        if needs_named_type(schema) {
            let explicit = ext_str(&schema.schema_data.extensions, RUST_NAME);
            if let Some(name) =
                explicit.filter(|n| !naming::is_identifier(n) || naming::is_keyword(n))
            {
                return Err(self.err(
                    &join(pointer, RUST_NAME),
                    format!("{RUST_NAME} `{name}` is not a Rust identifier"),
                ));
            }
            let wanted = explicit.map_or_else(|| naming::camel(context), str::to_string);
            let name = self.type_names.claim(&wanted);
            if let Some(def) = self.named_def(&name, schema, pointer)? {
                self.types.insert(name.clone(), def);
                return Ok(Ty::Named(name));
            }
        }
        self.plain_ty(schema, context, pointer)
    }

    /// The type of a schema that needs no named type of its own.
    fn plain_ty(&mut self, schema: &Schema, context: &str, pointer: &str) -> Result<Ty> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Ty::Uuid,
                _ => Ty::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            },
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let item =
                        self.boxed_ty(items, &format!("{context}Item"), &join(pointer, "items"))?;
                    Ty::Vec(Box::new(nullable_wrap(
                        item,
                        items.as_item().is_some_and(|s| s.schema_data.nullable),
                    )))
                }
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                self.map_ty(o.additional_properties.as_ref(), context, pointer)?
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.ty(&all_of[0], context, &format!("{pointer}/allOf/0"))?
            }
            SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items }
                if items.len() == 1 =>
            {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.ty(&items[0], context, &format!("{pointer}/{key}/0"))?
            }
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    let item =
                        self.boxed_ty(items, &format!("{context}Item"), &join(pointer, "items"))?;
                    Ty::Vec(Box::new(item))
                } else if any.additional_properties.is_some() {
                    self.map_ty(any.additional_properties.as_ref(), context, pointer)?
                } else {
                    match any.typ.as_deref() {
                        None => Ty::Json,
                        Some("object") => Ty::JsonObject,
                        Some(other) => {
                            return Err(self.err(
                                &join(pointer, "type"),
                                format!("unknown schema type `{other}`: expected string, number, integer, boolean, array, object or null"),
                            ))
                        }
                    }
                }
            }
            SchemaKind::Not { .. } => Ty::Json,
            // Multi-part unions and allOf are always named types (see `needs_named_type`).
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                Ty::Json
            }
        })
    }

    fn map_ty(
        &mut self,
        additional: Option<&AdditionalProperties>,
        context: &str,
        pointer: &str,
    ) -> Result<Ty> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let nullable = value.as_item().is_some_and(|s| s.schema_data.nullable);
                let ty = self.ty(
                    value,
                    &format!("{context}Value"),
                    &join(pointer, "additionalProperties"),
                )?;
                Ty::Map(Box::new(nullable_wrap(ty, nullable)))
            }
            _ => Ty::JsonObject,
        })
    }

    /// A named type definition for `schema`, or `None` when it is not a struct, enum or union.
    fn named_def(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<Option<TypeDef>> {
        let doc = self.schema_doc(schema, &format!("The `{name}` type."));
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                TypeKind::Struct(self.struct_def(
                    name,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    pointer,
                )?)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                TypeKind::Struct(self.struct_def(
                    name,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    pointer,
                )?)
            }
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| Value::String(v.clone()))
                    .collect();
                TypeKind::Enum(self.enum_def(values, schema, false))
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let values = i
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| Value::from(*v))
                    .collect();
                TypeKind::Enum(self.enum_def(values, schema, true))
            }
            SchemaKind::Any(any) if !any.enumeration.is_empty() => {
                let integer = any.enumeration.iter().all(|v| v.is_i64() || v.is_u64());
                if !integer && !any.enumeration.iter().all(Value::is_string) {
                    return Ok(None);
                }
                TypeKind::Enum(self.enum_def(any.enumeration.clone(), schema, integer))
            }
            SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items }
                if items.len() > 1 =>
            {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                TypeKind::Union(self.union_def(name, schema, items, &format!("{pointer}/{key}"))?)
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                TypeKind::Struct(self.all_of(name, all_of, &format!("{pointer}/allOf"))?)
            }
            _ => return Ok(None),
        };
        Ok(Some(TypeDef {
            name: name.to_string(),
            doc,
            kind,
        }))
    }

    fn struct_def(
        &mut self,
        name: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> Result<StructDef> {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (json, prop) in properties {
            let prop_pointer = join(&join(pointer, "properties"), json);
            let context = format!("{name}{}", naming::camel(json));
            let ty = self.boxed_ty(prop, &context, &prop_pointer)?;
            let resolved = match prop {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { .. } => None,
            };
            let mut doc = resolved
                .map(|s| {
                    doc_text(&[
                        s.schema_data.title.as_deref(),
                        s.schema_data.description.as_deref(),
                    ])
                })
                .unwrap_or_default();
            if doc.is_empty() {
                doc = format!("The `{json}` property.");
            }
            if let Some(default) = resolved
                .and_then(|s| s.schema_data.default.as_ref())
                .filter(|d| !d.is_null())
            {
                doc.push_str(&format!("\n\nDefault: `{default}`."));
            }
            if resolved.is_some_and(|s| s.schema_data.deprecated) {
                doc.push_str("\n\n**Deprecated** by the API.");
            }
            let max_items = resolved.and_then(|s| match &s.schema_kind {
                SchemaKind::Type(Type::Array(a)) => a.max_items,
                _ => None,
            });
            fields.push(Field {
                name: scope.claim(&naming::snake(json)),
                json: json.clone(),
                ty,
                required: required.contains(json),
                nullable: resolved.is_some_and(|s| s.schema_data.nullable),
                doc,
                max_items,
            });
        }
        let extra = match additional {
            Some(AdditionalProperties::Schema(value)) => Some(self.ty(
                value,
                &format!("{name}Extra"),
                &join(pointer, "additionalProperties"),
            )?),
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            _ => None,
        };
        Ok(StructDef { fields, extra })
    }

    fn enum_def(&self, values: Vec<Value>, schema: &Schema, integer: bool) -> EnumDef {
        let mut scope = Scope::new();
        let mut variants: Vec<(String, Value)> = Vec::new();
        for value in values {
            if variants.iter().any(|(_, v)| *v == value) {
                continue;
            }
            let raw = match &value {
                Value::String(s) => s.clone(),
                other => format!("V{other}").replace('-', "Minus"),
            };
            variants.push((scope.claim(&naming::camel(&raw)), value));
        }
        let other = catch_all_name(&mut scope);
        let default = schema
            .schema_data
            .default
            .as_ref()
            .and_then(|d| variants.iter().position(|(_, v)| v == d));
        // A `const` has exactly one possible value: that value is the default.
        let is_const = schema.schema_data.extensions.contains_key(CONST_MARKER);
        let default = default.or((is_const && variants.len() == 1).then_some(0));
        EnumDef {
            variants,
            other,
            default,
            integer,
        }
    }

    fn union_def(
        &mut self,
        name: &str,
        schema: &Schema,
        items: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<UnionDef> {
        let tag = self.union_tag(schema, items);
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_pointer = format!("{pointer}/{i}");
            let tag_value = tag.as_ref().and_then(|(_, values)| values.get(i).cloned());
            let ty = self.ty(item, &format!("{name}Variant{}", i + 1), &item_pointer)?;
            let wanted = match (&tag_value, &ty) {
                (Some(value), _) => naming::camel(value),
                (None, Ty::Named(n)) => n.clone(),
                (None, other) => {
                    primitive_variant_name(other).unwrap_or_else(|| format!("Variant{}", i + 1))
                }
            };
            variants.push(UnionVariant {
                name: scope.claim(&wanted),
                tag_value,
                ty,
            });
        }
        let other = catch_all_name(&mut scope);
        Ok(UnionDef {
            tag: tag.map(|(prop, _)| prop),
            variants,
            other,
        })
    }

    /// The property that tells the variants apart: the discriminator's, or one that every
    /// variant declares as a required single-value enum with distinct values.
    fn union_tag(
        &self,
        schema: &Schema,
        items: &[ReferenceOr<Schema>],
    ) -> Option<(String, Vec<String>)> {
        let resolved: Vec<(&Schema, Option<String>)> = items
            .iter()
            .map(|i| self.resolve_schema(i))
            .collect::<Option<_>>()?;
        if let Some(disc) = &schema.schema_data.discriminator {
            let values = resolved
                .iter()
                .zip(items)
                .map(|((s, key), item)| {
                    let by_mapping = match item {
                        ReferenceOr::Reference { reference } => disc
                            .mapping
                            .iter()
                            .find(|(_, target)| *target == reference)
                            .map(|(value, _)| value.clone()),
                        ReferenceOr::Item(_) => None,
                    };
                    by_mapping
                        .or_else(|| single_enum_value(s, &disc.property_name))
                        .or_else(|| key.clone())
                })
                .collect::<Option<Vec<String>>>()?;
            return Some((disc.property_name.clone(), values));
        }
        let (first, _) = resolved.first()?;
        for prop in object_properties(first)?.keys() {
            let values: Option<Vec<String>> = resolved
                .iter()
                .map(|(s, _)| {
                    let required = object_required(s).is_some_and(|r| r.contains(prop));
                    single_enum_value(s, prop).filter(|_| required)
                })
                .collect();
            if let Some(values) = values {
                let distinct: BTreeSet<&String> = values.iter().collect();
                if distinct.len() == values.len() {
                    return Some((prop.clone(), values));
                }
            }
        }
        None
    }

    /// Merges `allOf` parts that are objects into one struct.
    fn all_of(
        &mut self,
        name: &str,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<StructDef> {
        let mut merged = StructDef {
            fields: Vec::new(),
            extra: None,
        };
        // A part may require a property another part declares.
        let mut required: BTreeSet<String> = BTreeSet::new();
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/{i}");
            let Some((schema, key)) = self.resolve_schema(part) else {
                if let ReferenceOr::Reference { reference } = part {
                    self.schema_ref(reference, &part_pointer)?;
                }
                return Err(self.err(&part_pointer, "allOf part could not be resolved"));
            };
            if key.as_ref().is_some_and(|k| self.in_progress.contains(k)) {
                let k = key.as_deref().unwrap_or_default();
                return Err(self.err(
                    &part_pointer,
                    format!(
                        "allOf merges `{k}` while `{k}` itself is being defined: a recursive merge; \
                         give the schema that merges it a name in components.schemas so it can \
                         refer to itself"
                    ),
                ));
            }
            required.extend(object_required(schema).into_iter().flatten().cloned());
            // While a referenced part is expanded, it counts as being defined: a part that
            // (through its own properties) refers back to it is a cycle, not an endless merge.
            if let Some(k) = &key {
                self.in_progress.insert(k.clone());
            }
            let sub = self.all_of_part(name, schema, key.as_deref(), &part_pointer);
            if let Some(k) = &key {
                self.in_progress.remove(k);
            }
            let sub = sub?;
            for field in sub.fields {
                if let Some(existing) = merged.fields.iter_mut().find(|f| f.json == field.json) {
                    existing.required |= field.required;
                } else {
                    merged.fields.push(field);
                }
            }
            merged.extra = merged.extra.or(sub.extra);
        }
        let mut scope = Scope::new();
        for field in &mut merged.fields {
            field.name = scope.claim(&field.name);
            field.required |= required.contains(&field.json);
        }
        Ok(merged)
    }

    /// One part of an `allOf`, as struct fields.
    fn all_of_part(
        &mut self,
        name: &str,
        schema: &Schema,
        key: Option<&str>,
        part_pointer: &str,
    ) -> Result<StructDef> {
        let part_pointer = part_pointer.to_string();
        let key = key.map(str::to_string);
        {
            let sub = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => self.struct_def(
                    name,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    &key.as_ref().map_or(part_pointer.clone(), |k| {
                        format!("/components/schemas/{}", escape_segment(k))
                    }),
                )?,
                SchemaKind::Any(any) => self.struct_def(
                    name,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    &part_pointer,
                )?,
                SchemaKind::AllOf { all_of } => {
                    self.all_of(name, all_of, &join(&part_pointer, "allOf"))?
                }
                _ => {
                    return Err(self.err(
                        &part_pointer,
                        "allOf part is not an object schema; only objects can be merged",
                    ))
                }
            };
            Ok(sub)
        }
    }

    fn build_operations(&mut self) -> Result<Vec<Operation>> {
        let mut ops = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut method_scope = Scope::with_reserved(["new", "client"]);
        for (path, item) in self.spec.paths.iter() {
            let item_pointer = join("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    return Err(self.err(
                        &join(&item_pointer, "$ref"),
                        format!(
                            "path item $ref `{reference}` is not supported: inline the path item"
                        ),
                    ))
                }
            };
            for (method, op) in item.iter() {
                let op_pointer = join(&item_pointer, method);
                let explicit = ext_str(&op.extensions, RUST_NAME).map(str::to_string);
                let derived = op
                    .operation_id
                    .as_deref()
                    .and_then(|id| naming::operation_name(id, path))
                    .unwrap_or_else(|| naming::fallback_operation_name(method, path));
                let wanted = explicit.map_or(derived, |n| naming::snake(&n));
                if let Some(first) = names.get(&wanted) {
                    return Err(self.err(
                        &op_pointer,
                        format!("two operations are both named `{wanted}` (the other is at #{first}); set {RUST_NAME} on one of them"),
                    ));
                }
                names.insert(wanted.clone(), op_pointer.clone());
                let name = method_scope.claim(&wanted);
                let builder = naming::camel(&name);
                ops.push(self.operation(
                    name,
                    builder,
                    method,
                    path,
                    &item.parameters,
                    op,
                    &op_pointer,
                )?);
            }
        }
        ops.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ops)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        name: String,
        builder: String,
        method: &str,
        path: &str,
        shared: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<Operation> {
        let params = self.params(&builder, path, shared, &op.parameters, pointer)?;
        let body = match &op.request_body {
            None => None,
            Some(body) => self.body(&builder, body, &join(pointer, "requestBody"))?,
        };
        let (success, error) =
            self.responses(&builder, &op.responses, &join(pointer, "responses"))?;
        let security = self.security(op, pointer)?;
        let upper = method.to_uppercase();
        let idempotent = match op.extensions.get(IDEMPOTENT) {
            Some(Value::Bool(b)) => *b,
            _ => !matches!(upper.as_str(), "POST" | "PATCH"),
        };
        let doc = doc_text(&[op.summary.as_deref(), op.description.as_deref()]);
        let pagination = match op.extensions.get(PAGINATION) {
            Some(spec) => Some(self.pagination(
                spec,
                &params,
                body.as_ref(),
                &success,
                &join(pointer, PAGINATION),
            )?),
            None => None,
        };
        let chunking = match body.as_ref().map(|b| b.limits.as_slice()) {
            Some([only]) => Some(only.clone()),
            _ => None,
        };
        Ok(Operation {
            name,
            builder,
            method: upper,
            path: path.to_string(),
            summary: op.summary.clone(),
            doc,
            params,
            body,
            success,
            error,
            security,
            idempotent,
            deprecated: op.deprecated,
            pagination,
            chunking,
        })
    }

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

    /// Reads `x-pagination` and checks it against the operation's parameters, body and success
    /// type, so a wrong overlay fails here with its location rather than in generated code.
    fn pagination(
        &self,
        spec: &Value,
        params: &[Param],
        body: Option<&Body>,
        success: &Success,
        pointer: &str,
    ) -> Result<Pagination> {
        let text = |key: &str| spec.get(key).and_then(Value::as_str).map(str::to_string);
        let Some(cursor_name) = text("cursor") else {
            return Err(self.err(pointer, format!("{PAGINATION} needs `cursor`: the query parameter or body field that carries the cursor")));
        };
        let Some(items_name) = text("items") else {
            return Err(self.err(pointer, format!("{PAGINATION} needs `items`: the property of the success body that holds the items")));
        };
        let next_json: Vec<String> = match spec.get("next") {
            Some(Value::Array(steps)) if !steps.is_empty() => steps
                .iter()
                .map(|s| s.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| self.err(&join(pointer, "next"), "`next` must be a list of property names"))?,
            _ => return Err(self.err(pointer, format!("{PAGINATION} needs `next`: the property names from the success body to the next cursor"))),
        };
        let max_results = match spec.get("maxResults") {
            None => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                self.err(
                    &join(pointer, "maxResults"),
                    "`maxResults` must be a positive integer",
                )
            })?),
        };
        let cursor = if let Some(p) = params
            .iter()
            .find(|p| p.location == ParamIn::Query && p.api_name == cursor_name)
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
            .and_then(|s| s.fields.iter().find(|f| f.json == cursor_name))
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
            return Err(self.err(&join(pointer, "cursor"), format!("`{cursor_name}` is neither a query parameter nor a body field of this operation")));
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
        let Some(items) = page.fields.iter().find(|f| f.json == items_name) else {
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
        for (i, step) in next_json.iter().enumerate() {
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
            let last = i + 1 == next_json.len();
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
            next_json,
            items: items.name.clone(),
            item_ty: (**item_ty).clone(),
            max_results,
        })
    }

    fn params(
        &mut self,
        builder: &str,
        path: &str,
        shared: &[ReferenceOr<Parameter>],
        own: &[ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Result<Vec<Param>> {
        // Operation-level parameters override path-level ones with the same name and location.
        let mut resolved: Vec<(&Parameter, String)> = Vec::new();
        let path_pointer = pointer
            .rsplit_once('/')
            .map_or(pointer, |(p, _)| p)
            .to_string();
        for (list, base) in [(shared, path_pointer), (own, pointer.to_string())] {
            for (i, p) in list.iter().enumerate() {
                let p_pointer = format!("{base}/parameters/{i}");
                let param = self.resolve_parameter(p, &p_pointer)?;
                let data = param.parameter_data_ref();
                resolved.retain(|(q, _)| {
                    let qd = q.parameter_data_ref();
                    !(qd.name == data.name
                        && std::mem::discriminant(*q) == std::mem::discriminant(param))
                });
                resolved.push((param, p_pointer));
            }
        }
        let mut scope = Scope::with_reserved([
            "body",
            "client",
            "send",
            "build_request",
            "parse_response",
            "stream",
        ]);
        let mut params = Vec::new();
        for (param, p_pointer) in resolved {
            let data = param.parameter_data_ref();
            let (location, explode) = match param {
                Parameter::Path { .. } => (ParamIn::Path, data.explode.unwrap_or(false)),
                Parameter::Query { style, .. } => {
                    if !matches!(style, QueryStyle::Form) {
                        return Err(self.err(
                            &join(&p_pointer, "style"),
                            format!(
                                "query parameter style {style:?} is not supported; only `form` is"
                            ),
                        ));
                    }
                    (ParamIn::Query, data.explode.unwrap_or(true))
                }
                Parameter::Header { .. } => (ParamIn::Header, data.explode.unwrap_or(false)),
                Parameter::Cookie { .. } => (ParamIn::Cookie, data.explode.unwrap_or(true)),
            };
            if location == ParamIn::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&data.name.to_lowercase().as_str())
            {
                continue; // OpenAPI: these header parameters are ignored.
            }
            if location == ParamIn::Cookie {
                return Err(self.err(&p_pointer, "cookie parameters are not supported"));
            }
            let schema =
                match &data.format {
                    ParameterSchemaOrContent::Schema(s) => s,
                    ParameterSchemaOrContent::Content(_) => return Err(self.err(
                        &join(&p_pointer, "content"),
                        "parameters described with `content` instead of `schema` are not supported",
                    )),
                };
            let context = format!("{builder}{}", naming::camel(&data.name));
            let ty = self.ty(schema, &context, &join(&p_pointer, "schema"))?;
            let resolved_schema = self.resolve_schema(schema).map(|(s, _)| s);
            if matches!(ty, Ty::Vec(ref inner) if !is_scalar(inner))
                || matches!(ty, Ty::Map(_) | Ty::Json | Ty::JsonObject)
            {
                return Err(self.err(
                    &join(&p_pointer, "schema"),
                    "only scalar and array-of-scalar parameters are supported",
                ));
            }
            let mut doc = doc_text(&[data.description.as_deref()]);
            if doc.is_empty() {
                doc = format!("The `{}` {} parameter.", data.name, location_word(location));
            }
            params.push(Param {
                name: scope.claim(&naming::snake(&data.name)),
                api_name: data.name.clone(),
                location,
                required: data.required || location == ParamIn::Path,
                ty,
                explode,
                doc,
                default: resolved_schema.and_then(|s| s.schema_data.default.clone()),
            });
        }
        // Every template variable must be a declared path parameter, and vice versa.
        let template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n))
            .collect();
        for var in &template {
            if !params
                .iter()
                .any(|p| p.location == ParamIn::Path && p.api_name == *var)
            {
                return Err(self.err(
                    pointer,
                    format!(
                        "path parameter `{{{var}}}` of `{path}` is not declared in `parameters`"
                    ),
                ));
            }
        }
        if let Some(extra) = params
            .iter()
            .find(|p| p.location == ParamIn::Path && !template.contains(&p.api_name.as_str()))
        {
            return Err(self.err(
                pointer,
                format!(
                    "path parameter `{}` does not appear in the path `{path}`",
                    extra.api_name
                ),
            ));
        }
        params.sort_by_key(|p| match p.location {
            ParamIn::Path => (
                0,
                template.iter().position(|t| *t == p.api_name).unwrap_or(0),
            ),
            _ => (1, 0),
        });
        Ok(params)
    }

    fn resolve_parameter(
        &self,
        p: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Result<&'a Parameter> {
        match p {
            ReferenceOr::Item(p) => Ok(p),
            ReferenceOr::Reference { reference } => {
                let Some(key) = ref_target(reference, "#/components/parameters/") else {
                    return Err(self.bad_ref(reference, "#/components/parameters/", pointer));
                };
                match self.spec.components.as_ref().and_then(|c| c.parameters.get(key)) {
                    Some(ReferenceOr::Item(p)) => Ok(p),
                    Some(ReferenceOr::Reference { .. }) => Err(self.err(
                        &join(pointer, "$ref"),
                        format!("$ref `{reference}` points at another $ref; chains are not supported"),
                    )),
                    None => Err(self.err(
                        &join(pointer, "$ref"),
                        format!("unresolved $ref `{reference}`: there is no parameter `{key}` in components.parameters"),
                    )),
                }
            }
        }
    }

    fn body(
        &mut self,
        builder: &str,
        body: &ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<Option<Body>> {
        let (body, pointer) = match body {
            ReferenceOr::Item(b) => (b, pointer.to_string()),
            ReferenceOr::Reference { reference } => {
                let Some(key) = ref_target(reference, "#/components/requestBodies/") else {
                    return Err(self.bad_ref(reference, "#/components/requestBodies/", pointer));
                };
                match self.spec.components.as_ref().and_then(|c| c.request_bodies.get(key)) {
                    Some(ReferenceOr::Item(b)) => (b, format!("/components/requestBodies/{}", escape_segment(key))),
                    _ => {
                        return Err(self.err(
                            &join(pointer, "$ref"),
                            format!("unresolved $ref `{reference}`: there is no request body `{key}` in components.requestBodies"),
                        ))
                    }
                }
            }
        };
        if body.content.is_empty() {
            return Ok(None);
        }
        let Some((media, content)) = body.content.iter().find(|(m, _)| is_json(m)) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            return Err(self.err(
                &join(&pointer, "content"),
                format!(
                    "request body content type(s) {} not supported; only JSON bodies are",
                    types.join(", ")
                ),
            ));
        };
        let schema_pointer = join(&join(&join(&pointer, "content"), media), "schema");
        let ty = match &content.schema {
            Some(schema) => self.ty(schema, &format!("{builder}Body"), &schema_pointer)?,
            None => Ty::Json,
        };
        let mut doc = doc_text(&[body.description.as_deref()]);
        if doc.is_empty() {
            doc = "The request body.".into();
        }
        let array_max = content
            .schema
            .as_ref()
            .and_then(|s| self.resolve_schema(s))
            .and_then(|(s, _)| match &s.schema_kind {
                SchemaKind::Type(Type::Array(a)) => a.max_items,
                _ => None,
            });
        let limits = match array_max {
            Some(max) => vec![Limit {
                field: None,
                json: "body".into(),
                max,
            }],
            None => self
                .struct_of(&ty)
                .map(|s| {
                    s.fields
                        .iter()
                        .filter(|f| matches!(f.ty, Ty::Vec(_)))
                        .filter_map(|f| {
                            Some(Limit {
                                field: Some(f.name.clone()),
                                json: f.json.clone(),
                                max: f.max_items?,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        Ok(Some(Body {
            ty,
            limits,
            required: body.required,
            doc,
        }))
    }

    fn resolve_response(
        &self,
        r: &'a ReferenceOr<Response>,
        pointer: &str,
    ) -> Result<(&'a Response, String)> {
        match r {
            ReferenceOr::Item(r) => Ok((r, pointer.to_string())),
            ReferenceOr::Reference { reference } => {
                let Some(key) = ref_target(reference, "#/components/responses/") else {
                    return Err(self.bad_ref(reference, "#/components/responses/", pointer));
                };
                match self.spec.components.as_ref().and_then(|c| c.responses.get(key)) {
                    Some(ReferenceOr::Item(r)) => Ok((r, format!("/components/responses/{}", escape_segment(key)))),
                    _ => Err(self.err(
                        &join(pointer, "$ref"),
                        format!("unresolved $ref `{reference}`: there is no response `{key}` in components.responses"),
                    )),
                }
            }
        }
    }

    fn response_ty(&mut self, response: &Response, context: &str, pointer: &str) -> Result<Ty> {
        if response.content.is_empty() {
            return Ok(Ty::Unit);
        }
        match response.content.iter().find(|(m, _)| is_json(m)) {
            Some((media, content)) => match &content.schema {
                Some(schema) => self.ty(
                    schema,
                    context,
                    &join(&join(&join(pointer, "content"), media), "schema"),
                ),
                None => Ok(Ty::Json),
            },
            None => Ok(Ty::Bytes),
        }
    }

    fn responses(
        &mut self,
        builder: &str,
        responses: &openapiv3::Responses,
        pointer: &str,
    ) -> Result<(Success, Option<Ty>)> {
        let mut cases = Vec::new();
        let mut error = None;
        let successes: Vec<(&StatusCode, &ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .filter(|(code, _)| match code {
                StatusCode::Code(c) => (200..300).contains(c),
                StatusCode::Range(r) => *r == 2,
            })
            .collect();
        let several = successes.len() > 1;
        for (code, r) in &successes {
            let key = code.to_string();
            let (response, r_pointer) = self.resolve_response(r, &join(pointer, &key))?;
            let (status, range) = match code {
                StatusCode::Code(c) => (*c, false),
                StatusCode::Range(_) => (200, true),
            };
            let variant = if range {
                "Success".to_string()
            } else {
                naming::status_variant(status)
            };
            let context = if several {
                format!("{builder}{variant}")
            } else {
                format!("{builder}Response")
            };
            let ty = self.response_ty(response, &context, &r_pointer)?;
            cases.push(ResponseCase {
                status,
                range,
                variant,
                ty,
                doc: doc_text(&[Some(response.description.as_str())]),
            });
        }
        for (code, r) in responses
            .responses
            .iter()
            .filter(|(code, _)| !successes.iter().any(|(c, _)| c == code))
        {
            let key = code.to_string();
            let (response, r_pointer) = self.resolve_response(r, &join(pointer, &key))?;
            if error.is_none() {
                error = Some(self.response_ty(response, &format!("{builder}Error"), &r_pointer)?);
            }
        }
        if let Some(default) = &responses.default {
            let (response, r_pointer) =
                self.resolve_response(default, &join(pointer, "default"))?;
            error = Some(self.response_ty(response, &format!("{builder}Error"), &r_pointer)?);
        }
        let success = if several {
            let name = self.type_names.claim(&format!("{builder}Response"));
            let mut scope = Scope::new();
            for case in &mut cases {
                case.variant = scope.claim(&case.variant);
            }
            self.types.insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    doc: format!(
                        "The successful outcomes of [`{builder}`](builders::{builder}), one variant per status."
                    ),
                    kind: TypeKind::Responses(cases.clone()),
                },
            );
            Success::Several { name, cases }
        } else {
            Success::Single(cases.pop().unwrap_or(ResponseCase {
                status: 200,
                range: true,
                variant: "Success".into(),
                ty: Ty::Unit,
                doc: "Any success status.".into(),
            }))
        };
        Ok((success, error))
    }

    fn security(&self, op: &openapiv3::Operation, pointer: &str) -> Result<Vec<Vec<Scheme>>> {
        let (requirements, req_pointer) = match &op.security {
            Some(s) => (s, join(pointer, "security")),
            None => match &self.spec.security {
                Some(s) => (s, "/security".to_string()),
                None => return Ok(Vec::new()),
            },
        };
        let schemes = self.spec.components.as_ref().map(|c| &c.security_schemes);
        let mut out = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let mut set = Vec::new();
            for name in requirement.keys() {
                let scheme = match schemes.and_then(|s| s.get(name)) {
                    Some(ReferenceOr::Item(s)) => s,
                    _ => {
                        return Err(self.err(
                            &format!("{req_pointer}/{i}/{}", escape_segment(name)),
                            format!(
                            "security scheme `{name}` is not defined in components.securitySchemes"
                        ),
                        ))
                    }
                };
                set.push(match scheme {
                    SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                        Scheme::Bearer
                    }
                    SecurityScheme::HTTP { scheme, .. }
                        if scheme.eq_ignore_ascii_case("bearer") =>
                    {
                        Scheme::Bearer
                    }
                    SecurityScheme::HTTP { scheme, .. } => {
                        Scheme::Unsupported(format!("http {scheme}"))
                    }
                    SecurityScheme::APIKey { location, name, .. } => Scheme::ApiKey {
                        name: name.clone(),
                        location: match location {
                            openapiv3::APIKeyLocation::Query => ParamIn::Query,
                            openapiv3::APIKeyLocation::Header => ParamIn::Header,
                            openapiv3::APIKeyLocation::Cookie => ParamIn::Cookie,
                        },
                    },
                });
            }
            if !out.contains(&set) {
                out.push(set);
            }
        }
        // An empty requirement object means "no auth" is one of the alternatives.
        if out.iter().any(Vec::is_empty) {
            out.retain(|s| !s.is_empty());
            out.push(Vec::new());
        }
        Ok(out)
    }

    /// Aliases that refer to themselves through other aliases become newtypes (a type alias
    /// cannot be recursive). A cycle of aliases that are nothing but references to each other
    /// describes no value at all and is an error.
    fn recursive_aliases(&mut self) -> Result<()> {
        fn mentions(ty: &Ty, out: &mut Vec<(String, bool)>, direct: bool) {
            match ty {
                Ty::Named(n) => out.push((n.clone(), direct)),
                Ty::Option(inner) | Ty::Boxed(inner) => mentions(inner, out, direct),
                Ty::Vec(inner) | Ty::Map(inner) => mentions(inner, out, false),
                _ => {}
            }
        }
        let aliases: BTreeMap<String, Vec<(String, bool)>> = self
            .types
            .values()
            .filter_map(|t| match &t.kind {
                TypeKind::Alias(ty) => {
                    let mut out = Vec::new();
                    mentions(ty, &mut out, true);
                    Some((t.name.clone(), out))
                }
                _ => None,
            })
            .collect();
        let reaches_itself = |start: &str, direct_only: bool| -> bool {
            let mut stack: Vec<String> = aliases
                .get(start)
                .into_iter()
                .flatten()
                .filter(|(_, d)| *d || !direct_only)
                .map(|(n, _)| n.clone())
                .collect();
            let mut seen = BTreeSet::new();
            while let Some(n) = stack.pop() {
                if n == start {
                    return true;
                }
                if seen.insert(n.clone()) {
                    stack.extend(
                        aliases
                            .get(&n)
                            .into_iter()
                            .flatten()
                            .filter(|(_, d)| *d || !direct_only)
                            .map(|(m, _)| m.clone()),
                    );
                }
            }
            false
        };
        for name in aliases.keys() {
            if reaches_itself(name, true) {
                let pointer = self.origins.get(name).cloned().unwrap_or_default();
                return Err(self.err(
                    &pointer,
                    format!("schema `{name}` is only a reference to itself (directly or through other references): it describes no value"),
                ));
            }
        }
        for name in aliases.keys() {
            if reaches_itself(name, false) {
                if let Some(def) = self.types.get_mut(name) {
                    if let TypeKind::Alias(ty) = &def.kind {
                        def.kind = TypeKind::Newtype(ty.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// Boxes struct fields and union variants that contain their own type without a heap
    /// indirection in between (a `Vec` or map already is one).
    fn box_recursive_fields(&mut self) {
        let direct = |ty: &Ty| -> Option<String> {
            match ty {
                Ty::Named(n) => Some(n.clone()),
                Ty::Option(inner) => match &**inner {
                    Ty::Named(n) => Some(n.clone()),
                    _ => None,
                },
                _ => None,
            }
        };
        let edges: BTreeMap<String, Vec<String>> = self
            .types
            .values()
            .map(|t| {
                let targets = match &t.kind {
                    TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                    TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
                    TypeKind::Alias(ty) | TypeKind::Newtype(ty) => direct(ty).into_iter().collect(),
                    TypeKind::Responses(cases) => {
                        cases.iter().filter_map(|c| direct(&c.ty)).collect()
                    }
                    TypeKind::Enum(_) => Vec::new(),
                };
                (t.name.clone(), targets)
            })
            .collect();
        let reaches = |from: &str, to: &str| -> bool {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.to_string()];
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n.clone()) {
                    stack.extend(edges.get(&n).into_iter().flatten().cloned());
                }
            }
            false
        };
        let names: Vec<String> = self.types.keys().cloned().collect();
        for name in names {
            let Some(def) = self.types.get(&name) else {
                continue;
            };
            let mut kind = def.kind.clone();
            let mut changed = false;
            let mut fix = |ty: &mut Ty| {
                if let Some(target) = direct(ty) {
                    if reaches(&target, &name) {
                        *ty = Ty::Boxed(Box::new(std::mem::replace(ty, Ty::Unit)));
                        changed = true;
                    }
                }
            };
            match &mut kind {
                TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| fix(&mut f.ty)),
                TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| fix(&mut v.ty)),
                TypeKind::Newtype(ty) => fix(ty),
                _ => {}
            }
            if changed {
                if let Some(def) = self.types.get_mut(&name) {
                    def.kind = kind;
                }
            }
        }
    }
}

/// The name of the variant that keeps values the spec does not list: `Other`, unless a listed
/// value already took it.
fn catch_all_name(scope: &mut Scope) -> String {
    match ["Other", "Unknown", "Unrecognized"]
        .into_iter()
        .find(|n| !scope.contains(n))
    {
        Some(name) => scope.claim(name),
        None => scope.claim("OtherValue"),
    }
}

fn nullable_wrap(ty: Ty, nullable: bool) -> Ty {
    if nullable {
        Ty::Option(Box::new(ty))
    } else {
        ty
    }
}

fn is_scalar(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F32
            | Ty::F64
            | Ty::String
            | Ty::DateTime
            | Ty::Date
            | Ty::Uuid
            | Ty::Named(_)
    )
}

fn location_word(location: ParamIn) -> &'static str {
    match location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    }
}

/// Media types read and written as JSON: `application/json`, `*/*` (HubSpot serves errors so),
/// and `+json` suffixes.
pub fn is_json(media: &str) -> bool {
    let media = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media == "application/json"
        || media == "*/*"
        || media.ends_with("+json")
        || media == "application/*"
}

fn needs_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty(),
        SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items } => {
            items.len() > 1
        }
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::Any(any) => !any.properties.is_empty() || !any.enumeration.is_empty(),
        _ => false,
    }
}

fn object_properties(
    schema: &Schema,
) -> Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(&o.properties),
        SchemaKind::Any(a) => Some(&a.properties),
        _ => None,
    }
}

fn object_required(schema: &Schema) -> Option<&Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(&o.required),
        SchemaKind::Any(a) => Some(&a.required),
        _ => None,
    }
}

/// The value of `prop` in `schema` when it is a one-value string enum (or const).
fn single_enum_value(schema: &Schema, prop: &str) -> Option<String> {
    let prop = object_properties(schema)?.get(prop)?.as_item()?;
    match &prop.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].clone(),
        SchemaKind::Any(a) if a.enumeration.len() == 1 => {
            a.enumeration[0].as_str().map(str::to_string)
        }
        _ => None,
    }
}

fn primitive_variant_name(ty: &Ty) -> Option<String> {
    Some(
        match ty {
            Ty::Bool => "Bool",
            Ty::I32 | Ty::I64 => "Integer",
            Ty::F32 | Ty::F64 => "Number",
            Ty::String => "String",
            Ty::DateTime => "DateTime",
            Ty::Date => "Date",
            Ty::Uuid => "Uuid",
            Ty::Vec(_) => "Array",
            Ty::Map(_) | Ty::JsonObject => "Object",
            _ => return None,
        }
        .to_string(),
    )
}
