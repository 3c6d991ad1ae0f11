//! Forward-compatible enums: one variant per listed value (string or integer), a catch-all that
//! keeps any other value as sent, and the default (`default`, or the one value of a `const`).

use std::collections::HashSet;

use openapiv3::Schema;
use serde_json::Value;

use super::EnumDef;
use crate::naming::{self, Scope};
use crate::normalize::CONST_MARKER;

/// The enum of `values` (duplicates dropped) for `schema`.
pub(super) fn enum_def(values: Vec<Value>, schema: &Schema, integer: bool) -> EnumDef {
    let mut scope = Scope::new();
    let mut variants: Vec<(String, Value)> = Vec::new();
    // By their JSON text (`"1"` is not `1`): HubSpot lists enums of a thousand values.
    let mut seen: HashSet<String> = HashSet::with_capacity(values.len());
    for value in values {
        if !seen.insert(value.to_string()) {
            continue;
        }
        variants.push((scope.claim(&naming::enum_variant(&value)), value));
    }
    let other = naming::catch_all(&mut scope);
    let default = schema
        .schema_data
        .default
        .as_ref()
        .and_then(|d| variants.iter().position(|(_, v)| v == d));
    // A `const` has exactly one possible value: that value is the default.
    let is_const = schema.schema_data.extensions.contains_key(CONST_MARKER);
    let default = default.or((is_const && variants.len() == 1).then_some(0));
    EnumDef {
        variants,
        other,
        default,
        integer,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{api, schemas};
    use super::super::{EnumDef, TypeKind};

    fn enum_of(yaml: &str) -> EnumDef {
        let api = schemas(&format!("    E: {yaml}\n")).unwrap_or_else(|e| panic!("{e}"));
        match api.types.into_iter().next().map(|t| t.kind) {
            Some(TypeKind::Enum(e)) => e,
            other => panic!("not an enum: {other:?}"),
        }
    }

    fn names(e: &EnumDef) -> Vec<&str> {
        e.variants.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn values_become_variants_and_collisions_are_numbered() {
        let e = enum_of("{type: string, enum: [a-b, A_B, a-b, '', 1st]}");
        assert_eq!(names(&e), ["AB", "AB2", "Empty", "V1st"]);
        assert_eq!(e.other, "Other");
        assert!(!e.integer);
    }

    #[test]
    fn the_catch_all_avoids_listed_values() {
        let e = enum_of("{type: string, enum: [OTHER, UNKNOWN]}");
        assert_eq!(names(&e), ["Other", "Unknown"]);
        assert_eq!(e.other, "Unrecognized");
    }

    #[test]
    fn integer_enums() {
        let e = enum_of("{type: integer, enum: [1, -2], default: -2}");
        assert_eq!(names(&e), ["V1", "VMinus2"]);
        assert!(e.integer);
        assert_eq!(e.default, Some(1));
    }

    #[test]
    fn a_const_is_its_own_default() {
        let api = api(
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    Kind: {const: CONTACT}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let Some(TypeKind::Enum(e)) = api.types.first().map(|t| &t.kind) else {
            panic!("not an enum")
        };
        assert_eq!(names(e), ["Contact"]);
        assert_eq!(e.default, Some(0));
    }
}
