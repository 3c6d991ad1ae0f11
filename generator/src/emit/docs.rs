//! Doc attributes: `#[doc = "..."]` lines, which prettyplease prints as `///` (and `//!` for
//! inner ones).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` lines (prettyplease prints them as `///`).
pub(super) fn docs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

pub(super) fn docs_inner(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let line = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #![doc = #line] }
    });
    quote! { #(#lines)* }
}
