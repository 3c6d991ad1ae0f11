//! Serde round trips of the generated models on the bundled specs' own examples.
//!
//! The specs are read with the generator's loader, so the overlays in `specs/overlays` apply
//! (e.g. the association example the overlays add). Every request body and response media type
//! whose schema is `$ref: '#/components/schemas/X'` and that has an `example` or `examples`
//! (`#/components/examples/...` references resolved), and every component schema with an
//! `example` of its own, is a sample. Each sample is decoded into the Rust type of `X` (the
//! `models!` table), encoded again and decoded again: both decodes must be equal, and no
//! non-null field of the example may be missing or changed in the encoding (date-times are
//! compared as instants, numbers as numbers; an empty array or object may be omitted, since
//! the generated models treat an absent collection as empty).
//!
//! Upstream examples that do not match their own schema are listed in `KNOWN_MISMATCHES` with
//! the reason; they must fail to decode, so an upstream fix is noticed. A sample whose schema is
//! missing from the table fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::path::{Path, PathBuf};

use hubspot_calling::{
    calling_extensions, calling_transcripts, calls, channel_connection_webhook, oauth,
};
use hubspot_calling_codegen::Generator;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// One example of one schema, found in a spec.
#[derive(Debug)]
struct Sample {
    /// Where it is, e.g. `POST /crm/v3/objects/calls 201 application/json examples.CreateCallSuccessResponse`.
    place: String,
    /// The component schema key.
    schema: String,
    /// The example value.
    value: Value,
}

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs")
}

/// The spec with its overlays applied, as the generator sees it.
fn merged(file: &str) -> Value {
    let dir = specs_dir();
    Generator::new()
        .specs_dir(&dir)
        .prepare(&dir.join(file))
        .unwrap_or_else(|e| panic!("cannot load specs/{file}:\n{e}"))
        .merged
}

/// Follows a local `$ref` (`#/components/<kind>/<name>`) once.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("external $ref {reference}"));
            doc.pointer(pointer)
                .unwrap_or_else(|| panic!("unresolved $ref {reference}"))
        }
        None => value,
    }
}

/// The samples of one media type object (`content.<media>`).
fn media_samples(doc: &Value, place: &str, media: &Value, out: &mut Vec<Sample>) {
    let Some(schema) = media
        .get("schema")
        .and_then(|s| s.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    else {
        return;
    };
    if let Some(example) = media.get("example").filter(|e| !e.is_null()) {
        out.push(Sample {
            place: format!("{place} example"),
            schema: schema.to_string(),
            value: example.clone(),
        });
    }
    if let Some(Value::Object(examples)) = media.get("examples") {
        for (name, example) in examples {
            let example = resolve(doc, example);
            assert!(
                example.get("externalValue").is_none(),
                "{place} examples.{name}: externalValue is not supported by this test"
            );
            if let Some(value) = example.get("value").filter(|v| !v.is_null()) {
                out.push(Sample {
                    place: format!("{place} examples.{name}"),
                    schema: schema.to_string(),
                    value: value.clone(),
                });
            }
        }
    }
}

fn content_samples(doc: &Value, place: &str, holder: &Value, out: &mut Vec<Sample>) {
    let holder = resolve(doc, holder);
    if let Some(Value::Object(content)) = holder.get("content") {
        for (media_type, media) in content {
            media_samples(doc, &format!("{place} {media_type}"), media, out);
        }
    }
}

/// Every sample of a spec.
fn samples(doc: &Value) -> Vec<Sample> {
    let mut out = Vec::new();
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            let place = format!("{} {path}", method.to_uppercase());
            if let Some(body) = op.get("requestBody") {
                content_samples(doc, &format!("{place} request"), body, &mut out);
            }
            if let Some(Value::Object(responses)) = op.get("responses") {
                for (status, response) in responses {
                    content_samples(doc, &format!("{place} {status}"), response, &mut out);
                }
            }
        }
    }
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, schema) in schemas {
            if let Some(example) = schema.get("example").filter(|e| !e.is_null()) {
                out.push(Sample {
                    place: format!("components.schemas.{name}.example"),
                    schema: name.clone(),
                    value: example.clone(),
                });
            }
        }
    }
    out
}

/// Decodes, encodes and decodes again; checks nothing of the example was lost.
fn round_trip<T>(example: &Value) -> Result<(), String>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let first: T = serde_path_to_error::deserialize(example.clone())
        .map_err(|e| format!("decode: at `{}`: {}", e.path(), e.inner()))?;
    let encoded = serde_json::to_value(&first).map_err(|e| format!("encode: {e}"))?;
    let second: T =
        serde_json::from_value(encoded.clone()).map_err(|e| format!("decode again: {e}"))?;
    if first != second {
        return Err(format!(
            "decoding the encoding gives a different value:\n{first:#?}\n!=\n{second:#?}"
        ));
    }
    let mut lost = Vec::new();
    compare(example, &encoded, "", &mut lost);
    if lost.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the encoding lost or changed example fields: {}\nencoding: {encoded:#}",
            lost.join(", ")
        ))
    }
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

/// Records in `lost` every non-null part of `example` that `encoded` lacks or changed.
fn compare(example: &Value, encoded: &Value, at: &str, lost: &mut Vec<String>) {
    match (example, encoded) {
        (Value::Null, _) => {}
        (Value::Object(e), Value::Object(v)) => {
            for (key, e_value) in e {
                let here = format!("{at}/{key}");
                match v.get(key) {
                    Some(v_value) => compare(e_value, v_value, &here, lost),
                    None if e_value.is_null() || is_empty_collection(e_value) => {}
                    None => lost.push(format!("{here} (missing)")),
                }
            }
        }
        (Value::Array(e), Value::Array(v)) if e.len() == v.len() => {
            for (i, (e_item, v_item)) in e.iter().zip(v).enumerate() {
                compare(e_item, v_item, &format!("{at}/{i}"), lost);
            }
        }
        (Value::String(e), Value::String(v)) if e == v || same_instant(e, v) => {}
        (Value::Number(e), Value::Number(v)) if e.as_f64() == v.as_f64() => {}
        (Value::Bool(e), Value::Bool(v)) if e == v => {}
        (e, v) => lost.push(format!("{at} ({e} became {v})")),
    }
}

/// The Rust type of each component schema that has examples: `"<spec file>" { "<schema key>" =>
/// <type>, ... }`.
macro_rules! models {
    ($($file:literal { $($schema:literal => $ty:ty,)* })*) => {
        /// Round trip of `value` as the type of `schema` in `file`; `None` when the table has no
        /// entry.
        fn check(file: &str, schema: &str, value: &Value) -> Option<Result<(), String>> {
            match (file, schema) {
                $($(($file, $schema) => Some(round_trip::<$ty>(value)),)*)*
                _ => None,
            }
        }

        /// Every `(file, schema)` of the table.
        const TABLE: &[(&str, &str)] = &[$($(($file, $schema),)*)*];
    };
}

models! {
    "calls.yaml" {
        "BatchArchiveCallsRequest" => calls::BatchArchiveCallsRequest,
        "BatchCallsResponse" => calls::BatchCallsResponse,
        "BatchCreateCallsRequest" => calls::BatchCreateCallsRequest,
        "BatchReadCallsRequest" => calls::BatchReadCallsRequest,
        "BatchStatus" => calls::BatchStatus,
        "BatchUpdateCallsRequest" => calls::BatchUpdateCallsRequest,
        "BatchUpsertCallsRequest" => calls::BatchUpsertCallsRequest,
        "BatchUpsertResponse" => calls::BatchUpsertResponse,
        "Call" => calls::Call,
        "CallCollectionResponse" => calls::CallCollectionResponse,
        "CallCreateRequest" => calls::CallCreateRequest,
        "CallSearchRequest" => calls::CallSearchRequest,
        "CallSearchResponse" => calls::CallSearchResponse,
        "CallUpdateRequest" => calls::CallUpdateRequest,
        "Error" => calls::Error,
        "GdprDeleteRequest" => calls::GdprDeleteRequest,
    }
    "calling-extensions.json" {
        "Error" => calling_extensions::Error,
    }
    "calling-transcripts.json" {
        "Error" => calling_transcripts::Error,
    }
    "channel-connection-webhook.yaml" {
        "PhoneNumbersRequest" => channel_connection_webhook::PhoneNumbersRequest,
        "PhoneNumbersResponse" => channel_connection_webhook::PhoneNumbersResponse,
    }
    "oauth.json" {
        "Error" => oauth::Error,
    }
}

/// Examples that do not match their own schema upstream: `(file, place, path, why)`, where
/// `path` is where decoding fails first. Each must fail to decode there; when one decodes (or
/// fails elsewhere), upstream changed it and the entry must be revisited.
const KNOWN_MISMATCHES: &[(&str, &str, &str, &str)] = &[
    (
        "calls.yaml",
        "POST /crm/v3/objects/calls/batch/create 207 application/json examples.Batchcreatecalls207Example",
        "results[0].propertiesWithHistory.key",
        MULTI_STATUS_207,
    ),
    (
        "calls.yaml",
        "POST /crm/v3/objects/calls/batch/read 207 application/json examples.Batchreadcalls207Example",
        "results[0].propertiesWithHistory.key",
        MULTI_STATUS_207,
    ),
    (
        "calls.yaml",
        "POST /crm/v3/objects/calls/batch/update 207 application/json examples.Batchupdatecalls207Example",
        "results[0].propertiesWithHistory.key",
        MULTI_STATUS_207,
    ),
];

/// Why calls.yaml's generated 207 examples (Microcks placeholders, shared through YAML anchors
/// `&id001`…`&id005`) do not match `BatchCallsResponse`.
const MULTI_STATUS_207: &str = "placeholder values: `results[].propertiesWithHistory` is \
    `{key: value}` where the schema wants a map of PropertyHistory arrays; `errors[].context` \
    is `{key: value}` where it wants a map of string arrays; `errors[].errors` is `[{}]` where \
    ErrorDetail requires `message`";

#[test]
fn examples_round_trip() {
    let mut failures = Vec::new();
    let mut missing_from_table = BTreeSet::new();
    let mut used = BTreeSet::new();
    let mut mismatches_seen = BTreeSet::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    // Every bundled spec, so a new spec with examples needs entries in the table.
    let files: Vec<String> = Generator::new()
        .specs_dir(specs_dir())
        .spec_files()
        .expect("specs/ lists")
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for file in &files {
        let file = file.as_str();
        let doc = merged(file);
        for sample in samples(&doc) {
            *counts.entry(file).or_default() += 1;
            let Some(result) = check(file, &sample.schema, &sample.value) else {
                missing_from_table.insert(format!("{file}: {}", sample.schema));
                continue;
            };
            used.insert((file, sample.schema.clone()));
            let known = KNOWN_MISMATCHES
                .iter()
                .find(|(f, place, _, _)| *f == file && *place == sample.place);
            match (result, known) {
                (Ok(()), None) => {}
                (Err(e), None) => failures.push(format!(
                    "{file} {} (schema {}): {e}",
                    sample.place, sample.schema
                )),
                (Err(e), Some((_, place, path, _))) => {
                    mismatches_seen.insert(*place);
                    if !e.starts_with(&format!("decode: at `{path}`:")) {
                        failures.push(format!(
                            "{file} {place} is listed as failing to decode at `{path}`, but: {e}"
                        ));
                    }
                }
                (Ok(()), Some((_, place, _, why))) => failures.push(format!(
                    "{file} {place} now decodes although it was listed as not matching its \
                     schema ({why}): remove it from KNOWN_MISMATCHES"
                )),
            }
        }
    }
    assert!(
        missing_from_table.is_empty(),
        "schemas with examples that the models! table lacks: {missing_from_table:?}"
    );
    for (file, place, _, _) in KNOWN_MISMATCHES {
        assert!(
            mismatches_seen.contains(place),
            "KNOWN_MISMATCHES lists {file} {place}, which is not an example any more"
        );
    }
    for (file, schema) in TABLE {
        assert!(
            used.contains(&(*file, schema.to_string())),
            "the models! table lists {file} {schema}, which has no example"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    eprintln!("samples per spec: {counts:?}");
}
