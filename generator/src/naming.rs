//! Rust names for everything the generator emits. Every name is decided here, once, with heck:
//! keywords, leading digits, empty names, characters that are not identifiers, and collisions
//! after case conversion.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves in any edition (strict, reserved and edition-2018+/2024 keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names that would shadow the prelude or std types used by generated code.
const SHADOWED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "BTreeMap",
    "Value",
    "Map",
    "Uuid",
    "DateTime",
    "Utc",
    "NaiveDate",
    "Serialize",
    "Deserialize",
];

/// Is `word` a Rust keyword?
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
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

/// Does `name` look like an identifier (so it can be used as-is after case conversion)?
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
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

/// A type scope pre-filled with names that generated code must not shadow.
pub fn type_scope() -> Scope {
    Scope::with_reserved(SHADOWED_TYPES.iter().copied())
}

/// The Rust method name of an operation, derived from its operationId, or `None` when the id
/// gives nothing usable (then [`fallback_operation_name`] applies).
///
/// - an identifier (`listCalls`, `get_call`) is converted to snake case;
/// - HubSpot's `<method>-<path>_<name>` ids use `<name>` plus the path's resource (its last
///   segment that is not a parameter) unless the name already mentions it:
///   `get-/crm/v3/extensions/calling/{appId}/settings_get` gives `get_settings`;
/// - when there is no `_<name>` or it is not an identifier
///   (`post-/a/inbound-call_/a/inbound-call`), there is nothing to use.
pub fn operation_name(operation_id: &str, path: &str) -> Option<String> {
    if is_identifier(operation_id) {
        return Some(snake(operation_id));
    }
    let (_, name) = operation_id.rsplit_once('_')?;
    if !is_identifier(name) {
        return None;
    }
    let name = snake(name);
    Some(match path_resource(path) {
        Some(resource) if !name.contains(&resource) => format!("{name}_{resource}"),
        _ => name,
    })
}

/// The name of an operation whose operationId gives none: the method, the path's resource, and
/// `by_<parameter>` when the path ends with a parameter (`get /transcripts/{transcriptId}` gives
/// `get_transcripts_by_transcript_id`), so different methods and item/collection paths of one
/// resource get different names.
pub fn fallback_operation_name(method: &str, path: &str) -> String {
    let mut name = method.to_lowercase();
    if let Some(resource) = path_resource(path) {
        name.push('_');
        name.push_str(&resource);
    }
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if let Some(param) = last.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        name.push_str("_by_");
        name.push_str(snake(param).trim_end_matches('_'));
    }
    name
}

/// The last path segment that is not a `{parameter}`, in snake case.
fn path_resource(path: &str) -> Option<String> {
    path.split('/')
        .rev()
        .find(|seg| !seg.is_empty() && !seg.starts_with('{'))
        .map(snake)
}

/// The variant name for an HTTP success status in a multi-status response enum.
pub fn status_variant(status: u16) -> String {
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
        let mut types = type_scope();
        assert_eq!(types.claim("Value"), "Value2");
        assert_eq!(types.claim("Call"), "Call");
    }

    #[test]
    fn hubspot_operation_ids() {
        let name = |id: &str, path: &str| operation_name(id, path).unwrap_or_default();
        assert_eq!(name("listCalls", "/crm/v3/objects/calls"), "list_calls");
        assert_eq!(
            name(
                "get-/crm/v3/extensions/calling/{appId}/settings_get",
                "/crm/v3/extensions/calling/{appId}/settings"
            ),
            "get_settings"
        );
        assert_eq!(
            name(
                "post-/crm/v3/extensions/calling/recordings/ready_markAsReady",
                "/crm/v3/extensions/calling/recordings/ready"
            ),
            "mark_as_ready"
        );
        assert_eq!(
            operation_name(
                "post-/crm/v3/extensions/calling/inbound-call_/crm/v3/extensions/calling/inbound-call",
                "/crm/v3/extensions/calling/inbound-call"
            ),
            None
        );
        assert_eq!(
            fallback_operation_name("post", "/crm/v3/extensions/calling/inbound-call"),
            "post_inbound_call"
        );
        assert_eq!(
            fallback_operation_name(
                "GET",
                "/crm/v3/extensions/calling/transcripts/{transcriptId}"
            ),
            "get_transcripts_by_transcript_id"
        );
        assert_eq!(
            name(
                "get-/crm/v3/extensions/calling/{appId}/settings/channel-connection_get",
                "/crm/v3/extensions/calling/{appId}/settings/channel-connection"
            ),
            "get_channel_connection"
        );
    }
}
