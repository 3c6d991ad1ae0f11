//! Schemas to types: component schemas become named types; an inline schema that needs a type of
//! its own (an object with properties, an enum, a union, a merge) becomes one named after where
//! it is; everything else is a plain type expression (scalars, `Vec`, `BTreeMap`, JSON).

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::docs::{doc_text, schema_doc};
use super::extensions::RUST_NAME;
use super::keywords;
use super::{Builder, Extra, Field, StructDef, Ty, TypeDef, TypeKind};
use crate::error::Result;
use crate::naming::{self, Scope};
use crate::pointer::join;

/// Deepest nesting of inline schemas accepted (real specs stay far below).
const MAX_DEPTH: usize = 64;

impl Builder<'_> {
    /// Claims a Rust name for every component schema, in sorted order, before any inline type.
    pub(super) fn name_components(&mut self) -> Result<()> {
        let Some(schemas) = self.schemas() else {
            return Ok(());
        };
        let mut keys: Vec<&String> = schemas.keys().collect();
        keys.sort();
        // Explicit names first, so a derived name never takes a name an overlay asked for.
        for pass in [true, false] {
            for key in &keys {
                let pointer = join("/components/schemas", key);
                let explicit = match &schemas[*key] {
                    ReferenceOr::Item(s) => {
                        self.type_rust_name(&s.schema_data.extensions, &pointer)?
                    }
                    ReferenceOr::Reference { .. } => None,
                };
                if explicit.is_some() != pass {
                    continue;
                }
                let wanted = explicit.map_or_else(|| naming::camel(key), str::to_string);
                if pass && naming::is_module_item(&wanted) {
                    return Err(self.err(
                        &join(&pointer, RUST_NAME),
                        format!(
                            "{RUST_NAME} `{wanted}` is a name the generated module uses itself; \
                             choose another"
                        ),
                    ));
                }
                if pass && self.type_names.contains(&wanted) {
                    return Err(self.err(
                        &join(&pointer, RUST_NAME),
                        format!("{RUST_NAME} `{wanted}` is used twice"),
                    ));
                }
                let name = self.type_names.claim(&wanted);
                self.component_names.insert((*key).clone(), name);
            }
        }
        Ok(())
    }

    /// Converts every component schema, in sorted order.
    pub(super) fn build_components(&mut self) -> Result<()> {
        let Some(schemas) = self.schemas() else {
            return Ok(());
        };
        let mut keys: Vec<&String> = schemas.keys().collect();
        keys.sort();
        for key in keys {
            self.component(key)?;
        }
        Ok(())
    }

    /// Converts component `key` into its named type (once).
    fn component(&mut self, key: &str) -> Result<String> {
        let name = self.component_names.get(key).cloned().unwrap_or_default();
        if self.types.contains_key(&name) || self.in_progress.contains(key) {
            return Ok(name);
        }
        let pointer = join("/components/schemas", key);
        let Some(schema) = self.schemas().and_then(|s| s.get(key)) else {
            return Err(self.err(&pointer, format!("schema `{key}` does not exist")));
        };
        self.in_progress.insert(key.to_string());
        self.origins.insert(name.clone(), pointer.clone());
        let def = match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.schema_ref(reference, &pointer)?;
                TypeDef {
                    name: name.clone(),
                    doc: format!("Alias of the `{key}` schema."),
                    kind: TypeKind::Alias(ty),
                }
            }
            ReferenceOr::Item(schema) => match self.named_def(&name, schema, &pointer)? {
                Some(def) => def,
                None => {
                    let fitted = self.fit(schema, &pointer)?;
                    let ty = self.plain_ty(&fitted, &name, &pointer)?;
                    TypeDef {
                        name: name.clone(),
                        doc: schema_doc(schema, &format!("The `{key}` schema.")),
                        kind: TypeKind::Alias(ty),
                    }
                }
            },
        };
        self.in_progress.remove(key);
        self.types.insert(name.clone(), def);
        Ok(name)
    }

    /// The type of the component schema `reference` names: its name, claimed before any
    /// schema is converted. The component itself is converted on its own turn, so references
    /// never nest conversions (a cycle of 70 components is as deep as one).
    pub(super) fn schema_ref(&mut self, reference: &str, pointer: &str) -> Result<Ty> {
        let key = self.component_key::<Schema>(reference, pointer)?;
        Ok(Ty::Named(
            self.component_names.get(&key).cloned().unwrap_or_default(),
        ))
    }

    /// `schema` read as the kind it declares (see `keywords`); an error names the keyword
    /// that does not fit.
    pub(super) fn fit<'s>(&self, schema: &'s Schema, pointer: &str) -> Result<Cow<'s, Schema>> {
        keywords::fit(schema).map_err(|m| self.err(&join(pointer, m.keyword), m.message))
    }

    /// The type of a schema that appears at `pointer`; inline structs, enums and unions get a
    /// named type called `context` (or their `x-rust-name`).
    pub(super) fn ty(
        &mut self,
        schema: &ReferenceOr<Schema>,
        context: &str,
        pointer: &str,
    ) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_ty(schema, context, pointer),
        }
    }

    /// [`ty`](Self::ty) for the boxed schemas of properties and items.
    pub(super) fn boxed_ty(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        context: &str,
        pointer: &str,
    ) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_ty(schema, context, pointer),
        }
    }

    fn inline_ty(&mut self, schema: &Schema, context: &str, pointer: &str) -> Result<Ty> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(
                pointer,
                format!(
                    "schemas nest more than {MAX_DEPTH} levels deep here; is a schema expanding \
                     into itself?"
                ),
            ));
        }
        self.depth += 1;
        let ty = self.inline_ty_inner(schema, context, pointer);
        self.depth -= 1;
        ty
    }

    fn inline_ty_inner(&mut self, schema: &Schema, context: &str, pointer: &str) -> Result<Ty> {
        let schema = self.fit(schema, pointer)?;
        if needs_named_type(&schema) {
            // Inline schemas identical apart from their own docs are one type.
            let key = super::shared::key(&schema);
            if let Some(name) = self.shared.get(&key) {
                let name = name.clone();
                if let Some(def) = self.types.get_mut(&name) {
                    let generic = format!("The `{name}` type.");
                    if def.doc != schema_doc(&schema, &generic) {
                        // Each place documents the value in its own words: its field or
                        // parameter keeps them, the type says only what it is.
                        def.doc = generic;
                    }
                }
                let places = self.inline.entry(name.clone()).or_default();
                // The same schema met again (a part of an `allOf` merged elsewhere) is no new
                // place.
                if !places.iter().any(|(_, at)| at == pointer) {
                    places.push((context.to_string(), pointer.to_string()));
                }
                return Ok(Ty::Named(name));
            }
            let explicit = self.type_rust_name(&schema.schema_data.extensions, pointer)?;
            let wanted = explicit.map_or_else(|| naming::camel(context), str::to_string);
            let name = self.type_names.claim(&wanted);
            if let Some(def) = self.named_def(&name, &schema, pointer)? {
                self.types.insert(name.clone(), def);
                self.shared.insert(key, name.clone());
                if explicit.is_none() {
                    let place = (context.to_string(), pointer.to_string());
                    self.inline.insert(name.clone(), vec![place]);
                }
                return Ok(Ty::Named(name));
            }
        }
        self.plain_ty(&schema, context, pointer)
    }

    /// The type of a schema that needs no named type of its own.
    fn plain_ty(&mut self, schema: &Schema, context: &str, pointer: &str) -> Result<Ty> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Ty::Uuid,
                _ => Ty::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            },
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let context = naming::item_type(context);
                    let item = self.boxed_ty(items, &context, &join(pointer, "items"))?;
                    Ty::Vec(Box::new(nullable_wrap(
                        item,
                        items.as_item().is_some_and(|s| s.schema_data.nullable),
                    )))
                }
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                self.map_ty(o.additional_properties.as_ref(), context, pointer)?
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.ty(&all_of[0], context, &format!("{pointer}/allOf/0"))?
            }
            SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items }
                if items.len() == 1 =>
            {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.ty(&items[0], context, &format!("{pointer}/{key}/0"))?
            }
            // What `keywords::fit` leaves of no kind: no `type`, no union.
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    let context = naming::item_type(context);
                    let item = self.boxed_ty(items, &context, &join(pointer, "items"))?;
                    Ty::Vec(Box::new(item))
                } else if any.additional_properties.is_some() {
                    self.map_ty(any.additional_properties.as_ref(), context, pointer)?
                } else {
                    Ty::Json
                }
            }
            SchemaKind::Not { .. } => Ty::Json,
            // Multi-part unions and allOf are always named types (see `needs_named_type`).
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                Ty::Json
            }
        })
    }

    fn map_ty(
        &mut self,
        additional: Option<&AdditionalProperties>,
        context: &str,
        pointer: &str,
    ) -> Result<Ty> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let nullable = value.as_item().is_some_and(|s| s.schema_data.nullable);
                let ty = self.ty(
                    value,
                    &naming::value_type(context),
                    &join(pointer, "additionalProperties"),
                )?;
                Ty::Map(Box::new(nullable_wrap(ty, nullable)))
            }
            _ => Ty::JsonObject,
        })
    }

    /// A named type definition for `schema`, or `None` when it is not a struct, enum or union.
    fn named_def(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<Option<TypeDef>> {
        let schema = &*self.fit(schema, pointer)?;
        let doc = schema_doc(schema, &format!("The `{name}` type."));
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                TypeKind::Struct(self.struct_def(
                    name,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    pointer,
                )?)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                TypeKind::Struct(self.struct_def(
                    name,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    pointer,
                )?)
            }
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values = s
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| Value::String(v.clone()))
                    .collect();
                TypeKind::Enum(super::enums::enum_def(values, schema, false))
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let values = i
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| Value::from(*v))
                    .collect();
                TypeKind::Enum(super::enums::enum_def(values, schema, true))
            }
            SchemaKind::Any(any) if !any.enumeration.is_empty() => {
                let integer = any.enumeration.iter().all(|v| v.is_i64() || v.is_u64());
                if !integer && !any.enumeration.iter().all(Value::is_string) {
                    return Ok(None);
                }
                TypeKind::Enum(super::enums::enum_def(
                    any.enumeration.clone(),
                    schema,
                    integer,
                ))
            }
            SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items }
                if items.len() > 1 =>
            {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                TypeKind::Union(self.union_def(name, schema, items, &format!("{pointer}/{key}"))?)
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                TypeKind::Struct(self.all_of(name, all_of, &format!("{pointer}/allOf"))?)
            }
            _ => return Ok(None),
        };
        Ok(Some(TypeDef {
            name: name.to_string(),
            doc,
            kind,
        }))
    }

    /// The struct of an object schema's properties (and `additionalProperties` next to them).
    pub(super) fn struct_def(
        &mut self,
        name: &str,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) -> Result<StructDef> {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (json, prop) in properties {
            let prop_pointer = join(&join(pointer, "properties"), json);
            let context = naming::member_type(name, json);
            let ty = self.boxed_ty(prop, &context, &prop_pointer)?;
            let resolved = prop.as_item().map(|s| &**s);
            fields.push(Field {
                name: scope.claim(&naming::field(json)),
                json: json.clone(),
                ty,
                required: required.contains(json),
                nullable: resolved.is_some_and(|s| s.schema_data.nullable),
                doc: property_doc(json, resolved),
                max_items: resolved.and_then(|s| match &s.schema_kind {
                    SchemaKind::Type(Type::Array(a)) => a.max_items,
                    _ => None,
                }),
            });
        }
        let extra = match additional {
            Some(AdditionalProperties::Schema(value)) => Some(self.ty(
                value,
                &naming::extra_type(name),
                &join(pointer, "additionalProperties"),
            )?),
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            _ => None,
        };
        Ok(with_extra(fields, extra))
    }
}

/// A struct of `fields` and, if given, a flattened map of `extra` values named so it does not
/// take a field's name.
pub(super) fn with_extra(fields: Vec<Field>, extra: Option<Ty>) -> StructDef {
    let extra = extra.map(|ty| Extra {
        name: naming::extra_field(fields.iter().map(|f| f.name.as_str())),
        ty,
    });
    StructDef { fields, extra }
}

/// The doc of a property: its title and description, its default, whether it is deprecated.
fn property_doc(json: &str, schema: Option<&Schema>) -> String {
    let mut doc = schema
        .map(|s| {
            doc_text(&[
                s.schema_data.title.as_deref(),
                s.schema_data.description.as_deref(),
            ])
        })
        .unwrap_or_default();
    if doc.is_empty() {
        doc = format!("The `{json}` property.");
    }
    if let Some(default) = schema
        .and_then(|s| s.schema_data.default.as_ref())
        .filter(|d| !d.is_null())
    {
        doc.push_str(&format!("\n\nDefault: `{default}`."));
    }
    if schema.is_some_and(|s| s.schema_data.deprecated) {
        doc.push_str("\n\n**Deprecated** by the API.");
    }
    doc
}

fn nullable_wrap(ty: Ty, nullable: bool) -> Ty {
    if nullable {
        Ty::Option(Box::new(ty))
    } else {
        ty
    }
}

/// Does an inline `schema` become a named type of its own?
fn needs_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => !i.enumeration.is_empty(),
        SchemaKind::OneOf { one_of: items } | SchemaKind::AnyOf { any_of: items } => {
            items.len() > 1
        }
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::Any(any) => !any.properties.is_empty() || !any.enumeration.is_empty(),
        _ => false,
    }
}

/// The properties of an object schema.
pub(super) fn object_properties(
    schema: &Schema,
) -> Option<&IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(&o.properties),
        SchemaKind::Any(a) => Some(&a.properties),
        _ => None,
    }
}

/// The required properties of an object schema.
pub(super) fn object_required(schema: &Schema) -> Option<&Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(&o.required),
        SchemaKind::Any(a) => Some(&a.required),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, schemas};
    use super::super::{Api, Ty, TypeKind};

    fn built(yaml: &str) -> Api {
        schemas(yaml).unwrap_or_else(|e| panic!("{e}"))
    }

    fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
        match api.types.iter().find(|t| t.name == name) {
            Some(t) => &t.kind,
            None => panic!(
                "no type {name} among {:?}",
                api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            ),
        }
    }

    #[test]
    fn scalars_and_formats() {
        let api = built(
            "    A: {type: string, format: date-time}\n    B: {type: string, format: uuid}\n    C: {type: integer, format: int32}\n    D: {type: number, format: float}\n    E: {type: boolean}\n    F: {type: string, format: date}\n    G: {}\n    H: {type: object}\n",
        );
        let aliases: Vec<(&str, &TypeKind)> = api
            .types
            .iter()
            .map(|t| (t.name.as_str(), &t.kind))
            .collect();
        let expect = [
            ("A", Ty::DateTime),
            ("B", Ty::Uuid),
            ("C", Ty::I32),
            ("D", Ty::F32),
            ("E", Ty::Bool),
            ("F", Ty::Date),
            ("G", Ty::Json),
            ("H", Ty::JsonObject),
        ];
        for ((name, kind), (want_name, want)) in aliases.iter().zip(expect) {
            assert_eq!(*name, want_name);
            assert!(
                matches!(kind, TypeKind::Alias(ty) if *ty == want),
                "{name}: {kind:?}"
            );
        }
    }

    #[test]
    fn inline_objects_are_named_after_where_they_are() {
        let api = built(
            "    Call:\n      type: object\n      required: [meta]\n      properties:\n        meta: {type: object, properties: {a: {type: string}}}\n        tags: {type: array, items: {type: object, properties: {t: {type: string}}}}\n        byKey: {type: object, additionalProperties: {type: object, properties: {v: {type: integer}}}}\n",
        );
        let TypeKind::Struct(call) = kind(&api, "Call") else {
            panic!("Call is not a struct")
        };
        let tys: Vec<String> = call.fields.iter().map(|f| f.ty.to_string()).collect();
        assert_eq!(
            tys,
            [
                "CallMeta",
                "Vec<CallTagsItem>",
                "BTreeMap<String, CallByKeyValue>"
            ]
        );
        assert!(call.fields[0].required && !call.fields[1].required);
        assert_eq!(call.fields[2].name, "by_key");
    }

    #[test]
    fn names_that_generated_code_uses_get_a_suffix() {
        let api = built(
            "    Client: {type: object, properties: {a: {type: string}}}\n    Vec: {type: string, enum: [a]}\n    Error: {type: object, properties: {m: {type: string}}}\n",
        );
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        // Generated code names the runtime's `Client` and `Error` through `rt::`.
        assert_eq!(names, ["Client", "Error", "Vec2"]);
    }

    #[test]
    fn additional_properties_next_to_properties_keep_a_free_field_name() {
        let api = built(
            "    A:\n      type: object\n      properties: {extra: {type: string}}\n      additionalProperties: {type: integer}\n",
        );
        let TypeKind::Struct(a) = kind(&api, "A") else {
            panic!("A is not a struct")
        };
        let extra = a.extra.as_ref().map(|e| (e.name.as_str(), e.ty.clone()));
        assert_eq!(extra, Some(("extra_2", Ty::I64)));
    }

    #[test]
    fn x_rust_name_must_be_a_free_type_name() {
        let cases = [
            ("x-rust-name: 'call record'", "is not a Rust identifier"),
            ("x-rust-name: call", "must start with an upper-case letter"),
            ("x-rust-name: Vec", "uses itself"),
            ("x-rust-name: 7", "must be a string"),
        ];
        for (ext, needle) in cases {
            let (pointer, message) = error(schemas(&format!(
                "    Call: {{type: object, {ext}, properties: {{id: {{type: string}}}}}}\n"
            )));
            assert_eq!(pointer, "/components/schemas/Call/x-rust-name", "{message}");
            assert!(message.contains(needle), "{ext}: {message}");
        }
        let (_, message) = error(schemas(
            "    A: {type: object, x-rust-name: Thing, properties: {a: {type: string}}}\n    B: {type: object, x-rust-name: Thing, properties: {b: {type: string}}}\n",
        ));
        assert!(message.contains("used twice"), "{message}");
    }

    #[test]
    fn unknown_types_and_runaway_nesting_are_errors() {
        let (pointer, message) = error(schemas("    A: {type: thing}\n"));
        assert_eq!(pointer, "/components/schemas/A/type");
        assert!(message.contains("unknown schema type `thing`"), "{message}");
        let mut deep = String::from("{type: string}");
        for _ in 0..70 {
            deep = format!("{{type: array, items: {deep}}}");
        }
        // Parsing 70 levels needs more stack than a test thread has in a debug build.
        let built = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || error(schemas(&format!("    A: {deep}\n"))))
            .and_then(|thread| thread.join().map_err(|_| std::io::Error::other("panicked")));
        let (_, message) = built.unwrap_or_else(|e| panic!("{e}"));
        assert!(message.contains("more than 64 levels"), "{message}");
    }
}
