//! Deserialization helpers used by generated code: `null` as the default, and union variants that
//! keep the JSON path of a failure inside them.
//!
//! A union's `Deserialize` first buffers the value (`serde_json::Value`), then deserializes it
//! into a variant. Through `serde_json::from_value(..).map_err(custom)` the path inside the
//! variant is lost: the error says `callerIdMatches[0]`, not which field. [`variant`] and
//! [`Untagged`] carry that inner path across the serde error boundary in a private, recognizable
//! form of the error message, and [`Response::json`](crate::rt::Response::json) splices it into
//! the outer path, so the error names `callerIdMatches[0].objectCoordinates.objectId`.

use std::fmt::Display;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Starts and ends the inner path in an error message (a control character no real message
/// starts with).
const MARK: char = '\u{1f}';

/// Deserializes `null` (or a missing value, with `#[serde(default)]`) as `T::default()`: a
/// nullable array or map arrives as empty rather than failing. Used by generated code.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// Deserializes a buffered union value into the variant type `T`, keeping the JSON path of a
/// failure inside it. Used by generated `Deserialize` impls of tagged unions:
///
/// ```
/// use hubspot_calling::rt::{self, serde_json::Value};
/// use serde::Deserialize;
///
/// #[derive(Debug, Deserialize)]
/// struct Contact {
///     #[serde(rename = "objectId")]
///     object_id: i64,
/// }
///
/// #[derive(Debug)]
/// enum Caller {
///     Contact(Contact),
///     Other(Value),
/// }
///
/// impl<'de> serde::Deserialize<'de> for Caller {
///     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         let value = Value::deserialize(deserializer)?;
///         match value.get("callerIdType").and_then(Value::as_str) {
///             Some("CONTACT") => rt::de::variant(value).map(Self::Contact),
///             _ => Ok(Self::Other(value)),
///         }
///     }
/// }
///
/// let body = br#"[{"callerIdType": "CONTACT", "objectId": "x"}]"#;
/// let response = http::Response::builder().status(200).body(body.to_vec()).unwrap();
/// # static OP: rt::Operation = rt::Operation {
/// #     name: "inbound_call", method: rt::Method::POST, path: "/x", security: &[], idempotent: false,
/// # };
/// let error = rt::Response::from_http(&OP, response).json::<Vec<Caller>>().unwrap_err();
/// assert!(error.to_string().contains("at `[0].objectId`"), "{error}");
/// ```
///
/// # Errors
/// `E::custom` with the inner path and message in the private form `Response::json` reads.
pub fn variant<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    // Fast path: plain serde. Only a value that does not fit is read again, tracking the path.
    match T::deserialize(&value) {
        Ok(decoded) => Ok(decoded),
        Err(_) => {
            let failure = Failure::of::<T>("", &value);
            Err(E::custom(mark(&failure.path, &failure.message)))
        }
    }
}

/// Deserializes a buffered value into the first variant of an untagged union that accepts it.
/// When none does, the error is the one of the variant that got furthest into the value (the
/// deepest JSON path), with its path kept as [`variant`] keeps it, and names the others. Used by
/// generated `Deserialize` impls of untagged unions:
///
/// ```
/// use hubspot_calling::rt::{self, serde_json::Value};
/// use serde::Deserialize;
///
/// #[derive(Debug, PartialEq)]
/// enum ObjectId {
///     String(String),
///     Integer(i64),
/// }
///
/// impl<'de> serde::Deserialize<'de> for ObjectId {
///     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         rt::de::Untagged::new("ObjectId", Value::deserialize(deserializer)?)
///             .variant("String", Self::String)
///             .variant("Integer", Self::Integer)
///             .finish()
///     }
/// }
///
/// assert_eq!(serde_json::from_str::<ObjectId>("7").unwrap(), ObjectId::Integer(7));
/// assert!(serde_json::from_str::<ObjectId>("true").is_err());
/// ```
#[derive(Debug)]
#[must_use = "call `finish` or `or_other` to get the value"]
pub struct Untagged<U> {
    union: &'static str,
    value: Value,
    matched: Option<U>,
    failures: Vec<Failure>,
}

impl<U> Untagged<U> {
    /// Starts matching `value` against the variants of the union named `union`.
    pub fn new(union: &'static str, value: Value) -> Self {
        Untagged {
            union,
            value,
            matched: None,
            failures: Vec::new(),
        }
    }

    /// Tries the variant `name` holding a `T` (unless an earlier variant matched).
    pub fn variant<T: DeserializeOwned>(mut self, name: &'static str, wrap: fn(T) -> U) -> Self {
        if self.matched.is_none() {
            match T::deserialize(&self.value) {
                Ok(decoded) => self.matched = Some(wrap(decoded)),
                Err(_) => self.failures.push(Failure::of::<T>(name, &self.value)),
            }
        }
        self
    }

    /// The matched variant, or `wrap(value)` (the union's catch-all) when none matched.
    pub fn or_other(self, wrap: fn(Value) -> U) -> U {
        match self.matched {
            Some(matched) => matched,
            None => wrap(self.value),
        }
    }

    /// The matched variant.
    ///
    /// # Errors
    /// When no variant matched: the failure of the variant that got furthest, with its path.
    pub fn finish<E: serde::de::Error>(self) -> Result<U, E> {
        if let Some(matched) = self.matched {
            return Ok(matched);
        }
        // The deepest failure; the first of equally deep ones.
        let best = self
            .failures
            .iter()
            .enumerate()
            .max_by_key(|(index, f)| (f.depth, std::cmp::Reverse(*index)))
            .map(|(_, f)| f);
        let Some(best) = best else {
            return Err(E::custom(format!(
                "`{}` has no variant to decode into",
                self.union
            )));
        };
        let others: Vec<String> = self
            .failures
            .iter()
            .filter(|f| f.variant != best.variant)
            .map(|f| format!("`{}`: {}", f.variant, f.located()))
            .collect();
        let mut message = format!(
            "matches no variant of `{}`; the closest, `{}`: {}",
            self.union, best.variant, best.message
        );
        if !others.is_empty() {
            message.push_str(&format!(" (also tried {})", others.join("; ")));
        }
        Err(E::custom(mark(&best.path, &message)))
    }
}

/// Why a variant did not accept a value.
#[derive(Debug)]
struct Failure {
    variant: &'static str,
    /// Inside the value, `.` for the value itself.
    path: String,
    depth: usize,
    message: String,
}

impl Failure {
    /// Deserializes `value` into `T` again, tracking the path, to say where it fails.
    fn of<T: DeserializeOwned>(variant: &'static str, value: &Value) -> Failure {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(_) => Failure {
                variant,
                path: ".".to_owned(),
                depth: 0,
                message: "the value decodes only on the second try".to_owned(),
            },
            Err(error) => {
                let outer = error.path().to_string();
                let outer_depth = error.path().iter().count();
                let inner = error.into_inner().to_string();
                let (inner_path, message) = unmark(&inner);
                let depth = outer_depth + inner_path.map_or(0, depth_of);
                Failure {
                    variant,
                    path: join(&outer, inner_path.unwrap_or(".")),
                    depth,
                    message: message.to_owned(),
                }
            }
        }
    }

    fn located(&self) -> String {
        if self.path == "." {
            self.message.clone()
        } else {
            format!("at `{}`: {}", self.path, self.message)
        }
    }
}

/// The private form of an error message that carries the path inside a union variant.
fn mark(path: &str, message: &impl Display) -> String {
    format!("{MARK}{path}{MARK}{message}")
}

/// The inner path and the message of an error message made by [`mark`]; `(None, message)` for
/// any other message.
pub(crate) fn unmark(message: &str) -> (Option<&str>, &str) {
    let Some(rest) = message.strip_prefix(MARK) else {
        return (None, message);
    };
    match rest.split_once(MARK) {
        Some((path, message)) => (Some(path), message),
        None => (None, message),
    }
}

/// `outer` followed by `inner` (both as `serde_path_to_error` prints paths: `.` for the root).
pub(crate) fn join(outer: &str, inner: &str) -> String {
    match (outer, inner) {
        ("." | "", inner) => inner.to_owned(),
        (outer, "." | "") => outer.to_owned(),
        (outer, inner) if inner.starts_with('[') => format!("{outer}{inner}"),
        (outer, inner) => format!("{outer}.{inner}"),
    }
}

/// How many segments a printed path has (`.` has none).
fn depth_of(path: &str) -> usize {
    if path == "." || path.is_empty() {
        return 0;
    }
    path.split('.')
        .map(|part| 1 + part.matches('[').count() - usize::from(part.starts_with('[')))
        .sum()
}

/// A `serde_json` error whose message is marked, split into its path and message: used by
/// [`Response::json`](crate::rt::Response::json).
pub(crate) fn split_error(outer: &str, error: &serde_json::Error) -> (String, String) {
    let text = error.to_string();
    let (inner, message) = unmark(&text);
    (join(outer, inner.unwrap_or(".")), message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn paths_join_like_serde_path_to_error_prints_them() {
        assert_eq!(
            join("callerIdMatches[0]", "objectId"),
            "callerIdMatches[0].objectId"
        );
        assert_eq!(join("a", "[2].b"), "a[2].b");
        assert_eq!(join(".", "x.y"), "x.y");
        assert_eq!(join("x", "."), "x");
        assert_eq!(depth_of("."), 0);
        assert_eq!(depth_of("a"), 1);
        assert_eq!(depth_of("a[0].b"), 3);
        assert_eq!(depth_of("[1][2]"), 2);
    }

    #[test]
    fn marks_survive_a_round_trip_and_plain_messages_pass() {
        let marked = mark("a.b", &"bad");
        assert_eq!(unmark(&marked), (Some("a.b"), "bad"));
        assert_eq!(unmark("plain message"), (None, "plain message"));
        let error = <serde_json::Error as serde::de::Error>::custom(mark("x[0]", &"nope"));
        assert_eq!(
            split_error("outer", &error),
            ("outer.x[0]".to_owned(), "nope".to_owned())
        );
    }
}
