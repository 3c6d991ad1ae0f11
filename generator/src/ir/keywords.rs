//! Keywords that do not change the Rust type. `openapiv3` reads a schema whose keywords are not
//! all of its type's list (`type: integer` with a `pattern`, `properties: {}` next to `oneOf`)
//! as a schema of no kind (`SchemaKind::Any`). [`fit`] reads such a schema again as what it
//! declares, ignoring what only constrains or annotates values:
//!
//! - with a `type`, the keywords of other types (`pattern` and `minLength` off strings, numeric
//!   bounds off numbers, `items` off arrays, `format` off booleans, objects and arrays, a
//!   fractional bound off an integer) are dropped;
//! - empty `properties` and `required` say nothing and are dropped;
//! - `type` next to one `oneOf`, `anyOf` or `allOf` is implied by its parts and is dropped;
//!   `properties` next to `allOf` become one more part of it; `oneOf`/`anyOf` parts that only
//!   list `required` properties constrain an object and change nothing.
//!
//! What is left is an error that names the keywords that cannot go together: a schema with a
//! `oneOf`, `anyOf` or `allOf` never becomes `serde_json::Value` silently.

use std::borrow::Cow;

use openapiv3::{
    AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema,
    SchemaKind, StringType, Type,
};
use serde_json::Value;

/// Why a schema cannot be read: the keyword to point at, and the message.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Misfit {
    /// The keyword the error points at (`type`, `oneOf`, `enum`).
    pub keyword: &'static str,
    /// What is wrong.
    pub message: String,
}

/// `schema` read as the kind it declares (itself when `openapiv3` already did).
pub(super) fn fit(schema: &Schema) -> Result<Cow<'_, Schema>, Misfit> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return Ok(Cow::Borrowed(schema));
    };
    match refit(any)? {
        Some(kind) => Ok(Cow::Owned(Schema {
            schema_data: schema.schema_data.clone(),
            schema_kind: kind,
        })),
        None => Ok(Cow::Borrowed(schema)),
    }
}

/// The kind an `Any` schema declares; `None` when it is a schema of no kind after all
/// (properties without `type`, an enum, anything).
fn refit(any: &AnySchema) -> Result<Option<SchemaKind>, Misfit> {
    let composites: Vec<&'static str> = [
        ("oneOf", !any.one_of.is_empty()),
        ("anyOf", !any.any_of.is_empty()),
        ("allOf", !any.all_of.is_empty()),
        ("not", any.not.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, present)| present.then_some(k))
    .collect();
    let object = !any.properties.is_empty() || any.additional_properties.is_some();
    match composites.as_slice() {
        [] => {}
        [one] => return composite(any, one, object).map(Some),
        [first, second, ..] => {
            return Err(Misfit {
                keyword: second,
                message: format!(
                    "`{first}` and `{second}` next to each other in one schema are not \
                     supported: make them two parts of an `allOf`"
                ),
            })
        }
    }
    let Some(typ) = any.typ.as_deref() else {
        return Ok(None);
    };
    let enum_misfit = |what: &str, fits: fn(&Value) -> bool| {
        if any.enumeration.iter().all(|v| fits(v) || v.is_null()) {
            Ok(())
        } else {
            Err(Misfit {
                keyword: "enum",
                message: format!(
                    "`enum` lists values that are not {what} in a schema of `type: {typ}`"
                ),
            })
        }
    };
    let int = |n: Option<f64>| n.filter(|v| v.fract() == 0.0).map(|v| v as i64);
    Ok(Some(SchemaKind::Type(match typ {
        "string" => {
            enum_misfit("strings", Value::is_string)?;
            Type::String(StringType {
                format: any.format.clone().into(),
                pattern: any.pattern.clone(),
                enumeration: any
                    .enumeration
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect(),
                min_length: any.min_length,
                max_length: any.max_length,
            })
        }
        "integer" => {
            enum_misfit("integers", |v| v.is_i64() || v.is_u64())?;
            Type::Integer(IntegerType {
                format: any.format.clone().into(),
                multiple_of: int(any.multiple_of),
                exclusive_minimum: any.exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: any.exclusive_maximum.unwrap_or_default(),
                minimum: int(any.minimum),
                maximum: int(any.maximum),
                enumeration: any.enumeration.iter().map(Value::as_i64).collect(),
            })
        }
        "number" => {
            enum_misfit("numbers", Value::is_number)?;
            Type::Number(NumberType {
                format: any.format.clone().into(),
                multiple_of: any.multiple_of,
                exclusive_minimum: any.exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: any.exclusive_maximum.unwrap_or_default(),
                minimum: any.minimum,
                maximum: any.maximum,
                enumeration: any.enumeration.iter().map(Value::as_f64).collect(),
            })
        }
        "boolean" => {
            enum_misfit("booleans", Value::is_boolean)?;
            Type::Boolean(BooleanType {
                enumeration: any.enumeration.iter().map(Value::as_bool).collect(),
            })
        }
        "object" => Type::Object(object_type(any)),
        "array" => Type::Array(ArrayType {
            items: any.items.clone(),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or_default(),
        }),
        other => {
            return Err(Misfit {
                keyword: "type",
                message: format!(
                    "unknown schema type `{other}`: expected string, number, integer, boolean, \
                     array, object or null"
                ),
            })
        }
    })))
}

/// The kind of a schema with one `oneOf`/`anyOf`/`allOf`/`not` (`keyword`) and, when `object`,
/// properties or `additionalProperties` next to it.
fn composite(any: &AnySchema, keyword: &'static str, object: bool) -> Result<SchemaKind, Misfit> {
    let misfit = |what: &str| Misfit {
        keyword,
        message: format!(
            "`{keyword}` next to {what} is not supported: move {what} into each part (an overlay \
             can: `update` the parts, `remove` the keyword)"
        ),
    };
    if any.items.is_some() {
        return Err(misfit("`items`"));
    }
    if !any.enumeration.is_empty() {
        return Err(misfit("`enum`"));
    }
    match keyword {
        "allOf" if object => {
            let mut parts = any.all_of.clone();
            parts.push(ReferenceOr::Item(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::Type(Type::Object(object_type(any))),
            }));
            Ok(SchemaKind::AllOf { all_of: parts })
        }
        "allOf" => Ok(SchemaKind::AllOf {
            all_of: any.all_of.clone(),
        }),
        "oneOf" | "anyOf" if object => {
            let parts = if keyword == "oneOf" {
                &any.one_of
            } else {
                &any.any_of
            };
            if parts.iter().all(only_requires) {
                Ok(SchemaKind::Type(Type::Object(object_type(any))))
            } else {
                Err(misfit("`properties`"))
            }
        }
        "oneOf" => Ok(SchemaKind::OneOf {
            one_of: any.one_of.clone(),
        }),
        "anyOf" => Ok(SchemaKind::AnyOf {
            any_of: any.any_of.clone(),
        }),
        _ if object => Err(misfit("`properties`")),
        _ => Ok(SchemaKind::Not {
            not: any.not.clone().unwrap_or_else(|| {
                Box::new(ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: SchemaKind::Any(AnySchema::default()),
                }))
            }),
        }),
    }
}

fn object_type(any: &AnySchema) -> ObjectType {
    ObjectType {
        properties: any.properties.clone(),
        required: any.required.clone(),
        additional_properties: any.additional_properties.clone(),
        min_properties: any.min_properties,
        max_properties: any.max_properties,
    }
}

/// Is the part only a list of required properties (`{required: [a]}`), a constraint on an
/// object that does not change its type?
fn only_requires(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Any(any),
            ..
        }) => {
            *any == AnySchema {
                required: any.required.clone(),
                ..AnySchema::default()
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: Value) -> Schema {
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
    }

    fn kind(json: Value) -> Result<SchemaKind, Misfit> {
        let s = schema(json);
        fit(&s).map(|s| s.into_owned().schema_kind)
    }

    #[test]
    fn keywords_of_other_types_are_ignored() {
        let integer = kind(
            serde_json::json!({"type": "integer", "pattern": "^[0-9]+$", "format": "int64", "minLength": 1}),
        );
        assert!(
            matches!(integer, Ok(SchemaKind::Type(Type::Integer(ref i))) if i.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64)),
            "{integer:?}"
        );
        let string =
            kind(serde_json::json!({"type": "string", "minimum": 1, "items": {"type": "string"}}));
        assert!(
            matches!(string, Ok(SchemaKind::Type(Type::String(_)))),
            "{string:?}"
        );
        let boolean = kind(serde_json::json!({"type": "boolean", "format": "flag"}));
        assert!(
            matches!(boolean, Ok(SchemaKind::Type(Type::Boolean(_)))),
            "{boolean:?}"
        );
        let bounded = kind(serde_json::json!({"type": "integer", "minimum": 0.5, "maximum": 10}));
        assert!(
            matches!(bounded, Ok(SchemaKind::Type(Type::Integer(ref i))) if i.minimum.is_none() && i.maximum == Some(10)),
            "{bounded:?}"
        );
        let array = kind(
            serde_json::json!({"type": "array", "items": {"type": "string"}, "properties": {"a": {}}}),
        );
        assert!(
            matches!(array, Ok(SchemaKind::Type(Type::Array(ref a))) if a.items.is_some()),
            "{array:?}"
        );
    }

    #[test]
    fn a_union_next_to_empty_properties_or_a_type_stays_a_union() {
        let union = kind(
            serde_json::json!({"properties": {}, "oneOf": [{"type": "string"}, {"type": "integer"}]}),
        );
        assert!(
            matches!(union, Ok(SchemaKind::OneOf { ref one_of }) if one_of.len() == 2),
            "{union:?}"
        );
        let typed = kind(
            serde_json::json!({"type": "object", "anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}),
        );
        assert!(matches!(typed, Ok(SchemaKind::AnyOf { .. })), "{typed:?}");
        let merged = kind(
            serde_json::json!({"allOf": [{"$ref": "#/components/schemas/A"}], "properties": {"b": {"type": "string"}}}),
        );
        assert!(
            matches!(merged, Ok(SchemaKind::AllOf { ref all_of }) if all_of.len() == 2),
            "{merged:?}"
        );
        let constrained = kind(
            serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}),
        );
        assert!(
            matches!(constrained, Ok(SchemaKind::Type(Type::Object(ref o))) if o.properties.len() == 1),
            "{constrained:?}"
        );
    }

    #[test]
    fn what_cannot_go_together_is_named() {
        let cases = [
            (
                serde_json::json!({"type": "object", "properties": {"a": {}}, "oneOf": [{"type": "string"}, {"type": "integer"}]}),
                "oneOf",
                "`oneOf` next to `properties`",
            ),
            (
                serde_json::json!({"oneOf": [{"type": "string"}], "anyOf": [{"type": "integer"}]}),
                "anyOf",
                "`oneOf` and `anyOf` next to each other",
            ),
            (
                serde_json::json!({"type": "integer", "enum": ["a"]}),
                "enum",
                "not integers in a schema of `type: integer`",
            ),
            (
                serde_json::json!({"type": "thing"}),
                "type",
                "unknown schema type `thing`",
            ),
        ];
        for (json, keyword, needle) in cases {
            let misfit = match kind(json.clone()) {
                Err(m) => m,
                Ok(k) => panic!("{json}: read as {k:?}"),
            };
            assert_eq!(misfit.keyword, keyword, "{json}");
            assert!(
                misfit.message.contains(needle),
                "{json}: {}",
                misfit.message
            );
        }
    }

    #[test]
    fn schemas_of_no_kind_stay_so() {
        for json in [
            serde_json::json!({}),
            serde_json::json!({"properties": {"a": {}}}),
            serde_json::json!({"enum": [1, "a"]}),
        ] {
            let s = schema(json.clone());
            assert!(matches!(fit(&s), Ok(Cow::Borrowed(_))), "{json}");
        }
    }
}
