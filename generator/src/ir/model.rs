//! The IR: one API as emit and the surface listing need it, with every Rust name already
//! decided (by `naming`, when the IR is built). Plain data; nothing here looks at the spec again.

use std::fmt;

use serde_json::Value;

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
    /// The distinct sets of credentials the operations accept, each a named constant, in the
    /// order the operations first use them.
    pub security: Vec<SecurityConst>,
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
    /// `rt::FilePart`: a file part of a multipart body (`format: binary`).
    File,
}

impl Ty {
    /// Is this a collection that is naturally empty (so an absent optional value is just empty)?
    pub fn is_collection(&self) -> bool {
        matches!(self, Ty::Vec(_) | Ty::Map(_))
    }

    /// Is this a scalar, as a parameter can be (or the item of an array parameter)?
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
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
}

/// A short, readable rendering for docs and the API surface listing (`Vec<Call>`,
/// `BTreeMap<String, Value>`, `Bytes`).
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => f.write_str("bool"),
            Ty::I32 => f.write_str("i32"),
            Ty::I64 => f.write_str("i64"),
            Ty::F32 => f.write_str("f32"),
            Ty::F64 => f.write_str("f64"),
            Ty::String => f.write_str("String"),
            Ty::DateTime => f.write_str("DateTime<Utc>"),
            Ty::Date => f.write_str("NaiveDate"),
            Ty::Uuid => f.write_str("Uuid"),
            Ty::Json => f.write_str("Value"),
            Ty::JsonObject => f.write_str("Map<String, Value>"),
            Ty::Named(n) => f.write_str(n),
            Ty::Vec(inner) => write!(f, "Vec<{inner}>"),
            Ty::Map(inner) => write!(f, "BTreeMap<String, {inner}>"),
            Ty::Option(inner) => write!(f, "Option<{inner}>"),
            Ty::Boxed(inner) => write!(f, "Box<{inner}>"),
            Ty::Unit => f.write_str("()"),
            Ty::Bytes => f.write_str("Bytes"),
            Ty::File => f.write_str("FilePart"),
        }
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
    /// `additionalProperties` next to named properties, kept in a flattened map.
    pub extra: Option<Extra>,
}

/// The flattened map of a struct that keeps properties it does not list.
#[derive(Debug, Clone)]
pub struct Extra {
    /// Rust field name (`extra`, unless a listed property took it).
    pub name: String,
    /// Type of one value.
    pub ty: Ty,
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

impl ParamIn {
    /// The OpenAPI word for it (`path`, `query`, `header`, `cookie`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

/// How a parameter's value is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// A scalar, or an array of scalars (see [`Param::explode`]); a cookie is one scalar.
    Plain,
    /// An object in the query.
    Object(ObjectStyle),
    /// The value as JSON text (`content: application/json`), in the query.
    Json,
}

/// How an object-valued query parameter is written (the runtime's `rt::ObjectStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `style: form, explode: true`: `key=value` per entry.
    FormExploded,
    /// `style: form, explode: false`: `name=k1,v1,k2,v2`.
    Form,
    /// `style: deepObject`: `name[key]=value`.
    DeepObject,
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
    /// How the value is written.
    pub encoding: ParamEncoding,
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
    /// How it is written on the wire.
    pub media: BodyMedia,
}

/// The media type a request body is sent as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json` (and `+json` kinds): serde_json.
    Json,
    /// `application/x-www-form-urlencoded`: the object's properties as `name=value` pairs, with
    /// the spec's `encoding` of the properties that set a style or `explode`.
    Form(Vec<FormEncoding>),
    /// A `text/*` media type (the one named here, parameters kept): a `String` sent as is.
    Text(String),
    /// `multipart/form-data`: one part per property of the object body, in spec order.
    Multipart(Vec<MultipartPart>),
    /// Any other media type (the one named here; `application/octet-stream` for a range like
    /// `image/*`): bytes sent as they are.
    Bytes(String),
}

/// One property of a multipart body, sent as one part (or one per item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartPart {
    /// The struct field's Rust name.
    pub field: String,
    /// The property's name, the part's `name`.
    pub property: String,
    /// How the value is written.
    pub kind: PartKind,
    /// An array of files or text values: one part per item.
    pub repeated: bool,
    /// The field is an `Option`: no part when it is `None`.
    pub optional: bool,
    /// The spec's `encoding.<property>.contentType`.
    pub content_type: Option<String>,
}

/// What a multipart part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file (`format: binary`): `rt::FilePart`.
    File,
    /// A scalar's parameter text.
    Text,
    /// An object's or array's JSON text.
    Json,
}

/// How one property of a form body is written (the spec's `encoding.<property>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormEncoding {
    /// The property's JSON name.
    pub property: String,
    /// `style`.
    pub style: FormStyle,
    /// `explode` (default: true for `form`, false for the others).
    pub explode: bool,
}

/// The `style` of a form body property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `form` (the default).
    Form,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
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
    /// The body is `text/*` (and no JSON is offered): `ty` is `String`, read as the text.
    pub text: bool,
    /// The media types offered when the body is not JSON (`text/csv`, ...), in spec order: what
    /// the request's `Accept` names. Empty for JSON and for no body.
    pub media: Vec<String>,
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

/// A named set of credential alternatives, shared by the operations that accept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityConst {
    /// The constant's name (`BEARER_OR_PRIVATE_APP`).
    pub name: String,
    /// Alternatives of scheme sets, as [`Operation::security`].
    pub alternatives: Vec<Vec<Scheme>>,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Method name (`create_call`).
    pub name: String,
    /// Builder type name (`CreateCall`).
    pub builder: String,
    /// Name of the module's constant for the credentials it accepts (`BEARER_OR_PRIVATE_APP`),
    /// one of [`Api::security`].
    pub security_const: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template.
    pub path: String,
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
    /// The `Accept` header when the successes are not all JSON (`text/csv, application/json;q=0.5`).
    pub accept: Option<String>,
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
    /// The type of one item, when the array's type is known (a `Vec`, directly or through
    /// aliases): what `.send_chunked()` splits.
    pub item: Option<Ty>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_rust() {
        let ty = Ty::Map(Box::new(Ty::Vec(Box::new(Ty::Option(Box::new(
            Ty::Named("Call".into()),
        ))))));
        assert_eq!(ty.to_string(), "BTreeMap<String, Vec<Option<Call>>>");
        assert_eq!(
            Ty::Boxed(Box::new(Ty::DateTime)).to_string(),
            "Box<DateTime<Utc>>"
        );
        assert_eq!(Ty::JsonObject.to_string(), "Map<String, Value>");
        assert_eq!(Ty::Bytes.to_string(), "Bytes");
    }

    #[test]
    fn collections_are_never_optional() {
        let field = |ty: Ty, required: bool, nullable: bool| Field {
            name: "f".into(),
            json: "f".into(),
            ty,
            required,
            nullable,
            doc: String::new(),
            max_items: None,
        };
        assert!(field(Ty::String, false, false).is_option());
        assert!(field(Ty::String, true, true).is_option());
        assert!(!field(Ty::String, true, false).is_option());
        assert!(!field(Ty::Vec(Box::new(Ty::String)), false, true).is_option());
        assert!(!field(Ty::Map(Box::new(Ty::String)), false, false).is_option());
    }

    #[test]
    fn scalars() {
        assert!(Ty::Named("Status".into()).is_scalar());
        assert!(Ty::Uuid.is_scalar());
        assert!(!Ty::Vec(Box::new(Ty::String)).is_scalar());
        assert!(!Ty::Json.is_scalar());
        assert_eq!(ParamIn::Header.as_str(), "header");
    }
}
