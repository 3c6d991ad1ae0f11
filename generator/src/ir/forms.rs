//! `application/x-www-form-urlencoded` request bodies: the body must be an object (a struct or a
//! map), and the media type's `encoding` says how properties that are arrays or objects are
//! written (`style`, `explode`). The body's type is the schema's type, as for JSON; the runtime
//! encodes it (`rt::Request::form_body`).

use openapiv3::{MediaType, QueryStyle};

use super::{BodyMedia, Builder, FormEncoding, FormStyle, Ty, TypeKind};
use crate::error::Result;
use crate::pointer::join;

/// Is `media` the form media type (parameters such as `charset` aside)?
pub(super) fn is_form(media: &str) -> bool {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

impl Builder<'_> {
    /// The wire form of a form body of type `ty` described by `content` at `pointer` (the media
    /// type object): refuses a schema that is not an object and an `encoding` entry that names no
    /// property.
    pub(super) fn form_media(
        &self,
        ty: &Ty,
        content: &MediaType,
        pointer: &str,
    ) -> Result<BodyMedia> {
        let schema_pointer = join(pointer, "schema");
        let properties = self.form_properties(ty).ok_or_else(|| {
            self.err(
                &schema_pointer,
                format!(
                    "a form-urlencoded request body must be an object schema (properties or \
                     additionalProperties); this one is `{ty}`"
                ),
            )
        })?;
        let mut encodings = Vec::new();
        for (property, encoding) in &content.encoding {
            let at = join(&join(pointer, "encoding"), property);
            if let Some(known) = &properties {
                if !known.iter().any(|p| p == property) {
                    return Err(self.err(
                        &at,
                        format!(
                            "`encoding` names `{property}`, which is not a property of the form \
                             body (its properties: {})",
                            known.join(", ")
                        ),
                    ));
                }
            }
            let style = match encoding.style {
                None => None,
                Some(QueryStyle::Form) => Some(FormStyle::Form),
                Some(QueryStyle::SpaceDelimited) => Some(FormStyle::SpaceDelimited),
                Some(QueryStyle::PipeDelimited) => Some(FormStyle::PipeDelimited),
                Some(QueryStyle::DeepObject) => Some(FormStyle::DeepObject),
            };
            // openapiv3 reads a missing `explode` as false, so it cannot tell `style: form` from
            // `style: form, explode: false`. An entry without a style keeps the default (`form`,
            // exploded: nothing to emit); an entry with a style is read as parsed, so `style:
            // form` alone is not exploded (the one reason to write `form` is `explode: false`).
            let (style, explode) = match style {
                None => continue,
                Some(style) => (style, encoding.explode),
            };
            encodings.push(FormEncoding {
                property: property.clone(),
                style,
                explode,
            });
        }
        Ok(BodyMedia::Form(encodings))
    }

    /// The JSON names of the properties of the object type `ty` (`Some(None)` for a map, whose
    /// keys are open), or `None` when it is not an object.
    fn form_properties(&self, ty: &Ty) -> Option<Option<Vec<String>>> {
        match ty {
            Ty::Map(_) | Ty::JsonObject => Some(None),
            Ty::Boxed(inner) => self.form_properties(inner),
            Ty::Named(name) => match &self.types.get(name)?.kind {
                TypeKind::Struct(s) if s.extra.is_some() => Some(None),
                TypeKind::Struct(s) => {
                    Some(Some(s.fields.iter().map(|f| f.json.clone()).collect()))
                }
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => self.form_properties(inner),
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, paths};
    use super::super::{BodyMedia, FormEncoding, FormStyle, Ty};
    use super::is_form;

    #[test]
    fn form_media_types() {
        assert!(is_form("application/x-www-form-urlencoded"));
        assert!(is_form("Application/X-WWW-Form-Urlencoded; charset=utf-8"));
        assert!(!is_form("multipart/form-data"));
        assert!(!is_form("application/json"));
    }

    #[test]
    fn form_bodies_keep_their_object_type_and_encoding() {
        let api = paths(
            "  /t:\n    post:\n      operationId: token\n      requestBody:\n        required: true\n        content:\n          application/x-www-form-urlencoded:\n            schema: {$ref: '#/components/schemas/F'}\n            encoding:\n              tags: {style: form, explode: false}\n              ids: {style: pipeDelimited}\n              filter: {style: deepObject, explode: true}\n              plain: {style: form}\n              untouched: {contentType: text/plain}\n      responses: {'200': {description: ok}}\n",
            "    F:\n      type: object\n      properties:\n        tags: {type: array, items: {type: string}}\n        ids: {type: array, items: {type: integer}}\n        filter: {type: object, properties: {a: {type: string}}}\n        plain: {type: array, items: {type: string}}\n        untouched: {type: string}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let body = api.operations[0].body.as_ref().expect("a body");
        assert_eq!(body.ty, Ty::Named("F".into()));
        let enc = |property: &str, style, explode| FormEncoding {
            property: property.into(),
            style,
            explode,
        };
        assert_eq!(
            body.media,
            BodyMedia::Form(vec![
                enc("tags", FormStyle::Form, false),
                enc("ids", FormStyle::PipeDelimited, false),
                enc("filter", FormStyle::DeepObject, true),
                enc("plain", FormStyle::Form, false),
            ])
        );
    }

    #[test]
    fn json_stays_the_body_when_both_are_offered() {
        let api = paths(
            "  /t:\n    post:\n      operationId: both\n      requestBody:\n        content:\n          application/x-www-form-urlencoded: {schema: {type: object, properties: {a: {type: string}}}}\n          application/json: {schema: {type: object, properties: {a: {type: string}}}}\n      responses: {'200': {description: ok}}\n",
            "    Unused: {type: string}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let body = api.operations[0].body.as_ref().expect("a body");
        assert_eq!(body.media, BodyMedia::Json);
    }

    #[test]
    fn a_form_body_that_is_not_an_object_is_refused_where_it_is() {
        let (pointer, message) = error(paths(
            "  /t:\n    post:\n      requestBody: {content: {application/x-www-form-urlencoded: {schema: {type: array, items: {type: string}}}}}\n      responses: {'200': {description: ok}}\n",
            "    Unused: {type: string}\n",
        ));
        assert_eq!(
            pointer,
            "/paths/~1t/post/requestBody/content/application~1x-www-form-urlencoded/schema"
        );
        assert!(message.contains("must be an object schema"), "{message}");
        let (pointer, message) = error(paths(
            "  /t:\n    post:\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema: {type: object, properties: {a: {type: string}}}\n            encoding: {b: {style: form}}\n      responses: {'200': {description: ok}}\n",
            "    Unused: {type: string}\n",
        ));
        assert_eq!(
            pointer,
            "/paths/~1t/post/requestBody/content/application~1x-www-form-urlencoded/encoding/b"
        );
        assert!(message.contains("not a property"), "{message}");
    }
}
