//! The project's own overlays (`specs/overlays/`) on the bundled specs: each applies to exactly
//! one spec, leaves no dangling `$ref`, and says what the project needs where the generated API
//! listing (`api_surface.rs`) cannot show it: credential scheme names and scopes, parameter
//! descriptions, tags. Names, retry safety, paging and batch limits are in the surface
//! snapshots, so a new upstream version reads as a snapshot diff, not as a failed list here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hubspot_calling_codegen::Generator;
use serde_json::{json, Value};

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs")
}

/// A bundled spec with every overlay that targets it applied.
fn overlaid(file: &str) -> Value {
    let dir = specs_dir();
    Generator::new()
        .specs_dir(&dir)
        .overlaid(&dir.join(file))
        .unwrap_or_else(|e| panic!("specs/{file}:\n{e}"))
        .value
}

fn op<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "missing {method} {path}");
    op
}

/// Every local `$ref` points at something that exists.
fn assert_refs_resolve(doc: &Value, node: &Value) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let target = r
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("non-local $ref {r}"));
                assert!(doc.pointer(target).is_some(), "dangling $ref {r}");
            }
            map.values().for_each(|v| assert_refs_resolve(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| assert_refs_resolve(doc, v)),
        _ => {}
    }
}

#[test]
fn every_overlay_applies_to_exactly_one_spec_and_leaves_no_dangling_ref() {
    let generator = Generator::new().specs_dir(specs_dir());
    let mut applied: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for spec in generator.spec_files().unwrap_or_else(|e| panic!("{e}")) {
        for overlay in generator
            .overlay_files(&spec)
            .unwrap_or_else(|e| panic!("{e}"))
        {
            applied.entry(overlay).or_default().push(spec.clone());
        }
        let doc = generator
            .overlaid(&spec)
            .unwrap_or_else(|e| panic!("{e}"))
            .value;
        assert_refs_resolve(&doc, &doc);
    }
    let overlays = std::fs::read_dir(specs_dir().join("overlays"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"));
    for overlay in overlays {
        let specs = applied.get(&overlay).map_or(0, Vec::len);
        assert_eq!(specs, 1, "{} applies to {specs} specs", overlay.display());
    }
}

#[test]
fn calls_associations_overlay() {
    let doc = overlaid("calls.yaml");
    let path = "/crm/v3/objects/calls/{callId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}";
    let put = op(&doc, path, "put");
    let delete = op(&doc, path, "delete");
    let create_security = &op(&doc, "/crm/v3/objects/calls", "post")["security"];
    for operation in [put, delete] {
        assert_eq!(
            &operation["security"], create_security,
            "the credentials of creating a call"
        );
        for p in operation["parameters"].as_array().into_iter().flatten() {
            let r = p["$ref"].as_str().unwrap_or_default();
            let param = doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("{r}"));
            assert_eq!(param["in"], "path", "{r}");
            assert_eq!(param["required"], true, "{r}");
            assert_eq!(param["schema"]["type"], "string", "{r}");
        }
        assert_eq!(
            operation["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
    }
    assert!(
        doc["components"]["parameters"]["AssociationTypeIdParam"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("call_to_contact")),
        "the association type parameter says which ids to use"
    );
    assert_eq!(
        doc["components"]["schemas"]["Call"]["properties"]["associations"]["additionalProperties"]
            ["$ref"],
        "#/components/schemas/AssociatedIdCollection",
        "a call read with associations carries them"
    );
    assert_eq!(
        doc["tags"]
            .as_array()
            .and_then(|t| t.last())
            .map(|t| &t["name"]),
        Some(&json!("Associations"))
    );
}

#[test]
fn calling_app_settings_prefer_the_developer_api_key() {
    let doc = overlaid("calling-extensions.json");
    let base = "/crm/v3/extensions/calling";
    let settings = format!("{base}/{{appId}}/settings");
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        if !path.starts_with(&settings) {
            continue;
        }
        for (method, operation) in item.as_object().into_iter().flatten() {
            let scope = if method == "get" {
                "developers-read"
            } else {
                "developers-write"
            };
            assert_eq!(
                operation["security"],
                json!([{"developer_hapikey": []}, {"oauth2": [scope]}]),
                "{method} {path}: the developer key first, then OAuth2 with upstream's scope"
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "no settings operation under {settings}");
    for path in ["inbound-call", "recordings/ready"] {
        let security = &op(&doc, &format!("{base}/{path}"), "post")["security"];
        assert!(
            security
                .as_array()
                .into_iter()
                .flatten()
                .all(|s| s.get("developer_hapikey").is_none()),
            "{path} is called with the app's OAuth token, not the developer key"
        );
    }
}

/// Every operation (method and path) is in one bundled spec only, so it is generated once:
/// calling-transcripts.json's copy of the inbound call is removed by its overlay.
#[test]
fn no_operation_is_in_two_bundled_specs() {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let generator = Generator::new().specs_dir(specs_dir());
    let mut owners: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for spec in generator.spec_files().unwrap_or_else(|e| panic!("{e}")) {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = overlaid(&name);
        let paths = doc["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in paths {
            for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
                owners
                    .entry((method.to_ascii_uppercase(), path.clone()))
                    .or_default()
                    .push(name.clone());
            }
        }
    }
    let twice: Vec<_> = owners.iter().filter(|(_, specs)| specs.len() > 1).collect();
    assert!(
        twice.is_empty(),
        "operations in more than one spec: {twice:?}"
    );
    let inbound = (
        "POST".to_string(),
        "/crm/v3/extensions/calling/inbound-call".to_string(),
    );
    assert_eq!(
        owners.get(&inbound).map(Vec::as_slice),
        Some(&["calling-extensions.json".to_string()][..])
    );
}
