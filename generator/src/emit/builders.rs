//! The per-spec handle (one method per operation, required parameters as arguments) and the
//! request builders: optional parameters as setters, the body, `build_request`, `send`,
//! `parse_response`, and the static describing the operation to the runtime.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::docs;
use super::paging::{body_checks, chunked_method, cursor_cap_check, stream_method};
use super::{ident, ty};
use crate::ir::{Api, Body, Operation, Param, ParamIn, Scheme, Success, Ty};

pub(super) fn handle(api: &Api) -> TokenStream {
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
pub(super) fn success_ty(op: &Operation) -> TokenStream {
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

pub(super) fn builder(op: &Operation) -> TokenStream {
    let name = ident(&op.builder);
    let static_name = ident(&op.static_name);
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
            error
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

fn body_field(body: &Body) -> TokenStream {
    let bty = ty(&body.ty);
    quote! { body: Option<#bty>, }
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::naming::BUILDER_MEMBERS;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /calls/{id}:\n    get:\n      operationId: listCalls\n      x-pagination: {cursor: after, next: [paging, after], items: results}\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: limit, in: query, schema: {type: integer}}\n        - {name: after, in: query, schema: {type: string}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}\n    post:\n      operationId: createCalls\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      requestBody: {required: true, content: {application/json: {schema: {type: array, maxItems: 2, items: {type: string}}}}}\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    Page:\n      type: object\n      required: [results]\n      properties:\n        results: {type: array, items: {type: string}}\n        paging: {type: object, properties: {after: {type: string}}}\n";

    /// The fields and methods of every builder in `code`, without the parameters'.
    fn builder_members(code: &str, params: &[&str]) -> BTreeSet<String> {
        let file: syn::File = syn::parse_str(code).unwrap_or_else(|e| panic!("{e}"));
        let mut members = BTreeSet::new();
        for item in &file.items {
            let syn::Item::Mod(module) = item else {
                continue;
            };
            for item in module.content.iter().flat_map(|(_, items)| items) {
                match item {
                    syn::Item::Struct(s) => members.extend(
                        s.fields
                            .iter()
                            .filter_map(|f| f.ident.as_ref().map(|i| i.to_string())),
                    ),
                    syn::Item::Impl(i) => {
                        members.extend(i.items.iter().filter_map(|item| match item {
                            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                            _ => None,
                        }))
                    }
                    _ => {}
                }
            }
        }
        members.retain(|m| !params.contains(&m.as_str()));
        members
    }

    /// A parameter never takes the name of anything else a builder has: the list parameters are
    /// renamed away from is everything emit defines on a builder.
    #[test]
    fn builder_members_lists_every_field_and_method_of_a_builder() {
        let code = super::super::tests::code(SPEC);
        let members = builder_members(&code, &["id", "limit", "after"]);
        let listed: BTreeSet<String> = BUILDER_MEMBERS.iter().map(|m| m.to_string()).collect();
        let missing: Vec<&String> = members.difference(&listed).collect();
        assert!(
            missing.is_empty(),
            "add {missing:?} to naming::BUILDER_MEMBERS"
        );
        for member in [
            "body",
            "stream",
            "send_chunked",
            "send",
            "decode",
            "request",
        ] {
            assert!(members.contains(member), "{member}: {members:?}");
        }
    }

    #[test]
    fn required_parameters_are_handle_arguments_and_optional_ones_setters() {
        let code = super::super::tests::code(SPEC);
        assert!(
            code.contains(
                "pub fn list_calls(&self, id: impl Into<String>) -> builders::ListCalls {"
            ),
            "{code}"
        );
        assert!(
            code.contains("pub fn limit(mut self, value: i64) -> Self {"),
            "{code}"
        );
        assert!(
            code.contains("return Err(rt::missing(&CREATE_CALLS, \"body\"));"),
            "a required body is checked: {code}"
        );
        assert!(code.contains("request.query(\"limit\", value);"), "{code}");
    }
}
