//! Stage 5: IR to Rust tokens with `quote`. No code is built by concatenating strings; every
//! name comes from the IR and is only turned into an identifier here. One file per construct:
//! `types` (structs, unions, aliases, response enums), `enums` (forward-compatible enums),
//! `builders` (the handle, the security constants and the request builders), `paging`
//! (`rt::CursorPaged`, `rt::Chunked` and the checks before sending), `docs` (doc attributes and
//! the wording shared by several items). This file emits the module around them: its docs, its
//! imports and the `builders` module, and the index (`mod.rs`).
//!
//! Generated code names its runtime through one path ([`Options::runtime`], imported as `rt`)
//! and everything else through it (`rt::chrono::DateTime<rt::chrono::Utc>`,
//! `rt::serde_json::Value`): the module imports only `rt`, `serde`'s derives and `BTreeMap`.

mod bodies;
mod builders;
mod docs;
mod enums;
mod paging;
pub(crate) mod printed;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, Ty, TypeKind};
use crate::naming;
use docs::{api_name, docs, docs_inner};

/// How a module is emitted, besides what the spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The path generated code imports as `rt` (`::hubspot_calling::rt`); the generator checks
    /// that it is a Rust path.
    pub runtime: String,
    /// Whether the index gives `crate::Client` a `client.<module>()` accessor (its docs say
    /// how to get the handle).
    pub accessor: bool,
    /// Whether the module is wrapped in `pub mod <name> { .. }`, for `include!` (a file included
    /// so cannot have inner docs of its own).
    pub wrapped: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime: crate::DEFAULT_RUNTIME_PATH.to_owned(),
            accessor: true,
            wrapped: false,
        }
    }
}

/// The module of `api`: its tokens, and its structs and enums printed.
pub fn module(api: &Api, options: &Options) -> printed::Emitted {
    let mut table = printed::Table::default();
    let top = if options.wrapped { 4 } else { 0 };
    table.column = top;
    let module_doc = module_doc(api, options);
    let uses = uses(api, &options.runtime);
    table.column = top + 4;
    let handle = builders::handle(api, options, &mut table);
    table.column = top;
    let types: Vec<TokenStream> = api
        .types
        .iter()
        .map(|t| types::type_def(t, &mut table))
        .collect();
    let builders_mod = if api.operations.is_empty() {
        quote! {}
    } else {
        let builders_doc = docs_inner(&format!(
            "Request builders of the {}, one per operation. Get one from [`super::{}`].",
            api_name(&api.title),
            api.handle
        ));
        let security = builders::security_consts(api);
        table.column = top + 4;
        let builders: Vec<TokenStream> = api
            .operations
            .iter()
            .map(|op| builders::builder(op, &mut table))
            .collect();
        quote! {
            pub mod builders {
                #builders_doc
                use super::*;
                #security
                #(#builders)*
            }
        }
    };
    let tokens = if options.wrapped {
        let name = ident(&api.module);
        let doc = docs_inner(&module_doc);
        quote! {
            pub mod #name {
                #doc
                #uses
                #handle
                #(#types)*
                #builders_mod
            }
        }
    } else {
        let doc = docs_inner(&module_doc);
        quote! {
            #doc
            #uses
            #handle
            #(#types)*
            #builders_mod
        }
    };
    printed::Emitted {
        tokens,
        printed: table.into_texts(),
    }
}

/// Tokens of the index module: one `pub mod` per spec and the `Client` accessors.
pub fn index(apis: &[Api]) -> TokenStream {
    let mods = apis.iter().map(|api| {
        let m = ident(&api.module);
        let doc = docs(&format!("{} ({}).", api.title, api.spec_file));
        quote! { #doc pub mod #m; }
    });
    let accessors = apis.iter().map(|api| {
        let m = ident(&api.module);
        let h = ident(&api.handle);
        let doc = docs(&format!(
            "The {}: one method per operation of `{}`.",
            api_name(&api.title),
            api.spec_file
        ));
        quote! {
            #doc
            pub fn #m(&self) -> #m::#h {
                #m::#h::new(self.clone())
            }
        }
    });
    quote! {
        #(#mods)*

        impl crate::Client {
            #(#accessors)*
        }
    }
}

fn module_doc(api: &Api, options: &Options) -> String {
    let mut doc = format!("{} (version {}).", api.title, api.version);
    if let Some(description) = &api.description {
        let text = crate_doc(description);
        if !text.is_empty() {
            doc.push_str("\n\n");
            doc.push_str(&text);
        }
    }
    if options.accessor {
        doc.push_str(&format!(
            "\n\nStart from `{}`: `client.{}()` returns one.",
            api.handle, api.module
        ));
    } else {
        doc.push_str(&format!(
            "\n\nStart from `{}`: `{}::new(client)`.",
            api.handle, api.handle
        ));
    }
    doc
}

fn crate_doc(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Turns a name the IR decided into an identifier. The IR only produces valid identifiers; the
/// fallback keeps this stage panic-free should that ever change.
pub(super) fn ident(name: &str) -> Ident {
    if naming::is_identifier(name) && !naming::is_keyword(name) {
        Ident::new(name, Span::call_site())
    } else {
        format_ident!("invalid_name_{}", name.len())
    }
}

/// The module's imports: the runtime as `rt`, and what is named without a path: `BTreeMap` for
/// maps and serde's traits for the derives.
fn uses(api: &Api, runtime: &str) -> TokenStream {
    fn map(ty: &Ty) -> bool {
        match ty {
            Ty::Map(_) => true,
            Ty::Vec(inner) | Ty::Option(inner) | Ty::Boxed(inner) => map(inner),
            _ => false,
        }
    }
    let mut maps = false;
    let mut serde = false;
    for t in &api.types {
        match &t.kind {
            TypeKind::Struct(s) => {
                serde = true;
                maps |= s.extra.is_some() || s.fields.iter().any(|f| map(&f.ty));
            }
            TypeKind::Union(u) => {
                serde = true;
                maps |= u.variants.iter().any(|v| map(&v.ty));
            }
            TypeKind::Newtype(ty) => {
                serde = true;
                maps |= map(ty);
            }
            TypeKind::Alias(ty) => maps |= map(ty),
            TypeKind::Responses(cases) => maps |= cases.iter().any(|c| map(&c.ty)),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &api.operations {
        maps |= op.params.iter().any(|p| map(&p.ty));
        maps |= op.body.as_ref().is_some_and(|b| map(&b.ty));
        if let crate::ir::Success::Single(case) = &op.success {
            maps |= map(&case.ty);
        }
    }
    let map_use = maps.then(|| quote! { use std::collections::BTreeMap; });
    let runtime: syn::Path =
        syn::parse_str(runtime).unwrap_or_else(|_| syn::parse_quote!(::hubspot_calling::rt));
    let runtime_use = match runtime.segments.last() {
        Some(last) if last.ident == naming::RUNTIME => quote! { use #runtime; },
        _ => {
            let rt = ident(naming::RUNTIME);
            quote! { use #runtime as #rt; }
        }
    };
    let serde_use = serde.then(|| quote! { use serde::{Deserialize, Serialize}; });
    quote! {
        #map_use
        #runtime_use
        #serde_use
    }
}

/// The Rust type for `ty`.
pub(super) fn ty(ty: &Ty) -> TokenStream {
    printed::Shape::of(ty).tokens()
}

#[cfg(test)]
pub(crate) mod tests;
