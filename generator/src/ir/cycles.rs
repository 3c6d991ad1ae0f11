//! Recursion, once every type is known. A type alias cannot be recursive, so an alias that
//! refers to itself (through other aliases, inside a `Vec` or map) becomes a newtype; a cycle of
//! aliases that are nothing but references describes no value and is an error. A struct field or
//! union variant that contains its own type without a heap indirection in between is boxed (a
//! `Vec` or map already is one).

use std::collections::BTreeMap;

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
    let aliases: BTreeMap<&str, Vec<(String, bool)>> = types
        .values()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) => {
                let mut out = Vec::new();
                mentions(ty, &mut out, true);
                Some((t.name.as_str(), out))
            }
            _ => None,
        })
        .collect();
    let graph = |direct_only: bool| -> BTreeMap<&str, Vec<&str>> {
        aliases
            .iter()
            .map(|(name, targets)| {
                let next = targets
                    .iter()
                    .filter(|(n, d)| (*d || !direct_only) && aliases.contains_key(n.as_str()))
                    .map(|(n, _)| n.as_str())
                    .collect();
                (*name, next)
            })
            .collect()
    };
    if let Some(name) = on_cycles(&graph(true)).into_iter().next() {
        return Err(name.to_string());
    }
    let recursive: Vec<String> = on_cycles(&graph(false))
        .into_iter()
        .map(str::to_string)
        .collect();
    for name in recursive {
        if let Some(def) = types.get_mut(&name) {
            if let TypeKind::Alias(ty) = &def.kind {
                def.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
    Ok(())
}

/// The type `ty` holds without indirection (itself, or inside an `Option`).
fn direct(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Named(n) => Some(n),
        Ty::Option(inner) => match &**inner {
            Ty::Named(n) => Some(n),
            _ => None,
        },
        _ => None,
    }
}

/// Boxes struct fields, union variants and newtypes that contain their own type directly: a
/// field whose type is in the same strongly connected set of types as its owner (one Tarjan
/// pass over the whole module, so the cost grows with the number of types, not its square).
pub(super) fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<&str, Vec<&str>> = types
        .values()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => direct(ty).into_iter().collect(),
                TypeKind::Responses(cases) => cases.iter().filter_map(|c| direct(&c.ty)).collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            (t.name.as_str(), targets)
        })
        .collect();
    let set = components(&edges);
    let set: BTreeMap<String, usize> = set.into_iter().map(|(n, c)| (n.to_string(), c)).collect();
    for (name, def) in types.iter_mut() {
        let own = set.get(name);
        let fix = |ty: &mut Ty| {
            if direct(ty).is_some_and(|target| set.get(target) == own) {
                *ty = Ty::Boxed(Box::new(std::mem::replace(ty, Ty::Unit)));
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

/// The nodes of `graph` that lie on a cycle (in a strongly connected set of more than one, or
/// with an edge to themselves), sorted.
fn on_cycles<'a>(graph: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<&'a str> {
    let set = components(graph);
    let mut size: BTreeMap<usize, usize> = BTreeMap::new();
    for c in set.values() {
        *size.entry(*c).or_default() += 1;
    }
    set.iter()
        .filter(|(n, c)| size[c] > 1 || graph.get(*n).is_some_and(|t| t.contains(n)))
        .map(|(n, _)| *n)
        .collect()
}

/// The strongly connected set of every node (Tarjan's algorithm, iterative): node → set number.
/// Nodes of a set are exactly the ones that reach each other.
fn components<'a>(graph: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeMap<&'a str, usize> {
    let nodes: Vec<&str> = graph.keys().copied().collect();
    let index_of: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let next: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            graph[n]
                .iter()
                .filter_map(|t| index_of.get(t).copied())
                .collect()
        })
        .collect();
    let mut index = vec![usize::MAX; nodes.len()];
    let mut low = vec![0; nodes.len()];
    let mut on_stack = vec![false; nodes.len()];
    let mut stack = Vec::new();
    let mut set = vec![usize::MAX; nodes.len()];
    let (mut counter, mut sets) = (0, 0);
    for root in 0..nodes.len() {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0)];
        while let Some(&(v, edge)) = work.last() {
            if edge == 0 && index[v] == usize::MAX {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = next[v].get(edge) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    set[w] = sets;
                    if w == v {
                        break;
                    }
                }
                sets += 1;
            }
        }
    }
    nodes.into_iter().zip(set).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

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
    fn strongly_connected_sets() {
        let graph: BTreeMap<&str, Vec<&str>> = [
            ("a", vec!["b"]),
            ("b", vec!["c", "d"]),
            ("c", vec!["a"]),
            ("d", vec!["d"]),
            ("e", vec!["a"]),
        ]
        .into_iter()
        .collect();
        let set = super::components(&graph);
        assert_eq!(set["a"], set["b"]);
        assert_eq!(set["b"], set["c"]);
        assert_ne!(set["a"], set["d"]);
        assert_ne!(set["a"], set["e"]);
        assert_eq!(super::on_cycles(&graph), ["a", "b", "c", "d"]);
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
