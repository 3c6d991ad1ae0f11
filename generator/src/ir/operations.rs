//! Operations: one per method of every path item, named from `x-rust-name`, the operationId or
//! the method and path; their parameters (path parameters first, in template order, checked
//! against the template; each one is built in `params.rs`) and the credentials they accept.
//! Bodies and responses are in `bodies.rs`, the extensions in `extensions.rs`. An operation that
//! offers its body in several kinds of media type is one method per kind: its name for the
//! first (JSON first), `<name>_as_<kind>` for each other (`create_note_as_form`).

use std::collections::BTreeMap;

use openapiv3::{APIKeyLocation, Parameter, ReferenceOr, SecurityScheme};

use super::bodies::BodyKind;
use super::docs::doc_text;
use super::extensions::{chunking, PAGINATION, RUST_NAME};
use super::{Body, BodyMedia, Builder, Operation, Param, ParamIn, Scheme};
use crate::error::Result;
use crate::naming;
use crate::pointer::join;

impl Builder<'_> {
    /// Every operation, sorted by method name. Names come from `naming::operation_names`,
    /// which sees every operation of the spec at once.
    pub(super) fn build_operations(&mut self) -> Result<Vec<Operation>> {
        let mut found = Vec::new();
        for (path, item) in self.spec.paths.iter() {
            let item_pointer = join("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    return Err(self.err(
                        &join(&item_pointer, "$ref"),
                        format!(
                            "path item $ref `{reference}` is not supported: inline the path item"
                        ),
                    ))
                }
            };
            for (method, op) in item.iter() {
                let op_pointer = join(&item_pointer, method);
                let explicit = self.method_rust_name(&op.extensions, &op_pointer)?;
                found.push((path, item, method, op, op_pointer, explicit));
            }
        }
        let mut explicit_names: BTreeMap<&str, &str> = BTreeMap::new();
        for (_, _, _, _, pointer, explicit) in &found {
            let Some(name) = explicit else { continue };
            if let Some(first) = explicit_names.insert(name, pointer) {
                return Err(self.err(
                    &join(pointer, RUST_NAME),
                    format!("{RUST_NAME} `{name}` is also the name of #{first}; choose another"),
                ));
            }
        }
        let keys: Vec<naming::OperationKey<'_>> = found
            .iter()
            .map(|(path, _, method, op, _, explicit)| naming::OperationKey {
                method,
                path,
                operation_id: op.operation_id.as_deref(),
                explicit: explicit.as_deref(),
            })
            .collect();
        let names = naming::operation_names(&keys);
        // The methods that send a body in another media type are named after their operation,
        // away from every operation's own name.
        let mut taken = naming::Scope::with_reserved(names.iter().map(String::as_str));
        let mut ops = Vec::new();
        for ((path, item, method, op, pointer, _), name) in found.iter().zip(names.iter()) {
            let shared = &item.parameters;
            let at = Place {
                method,
                path,
                shared,
                pointer,
            };
            ops.extend(self.operation(name.clone(), &at, op, &mut taken)?);
        }
        ops.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ops)
    }

    /// The operation `name` at `at`, and one more per other kind of request body it offers
    /// (`<name>_as_form`, ...: the same operation sending that body; names claimed in `taken`).
    fn operation(
        &mut self,
        name: String,
        at: &Place<'_>,
        op: &openapiv3::Operation,
        taken: &mut naming::Scope,
    ) -> Result<Vec<Operation>> {
        let pointer = at.pointer;
        let builder = naming::builder(&name);
        let scope = naming::param_scope(
            op.request_body.is_some(),
            op.extensions.contains_key(PAGINATION),
        );
        let params = self.params(&builder, at.path, at.shared, &op.parameters, scope, pointer)?;
        let mut alternatives: Vec<(BodyKind, String)> = Vec::new();
        let bodies = match &op.request_body {
            None => Vec::new(),
            Some(body) => {
                let alternative =
                    |kind: BodyKind| naming::builder(&naming::media_method(&name, kind.method()));
                self.bodies(&builder, alternative, body, &join(pointer, "requestBody"))?
            }
        };
        let mut bodies = bodies.into_iter();
        let first = bodies.next();
        for (kind, _) in bodies.as_slice() {
            alternatives.push((
                *kind,
                taken.claim(&naming::media_method(&name, kind.method())),
            ));
        }
        let (success, error, accept) =
            self.responses(&builder, &op.responses, &join(pointer, "responses"))?;
        let (security, security_const) = self.security(op, pointer)?;
        let upper = at.method.to_uppercase();
        let idempotent = self.idempotent(&op.extensions, &upper, pointer)?;
        let mut doc = doc_text(&[op.summary.as_deref(), op.description.as_deref()]);
        let first_media = first.as_ref().map(|(kind, _)| *kind);
        let primary = Operation {
            name,
            builder,
            // Suggested here, decided with the builder names (two sets may suggest one name).
            security_const,
            method: upper,
            path: at.path.to_string(),
            doc: doc.clone(),
            params,
            body: first.map(|(_, body)| body),
            success,
            error,
            security,
            idempotent,
            deprecated: op.deprecated,
            pagination: None,
            chunking: None,
            accept,
        };
        let mut ops = Vec::new();
        for ((_, method), (_, body)) in alternatives.iter().zip(bodies) {
            let mut alt = primary.clone();
            alt.doc = paragraph(
                &doc,
                &format!(
                    "Sends the body as {}; [`{}`](Self::{}) sends it as {}.",
                    body_media(&body),
                    primary.name,
                    primary.name,
                    first_media.map_or("JSON", media_words),
                ),
            );
            alt.builder = naming::builder(method);
            alt.name = method.clone();
            alt.body = Some(body);
            ops.push(alt);
        }
        if !alternatives.is_empty() {
            let others: Vec<String> = alternatives
                .iter()
                .map(|(kind, method)| {
                    format!("as {} by [`{method}`](Self::{method})", media_words(*kind))
                })
                .collect();
            doc = paragraph(
                &doc,
                &format!("The body can also be sent {}.", others.join(", ")),
            );
        }
        ops.insert(0, Operation { doc, ..primary });
        for one in &mut ops {
            one.pagination = match op.extensions.get(PAGINATION) {
                Some(spec) => Some(self.pagination(
                    spec,
                    &one.params,
                    one.body.as_ref(),
                    &one.success,
                    &join(pointer, PAGINATION),
                )?),
                None => None,
            };
            one.chunking = chunking(one.body.as_ref());
        }
        Ok(ops)
    }

    /// The parameters of an operation at `pointer`: the path item's (`shared`), overridden by
    /// the operation's own (`own`) with the same name and location.
    fn params(
        &mut self,
        builder: &str,
        path: &str,
        shared: &[ReferenceOr<Parameter>],
        own: &[ReferenceOr<Parameter>],
        mut scope: naming::Scope,
        pointer: &str,
    ) -> Result<Vec<Param>> {
        let mut resolved: Vec<(&Parameter, String, Entry)> = Vec::new();
        let (path_pointer, method) = pointer.rsplit_once('/').unwrap_or((pointer, ""));
        for (list, base, method) in [(shared, path_pointer, None), (own, pointer, Some(method))] {
            for (i, p) in list.iter().enumerate() {
                let at = format!("{base}/parameters/{i}");
                let found = self.resolve(p, &at)?;
                let (param, data) = (found.item, found.item.parameter_data_ref());
                resolved.retain(|(q, _, _)| {
                    !(q.parameter_data_ref().name == data.name
                        && std::mem::discriminant(*q) == std::mem::discriminant(param))
                });
                let entry = Entry {
                    pointer: at,
                    method: method.map(str::to_string),
                    reference: match p {
                        ReferenceOr::Reference { reference } => Some(reference.clone()),
                        ReferenceOr::Item(_) => None,
                    },
                };
                resolved.push((param, found.pointer, entry));
            }
        }
        let entries: Vec<(String, Entry)> = resolved
            .iter()
            .filter(|(p, _, _)| matches!(p, Parameter::Path { .. }))
            .map(|(p, _, e)| (p.parameter_data_ref().name.clone(), e.clone()))
            .collect();
        let mut params = Vec::new();
        for (param, p_pointer, _) in resolved {
            if let Some(p) = self.param(builder, param, &p_pointer, &mut scope)? {
                params.push(p);
            }
        }
        check_template(self, path, &entries, pointer)?;
        let template = template_variables(path);
        params.sort_by_key(|p| match p.location {
            ParamIn::Path => (
                0,
                template.iter().position(|t| *t == p.api_name).unwrap_or(0),
            ),
            _ => (1, 0),
        });
        Ok(params)
    }

    /// The credentials an operation (at `pointer`) accepts: alternatives of scheme sets, from
    /// its `security` or the document's (empty: no auth), and the suggested name of their
    /// constant.
    fn security(
        &self,
        op: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<(Vec<Vec<Scheme>>, String)> {
        let (requirements, req_pointer) = match &op.security {
            Some(s) => (s, join(pointer, "security")),
            None => match &self.spec.security {
                Some(s) => (s, "/security".to_string()),
                None => return Ok((Vec::new(), naming::security_const(&[]))),
            },
        };
        let schemes = self.spec.components.as_ref().map(|c| &c.security_schemes);
        let mut out = Vec::new();
        let mut labels: Vec<Vec<&str>> = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let mut set = Vec::new();
            let mut set_labels = Vec::new();
            for name in requirement.keys() {
                let Some(ReferenceOr::Item(scheme)) = schemes.and_then(|s| s.get(name)) else {
                    return Err(self.err(
                        &join(&join(&req_pointer, &i.to_string()), name),
                        format!(
                            "security scheme `{name}` is not defined in \
                             components.securitySchemes"
                        ),
                    ));
                };
                let scheme = scheme_of(scheme);
                set_labels.push(match scheme {
                    Scheme::Bearer => naming::BEARER,
                    _ => name.as_str(),
                });
                set.push(scheme);
            }
            if !out.contains(&set) {
                out.push(set);
                labels.push(set_labels);
            }
        }
        // An empty requirement object means "no auth" is one of the alternatives.
        if let Some(empty) = out.iter().position(Vec::is_empty) {
            out.remove(empty);
            out.push(Vec::new());
            let empty = labels.remove(empty);
            labels.push(empty);
        }
        let name = naming::security_const(&labels);
        Ok((out, name))
    }
}

/// Where an operation is: its method and path, the parameters its path item shares, its pointer.
struct Place<'a> {
    method: &'a str,
    path: &'a str,
    shared: &'a [ReferenceOr<Parameter>],
    pointer: &'a str,
}

/// `text` and then `more` as a paragraph of its own.
fn paragraph(text: &str, more: &str) -> String {
    if text.is_empty() {
        more.to_string()
    } else {
        format!("{text}\n\n{more}")
    }
}

/// How a doc names the media of a body of `kind`.
fn media_words(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Json => "JSON",
        BodyKind::Form => "a form (`application/x-www-form-urlencoded`)",
        BodyKind::Multipart => "`multipart/form-data`",
        BodyKind::Text => "text",
        BodyKind::Bytes => "bytes",
    }
}

/// The media type a body is sent as, for its method's doc.
fn body_media(body: &Body) -> String {
    match &body.media {
        BodyMedia::Json => "JSON".into(),
        BodyMedia::Form(_) => "a form (`application/x-www-form-urlencoded`)".into(),
        BodyMedia::Multipart(_) => "`multipart/form-data`".into(),
        BodyMedia::Text(media) | BodyMedia::Bytes(media) => format!("`{media}`"),
    }
}

fn scheme_of(scheme: &SecurityScheme) -> Scheme {
    match scheme {
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Scheme::Bearer,
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Scheme::Bearer
        }
        SecurityScheme::HTTP { scheme, .. } => Scheme::Unsupported(format!("http {scheme}")),
        SecurityScheme::APIKey { location, name, .. } => Scheme::ApiKey {
            name: name.clone(),
            location: match location {
                APIKeyLocation::Query => ParamIn::Query,
                APIKeyLocation::Header => ParamIn::Header,
                APIKeyLocation::Cookie => ParamIn::Cookie,
            },
        },
    }
}

/// The `{variables}` of a path template, in order.
fn template_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n))
        .collect()
}

/// Where a parameter is listed: for the overlay action that removes it.
#[derive(Debug, Clone)]
struct Entry {
    /// The list entry (`/paths/~1a/get/parameters/0`).
    pointer: String,
    /// The operation's method, `None` for the path item's shared list.
    method: Option<String>,
    /// The `$ref` the entry is, if it is one.
    reference: Option<String>,
}

/// `$.paths['/a'].get`: the JSONPath of a path item, or of one of its operations.
fn json_path(path: &str, method: Option<&str>) -> String {
    let item = format!(
        "$.paths['{}']",
        path.replace('\\', "\\\\").replace('\'', "\\'")
    );
    match method {
        Some(m) => format!("{item}.{m}"),
        None => item,
    }
}

/// Every template variable must be a declared path parameter, and vice versa. Both are defects
/// of the document, reported with the overlay action that fixes them.
fn check_template(
    b: &Builder<'_>,
    path: &str,
    declared: &[(String, Entry)],
    pointer: &str,
) -> Result<()> {
    let template = template_variables(path);
    let method = pointer.rsplit('/').next().unwrap_or("");
    for var in &template {
        if !declared.iter().any(|(name, _)| name == var) {
            return Err(b.err(
                pointer,
                format!(
                    "path parameter `{{{var}}}` of `{path}` is not declared in `parameters`; an \
                     overlay action declares it: `{{target: \"{}\", update: {{parameters: \
                     [{{name: {var}, in: path, required: true, schema: {{type: string}}}}]}}}}`",
                    json_path(path, Some(method))
                ),
            ));
        }
    }
    if let Some((name, entry)) = declared
        .iter()
        .find(|(name, _)| !template.contains(&name.as_str()))
    {
        let filter = match &entry.reference {
            Some(reference) => format!("@['$ref'] == '{reference}'"),
            None => format!("@.name == '{name}'"),
        };
        return Err(b.err(
            &entry.pointer,
            format!(
                "path parameter `{name}` does not appear in the path `{path}`; an overlay action \
                 removes it: `{{target: \"{}.parameters[?({filter})]\", remove: true}}`",
                json_path(path, entry.method.as_deref())
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, paths};
    use super::super::{Operation, ParamEncoding, ParamIn, Scheme};
    use super::*;

    fn ops(paths_yaml: &str) -> Vec<Operation> {
        paths(paths_yaml, "    Unused: {type: string}\n")
            .unwrap_or_else(|e| panic!("{e}"))
            .operations
    }

    const OK: &str = "      responses: {'200': {description: ok}}\n";

    #[test]
    fn names_come_from_x_rust_name_operation_id_or_method_and_path() {
        let ops = ops(&format!(
            "  /calls/{{callId}}:\n    parameters: [{{name: callId, in: path, required: true, schema: {{type: string}}}}]\n    get:\n      operationId: getCall\n{OK}    delete:\n{OK}    put:\n      operationId: put-/calls_update\n      x-rust-name: replaceCall\n{OK}  /new:\n    post:\n      operationId: new\n{OK}"
        ));
        let names: Vec<(&str, &str)> = ops
            .iter()
            .map(|o| (o.name.as_str(), o.builder.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("delete_call", "DeleteCall"),
                ("get_call", "GetCall"),
                ("post_new", "PostNew"),
                ("replace_call", "ReplaceCall"),
            ]
        );
    }

    #[test]
    fn two_operations_with_one_derived_name_are_told_apart() {
        let ops = ops(&format!(
            "  /a:\n    get:\n      operationId: same\n{OK}  /b/c:\n    get:\n      operationId: same\n{OK}"
        ));
        let names: Vec<(&str, &str)> = ops
            .iter()
            .map(|o| (o.name.as_str(), o.path.as_str()))
            .collect();
        assert_eq!(names, [("same", "/a"), ("same_b_c", "/b/c")]);
    }

    #[test]
    fn two_operations_with_one_x_rust_name_are_an_error() {
        let (pointer, message) = error(paths(
            &format!("  /a:\n    get:\n      x-rust-name: same\n{OK}  /b:\n    get:\n      x-rust-name: same\n{OK}"),
            "    Unused: {type: string}\n",
        ));
        assert_eq!(pointer, "/paths/~1b/get/x-rust-name");
        assert!(
            message.contains("is also the name of #/paths/~1a/get"),
            "{message}"
        );
    }

    #[test]
    fn parameters_are_ordered_overridden_and_renamed_away_from_builder_members() {
        let ops = ops(&format!(
            "  /a/{{b}}/{{a}}:\n    parameters:\n      - {{name: limit, in: query, schema: {{type: integer}}}}\n      - {{name: a, in: path, required: true, schema: {{type: string}}}}\n    get:\n      parameters:\n        - {{name: limit, in: query, required: true, schema: {{type: integer, format: int32}}}}\n        - {{name: send, in: query, schema: {{type: string}}}}\n        - {{name: Accept, in: header, schema: {{type: string}}}}\n        - {{name: b, in: path, required: true, schema: {{type: string}}}}\n        - {{name: ids, in: query, explode: false, schema: {{type: array, items: {{type: string}}}}}}\n{OK}"
        ));
        let params: Vec<(&str, ParamIn, bool, String)> = ops[0]
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.location, p.required, p.ty.to_string()))
            .collect();
        assert_eq!(
            params,
            [
                ("b", ParamIn::Path, true, "String".to_string()),
                ("a", ParamIn::Path, true, "String".into()),
                ("limit", ParamIn::Query, true, "i32".into()),
                ("send_2", ParamIn::Query, false, "String".into()),
                ("ids", ParamIn::Query, false, "Vec<String>".into()),
            ]
        );
        assert!(!ops[0].params[4].explode);
    }

    #[test]
    fn the_template_and_the_path_parameters_must_agree() {
        let (pointer, message) = error(paths(
            &format!("  /a/{{id}}:\n    get:\n{OK}"),
            "    Unused: {type: string}\n",
        ));
        assert_eq!(pointer, "/paths/~1a~1{id}/get");
        assert!(
            message.contains("`{id}` of `/a/{id}` is not declared"),
            "{message}"
        );
        let (_, message) = error(paths(
            &format!("  /a:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n{OK}"),
            "    Unused: {type: string}\n",
        ));
        assert!(message.contains("does not appear in the path"), "{message}");
    }

    #[test]
    fn unsupported_parameters_are_located_errors() {
        let cases = [
            ("{name: s, in: cookie, schema: {type: object, properties: {a: {type: object}}}}", "/paths/~1a/get/parameters/0/schema", "cookie"),
            ("{name: s, in: cookie, schema: {type: array, items: {type: string}}}", "/paths/~1a/get/parameters/0/schema", "cookie"),
            ("{name: f, in: query, style: deepObject, schema: {type: string}}", "/paths/~1a/get/parameters/0/style", "deepObject"),
            ("{name: f, in: query, style: pipeDelimited, schema: {type: string}}", "/paths/~1a/get/parameters/0/style", "style"),
            ("{name: f, in: header, schema: {type: object, additionalProperties: {type: string}}}", "/paths/~1a/get/parameters/0/schema", "scalar"),
            ("{name: f, in: query, content: {application/json: {schema: {type: string}}, text/plain: {schema: {type: string}}}}", "/paths/~1a/get/parameters/0/content", "exactly one"),
            ("{name: f, in: query, content: {text/plain: {schema: {type: string}}}}", "/paths/~1a/get/parameters/0/content/text~1plain", "only JSON"),
            ("{name: f, in: header, content: {application/json: {schema: {type: string}}}}", "/paths/~1a/get/parameters/0/content", "query parameters only"),
        ];
        for (param, pointer, needle) in cases {
            let (at, message) = error(paths(
                &format!("  /a:\n    get:\n      parameters: [{param}]\n{OK}"),
                "    Unused: {type: string}\n",
            ));
            assert_eq!(at, pointer, "{param}: {message}");
            assert!(message.contains(needle), "{param}: {message}");
        }
    }

    #[test]
    fn objects_json_content_and_cookies_get_their_encoding() {
        let ops = ops(&format!(
            "  /a:\n    get:\n      parameters:\n        - {{name: props, in: query, schema: {{type: object}}}}\n        - {{name: f, in: query, explode: false, schema: {{type: object, additionalProperties: {{type: string}}}}}}\n        - {{name: d, in: query, style: deepObject, schema: {{type: object, properties: {{a: {{type: string}}}}}}}}\n        - {{name: w, in: query, content: {{application/json: {{schema: {{type: object}}}}}}}}\n        - {{name: s, in: cookie, required: true, schema: {{type: string}}}}\n        - {{name: n, in: query, schema: {{type: integer}}}}\n{OK}"
        ));
        let got: Vec<(&str, ParamIn, ParamEncoding)> = ops[0]
            .params
            .iter()
            .map(|p| (p.api_name.as_str(), p.location, p.encoding))
            .collect();
        use super::super::{ObjectStyle as S, ParamEncoding as E};
        assert_eq!(
            got,
            [
                ("props", ParamIn::Query, E::Object(S::FormExploded)),
                ("f", ParamIn::Query, E::Object(S::Form)),
                ("d", ParamIn::Query, E::Object(S::DeepObject)),
                ("w", ParamIn::Query, E::Json),
                ("s", ParamIn::Cookie, E::Plain),
                ("n", ParamIn::Query, E::Plain),
            ]
        );
    }

    #[test]
    fn security_alternatives_keep_order_and_put_no_auth_last() {
        let api = super::super::testing::api(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nsecurity: [{oauth: []}]\npaths:\n  /a:\n    get:\n      security: [{}, {key: []}, {key: []}, {basic: [], oauth: []}]\n      responses: {'200': {description: ok}}\n    post:\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    oauth: {type: oauth2, flows: {}}\n    key: {type: apiKey, in: query, name: hapikey}\n    basic: {type: http, scheme: basic}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let key = Scheme::ApiKey {
            name: "hapikey".into(),
            location: ParamIn::Query,
        };
        let by_method = |m: &str| {
            api.operations
                .iter()
                .find(|o| o.method == m)
                .map(|o| o.security.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            by_method("GET"),
            vec![
                vec![key],
                vec![Scheme::Unsupported("http basic".into()), Scheme::Bearer],
                vec![]
            ]
        );
        assert_eq!(by_method("POST"), vec![vec![Scheme::Bearer]]);
        let security_const = |m: &str| {
            api.operations
                .iter()
                .find(|o| o.method == m)
                .map(|o| o.security_const.clone())
                .unwrap_or_default()
        };
        assert_eq!(security_const("GET"), "KEY_OR_BASIC_AND_BEARER_OR_NO_AUTH");
        assert_eq!(security_const("POST"), "BEARER");
        assert_eq!(template_variables("/a/{b}/c/{d}"), ["b", "d"]);
    }
}
