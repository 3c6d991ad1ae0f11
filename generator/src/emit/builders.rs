//! The per-spec handle (one method per operation; required parameters and a required body are
//! its arguments), one `rt::Security` constant per distinct set of credentials, and the request
//! builders against the runtime's ABI: a struct with its `ctx`, required values and optional
//! parameters (setters), `impl rt::Endpoint` (the operation, `encode`, `decode`) and
//! `rt::endpoint_methods!` for `send`, `build_request`, `parse_response` and the `with_*`
//! options. Paging and batches are in `paging.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::bodies;
use super::docs::{api_name, docs, summary};
use super::paging::{body_checks, chunked, cursor_cap, cursor_paged};
use super::printed::{Printer, Shape, Table};
use super::{ident, ty, Options};
use crate::ir::{
    Api, ObjectStyle, Operation, Param, ParamEncoding, ParamIn, ResponseCase, Scheme, Success, Ty,
};

/// Clippy's `too_many_arguments` threshold: a handle method with more required values says it
/// has that many on purpose.
const MANY_ARGUMENTS: usize = 7;

pub(super) fn handle(api: &Api, options: &Options, table: &mut Table) -> TokenStream {
    let name = ident(&api.handle);
    let doc = docs(&format!(
        "The operations of the {}. Each method takes the operation's required values and \
         returns a request builder: set optional parameters on it, then `.send().await`, or \
         `.build_request()` to send it with another HTTP stack.",
        api_name(&api.title)
    ));
    let new_doc = if options.accessor {
        format!(
            "Wraps a client. `client.{}()` does this for you.",
            api.module
        )
    } else {
        "Wraps a client.".to_owned()
    };
    let new_doc = docs(&new_doc);
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| handle_method(op, table))
        .collect();
    let context = (!api.operations.is_empty()).then(|| {
        quote! {
            fn context(&self) -> rt::Context {
                rt::Context::new(self.client.clone())
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name {
            client: rt::Client,
        }

        impl #name {
            #new_doc
            pub fn new(client: rt::Client) -> Self {
                Self { client }
            }

            #context

            #(#methods)*
        }
    }
}

/// The required parameters of `op`, in the order they are arguments.
fn required(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required)
}

/// Does `op`'s builder have setters (optional parameters or an optional body)?
fn has_setters(op: &Operation) -> bool {
    op.params.iter().any(|p| !p.required) || op.body.as_ref().is_some_and(|b| !b.required)
}

/// The required body of `op`, if it has one.
fn required_body(op: &Operation) -> Option<&Ty> {
    op.body.as_ref().filter(|b| b.required).map(|b| &b.ty)
}

fn arguments(op: &Operation) -> usize {
    required(op).count() + usize::from(required_body(op).is_some())
}

/// The handle's method for `op`: printed into `table` when it is of the usual shape (every
/// line fits once the signature is broken), else as tokens.
fn handle_method(op: &Operation, table: &mut Table) -> TokenStream {
    let args: Vec<(String, String)> = required(op)
        .map(|p| (ident(&p.name).to_string(), arg_type_text(&p.ty)))
        .chain(
            op.body
                .as_ref()
                .filter(|b| b.required)
                .map(|b| ("body".to_string(), Shape::of(&b.ty).flat())),
        )
        .collect();
    let mut fields: Vec<String> = vec!["ctx: self.context()".to_string()];
    fields.extend(required(op).map(|p| arg_field_text(&ident(&p.name).to_string(), &p.ty)));
    if let Some(body) = &op.body {
        fields.push(if body.required { "body" } else { "body: None" }.to_string());
    }
    fields.extend(
        op.params
            .iter()
            .filter(|p| !p.required)
            .map(|p| format!("{}: None", ident(&p.name))),
    );
    let route = format!("`{} {}`", op.method, op.path);
    let mut doc = if op.doc.is_empty() {
        route
    } else {
        format!("{}\n\n{route}", op.doc)
    };
    if has_setters(op) {
        doc.push_str(&format!(
            "\n\nSee [`builders::{}`] for the optional parameters.",
            op.builder
        ));
    }
    let mut attributes = Vec::new();
    if op.deprecated {
        attributes.push("#[deprecated = \"deprecated by the API\"]");
    }
    if arguments(op) > MANY_ARGUMENTS - 1 {
        attributes.push("#[allow(clippy::too_many_arguments)]");
    }
    let method = ident(&op.name).to_string();
    let builder = ident(&op.builder).to_string();
    let mut p = Printer::at(table.column);
    p.docs(0, &doc);
    for attribute in &attributes {
        p.line(0, attribute);
    }
    let params: Vec<String> = std::iter::once("&self".to_string())
        .chain(args.iter().map(|(name, ty)| format!("{name}: {ty}")))
        .collect();
    let tail = format!(" -> builders::{builder} {{");
    let whole = format!("pub fn {method}({}){tail}", params.join(", "));
    if !p.line_fits(0, &whole) {
        if !params
            .iter()
            .all(|param| p.line_fits(4, &format!("{param},")))
            || !p.line_fits(0, &format!("){tail}"))
        {
            return method_tokens(op, &doc, &attributes);
        }
        p.line(0, &format!("pub fn {method}("));
        for param in &params {
            p.line(4, &format!("{param},"));
        }
        p.line(0, &format!("){tail}"));
    } else {
        p.line(0, &whole);
    }
    p.line(4, &format!("builders::{builder} {{"));
    for field in &fields {
        if !p.line_fits(8, &format!("{field},")) {
            return method_tokens(op, &doc, &attributes);
        }
        p.line(8, &format!("{field},"));
    }
    p.line(4, "}");
    p.line(0, "}");
    table.placeholder(p.finish())
}

/// [`handle_method`] as tokens, for prettyplease to lay out.
fn method_tokens(op: &Operation, doc: &str, attributes: &[&str]) -> TokenStream {
    let method = ident(&op.name);
    let builder = ident(&op.builder);
    let mut args: Vec<TokenStream> = required(op)
        .map(|p| {
            let name = ident(&p.name);
            let arg_ty = arg_type(&p.ty);
            quote! { #name: #arg_ty }
        })
        .collect();
    let mut fields: Vec<TokenStream> = vec![quote! { ctx: self.context() }];
    fields.extend(required(op).map(|p| arg_field(&ident(&p.name), &p.ty)));
    if let Some(body) = &op.body {
        if body.required {
            let body = ty(&body.ty);
            args.push(quote! { body: #body });
            fields.push(quote! { body });
        } else {
            fields.push(quote! { body: None });
        }
    }
    fields.extend(op.params.iter().filter(|p| !p.required).map(|p| {
        let name = ident(&p.name);
        quote! { #name: None }
    }));
    let doc = docs(doc);
    let attributes = attributes
        .iter()
        .filter_map(|a| a.parse::<TokenStream>().ok());
    quote! {
        #doc
        #(#attributes)*
        pub fn #method(&self, #(#args),*) -> builders::#builder {
            builders::#builder { #(#fields),* }
        }
    }
}

/// [`arg_type`] as text.
fn arg_type_text(t: &Ty) -> String {
    match t {
        Ty::String => "impl Into<String>".to_string(),
        Ty::Vec(inner) if **inner == Ty::String => {
            "impl IntoIterator<Item = impl Into<String>>".to_string()
        }
        Ty::Vec(inner) => format!("impl IntoIterator<Item = {}>", Shape::of(inner).flat()),
        other => Shape::of(other).flat(),
    }
}

/// [`arg_field`] as text.
fn arg_field_text(name: &str, t: &Ty) -> String {
    match t {
        Ty::String => format!("{name}: {name}.into()"),
        Ty::Vec(inner) if **inner == Ty::String => {
            format!("{name}: {name}.into_iter().map(Into::into).collect()")
        }
        Ty::Vec(_) => format!("{name}: {name}.into_iter().collect()"),
        _ => name.to_string(),
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

/// The builder field of a required parameter, from the handle method's argument.
fn arg_field(name: &proc_macro2::Ident, t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote! { #name: #name.into() },
        Ty::Vec(inner) if **inner == Ty::String => {
            quote! { #name: #name.into_iter().map(Into::into).collect() }
        }
        Ty::Vec(_) => quote! { #name: #name.into_iter().collect() },
        _ => quote! { #name },
    }
}

/// One `rt::Security` constant per distinct set of credential alternatives.
pub(super) fn security_consts(api: &Api) -> TokenStream {
    let consts = api.security.iter().map(|c| {
        let name = ident(&c.name);
        let alternatives = c.alternatives.iter().map(|set| {
            let schemes = set.iter().map(scheme);
            quote! { &[#(#schemes),*] }
        });
        quote! { const #name: rt::Security = &[#(#alternatives),*]; }
    });
    quote! { #(#consts)* }
}

fn scheme(s: &Scheme) -> TokenStream {
    match s {
        Scheme::Bearer => quote! { rt::Scheme::Bearer },
        Scheme::ApiKey { name, location } => match location {
            ParamIn::Query | ParamIn::Path => quote! { rt::Scheme::query_key(#name) },
            ParamIn::Header => quote! { rt::Scheme::header_key(#name) },
            ParamIn::Cookie => quote! { rt::Scheme::cookie_key(#name) },
        },
        Scheme::Unsupported(kind) => quote! { rt::Scheme::Unsupported { kind: #kind } },
    }
}

/// The success type of an operation.
pub(super) fn success_ty(op: &Operation) -> TokenStream {
    match &op.success {
        Success::Single(case) => ty(&case.ty),
        Success::Several { name, .. } => {
            let name = ident(name);
            quote! { #name }
        }
    }
}

/// The builder of `op`. The handle constructs it (its fields are visible to the spec module):
/// `ctx`, the required values, the body, the optional parameters (unset).
pub(super) fn builder(op: &Operation, table: &mut Table) -> TokenStream {
    let name = ident(&op.builder);
    let success = success_ty(op);
    let mut fields = vec![("ctx".to_string(), Shape::Path("rt::Context"))];
    for p in required(op) {
        fields.push((ident(&p.name).to_string(), Shape::of(&p.ty)));
    }
    let mut setters = Vec::new();
    if let Some(body) = &op.body {
        let bty = ty(&body.ty);
        if body.required {
            fields.push(("body".to_string(), Shape::of(&body.ty)));
        } else {
            fields.push(("body".to_string(), Shape::of(&body.ty).optional()));
            let signature = format!("body: {}", Shape::of(&body.ty).flat());
            let text = setter_text(table, &body.doc, "body", &signature, "Some(body)");
            setters.push(text.unwrap_or_else(|| {
                let doc = docs(&body.doc);
                quote! {
                    #doc
                    pub fn body(mut self, body: #bty) -> Self {
                        self.body = Some(body);
                        self
                    }
                }
            }));
        }
    }
    for p in op.params.iter().filter(|p| !p.required) {
        fields.push((ident(&p.name).to_string(), Shape::of(&p.ty).optional()));
        setters.push(setter(p, table));
    }
    let setters = (!setters.is_empty()).then(|| {
        quote! {
            impl #name {
                #(#setters)*
            }
        }
    });

    let route = format!("`{} {}`", op.method, op.path);
    let mut doc = match summary(&op.doc) {
        "" => route,
        summary => format!("{route}: {summary}"),
    };
    if op.deprecated {
        doc.push_str("\n\n**Deprecated** by the API.");
    }
    let mut p = Printer::at(table.column);
    p.docs(0, &doc);
    p.line(0, "#[derive(Debug, Clone)]");
    p.line(
        0,
        "#[must_use = \"a request builder does nothing until it is sent\"]",
    );
    p.line(0, &format!("pub struct {name} {{"));
    for (field, shape) in &fields {
        p.typed(4, &format!("pub(super) {field}: "), shape, ",");
    }
    p.line(0, "}");
    let definition = table.placeholder(p.finish());
    let endpoint = endpoint_impl(op);
    let paged = op.pagination.as_ref().map(|p| cursor_paged(op, p));
    // A paged operation's body is not split into chunks (its cursor is in one request).
    let chunks = op
        .chunking
        .as_ref()
        .filter(|_| op.pagination.is_none())
        .and_then(|c| chunked(op, c));
    let methods = match (&op.pagination, &chunks) {
        (Some(p), _) => {
            let item = ty(&p.item_ty);
            quote! { rt::endpoint_methods!(#name -> #success, paged #item); }
        }
        (None, Some(_)) => quote! { rt::endpoint_methods!(#name -> #success, chunked); },
        (None, None) => quote! { rt::endpoint_methods!(#name -> #success); },
    };
    quote! {
        #definition
        #setters
        #endpoint
        #paged
        #chunks
        #methods
    }
}

/// A setter printed into `table` (`pub fn <name>(mut self, <argument>) -> Self`, setting
/// `self.<name> = <value>;`), or `None` when a line would not fit and prettyplease should lay
/// it out.
fn setter_text(
    table: &mut Table,
    doc: &str,
    name: &str,
    argument: &str,
    value: &str,
) -> Option<TokenStream> {
    // Inside the builder's `impl` block.
    let mut p = Printer::at(table.column + 4);
    let signature = format!("pub fn {name}(mut self, {argument}) -> Self {{");
    let assignment = format!("self.{name} = {value};");
    if !p.line_fits(0, &signature) || !p.line_fits(4, &assignment) {
        return None;
    }
    p.docs(0, doc);
    p.line(0, &signature);
    p.line(4, &assignment);
    p.line(4, "self");
    p.line(0, "}");
    Some(table.placeholder(p.finish()))
}

fn setter(p: &Param, table: &mut Table) -> TokenStream {
    let name = ident(&p.name);
    let mut doc = p.doc.clone();
    if let Some(default) = p.default.as_ref().filter(|d| !d.is_null()) {
        doc.push_str(&format!("\n\nThe server's default: `{default}`."));
    }
    let (argument, value) = match &p.ty {
        Ty::String => ("value: impl Into<String>".to_string(), "Some(value.into())"),
        Ty::Vec(inner) if **inner == Ty::String => (
            "values: impl IntoIterator<Item = impl Into<String>>".to_string(),
            "Some(values.into_iter().map(Into::into).collect())",
        ),
        Ty::Vec(inner) => (
            format!(
                "values: impl IntoIterator<Item = {}>",
                Shape::of(inner).flat()
            ),
            "Some(values.into_iter().collect())",
        ),
        other => (format!("value: {}", Shape::of(other).flat()), "Some(value)"),
    };
    if let Some(text) = setter_text(table, &doc, &name.to_string(), &argument, value) {
        return text;
    }
    let doc = docs(&doc);
    match &p.ty {
        Ty::String => quote! {
            #doc
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }
        },
        Ty::Vec(inner) if **inner == Ty::String => quote! {
            #doc
            pub fn #name(mut self, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
                self.#name = Some(values.into_iter().map(Into::into).collect());
                self
            }
        },
        Ty::Vec(inner) => {
            let inner = ty(inner);
            quote! {
                #doc
                pub fn #name(mut self, values: impl IntoIterator<Item = #inner>) -> Self {
                    self.#name = Some(values.into_iter().collect());
                    self
                }
            }
        }
        other => {
            let pty = ty(other);
            quote! {
                #doc
                pub fn #name(mut self, value: #pty) -> Self {
                    self.#name = Some(value);
                    self
                }
            }
        }
    }
}

/// `impl rt::Endpoint`: the operation, the parameters and body into the request, the response
/// into the output.
fn endpoint_impl(op: &Operation) -> TokenStream {
    let name = ident(&op.builder);
    let success = success_ty(op);
    let op_name = &op.name;
    let method = format_ident!("{}", op.method);
    let path = &op.path;
    let security = ident(&op.security_const);
    let idempotent = op.idempotent;
    let encode = encode(op);
    let decode = decode(op);
    quote! {
        impl rt::Endpoint for #name {
            type Output = #success;
            const OPERATION: &'static rt::Operation = &rt::Operation {
                name: #op_name,
                method: rt::Method::#method,
                path: #path,
                security: #security,
                idempotent: #idempotent,
            };

            #encode

            fn decode(response: rt::Response) -> rt::Result<#success> {
                #decode
            }
        }
    }
}

/// `fn encode`, or nothing when the operation sends no parameters and no body (the trait's
/// default).
fn encode(op: &Operation) -> Option<TokenStream> {
    let mut lines = Vec::new();
    // First, so that a header parameter the spec names `Accept` replaces it.
    if let Some(accept) = &op.accept {
        lines.push(quote! { request.accept(#accept); });
    }
    for p in &op.params {
        let api_name = &p.api_name;
        let field = ident(&p.name);
        if p.required {
            lines.push(param_line(p, quote! { &self.#field }, api_name));
        } else {
            lines.push(optional_param_line(p, &field, api_name));
        }
    }
    if let Some(cap) = cursor_cap(op, None) {
        lines.push(cap);
    }
    let tail = match &op.body {
        Some(body) if body.required => {
            let body_expr = quote! { self.body };
            lines.push(body_checks(body, &body_expr));
            if let Some(cap) = cursor_cap(op, Some(&body_expr)) {
                lines.push(cap);
            }
            bodies::send(body, &quote! { &self.body })
        }
        Some(body) => {
            let body_expr = quote! { body };
            let checks = body_checks(body, &body_expr);
            let cap = cursor_cap(op, Some(&body_expr));
            let send = bodies::send(body, &quote! { body });
            lines.push(quote! {
                if let Some(body) = &self.body {
                    #checks
                    #cap
                    #send?;
                }
            });
            quote! { Ok(()) }
        }
        None if lines.is_empty() => return None,
        None => quote! { Ok(()) },
    };
    Some(quote! {
        fn encode(&self, request: &mut rt::Request) -> rt::Result<()> {
            #(#lines)*
            #tail
        }
    })
}

fn param_line(p: &Param, value: TokenStream, api_name: &str) -> TokenStream {
    match p.encoding {
        ParamEncoding::Object(style) => {
            let style = match style {
                ObjectStyle::FormExploded => quote! { FormExploded },
                ObjectStyle::Form => quote! { Form },
                ObjectStyle::DeepObject => quote! { DeepObject },
            };
            return quote! { request.query_object(#api_name, #value, rt::ObjectStyle::#style); };
        }
        ParamEncoding::Json => return quote! { request.query_json(#api_name, #value); },
        ParamEncoding::Plain => {}
    }
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
        (ParamIn::Header, _) => quote! { request.header(#api_name, #value); },
        (ParamIn::Cookie, _) => quote! { request.cookie(#api_name, #value); },
    }
}

fn optional_param_line(p: &Param, field: &proc_macro2::Ident, api_name: &str) -> TokenStream {
    if p.encoding != ParamEncoding::Plain {
        let line = param_line(p, quote! { value }, api_name);
        return quote! {
            if let Some(value) = &self.#field {
                #line
            }
        };
    }
    match (p.location, &p.ty) {
        (ParamIn::Query, Ty::Vec(_)) => {
            let explode = p.explode;
            quote! { request.query_array_opt(#api_name, self.#field.as_deref(), #explode); }
        }
        (ParamIn::Query, _) => quote! { request.query_opt(#api_name, self.#field.as_ref()); },
        (ParamIn::Header | ParamIn::Cookie, Ty::Vec(_)) | (ParamIn::Path, _) => {
            let line = param_line(p, quote! { value }, api_name);
            quote! {
                if let Some(value) = &self.#field {
                    #line
                }
            }
        }
        (ParamIn::Header, _) => quote! { request.header_opt(#api_name, self.#field.as_ref()); },
        (ParamIn::Cookie, _) => quote! { request.cookie_opt(#api_name, self.#field.as_ref()); },
    }
}

/// The body of `fn decode`.
fn decode(op: &Operation) -> TokenStream {
    // The media types an answer that is not JSON is offered in (an HTML page among them is
    // the file; otherwise the runtime refuses it).
    let offered = |case: &ResponseCase| {
        let media = &case.media;
        quote! { &[#(#media),*] }
    };
    match &op.success {
        Success::Single(case) => match case.ty {
            Ty::String if case.text => {
                let offered = offered(case);
                quote! { response.text_on_success(#offered) }
            }
            Ty::Unit => quote! { response.unit_on_success() },
            Ty::Bytes => {
                let offered = offered(case);
                quote! { response.bytes_on_success(#offered) }
            }
            _ => quote! { response.json_on_success() },
        },
        Success::Several { name, cases } => {
            let name = ident(name);
            let arms = cases.iter().map(|c| {
                let variant = ident(&c.variant);
                let status = Literal::u16_unsuffixed(c.status);
                let pattern = if c.range {
                    quote! { 200..=299 }
                } else {
                    quote! { #status }
                };
                let media = offered(c);
                match c.ty {
                    Ty::String if c.text => {
                        quote! { #pattern => response.text(#media).map(#name::#variant), }
                    }
                    Ty::Unit => quote! { #pattern => Ok(#name::#variant), },
                    Ty::Bytes => {
                        quote! { #pattern => response.bytes(#media).map(#name::#variant), }
                    }
                    _ => quote! { #pattern => response.json().map(#name::#variant), },
                }
            });
            quote! {
                match response.status() {
                    #(#arms)*
                    _ => Err(response.into_error()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
