use std::collections::BTreeSet;

use crate::naming::{BODY_MEMBERS, BUILDER_MEMBERS, PAGED_MEMBERS};

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: Calls API, version: '1'}\nsecurity: [{oauth: []}]\npaths:\n  /calls/{id}/{kind}:\n    get:\n      operationId: listCalls\n      x-pagination: {cursor: after, next: [paging, after], items: results}\n      parameters:\n        - {name: kind, in: path, required: true, schema: {type: string}}\n        - {name: id, in: path, required: true, schema: {type: integer}}\n        - {name: limit, in: query, schema: {type: integer}}\n        - {name: tag, in: query, required: true, schema: {type: array, items: {type: string}}}\n        - {name: after, in: query, schema: {type: string}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}\n    post:\n      operationId: createCalls\n      parameters:\n        - {name: kind, in: path, required: true, schema: {type: string}}\n        - {name: id, in: path, required: true, schema: {type: integer}}\n      requestBody: {required: true, content: {application/json: {schema: {type: array, maxItems: 2, items: {type: string}}}}}\n      responses:\n        '201': {description: created}\n        '207': {description: some, content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}}\n    put:\n      operationId: replaceCalls\n      security: [{key: []}, {oauth: []}]\n      parameters:\n        - {name: kind, in: path, required: true, schema: {type: string}}\n        - {name: id, in: path, required: true, schema: {type: integer}}\n      requestBody: {content: {application/json: {schema: {type: string}}}}\n      responses: {'204': {description: done}}\ncomponents:\n  securitySchemes:\n    oauth: {type: oauth2, flows: {}}\n    key: {type: apiKey, in: query, name: hapikey}\n  schemas:\n    Page:\n      type: object\n      required: [results]\n      properties:\n        results: {type: array, items: {type: string}}\n        paging: {type: object, properties: {after: {type: string}}}\n";

/// The fields and inherent methods of every builder in `code`, without the parameters'.
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
                syn::Item::Impl(i) if i.trait_.is_none() => {
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

/// A parameter never takes the name of anything else a builder has: the lists parameters are
/// renamed away from hold everything emit defines on a builder besides its parameters.
#[test]
fn the_reserved_lists_hold_every_field_and_method_emit_defines() {
    let code = super::super::tests::code(SPEC);
    let members = builder_members(&code, &["id", "kind", "limit", "tag", "after"]);
    let listed: BTreeSet<&str> = BUILDER_MEMBERS
        .iter()
        .chain(BODY_MEMBERS)
        .chain(PAGED_MEMBERS)
        .copied()
        .collect();
    let missing: Vec<&String> = members
        .iter()
        .filter(|m| !listed.contains(m.as_str()))
        .collect();
    assert!(missing.is_empty(), "add {missing:?} to naming's lists");
    for member in ["ctx", "body"] {
        assert!(members.contains(member), "{member}: {members:?}");
    }
}

#[test]
fn required_values_are_handle_arguments_in_template_then_spec_order_then_the_body() {
    let code = super::super::tests::code(SPEC);
    for expected in [
        "    pub fn list_calls(\n        &self,\n        id: i64,\n        kind: impl Into<String>,\n        \
         tag: impl IntoIterator<Item = impl Into<String>>,\n    ) -> builders::ListCalls {\n        \
         builders::ListCalls {\n            ctx: self.context(),\n            id,\n            kind: kind.into(),\n            \
         tag: tag.into_iter().map(Into::into).collect(),\n            limit: None,\n            after: None,\n        }\n    }\n",
        "    ) -> builders::CreateCalls {\n        builders::CreateCalls {\n            ctx: self.context(),\n            \
         id,\n            kind: kind.into(),\n            body,\n        }\n",
        "        pub(super) ctx: rt::Context,\n        pub(super) id: i64,\n        pub(super) kind: String,\n        \
         pub(super) body: Vec<String>,\n    }\n\n    impl rt::Endpoint for CreateCalls {",
        "request.max_items(\"body\", self.body.len(), 2);\n            request.json_body(&self.body)\n        }",
        "            request.query_opt(\"limit\", self.limit.as_ref());\n            \
         request.query_array(\"tag\", &self.tag, true);\n",
        "pub fn limit(mut self, value: i64) -> Self {",
    ] {
        assert!(code.contains(expected), "{expected}\n{code}");
    }
    assert!(
        !code.contains("Calls API API"),
        "the title says API already: {code}"
    );
}

#[test]
fn setters_are_announced_only_where_there_are_some() {
    let code = super::super::tests::code(SPEC);
    assert!(
        code.contains("/// See [`builders::ListCalls`] for the optional parameters."),
        "{code}"
    );
    assert!(
        code.contains("/// See [`builders::ReplaceCalls`] for the optional parameters."),
        "an optional body is a setter: {code}"
    );
    assert!(
        !code.contains("[`builders::CreateCalls`] for the optional"),
        "{code}"
    );
    assert!(
        code.contains("pub fn body(mut self, body: String) -> Self {"),
        "{code}"
    );
}

#[test]
fn endpoints_name_a_shared_security_constant_and_decode_statuses_without_suffixes() {
    let code = super::super::tests::code(SPEC);
    for expected in [
        "    const BEARER: rt::Security = &[&[rt::Scheme::Bearer]];\n    \
         const KEY_OR_BEARER: rt::Security = &[\n        &[rt::Scheme::query_key(\"hapikey\")],\n",
        "            security: BEARER,\n",
        "            security: KEY_OR_BEARER,\n",
        "                201 => Ok(CreateCallsResponse::Created),\n",
        "                207 => response.json().map(CreateCallsResponse::MultiStatus),\n",
        "            response.unit_on_success()\n",
        "    rt::endpoint_methods!(ReplaceCalls -> ());\n",
    ] {
        assert!(code.contains(expected), "{expected}\n{code}");
    }
    let suffixed = code
        .match_indices("u16")
        .any(|(at, _)| code[..at].ends_with(|c: char| c.is_ascii_digit()));
    assert!(!suffixed, "no `201u16`: {code}");
    assert_eq!(code.matches("rt::Security =").count(), 2, "{code}");
}
