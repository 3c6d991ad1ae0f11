//! Named types: structs (serde attributes that omit unset optional fields and read `null`
//! collections as empty; printed as text by `printed.rs`), unions (tagged by a property, or untagged), aliases, newtypes and the
//! per-operation enums of success statuses. Enums are in `enums.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::docs;
use super::printed::{self, Printer, Shape, Table};
use super::{ident, ty};
use crate::ir::{Field, ResponseCase, StructDef, Ty, TypeDef, TypeKind, UnionDef};

/// The item of `def`; a struct or an enum is printed into `table`.
pub(super) fn type_def(def: &TypeDef, table: &mut Table) -> TokenStream {
    let doc = docs(&def.doc);
    match &def.kind {
        TypeKind::Struct(s) => {
            let text = struct_def(def, s, table.column);
            table.placeholder(text)
        }
        TypeKind::Enum(e) => {
            let text = super::enums::enum_def(def, e, table.column);
            table.placeholder(text)
        }
        TypeKind::Union(u) => union_def(def, u, doc),
        TypeKind::Alias(target) => {
            let name = ident(&def.name);
            let target = ty(target);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            let name = ident(&def.name);
            let target = ty(target);
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
        TypeKind::Responses(cases) => responses_def(def, cases, doc),
    }
}

/// A field: its doc, the serde attribute that omits it when unset (and reads `null`
/// collections as empty), and the field.
fn field_text(p: &mut Printer, field: &Field) {
    let shape = Shape::of(&field.ty);
    let shape = if field.is_option() {
        shape.optional()
    } else {
        shape
    };
    let mut serde_args = Vec::new();
    if field.name != field.json {
        serde_args.push(format!("rename = {}", printed::string(&field.json)));
    }
    if field.ty.is_collection() {
        serde_args.push("default".to_string());
        if field.nullable {
            // `null` arrives as an empty collection.
            serde_args.push("deserialize_with = \"rt::de::null_as_default\"".to_string());
        }
        if !field.required {
            let check = if matches!(field.ty, Ty::Vec(_)) {
                "Vec::is_empty"
            } else {
                "BTreeMap::is_empty"
            };
            serde_args.push(format!("skip_serializing_if = \"{check}\""));
        }
    } else if field.is_option() {
        serde_args.push("default".to_string());
        if !field.required {
            serde_args.push("skip_serializing_if = \"Option::is_none\"".to_string());
        }
    }
    p.docs(4, &field.doc);
    if !serde_args.is_empty() {
        p.attribute(4, "serde", &serde_args);
    }
    p.typed(4, &format!("pub {}: ", ident(&field.name)), &shape, ",");
}

/// A struct, printed (`printed.rs`): the most common item by far.
fn struct_def(def: &TypeDef, s: &StructDef, column: usize) -> String {
    let mut p = Printer::at(column);
    p.docs(0, &def.doc);
    let defaultable = s
        .fields
        .iter()
        .all(|f| f.is_option() || f.ty.is_collection());
    let default = if defaultable { "Default, " } else { "" };
    p.line(
        0,
        &format!("#[derive(Debug, Clone, PartialEq, {default}Serialize, Deserialize)]"),
    );
    let name = ident(&def.name);
    if s.fields.is_empty() && s.extra.is_none() {
        p.line(0, &format!("pub struct {name} {{}}"));
        return p.finish();
    }
    p.line(0, &format!("pub struct {name} {{"));
    for field in &s.fields {
        field_text(&mut p, field);
    }
    if let Some(extra) = &s.extra {
        p.docs(4, "Properties not listed above, as sent.");
        p.line(4, "#[serde(flatten)]");
        let map = Shape::of(&Ty::Map(Box::new(extra.ty.clone())));
        p.typed(4, &format!("pub {}: ", ident(&extra.name)), &map, ",");
    }
    p.line(0, "}");
    p.finish()
}

fn union_def(def: &TypeDef, u: &UnionDef, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let other = ident(&u.other);
    let variants = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let payload = ty(&v.ty);
        let d = match (&u.tag, &v.tag_value) {
            (Some(tag), Some(value)) => format!("`{tag}` is `{value}`."),
            _ => format!("The value is a `{}`.", v.ty),
        };
        let d = docs(&d);
        quote! { #d #vn(#payload), }
    });
    let Some(tag) = &u.tag else {
        // Untagged: the first variant that accepts the value, else the catch-all; through
        // `rt::de::Untagged` so a failure inside a variant keeps its JSON path.
        let union = def.name.as_str();
        let tries = u.variants.iter().map(|v| {
            let vn = ident(&v.name);
            let label = v.name.as_str();
            quote! { .variant(#label, Self::#vn) }
        });
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
                /// Anything else, kept as JSON.
                #other(rt::serde_json::Value),
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = rt::serde_json::Value::deserialize(deserializer)?;
                    Ok(rt::de::Untagged::new(#union, value)
                        #(#tries)*
                        .or_other(Self::#other))
                }
            }
        };
    };
    let ser_arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        quote! { Self::#vn(value) => value.serialize(serializer), }
    });
    let de_arms = u.variants.iter().filter_map(|v| {
        let vn = ident(&v.name);
        let tag_value = v.tag_value.as_ref()?;
        Some(quote! {
            Some(#tag_value) => rt::de::variant(value).map(Self::#vn),
        })
    });
    let other_doc = docs(&format!(
        "A `{tag}` this version of the crate does not know (or none), kept as JSON."
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(rt::serde_json::Value),
        }

        impl Serialize for #name {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::#other(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = rt::serde_json::Value::deserialize(deserializer)?;
                match value.get(#tag).and_then(rt::serde_json::Value::as_str) {
                    #(#de_arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
    }
}

fn responses_def(def: &TypeDef, cases: &[ResponseCase], doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let variants = cases.iter().map(|c| {
        let v = ident(&c.variant);
        let d = docs(&format!("`{}`: {}", c.status, c.doc));
        if c.ty == Ty::Unit {
            quote! { #d #v, }
        } else {
            let payload = ty(&c.ty);
            quote! { #d #v(#payload), }
        }
    });
    let status_arms = cases.iter().map(|c| {
        let v = ident(&c.variant);
        let status = Literal::u16_unsuffixed(c.status);
        if c.ty == Ty::Unit {
            quote! { Self::#v => #status, }
        } else {
            quote! { Self::#v(_) => #status, }
        }
    });
    let shared = cases
        .first()
        .map(|c| c.ty.clone())
        .filter(|t| *t != Ty::Unit && cases.iter().all(|c| c.ty == *t));
    let into_body = shared.map(|t| {
        let t = ty(&t);
        let arms = cases.iter().map(|c| {
            let v = ident(&c.variant);
            quote! { Self::#v(body) }
        });
        quote! {
            /// The body, whichever the status: every success has the same type.
            pub fn into_body(self) -> #t {
                match self {
                    #(#arms)|* => body,
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The HTTP status the server answered with.
            pub fn status(&self) -> u16 {
                match self {
                    #(#status_arms)*
                }
            }

            #into_body
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::code;

    fn schemas(yaml: &str) -> String {
        code(&format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{yaml}"
        ))
    }

    #[test]
    fn optional_fields_are_omitted_and_collections_default_to_empty() {
        let code = schemas(
            "    A:\n      type: object\n      required: [id, tags, note]\n      properties:\n        id: {type: string}\n        note: {type: string, nullable: true}\n        tags: {type: array, nullable: true, items: {type: string}}\n        label: {type: string}\n        meta: {type: object, additionalProperties: {type: string}}\n",
        );
        assert!(code.contains("    pub id: String,\n"), "{code}");
        assert!(
            code.contains("#[serde(default)]\n    pub note: Option<String>,"),
            "required and nullable: present, maybe null: {code}"
        );
        assert!(
            code.contains(
                "#[serde(default, deserialize_with = \"rt::de::null_as_default\")]\n    pub tags: Vec<String>,"
            ),
            "{code}"
        );
        assert!(
            code.contains("#[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub label: Option<String>,"),
            "{code}"
        );
        assert!(
            code.contains("#[serde(default, skip_serializing_if = \"BTreeMap::is_empty\")]\n    pub meta: BTreeMap<String, String>,"),
            "{code}"
        );
        assert!(
            code.contains(
                "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\npub struct A {"
            ),
            "a required field: no Default: {code}"
        );
    }

    #[test]
    fn unions_tagged_and_untagged() {
        let code = schemas(
            "    T:\n      oneOf: [{$ref: '#/components/schemas/X'}, {$ref: '#/components/schemas/Y'}]\n      discriminator: {propertyName: kind}\n    U: {anyOf: [{type: string}, {type: integer}]}\n    X: {type: object, properties: {kind: {type: string}}}\n    Y: {type: object, properties: {kind: {type: string}}}\n",
        );
        assert!(
            code.contains("match value.get(\"kind\").and_then(rt::serde_json::Value::as_str) {"),
            "{code}"
        );
        assert!(
            code.contains("Some(\"X\") => rt::de::variant(value).map(Self::X),"),
            "the component name is the tag value without a mapping; the path inside is kept: {code}"
        );
        assert!(code.contains("#[serde(untagged)]\npub enum U {"), "{code}");
        assert!(
            code.contains("Ok(\n            rt::de::Untagged::new(\"U\", value)\n                .variant(\"String\", Self::String)"),
            "{code}"
        );
        assert!(code.contains(".or_other(Self::Other)"), "{code}");
    }

    #[test]
    fn aliases_and_recursive_newtypes() {
        let code = schemas(
            "    Id: {type: string}\n    Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n",
        );
        assert!(code.contains("pub type Id = String;"), "{code}");
        assert!(
            code.contains("#[serde(transparent)]\npub struct Tree(pub Vec<Tree>);"),
            "{code}"
        );
    }
}
