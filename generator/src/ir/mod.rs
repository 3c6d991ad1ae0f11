//! Stage 4: the model of one API ([`model`]), with every Rust name decided (by `naming`).
//! `emit` turns it into code and `surface` into the reviewable API listing; neither makes a
//! naming decision of its own.
//!
//! [`build`] runs the passes in this order, which fixes which schema gets which name:
//!
//! 1. the handle, then every component schema's name (explicit `x-rust-name`s first, sorted);
//! 2. every component schema, sorted (`schema`, with `keywords`, `enums`, `unions`, `all_of`);
//!    a reference is the component's name, never a nested conversion; inline schemas get
//!    `<Parent><Field>`-style names as they are met, identical ones one type;
//! 3. every operation in path order (`operations`, `bodies`, `extensions`), then the inline
//!    types used in several places get the name their places share (`shared`);
//! 4. recursion (`cycles`): self-referring aliases become newtypes, recursive fields are boxed;
//! 5. the builders' names, which must not take a type's name.
//!
//! Every `$ref` goes through the one resolver in `resolve`.

mod all_of;
mod bodies;
mod cycles;
mod docs;
mod enums;
mod extensions;
mod forms;
mod keywords;
pub mod model;
mod multipart;
mod operations;
mod params;
mod resolve;
mod schema;
mod shared;
mod unions;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::OpenAPI;

pub use model::*;

use crate::error::{Error, Result};
use crate::naming::{self, Scope};
use crate::source::Source;

/// Builds the IR of one parsed spec.
pub fn build(source: &Source, module: &str, spec: &OpenAPI) -> Result<Api> {
    let mut b = Builder {
        source,
        spec,
        types: BTreeMap::new(),
        type_names: naming::type_scope(),
        component_names: BTreeMap::new(),
        in_progress: BTreeSet::new(),
        origins: BTreeMap::new(),
        depth: 0,
        shared: HashMap::new(),
        inline: BTreeMap::new(),
    };
    let handle = b.type_names.claim(&naming::handle(module));
    b.name_components()?;
    b.build_components()?;
    let mut operations = b.build_operations()?;
    shared::name_shared(&mut b.types, &mut operations, &b.inline, &mut b.type_names);
    cycles::recursive_aliases(&mut b.types).map_err(|name| {
        let pointer = b.origins.get(&name).cloned().unwrap_or_default();
        b.err(
            &pointer,
            format!(
                "schema `{name}` is only a reference to itself (directly or through other \
                 references): it describes no value"
            ),
        )
    })?;
    cycles::box_recursive_fields(&mut b.types);
    let Builder { mut types, .. } = b;
    name_builders(&mut operations, &mut types);
    let security = name_security(&mut operations);
    Ok(Api {
        module: module.to_string(),
        handle,
        spec_file: spec_file(source),
        title: spec.info.title.clone(),
        description: spec.info.description.clone(),
        version: spec.info.version.clone(),
        types: types.into_values().collect(),
        operations,
        security,
    })
}

/// Builders live in their own module, which imports every type: a builder must not take the
/// name of a type.
fn name_builders(operations: &mut [Operation], types: &mut BTreeMap<String, TypeDef>) {
    let mut builder_names = naming::type_scope();
    for name in types.keys() {
        builder_names.claim(name);
    }
    for op in operations {
        op.builder = builder_names.claim(&op.builder);
        if let Success::Several { name, .. } = &op.success {
            if let Some(def) = types.get_mut(name) {
                def.doc = docs::responses_doc(&op.builder);
            }
        }
    }
}

/// One constant per distinct set of credential alternatives, named as the first operation
/// (by name) that accepts it suggested; two different sets that suggest one name get numbers.
fn name_security(operations: &mut [Operation]) -> Vec<SecurityConst> {
    let mut consts: Vec<SecurityConst> = Vec::new();
    let mut names = Scope::new();
    for op in operations {
        match consts.iter().find(|c| c.alternatives == op.security) {
            Some(known) => op.security_const = known.name.clone(),
            None => {
                op.security_const = naming::claim_constant(&mut names, &op.security_const);
                consts.push(SecurityConst {
                    name: op.security_const.clone(),
                    alternatives: op.security.clone(),
                });
            }
        }
    }
    consts
}

/// The spec's file name with its directory (`specs/calls.yaml`): enough to find it, and the same
/// on every machine.
fn spec_file(source: &Source) -> String {
    let parts: Vec<String> = source
        .path
        .components()
        .rev()
        .take(2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}

/// The state of one IR build; its passes are spread over this module's files by concern.
struct Builder<'a> {
    source: &'a Source,
    spec: &'a OpenAPI,
    types: BTreeMap<String, TypeDef>,
    type_names: Scope,
    /// Component schema key → Rust type name.
    component_names: BTreeMap<String, String>,
    /// Components being converted (guards against `allOf` cycles).
    in_progress: BTreeSet<String>,
    /// Rust type name of a component → its JSON pointer, for errors.
    origins: BTreeMap<String, String>,
    /// How deep inline schemas are nested right now.
    depth: usize,
    /// The JSON of every inline schema that became a named type → that type.
    shared: HashMap<String, String>,
    /// Inline types without an `x-rust-name` → the places they are used: the name each place
    /// suggests, and its pointer.
    inline: BTreeMap<String, Vec<(String, String)>>,
}

impl Builder<'_> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.source.error(pointer, message)
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds the IR of a spec written inline, for the unit tests of the passes.

    use std::path::Path;

    use super::Api;
    use crate::error::Result;
    use crate::load::Document;
    use crate::normalize;

    /// The IR of `yaml` (a whole OpenAPI document), as the pipeline builds it.
    pub fn api(yaml: &str) -> Result<Api> {
        let Document { source, mut value } = Document::parse(Path::new("test.yaml"), yaml)?;
        normalize::normalize(&source, &mut value)?;
        let spec = normalize::parse(&source, &value)?;
        super::build(&source, "test", &spec)
    }

    /// The IR of a document with no paths and these component schemas (YAML, indented by 4).
    pub fn schemas(schemas: &str) -> Result<Api> {
        api(&format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        ))
    }

    /// The IR of a document with these paths (YAML, indented by 2) and component schemas.
    pub fn paths(paths: &str, schemas: &str) -> Result<Api> {
        api(&format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n{schemas}"
        ))
    }

    /// The error message of a document that must fail, with its pointer.
    pub fn error(result: Result<Api>) -> (String, String) {
        match result {
            Ok(api) => panic!("expected an error, built {} types", api.types.len()),
            Err(e) => (
                e.location().map(|l| l.pointer.clone()).unwrap_or_default(),
                e.to_string(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{api, schemas};

    #[test]
    fn the_handle_is_named_first_and_types_avoid_it() {
        let api = schemas("    TestApi: {type: object, properties: {a: {type: string}}}\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(api.handle, "TestApi");
        assert_eq!(api.types[0].name, "TestApi2");
        assert_eq!(api.spec_file, "test.yaml");
    }

    #[test]
    fn builders_avoid_type_names() {
        let api = api(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: call\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    Call: {type: object, properties: {a: {type: string}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let op = &api.operations[0];
        assert_eq!((op.name.as_str(), op.builder.as_str()), ("call", "Call2"));
    }

    #[test]
    fn one_security_constant_per_distinct_set_of_alternatives() {
        let ok = "      responses: {'200': {description: ok}}\n";
        let api = api(&format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nsecurity: [{{oauth: []}}]\npaths:\n  /a:\n    get:\n{ok}    post:\n      security: [{{key: []}}, {{oauth: [write]}}]\n{ok}    put:\n      security: [{{other: []}}]\n{ok}    delete:\n      security: []\n{ok}components:\n  securitySchemes:\n    oauth: {{type: oauth2, flows: {{}}}}\n    other: {{type: http, scheme: bearer}}\n    key: {{type: apiKey, in: query, name: hapikey}}\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let consts: Vec<&str> = api.security.iter().map(|c| c.name.as_str()).collect();
        let used: Vec<(&str, &str)> = api
            .operations
            .iter()
            .map(|o| (o.method.as_str(), o.security_const.as_str()))
            .collect();
        // Constants in the order operations (sorted by name) first use them; `other` is a bearer
        // scheme too, so the same set as `oauth`.
        assert_eq!(consts, ["KEY_OR_BEARER", "NO_AUTH", "BEARER"]);
        assert_eq!(
            used,
            [
                ("POST", "KEY_OR_BEARER"),
                ("DELETE", "NO_AUTH"),
                ("GET", "BEARER"),
                ("PUT", "BEARER")
            ]
        );
    }
}
