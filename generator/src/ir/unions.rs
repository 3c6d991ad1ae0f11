//! `oneOf` / `anyOf` with several parts: an enum with one variant per part. When a property tells
//! the parts apart (the discriminator's, or one every part declares as a required one-value enum,
//! as HubSpot's `callerIdType`), the union is tagged by it and keeps anything else as JSON;
//! otherwise it is untagged.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{object_properties, object_required};
use super::{Builder, UnionDef, UnionVariant};
use crate::error::Result;
use crate::naming::{self, Scope};

impl Builder<'_> {
    /// The union `name` of `items`, the parts of `schema` (at `pointer`).
    pub(super) fn union_def(
        &mut self,
        name: &str,
        schema: &Schema,
        items: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<UnionDef> {
        let tag = self.union_tag(schema, items, pointer);
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_pointer = format!("{pointer}/{i}");
            let tag_value = tag.as_ref().and_then(|(_, values)| values.get(i).cloned());
            let ty = self.ty(item, &naming::variant_type(name, i), &item_pointer)?;
            let wanted = naming::union_variant(tag_value.as_deref(), &ty, i);
            variants.push(UnionVariant {
                name: scope.claim(&wanted),
                tag_value,
                ty,
            });
        }
        let other = naming::catch_all(&mut scope);
        Ok(UnionDef {
            tag: tag.map(|(prop, _)| prop),
            variants,
            other,
        })
    }

    /// The property that tells the variants apart, with each variant's value: the
    /// discriminator's (value from its mapping, the part's one-value enum, or the part's
    /// component name), or one that every variant declares as a required single-value enum with
    /// distinct values.
    fn union_tag(
        &self,
        schema: &Schema,
        items: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Option<(String, Vec<String>)> {
        let resolved: Vec<(&Schema, Option<String>)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                self.resolve(item, &format!("{pointer}/{i}"))
                    .ok()
                    .map(|found| (found.item, found.key))
            })
            .collect::<Option<_>>()?;
        if let Some(disc) = &schema.schema_data.discriminator {
            let values = resolved
                .iter()
                .zip(items)
                .map(|((s, key), item)| {
                    let by_mapping = match item {
                        ReferenceOr::Reference { reference } => disc
                            .mapping
                            .iter()
                            .find(|(_, target)| *target == reference)
                            .map(|(value, _)| value.clone()),
                        ReferenceOr::Item(_) => None,
                    };
                    by_mapping
                        .or_else(|| single_enum_value(s, &disc.property_name))
                        .or_else(|| key.clone())
                })
                .collect::<Option<Vec<String>>>()?;
            return Some((disc.property_name.clone(), values));
        }
        let (first, _) = resolved.first()?;
        for prop in object_properties(first)?.keys() {
            let values: Option<Vec<String>> = resolved
                .iter()
                .map(|(s, _)| {
                    let required = object_required(s).is_some_and(|r| r.contains(prop));
                    single_enum_value(s, prop).filter(|_| required)
                })
                .collect();
            if let Some(values) = values {
                let distinct: BTreeSet<&String> = values.iter().collect();
                if distinct.len() == values.len() {
                    return Some((prop.clone(), values));
                }
            }
        }
        None
    }
}

/// The value of `prop` in `schema` when it is a one-value string enum (or const).
fn single_enum_value(schema: &Schema, prop: &str) -> Option<String> {
    let prop = object_properties(schema)?.get(prop)?.as_item()?;
    match &prop.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].clone(),
        SchemaKind::Any(a) if a.enumeration.len() == 1 => {
            a.enumeration[0].as_str().map(str::to_string)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::schemas;
    use super::super::{Ty, TypeKind, UnionDef};

    fn union_of(yaml: &str) -> UnionDef {
        let api = schemas(yaml).unwrap_or_else(|e| panic!("{e}"));
        match api
            .types
            .into_iter()
            .find(|t| t.name == "U")
            .map(|t| t.kind)
        {
            Some(TypeKind::Union(u)) => u,
            other => panic!("not a union: {other:?}"),
        }
    }

    const PARTS: &str = "    A: {type: object, required: [kind], properties: {kind: {type: string, enum: [A_KIND]}}}\n    B: {type: object, required: [kind], properties: {kind: {type: string, enum: [B_KIND]}}}\n";

    #[test]
    fn a_required_one_value_enum_tags_the_union() {
        let u = union_of(&format!(
            "    U: {{oneOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}]}}\n{PARTS}"
        ));
        assert_eq!(u.tag.as_deref(), Some("kind"));
        let variants: Vec<(&str, Option<&str>)> = u
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.tag_value.as_deref()))
            .collect();
        assert_eq!(
            variants,
            [("AKind", Some("A_KIND")), ("BKind", Some("B_KIND"))]
        );
        assert_eq!(u.other, "Other");
    }

    #[test]
    fn the_discriminator_mapping_wins() {
        let u = union_of(&format!(
            "    U:\n      oneOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}]\n      discriminator: {{propertyName: kind, mapping: {{first: '#/components/schemas/A'}}}}\n{PARTS}"
        ));
        let values: Vec<Option<&str>> = u.variants.iter().map(|v| v.tag_value.as_deref()).collect();
        assert_eq!(values, [Some("first"), Some("B_KIND")]);
    }

    #[test]
    fn without_a_tag_variants_are_named_by_type() {
        let u = union_of("    U: {anyOf: [{type: string}, {type: integer}, {$ref: '#/components/schemas/A'}, {type: object, properties: {x: {type: string}}}]}\n    A: {type: object, properties: {a: {type: string}}}\n");
        assert_eq!(u.tag, None);
        let variants: Vec<(&str, String)> = u
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.ty.to_string()))
            .collect();
        assert_eq!(
            variants,
            [
                ("String", "String".to_string()),
                ("Integer", "i64".into()),
                ("A", "A".into()),
                ("UVariant4", "UVariant4".into())
            ]
        );
        assert!(matches!(u.variants[1].ty, Ty::I64));
    }
}
