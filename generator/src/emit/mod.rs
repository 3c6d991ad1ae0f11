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

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use proc_macro2::{Delimiter, Spacing, TokenTree};

    use super::*;
    use crate::ir::testing;

    /// The formatted module generated from `yaml`.
    pub(crate) fn code(yaml: &str) -> String {
        let api = testing::api(yaml).unwrap_or_else(|e| panic!("{e}"));
        crate::format::format(module(&api), "test.yaml").unwrap_or_else(|e| panic!("{e}"))
    }

    /// Every name the IR generated: types, variants, the handle, builders and statics.
    fn generated_names(api: &Api) -> BTreeSet<String> {
        let mut names: BTreeSet<String> = [api.handle.clone()].into();
        for t in &api.types {
            names.insert(t.name.clone());
            match &t.kind {
                TypeKind::Enum(e) => {
                    names.extend(e.variants.iter().map(|(v, _)| v.clone()));
                    names.insert(e.other.clone());
                }
                TypeKind::Union(u) => {
                    names.extend(u.variants.iter().map(|v| v.name.clone()));
                    names.insert(u.other.clone());
                }
                TypeKind::Responses(cases) => {
                    names.extend(cases.iter().map(|c| c.variant.clone()));
                }
                _ => {}
            }
        }
        for op in &api.operations {
            names.insert(op.builder.clone());
            names.insert(op.static_name.clone());
        }
        names
    }

    /// The upper-case names `tokens` use without a path (`Vec`, `Client`, not `rt::Request` or
    /// `.Ok`), including the paths in serde attributes (`skip_serializing_if = "Vec::is_empty"`).
    fn unqualified_names(tokens: TokenStream, out: &mut BTreeSet<String>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            let previous = &trees[..i];
            let after_path = matches!(
                previous,
                [.., TokenTree::Punct(a), TokenTree::Punct(b)]
                    if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
            );
            let after_dot =
                matches!(previous.last(), Some(TokenTree::Punct(p)) if p.as_char() == '.');
            // `Item = T` in `IntoIterator<Item = T>`, `type Err = ...`: the name of an
            // associated type, not a path.
            let binding = matches!(
                trees.get(i + 1),
                Some(TokenTree::Punct(p)) if p.as_char() == '=' && p.spacing() == Spacing::Alone
            );
            match tree {
                TokenTree::Group(group) => {
                    let attribute = group.delimiter() == Delimiter::Bracket
                        && matches!(previous.last(), Some(TokenTree::Punct(p)) if matches!(p.as_char(), '#' | '!'));
                    if attribute {
                        serde_attribute_paths(group.stream(), out);
                    } else {
                        unqualified_names(group.stream(), out);
                    }
                }
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    let upper = name.starts_with(|c: char| c.is_ascii_uppercase());
                    if upper && !after_path && !after_dot && !binding {
                        out.insert(name);
                    }
                }
                _ => {}
            }
        }
    }

    fn serde_attribute_paths(attribute: TokenStream, out: &mut BTreeSet<String>) {
        let mut trees = attribute.into_iter();
        if !matches!(trees.next(), Some(TokenTree::Ident(i)) if i == "serde") {
            return;
        }
        fn strings(tokens: TokenStream, out: &mut BTreeSet<String>) {
            for tree in tokens {
                match tree {
                    TokenTree::Group(g) => strings(g.stream(), out),
                    TokenTree::Literal(lit) => {
                        let text = lit.to_string();
                        if let Some((first, _)) = text.trim_matches('"').split_once("::") {
                            if first.starts_with(|c: char| c.is_ascii_uppercase()) {
                                out.insert(first.to_string());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        strings(trees.collect(), out);
    }

    /// The list of names generated types must not take is complete: every name a generated
    /// module uses without a path, for every fixture, is in it or is a name the IR generated
    /// (whose collisions the IR avoids).
    #[test]
    fn module_items_lists_every_unqualified_name_generated_code_uses() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut checked = 0;
        for entry in std::fs::read_dir(&fixtures).into_iter().flatten().flatten() {
            for spec in ["spec.yaml", "spec.json"].map(|f| entry.path().join(f)) {
                let Ok(text) = std::fs::read_to_string(&spec) else {
                    continue;
                };
                let document =
                    crate::load::Document::parse(&spec, &text).unwrap_or_else(|e| panic!("{e}"));
                let mut value = document.value;
                crate::normalize::normalize(&document.source, &mut value)
                    .unwrap_or_else(|e| panic!("{e}"));
                let parsed = crate::normalize::parse(&document.source, &value)
                    .unwrap_or_else(|e| panic!("{e}"));
                let api = crate::ir::build(&document.source, "fixture", &parsed)
                    .unwrap_or_else(|e| panic!("{e}"));
                let mut used = BTreeSet::new();
                unqualified_names(module(&api), &mut used);
                let generated = generated_names(&api);
                let unknown: Vec<&String> = used
                    .iter()
                    .filter(|n| !naming::is_module_item(n) && !generated.contains(*n))
                    .filter(|n| !["S", "D", "B"].contains(&n.as_str()))
                    .collect();
                assert!(
                    unknown.is_empty(),
                    "{}: generated code uses {unknown:?} without a path; add them to \
                     naming::MODULE_ITEMS",
                    spec.display()
                );
                checked += 1;
            }
        }
        assert!(
            checked > 10,
            "only {checked} fixtures in {}",
            fixtures.display()
        );
    }

    #[test]
    fn the_walk_sees_names_in_code_and_serde_attributes_only() {
        let tokens = quote! {
            #[derive(Debug, Clone)]
            #[doc = "See [`Other::thing`]."]
            #[serde(skip_serializing_if = "Vec::is_empty", with = "crate::rt::x")]
            pub struct Name { field: Option<rt::Request>, other: std::String }
            fn f(v: impl IntoIterator<Item = u8>) { x.Method(); Some(1) }
        };
        let mut used = BTreeSet::new();
        unqualified_names(tokens, &mut used);
        let used: Vec<&str> = used.iter().map(String::as_str).collect();
        assert_eq!(used, ["IntoIterator", "Name", "Option", "Some", "Vec"]);
    }

    #[test]
    fn imports_follow_what_the_module_uses() {
        let only_strings = code(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {a: {type: string}}}\n",
        );
        assert!(
            only_strings.contains("use serde::{Deserialize, Serialize};\nuse crate::Client;"),
            "{only_strings}"
        );
        assert!(!only_strings.contains("chrono") && !only_strings.contains("BTreeMap"));
        assert!(
            !only_strings.contains("pub mod builders"),
            "no operations, no builders"
        );
        let everything = code(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {a: {type: string, format: date-time}, b: {type: string, format: date}, c: {type: string, format: uuid}, d: {type: object}, e: {type: object, additionalProperties: {type: string}}}}\n",
        );
        for import in [
            "use std::collections::BTreeMap;",
            "use chrono::{DateTime, NaiveDate, Utc};",
            "use serde_json::{Map, Value};",
            "use uuid::Uuid;",
        ] {
            assert!(everything.contains(import), "{import}: {everything}");
        }
    }

    #[test]
    fn the_index_declares_modules_and_client_accessors() {
        let api = testing::api("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let index =
            crate::format::format(index(&[api]), "specs/").unwrap_or_else(|e| panic!("{e}"));
        assert!(index.contains("pub mod test;"), "{index}");
        assert!(
            index.contains(
                "pub fn test(&self) -> test::TestApi {\n        test::TestApi::new(self.clone())"
            ),
            "{index}"
        );
    }
}
