//! Stage 5: IR to Rust tokens with `quote`. No code is built by concatenating strings; names come
//! from the IR and are only turned into identifiers here.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::ir::{
    Api, Body, Cursor, EnumDef, Field, Limit, Operation, Pagination, Param, ParamIn, ResponseCase,
    Scheme, StructDef, Success, Ty, TypeDef, TypeKind, UnionDef,
};
use crate::naming;

/// Tokens of one spec module.
pub fn module(api: &Api) -> TokenStream {
    let module_doc = docs_inner(&module_doc(api));
    let uses = uses(api);
    let handle = handle(api);
    let types = api.types.iter().map(type_def);
    let builders = api.operations.iter().map(builder);
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
fn ident(name: &str) -> Ident {
    if naming::is_identifier(name) && !naming::is_keyword(name) {
        Ident::new(name, Span::call_site())
    } else {
        format_ident!("invalid_name_{}", name.len())
    }
}

/// `#[doc = "…"]` lines (prettyplease prints them as `///`).
fn docs(text: &str) -> TokenStream {
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

fn docs_inner(text: &str) -> TokenStream {
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
                    visit(extra, &mut needs);
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
fn ty(ty: &Ty) -> TokenStream {
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

fn handle(api: &Api) -> TokenStream {
    let name = ident(&api.handle);
    let doc = docs(&format!(
        "The operations of the {} API. Each method returns a request builder: set optional \
         parameters and the body on it, then `.send().await`, or `.build_request()` to send it \
         with another HTTP stack.",
        api.title
    ));
    let methods = api.operations.iter().map(|op| {
        let method = ident(&op.name);
        let builder = ident(&op.builder);
        let args_params: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
        let args = args_params.iter().map(|p| {
            let name = ident(&p.name);
            let arg_ty = arg_type(&p.ty);
            quote! { #name: #arg_ty }
        });
        let converts = args_params.iter().map(|p| {
            let name = ident(&p.name);
            arg_convert(&name, &p.ty)
        });
        let mut doc = if op.doc.is_empty() {
            format!("`{} {}`", op.method, op.path)
        } else {
            format!("{}\n\n`{} {}`", op.doc, op.method, op.path)
        };
        doc.push_str(&format!(
            "\n\nSee [`builders::{}`] for the optional parameters.",
            op.builder
        ));
        let doc = docs(&doc);
        let deprecated = op
            .deprecated
            .then(|| quote! { #[deprecated = "deprecated by the API"] });
        quote! {
            #doc
            #deprecated
            pub fn #method(&self, #(#args),*) -> builders::#builder {
                builders::#builder::new(self.client.clone(), #(#converts),*)
            }
        }
    });
    let client_doc = docs("Wraps a client. `client.<module>()` does this for you.");
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name {
            client: Client,
        }

        impl #name {
            #client_doc
            pub fn new(client: Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }
    }
}

/// The type a required parameter takes as a method argument.
fn arg_type(t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote! { impl Into<String> },
        Ty::Vec(inner) if **inner == Ty::String => {
            quote! { impl IntoIterator<Item = impl Into<String>> }
        }
        Ty::Vec(inner) => {
            let inner = ty(inner);
            quote! { impl IntoIterator<Item = #inner> }
        }
        other => ty(other),
    }
}

fn arg_convert(name: &Ident, t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote! { #name.into() },
        Ty::Vec(inner) if **inner == Ty::String => {
            quote! { #name.into_iter().map(Into::into).collect() }
        }
        Ty::Vec(_) => quote! { #name.into_iter().collect() },
        _ => quote! { #name },
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let doc = docs(&def.doc);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(def, s, doc),
        TypeKind::Enum(e) => enum_def(def, e, doc),
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

fn field_tokens(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let doc = docs(&field.doc);
    let inner = ty(&field.ty);
    let field_ty = if field.is_option() {
        quote! { Option<#inner> }
    } else {
        inner
    };
    let mut serde_args = Vec::new();
    if field.name != field.json {
        let json = &field.json;
        serde_args.push(quote! { rename = #json });
    }
    if field.ty.is_collection() {
        serde_args.push(quote! { default });
        if field.nullable {
            // `null` arrives as an empty collection.
            serde_args.push(quote! { deserialize_with = "crate::rt::null_as_default" });
        }
        if !field.required {
            let check = if matches!(field.ty, Ty::Vec(_)) {
                "Vec::is_empty"
            } else {
                "BTreeMap::is_empty"
            };
            serde_args.push(quote! { skip_serializing_if = #check });
        }
    } else if field.is_option() {
        serde_args.push(quote! { default });
        if !field.required {
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
        }
    }
    let attr = if serde_args.is_empty() {
        quote! {}
    } else {
        quote! { #[serde(#(#serde_args),*)] }
    };
    quote! {
        #doc
        #attr
        pub #name: #field_ty,
    }
}

fn struct_def(def: &TypeDef, s: &StructDef, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(field_tokens);
    let extra = s.extra.as_ref().map(|extra| {
        let value = ty(extra);
        let extra_name = ident(&extra_field_name(s));
        quote! {
            /// Properties not listed above, as sent.
            #[serde(flatten)]
            pub #extra_name: BTreeMap<String, #value>,
        }
    });
    let defaultable = s
        .fields
        .iter()
        .all(|f| f.is_option() || f.ty.is_collection());
    let default = defaultable.then(|| quote! { Default, });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// The field that keeps `additionalProperties` next to named ones: `extra`, unless taken.
pub fn extra_field_name(s: &StructDef) -> String {
    let mut scope = naming::Scope::with_reserved(s.fields.iter().map(|f| f.name.as_str()));
    scope.claim("extra")
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

fn enum_def(def: &TypeDef, e: &EnumDef, doc: TokenStream) -> TokenStream {
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

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn union_def(def: &TypeDef, u: &UnionDef, doc: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let other = ident(&u.other);
    let variants = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let payload = ty(&v.ty);
        let d = match (&u.tag, &v.tag_value) {
            (Some(tag), Some(value)) => format!("`{tag}` is `{value}`."),
            _ => format!("The value is a `{}`.", surface_ty(&v.ty)),
        };
        let d = docs(&d);
        quote! { #d #vn(#payload), }
    });
    let Some(tag) = &u.tag else {
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
                /// Anything else, kept as JSON.
                #other(Value),
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
            Some(#tag_value) => serde_json::from_value(value).map(Self::#vn).map_err(serde::de::Error::custom),
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
            #other(Value),
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::#other(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(deserializer)?;
                match value.get(#tag).and_then(Value::as_str) {
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
        let status = c.status;
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

fn scheme(s: &Scheme) -> TokenStream {
    match s {
        Scheme::Bearer => quote! { rt::Scheme::Bearer },
        Scheme::ApiKey { name, location } => {
            let location = match location {
                ParamIn::Query | ParamIn::Path => quote! { rt::ApiKeyLocation::Query },
                ParamIn::Header => quote! { rt::ApiKeyLocation::Header },
                ParamIn::Cookie => quote! { rt::ApiKeyLocation::Cookie },
            };
            quote! { rt::Scheme::ApiKey { name: #name, location: #location } }
        }
        Scheme::Unsupported(kind) => quote! { rt::Scheme::Unsupported { kind: #kind } },
    }
}

/// The success type of an operation.
fn success_ty(op: &Operation) -> TokenStream {
    match &op.success {
        Success::Single(case) => ty(&case.ty),
        Success::Several { name, .. } => {
            let name = ident(name);
            quote! { #name }
        }
    }
}

fn decode_case(ty_: &Ty) -> TokenStream {
    match ty_ {
        Ty::Unit => quote! { Ok(()) },
        Ty::Bytes => quote! { Ok(bytes::Bytes::copy_from_slice(response.body())) },
        _ => quote! { response.json() },
    }
}

fn builder(op: &Operation) -> TokenStream {
    let name = ident(&op.builder);
    let static_name = format_ident!(
        "{}",
        heck::ToShoutySnakeCase::to_shouty_snake_case(op.name.as_str())
    );
    let method = format_ident!("{}", op.method);
    let op_name = &op.name;
    let path = &op.path;
    let idempotent = op.idempotent;
    let alternatives = op.security.iter().map(|set| {
        let schemes = set.iter().map(scheme);
        quote! { &[#(#schemes),*] }
    });
    let success = success_ty(op);

    let mut fields = vec![quote! { client: Client, }];
    let mut new_args = vec![quote! { client: Client }];
    let mut new_inits = vec![quote! { client }];
    let mut setters = Vec::new();
    let mut request_lines = Vec::new();
    for p in &op.params {
        let pname = ident(&p.name);
        let pty = ty(&p.ty);
        let api_name = &p.api_name;
        if p.required {
            fields.push(quote! { #pname: #pty, });
            new_args.push(quote! { #pname: #pty });
            new_inits.push(quote! { #pname });
            request_lines.push(param_line(p, quote! { &self.#pname }, api_name));
        } else {
            fields.push(quote! { #pname: Option<#pty>, });
            new_inits.push(quote! { #pname: None });
            let mut doc = p.doc.clone();
            if let Some(default) = p.default.as_ref().filter(|d| !d.is_null()) {
                doc.push_str(&format!("\n\nThe server's default: `{default}`."));
            }
            let doc = docs(&doc);
            let setter = match &p.ty {
                Ty::String => quote! {
                    #doc
                    pub fn #pname(mut self, value: impl Into<String>) -> Self {
                        self.#pname = Some(value.into());
                        self
                    }
                },
                Ty::Vec(inner) if **inner == Ty::String => quote! {
                    #doc
                    pub fn #pname(mut self, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
                        self.#pname = Some(values.into_iter().map(Into::into).collect());
                        self
                    }
                },
                Ty::Vec(inner) => {
                    let inner = ty(inner);
                    quote! {
                        #doc
                        pub fn #pname(mut self, values: impl IntoIterator<Item = #inner>) -> Self {
                            self.#pname = Some(values.into_iter().collect());
                            self
                        }
                    }
                }
                _ => quote! {
                    #doc
                    pub fn #pname(mut self, value: #pty) -> Self {
                        self.#pname = Some(value);
                        self
                    }
                },
            };
            setters.push(setter);
            let line = param_line(p, quote! { value }, api_name);
            request_lines.push(quote! {
                if let Some(value) = &self.#pname {
                    #line
                }
            });
        }
    }
    if let Some(body) = &op.body {
        fields.push(body_field(body));
        new_inits.push(quote! { body: None });
        let bty = ty(&body.ty);
        let doc = docs(&body.doc);
        setters.push(quote! {
            #doc
            pub fn body(mut self, body: #bty) -> Self {
                self.body = Some(body);
                self
            }
        });
        let mut checks = body_checks(body, &static_name);
        if let Some(cap) = cursor_cap_check(op, &static_name, true) {
            checks.extend(cap);
        }
        if body.required {
            request_lines.push(quote! {
                let Some(body) = &self.body else {
                    return Err(rt::missing(&#static_name, "body"));
                };
                #checks
                request.json_body(body)?;
            });
        } else {
            request_lines.push(quote! {
                if let Some(body) = &self.body {
                    #checks
                    request.json_body(body)?;
                }
            });
        }
    }

    if let Some(cap) = cursor_cap_check(op, &static_name, false) {
        request_lines.push(cap);
    }

    let decode_arms = match &op.success {
        Success::Single(case) => {
            let decode = decode_case(&case.ty);
            quote! { 200..=299 => #decode, }
        }
        Success::Several {
            name: enum_name,
            cases,
        } => {
            let enum_name = ident(enum_name);
            let arms = cases.iter().map(|c| {
                let v = ident(&c.variant);
                let status = c.status;
                let pattern = if c.range { quote! { 200..=299 } } else { quote! { #status } };
                match c.ty {
                    Ty::Unit => quote! { #pattern => Ok(#enum_name::#v), },
                    Ty::Bytes => quote! { #pattern => Ok(#enum_name::#v(bytes::Bytes::copy_from_slice(response.body()))), },
                    _ => quote! { #pattern => response.json().map(#enum_name::#v), },
                }
            });
            quote! { #(#arms)* }
        }
    };
    let request_mut = if request_lines.is_empty() {
        quote! {}
    } else {
        quote! { mut }
    };
    let mut doc = if op.doc.is_empty() {
        format!("Builder for `{} {}`.", op.method, op.path)
    } else {
        format!("Builder for `{} {}`: {}", op.method, op.path, op.doc)
    };
    if let Some(error) = &op.error {
        doc.push_str(&format!(
            "\n\nErrors come back as [`crate::Error`]; the API documents its error body as `{}`.",
            surface_ty(error)
        ));
    }
    if op.deprecated {
        doc.push_str("\n\n**Deprecated** by the API.");
    }
    let doc = docs(&doc);
    let stream = op
        .pagination
        .as_ref()
        .map(|p| stream_method(op, p, &static_name));
    let chunked = op
        .chunking
        .as_ref()
        .map(|c| chunked_method(op, c, &static_name));
    quote! {
        static #static_name: rt::Operation = rt::Operation {
            name: #op_name,
            method: rt::Method::#method,
            path: #path,
            security: &[#(#alternatives),*],
            idempotent: #idempotent,
        };

        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until it is sent"]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            pub(crate) fn new(#(#new_args),*) -> Self {
                Self { #(#new_inits),* }
            }

            #(#setters)*

            fn request(&self) -> Result<rt::Request, crate::Error> {
                let #request_mut request = rt::Request::new(&#static_name);
                #(#request_lines)*
                Ok(request)
            }

            /// Builds the HTTP request (URL, credentials, headers and body) without sending it,
            /// for use with any HTTP stack; decode the answer with
            /// [`parse_response`](Self::parse_response).
            pub fn build_request(&self) -> Result<http::Request<Vec<u8>>, crate::Error> {
                rt::to_http(&self.client, self.request()?)
            }

            /// Sends the request and decodes the response.
            pub async fn send(self) -> Result<#success, crate::Error> {
                let response = rt::send(&self.client, self.request()?).await?;
                Self::decode(response)
            }

            /// Decodes a response to a request made with [`build_request`](Self::build_request).
            pub fn parse_response<B: Into<bytes::Bytes>>(response: http::Response<B>) -> Result<#success, crate::Error> {
                Self::decode(rt::Response::from_http(&#static_name, response))
            }

            fn decode(response: rt::Response) -> Result<#success, crate::Error> {
                match response.status() {
                    #decode_arms
                    _ => Err(response.into_error()),
                }
            }

            #stream
            #chunked
        }
    }
}

/// Refuses a cursor at or past `maxResults` before sending (the API would answer 400). `in_body`
/// picks the check for a body cursor (emitted where `body` is bound) or a query cursor.
fn cursor_cap_check(op: &Operation, op_static: &Ident, in_body: bool) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let max = p.max_results?;
    let max_lit = Literal::u64_unsuffixed(max);
    let check = quote! {
        if cursor.parse::<u64>().is_ok_and(|offset| offset >= #max_lit) {
            return Err(rt::invalid(
                &#op_static,
                format!(
                    "the cursor `{cursor}` is past the {} results the API returns for one query; narrow the query instead",
                    #max_lit
                ),
            ));
        }
    };
    match (&p.cursor, in_body) {
        (
            Cursor::Body {
                field,
                optional: true,
            },
            true,
        ) => {
            let field = ident(field);
            Some(quote! {
                if let Some(cursor) = body.#field.as_deref() {
                    #check
                }
            })
        }
        (
            Cursor::Body {
                field,
                optional: false,
            },
            true,
        ) => {
            let field = ident(field);
            Some(quote! {
                let cursor = body.#field.as_str();
                #check
            })
        }
        (Cursor::Query(field), false) => {
            let field = ident(field);
            Some(quote! {
                if let Some(cursor) = self.#field.as_deref() {
                    #check
                }
            })
        }
        _ => None,
    }
}

/// `.stream()`: every item across all pages.
fn stream_method(op: &Operation, p: &Pagination, op_static: &Ident) -> TokenStream {
    let item = ty(&p.item_ty);
    let items = ident(&p.items);
    let set_cursor = match &p.cursor {
        Cursor::Query(field) => {
            let field = ident(field);
            quote! {
                if let Some(cursor) = cursor {
                    page.#field = Some(cursor);
                }
            }
        }
        Cursor::Body { field, optional } => {
            let field = ident(field);
            let value = if *optional {
                quote! { Some(cursor) }
            } else {
                quote! { cursor }
            };
            quote! {
                if let (Some(cursor), Some(body)) = (cursor, page.body.as_mut()) {
                    body.#field = #value;
                }
            }
        }
    };
    // Walk from the body to the cursor, through optional fields with `and_then`/`map`.
    let mut next = quote! { response };
    let mut optional = false;
    for step in &p.next {
        let field = ident(&step.field);
        next = match (optional, step.optional) {
            (false, _) => quote! { #next.#field },
            (true, true) => quote! { #next.and_then(|v| v.#field) },
            (true, false) => quote! { #next.map(|v| v.#field) },
        };
        optional |= step.optional;
    }
    if !optional {
        next = quote! { Some(#next) };
    }
    let max = match p.max_results {
        Some(max) => {
            let max = Literal::u64_unsuffixed(max);
            quote! { Some(#max) }
        }
        None => quote! { None },
    };
    let mut doc = format!(
        "Every item across all pages, as a stream: sends this request, yields its `{}`, and \
         follows `{}` until there is no next page.",
        p.items,
        p.next_json.join(".")
    );
    if let Some(max) = p.max_results {
        doc.push_str(&format!(
            " The API returns at most {max} results for one query: past that the stream ends \
             with [`crate::Error::InvalidRequest`] instead of sending a request the API would refuse."
        ));
    }
    doc.push_str(&format!(
        "\n\nPages are fetched one at a time, when the items of the previous page are consumed. \
         An error ends the stream after it is yielded. (`{} {}`)",
        op.method, op.path
    ));
    let doc = docs(&doc);
    quote! {
        #doc
        pub fn stream(self) -> rt::Paginated<#item> {
            rt::paginate(&#op_static, #max, move |cursor: Option<String>| {
                let mut page = self.clone();
                #set_cursor
                async move {
                    let response = page.send().await?;
                    let next = #next;
                    Ok(rt::Page { items: response.#items, next })
                }
            })
        }
    }
}

/// `.send_chunked()`: a body array larger than `maxItems`, in several requests.
fn chunked_method(op: &Operation, c: &Limit, op_static: &Ident) -> TokenStream {
    let max = Literal::usize_unsuffixed(c.max);
    let success = success_ty(op);
    let doc = docs(&format!(
        "Sends `{json}` in chunks of at most {max} (the API's limit for one request), \
         one request per chunk, in order, and returns one [`rt::Chunk`] per request with the \
         range of `{json}` it carried and its result. Every input is in exactly one chunk, so \
         nothing is dropped: a chunk that failed as a whole keeps its error and its input range, \
         and the following chunks are still sent.\n\nFails before sending anything only when \
         the body is missing.",
        json = c.json
    ));
    let Some(field) = &c.field else {
        // The body itself is the array.
        return quote! {
            #doc
            pub async fn send_chunked(mut self) -> Result<Vec<rt::Chunk<#success>>, crate::Error> {
                let Some(inputs) = self.body.take() else {
                    return Err(rt::missing(&#op_static, "body"));
                };
                let mut chunks = Vec::new();
                for (range, part) in rt::split(inputs, #max) {
                    let result = self.clone().body(part).send().await;
                    chunks.push(rt::Chunk { inputs: range, result });
                }
                Ok(chunks)
            }
        };
    };
    let field = ident(field);
    quote! {
        #doc
        pub async fn send_chunked(mut self) -> Result<Vec<rt::Chunk<#success>>, crate::Error> {
            let Some(mut template) = self.body.take() else {
                return Err(rt::missing(&#op_static, "body"));
            };
            let inputs = std::mem::take(&mut template.#field);
            let mut chunks = Vec::new();
            for (range, part) in rt::split(inputs, #max) {
                let mut body = template.clone();
                body.#field = part;
                let result = self.clone().body(body).send().await;
                chunks.push(rt::Chunk { inputs: range, result });
            }
            Ok(chunks)
        }
    }
}

fn body_field(body: &Body) -> TokenStream {
    let bty = ty(&body.ty);
    quote! { body: Option<#bty>, }
}

/// Checks of the body's `maxItems` limits, so an oversized batch is refused before it is sent.
fn body_checks(body: &Body, op_static: &Ident) -> TokenStream {
    let checks = body.limits.iter().map(|limit| {
        let array = match &limit.field {
            Some(field) => {
                let field = ident(field);
                quote! { body.#field }
            }
            None => quote! { body },
        };
        let json = &limit.json;
        let max = Literal::usize_unsuffixed(limit.max);
        quote! {
            if #array.len() > #max {
                return Err(rt::invalid(
                    &#op_static,
                    format!("`{}` has {} items; the API accepts at most {}", #json, #array.len(), #max),
                ));
            }
        }
    });
    quote! { #(#checks)* }
}

fn param_line(p: &Param, value: TokenStream, api_name: &str) -> TokenStream {
    match (p.location, &p.ty) {
        (ParamIn::Path, _) => quote! { request.path_param(#api_name, #value); },
        (ParamIn::Query, Ty::Vec(_)) => {
            let explode = p.explode;
            quote! { request.query_array(#api_name, #value, #explode); }
        }
        (ParamIn::Query, _) => quote! { request.query(#api_name, #value); },
        (ParamIn::Header, Ty::Vec(_)) => quote! {
            request.header(#api_name, &#value.iter().map(rt::ParamValue::to_param).collect::<Vec<_>>().join(","));
        },
        (ParamIn::Header | ParamIn::Cookie, _) => quote! { request.header(#api_name, #value); },
    }
}

/// A short, readable rendering of a type for docs and the API surface listing.
pub fn surface_ty(t: &Ty) -> String {
    match t {
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F32 => "f32".into(),
        Ty::F64 => "f64".into(),
        Ty::String => "String".into(),
        Ty::DateTime => "DateTime<Utc>".into(),
        Ty::Date => "NaiveDate".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::Json => "Value".into(),
        Ty::JsonObject => "Map<String, Value>".into(),
        Ty::Named(n) => n.clone(),
        Ty::Vec(inner) => format!("Vec<{}>", surface_ty(inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", surface_ty(inner)),
        Ty::Option(inner) => format!("Option<{}>", surface_ty(inner)),
        Ty::Boxed(inner) => format!("Box<{}>", surface_ty(inner)),
        Ty::Unit => "()".into(),
        Ty::Bytes => "Bytes".into(),
    }
}
