//! The operation-name rule: one case per step, the project's bundled names, and over every
//! spec of `tests/corpus`: no collisions, and removing any one operation renames no other.

use std::path::{Path, PathBuf};

use super::{operation_names, rule_names, OperationKey};

/// The rule's name for one operation on its own.
fn name(method: &str, path: &str, operation_id: &str) -> String {
    let op = OperationKey {
        method,
        path,
        operation_id: (!operation_id.is_empty()).then_some(operation_id),
        explicit: None,
    };
    rule_names(&[op]).remove(0)
}

/// HubSpot's id for an operation without a name part: `<method>-<path>_<path>`.
fn path_only(method: &str, path: &str) -> String {
    name(method, path, &format!("{method}-{path}_{path}"))
}

/// HubSpot's `<method>-<path>_<name>` id.
fn named(method: &str, path: &str, part: &str) -> String {
    name(method, path, &format!("{method}-{path}_{part}"))
}

#[test]
fn identifiers_are_used_in_snake_case() {
    assert_eq!(
        name("get", "/crm/v3/objects/calls", "listCalls"),
        "list_calls"
    );
    assert_eq!(
        name(
            "post",
            "/crm/v3/objects/calls/gdpr-delete",
            "gdprDeleteCall"
        ),
        "gdpr_delete_call"
    );
    assert_eq!(name("get", "/a", "type"), "type_");
}

#[test]
fn the_newer_calling_extensions_names() {
    let base = "/crm/extensions/calling/v3/connection-statuses";
    assert_eq!(path_only("get", base), "list_connection_statuses");
    assert_eq!(
        path_only("post", &format!("{base}/batch/read")),
        "batch_read_connection_statuses"
    );
    assert_eq!(
        path_only("get", &format!("{base}/me")),
        "get_my_connection_status"
    );
    assert_eq!(
        path_only("post", "/crm/v3/extensions/calling/inbound-call"),
        "create_inbound_call"
    );
    assert_eq!(
        named(
            "post",
            "/crm/v3/extensions/calling/recordings/ready",
            "markAsReady"
        ),
        "mark_as_ready"
    );
    let settings = "/crm/v3/extensions/calling/{appId}/settings";
    assert_eq!(named("get", settings, "get"), "get_settings");
    assert_eq!(named("delete", settings, "archive"), "delete_settings");
    assert_eq!(
        named("get", &format!("{settings}/recording"), "get"),
        "get_recording_settings"
    );
    assert_eq!(
        named("patch", &format!("{settings}/channel-connection"), "update"),
        "update_channel_connection_settings"
    );
}

#[test]
fn objects_collections_items_and_owners() {
    let calls = "/crm/v3/objects/bucket_test111s";
    assert_eq!(path_only("get", calls), "list_bucket_test111s");
    assert_eq!(path_only("post", calls), "create_bucket_test111");
    assert_eq!(
        path_only("patch", &format!("{calls}/{{bucketTest111Id}}")),
        "update_bucket_test111"
    );
    assert_eq!(
        path_only("post", &format!("{calls}/batch/archive")),
        "batch_archive_bucket_test111s"
    );
    assert_eq!(
        path_only("get", "/crm/v3/objects/0-410/{courseId}"),
        "get_course"
    );
    assert_eq!(
        path_only(
            "post",
            "/conversations/v3/conversations/threads/{threadId}/messages"
        ),
        "create_thread_message"
    );
    assert_eq!(
        path_only("get", "/crm/v3/objects/contacts/{contactId}"),
        "get_contact"
    );
}

#[test]
fn scopes_and_associations() {
    let objects = "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}";
    assert_eq!(
        path_only("get", objects),
        "get_associations_by_to_object_type"
    );
    assert_eq!(
        path_only("put", &format!("{objects}/{{toObjectId}}")),
        "replace_association"
    );
    let labels = "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch";
    assert_eq!(
        path_only("post", &format!("{labels}/labels/archive")),
        "batch_archive_labels"
    );
    assert_eq!(
        path_only("post", &format!("{labels}/associate/default")),
        "batch_associate_default_associations"
    );
    assert_eq!(
        named(
            "post",
            "/cms/v3/source-code/{environment}/content/{path}",
            "create"
        ),
        "create_content_by_path"
    );
}

#[test]
fn name_parts_of_several_words_take_the_object() {
    assert_eq!(
        named(
            "delete",
            "/marketing/v3/marketing-events/{objectId}",
            "archiveByObjectId"
        ),
        "archive_marketing_event_by_object_id"
    );
    let tables = "/cms/v3/hubdb/tables/{tableIdOrName}";
    assert_eq!(named("get", tables, "getTableDetails"), "get_table_details");
    assert_eq!(
        named("post", &format!("{tables}/rows"), "createTableRow"),
        "create_table_row"
    );
    assert_eq!(
        named("get", &format!("{tables}/rows/draft"), "readDraftTableRows"),
        "read_draft_table_rows"
    );
    assert_eq!(
        named(
            "post",
            &format!("{tables}/rows/draft/batch/read"),
            "readDraftTableRows"
        ),
        "batch_read_draft_table_rows"
    );
    assert_eq!(
        named(
            "post",
            "/cms/v3/source-code/{environment}/validate/{path}",
            "doValidate"
        ),
        "validate_by_path"
    );
}

#[test]
fn the_api_name_when_nothing_after_the_version_names_a_resource() {
    assert_eq!(path_only("get", "/cms/audit-logs/v3"), "list_audit_logs");
    assert_eq!(
        named("get", "/account-info/v3/details", "get"),
        "get_details"
    );
}

#[test]
fn std_trait_and_handle_names_get_their_object() {
    assert_eq!(
        named("post", "/cms/v3/blogs/posts/clone", "clone"),
        "clone_posts"
    );
    assert_eq!(name("get", "/things", "default"), "default_things");
    assert_eq!(name("post", "/", "new"), "new_post");
    // The handle's own `context()`, and `to_string` from `Display`: never an operation's.
    assert_eq!(name("get", "/settings", "context"), "context_settings");
    assert_eq!(name("get", "/settings", "toString"), "to_string_settings");
    assert_eq!(name("get", "/items/{id}/context", "context"), "get_context");
    let mut handle = operation_names(&[OperationKey {
        method: "get",
        path: "/a",
        operation_id: None,
        explicit: Some("client"),
    }]);
    assert_eq!(handle.remove(0), "client_2");
}

#[test]
fn collisions_are_told_apart_never_an_error() {
    let op = |method, path, explicit| OperationKey {
        method,
        path,
        operation_id: Some("same"),
        explicit,
    };
    // The strictly shortest path keeps the name; the others get their scope, then their
    // literals, then their method.
    let names = operation_names(&[
        op("get", "/a/{id}", None),
        op("get", "/a", None),
        op("get", "/a/b/{key}", None),
        op("post", "/a/b/{key}", None),
    ]);
    assert_eq!(
        names,
        [
            "same_by_id",
            "same",
            "same_by_key_a_b_get",
            "same_by_key_a_b_post"
        ]
    );
    // An explicit name is never renamed; a derived one that equals it is.
    let names = operation_names(&[op("get", "/a", Some("same")), op("get", "/b", None)]);
    assert_eq!(names, ["same", "same_b"]);
    // Nothing left to tell them apart: numbered.
    let names = operation_names(&[op("get", "/a", Some("x")), op("get", "/b", Some("x"))]);
    assert_eq!(names, ["x", "x_2"]);
}

// ---------------------------------------------------------------------------------------------
// Over the corpus

/// One operation as read from a spec: method, path, operationId, `x-rust-name`.
type Op = (String, String, Option<String>, Option<String>);

/// `(file, operations)` of every spec in `tests/corpus`, sub-folders included.
fn corpus() -> Vec<(PathBuf, Vec<Op>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 50, "the corpus is missing: {}", files.len());
    files
        .into_iter()
        .map(|path| {
            let doc = crate::load::Document::load(&path).unwrap_or_else(|e| panic!("{e}"));
            let mut ops = Vec::new();
            for (p, item) in doc.value["paths"].as_object().into_iter().flatten() {
                for (method, op) in item.as_object().into_iter().flatten() {
                    if ![
                        "get", "put", "post", "delete", "patch", "options", "head", "trace",
                    ]
                    .contains(&method.as_str())
                    {
                        continue;
                    }
                    let text = |key: &str| op.get(key).and_then(|v| v.as_str()).map(str::to_string);
                    ops.push((
                        method.clone(),
                        p.clone(),
                        text("operationId"),
                        text("x-rust-name"),
                    ));
                }
            }
            (path, ops)
        })
        .collect()
}

fn keys(ops: &[Op]) -> Vec<OperationKey<'_>> {
    ops.iter()
        .map(|(method, path, id, explicit)| OperationKey {
            method,
            path,
            operation_id: id.as_deref(),
            explicit: explicit.as_deref(),
        })
        .collect()
}

#[test]
fn no_corpus_spec_needs_the_numbering() {
    let mut total = 0;
    for (path, ops) in corpus() {
        let names = rule_names(&keys(&ops));
        let mut sorted = names.clone();
        sorted.sort();
        for pair in sorted.windows(2) {
            assert_ne!(
                pair[0],
                pair[1],
                "{}: two operations are named so",
                path.display()
            );
        }
        for name in &names {
            assert!(super::super::is_usable(name), "{}: {name}", path.display());
        }
        total += names.len();
    }
    assert!(total > 500, "{total} operations");
}

#[test]
fn removing_one_operation_renames_no_other() {
    for (path, ops) in corpus() {
        let all = operation_names(&keys(&ops));
        for left_out in 0..ops.len() {
            let mut rest = ops.clone();
            rest.remove(left_out);
            let after = operation_names(&keys(&rest));
            let before: Vec<&String> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != left_out)
                .map(|(_, n)| n)
                .collect();
            for ((b, a), op) in before.iter().zip(&after).zip(&rest) {
                assert_eq!(
                    *b,
                    a,
                    "{}: adding {} {} renames {} {}",
                    path.display(),
                    ops[left_out].0,
                    ops[left_out].1,
                    op.0,
                    op.1
                );
            }
        }
    }
}
