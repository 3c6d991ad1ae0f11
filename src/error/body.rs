//! [`ErrorBody`]: HubSpot's standard error body, parsed leniently.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// HubSpot's standard error body.
///
/// ```json
/// {"status":"error","category":"VALIDATION_ERROR","subCategory":"...","message":"...",
///  "correlationId":"aeb5f871-...","context":{"k":["v"]},"links":{"knowledge-base":"https://..."},
///  "errors":[{"message":"...","code":"...","in":"...","subCategory":"...","context":{}}]}
/// ```
///
/// Parsing is lenient: every field is optional, `null` is accepted anywhere, unknown fields are
/// ignored, and values of an unexpected JSON type are converted to text rather than rejected.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorBody {
    /// Usually `"error"`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    /// Error category, e.g. `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, `RATE_LIMITS`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub category: Option<String>,
    /// Finer-grained category (`subCategory`).
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sub_category: Option<String>,
    /// Human-readable message.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// Correlation id to quote to HubSpot support (`correlationId`).
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub correlation_id: Option<String>,
    /// Extra context, e.g. `{"id": ["512"]}`.
    #[serde(
        default,
        deserialize_with = "lenient_context",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub context: BTreeMap<String, Vec<String>>,
    /// Related documentation links, e.g. `{"knowledge-base": "https://..."}`.
    #[serde(
        default,
        deserialize_with = "lenient_links",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub links: BTreeMap<String, String>,
    /// Individual problems (e.g. one per invalid property).
    #[serde(
        default,
        deserialize_with = "lenient_details",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub errors: Vec<ErrorDetail>,
    /// For 429s: the rate-limit policy that was hit (`policyName`), e.g. `TEN_SECONDLY_ROLLING`,
    /// `SECONDLY`, `DAILY`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_name: Option<String>,
    /// For 429s: HubSpot's `errorType`, e.g. `RATE_LIMIT`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub error_type: Option<String>,
    /// For 429s: the rate-limit group (`groupName`).
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub group_name: Option<String>,
}

/// One entry of [`ErrorBody::errors`]. Parsed as leniently as [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Human-readable message.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// Machine-readable code.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// Where the problem is, e.g. the property name (`in`).
    #[serde(
        rename = "in",
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub in_: Option<String>,
    /// Finer-grained category (`subCategory`).
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sub_category: Option<String>,
    /// Extra context.
    #[serde(
        default,
        deserialize_with = "lenient_context",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub context: BTreeMap<String, Vec<String>>,
}

impl ErrorBody {
    /// Every text of the body (values, map keys, the details' texts) passed through `f`: how
    /// secrets a server echoes are taken out, whichever JSON escapes it spelled them with.
    pub(crate) fn map_text(self, f: &impl Fn(&str) -> String) -> ErrorBody {
        let text = |value: Option<String>| value.map(|v| f(&v));
        ErrorBody {
            status: text(self.status),
            category: text(self.category),
            sub_category: text(self.sub_category),
            message: text(self.message),
            correlation_id: text(self.correlation_id),
            context: map_context(self.context, f),
            links: self.links.iter().map(|(k, v)| (f(k), f(v))).collect(),
            errors: self
                .errors
                .into_iter()
                .map(|detail| ErrorDetail {
                    message: text(detail.message),
                    code: text(detail.code),
                    in_: text(detail.in_),
                    sub_category: text(detail.sub_category),
                    context: map_context(detail.context, f),
                })
                .collect(),
            policy_name: text(self.policy_name),
            error_type: text(self.error_type),
            group_name: text(self.group_name),
        }
    }
}

fn map_context(
    context: BTreeMap<String, Vec<String>>,
    f: &impl Fn(&str) -> String,
) -> BTreeMap<String, Vec<String>> {
    context
        .iter()
        .map(|(k, values)| (f(k), values.iter().map(|v| f(v)).collect()))
        .collect()
}

/// Text of a JSON value: strings as-is, `null` as nothing, anything else as compact JSON.
fn value_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(value_text(Value::deserialize(d)?))
}

fn context_from(value: Value) -> BTreeMap<String, Vec<String>> {
    let Value::Object(map) = value else {
        return BTreeMap::new();
    };
    map.into_iter()
        .map(|(k, v)| {
            let values = match v {
                Value::Array(items) => items.into_iter().filter_map(value_text).collect(),
                other => value_text(other).into_iter().collect(),
            };
            (k, values)
        })
        .collect()
}

fn lenient_context<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    Ok(context_from(Value::deserialize(d)?))
}

fn lenient_links<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let Value::Object(map) = Value::deserialize(d)? else {
        return Ok(BTreeMap::new());
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| value_text(v).map(|v| (k, v)))
        .collect())
}

fn lenient_details<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ErrorDetail>, D::Error> {
    let items = match Value::deserialize(d)? {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        single => vec![single],
    };
    Ok(items
        .into_iter()
        .map(|item| match item {
            Value::Object(_) => serde_json::from_value(item).unwrap_or_default(),
            other => ErrorDetail {
                message: value_text(other),
                ..ErrorDetail::default()
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_is_lenient() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"status":null,"category":"X","message":42,"context":{"a":"b","n":[1,null,"c"]},
                "links":null,"errors":[{"message":"m","in":"prop","context":null}, "plain"],
                "unknown":{"deep":true}}"#,
        )
        .expect("lenient parse");
        assert_eq!(body.status, None);
        assert_eq!(body.category.as_deref(), Some("X"));
        assert_eq!(body.message.as_deref(), Some("42"));
        assert_eq!(body.context["a"], vec!["b".to_owned()]);
        assert_eq!(body.context["n"], vec!["1".to_owned(), "c".to_owned()]);
        assert!(body.links.is_empty());
        assert_eq!(body.errors.len(), 2);
        assert_eq!(body.errors[0].in_.as_deref(), Some("prop"));
        assert_eq!(body.errors[1].message.as_deref(), Some("plain"));
    }

    #[test]
    fn map_text_reaches_every_text() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"status":"s","category":"c","subCategory":"sc","message":"m","correlationId":"id",
                "context":{"k":["v"]},"links":{"l":"u"},"policyName":"p","errorType":"e",
                "groupName":"g","errors":[{"message":"m","code":"c","in":"i","subCategory":"s",
                "context":{"k":["v"]}}]}"#,
        )
        .expect("body");
        let mapped = body.map_text(&|_| "X".to_owned());
        let json = serde_json::to_string(&mapped).expect("serialize");
        let texts: Vec<&str> = json
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|t| !t.is_empty())
            .collect();
        // Every key is a wire name or a mapped map key; every value is mapped.
        let unmapped: Vec<&&str> = texts
            .iter()
            .filter(|t| {
                **t != "X"
                    && ![
                        "status",
                        "category",
                        "subCategory",
                        "message",
                        "correlationId",
                        "context",
                        "links",
                        "errors",
                        "code",
                        "in",
                        "policyName",
                        "errorType",
                        "groupName",
                    ]
                    .contains(*t)
            })
            .collect();
        assert!(unmapped.is_empty(), "{unmapped:?} in {json}");
    }

    #[test]
    fn error_body_round_trips_with_wire_names() {
        let body = ErrorBody {
            sub_category: Some("S".into()),
            correlation_id: Some("c".into()),
            policy_name: Some("DAILY".into()),
            ..ErrorBody::default()
        };
        let json = serde_json::to_value(&body).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({"subCategory":"S","correlationId":"c","policyName":"DAILY"})
        );
        let back: ErrorBody = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, body);
    }
}
