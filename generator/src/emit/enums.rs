//! Forward-compatible enums: a variant per listed value and one that keeps any other value as
//! sent, with `as_str`/`value`, `From`, `Display`, serde and query-parameter conversions written
//! out (no derive could keep unknown values).

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::docs::docs;
use super::ident;
use crate::ir::{EnumDef, TypeDef};

pub(super) fn enum_def(def: &TypeDef, e: &EnumDef, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let other = ident(&e.other);
    let variants = e.variants.iter().map(|(v, value)| {
        let v = ident(v);
        let d = docs(&format!("`{}`", value_text(value)));
        quote! { #d #v, }
    });
    let (other_ty, other_doc) = if e.integer {
        (
            quote! { i64 },
            "A value this version of the crate does not know, kept as sent.",
        )
    } else {
        (
            quote! { String },
            "A value this version of the crate does not know, kept as sent.",
        )
    };
    let other_doc = docs(other_doc);
    let default_impl = e.default.and_then(|i| e.variants.get(i)).map(|(v, value)| {
        let v = ident(v);
        let d = docs(&format!("The spec's default, `{}`.", value_text(value)));
        quote! {
            impl Default for #name {
                #d
                fn default() -> Self {
                    Self::#v
                }
            }
        }
    });
    let arms_to: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|(v, value)| {
            let v = ident(v);
            let lit = literal(value);
            quote! { Self::#v => #lit, }
        })
        .collect();
    let arms_from: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|(v, value)| {
            let v = ident(v);
            let lit = literal(value);
            quote! { #lit => Self::#v, }
        })
        .collect();
    let body = if e.integer {
        quote! {
            impl #name {
                /// The value as sent on the wire.
                pub fn value(&self) -> i64 {
                    match self {
                        #(#arms_to)*
                        Self::#other(value) => *value,
                    }
                }
            }

            impl From<i64> for #name {
                fn from(value: i64) -> Self {
                    match value {
                        #(#arms_from)*
                        other => Self::#other(other),
                    }
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "{}", self.value())
                }
            }

            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    i64::deserialize(deserializer).map(Self::from)
                }
            }

            impl crate::rt::ParamValue for #name {
                fn to_param(&self) -> String {
                    self.value().to_string()
                }
            }
        }
    } else {
        quote! {
            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#arms_to)*
                        Self::#other(value) => value,
                    }
                }
            }

            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#arms_from)*
                        other => Self::#other(other.to_string()),
                    }
                }
            }

            impl std::str::FromStr for #name {
                type Err = std::convert::Infallible;

                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                    Ok(Self::from(value.as_ref()))
                }
            }

            impl crate::rt::ParamValue for #name {
                fn to_param(&self) -> String {
                    self.as_str().to_string()
                }
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(#other_ty),
        }

        #default_impl
        #body
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

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
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
    fn string_enums_keep_unknown_values_and_have_their_default() {
        let code = schemas("    S: {type: string, enum: [a-b, c], default: c}\n");
        assert!(code.contains("    AB,\n"), "{code}");
        assert!(code.contains("    Other(String),\n"), "{code}");
        assert!(
            code.contains("            \"a-b\" => Self::AB,\n"),
            "{code}"
        );
        assert!(
            code.contains("            other => Self::Other(other.to_string()),\n"),
            "{code}"
        );
        assert!(code.contains("impl Default for S {"), "{code}");
        assert!(code.contains("impl std::str::FromStr for S {"), "{code}");
    }

    #[test]
    fn integer_enums_are_numbers_on_the_wire() {
        let code = schemas("    I: {type: integer, enum: [1, 2]}\n");
        assert!(code.contains("    Other(i64),\n"), "{code}");
        assert!(
            code.contains("serializer.serialize_i64(self.value())"),
            "{code}"
        );
        assert!(code.contains("impl From<i64> for I {"), "{code}");
        assert!(!code.contains("impl Default for I"), "no default: {code}");
    }
}
