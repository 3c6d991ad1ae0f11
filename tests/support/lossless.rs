//! Did decoding keep everything the server sent? Compares a response body with the encoding of
//! the typed value it was decoded into.
//!
//! Shared by tests/fidelity.rs (wiremock, HubSpot-shaped bodies) and tests/contract_official.rs
//! (Prism answering from HubSpot's official specs). A field the server sends that the generated
//! type lacks is silently dropped by serde; encoding the typed value again and comparing shows it.

#![allow(dead_code)] // Each user of this module needs a different part of it.

use serde::Serialize;
use serde_json::Value;

/// Every non-null part of `served` that the encoding of `decoded` lacks or changed, as JSON
/// pointers with what happened (`/associations (missing)`). Empty when nothing was lost.
///
/// Date-times are compared as instants (`.000Z` and `Z` are the same), numbers as numbers; an
/// empty array or object may be absent from the encoding, since the generated models treat an
/// absent collection as empty and skip empty ones when encoding.
pub fn lost_fields(served: &Value, decoded: &impl Serialize) -> Vec<String> {
    let encoded = match serde_json::to_value(decoded) {
        Ok(encoded) => encoded,
        Err(e) => return vec![format!("cannot encode the decoded value: {e}")],
    };
    let mut lost = Vec::new();
    compare(served, &encoded, "", &mut lost);
    lost
}

/// Panics, naming every field decoding lost, unless `decoded` kept all of `served`.
#[track_caller]
pub fn assert_lossless(what: &str, served: &Value, decoded: &impl Serialize) {
    let lost = lost_fields(served, decoded);
    assert!(
        lost.is_empty(),
        "{what}: decoding dropped or changed what the server sent: {}\nserved: {served:#}",
        lost.join(", ")
    );
}

fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn is_empty_collection(value: &Value) -> bool {
    match value {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn compare(served: &Value, encoded: &Value, at: &str, lost: &mut Vec<String>) {
    match (served, encoded) {
        (Value::Null, Value::Null) => {}
        (Value::Object(s), Value::Object(e)) => {
            for (key, s_value) in s {
                let here = format!("{at}/{key}");
                match e.get(key) {
                    Some(e_value) => compare(s_value, e_value, &here, lost),
                    None if s_value.is_null() || is_empty_collection(s_value) => {}
                    None => lost.push(format!("{here} (missing)")),
                }
            }
        }
        (Value::Array(s), Value::Array(e)) if s.len() == e.len() => {
            for (i, (s_item, e_item)) in s.iter().zip(e).enumerate() {
                compare(s_item, e_item, &format!("{at}/{i}"), lost);
            }
        }
        (Value::String(s), Value::String(e)) if s == e || same_instant(s, e) => {}
        (Value::Number(s), Value::Number(e)) if s.as_f64() == e.as_f64() => {}
        (Value::Bool(s), Value::Bool(e)) if s == e => {}
        (s, e) => lost.push(format!("{at} ({s} became {e})")),
    }
}
