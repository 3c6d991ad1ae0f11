//! RFC 6901 JSON pointers, the one way every stage names a place in a document: building them
//! (`join`), reading them (`segments`, `from_fragment` for the `#...` part of a `$ref`), turning a
//! serde path into one, and following one through a `serde_json::Value`.

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// Escapes one segment: `~` becomes `~0`, `/` becomes `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`]: `~1` becomes `/`, then `~0` becomes `~` (in that order, so `~01` is `~1`).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Appends `segment` (unescaped) to `pointer`.
pub fn join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape(segment))
}

/// The unescaped segments of `pointer` (`""` has none); `None` when it does not start with `/`.
pub fn segments(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// The pointer in the fragment of a URI reference (`#/components/schemas/My%20Type`): percent
/// escapes decoded (RFC 6901 §6), still in pointer syntax. `None` for a fragment that is not
/// valid UTF-8 once decoded.
pub fn from_fragment(fragment: &str) -> Option<String> {
    percent_decode_str(fragment)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The pointer a `serde_path_to_error` path names. An unknown segment ends it (the pointer is
/// then the closest known ancestor).
pub fn from_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = join(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = join(&pointer, key),
            Segment::Enum { variant } => pointer = join(&pointer, variant),
            Segment::Unknown => break,
        }
    }
    pointer
}

/// The node `pointer` names in `value`, if any.
pub fn resolve<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    segments(pointer)?
        .iter()
        .try_fold(value, |node, segment| match node {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment
                .parse::<usize>()
                .ok()
                .filter(|_| {
                    !segment.starts_with('+') && (segment == "0" || !segment.starts_with('0'))
                })
                .and_then(|i| items.get(i)),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escape_and_unescape_are_inverse() {
        for raw in ["a/b", "~", "~1", "a~/b", "", "plain", "/crm/v3/{id}"] {
            assert_eq!(unescape(&escape(raw)), raw, "{raw}");
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        // `~01` is an escaped `~` followed by `1`, not an escaped `/`.
        assert_eq!(unescape("~01"), "~1");
    }

    #[test]
    fn join_and_segments() {
        let pointer = join(&join("/paths", "/calls/{id}"), "get");
        assert_eq!(pointer, "/paths/~1calls~1{id}/get");
        assert_eq!(
            segments(&pointer),
            Some(vec![
                "paths".to_string(),
                "/calls/{id}".into(),
                "get".into()
            ])
        );
        assert_eq!(segments(""), Some(vec![]));
        assert_eq!(segments("no-slash"), None);
        assert_eq!(segments("/"), Some(vec![String::new()]));
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(
            from_fragment("/components/schemas/My%20Type").as_deref(),
            Some("/components/schemas/My Type")
        );
        assert_eq!(from_fragment("/a~1b").as_deref(), Some("/a~1b"));
        assert_eq!(from_fragment("/%FF"), None);
    }

    #[test]
    fn resolve_unescapes_and_indexes() {
        let doc = json!({"paths": {"/a/{b}": {"get": [10, {"x~y": true}]}}, "": 1});
        assert_eq!(
            resolve(&doc, "/paths/~1a~1{b}/get/1/x~0y"),
            Some(&json!(true))
        );
        assert_eq!(resolve(&doc, "/paths/~1a~1{b}/get/0"), Some(&json!(10)));
        assert_eq!(resolve(&doc, "/"), Some(&json!(1)));
        assert_eq!(resolve(&doc, ""), Some(&doc));
        assert_eq!(
            resolve(&doc, "/paths/~1a~1{b}/get/01"),
            None,
            "no leading zeros"
        );
        assert_eq!(resolve(&doc, "/paths/~1a~1{b}/get/2"), None);
        assert_eq!(resolve(&doc, "/missing"), None);
        assert_eq!(resolve(&doc, "paths"), None);
    }

    #[test]
    fn serde_paths_become_pointers() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Doc {
            items: Vec<std::collections::BTreeMap<String, u8>>,
        }
        let value = json!({"items": [{"a": 1}, {"b/c": "x"}]});
        let error = serde_path_to_error::deserialize::<_, Doc>(&value).unwrap_err();
        assert_eq!(from_path(error.path()), "/items/1/b~1c");
    }
}
