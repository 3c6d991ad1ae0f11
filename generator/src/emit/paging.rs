//! Paging and batches against the runtime's traits: `impl rt::CursorPaged` for an operation
//! whose `x-pagination` says where the cursor goes and comes back, `impl rt::Chunked` for a body
//! array the API limits with `maxItems`, and the `encode` lines that refuse an oversized body or
//! a cursor past `maxResults` before anything is sent (`request.max_items`,
//! `request.result_cap`). The streams and chunk loops themselves are the runtime's.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::builders::success_ty;
use super::{ident, ty};
use crate::ir::{Body, Cursor, Limit, Operation, Pagination};

/// `request.result_cap(..)` in `encode`, for an operation whose results the API caps: for a
/// query cursor when `body` is `None`, for a body cursor when `body` is the body expression.
pub(super) fn cursor_cap(op: &Operation, body: Option<&TokenStream>) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let max = Literal::u64_unsuffixed(p.max_results?);
    let cursor = match (&p.cursor, body) {
        (Cursor::Query(field), None) => {
            let field = ident(field);
            quote! { self.#field.as_deref() }
        }
        (Cursor::Body { field, optional }, Some(body)) => {
            let field = ident(field);
            if *optional {
                quote! { #body.#field.as_deref() }
            } else {
                quote! { Some(#body.#field.as_str()) }
            }
        }
        _ => return None,
    };
    Some(quote! { request.result_cap(#cursor, #max); })
}

/// `request.max_items(..)` for each array of the body (`body` is its expression) the API limits.
pub(super) fn body_checks(body: &Body, expr: &TokenStream) -> TokenStream {
    let checks = body.limits.iter().map(|limit| {
        let array = match &limit.field {
            Some(field) => {
                let field = ident(field);
                quote! { #expr.#field }
            }
            None => quote! { #expr },
        };
        let json = &limit.json;
        let max = Literal::usize_unsuffixed(limit.max);
        quote! { request.max_items(#json, #array.len(), #max); }
    });
    quote! { #(#checks)* }
}

/// `impl rt::CursorPaged`: where the cursor goes, and the items and next cursor of a page.
pub(super) fn cursor_paged(op: &Operation, p: &Pagination) -> TokenStream {
    let name = ident(&op.builder);
    let output = success_ty(op);
    let item = ty(&p.item_ty);
    let items = ident(&p.items);
    let body_optional = op.body.as_ref().is_some_and(|b| !b.required);
    let set_cursor = match &p.cursor {
        Cursor::Query(field) => {
            let field = ident(field);
            quote! { self.#field = Some(cursor); }
        }
        Cursor::Body { field, optional } => {
            let field = ident(field);
            let value = if *optional {
                quote! { Some(cursor) }
            } else {
                quote! { cursor }
            };
            if body_optional {
                quote! {
                    if let Some(body) = &mut self.body {
                        body.#field = #value;
                    }
                }
            } else {
                quote! { self.body.#field = #value; }
            }
        }
    };
    // Walk from the output to the cursor, through optional fields with `and_then`/`map`.
    let mut next = quote! { output };
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
    let max = p.max_results.map(|max| {
        let max = Literal::u64_unsuffixed(max);
        quote! { const MAX_RESULTS: Option<u64> = Some(#max); }
    });
    quote! {
        impl rt::CursorPaged for #name {
            type Item = #item;
            #max

            fn set_cursor(&mut self, cursor: String) {
                #set_cursor
            }

            fn page(output: #output) -> rt::Page<#item> {
                rt::Page::new(output.#items, #next)
            }
        }
    }
}

/// `impl rt::Chunked` for the body's limited array, when its item type is known.
pub(super) fn chunked(op: &Operation, limit: &Limit) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let input = ty(limit.item.as_ref()?);
    let name = ident(&op.builder);
    let max = Literal::usize_unsuffixed(limit.max);
    let (take, set) = match (&limit.field, body.required) {
        (Some(field), true) => {
            let field = ident(field);
            (
                quote! { std::mem::take(&mut self.body.#field) },
                quote! { self.body.#field = inputs; },
            )
        }
        (None, true) => (
            quote! { std::mem::take(&mut self.body) },
            quote! { self.body = inputs; },
        ),
        (Some(field), false) => {
            let field = ident(field);
            (
                quote! {
                    self.body
                        .as_mut()
                        .map(|body| std::mem::take(&mut body.#field))
                        .unwrap_or_default()
                },
                quote! {
                    if let Some(body) = &mut self.body {
                        body.#field = inputs;
                    }
                },
            )
        }
        (None, false) => (
            quote! { self.body.take().unwrap_or_default() },
            quote! { self.body = Some(inputs); },
        ),
    };
    Some(quote! {
        impl rt::Chunked for #name {
            type Input = #input;
            const MAX_INPUTS: usize = #max;

            fn take_inputs(&mut self) -> Vec<#input> {
                #take
            }

            fn set_inputs(&mut self, inputs: Vec<#input>) {
                #set
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::code;

    fn spec(list_extension: &str, body_max: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /search:\n    post:\n      operationId: search\n{list_extension}      requestBody: {{required: true, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Query'}}}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}\ncomponents:\n  schemas:\n    Query:\n      type: object\n      required: [ids]\n      properties:\n        after: {{type: string}}\n        ids: {{type: array, {body_max} items: {{type: string}}}}\n    Page:\n      type: object\n      required: [results]\n      properties:\n        results: {{type: array, items: {{type: string}}}}\n        paging: {{type: object, properties: {{next: {{type: object, required: [after], properties: {{after: {{type: string}}}}}}}}}}\n"
        )
    }

    #[test]
    fn a_body_cursor_pages_and_stops_at_max_results() {
        let code = code(&spec(
            "      x-pagination: {cursor: after, next: [paging, next, after], items: results, maxResults: 100}\n",
            "",
        ));
        for expected in [
            "impl rt::CursorPaged for Search {\n        type Item = String;\n        const MAX_RESULTS: Option<u64> = Some(100);\n",
            "self.body.after = Some(cursor);",
            "rt::Page::new(\n                output.results,\n                output.paging.and_then(|v| v.next).map(|v| v.after),\n            )",
            "request.result_cap(self.body.after.as_deref(), 100);",
            "rt::endpoint_methods!(Search -> Page, paged String);",
        ] {
            assert!(code.contains(expected), "{expected}: {code}");
        }
        assert!(!code.contains("rt::Chunked"), "{code}");
    }

    #[test]
    fn one_limited_body_array_is_checked_and_chunked() {
        let code = code(&spec("", "maxItems: 100,"));
        for expected in [
            "request.max_items(\"ids\", self.body.ids.len(), 100);",
            "impl rt::Chunked for Search {\n        type Input = String;\n        const MAX_INPUTS: usize = 100;\n",
            "std::mem::take(&mut self.body.ids)",
            "rt::endpoint_methods!(Search -> Page, chunked);",
        ] {
            assert!(code.contains(expected), "{expected}: {code}");
        }
        assert!(!code.contains("rt::CursorPaged"), "{code}");
    }
}
