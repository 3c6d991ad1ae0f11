//! The one `$ref` resolver: schemas, parameters, request bodies and responses are looked up the
//! same way. A reference must be local and name its own section of `components`
//! (`#/components/parameters/...` for a parameter); its key is percent-decoded and unescaped
//! (RFC 6901); a reference to a reference is followed. Every failure is a located error at the
//! `$ref`.

use indexmap::IndexMap;
use openapiv3::{Components, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Builder;
use crate::error::{Error, Result};
use crate::pointer::{self, join};

/// What a `$ref` can point at.
pub(super) trait Component: Sized {
    /// Its section of `components` (`schemas`).
    const SECTION: &'static str;
    /// The start of a reference to one (`#/components/schemas/`).
    const PREFIX: &'static str;
    /// What one is called in messages (`schema`).
    const WHAT: &'static str;
    /// That section of `components`.
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    const PREFIX: &'static str = "#/components/schemas/";
    const WHAT: &'static str = "schema";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.schemas
    }
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    const PREFIX: &'static str = "#/components/parameters/";
    const WHAT: &'static str = "parameter";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    const PREFIX: &'static str = "#/components/requestBodies/";
    const WHAT: &'static str = "request body";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

impl Component for Response {
    const SECTION: &'static str = "responses";
    const PREFIX: &'static str = "#/components/responses/";
    const WHAT: &'static str = "response";
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

/// An object found by following references.
pub(super) struct Found<'a, T> {
    /// The object.
    pub item: &'a T,
    /// The key of the component it is, when it was reached through a reference.
    pub key: Option<String>,
    /// Its JSON pointer (where it is written: the component, or the use site when inline).
    pub pointer: String,
}

impl<'a> Builder<'a> {
    /// The key of the component `reference` (found at `pointer`) names, checked to exist.
    pub(super) fn component_key<T: Component>(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<String> {
        let Some(rest) = reference.strip_prefix(T::PREFIX) else {
            return Err(self.bad_ref(reference, T::PREFIX, pointer));
        };
        let key = if rest.contains(['%', '~']) {
            pointer::unescape(&pointer::from_fragment(rest).unwrap_or_else(|| rest.into()))
        } else {
            rest.to_string()
        };
        if self.section::<T>().is_some_and(|s| s.contains_key(&key)) {
            Ok(key)
        } else {
            Err(self.err(
                &join(pointer, "$ref"),
                format!(
                    "unresolved $ref `{reference}`: there is no {} `{key}` in components.{}",
                    T::WHAT,
                    T::SECTION
                ),
            ))
        }
    }

    /// Follows `item` (found at `pointer`) through references to the object.
    pub(super) fn resolve<T: Component>(
        &self,
        item: &'a ReferenceOr<T>,
        pointer: &str,
    ) -> Result<Found<'a, T>> {
        let mut current = item;
        let mut at = pointer.to_string();
        let mut key = None;
        let mut seen: Vec<String> = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(item) => {
                    return Ok(Found {
                        item,
                        key,
                        pointer: at,
                    })
                }
                ReferenceOr::Reference { reference } => {
                    let next = self.component_key::<T>(reference, &at)?;
                    if seen.contains(&next) {
                        return Err(self.err(
                            &join(&at, "$ref"),
                            format!(
                                "$ref `{reference}` is part of a cycle of references that never \
                                 reaches a {}",
                                T::WHAT
                            ),
                        ));
                    }
                    let Some(target) = self.section::<T>().and_then(|s| s.get(&next)) else {
                        return Err(self.err(&join(&at, "$ref"), "unresolved $ref"));
                    };
                    at = join(&format!("/components/{}", T::SECTION), &next);
                    seen.push(next.clone());
                    key = Some(next);
                    current = target;
                }
            }
        }
    }

    /// The component schemas of the document.
    pub(super) fn schemas(&self) -> Option<&'a IndexMap<String, ReferenceOr<Schema>>> {
        self.section::<Schema>()
    }

    fn section<T: Component>(&self) -> Option<&'a IndexMap<String, ReferenceOr<T>>> {
        self.spec.components.as_ref().map(T::section)
    }

    fn bad_ref(&self, reference: &str, expected: &str, pointer: &str) -> Error {
        let message = if !reference.starts_with('#') {
            format!(
                "external $ref `{reference}` is not supported: bundle the document into one file \
                 first"
            )
        } else {
            format!("$ref `{reference}` points at the wrong kind of object: expected `{expected}…`")
        };
        self.err(&join(pointer, "$ref"), message)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, paths};

    const OK: &str = "      responses: {'200': {description: ok}}\n";

    #[test]
    fn references_to_the_wrong_section_or_file_are_refused() {
        let (pointer, message) = error(paths(
            &format!(
                "  /a:\n    get:\n      parameters: [{{$ref: '#/components/schemas/A'}}]\n{OK}"
            ),
            "    A: {type: string}\n",
        ));
        assert_eq!(pointer, "/paths/~1a/get/parameters/0/$ref");
        assert!(
            message.contains("expected `#/components/parameters/…`"),
            "{message}"
        );
        let (_, message) = error(paths(
            &format!("  /a:\n    get:\n      parameters: [{{$ref: 'other.yaml#/P'}}]\n{OK}"),
            "    A: {type: string}\n",
        ));
        assert!(message.contains("external $ref"), "{message}");
    }

    #[test]
    fn missing_components_are_named() {
        let (pointer, message) = error(paths(
            "  /a:\n    post:\n      requestBody: {$ref: '#/components/requestBodies/Gone'}\n      responses: {'200': {description: ok}}\n",
            "    A: {type: string}\n",
        ));
        assert_eq!(pointer, "/paths/~1a/post/requestBody/$ref");
        assert!(
            message.contains("there is no request body `Gone` in components.requestBodies"),
            "{message}"
        );
    }

    #[test]
    fn keys_are_unescaped_and_percent_decoded() {
        let api = paths(
            "  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/My%20Call~1V2'}\n",
            "    My Call/V2: {type: object, properties: {id: {type: string}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(api.types[0].name, "MyCallV2");
    }

    #[test]
    fn chains_are_followed_and_cycles_refused() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/A'}]\n      responses: {'200': {description: ok}}\ncomponents:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {name: limit, in: query, schema: {type: integer}}\n";
        let api = super::super::testing::api(spec).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(api.operations[0].params[0].api_name, "limit");
        let cycle = spec.replace(
            "B: {name: limit, in: query, schema: {type: integer}}",
            "B: {$ref: '#/components/parameters/A'}",
        );
        let (pointer, message) = error(super::super::testing::api(&cycle));
        assert_eq!(pointer, "/components/parameters/B/$ref");
        assert!(message.contains("cycle of references"), "{message}");
    }
}
