//! Macro invocations printed as the Rust they hold. prettyplease cannot know what a macro's
//! tokens mean, so it prints them one by one (`Vec < u8 >`, `#[doc = " .."]`). Before it runs,
//! [`take`] replaces every item macro whose tokens read as Rust with a placeholder and prints it
//! here:
//!
//! - a `{ .. }` body that parses as items (`rt::open_enum! { /// .. pub enum E { .. } }`) is
//!   printed by prettyplease and indented;
//! - `( .. )` arguments made of types, `->` and commas (`rt::endpoint_methods!(A -> Vec<B>,
//!   paged C)`) are printed with each type as prettyplease prints it;
//! - an item the emitter printed itself (`emit::printed`: structs and enums) stands as
//!   `__hubspot_calling_codegen_printed!(N);` and is text `N` of the emitter's table.
//!
//! [`restore`] puts the printed text where the placeholders are, at their indentation. A macro
//! whose tokens read otherwise is left to prettyplease.

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::emit::printed::PRINTED;
use syn::parse::{ParseStream, Parser};

/// The name of the placeholder macro; `__placeholder!(N);` stands for printed macro `N`.
const PLACEHOLDER: &str = "__hubspot_calling_codegen_macro";

/// Replaces every item macro in `items` (and in inline modules) that can be printed as Rust with
/// a placeholder; returns the printed macros, by placeholder number.
pub(super) fn take(items: &mut [syn::Item], emitted: &[String]) -> Vec<String> {
    let mut printed = Vec::new();
    take_into(items, emitted, &mut printed);
    printed
}

fn take_into(items: &mut [syn::Item], emitted: &[String], printed: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Macro(m) if m.ident.is_none() && m.attrs.is_empty() => {
                if let Some(text) = emitted_text(&m.mac, emitted).or_else(|| print(&m.mac)) {
                    *item = placeholder(printed, text);
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = &mut module.content {
                    take_into(inner, emitted, printed);
                }
            }
            // Methods the emitter printed (the handle's, the builders' setters).
            syn::Item::Impl(block) => {
                for item in &mut block.items {
                    if let syn::ImplItem::Macro(m) = item {
                        if let Some(text) = emitted_text(&m.mac, emitted) {
                            *item = placeholder(printed, text);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// The text the emitter printed for `mac`, when it is one of its placeholders
/// (`__hubspot_calling_codegen_printed!(N)`).
fn emitted_text(mac: &syn::Macro, emitted: &[String]) -> Option<String> {
    if !mac.path.is_ident(PRINTED) {
        return None;
    }
    let number = syn::parse2::<syn::LitInt>(mac.tokens.clone()).ok()?;
    emitted.get(number.base10_parse::<usize>().ok()?).cloned()
}

/// The placeholder (an item or an impl item) that stands for `text`, now in `printed`.
fn placeholder<T: syn::parse::Parse>(printed: &mut Vec<String>, text: String) -> T {
    let number = proc_macro2::Literal::usize_unsuffixed(printed.len());
    let name = proc_macro2::Ident::new(PLACEHOLDER, proc_macro2::Span::call_site());
    printed.push(text);
    syn::parse_quote! { #name!(#number); }
}

/// Puts the printed macros in place of their placeholders in `text`, indented as the
/// placeholder was.
pub(super) fn restore(text: &str, printed: &[String]) -> String {
    if printed.is_empty() {
        return text.to_owned();
    }
    let mut out =
        String::with_capacity(text.len() + printed.iter().map(String::len).sum::<usize>());
    for line in text.lines() {
        let content = line.trim_start();
        let number = content
            .strip_prefix(PLACEHOLDER)
            .and_then(|rest| rest.strip_prefix("!("))
            .and_then(|rest| rest.strip_suffix(");"))
            .and_then(|n| n.parse::<usize>().ok());
        match number.and_then(|n| printed.get(n)) {
            Some(macro_text) => {
                let indent = &line[..line.len() - content.len()];
                for printed_line in macro_text.lines() {
                    if !printed_line.is_empty() {
                        out.push_str(indent);
                        out.push_str(printed_line);
                    }
                    out.push('\n');
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The macro printed as Rust, or `None` when its tokens are not Rust this module prints.
fn print(mac: &syn::Macro) -> Option<String> {
    let path = mac.path.to_token_stream().to_string().replace(' ', "");
    match mac.delimiter {
        syn::MacroDelimiter::Brace(_) => {
            let body: syn::File = syn::parse2(mac.tokens.clone()).ok()?;
            let inner = prettyplease::unparse(&body);
            let mut text = format!("{path}! {{\n");
            for line in inner.lines() {
                if !line.is_empty() {
                    text.push_str("    ");
                    text.push_str(line);
                }
                text.push('\n');
            }
            text.push_str("}\n");
            Some(text)
        }
        syn::MacroDelimiter::Paren(_) => {
            let args = type_arguments(mac.tokens.clone())?;
            Some(format!("{path}!({args});\n"))
        }
        syn::MacroDelimiter::Bracket(_) => None,
    }
}

/// Arguments that are a sequence of types, `->` and commas, printed: types as prettyplease
/// prints them, `->` between spaces, a space after a comma and between two types.
fn type_arguments(tokens: TokenStream) -> Option<String> {
    let parser = |input: ParseStream| -> syn::Result<String> {
        let mut out = String::new();
        let mut after_type = false;
        while !input.is_empty() {
            if input.peek(syn::Token![->]) {
                input.parse::<syn::Token![->]>()?;
                out.push_str(" -> ");
                after_type = false;
            } else if input.peek(syn::Token![,]) {
                input.parse::<syn::Token![,]>()?;
                out.push_str(", ");
                after_type = false;
            } else {
                let ty: syn::Type = input.parse()?;
                if after_type {
                    out.push(' ');
                }
                out.push_str(&print_type(&ty).ok_or_else(|| input.error("type"))?);
                after_type = true;
            }
        }
        Ok(out.trim_end().to_owned())
    };
    parser.parse2(tokens).ok()
}

/// A type as prettyplease prints it, when it fits on one line.
fn print_type(ty: &syn::Type) -> Option<String> {
    let file: syn::File = syn::parse_quote! { type T = #ty; };
    let text = prettyplease::unparse(&file);
    let printed = text.strip_prefix("type T = ")?.strip_suffix(";\n")?;
    (!printed.contains('\n')).then(|| printed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(tokens: TokenStream) -> Option<String> {
        let item: syn::ItemMacro = syn::parse2(tokens).unwrap_or_else(|e| panic!("{e}"));
        print(&item.mac)
    }

    #[test]
    fn type_arguments_read_as_types() {
        assert_eq!(
            printed(
                quote::quote! { rt::endpoint_methods!(A -> BTreeMap<String, Vec<u8>>, paged Call); }
            )
            .as_deref(),
            Some("rt::endpoint_methods!(A -> BTreeMap<String, Vec<u8>>, paged Call);\n")
        );
        assert_eq!(
            printed(quote::quote! { rt::endpoint_methods!(A -> ()); }).as_deref(),
            Some("rt::endpoint_methods!(A -> ());\n")
        );
        assert_eq!(
            printed(quote::quote! { m!(a + 1); }),
            None,
            "not types: left to prettyplease"
        );
    }

    #[test]
    fn item_bodies_are_printed_by_prettyplease_and_put_back_in_place() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod inner {
                rt::open_enum! {
                    #[doc = " Docs."]
                    pub enum E { #[doc = " `A`"] A = "A", #[default] B = "B", Other(String), }
                }
            }
            m! { not rust at all ~ }
        };
        let printed = take(&mut file.items, &[]);
        assert_eq!(printed.len(), 1);
        let text = restore(&prettyplease::unparse(&file), &printed);
        assert_eq!(
            text,
            "pub mod inner {\n    rt::open_enum! {\n        /// Docs.\n        pub enum E {\n            \
             /// `A`\n            A = \"A\",\n            #[default]\n            B = \"B\",\n            \
             Other(String),\n        }\n    }\n}\nm! {\n    not rust at all ~\n}\n"
        );
    }
}
