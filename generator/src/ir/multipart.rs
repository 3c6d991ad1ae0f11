//! `multipart/form-data` request bodies: the body must be an object with properties (a struct);
//! each property is one part (an array property one part per item). A `format: binary` string
//! is a file part (`rt::FilePart`: bytes, file name, content type), another scalar a text part,
//! anything else a JSON part; the media type's `encoding.<property>.contentType` sets a part's
//! content type. The runtime writes the parts (`rt::Multipart`).

use indexmap::IndexMap;
use openapiv3::{
    MediaType, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::{BodyMedia, Builder, MultipartPart, PartKind, Ty, TypeKind};
use crate::error::Result;
use crate::pointer::join;

/// Is `media` the multipart form media type?
pub(super) fn is_multipart(media: &str) -> bool {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
}

/// Is `schema` a binary string (an array of them: `Some(true)`), i.e. a file? A reference is
/// looked up in `schemas` (the components), one level: a named binary string is a file too.
fn binary(
    schema: &ReferenceOr<Box<Schema>>,
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
) -> Option<bool> {
    let schema: &Schema = match schema {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            schemas.get(name)?.as_item()?
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s))
            if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
        {
            Some(false)
        }
        SchemaKind::Type(Type::Array(a)) => a
            .items
            .as_ref()
            .and_then(|items| binary(items, schemas))
            .filter(|nested| !nested)
            .map(|_| true),
        _ => None,
    }
}

impl Builder<'_> {
    /// The wire form of a multipart body of type `ty` described by `content` at `pointer` (the
    /// media type object). Turns the struct's binary fields into files; refuses a body that is
    /// not an object with properties and an `encoding` entry that names no property.
    pub(super) fn multipart_media(
        &mut self,
        ty: &Ty,
        content: &MediaType,
        pointer: &str,
    ) -> Result<BodyMedia> {
        let schema_pointer = join(pointer, "schema");
        let not_object = || {
            self.err(
                &schema_pointer,
                format!(
                    "a multipart/form-data request body must be an object schema with \
                     properties; this one is `{ty}`"
                ),
            )
        };
        let name = match ty {
            Ty::Named(name) => name.clone(),
            _ => return Err(not_object()),
        };
        let struct_fields = match self.types.get(&name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) if s.extra.is_none() => s.fields.clone(),
            _ => return Err(not_object()),
        };
        // The properties as written (an `allOf` body has none here: no file is found in it).
        let properties = match &content.schema {
            Some(schema) => match &self.resolve(schema, &schema_pointer)?.item.schema_kind {
                SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
                _ => None,
            },
            None => None,
        };
        for property in content.encoding.keys() {
            if !struct_fields.iter().any(|f| &f.json == property) {
                let known: Vec<&str> = struct_fields.iter().map(|f| f.json.as_str()).collect();
                return Err(self.err(
                    &join(&join(pointer, "encoding"), property),
                    format!(
                        "`encoding` names `{property}`, which is not a property of the \
                         multipart body (its properties: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        let no_components = IndexMap::new();
        let schemas = self
            .spec
            .components
            .as_ref()
            .map_or(&no_components, |c| &c.schemas);
        let mut parts = Vec::new();
        let mut fields = struct_fields;
        for field in &mut fields {
            let file = properties
                .and_then(|p| p.get(&field.json))
                .and_then(|schema| binary(schema, schemas));
            match file {
                Some(false) => field.ty = Ty::File,
                Some(true) => field.ty = Ty::Vec(Box::new(Ty::File)),
                None => {}
            }
            let (item, repeated) = match &field.ty {
                Ty::Vec(item) => (item.as_ref(), true),
                other => (other, false),
            };
            let kind = match item {
                Ty::File => PartKind::File,
                Ty::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Enum(_)) => PartKind::Text,
                    _ => PartKind::Json,
                },
                scalar if scalar.is_scalar() => PartKind::Text,
                _ => PartKind::Json,
            };
            // An array of JSON values is one JSON part, not one part per item.
            let repeated = repeated && kind != PartKind::Json;
            parts.push(MultipartPart {
                field: field.name.clone(),
                property: field.json.clone(),
                kind,
                repeated,
                optional: field.is_option(),
                content_type: content
                    .encoding
                    .get(&field.json)
                    .and_then(|e| e.content_type.clone()),
            });
        }
        if let Some(def) = self.types.get_mut(&name) {
            if let TypeKind::Struct(s) = &mut def.kind {
                s.fields = fields;
            }
        }
        Ok(BodyMedia::Multipart(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, paths};
    use super::super::{BodyMedia, MultipartPart, PartKind, Ty, TypeKind};
    use super::is_multipart;

    #[test]
    fn multipart_media_types() {
        assert!(is_multipart("multipart/form-data"));
        assert!(is_multipart("Multipart/Form-Data; boundary=x"));
        assert!(!is_multipart("multipart/mixed"));
    }

    #[test]
    fn properties_become_file_text_and_json_parts() {
        let api = paths(
            "  /f:\n    post:\n      operationId: upload\n      requestBody:\n        required: true\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              required: [file]\n              properties:\n                file: {type: string, format: binary}\n                extra: {type: array, items: {type: string, format: binary}}\n                name: {type: string}\n                tags: {type: array, items: {type: string}}\n                kind: {$ref: '#/components/schemas/K'}\n                meta: {type: object, properties: {a: {type: integer}}}\n                logo: {$ref: '#/components/schemas/Blob'}\n                photo: {type: string, contentMediaType: image/png}\n            encoding:\n              file: {contentType: text/csv}\n      responses: {'201': {description: ok}}\n",
            "    K: {type: string, enum: [a, b]}\n    Blob: {type: string, format: binary}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let body = api.operations[0].body.as_ref().expect("a body");
        let part =
            |field: &str, kind, repeated, optional, content_type: Option<&str>| MultipartPart {
                field: field.into(),
                property: field.into(),
                kind,
                repeated,
                optional,
                content_type: content_type.map(Into::into),
            };
        assert_eq!(
            body.media,
            BodyMedia::Multipart(vec![
                part("file", PartKind::File, false, false, Some("text/csv")),
                part("extra", PartKind::File, true, false, None),
                part("name", PartKind::Text, false, true, None),
                part("tags", PartKind::Text, true, false, None),
                part("kind", PartKind::Text, false, true, None),
                part("meta", PartKind::Json, false, true, None),
                // A named binary string, and 3.1's binary content: files too.
                part("logo", PartKind::File, false, true, None),
                part("photo", PartKind::File, false, true, None),
            ])
        );
        let Ty::Named(name) = &body.ty else {
            panic!("a struct")
        };
        let def = api
            .types
            .iter()
            .find(|t| &t.name == name)
            .expect("the body type");
        let TypeKind::Struct(s) = &def.kind else {
            panic!("a struct")
        };
        let types: Vec<String> = s.fields.iter().map(|f| f.ty.to_string()).collect();
        assert_eq!(types[..2], ["FilePart".to_string(), "Vec<FilePart>".into()]);
    }

    #[test]
    fn a_multipart_body_that_is_not_an_object_is_refused_where_it_is() {
        let (pointer, message) = error(paths(
            "  /f:\n    post:\n      requestBody: {content: {multipart/form-data: {schema: {type: string, format: binary}}}}\n      responses: {'200': {description: ok}}\n",
            "    Unused: {type: string}\n",
        ));
        assert_eq!(
            pointer,
            "/paths/~1f/post/requestBody/content/multipart~1form-data/schema"
        );
        assert!(message.contains("must be an object schema"), "{message}");
        let (pointer, message) = error(paths(
            "  /f:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object, properties: {a: {type: string}}}\n            encoding: {b: {contentType: text/csv}}\n      responses: {'200': {description: ok}}\n",
            "    Unused: {type: string}\n",
        ));
        assert_eq!(
            pointer,
            "/paths/~1f/post/requestBody/content/multipart~1form-data/encoding/b"
        );
        assert!(message.contains("not a property"), "{message}");
    }
}
