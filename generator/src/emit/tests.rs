use std::collections::BTreeSet;
use std::path::Path;

use proc_macro2::{Delimiter, Spacing, TokenTree};

use super::*;
use crate::ir::testing;

/// The formatted module generated from `yaml`.
pub(crate) fn code(yaml: &str) -> String {
    let api = testing::api(yaml).unwrap_or_else(|e| panic!("{e}"));
    crate::format::format(module(&api, &Options::default()), "test.yaml")
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every name the IR generated: types, variants, the handle, builders and security constants.
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
    }
    names.extend(api.security.iter().map(|c| c.name.clone()));
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
        let after_dot = matches!(previous.last(), Some(TokenTree::Punct(p)) if p.as_char() == '.');
        // `const OPERATION: ..`, `static X`: the name of what is defined, not a use.
        let defined = matches!(
            previous.last(),
            Some(TokenTree::Ident(i)) if i == "const" || i == "static"
        );
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
                if upper && !after_path && !after_dot && !binding && !defined {
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
            let parsed =
                crate::normalize::parse(&document.source, &value).unwrap_or_else(|e| panic!("{e}"));
            let api = crate::ir::build(&document.source, "fixture", &parsed)
                .unwrap_or_else(|e| panic!("{e}"));
            let mut used = BTreeSet::new();
            let emitted = module(&api, &Options::default());
            unqualified_names(emitted.tokens, &mut used);
            // The items printed as text (structs, enums) name types too.
            for text in &emitted.printed {
                let tokens: TokenStream = text.parse().unwrap_or_else(|e| panic!("{e}"));
                unqualified_names(tokens, &mut used);
            }
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
fn imports_are_the_runtime_serde_and_maps_only() {
    let only_strings = code(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {a: {type: string}}}\n",
    );
    assert!(
        only_strings
            .contains("\nuse ::hubspot_calling::rt;\nuse serde::{Deserialize, Serialize};\n\n"),
        "{only_strings}"
    );
    assert!(!only_strings.contains("BTreeMap"));
    assert!(
        !only_strings.contains("pub mod builders"),
        "no operations, no builders"
    );
    let everything = code(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {a: {type: string, format: date-time}, b: {type: string, format: date}, c: {type: string, format: uuid}, d: {type: object}, e: {type: object, additionalProperties: {type: string}}}}\n",
    );
    assert!(
        everything.contains("\nuse std::collections::BTreeMap;\nuse ::hubspot_calling::rt;\n"),
        "{everything}"
    );
    for named in [
        "pub a: Option<rt::chrono::DateTime<rt::chrono::Utc>>,",
        "pub b: Option<rt::chrono::NaiveDate>,",
        "pub c: Option<rt::uuid::Uuid>,",
        "pub d: Option<rt::serde_json::Map<String, rt::serde_json::Value>>,",
    ] {
        assert!(everything.contains(named), "{named}: {everything}");
    }
}

#[test]
fn the_runtime_is_named_through_the_configured_path() {
    let api = testing::api("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let render = |options: &Options| {
        crate::format::format(module(&api, options), "t").unwrap_or_else(|e| panic!("{e}"))
    };
    let own = Options {
        runtime: "crate::rt".to_owned(),
        ..Options::default()
    };
    assert!(render(&own).contains("\nuse crate::rt;\n"));
    let renamed = Options {
        runtime: "::my_runtime::facade".to_owned(),
        accessor: false,
        wrapped: true,
    };
    let code = render(&renamed);
    assert!(
        code.contains("pub mod test {\n    //! T (version 1)."),
        "{code}"
    );
    assert!(
        code.contains("    use ::my_runtime::facade as rt;\n"),
        "{code}"
    );
    assert!(
        code.contains("`TestApi::new(client)`"),
        "without an accessor the docs say how to get the handle: {code}"
    );
}

#[test]
fn the_index_declares_modules_and_client_accessors() {
    let api = testing::api("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let index = crate::format::format(index(&[api]), "specs/").unwrap_or_else(|e| panic!("{e}"));
    assert!(index.contains("pub mod test;"), "{index}");
    assert!(
        index.contains(
            "pub fn test(&self) -> test::TestApi {\n        test::TestApi::new(self.clone())"
        ),
        "{index}"
    );
}
