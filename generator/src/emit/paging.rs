//! Paging and batches: `.stream()` follows the cursor `x-pagination` describes, page by page;
//! `.send_chunked()` splits a body array the API limits with `maxItems`; and the checks that
//! refuse an oversized body or a cursor past `maxResults` before anything is sent.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::builders::success_ty;
use super::docs::docs;
use super::{ident, ty};
use crate::ir::{Body, Cursor, Limit, Operation, Pagination};

/// Refuses a cursor at or past `maxResults` before sending (the API would answer 400). `in_body`
/// picks the check for a body cursor (emitted where `body` is bound) or a query cursor.
pub(super) fn cursor_cap_check(
    op: &Operation,
    op_static: &Ident,
    in_body: bool,
) -> Option<TokenStream> {
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
pub(super) fn stream_method(op: &Operation, p: &Pagination, op_static: &Ident) -> TokenStream {
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
pub(super) fn chunked_method(op: &Operation, c: &Limit, op_static: &Ident) -> TokenStream {
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

/// Checks of the body's `maxItems` limits, so an oversized batch is refused before it is sent.
pub(super) fn body_checks(body: &Body, op_static: &Ident) -> TokenStream {
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

#[cfg(test)]
mod tests {
    use super::super::tests::code;

    fn spec(list_extension: &str, body_max: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /search:\n    post:\n      operationId: search\n{list_extension}      requestBody: {{required: true, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Query'}}}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Page'}}}}}}}}\ncomponents:\n  schemas:\n    Query:\n      type: object\n      required: [ids]\n      properties:\n        after: {{type: string}}\n        ids: {{type: array, {body_max} items: {{type: string}}}}\n    Page:\n      type: object\n      required: [results]\n      properties:\n        results: {{type: array, items: {{type: string}}}}\n        paging: {{type: object, properties: {{next: {{type: object, required: [after], properties: {{after: {{type: string}}}}}}}}}}\n"
        )
    }

    #[test]
    fn a_body_cursor_streams_and_stops_at_max_results() {
        let code = code(&spec(
            "      x-pagination: {cursor: after, next: [paging, next, after], items: results, maxResults: 100}\n",
            "",
        ));
        assert!(
            code.contains("pub fn stream(self) -> rt::Paginated<String> {"),
            "{code}"
        );
        assert!(
            code.contains("rt::paginate(\n                &SEARCH,\n                Some(100),"),
            "{code}"
        );
        assert!(code.contains("body.after = Some(cursor);"), "{code}");
        assert!(
            code.contains("let next = response.paging.and_then(|v| v.next).map(|v| v.after);"),
            "{code}"
        );
        assert!(
            code.contains("if let Some(cursor) = body.after.as_deref() {"),
            "the cursor is refused past maxResults before sending: {code}"
        );
        assert!(!code.contains("send_chunked"), "{code}");
    }

    #[test]
    fn one_limited_body_array_is_checked_and_chunked() {
        let code = code(&spec("", "maxItems: 100,"));
        assert!(!code.contains("pub fn stream"), "{code}");
        assert!(code.contains("if body.ids.len() > 100 {"), "{code}");
        assert!(
            code.contains("let inputs = std::mem::take(&mut template.ids);"),
            "{code}"
        );
        assert!(
            code.contains("for (range, part) in rt::split(inputs, 100) {"),
            "{code}"
        );
    }
}
