//! Every Rust name the generator emits is decided here: case conversion (heck), keywords, leading
//! digits, empty names, characters that are not identifiers, collisions after case conversion,
//! and the names generated code itself uses, which a name from a spec must never take.
//!
//! The IR asks this module for every name when it is built; emit and the surface listing only
//! print what the IR holds. The operation-name rule is in `operations` (with the word handling
//! it needs in `words`).

use std::collections::BTreeSet;
use std::path::Path;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use crate::ir::Ty;

mod operations;
mod words;

pub use operations::{operation_names, OperationKey};

/// Words Rust reserves in any edition (strict, reserved and edition-2018+/2024 keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Every name a generated spec module uses without a path: what it imports (`use ...`) and the
/// prelude items it names. Everything else (the runtime, `chrono`, `serde_json`, `uuid`, ...) is
/// named through the runtime path (`rt::`), so a schema called `Client`, `Error`, `Value`,
/// `DateTime` or `Uuid` keeps its name. A generated type with one of these names would shadow
/// the item and break the module, so types never take them. (Prelude traits whose methods are
/// only called, like `Clone` or `ToString`, stay usable when a type shadows their name, so they
/// are free.)
///
/// emit's tests walk the code generated for every fixture and check that each name it uses
/// without a path is in this list or is a name the IR generated.
pub const MODULE_ITEMS: &[&str] = &[
    // Imports of a spec module (emit/mod.rs, `uses`); its `builders` module imports them all.
    "BTreeMap",
    "Deserialize",
    "Serialize",
    // Prelude types, variants and traits named in generated code.
    "Box",
    "Default",
    "Err",
    "Into",
    "IntoIterator",
    "None",
    "Ok",
    "Option",
    "Result",
    "Self",
    "Some",
    "String",
    "Vec",
];

/// The name generated code gives its runtime (`use <runtime path> as rt;`). Lower case, so no
/// type takes it; listed for the tests that check what generated code names.
pub const RUNTIME: &str = "rt";

/// Every member a request builder has besides its parameters: its `ctx` field, the
/// constructor, and the methods `rt::endpoint_methods!` defines on every builder. A parameter
/// named like one of them is renamed (`send` becomes `send_2`). `clone` keeps the derived
/// `Clone` callable; `add` and the other binary operators would make a setter read as the
/// operator's trait method (clippy's `should_implement_trait`).
pub const BUILDER_MEMBERS: &[&str] = &[
    "add",
    "bitand",
    "bitor",
    "bitxor",
    "build_request",
    "clone",
    "ctx",
    "div",
    "mul",
    "new",
    "parse_response",
    "rem",
    "send",
    "shl",
    "shr",
    "sub",
    "with_access_token",
    "with_credential",
    "with_header",
    "with_options",
    "with_retry_policy",
    "with_timeout",
];

/// What `rt::endpoint_methods!` adds to the builder of a paged operation.
pub const PAGED_MEMBERS: &[&str] = &[
    "max_items",
    "max_pages",
    "pages",
    "starting_after",
    "stream",
];

/// What the builder of an operation with a body has: the `body` field or setter, and
/// `send_chunked` (for a body the API limits).
pub const BODY_MEMBERS: &[&str] = &["body", "send_chunked"];

/// Members of the per-spec handle besides its operation methods (`client`, `context`, `new`),
/// and the methods of std traits clippy's `should_implement_trait` would read an operation
/// method as: an operation never takes one of these names (it gets its object appended,
/// `clone_posts`, `context_settings`).
const HANDLE_MEMBERS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "client",
    "clone",
    "cmp",
    "context",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into",
    "into_iter",
    "mul",
    "ne",
    "neg",
    "new",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
    "to_owned",
    "to_string",
];

/// Is `word` a Rust keyword?
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Does `name` look like an identifier (so it can be used as-is after case conversion)?
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Can `name` be used as a Rust identifier as it is?
pub fn is_usable(name: &str) -> bool {
    is_identifier(name) && !is_keyword(name)
}

/// Is `name` one generated code uses itself ([`MODULE_ITEMS`])?
pub fn is_module_item(name: &str) -> bool {
    MODULE_ITEMS.contains(&name)
}

/// Splits a name into words on anything that is not alphanumeric, so `foo-bar`, `foo.bar` and
/// `foo bar` all read as two words before heck decides the case.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// `snake_case` identifier for a field, parameter, method or module.
pub fn snake(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "field".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// `UpperCamelCase` identifier for a type or enum variant.
pub fn camel(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    if name == "Self" {
        name = "SelfValue".to_string();
    }
    name
}

/// A set of names already taken in one scope. `claim` returns the name itself when it is free,
/// or the first free `name2`, `name3`, … (`name_2` for snake case) so collisions after case
/// conversion never produce duplicate identifiers.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which the given names are already taken.
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Scope {
            taken: names.into_iter().map(str::to_string).collect(),
        }
    }

    /// Is `name` already taken?
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `name`, or a numbered variant of it when taken.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let sep = if name.contains('_') || name.chars().all(|c| !c.is_uppercase()) {
            "_"
        } else {
            ""
        };
        let base = name.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

/// The scope of a spec module's type names: [`MODULE_ITEMS`] are taken.
pub fn type_scope() -> Scope {
    Scope::with_reserved(MODULE_ITEMS.iter().copied())
}

/// The scope of one builder's parameters: [`BUILDER_MEMBERS`] are taken, and
/// [`PAGED_MEMBERS`] and [`BODY_MEMBERS`] when the operation pages or has a body.
pub fn param_scope(body: bool, paged: bool) -> Scope {
    let mut reserved: Vec<&str> = BUILDER_MEMBERS.to_vec();
    if body {
        reserved.extend(BODY_MEMBERS);
    }
    if paged {
        reserved.extend(PAGED_MEMBERS);
    }
    Scope::with_reserved(reserved)
}

// ---------------------------------------------------------------------------------------------
// Modules and operations

/// The module name of a spec file: its stem in snake case.
pub fn module_name(path: &Path) -> String {
    snake(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

/// The suggested name of a module's handle type (`calls` gives `CallsApi`).
pub fn handle(module: &str) -> String {
    format!("{}Api", camel(module))
}

/// The suggested builder type of an operation method (`create_call` gives `CreateCall`).
pub fn builder(method: &str) -> String {
    camel(method)
}

/// What a security scheme of the OAuth 2, OpenID Connect or HTTP bearer kind is called in the
/// name of a security constant: they all take the access token.
pub const BEARER: &str = "bearer";

/// The suggested name of the constant for credential alternatives, each a set of schemes
/// labelled [`BEARER`] or by their `securitySchemes` key: `BEARER_OR_PRIVATE_APP`,
/// `HAPIKEY_AND_BEARER`; `NO_AUTH` for an empty set (or none).
pub fn security_const(alternatives: &[Vec<&str>]) -> String {
    let name = alternatives
        .iter()
        .map(|set| {
            if set.is_empty() {
                "NO_AUTH".to_owned()
            } else {
                set.iter()
                    .map(|label| words(label).to_shouty_snake_case())
                    .collect::<Vec<_>>()
                    .join("_AND_")
            }
        })
        .collect::<Vec<_>>()
        .join("_OR_");
    let name = if name.is_empty() {
        "NO_AUTH".to_owned()
    } else {
        name
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{name}")
    } else {
        name
    }
}

/// Claims the constant `name` in `scope`, or `NAME_2`, `NAME_3`, ... when taken.
pub fn claim_constant(scope: &mut Scope, name: &str) -> String {
    if !scope.contains(name) {
        return scope.claim(name);
    }
    (2..)
        .map(|n| format!("{name}_{n}"))
        .find(|candidate| !scope.contains(candidate))
        .map(|free| scope.claim(&free))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Types without a name of their own: `<context><role>`, claimed in the type scope.

/// An inline schema at property `json` of type `parent` (`Call` + `properties` gives
/// `CallProperties`), or at parameter `json` of builder `parent`.
pub fn member_type(parent: &str, json: &str) -> String {
    format!("{parent}{}", camel(json))
}

/// The items of an array (`<context>Item`).
pub fn item_type(context: &str) -> String {
    format!("{context}Item")
}

/// The values of a map (`<context>Value`).
pub fn value_type(context: &str) -> String {
    format!("{context}Value")
}

/// The `additionalProperties` next to a struct's properties (`<struct>Extra`).
pub fn extra_type(parent: &str) -> String {
    format!("{parent}Extra")
}

/// Variant `index` (0-based) of a union (`<union>Variant1`).
pub fn variant_type(union: &str, index: usize) -> String {
    format!("{union}Variant{}", index + 1)
}

/// The method of an operation that sends its body in another media type than its first one:
/// `<method>_as_<kind>` (`create_note_as_form`, `import_as_multipart`, `upload_as_text`,
/// `put_file_as_bytes`).
pub fn media_method(method: &str, kind: &str) -> String {
    format!("{method}_as_{kind}")
}

/// The request body of an operation (`<Builder>Body`).
pub fn body_type(builder: &str) -> String {
    format!("{builder}Body")
}

/// The success body of an operation with one success status, and the enum of the successes of
/// one with several (`<Builder>Response`).
pub fn response_type(builder: &str) -> String {
    format!("{builder}Response")
}

/// The body of one success status of an operation with several (`<Builder><Variant>`).
pub fn status_type(builder: &str, variant: &str) -> String {
    format!("{builder}{variant}")
}

/// The error body of an operation (`<Builder>Error`).
pub fn error_type(builder: &str) -> String {
    format!("{builder}Error")
}

// ---------------------------------------------------------------------------------------------
// Members of generated types

/// A struct field for the JSON property `json`.
pub fn field(json: &str) -> String {
    snake(json)
}

/// A builder field and setter for the parameter `api_name`.
pub fn param(api_name: &str) -> String {
    snake(api_name)
}

/// The field that keeps `additionalProperties` next to the listed ones: `extra`, unless a
/// listed property took it.
pub fn extra_field<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    Scope::with_reserved(fields).claim("extra")
}

/// The variant of a forward-compatible enum for the value `value`.
pub fn enum_variant(value: &Value) -> String {
    let raw = match value {
        Value::String(s) => s.clone(),
        other => format!("V{other}").replace('-', "Minus"),
    };
    camel(&raw)
}

/// The name of the variant that keeps values the spec does not list: `Other`, unless a listed
/// value already took it.
pub fn catch_all(scope: &mut Scope) -> String {
    match ["Other", "Unknown", "Unrecognized"]
        .into_iter()
        .find(|n| !scope.contains(n))
    {
        Some(name) => scope.claim(name),
        None => scope.claim("OtherValue"),
    }
}

/// The suggested variant of a union for variant `index` (0-based): its tag value, the name of
/// its type, or what kind of value it is.
pub fn union_variant(tag_value: Option<&str>, ty: &Ty, index: usize) -> String {
    match (tag_value, ty) {
        (Some(value), _) => camel(value),
        (None, Ty::Named(n)) => n.clone(),
        (None, other) => {
            kind_variant(other).map_or_else(|| format!("Variant{}", index + 1), str::to_string)
        }
    }
}

fn kind_variant(ty: &Ty) -> Option<&'static str> {
    Some(match ty {
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
    })
}

/// The variant name for an HTTP success status in a multi-status response enum; `range` for a
/// `2XX` range.
pub fn status_variant(status: u16, range: bool) -> String {
    if range {
        return "Success".into();
    }
    match status {
        200 => "Ok".into(),
        201 => "Created".into(),
        202 => "Accepted".into(),
        203 => "NonAuthoritative".into(),
        204 => "NoContent".into(),
        205 => "ResetContent".into(),
        206 => "PartialContent".into(),
        207 => "MultiStatus".into(),
        208 => "AlreadyReported".into(),
        other => format!("Status{other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snake_names() {
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("foo-bar"), "foo_bar");
        assert_eq!(snake("1st"), "n1st");
        assert_eq!(snake(""), "field");
        assert_eq!(snake("hs_call_body"), "hs_call_body");
    }

    #[test]
    fn camel_names() {
        assert_eq!(camel("CALLING_CRM_USER"), "CallingCrmUser");
        assert_eq!(camel("a-b"), "AB");
        assert_eq!(camel("A_B"), "AB");
        assert_eq!(camel("200"), "V200");
        assert_eq!(camel(""), "Empty");
        assert_eq!(camel("Self"), "SelfValue");
    }

    #[test]
    fn collisions_get_numbers() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("foo_bar"), "foo_bar");
        assert_eq!(scope.claim("foo_bar"), "foo_bar_2");
        assert_eq!(scope.claim("type_"), "type_");
        assert_eq!(scope.claim("type_"), "type_2");
        assert_eq!(scope.claim("Call"), "Call");
        assert_eq!(scope.claim("Call"), "Call2");
    }

    #[test]
    fn types_never_take_the_names_generated_code_uses() {
        let mut types = type_scope();
        for name in MODULE_ITEMS {
            let claimed = types.claim(name);
            assert_ne!(claimed, *name);
            assert!(is_usable(&claimed), "{claimed}");
        }
        assert_eq!(types.claim("Vec"), "Vec3");
        assert_eq!(types.claim("Call"), "Call");
        for free in ["Client", "Error", "Value", "DateTime", "Uuid"] {
            assert!(!is_module_item(free), "{free} is named through rt::");
        }
    }

    #[test]
    fn parameters_never_take_builder_members() {
        let mut params = param_scope(true, true);
        for name in [
            "new",
            "send",
            "body",
            "stream",
            "clone",
            "ctx",
            "with_header",
            "pages",
            "add",
        ] {
            assert_eq!(params.claim(&param(name)), format!("{name}_2"));
        }
        assert_eq!(params.claim(&param("after")), "after");
        let mut plain = param_scope(false, false);
        for free in ["body", "stream", "send_chunked", "request", "decode"] {
            assert_eq!(plain.claim(free), free, "free without a body or paging");
        }
    }

    #[test]
    fn security_constants() {
        assert_eq!(
            security_const(&[vec![BEARER], vec!["PrivateApp"]]),
            "BEARER_OR_PRIVATE_APP"
        );
        assert_eq!(
            security_const(&[vec!["developer_hapikey", BEARER], vec![]]),
            "DEVELOPER_HAPIKEY_AND_BEARER_OR_NO_AUTH"
        );
        assert_eq!(security_const(&[]), "NO_AUTH");
        assert_eq!(security_const(&[vec!["2fa"]]), "N2FA");
        let mut scope = Scope::new();
        assert_eq!(claim_constant(&mut scope, "BEARER"), "BEARER");
        assert_eq!(claim_constant(&mut scope, "BEARER"), "BEARER_2");
        assert_eq!(claim_constant(&mut scope, "BEARER"), "BEARER_3");
    }

    #[test]
    fn module_handle_builder_and_static() {
        assert_eq!(
            module_name(Path::new("specs/calling-extensions.json")),
            "calling_extensions"
        );
        assert_eq!(module_name(Path::new("1.yaml")), "n1");
        assert_eq!(handle("calling_extensions"), "CallingExtensionsApi");
        assert_eq!(builder("batch_create_calls"), "BatchCreateCalls");
    }

    #[test]
    fn inline_type_names() {
        assert_eq!(member_type("Call", "properties"), "CallProperties");
        assert_eq!(member_type("ListCalls", "sort-by"), "ListCallsSortBy");
        assert_eq!(item_type("CallTags"), "CallTagsItem");
        assert_eq!(value_type("CallMeta"), "CallMetaValue");
        assert_eq!(extra_type("Call"), "CallExtra");
        assert_eq!(variant_type("Match", 0), "MatchVariant1");
        assert_eq!(body_type("CreateCall"), "CreateCallBody");
        assert_eq!(response_type("CreateCall"), "CreateCallResponse");
        assert_eq!(status_type("CreateCall", "Created"), "CreateCallCreated");
        assert_eq!(error_type("CreateCall"), "CreateCallError");
    }

    #[test]
    fn members() {
        assert_eq!(extra_field(["id", "name"]), "extra");
        assert_eq!(extra_field(["extra", "extra_2"]), "extra_3");
        assert_eq!(enum_variant(&json!("in-progress")), "InProgress");
        assert_eq!(enum_variant(&json!(-1)), "VMinus1");
        assert_eq!(enum_variant(&json!(200)), "V200");
        let mut scope = Scope::new();
        scope.claim("Other");
        assert_eq!(catch_all(&mut scope), "Unknown");
        let mut full = Scope::with_reserved(["Other", "Unknown", "Unrecognized"]);
        assert_eq!(catch_all(&mut full), "OtherValue");
        assert_eq!(union_variant(Some("CONTACT"), &Ty::Json, 0), "Contact");
        assert_eq!(
            union_variant(None, &Ty::Named("Company".into()), 1),
            "Company"
        );
        assert_eq!(union_variant(None, &Ty::I64, 1), "Integer");
        assert_eq!(union_variant(None, &Ty::Json, 1), "Variant2");
        assert_eq!(status_variant(207, false), "MultiStatus");
        assert_eq!(status_variant(299, false), "Status299");
        assert_eq!(status_variant(200, true), "Success");
    }
}
