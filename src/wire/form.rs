//! `application/x-www-form-urlencoded` bodies: a serializable object written as `name=value`
//! pairs, in the order its fields serialize, per the OpenAPI rules for form bodies.
//!
//! - scalars: `name=value` (strings as-is, numbers and booleans in their JSON text); `null` and
//!   absent fields send nothing;
//! - arrays: nothing when empty, else repeated keys (`tag=a&tag=b`, style `form` exploded, the default), or one key with
//!   the items joined (`tag=a,b` for `form` not exploded, `%20` for `spaceDelimited`, `|` for
//!   `pipeDelimited`);
//! - objects: with no encoding, the property's JSON text (the spec's default content type for
//!   an object property is `application/json`); `deepObject` as `name[key]=value` (nested
//!   `name[a][b]`); `form` exploded as each `key=value`; `form` not exploded as
//!   `name=key,value,...`.
//!
//! Items of arrays and values of objects that are themselves arrays or objects are written as
//! their JSON text. Names and values are percent-encoded as the WHATWG form serializer does
//! (space as `+`).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The `style` of a property of a form body (`encoding.<property>.style` in the spec). Used by
/// generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `form`: arrays as repeated keys (exploded) or comma-separated.
    Form,
    /// `spaceDelimited`: array items separated by spaces.
    SpaceDelimited,
    /// `pipeDelimited`: array items separated by `|`.
    PipeDelimited,
    /// `deepObject`: object properties as `name[key]=value`.
    DeepObject,
}

/// How one property of a form body is written, where the spec says (`encoding.<property>`).
/// Properties without one use `form`, exploded. Used by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormEncoding {
    /// The property's name on the wire.
    pub property: &'static str,
    /// Its style.
    pub style: FormStyle,
    /// Whether arrays and objects give one pair per item (`explode`).
    pub explode: bool,
}

/// A JSON value whose objects keep the order their entries were written in (a
/// `serde_json::Value` sorts them unless `preserve_order` is on somewhere in the build).
enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Nodes;
        impl<'de> Visitor<'de> for Nodes {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Number(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(serde_json::Number::from_f64(v).map_or(Node::Null, Node::Number))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::String(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Node::Object(entries))
            }
        }
        deserializer.deserialize_any(Nodes)
    }
}

impl fmt::Display for Node {
    /// The value's JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Null => f.write_str("null"),
            Node::Bool(b) => write!(f, "{b}"),
            Node::Number(n) => write!(f, "{n}"),
            Node::String(s) => write!(f, "{}", Value::String(s.clone())),
            Node::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Node::Object(entries) => {
                f.write_str("{")?;
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}:{value}", Value::String(key.clone()))?;
                }
                f.write_str("}")
            }
        }
    }
}

/// Encodes `body` as a form.
///
/// # Errors
/// A message when `body` cannot be serialized or is not an object (a struct or a map).
pub(crate) fn encode<T: serde::Serialize + ?Sized>(
    body: &T,
    encodings: &[FormEncoding],
) -> Result<String, String> {
    let json = serde_json::to_string(body).map_err(|e| e.to_string())?;
    let Ok(Node::Object(entries)) = serde_json::from_str(&json) else {
        return Err(format!(
            "a form body must be an object, not `{}`",
            short(&json)
        ));
    };
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &entries {
        let encoding = encodings.iter().find(|e| e.property == name);
        property(&mut out, name, value, encoding);
    }
    Ok(out.finish())
}

type Form = url::form_urlencoded::Serializer<'static, String>;

fn property(out: &mut Form, name: &str, value: &Node, encoding: Option<&FormEncoding>) {
    let (style, explode) = encoding.map_or((FormStyle::Form, true), |e| (e.style, e.explode));
    match value {
        Node::Null => {}
        Node::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(text).collect();
            if items.is_empty() {
                return;
            }
            match (style, explode) {
                (FormStyle::Form | FormStyle::DeepObject, true) => {
                    for item in &items {
                        out.append_pair(name, item);
                    }
                }
                (FormStyle::SpaceDelimited, _) => {
                    out.append_pair(name, &items.join(" "));
                }
                (FormStyle::PipeDelimited, _) => {
                    out.append_pair(name, &items.join("|"));
                }
                (_, false) => {
                    out.append_pair(name, &items.join(","));
                }
            }
        }
        Node::Object(entries) => match (encoding.map(|e| e.style), explode) {
            (None, _) => {
                out.append_pair(name, &value.to_string());
            }
            (Some(FormStyle::DeepObject), _) => deep(out, name, value),
            (Some(_), true) => {
                for (key, value) in entries {
                    if let Some(value) = text(value) {
                        out.append_pair(key, &value);
                    }
                }
            }
            (Some(_), false) => {
                let pairs: Vec<String> = entries
                    .iter()
                    .filter_map(|(k, v)| text(v).map(|v| format!("{k},{v}")))
                    .collect();
                out.append_pair(name, &pairs.join(","));
            }
        },
        scalar => {
            if let Some(value) = text(scalar) {
                out.append_pair(name, &value);
            }
        }
    }
}

/// `prefix[key]=value` for every leaf of `value`; arrays repeat their key.
fn deep(out: &mut Form, prefix: &str, value: &Node) {
    match value {
        Node::Object(entries) => {
            for (key, value) in entries {
                deep(out, &format!("{prefix}[{key}]"), value);
            }
        }
        Node::Array(items) => {
            for item in items.iter().filter_map(text) {
                out.append_pair(prefix, &item);
            }
        }
        scalar => {
            if let Some(value) = text(scalar) {
                out.append_pair(prefix, &value);
            }
        }
    }
}

/// A value's text in a form: strings as-is, `null` as nothing, arrays and objects as JSON.
fn text(value: &Node) -> Option<String> {
    match value {
        Node::Null => None,
        Node::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The start of a JSON text, for an error message.
fn short(json: &str) -> String {
    let mut chars = json.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}...")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    struct Token {
        grant_type: &'static str,
        client_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        scope: Option<String>,
        redirect_uri: Option<String>,
        secret: String,
        count: i64,
        on: bool,
    }

    #[test]
    fn scalars_in_field_order_percent_encoded() {
        let token = Token {
            grant_type: "refresh_token",
            client_id: "id".into(),
            scope: None,
            redirect_uri: None,
            secret: "a b&c=d/e+f%é".into(),
            count: -3,
            on: true,
        };
        assert_eq!(
            encode(&token, &[]).expect("encoded"),
            "grant_type=refresh_token&client_id=id&secret=a+b%26c%3Dd%2Fe%2Bf%25%C3%A9&count=-3&on=true"
        );
    }

    #[derive(Serialize)]
    struct Lists {
        tags: Vec<&'static str>,
        ids: Vec<u32>,
        words: Vec<&'static str>,
        empty: Vec<u32>,
    }

    fn lists() -> Lists {
        Lists {
            tags: vec!["a", "b c"],
            ids: vec![1, 2],
            words: vec!["x", "y"],
            empty: vec![],
        }
    }

    #[test]
    fn arrays_repeat_their_key_unless_the_encoding_says_otherwise() {
        assert_eq!(
            encode(&lists(), &[]).expect("encoded"),
            "tags=a&tags=b+c&ids=1&ids=2&words=x&words=y"
        );
        let encodings = [
            FormEncoding {
                property: "tags",
                style: FormStyle::Form,
                explode: false,
            },
            FormEncoding {
                property: "ids",
                style: FormStyle::PipeDelimited,
                explode: false,
            },
            FormEncoding {
                property: "words",
                style: FormStyle::SpaceDelimited,
                explode: false,
            },
        ];
        assert_eq!(
            encode(&lists(), &encodings).expect("encoded"),
            "tags=a%2Cb+c&ids=1%7C2&words=x+y"
        );
    }

    #[derive(Serialize)]
    struct Nested {
        filter: BTreeMap<&'static str, serde_json::Value>,
    }

    fn nested() -> Nested {
        let mut filter = BTreeMap::new();
        filter.insert("name", serde_json::json!("Ann"));
        filter.insert("age", serde_json::json!({"min": 18}));
        Nested { filter }
    }

    fn with(style: FormStyle, explode: bool) -> [FormEncoding; 1] {
        [FormEncoding {
            property: "filter",
            style,
            explode,
        }]
    }

    #[test]
    fn objects_are_json_by_default_and_follow_their_style() {
        assert_eq!(
            encode(&nested(), &[]).expect("encoded"),
            "filter=%7B%22age%22%3A%7B%22min%22%3A18%7D%2C%22name%22%3A%22Ann%22%7D"
        );
        assert_eq!(
            encode(&nested(), &with(FormStyle::DeepObject, true)).expect("encoded"),
            "filter%5Bage%5D%5Bmin%5D=18&filter%5Bname%5D=Ann"
        );
        let plain = Nested {
            filter: [("a", serde_json::json!("1")), ("b", serde_json::json!(2))].into(),
        };
        assert_eq!(
            encode(&plain, &with(FormStyle::Form, true)).expect("encoded"),
            "a=1&b=2"
        );
        assert_eq!(
            encode(&plain, &with(FormStyle::Form, false)).expect("encoded"),
            "filter=a%2C1%2Cb%2C2"
        );
    }

    #[derive(Serialize)]
    struct Inner {
        zeta: &'static str,
        alpha: Vec<Option<u8>>,
    }

    #[derive(Serialize)]
    struct Outer {
        inner: Inner,
    }

    #[test]
    fn nested_values_keep_their_field_order() {
        let outer = Outer {
            inner: Inner {
                zeta: "say \"hi\"",
                alpha: vec![Some(1), None],
            },
        };
        let form = encode(&outer, &[]).expect("encoded");
        let decoded: Vec<(String, String)> = url::form_urlencoded::parse(form.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(
            decoded,
            [(
                "inner".to_owned(),
                r#"{"zeta":"say \"hi\"","alpha":[1,null]}"#.to_owned()
            )]
        );
        let deep = [FormEncoding {
            property: "inner",
            style: FormStyle::DeepObject,
            explode: true,
        }];
        assert_eq!(
            encode(&outer, &deep).expect("encoded"),
            "inner%5Bzeta%5D=say+%22hi%22&inner%5Balpha%5D=1"
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        let error = encode(&vec![1, 2], &[]).expect_err("an array");
        assert!(error.contains("must be an object, not `[1,2]`"), "{error}");
        let map: BTreeMap<u32, u32> = [(1, 2)].into();
        assert_eq!(encode(&map, &[]).expect("string keys"), "1=2");
    }
}
