//! Doc attributes: `#[doc = "..."]` lines, which prettyplease prints as `///` (and `//!` for
//! inner ones; `format` wraps them), and the wording several items share.

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

/// How docs name an API: its title, with " API" unless the title already says so ("Calls API",
/// not "Calls API API").
pub(super) fn api_name(title: &str) -> String {
    let title = title.trim();
    let last = title.rsplit(' ').next().unwrap_or("");
    if last.eq_ignore_ascii_case("api") || last.eq_ignore_ascii_case("apis") {
        title.to_owned()
    } else {
        format!("{title} API")
    }
}

/// The first paragraph of a doc text (the spec's summary, usually).
pub(super) fn summary(doc: &str) -> &str {
    doc.split("\n\n").next().unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_names_do_not_double_the_word() {
        assert_eq!(
            api_name("HubSpot CRM Engagement Calls API"),
            "HubSpot CRM Engagement Calls API"
        );
        assert_eq!(
            api_name("CRM Calling Extensions"),
            "CRM Calling Extensions API"
        );
        assert_eq!(api_name("Rapid api"), "Rapid api");
        assert_eq!(api_name("Therapist"), "Therapist API");
    }

    #[test]
    fn the_summary_is_the_first_paragraph() {
        assert_eq!(summary("Read a call\n\nMore text."), "Read a call");
        assert_eq!(summary("One line\nand another"), "One line\nand another");
        assert_eq!(summary(""), "");
    }
}
