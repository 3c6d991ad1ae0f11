//! `allOf` with several parts: one struct with the fields of every part, in order. A field
//! declared by several parts appears once; a property is required when any part requires it
//! (also a part that does not declare it). Parts are objects, references to objects or further
//! `allOf`s; a part that merges the schema being defined is a recursive merge, and an error.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{object_required, with_extra};
use super::{Builder, Field, StructDef};
use crate::error::Result;
use crate::naming::Scope;
use crate::pointer::join;

impl Builder<'_> {
    /// Merges the `allOf` `parts` (at `pointer`) of the type `name` into one struct.
    pub(super) fn all_of(
        &mut self,
        name: &str,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<StructDef> {
        let mut fields: Vec<Field> = Vec::new();
        let mut extra = None;
        // A part may require a property another part declares.
        let mut required: BTreeSet<String> = BTreeSet::new();
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/{i}");
            let found = self.resolve(part, &part_pointer)?;
            let (schema, key) = (found.item, found.key);
            if let Some(k) = key.as_ref().filter(|k| self.in_progress.contains(*k)) {
                return Err(self.err(
                    &part_pointer,
                    format!(
                        "allOf merges `{k}` while `{k}` itself is being defined: a recursive merge; \
                         give the schema that merges it a name in components.schemas so it can \
                         refer to itself"
                    ),
                ));
            }
            required.extend(object_required(schema).into_iter().flatten().cloned());
            // While a referenced part is expanded, it counts as being defined: a part that
            // (through its own properties) refers back to it is a cycle, not an endless merge.
            if let Some(k) = &key {
                self.in_progress.insert(k.clone());
            }
            let sub = self.all_of_part(name, schema, &part_pointer, &found.pointer);
            if let Some(k) = &key {
                self.in_progress.remove(k);
            }
            let sub = sub?;
            for field in sub.fields {
                match fields.iter_mut().find(|f| f.json == field.json) {
                    Some(existing) => existing.required |= field.required,
                    None => fields.push(field),
                }
            }
            extra = extra.or(sub.extra.map(|e| e.ty));
        }
        let mut scope = Scope::new();
        for field in &mut fields {
            field.name = scope.claim(&field.name);
            field.required |= required.contains(&field.json);
        }
        Ok(with_extra(fields, extra))
    }

    /// One part of an `allOf`, as struct fields; `at` is where the part's schema is written
    /// (the component, for a reference), `part_pointer` where the part is listed.
    fn all_of_part(
        &mut self,
        name: &str,
        schema: &Schema,
        part_pointer: &str,
        at: &str,
    ) -> Result<StructDef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => self.struct_def(
                name,
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                at,
            ),
            SchemaKind::Any(any) => self.struct_def(
                name,
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                at,
            ),
            SchemaKind::AllOf { all_of } => self.all_of(name, all_of, &join(at, "allOf")),
            _ => Err(self.err(
                part_pointer,
                "allOf part is not an object schema; only objects can be merged",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, schemas};
    use super::super::{StructDef, TypeKind};

    fn merged(yaml: &str) -> StructDef {
        let api = schemas(yaml).unwrap_or_else(|e| panic!("{e}"));
        match api
            .types
            .into_iter()
            .find(|t| t.name == "M")
            .map(|t| t.kind)
        {
            Some(TypeKind::Struct(s)) => s,
            other => panic!("not a struct: {other:?}"),
        }
    }

    #[test]
    fn parts_merge_in_order_and_requirements_cross_parts() {
        let s = merged(
            "    M:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, required: [id], properties: {name: {type: string}, id: {type: string}}}\n    Base: {type: object, properties: {id: {type: string}, createdAt: {type: string}}}\n",
        );
        let fields: Vec<(&str, bool)> = s
            .fields
            .iter()
            .map(|f| (f.json.as_str(), f.required))
            .collect();
        assert_eq!(
            fields,
            [("id", true), ("createdAt", false), ("name", false)]
        );
    }

    #[test]
    fn nested_all_of_and_aliased_parts() {
        let s = merged(
            "    M:\n      allOf:\n        - $ref: '#/components/schemas/Alias'\n        - allOf: [{type: object, properties: {b: {type: string}}}, {type: object, properties: {c: {type: string}}}]\n    Alias: {$ref: '#/components/schemas/Base'}\n    Base: {type: object, properties: {a: {type: string}}}\n",
        );
        let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
    }

    #[test]
    fn recursive_and_non_object_merges_are_errors() {
        let (pointer, message) = error(schemas(
            "    M: {allOf: [{$ref: '#/components/schemas/M'}, {type: object, properties: {a: {type: string}}}]}\n",
        ));
        assert_eq!(pointer, "/components/schemas/M/allOf/0");
        assert!(message.contains("recursive merge"), "{message}");
        let (pointer, message) = error(schemas(
            "    M: {allOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}\n",
        ));
        assert_eq!(pointer, "/components/schemas/M/allOf/0");
        assert!(message.contains("not an object schema"), "{message}");
    }
}
