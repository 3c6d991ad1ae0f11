//! Stage 5: IR to Rust tokens with `quote`. No code is built by concatenating strings; every
//! name comes from the IR and is only turned into an identifier here. One file per construct:
//! `types` (structs, unions, aliases, response enums), `enums` (forward-compatible enums),
//! `builders` (the handle and the request builders), `paging` (`.stream()` and
//! `.send_chunked()`), `docs` (doc attributes). This file emits the module around them: its
//! docs, its imports and the `builders` module, and the index (`mod.rs`).

mod builders;
mod docs;
mod enums;
mod paging;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, Operation, Success, Ty, TypeKind};
use crate::naming;
use docs::{docs, docs_inner};

pub fn module(api: &Api) -> TokenStream {
    let module_doc = docs_inner(&module_doc(api));
    let uses = uses(api);
    let handle = builders::handle(api);
    let types = api.types.iter().map(types::type_def);
    let builders = api.operations.iter().map(builders::builder);
    let builders_doc = docs_inner(&format!(
        "Request builders of the {} API, one per operation. Get one from [`super::{}`].",
        api.title, api.handle
    ));
    let glob = api
        .operations
        .iter()
        .any(uses_module_items)
        .then(|| quote! { use super::*; });
    let builders_mod = if api.operations.is_empty() {
        quote! {}
    } else {
        quote! {
            pub mod builders {
                #builders_doc
                #glob
                use crate::{rt, Client};

                #(#builders)*
            }
        }
    };
    quote! {
        #module_doc
        #uses
        #handle
        #(#types)*
        #builders_mod
    }
}

/// Does the builder of `op` name anything imported or defined in the spec module?
fn uses_module_items(op: &Operation) -> bool {
    fn named(t: &Ty) -> bool {
        match t {
            Ty::Vec(inner) | Ty::Option(inner) | Ty::Boxed(inner) => named(inner),
            Ty::Named(_)
            | Ty::Map(_)
            | Ty::DateTime
            | Ty::Date
            | Ty::Uuid
            | Ty::Json
            | Ty::JsonObject => true,
            _ => false,
        }
    }
    let success = match &op.success {
        Success::Single(case) => named(&case.ty),
        Success::Several { .. } => true,
    };
    success
        || op.params.iter().any(|p| named(&p.ty))
        || op.body.as_ref().is_some_and(|b| named(&b.ty))
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
            "The {} API: one method per operation of `{}`.",
            api.title, api.spec_file
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

fn module_doc(api: &Api) -> String {
    let mut doc = format!("{} (version {}).", api.title, api.version);
    if let Some(description) = &api.description {
        let text = crate_doc(description);
        if !text.is_empty() {
            doc.push_str("\n\n");
            doc.push_str(&text);
        }
    }
    if api.accessor {
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

/// What the module needs to import, found by walking every type it mentions.
#[derive(Default)]
struct Needs {
    map: bool,
    date_time: bool,
    date: bool,
    uuid: bool,
    json: bool,
    json_map: bool,
    serde: bool,
}

fn visit(ty: &Ty, needs: &mut Needs) {
    match ty {
        Ty::DateTime => needs.date_time = true,
        Ty::Date => needs.date = true,
        Ty::Uuid => needs.uuid = true,
        Ty::Json => needs.json = true,
        Ty::JsonObject => {
            needs.json = true;
            needs.json_map = true;
        }
        Ty::Map(inner) => {
            needs.map = true;
            visit(inner, needs);
        }
        Ty::Vec(inner) | Ty::Option(inner) | Ty::Boxed(inner) => visit(inner, needs),
        _ => {}
    }
}

fn uses(api: &Api) -> TokenStream {
    let mut needs = Needs::default();
    for t in &api.types {
        match &t.kind {
            TypeKind::Struct(s) => {
                needs.serde = true;
                s.fields.iter().for_each(|f| visit(&f.ty, &mut needs));
                if let Some(extra) = &s.extra {
                    needs.map = true;
                    visit(&extra.ty, &mut needs);
                }
            }
            TypeKind::Enum(_) => needs.serde = true,
            TypeKind::Union(u) => {
                needs.serde = true;
                needs.json = true;
                u.variants.iter().for_each(|v| visit(&v.ty, &mut needs));
            }
            TypeKind::Alias(ty) => visit(ty, &mut needs),
            TypeKind::Newtype(ty) => {
                needs.serde = true;
                visit(ty, &mut needs);
            }
            TypeKind::Responses(cases) => cases.iter().for_each(|c| visit(&c.ty, &mut needs)),
        }
    }
    for op in &api.operations {
        op.params.iter().for_each(|p| visit(&p.ty, &mut needs));
        if let Some(body) = &op.body {
            visit(&body.ty, &mut needs);
        }
        if let Success::Single(case) = &op.success {
            visit(&case.ty, &mut needs);
        }
    }
    let mut out = Vec::new();
    if needs.map {
        out.push(quote! { use std::collections::BTreeMap; });
    }
    match (needs.date_time, needs.date) {
        (true, true) => out.push(quote! { use chrono::{DateTime, NaiveDate, Utc}; }),
        (true, false) => out.push(quote! { use chrono::{DateTime, Utc}; }),
        (false, true) => out.push(quote! { use chrono::NaiveDate; }),
        (false, false) => {}
    }
    if needs.serde {
        out.push(quote! { use serde::{Deserialize, Serialize}; });
    }
    match (needs.json, needs.json_map) {
        (true, true) => out.push(quote! { use serde_json::{Map, Value}; }),
        (true, false) => out.push(quote! { use serde_json::Value; }),
        _ => {}
    }
    if needs.uuid {
        out.push(quote! { use uuid::Uuid; });
    }
    out.push(quote! { use crate::Client; });
    quote! { #(#out)* }
}

/// The Rust type for `ty`.
pub(super) fn ty(ty: &Ty) -> TokenStream {
    match ty {
        Ty::Bool => quote! { bool },
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        Ty::F32 => quote! { f32 },
        Ty::F64 => quote! { f64 },
        Ty::String => quote! { String },
        Ty::DateTime => quote! { DateTime<Utc> },
        Ty::Date => quote! { NaiveDate },
        Ty::Uuid => quote! { Uuid },
        Ty::Json => quote! { Value },
        Ty::JsonObject => quote! { Map<String, Value> },
        Ty::Named(name) => {
            let name = ident(name);
            quote! { #name }
        }
        Ty::Vec(inner) => {
            let inner = self::ty(inner);
            quote! { Vec<#inner> }
        }
        Ty::Map(inner) => {
            let inner = self::ty(inner);
            quote! { BTreeMap<String, #inner> }
        }
        Ty::Option(inner) => {
            let inner = self::ty(inner);
            quote! { Option<#inner> }
        }
        Ty::Boxed(inner) => {
            let inner = self::ty(inner);
            quote! { Box<#inner> }
        }
        Ty::Unit => quote! { () },
        Ty::Bytes => quote! { bytes::Bytes },
    }
}
