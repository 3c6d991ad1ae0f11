//! Inline schemas that are identical (the same JSON: keywords, references, nested docs) are one
//! type, not one per place (`schema.rs` looks each up by its [`key`] before converting it). Their
//! own docs (`title`, `description`, `example`, `externalDocs`) are left out of the comparison:
//! they say what the value means at one place, and that place's field or parameter keeps them
//! (HubSpot's CMS specs repeat one 900-value language enum under four descriptions: one type,
//! whose doc then says only what it is). Such a type
//! is first named after the place it was met first (`YearInputsItem`); once every place is
//! known, a type used in several places is renamed after what most of their names end with
//! (`InputsItem` for `YearInputsItem` and `ConstantBooleanInputsItem`), when that is free and
//! says more than its role (`Item`, `Value`, ...). Inline types named inside it follow
//! (`YearInputsItemVariant1` becomes `InputsItemVariant1`). Explicit `x-rust-name`s are kept.

use std::collections::BTreeMap;

use super::{Operation, Success, Ty, TypeDef, TypeKind};
use crate::naming::Scope;

/// What identifies an inline schema: its JSON without its own docs.
pub(super) fn key(schema: &openapiv3::Schema) -> String {
    let data = &schema.schema_data;
    if data.title.is_none()
        && data.description.is_none()
        && data.example.is_none()
        && data.external_docs.is_none()
    {
        return serde_json::to_string(schema).unwrap_or_default();
    }
    let mut bare = schema.clone();
    bare.schema_data.title = None;
    bare.schema_data.description = None;
    bare.schema_data.example = None;
    bare.schema_data.external_docs = None;
    serde_json::to_string(&bare).unwrap_or_default()
}

/// Words that only say what role a type plays where it is used: not a name on their own.
const ROLES: &[&str] = &[
    "Item", "Value", "Extra", "Body", "Response", "Error", "Variant",
];

/// Renames the types of `inline` (inline type → the places it is used, in the order met: the
/// name each suggests and its pointer) used in more than one place, in `types` and everything
/// that refers to them.
pub(super) fn name_shared(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    inline: &BTreeMap<String, Vec<(String, String)>>,
    scope: &mut Scope,
) {
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for (name, places) in inline.iter().filter(|(_, p)| p.len() > 1) {
        let suggested: Vec<String> = places.iter().map(|(n, _)| n.clone()).collect();
        let common = common_suffix(&suggested);
        if common.is_empty() || common == *name || is_role(&common) || scope.contains(&common) {
            continue;
        }
        let new = scope.claim(&common);
        // Inline types named inside it carry its name as a prefix.
        for nested in inline.keys() {
            if let Some(rest) = nested.strip_prefix(name.as_str()) {
                if !rest.is_empty() && !renames.contains_key(nested) {
                    let renamed = scope.claim(&format!("{new}{rest}"));
                    renames.insert(nested.clone(), renamed);
                }
            }
        }
        renames.insert(name.clone(), new);
    }
    if renames.is_empty() {
        return;
    }
    let old = std::mem::take(types);
    for (name, mut def) in old {
        if let Some(new) = renames.get(&name) {
            if def.doc == format!("The `{name}` type.") {
                def.doc = format!("The `{new}` type.");
            }
            def.name = new.clone();
        }
        rename_in_kind(&mut def.kind, &renames);
        types.insert(def.name.clone(), def);
    }
    for op in operations {
        for p in &mut op.params {
            rename(&mut p.ty, &renames);
        }
        if let Some(body) = &mut op.body {
            rename(&mut body.ty, &renames);
        }
        match &mut op.success {
            Success::Single(case) => rename(&mut case.ty, &renames),
            Success::Several { cases, .. } => {
                cases.iter_mut().for_each(|c| rename(&mut c.ty, &renames));
            }
        }
        if let Some(error) = &mut op.error {
            rename(error, &renames);
        }
        if let Some(p) = &mut op.pagination {
            rename(&mut p.item_ty, &renames);
        }
    }
}

fn rename_in_kind(kind: &mut TypeKind, renames: &BTreeMap<String, String>) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|f| rename(&mut f.ty, renames));
            if let Some(extra) = &mut s.extra {
                rename(&mut extra.ty, renames);
            }
        }
        TypeKind::Union(u) => {
            for v in &mut u.variants {
                // A variant named after its type follows it.
                if let Ty::Named(target) = &v.ty {
                    if v.name == *target {
                        if let Some(new) = renames.get(target) {
                            v.name = new.clone();
                        }
                    }
                }
                rename(&mut v.ty, renames);
            }
        }
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => rename(ty, renames),
        TypeKind::Responses(cases) => cases.iter_mut().for_each(|c| rename(&mut c.ty, renames)),
        TypeKind::Enum(_) => {}
    }
}

fn rename(ty: &mut Ty, renames: &BTreeMap<String, String>) {
    match ty {
        Ty::Named(name) => {
            if let Some(new) = renames.get(name) {
                *name = new.clone();
            }
        }
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
            rename(inner, renames);
        }
        _ => {}
    }
}

/// The words of an UpperCamelCase name (`InputsItem2` is `Inputs`, `Item2`).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

/// The longest run of final words that more than half of `names` end with, joined
/// (`InputsItem` for `YearInputsItem`, `AddInputsItem` and `BeginsWithStringToCheck`); ties go
/// to the first in sorted order.
fn common_suffix(names: &[String]) -> String {
    let split: Vec<Vec<&str>> = names.iter().map(|n| camel_words(n)).collect();
    let mut best = String::new();
    for n in 1.. {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for words in split.iter().filter(|w| w.len() >= n) {
            *counts.entry(words[words.len() - n..].concat()).or_default() += 1;
        }
        let majority = counts
            .into_iter()
            .filter(|(_, count)| count * 2 > split.len())
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        match majority {
            Some((suffix, _)) => best = suffix,
            None => break,
        }
    }
    // `ResponseResultsItem` is `ResultsItem`: a leading role word says where, not what.
    let mut words = camel_words(&best);
    while words.len() > 1 && is_role(words[0]) {
        words.remove(0);
    }
    words.concat()
}

/// Is the name only role words (`Item`, `ValueItem`, `Variant3`)?
fn is_role(name: &str) -> bool {
    camel_words(name)
        .iter()
        .all(|w| ROLES.contains(&w.trim_end_matches(|c: char| c.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::schemas;

    #[test]
    fn common_suffixes() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_suffix(&names(&["YearInputsItem", "ConstantBooleanInputsItem"])),
            "InputsItem"
        );
        assert_eq!(
            common_suffix(&names(&["ABStatus", "CStatus", "Status"])),
            "Status"
        );
        assert_eq!(common_suffix(&names(&["A", "B"])), "");
        assert_eq!(
            common_suffix(&names(&[
                "ListCallsResponseResultsItem",
                "ListMeetingsResponseResultsItem"
            ])),
            "ResultsItem"
        );
        assert_eq!(
            common_suffix(&names(&["AInputsItem", "BInputsItem", "CStringToCheck"])),
            "InputsItem"
        );
        assert!(is_role("ValueItem") && is_role("Variant3") && !is_role("StatusItem"));
        assert_eq!(camel_words("InputsItem2"), ["Inputs", "Item2"]);
    }

    #[test]
    fn identical_inline_schemas_are_one_type_named_after_what_the_places_share() {
        let api = schemas(
            "    Year: {type: object, properties: {inputs: {type: array, items: {oneOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}}}}\n    Month: {type: object, properties: {inputs: {type: array, items: {oneOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}}}}\n    Other: {type: object, properties: {inputs: {type: array, items: {oneOf: [{type: string}, {type: integer}]}}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "InputsItem",
                "InputsItemVariant2",
                "Month",
                "Other",
                "OtherInputsItem",
                "Year"
            ]
        );
        let field = |name: &str| match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields[0].ty.to_string(),
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(field("Year"), "Vec<InputsItem>");
        assert_eq!(field("Month"), "Vec<InputsItem>");
        assert_eq!(field("Other"), "Vec<OtherInputsItem>");
    }

    #[test]
    fn a_shared_name_that_is_taken_or_only_a_role_keeps_the_first_place() {
        let api = schemas(
            "    A: {type: object, properties: {s: {type: string, enum: [x, y]}}}\n    B: {type: object, properties: {s: {type: string, enum: [x, y]}}}\n    S: {type: string}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["A", "As", "B", "S"]);
    }

    #[test]
    fn schemas_that_differ_only_in_their_docs_are_one_type_and_each_field_keeps_its_doc() {
        let api = schemas(
            "    Post: {type: object, properties: {language: {type: string, enum: [aa, ab], description: The post's language.}}}\n    Page: {type: object, properties: {language: {type: string, enum: [aa, ab], description: The page's language., example: ab}}}\n    Tag: {type: object, properties: {language: {type: string, enum: [aa, ab, ac], description: The tag's language.}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Language", "Page", "Post", "Tag", "TagLanguage"]);
        let shared = &api.types[0];
        assert_eq!(shared.doc, "The `Language` type.", "no one place's words");
        let field = |name: &str| match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => (s.fields[0].ty.to_string(), s.fields[0].doc.clone()),
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(
            field("Post"),
            ("Language".into(), "The post's language.".into())
        );
        assert_eq!(
            field("Page"),
            ("Language".into(), "The page's language.".into())
        );
        assert_eq!(
            field("Tag").0,
            "TagLanguage",
            "other values: a type of its own"
        );
        let tag = api
            .types
            .iter()
            .find(|t| t.name == "TagLanguage")
            .map(|t| t.doc.as_str());
        assert_eq!(tag, Some("The tag's language."), "one place: its doc");
    }
}
