//! Lenient deserialization helpers used by generated code.

use serde::{Deserialize, Deserializer};

/// Deserializes `null` (or a missing value, with `#[serde(default)]`) as `T::default()`: a
/// nullable array or map arrives as empty rather than failing. Used by generated code.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "super::null_as_default")]
        tags: Vec<String>,
    }

    #[test]
    fn null_missing_and_present() {
        let parse = |json: &str| serde_json::from_str::<Holder>(json).map(|h| h.tags);
        assert_eq!(parse(r#"{"tags": null}"#).ok(), Some(vec![]));
        assert_eq!(parse("{}").ok(), Some(vec![]));
        assert_eq!(
            parse(r#"{"tags": ["a"]}"#).ok(),
            Some(vec!["a".to_string()])
        );
        assert!(parse(r#"{"tags": 3}"#).is_err());
    }
}
