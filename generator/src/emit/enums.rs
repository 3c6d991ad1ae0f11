//! Forward-compatible enums, through the runtime's `rt::open_enum!`: the enum as it reads (a
//! variant per listed value with its wire value, the spec's default marked `#[default]`, and the
//! catch-all variant that keeps any other value as sent); the macro documents each variant with
//! its value and writes `as_str`/`value`, `From`, `FromStr`, `Display`, serde and
//! query-parameter conversions. A variant line (`Aa = "aa",`) shows its value, so a doc line
//! repeating it would only double the enum in the source.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::ident;
use crate::ir::{EnumDef, TypeDef};

pub(super) fn enum_def(def: &TypeDef, e: &EnumDef, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let other = ident(&e.other);
    let variants = e.variants.iter().enumerate().map(|(i, (v, value))| {
        let v = ident(v);
        let lit = literal(value);
        let default = (e.default == Some(i)).then(|| quote! { #[default] });
        quote! { #default #v = #lit, }
    });
    let derive_default = e
        .default
        .filter(|i| *i < e.variants.len())
        .map(|_| quote! { #[derive(Default)] });
    let repr = if e.integer {
        quote! { i64 }
    } else {
        quote! { String }
    };
    quote! {
        rt::open_enum! {
            #doc
            #derive_default
            pub enum #name {
                #(#variants)*
                /// A value this version of the crate does not know, kept as sent.
                #other(#repr),
            }
        }
    }
}

fn literal(value: &Value) -> TokenStream {
    match value {
        Value::String(s) => quote! { #s },
        Value::Number(n) => {
            let lit = n
                .as_i64()
                .map_or_else(|| Literal::i64_unsuffixed(0), Literal::i64_unsuffixed);
            quote! { #lit }
        }
        _ => quote! { "" },
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
    fn string_enums_go_through_the_runtime_macro_with_their_default() {
        let code = schemas("    S: {type: string, enum: [a-b, c], default: c}\n");
        assert!(
            code.contains(
                "rt::open_enum! {\n    /// The `S` type.\n    #[derive(Default)]\n    pub enum S {\n        \
                 AB = \"a-b\",\n        #[default]\n        C = \"c\",\n        \
                 /// A value this version of the crate does not know, kept as sent.\n        Other(String),\n    }\n}\n"
            ),
            "{code}"
        );
    }

    #[test]
    fn integer_enums_are_numbers_on_the_wire() {
        let code = schemas("    I: {type: integer, enum: [1, -2]}\n");
        assert!(code.contains("        V1 = 1,\n"), "{code}");
        assert!(code.contains("        VMinus2 = -2,\n"), "{code}");
        assert!(code.contains("        Other(i64),\n"), "{code}");
        assert!(!code.contains("Default"), "no default: {code}");
    }
}
