//! What an operation sends and gets back: the request bodies (JSON, a form: `forms`, multipart:
//! `multipart`, text or bytes; the first the operation offers is its body, each other kind is
//! the body of a method of its own), and the responses by status (JSON, text, or bytes, with
//! the `Accept` that asks for them).
//! One success status gives its body type; several give an enum with a variant per status
//! (`Created`, `MultiStatus`, ...); the first error status (or `default`) documents the error
//! body.

use openapiv3::{MediaType, ReferenceOr, RequestBody, Response, StatusCode};

use super::docs::{doc_text, responses_doc};
use super::forms::is_form;
use super::multipart::is_multipart;
use super::{Body, BodyMedia, Builder, ResponseCase, Success, Ty, TypeDef, TypeKind};
use crate::error::Result;
use crate::naming::{self, Scope};
use crate::pointer::join;

/// Media types read and written as JSON: `application/json`, `*/*` (HubSpot serves errors so),
/// `application/*`, and `+json` suffixes.
pub(super) fn is_json(media: &str) -> bool {
    let media = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media == "application/json"
        || media == "*/*"
        || media.ends_with("+json")
        || media == "application/*"
}

/// `text/*` media types, sent as a `String`.
fn is_text(media: &str) -> bool {
    media
        .trim()
        .get(..5)
        .is_some_and(|head| head.eq_ignore_ascii_case("text/"))
}

/// What a request body is written as, in the order the first one an operation offers is chosen
/// (the others are reachable as methods of their own, [`BodyKind::method`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum BodyKind {
    /// JSON ([`is_json`]).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`, a `String`.
    Text,
    /// Any other media type (`application/octet-stream`, `image/png`, `application/pdf`, ...):
    /// bytes sent as they are.
    Bytes,
}

impl BodyKind {
    /// The kind of `media`; `None` for a multipart kind other than `form-data` (its parts and
    /// their boundary are nothing a schema describes, nor bytes one can send as they are).
    fn of(media: &str) -> Option<Self> {
        Some(if is_json(media) {
            BodyKind::Json
        } else if is_form(media) {
            BodyKind::Form
        } else if is_multipart(media) {
            BodyKind::Multipart
        } else if is_text(media) {
            BodyKind::Text
        } else if media.trim().to_ascii_lowercase().starts_with("multipart/") {
            return None;
        } else {
            BodyKind::Bytes
        })
    }

    /// The word of the method that sends a body of this kind (`create_note_as_form`).
    pub(super) fn method(self) -> &'static str {
        match self {
            BodyKind::Json => "json",
            BodyKind::Form => "form",
            BodyKind::Multipart => "multipart",
            BodyKind::Text => "text",
            BodyKind::Bytes => "bytes",
        }
    }
}

/// The `Accept` of an operation whose successes are not all JSON: the media types they offer,
/// in spec order, then JSON when a success is JSON, or at a lower preference when the error
/// answer is (`errors_json`). `None` when the runtime's default (`application/json`) says it.
fn accept(success: &Success, errors_json: bool) -> Option<String> {
    let cases: &[ResponseCase] = match success {
        Success::Single(case) => std::slice::from_ref(case),
        Success::Several { cases, .. } => cases,
    };
    let mut media: Vec<&str> = Vec::new();
    for m in cases.iter().flat_map(|c| &c.media) {
        if !media.contains(&m.as_str()) {
            media.push(m);
        }
    }
    if media.is_empty() {
        return None;
    }
    if cases.iter().any(|c| c.media.is_empty() && c.ty != Ty::Unit) {
        media.push("application/json");
    } else if errors_json {
        media.push("application/json;q=0.5");
    }
    Some(media.join(", "))
}

impl Builder<'_> {
    /// The request bodies of the operation whose builder is `builder`, one per kind of media
    /// type it offers (the first of each kind in spec order), in [`BodyKind`] order: JSON first.
    /// The first is the operation's body; each other one is the body of the operation's
    /// `<name>_as_<kind>` method, whose builder is named by `alternative`. Empty when the body
    /// has no content.
    pub(super) fn bodies(
        &mut self,
        builder: &str,
        alternative: impl Fn(BodyKind) -> String,
        body: &ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<Vec<(BodyKind, Body)>> {
        let found = self.resolve(body, pointer)?;
        let (body, pointer) = (found.item, found.pointer);
        let mut chosen: Vec<(BodyKind, &String, &MediaType)> = Vec::new();
        for (media, content) in &body.content {
            let Some(kind) = BodyKind::of(media) else {
                continue;
            };
            if !chosen.iter().any(|(k, _, _)| *k == kind) {
                chosen.push((kind, media, content));
            }
        }
        if chosen.is_empty() && !body.content.is_empty() {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            return Err(self.err(
                &join(&pointer, "content"),
                format!(
                    "request body content type(s) {} not supported; only JSON, \
                     application/x-www-form-urlencoded, multipart/form-data, text/* and binary \
                     bodies are",
                    types.join(", ")
                ),
            ));
        }
        chosen.sort_by_key(|(kind, _, _)| *kind);
        let mut bodies = Vec::new();
        for (i, (kind, media, content)) in chosen.into_iter().enumerate() {
            let owner = if i == 0 {
                builder.to_string()
            } else {
                alternative(kind)
            };
            let one = self.one_body(&owner, kind, body, media, content, &pointer)?;
            bodies.push((kind, one));
        }
        Ok(bodies)
    }

    /// The body of media type `media`, of the operation whose builder is `builder`.
    fn one_body(
        &mut self,
        builder: &str,
        kind: BodyKind,
        body: &RequestBody,
        media: &str,
        content: &MediaType,
        pointer: &str,
    ) -> Result<Body> {
        let media_pointer = join(&join(pointer, "content"), media);
        let schema_pointer = join(&media_pointer, "schema");
        let ty = match (&content.schema, kind) {
            // Sent as they are, whatever the schema says they hold.
            (_, BodyKind::Bytes) => Ty::Bytes,
            (Some(schema), _) => self.ty(schema, &naming::body_type(builder), &schema_pointer)?,
            (None, BodyKind::Json) => Ty::Json,
            (None, BodyKind::Text) => Ty::String,
            (None, _) => Ty::JsonObject,
        };
        let wire = match kind {
            BodyKind::Json => BodyMedia::Json,
            BodyKind::Form => self.form_media(&ty, content, &media_pointer)?,
            BodyKind::Multipart => self.multipart_media(&ty, content, &media_pointer)?,
            BodyKind::Text if ty == Ty::String => BodyMedia::Text(media.to_string()),
            BodyKind::Text => {
                return Err(self.err(
                    &schema_pointer,
                    format!("a {media} request body must be a string schema; this one is `{ty}`"),
                ))
            }
            // A range (`image/*`) is no content type to send.
            BodyKind::Bytes if media.contains('*') => {
                BodyMedia::Bytes("application/octet-stream".into())
            }
            BodyKind::Bytes => BodyMedia::Bytes(media.to_string()),
        };
        let mut doc = doc_text(&[body.description.as_deref()]);
        if doc.is_empty() {
            doc = "The request body.".into();
        }
        let limits = match kind {
            BodyKind::Bytes => Vec::new(),
            _ => self.body_limits(content.schema.as_ref(), &ty, &schema_pointer),
        };
        Ok(Body {
            ty,
            limits,
            required: body.required,
            doc,
            media: wire,
        })
    }

    /// The type of a response's body: `()` without content, the JSON schema's type, `String`
    /// when every media type offered is text (`text/*`: the `bool` is true), or bytes for
    /// anything else (a spreadsheet next to a CSV is not text). The media types of a body not
    /// read as JSON come back too: what the request accepts.
    fn response_ty(
        &mut self,
        response: &Response,
        context: &str,
        pointer: &str,
    ) -> Result<(Ty, bool, Vec<String>)> {
        if response.content.is_empty() {
            return Ok((Ty::Unit, false, Vec::new()));
        }
        match response.content.iter().find(|(m, _)| is_json(m)) {
            Some((media, content)) => match &content.schema {
                Some(schema) => Ok((
                    self.ty(
                        schema,
                        context,
                        &join(&join(&join(pointer, "content"), media), "schema"),
                    )?,
                    false,
                    Vec::new(),
                )),
                None => Ok((Ty::Json, false, Vec::new())),
            },
            None => {
                let media: Vec<String> = response.content.keys().cloned().collect();
                if media.iter().all(|m| is_text(m)) {
                    Ok((Ty::String, true, media))
                } else {
                    Ok((Ty::Bytes, false, media))
                }
            }
        }
    }

    /// The successes and the error body of the operation whose builder is `builder`.
    pub(super) fn responses(
        &mut self,
        builder: &str,
        responses: &openapiv3::Responses,
        pointer: &str,
    ) -> Result<(Success, Option<Ty>, Option<String>)> {
        let is_success = |code: &StatusCode| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        };
        let successes: Vec<(&StatusCode, &ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .filter(|(code, _)| is_success(code))
            .collect();
        let several = successes.len() > 1;
        let mut cases = Vec::new();
        for (code, r) in &successes {
            let found = self.resolve(*r, &join(pointer, &code.to_string()))?;
            let (status, range) = match code {
                StatusCode::Code(c) => (*c, false),
                StatusCode::Range(_) => (200, true),
            };
            let variant = naming::status_variant(status, range);
            let context = if several {
                naming::status_type(builder, &variant)
            } else {
                naming::response_type(builder)
            };
            let (ty, text, media) = self.response_ty(found.item, &context, &found.pointer)?;
            cases.push(ResponseCase {
                status,
                range,
                variant,
                ty,
                text,
                media,
                doc: doc_text(&[Some(found.item.description.as_str())]),
            });
        }
        let mut error = None;
        for (code, r) in responses.responses.iter().filter(|(c, _)| !is_success(c)) {
            let found = self.resolve(r, &join(pointer, &code.to_string()))?;
            if error.is_none() {
                let context = naming::error_type(builder);
                error = Some(self.response_ty(found.item, &context, &found.pointer)?);
            }
        }
        if let Some(default) = &responses.default {
            let found = self.resolve(default, &join(pointer, "default"))?;
            let context = naming::error_type(builder);
            error = Some(self.response_ty(found.item, &context, &found.pointer)?);
        }
        // A body that is read as JSON has no media types of its own to name.
        let error_json = error
            .as_ref()
            .is_some_and(|(ty, _, media)| media.is_empty() && *ty != Ty::Unit);
        let error = error.map(|(ty, _, _)| ty);
        let success = if several {
            let name = self.type_names.claim(&naming::response_type(builder));
            let mut scope = Scope::new();
            for case in &mut cases {
                case.variant = scope.claim(&case.variant);
            }
            self.types.insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    doc: responses_doc(builder),
                    kind: TypeKind::Responses(cases.clone()),
                },
            );
            Success::Several { name, cases }
        } else {
            Success::Single(cases.pop().unwrap_or(ResponseCase {
                status: 200,
                range: true,
                variant: "Success".into(),
                ty: Ty::Unit,
                text: false,
                media: Vec::new(),
                doc: "Any success status.".into(),
            }))
        };
        let accept = accept(&success, error_json);
        Ok((success, error, accept))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, paths};
    use super::super::{BodyMedia, Success, Ty, TypeKind};
    use super::is_json;

    #[test]
    fn json_media_types() {
        for json in [
            "application/json",
            "application/json; charset=utf-8",
            "*/*",
            "application/problem+json",
            "application/*",
        ] {
            assert!(is_json(json), "{json}");
        }
        for other in [
            "text/plain",
            "application/octet-stream",
            "multipart/form-data",
        ] {
            assert!(!is_json(other), "{other}");
        }
    }

    #[test]
    fn text_bodies_are_strings_sent_with_their_media_type() {
        assert!(super::is_text("text/plain"));
        assert!(super::is_text("Text/CSV; charset=utf-8"));
        assert!(!super::is_text("application/text"));
        let api = paths(
            "  /a:\n    post:\n      operationId: note\n      requestBody: {required: true, content: {text/plain; charset=utf-8: {schema: {type: string}}}}\n      responses: {'204': {description: ok}}\n",
            "    Unused: {type: string}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let body = api.operations[0].body.as_ref().expect("a body");
        assert_eq!(body.ty, Ty::String);
        assert_eq!(
            body.media,
            super::BodyMedia::Text("text/plain; charset=utf-8".into())
        );
        let (pointer, message) = error(paths(
            "  /a:\n    post:\n      requestBody: {content: {text/plain: {schema: {type: object}}}}\n      responses: {'200': {description: ok}}\n",
            "    Unused: {type: string}\n",
        ));
        assert_eq!(
            pointer,
            "/paths/~1a/post/requestBody/content/text~1plain/schema"
        );
        assert!(message.contains("must be a string schema"), "{message}");
    }

    #[test]
    fn several_successes_make_an_enum_and_errors_a_documented_type() {
        let api = paths(
            "  /batch:\n    post:\n      operationId: batch\n      responses:\n        '201': {description: all, content: {application/json: {schema: {$ref: '#/components/schemas/R'}}}}\n        '207': {description: some, content: {application/json: {schema: {$ref: '#/components/schemas/R'}}}}\n        '204': {description: none}\n        '400': {description: bad, content: {text/plain: {schema: {type: string}}}}\n        default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/E'}}}}\n",
            "    R: {type: object, properties: {a: {type: string}}}\n    E: {type: object, properties: {m: {type: string}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let op = &api.operations[0];
        let Success::Several { name, cases } = &op.success else {
            panic!("one success")
        };
        assert_eq!(name, "BatchResponse");
        let variants: Vec<(u16, &str, String)> = cases
            .iter()
            .map(|c| (c.status, c.variant.as_str(), c.ty.to_string()))
            .collect();
        assert_eq!(
            variants,
            [
                (201, "Created", "R".to_string()),
                (207, "MultiStatus", "R".into()),
                (204, "NoContent", "()".into())
            ]
        );
        assert_eq!(op.error, Some(Ty::Named("E".into())));
        assert!(api
            .types
            .iter()
            .any(|t| t.name == "BatchResponse" && matches!(t.kind, TypeKind::Responses(_))));
    }

    #[test]
    fn one_success_or_none_and_non_json_bodies() {
        let api = paths(
            "  /a:\n    get:\n      operationId: file\n      responses:\n        2XX: {description: ok, content: {application/pdf: {}}}\n    delete:\n      operationId: gone\n      responses: {'404': {description: missing}}\n",
            "    Unused: {type: string}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let by_name = |n: &str| {
            api.operations
                .iter()
                .find(|o| o.name == n)
                .map(|o| &o.success)
        };
        let Some(Success::Single(file)) = by_name("file") else {
            panic!("file")
        };
        assert_eq!((file.ty.clone(), file.range), (Ty::Bytes, true));
        let Some(Success::Single(gone)) = by_name("gone") else {
            panic!("gone")
        };
        assert_eq!(
            (gone.ty.clone(), gone.variant.as_str()),
            (Ty::Unit, "Success")
        );
    }

    #[test]
    fn request_bodies_are_json_named_and_referenced() {
        let api = paths(
            "  /a:\n    post:\n      operationId: create\n      requestBody: {$ref: '#/components/requestBodies/New'}\n      responses: {'200': {description: ok}}\n",
            "    Unused: {type: string}\n  requestBodies:\n    New: {required: true, description: The new one., content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let body = api.operations[0]
            .body
            .as_ref()
            .unwrap_or_else(|| panic!("no body"));
        assert_eq!(body.ty, Ty::Named("CreateBody".into()));
        assert!(body.required);
        assert_eq!(body.doc, "The new one.");
        let (pointer, message) = error(paths(
            "  /a:\n    post:\n      requestBody: {content: {multipart/mixed: {schema: {type: object}}}}\n      responses: {'200': {description: ok}}\n",
            "    Unused: {type: string}\n",
        ));
        assert_eq!(pointer, "/paths/~1a/post/requestBody/content");
        assert!(message.contains("only JSON,"), "{message}");
        assert!(message.contains("multipart/mixed"), "{message}");
    }

    #[test]
    fn each_kind_of_media_type_of_a_body_is_a_method_json_first() {
        let api = paths(
            "  /notes:\n    post:\n      operationId: createNote\n      summary: Create.\n      requestBody:\n        required: true\n        content:\n          application/octet-stream: {}\n          text/plain: {schema: {type: string}}\n          application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/N'}}\n          application/json: {schema: {$ref: '#/components/schemas/N'}}\n          application/problem+json: {schema: {type: object, properties: {other: {type: string}}}}\n      responses: {'204': {description: ok}}\n",
            "    N: {type: object, properties: {a: {type: string}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let methods: Vec<(&str, String, BodyMedia)> = api
            .operations
            .iter()
            .map(|op| {
                let body = op.body.as_ref().expect("a body");
                (op.name.as_str(), body.ty.to_string(), body.media.clone())
            })
            .collect();
        assert_eq!(
            methods,
            [
                ("create_note", "N".into(), BodyMedia::Json),
                (
                    "create_note_as_bytes",
                    "Bytes".into(),
                    BodyMedia::Bytes("application/octet-stream".into())
                ),
                (
                    "create_note_as_form",
                    "N".into(),
                    BodyMedia::Form(Vec::new())
                ),
                (
                    "create_note_as_text",
                    "String".into(),
                    BodyMedia::Text("text/plain".into())
                ),
            ],
            "one method per kind; of two JSON media types the first in the spec"
        );
        let first = &api.operations[0].doc;
        assert!(
            first.contains("as a form (`application/x-www-form-urlencoded`) by [`create_note_as_form`](Self::create_note_as_form)"),
            "{first}"
        );
        let text = &api.operations[3];
        assert!(text.doc.starts_with("Create.\n\nSends the body as `text/plain`; [`create_note`](Self::create_note) sends it as JSON."), "{}", text.doc);
        assert_eq!(
            (text.method.as_str(), text.path.as_str()),
            ("POST", "/notes")
        );
        assert_eq!(text.builder, "CreateNoteAsText");
    }

    #[test]
    fn answers_that_are_not_json_name_their_media_types_in_accept_then_json_errors() {
        let api = paths(
            "  /export:\n    get:\n      operationId: export\n      responses:\n        '200': {description: ok, content: {application/vnd.ms-excel: {}, text/csv: {schema: {type: string}}}}\n        default: {description: error, content: {application/json: {}}}\n  /csv:\n    get:\n      operationId: csv\n      responses:\n        '200': {description: ok, content: {text/csv: {}}}\n        '400': {description: bad, content: {application/problem+json: {}}}\n  /plain:\n    get:\n      operationId: plain\n      responses:\n        '200': {description: ok, content: {text/plain: {}}}\n        '404': {description: gone, content: {text/plain: {}}}\n  /json:\n    get:\n      operationId: json\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: string}}, text/csv: {}}}\n",
            "    Unused: {type: string}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let seen: Vec<(&str, Option<&str>, String)> = api
            .operations
            .iter()
            .map(|op| {
                let Success::Single(case) = &op.success else {
                    panic!("one success")
                };
                (op.name.as_str(), op.accept.as_deref(), case.ty.to_string())
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "csv",
                    Some("text/csv, application/json;q=0.5"),
                    "String".into()
                ),
                (
                    "export",
                    Some("application/vnd.ms-excel, text/csv, application/json;q=0.5"),
                    "Bytes".into()
                ),
                ("json", None, "String".into()),
                // No JSON anywhere in its answers: nothing to add.
                ("plain", Some("text/plain"), "String".into()),
            ]
        );
    }
}
