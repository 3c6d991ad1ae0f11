//! Words of path segments and identifiers, for the operation-name rule: splitting
//! (`oEmbedDomainId` is `o embed domain id`), the singular of an English plural, version
//! segments, and the vocabulary the rule reads (action verbs, CRUD-only name parts, item-id
//! words). General API vocabulary, not tied to any file.

/// Words that make a trailing literal segment an action rather than a resource.
pub(super) const VERBS: &[&str] = &[
    "archive",
    "associate",
    "attach",
    "book",
    "cancel",
    "clone",
    "complete",
    "create",
    "delete",
    "detach",
    "disassociate",
    "download",
    "export",
    "extract",
    "get",
    "import",
    "list",
    "merge",
    "publish",
    "purge",
    "push",
    "read",
    "register",
    "remove",
    "replace",
    "reset",
    "restore",
    "schedule",
    "search",
    "send",
    "set",
    "subscribe",
    "unpublish",
    "unsubscribe",
    "update",
    "upload",
    "upsert",
    "validate",
];

/// Name parts of HubSpot operationIds (`<method>-<path>_<name>`) that say no more than the
/// method and the path.
pub(super) const GENERIC: &[&str] = &[
    "get",
    "get_page",
    "get_all",
    "get_by_id",
    "create",
    "update",
    "archive",
    "remove",
    "delete",
    "read",
    "upsert",
    "search",
    "do_search",
    "replace",
];

/// Plurals that are their own singular.
pub(super) const INVARIANT: &[&str] = &[
    "settings",
    "details",
    "series",
    "news",
    "analytics",
    "data",
    "metadata",
    "status",
];

/// Words that make a path parameter the id of one item (`callId`, `slug`, `tableIdOrName`).
pub(super) const ITEM_WORDS: &[&str] = &["id", "ids", "key", "name", "slug", "token", "uuid"];

/// Where the object goes into a name of several words (`archive_<object>_by_object_id`).
pub(super) const PREPOSITIONS: &[&str] =
    &["by", "for", "from", "to", "between", "with", "in", "of"];

/// The verb of an operation that names no action, by HTTP method.
pub(super) fn method_verb(method: &str) -> &str {
    match method {
        "get" => "get",
        "post" => "create",
        "put" => "replace",
        "patch" => "update",
        "delete" => "delete",
        other => other,
    }
}

/// Lower-case words of an identifier or a path segment: camelCase, kebab-case, snake_case,
/// acronyms (`URLMappings` is `url mappings`). Digits stay with the letters before them
/// (`test111s`, `v3`).
pub(super) fn words(raw: &str) -> Vec<String> {
    let chars: Vec<char> = raw.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            // `aB`, `1B`: a new word; `ABc`: the last capital of a run starts one.
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The words of `raw` joined by `_`.
pub(super) fn snake_words(raw: &str) -> String {
    words(raw).join("_")
}

/// The singular of an English plural (`properties` is `property`, `statuses` is `status`);
/// other words as they are.
pub(super) fn singular(word: &str) -> String {
    if INVARIANT.contains(&word) {
        return word.to_string();
    }
    for (plural, single) in [
        ("ies", "y"),
        ("sses", "ss"),
        ("uses", "us"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
    ] {
        if let Some(stem) = word.strip_suffix(plural) {
            if stem.len() > 1 {
                return format!("{stem}{single}");
            }
        }
    }
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// `a_b_calls` is `a_b_call`: the last word in the singular.
pub(super) fn singular_phrase(phrase: &str) -> String {
    match phrase.rsplit_once('_') {
        Some((head, last)) => format!("{head}_{}", singular(last)),
        None => singular(phrase),
    }
}

/// Is the path segment a version (`v3`, `v4beta`, `2026-03`, `2026-03-beta`)?
pub(super) fn is_version(segment: &str) -> bool {
    let s = segment.to_ascii_lowercase();
    if let Some(rest) = s.strip_prefix('v') {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        return digits > 0
            && rest[digits..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    }
    let bytes = s.as_bytes();
    let date = bytes.len() >= 7
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit);
    date && match &s[7..] {
        "" => true,
        rest => rest.strip_prefix('-').is_some_and(|tag| {
            !tag.is_empty()
                && tag
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        }),
    }
}

/// Is the path segment a `{parameter}`?
pub(super) fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// The name of a `{parameter}` segment.
pub(super) fn param_name(segment: &str) -> &str {
    segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(segment)
}

/// Does the segment have a letter (`0-410` has none)?
pub(super) fn has_letter(segment: &str) -> bool {
    segment.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_case_separators_and_acronyms() {
        assert_eq!(words("oEmbedDomainId"), ["o", "embed", "domain", "id"]);
        assert_eq!(words("connection-statuses"), ["connection", "statuses"]);
        assert_eq!(words("getURLMappings"), ["get", "url", "mappings"]);
        assert_eq!(words("bucket_test111s"), ["bucket", "test111s"]);
        assert_eq!(words("0-410"), ["0", "410"]);
        assert_eq!(words("v3Calls"), ["v3", "calls"]);
        assert_eq!(snake_words("tableIdOrName"), "table_id_or_name");
        assert!(words("--").is_empty());
    }

    #[test]
    fn singulars() {
        for (plural, one) in [
            ("properties", "property"),
            ("statuses", "status"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("batches", "batch"),
            ("calls", "call"),
            ("settings", "settings"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("ids", "ids"),
            ("test111s", "test111"),
        ] {
            assert_eq!(singular(plural), one, "{plural}");
        }
        assert_eq!(singular_phrase("connection_statuses"), "connection_status");
        assert_eq!(singular_phrase("calls"), "call");
    }

    #[test]
    fn versions() {
        for v in ["v3", "V4", "v1beta", "2026-03", "2026-03-beta", "v3-alpha"] {
            assert!(is_version(v), "{v}");
        }
        for s in ["calls", "v", "vx", "2026", "2026-3", "2026-03-", "values"] {
            assert!(!is_version(s), "{s}");
        }
    }

    #[test]
    fn segments() {
        assert!(is_param("{callId}") && !is_param("calls"));
        assert_eq!(param_name("{callId}"), "callId");
        assert!(!has_letter("0-410") && has_letter("v3"));
        assert_eq!(method_verb("put"), "replace");
    }
}
