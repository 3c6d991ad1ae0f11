//! Recursion, once every type is known. A type alias cannot be recursive, so an alias that
//! refers to itself (through other aliases, inside a `Vec` or map) becomes a newtype; a cycle of
//! aliases that are nothing but references describes no value and is an error. A struct field or
//! union variant that contains its own type without a heap indirection in between is boxed (a
//! `Vec` or map already is one).

use std::collections::{BTreeMap, BTreeSet};

use super::{Ty, TypeDef, TypeKind};

/// Turns self-referring aliases into newtypes; `Err` names an alias that is only a reference to
/// itself.
pub(super) fn recursive_aliases(types: &mut BTreeMap<String, TypeDef>) -> Result<(), String> {
    fn mentions(ty: &Ty, out: &mut Vec<(String, bool)>, direct: bool) {
        match ty {
            Ty::Named(n) => out.push((n.clone(), direct)),
            Ty::Option(inner) | Ty::Boxed(inner) => mentions(inner, out, direct),
            Ty::Vec(inner) | Ty::Map(inner) => mentions(inner, out, false),
            _ => {}
        }
    }
    // Alias → the names it mentions, and whether directly (not inside a collection).
    let aliases: BTreeMap<String, Vec<(String, bool)>> = types
        .values()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) => {
                let mut out = Vec::new();
                mentions(ty, &mut out, true);
                Some((t.name.clone(), out))
            }
            _ => None,
        })
        .collect();
    let reaches_itself = |start: &str, direct_only: bool| -> bool {
        let next = |name: &str| -> Vec<String> {
            aliases
                .get(name)
                .into_iter()
                .flatten()
                .filter(|(_, d)| *d || !direct_only)
                .map(|(n, _)| n.clone())
                .collect()
        };
        let mut stack = next(start);
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == start {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(next(&n));
            }
        }
        false
    };
    if let Some(name) = aliases.keys().find(|name| reaches_itself(name, true)) {
        return Err(name.clone());
    }
    for name in aliases.keys() {
        if reaches_itself(name, false) {
            if let Some(def) = types.get_mut(name) {
                if let TypeKind::Alias(ty) = &def.kind {
                    def.kind = TypeKind::Newtype(ty.clone());
                }
            }
        }
    }
    Ok(())
}

/// The type `ty` holds without indirection (itself, or inside an `Option`).
fn direct(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Named(n) => Some(n.clone()),
        Ty::Option(inner) => match &**inner {
            Ty::Named(n) => Some(n.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Boxes struct fields, union variants and newtypes that contain their own type directly.
pub(super) fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<String, Vec<String>> = types
        .values()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => direct(ty).into_iter().collect(),
                TypeKind::Responses(cases) => cases.iter().filter_map(|c| direct(&c.ty)).collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            (t.name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    for (name, def) in types.iter_mut() {
        let fix = |ty: &mut Ty| {
            if let Some(target) = direct(ty) {
                if reaches(&target, name) {
                    *ty = Ty::Boxed(Box::new(std::mem::replace(ty, Ty::Unit)));
                }
            }
        };
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| fix(&mut f.ty)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| fix(&mut v.ty)),
            TypeKind::Newtype(ty) => fix(ty),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{error, schemas};
    use super::super::{Api, Ty, TypeKind};

    fn built(yaml: &str) -> Api {
        schemas(yaml).unwrap_or_else(|e| panic!("{e}"))
    }

    fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
        match api.types.iter().find(|t| t.name == name) {
            Some(t) => &t.kind,
            None => panic!("no type {name}"),
        }
    }

    #[test]
    fn a_self_referring_alias_becomes_a_newtype() {
        let api = built("    Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n    List: {$ref: '#/components/schemas/Tree'}\n");
        assert!(
            matches!(kind(&api, "Tree"), TypeKind::Newtype(Ty::Vec(_))),
            "{:?}",
            kind(&api, "Tree")
        );
        assert!(matches!(kind(&api, "List"), TypeKind::Alias(_)));
    }

    #[test]
    fn an_alias_that_is_only_itself_is_an_error() {
        let (pointer, message) = error(schemas(
            "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        ));
        assert_eq!(pointer, "/components/schemas/A");
        assert!(message.contains("only a reference to itself"), "{message}");
    }

    #[test]
    fn direct_recursion_is_boxed_and_collections_are_not() {
        let api = built(
            "    Node:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n        other: {$ref: '#/components/schemas/Leaf'}\n    Leaf: {type: object, properties: {a: {type: string}}}\n",
        );
        let TypeKind::Struct(node) = kind(&api, "Node") else {
            panic!("Node is not a struct")
        };
        let tys: Vec<String> = node.fields.iter().map(|f| f.ty.to_string()).collect();
        assert_eq!(tys, ["Box<Node>", "Vec<Node>", "Leaf"]);
    }

    #[test]
    fn mutual_recursion_boxes_both_sides() {
        let api = built(
            "    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n",
        );
        for (name, field) in [("A", "Box<B>"), ("B", "Box<A>")] {
            let TypeKind::Struct(s) = kind(&api, name) else {
                panic!("{name} is not a struct")
            };
            assert_eq!(s.fields[0].ty.to_string(), field);
        }
    }
}
