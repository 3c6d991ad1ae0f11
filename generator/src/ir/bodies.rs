//! What an operation sends and gets back: the request body (JSON, or a form: `forms`, or
//! multipart: `multipart`), and the responses by status.
//! One success status gives its body type; several give an enum with a variant per status
//! (`Created`, `MultiStatus`, ...); the first error status (or `default`) documents the error
//! body.

use openapiv3::{ReferenceOr, RequestBody, Response, StatusCode};

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

impl Builder<'_> {
    /// The request body of the operation whose builder is `builder`; `None` when it has no
    /// content.
    pub(super) fn body(
        &mut self,
        builder: &str,
        body: &ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Result<Option<Body>> {
        let found = self.resolve(body, pointer)?;
        let (body, pointer) = (found.item, found.pointer);
        if body.content.is_empty() {
            return Ok(None);
        }
        // JSON first; a form, multipart, then text, when the operation offers no JSON.
        let chosen = body
            .content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| body.content.iter().find(|(m, _)| is_form(m)))
            .or_else(|| body.content.iter().find(|(m, _)| is_multipart(m)))
            .or_else(|| body.content.iter().find(|(m, _)| is_text(m)));
        let Some((media, content)) = chosen else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            return Err(self.err(
                &join(&pointer, "content"),
                format!(
                    "request body content type(s) {} not supported; only JSON, \
                     application/x-www-form-urlencoded, multipart/form-data and text/* bodies \
                     are",
                    types.join(", ")
                ),
            ));
        };
        let media_pointer = join(&join(&pointer, "content"), media);
        let schema_pointer = join(&media_pointer, "schema");
        let ty = match &content.schema {
            Some(schema) => self.ty(schema, &naming::body_type(builder), &schema_pointer)?,
            None if is_json(media) => Ty::Json,
            None if is_text(media) => Ty::String,
            None => Ty::JsonObject,
        };
        let wire = if is_json(media) {
            BodyMedia::Json
        } else if is_form(media) {
            self.form_media(&ty, content, &media_pointer)?
        } else if is_multipart(media) {
            self.multipart_media(&ty, content, &media_pointer)?
        } else if ty == Ty::String {
            BodyMedia::Text(media.clone())
        } else {
            return Err(self.err(
                &schema_pointer,
                format!("a {media} request body must be a string schema; this one is `{ty}`"),
            ));
        };
        let mut doc = doc_text(&[body.description.as_deref()]);
        if doc.is_empty() {
            doc = "The request body.".into();
        }
        let limits = self.body_limits(content.schema.as_ref(), &ty, &schema_pointer);
        Ok(Some(Body {
            ty,
            limits,
            required: body.required,
            doc,
            media: wire,
        }))
    }

    /// The type of a response's body: `()` without content, the JSON schema's type, `String`
    /// for text (`text/*` and no JSON: the `bool` is true), or bytes for anything else.
    fn response_ty(
        &mut self,
        response: &Response,
        context: &str,
        pointer: &str,
    ) -> Result<(Ty, bool)> {
        if response.content.is_empty() {
            return Ok((Ty::Unit, false));
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
                )),
                None => Ok((Ty::Json, false)),
            },
            None if response.content.keys().any(|m| is_text(m)) => Ok((Ty::String, true)),
            None => Ok((Ty::Bytes, false)),
        }
    }

    /// The successes and the error body of the operation whose builder is `builder`.
    pub(super) fn responses(
        &mut self,
        builder: &str,
        responses: &openapiv3::Responses,
        pointer: &str,
    ) -> Result<(Success, Option<Ty>)> {
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
            let (ty, text) = self.response_ty(found.item, &context, &found.pointer)?;
            cases.push(ResponseCase {
                status,
                range,
                variant,
                ty,
                text,
                doc: doc_text(&[Some(found.item.description.as_str())]),
            });
        }
        let mut error = None;
        for (code, r) in responses.responses.iter().filter(|(c, _)| !is_success(c)) {
            let found = self.resolve(r, &join(pointer, &code.to_string()))?;
            if error.is_none() {
                let context = naming::error_type(builder);
                error = Some(self.response_ty(found.item, &context, &found.pointer)?.0);
            }
        }
        if let Some(default) = &responses.default {
            let found = self.resolve(default, &join(pointer, "default"))?;
            let context = naming::error_type(builder);
            error = Some(self.response_ty(found.item, &context, &found.pointer)?.0);
        }
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
                doc: "Any success status.".into(),
            }))
        };
        Ok((success, error))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, paths};
    use super::super::{Success, Ty, TypeKind};
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
    }
}
