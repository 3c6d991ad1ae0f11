//! Parameters that are not one scalar or one array: objects in the query (`form` exploded or
//! not, `deepObject`), values sent as JSON text (a parameter with `content`), and cookies. The
//! generated code calls the [`Request`] methods here; the value is anything `Serialize`
//! (a generated struct, a map, a `serde_json` object).
//!
//! Rules (OpenAPI 3.0 `style` / `explode`, with the cases it leaves open decided here):
//!
//! - `form`, exploded: each entry is its own pair, `key=value`; an array entry repeats the key
//!   (`key=a&key=b`); the parameter's own name does not appear.
//! - `form`, not exploded: one pair, `name=k1,v1,k2,v2` (commas inside keys and values are
//!   encoded as `%2C`); an array entry joins its items with commas.
//! - `deepObject`: `name[key]=value`; a nested object nests the brackets (`name[a][b]=v`); an
//!   array entry repeats the key (`name[a]=x&name[a]=y`).
//! - `null` entries are left out everywhere. A nested object where `form` allows none is a
//!   problem reported when the request is built, before anything is sent.
//! - JSON content: the value serialized as JSON text, percent-encoded, in one pair.
//! - Cookies: all of a request's cookie parameters become one `Cookie` header,
//!   `n1=v1; n2=v2`, each value percent-encoded.

use serde_json::Value;

use super::request::{encode_query_component, ParamValue, Request};

/// How an object-valued query parameter is written. Used by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `style: form, explode: true` (OpenAPI's default): `key=value` per entry.
    FormExploded,
    /// `style: form, explode: false`: `name=k1,v1,k2,v2`.
    Form,
    /// `style: deepObject`: `name[key]=value`.
    DeepObject,
}

impl Request {
    /// Appends an object-valued query parameter written in `style` (see the module docs). A
    /// value that is not an object, or cannot be written in `style`, is reported as
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when the request is built. Used
    /// by generated code.
    pub fn query_object<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ObjectStyle,
    ) {
        match object_pairs(name, value, style) {
            Ok(pairs) => {
                for (key, encoded) in pairs {
                    self.push_query_pair(&key, &encoded);
                }
            }
            Err(problem) => self.problem(problem),
        }
    }

    /// Appends `name=<value as JSON text>` (a parameter described with
    /// `content: application/json`). Used by generated code.
    pub fn query_json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_string(value) {
            Ok(text) => self.push_query_pair(name, &encode_query_component(&text)),
            Err(e) => self.problem(format!("query parameter `{name}`: {e}")),
        }
    }

    /// Adds a cookie parameter; all of them are sent in one `Cookie` header
    /// (`n1=v1; n2=v2`, values percent-encoded). Used by generated code.
    pub fn cookie<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        let pair = format!("{name}={}", encode_query_component(&value.to_param()));
        self.push_cookie(pair);
    }

    /// [`cookie`](Self::cookie) for an optional parameter: nothing when `value` is `None`.
    /// Used by generated code.
    pub fn cookie_opt<V: ParamValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        if let Some(value) = value {
            self.cookie(name, value);
        }
    }
}

/// The `(unencoded key, encoded value)` pairs of an object parameter, in the order the value
/// serializes its entries (a struct's field order; a map's own order, which for
/// `serde_json::Map` is sorted unless serde_json's `preserve_order` feature is on).
/// The tests use keys whose insertion order is sorted, true under either.
fn object_pairs<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ObjectStyle,
) -> Result<Vec<(String, String)>, String> {
    let value =
        serde_json::to_value(value).map_err(|e| format!("query parameter `{name}`: {e}"))?;
    let Value::Object(map) = value else {
        return Err(format!("query parameter `{name}` must be an object"));
    };
    let mut pairs = Vec::new();
    match style {
        ObjectStyle::FormExploded => {
            for (key, entry) in &map {
                for item in items(name, entry)? {
                    pairs.push((key.clone(), encode_query_component(&item)));
                }
            }
        }
        ObjectStyle::Form => {
            let mut parts = Vec::new();
            for (key, entry) in &map {
                let entry_items = items(name, entry)?;
                if entry_items.is_empty() {
                    continue;
                }
                parts.push(encode_query_component(key));
                let joined: Vec<String> = entry_items
                    .iter()
                    .map(|i| encode_query_component(i))
                    .collect();
                parts.push(joined.join(","));
            }
            if !parts.is_empty() {
                pairs.push((name.to_owned(), parts.join(",")));
            }
        }
        ObjectStyle::DeepObject => deep(name, &Value::Object(map), &mut pairs),
    }
    Ok(pairs)
}

/// The texts of one entry of a `form` object: none for `null`, one for a scalar, one per item
/// of an array of scalars. Nested objects are an error.
fn items(name: &str, entry: &Value) -> Result<Vec<String>, String> {
    match entry {
        Value::Array(values) => {
            let mut out = Vec::new();
            for v in values {
                out.extend(scalar(name, v)?);
            }
            Ok(out)
        }
        other => Ok(scalar(name, other)?.into_iter().collect()),
    }
}

fn scalar(name: &str, value: &Value) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Array(_) | Value::Object(_) => Err(format!(
            "query parameter `{name}`: a nested object or array cannot be written in style \
             `form`"
        )),
    }
}

/// `deepObject` pairs of `value` under the key `prefix`.
fn deep(prefix: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, entry) in map {
                deep(&format!("{prefix}[{key}]"), entry, pairs);
            }
        }
        Value::Array(values) => {
            for v in values {
                deep(prefix, v, pairs);
            }
        }
        Value::String(s) => pairs.push((prefix.to_owned(), encode_query_component(s))),
        Value::Bool(b) => pairs.push((prefix.to_owned(), b.to_string())),
        Value::Number(n) => pairs.push((prefix.to_owned(), encode_query_component(&n.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::error::Error;
    use crate::operation::{Method, Operation};

    static OP: Operation = Operation {
        name: "list_things",
        method: Method::GET,
        path: "/things",
        security: &[],
        idempotent: true,
    };

    fn query(fill: impl FnOnce(&mut Request)) -> Result<String, String> {
        let mut r = Request::new(&OP);
        fill(&mut r);
        match r.into_parts() {
            Ok(parts) => Ok(parts.query),
            Err(Error::InvalidRequest { message, .. }) => Err(message),
            Err(other) => Err(other.to_string()),
        }
    }

    #[test]
    fn form_exploded_objects_write_each_entry_as_its_own_pair() {
        let value = json!({"a b": "x&y", "list": ["p", true], "n": 3, "skip": null});
        let q = query(|r| r.query_object("filter", &value, ObjectStyle::FormExploded));
        assert_eq!(q.as_deref(), Ok("a%20b=x%26y&list=p&list=true&n=3"));
    }

    #[test]
    fn form_objects_join_keys_and_values_with_commas() {
        let value = json!({"first": "Ada", "role": "admin,x"});
        let q = query(|r| r.query_object("id", &value, ObjectStyle::Form));
        assert_eq!(q.as_deref(), Ok("id=first,Ada,role,admin%2Cx"));
        let empty = json!({"skip": null});
        let q = query(|r| r.query_object("id", &empty, ObjectStyle::Form));
        assert_eq!(q.as_deref(), Ok(""));
    }

    #[test]
    fn deep_objects_bracket_keys_and_nest() {
        let value = json!({"color": "red", "size": {"max": 2, "min": 1}, "tag": ["a", "b"]});
        let q = query(|r| r.query_object("f", &value, ObjectStyle::DeepObject));
        assert_eq!(
            q.as_deref(),
            Ok("f%5Bcolor%5D=red&f%5Bsize%5D%5Bmax%5D=2&f%5Bsize%5D%5Bmin%5D=1&f%5Btag%5D=a&f%5Btag%5D=b")
        );
    }

    #[test]
    fn values_form_cannot_write_are_reported_before_sending() {
        let nested = json!({"a": {"b": 1}});
        let message = query(|r| r.query_object("f", &nested, ObjectStyle::FormExploded))
            .expect_err("nested objects have no form encoding");
        assert!(
            message.contains("`f`") && message.contains("nested"),
            "{message}"
        );
        let message =
            query(|r| r.query_object("f", &3, ObjectStyle::DeepObject)).expect_err("not an object");
        assert!(message.contains("must be an object"), "{message}");
    }

    #[test]
    fn json_content_is_one_encoded_pair() {
        let q = query(|r| r.query_json("where", &json!({"a": [1, "x y"]})));
        assert_eq!(
            q.as_deref(),
            Ok("where=%7B%22a%22%3A%5B1%2C%22x%20y%22%5D%7D")
        );
    }

    #[test]
    fn cookies_are_one_header_with_encoded_values() {
        let mut r = Request::new(&OP);
        r.cookie("session", "a;b c");
        r.cookie_opt("theme", None::<&str>);
        r.cookie_opt("n", Some(&7u8));
        let parts = r.into_parts().expect("valid");
        let cookies: Vec<_> = parts
            .headers
            .iter()
            .filter(|(n, _)| n == "Cookie")
            .collect();
        assert_eq!(
            cookies,
            [&("Cookie".to_string(), "session=a%3Bb%20c; n=7".to_string())]
        );
        let parts = Request::new(&OP).into_parts().expect("valid");
        assert!(parts.headers.is_empty());
    }
}
