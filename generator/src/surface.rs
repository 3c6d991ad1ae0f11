//! The API surface of a generated module as plain text: every operation with its method, path,
//! parameters and response types, every type with its fields. Snapshot-tested, so a spec change
//! reads as an API diff in review.

use std::fmt::Write;

use crate::ir::{Api, ParamIn, Scheme, Success, TypeKind};

/// Renders the surface of `api`.
pub fn render(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "module {} ({}): {} {}",
        api.module, api.spec_file, api.title, api.version
    );
    let _ = writeln!(out, "handle {}", api.handle);
    let _ = writeln!(out, "\noperations ({}):", api.operations.len());
    for op in &api.operations {
        let deprecated = if op.deprecated { " [deprecated]" } else { "" };
        let _ = writeln!(out, "  {}: {} {}{deprecated}", op.name, op.method, op.path);
        for p in &op.params {
            let location = match p.location {
                ParamIn::Path => "path",
                ParamIn::Query => "query",
                ParamIn::Header => "header",
                ParamIn::Cookie => "cookie",
            };
            let required = if p.required { "required" } else { "optional" };
            let explode = if matches!(p.ty, crate::ir::Ty::Vec(_)) {
                if p.explode {
                    ", explode"
                } else {
                    ", comma-separated"
                }
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "    {location} {}: {} ({} {required}{explode})",
                p.name, &p.ty, p.api_name
            );
        }
        if let Some(body) = &op.body {
            let required = if body.required {
                "required"
            } else {
                "optional"
            };
            let media = match &body.media {
                crate::ir::BodyMedia::Json => String::new(),
                crate::ir::BodyMedia::Text(media) | crate::ir::BodyMedia::Bytes(media) => {
                    format!(", {media}")
                }
                crate::ir::BodyMedia::Multipart(parts) => {
                    let mut text = ", multipart".to_owned();
                    for (i, p) in parts.iter().enumerate() {
                        let kind = match p.kind {
                            crate::ir::PartKind::File => "file",
                            crate::ir::PartKind::Text => "text",
                            crate::ir::PartKind::Json => "json",
                        };
                        let each = if p.repeated { " each" } else { "" };
                        let media = p
                            .content_type
                            .as_deref()
                            .map(|m| format!(" {m}"))
                            .unwrap_or_default();
                        let sep = if i == 0 { ": " } else { ", " };
                        let _ = write!(text, "{sep}{} {kind}{each}{media}", p.property);
                    }
                    text
                }
                crate::ir::BodyMedia::Form(encodings) => {
                    let mut text = ", form".to_owned();
                    for (i, e) in encodings.iter().enumerate() {
                        let style = match e.style {
                            crate::ir::FormStyle::Form => "form",
                            crate::ir::FormStyle::SpaceDelimited => "spaceDelimited",
                            crate::ir::FormStyle::PipeDelimited => "pipeDelimited",
                            crate::ir::FormStyle::DeepObject => "deepObject",
                        };
                        let explode = if e.explode { " exploded" } else { "" };
                        let sep = if i == 0 { ": " } else { ", " };
                        let _ = write!(text, "{sep}{} {style}{explode}", e.property);
                    }
                    text
                }
            };
            let _ = writeln!(out, "    body: {} ({required}{media})", &body.ty);
        }
        match &op.success {
            Success::Single(case) => {
                let status = if case.range {
                    "2XX".to_string()
                } else {
                    case.status.to_string()
                };
                let text = if case.text { " (text)" } else { "" };
                let _ = writeln!(out, "    -> {status}: {}{text}", &case.ty);
            }
            Success::Several { name, cases } => {
                let statuses: Vec<String> = cases
                    .iter()
                    .map(|c| {
                        let text = if c.text { " text" } else { "" };
                        format!("{} {}({}{text})", c.status, c.variant, &c.ty)
                    })
                    .collect();
                let _ = writeln!(out, "    -> {name}: {}", statuses.join(" | "));
            }
        }
        if let Some(accept) = &op.accept {
            let _ = writeln!(out, "    accept: {accept}");
        }
        if let Some(error) = &op.error {
            let _ = writeln!(out, "    error: {}", error);
        }
        let auth: Vec<String> = op
            .security
            .iter()
            .map(|set| {
                if set.is_empty() {
                    return "none".to_string();
                }
                set.iter()
                    .map(|s| match s {
                        Scheme::Bearer => "bearer".to_string(),
                        Scheme::ApiKey { name, location } => {
                            format!("api-key {} {name}", format!("{location:?}").to_lowercase())
                        }
                        Scheme::Unsupported(kind) => format!("unsupported {kind}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect();
        let auth = if auth.is_empty() {
            "none".to_string()
        } else {
            auth.join(" | ")
        };
        let _ = writeln!(
            out,
            "    auth: {auth}; retry after send: {}",
            if op.idempotent { "yes" } else { "no" }
        );
        if let Some(p) = &op.pagination {
            let cursor = match &p.cursor {
                crate::ir::Cursor::Query(name) => format!("query {name}"),
                crate::ir::Cursor::Body { field, .. } => format!("body {field}"),
            };
            let max = p
                .max_results
                .map(|m| format!(", at most {m} results"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    stream: {} by {cursor} <- {}{max}",
                &p.item_ty,
                p.next_json.join(".")
            );
        }
        if let Some(c) = &op.chunking {
            let _ = writeln!(out, "    send_chunked: {} in chunks of {}", c.json, c.max);
        }
    }
    let _ = writeln!(out, "\ntypes ({}):", api.types.len());
    for t in &api.types {
        match &t.kind {
            TypeKind::Struct(s) => {
                let _ = writeln!(out, "  struct {}", t.name);
                for f in &s.fields {
                    let ty = if f.is_option() {
                        format!("Option<{}>", f.ty)
                    } else {
                        f.ty.to_string()
                    };
                    let mut notes = vec![format!("\"{}\"", f.json)];
                    if f.required {
                        notes.push("required".into());
                    }
                    if f.nullable {
                        notes.push("nullable".into());
                    }
                    if let Some(max) = f.max_items {
                        notes.push(format!("max {max} items"));
                    }
                    let _ = writeln!(out, "    {}: {ty} ({})", f.name, notes.join(", "));
                }
                if let Some(extra) = &s.extra {
                    let _ = writeln!(
                        out,
                        "    {}: BTreeMap<String, {}> (flattened)",
                        extra.name, extra.ty
                    );
                }
            }
            TypeKind::Enum(e) => {
                let kind = if e.integer { "integer" } else { "string" };
                let _ = writeln!(
                    out,
                    "  enum {} ({kind}, unknown values kept in {})",
                    t.name, e.other
                );
                for (i, (name, value)) in e.variants.iter().enumerate() {
                    let default = if e.default == Some(i) {
                        " (default)"
                    } else {
                        ""
                    };
                    let _ = writeln!(out, "    {name} = {value}{default}");
                }
            }
            TypeKind::Union(u) => {
                let how = u
                    .tag
                    .as_ref()
                    .map_or("untagged".to_string(), |tag| format!("tagged by \"{tag}\""));
                let _ = writeln!(
                    out,
                    "  union {} ({how}, anything else kept in {})",
                    t.name, u.other
                );
                for v in &u.variants {
                    let tag = v
                        .tag_value
                        .as_ref()
                        .map(|value| format!(" = \"{value}\""))
                        .unwrap_or_default();
                    let _ = writeln!(out, "    {}({}){tag}", v.name, &v.ty);
                }
            }
            TypeKind::Newtype(target) => {
                let _ = writeln!(out, "  newtype {}({})", t.name, target);
            }
            TypeKind::Alias(target) => {
                let _ = writeln!(out, "  type {} = {}", t.name, target);
            }
            TypeKind::Responses(cases) => {
                let _ = writeln!(out, "  responses {}", t.name);
                for c in cases {
                    let _ = writeln!(out, "    {} {}({})", c.status, c.variant, &c.ty);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::ir::testing::api;

    #[test]
    fn operations_and_types_read_as_an_api_listing() {
        let api = api(
            "openapi: 3.0.3\ninfo: {title: T, version: '2'}\npaths:\n  /calls/{id}:\n    get:\n      operationId: getCall\n      deprecated: true\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: props, in: query, explode: false, schema: {type: array, items: {type: string}}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Call'}}}}\n        default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/Call'}}}}\ncomponents:\n  schemas:\n    Call:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        tags: {type: array, maxItems: 3, items: {type: string}}\n      additionalProperties: {type: integer}\n    Kind: {type: string, enum: [a, b], default: b}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let text = super::render(&api);
        let expected = "module test (test.yaml): T 2
handle TestApi

operations (1):
  get_call: GET /calls/{id} [deprecated]
    path id: String (id required)
    query props: Vec<String> (props optional, comma-separated)
    -> 200: Call
    error: Call
    auth: none; retry after send: yes

types (2):
  struct Call
    id: String (\"id\", required)
    tags: Vec<String> (\"tags\", max 3 items)
    extra: BTreeMap<String, i64> (flattened)
  enum Kind (string, unknown values kept in Other)
    A = \"a\"
    B = \"b\" (default)
";
        assert_eq!(text, expected);
    }
}
