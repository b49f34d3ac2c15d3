//! Types that contain each other directly (a tree node holding a node)
//! would have infinite size: the references that close such a cycle are
//! boxed. References through `Vec` or a map are already indirect.
//!
//! Type aliases cannot refer to themselves at all, not even through a
//! `Vec`: a cycle of aliases is broken by a one-variant union, or, when it
//! holds no list or map (`$ref`s that only lead back), reported.

use std::collections::HashMap;

use crate::types::{TypeDef, TypeKind, TypeRef, UnionVariant};

/// Breaks every cycle of aliases. Where a cycle goes through a list or a
/// map (a self-referencing collection, legal JSON Schema), its first alias
/// becomes a union of one variant (`enum Tree { List(Vec<Tree>) }`), which
/// Rust allows. An alias whose cycle holds no list or map would be its own
/// value; it is set to any JSON value and its name returned, to be
/// reported.
pub fn break_alias_cycles(defs: &mut [TypeDef]) -> Vec<String> {
    let mut endless = Vec::new();
    loop {
        let index = name_index(defs);
        let alias_edges = |direct_only: bool| -> Vec<Vec<usize>> {
            defs.iter()
                .map(|def| match &def.kind {
                    TypeKind::Alias { target } => {
                        let mut out = Vec::new();
                        collect_named(target, true, direct_only, &mut |name| {
                            out.extend(index.get(name).filter(|&&j| is_alias(&defs[j])));
                        });
                        out
                    }
                    _ => Vec::new(),
                })
                .collect()
        };
        let edges = alias_edges(false);
        let component = strongly_connected(&edges);
        let in_cycle = |edges: &[Vec<usize>], component: &[usize], i: usize| {
            edges[i].iter().any(|&j| component[j] == component[i])
        };
        let Some(first) = (0..defs.len()).find(|&i| in_cycle(&edges, &component, i)) else {
            break;
        };
        // Within the cycle, the aliases that lead back without a list or map.
        let direct: Vec<Vec<usize>> = alias_edges(true)
            .into_iter()
            .enumerate()
            .map(|(i, out)| {
                out.into_iter()
                    .filter(|&j| component[j] == component[i])
                    .collect()
            })
            .collect();
        let direct_component = strongly_connected(&direct);
        let stuck: Vec<usize> = (0..defs.len())
            .filter(|&i| component[i] == component[first])
            .filter(|&i| in_cycle(&direct, &direct_component, i))
            .collect();
        if stuck.is_empty() {
            let TypeKind::Alias { target } = &defs[first].kind else {
                unreachable!("only aliases have alias edges")
            };
            let variant = UnionVariant {
                name: collection_name(target).to_owned(),
                ty: target.clone(),
            };
            defs[first].kind = TypeKind::Union {
                variants: vec![variant],
            };
        }
        for i in stuck {
            endless.push(defs[i].name.clone());
            defs[i].kind = TypeKind::Alias {
                target: TypeRef::Value,
            };
        }
    }
    endless
}

fn is_alias(def: &TypeDef) -> bool {
    matches!(def.kind, TypeKind::Alias { .. })
}

fn name_index(defs: &[TypeDef]) -> HashMap<String, usize> {
    defs.iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect()
}

/// Calls `found` with each type name in `ty`: all of them, or with
/// `direct_only` those not inside a `Vec` or a map.
fn collect_named(ty: &TypeRef, direct: bool, direct_only: bool, found: &mut dyn FnMut(&str)) {
    match ty {
        TypeRef::Named(name) if direct || !direct_only => found(name),
        TypeRef::Option(inner) | TypeRef::Box(inner) => {
            collect_named(inner, direct, direct_only, found)
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) => {
            collect_named(inner, false, direct_only, found)
        }
        _ => {}
    }
}

/// The variant name of the union an alias becomes: what its value is.
fn collection_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Vec(_) => "List",
        TypeRef::Map(_) => "Map",
        TypeRef::Option(inner) | TypeRef::Box(inner) => collection_name(inner),
        _ => "Value",
    }
}

pub fn box_cycles(defs: &mut [TypeDef]) {
    let index = name_index(defs);
    let edges: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            for ty in direct_refs(&def.kind) {
                collect_direct(ty, &index, &mut out);
            }
            out
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, def) in defs.iter_mut().enumerate() {
        let in_cycle = |name: &str| {
            index
                .get(name)
                .is_some_and(|&j| component[j] == component[i] && (j != i || edges[i].contains(&i)))
        };
        for ty in direct_refs_mut(&mut def.kind) {
            box_direct(ty, &in_cycle);
        }
    }
}

fn direct_refs(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union { variants } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::ByStatus { variants } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias { target } => vec![target],
        TypeKind::Enum { .. } => Vec::new(),
    }
}

fn direct_refs_mut(kind: &mut TypeKind) -> Vec<&mut TypeRef> {
    match kind {
        TypeKind::Struct { fields, .. } => fields.iter_mut().map(|f| &mut f.ty).collect(),
        TypeKind::Union { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::ByStatus { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
        // An alias cannot hold a `Box` of itself usefully; its users box.
        TypeKind::Alias { .. } | TypeKind::Enum { .. } => Vec::new(),
    }
}

/// The named types a type holds inline (not behind `Vec`, a map or `Box`).
fn collect_direct(ty: &TypeRef, index: &HashMap<String, usize>, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(name) => out.extend(index.get(name)),
        TypeRef::Option(inner) => collect_direct(inner, index, out),
        _ => {}
    }
}

fn box_direct(ty: &mut TypeRef, in_cycle: &dyn Fn(&str) -> bool) {
    match ty {
        TypeRef::Named(name) if in_cycle(name) => {
            *ty = TypeRef::Box(Box::new(ty.clone()));
        }
        TypeRef::Option(inner) => box_direct(inner, in_cycle),
        _ => {}
    }
}

/// Tarjan's algorithm: the component number of each node. Iterative, so
/// a chain of thousands of types does not deepen the stack.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index: Vec<Option<usize>> = vec![None; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![0; n];
    let (mut next, mut components) = (0, 0);
    // The nodes being visited, each with the position of its next edge.
    let mut visiting: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if index[start].is_some() {
            continue;
        }
        visiting.push((start, 0));
        while let Some(&mut (v, ref mut edge)) = visiting.last_mut() {
            if *edge == 0 && index[v].is_none() {
                index[v] = Some(next);
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                match index[w] {
                    None => visiting.push((w, 0)),
                    Some(iw) if on_stack[w] => low[v] = low[v].min(iw),
                    Some(_) => {}
                }
                continue;
            }
            visiting.pop();
            if let Some(&(parent, _)) = visiting.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if Some(low[v]) == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Field;

    fn def(name: &str, fields: &[(&str, TypeRef)]) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: String::new(),
            origin: String::new(),
            places: Vec::new(),
            example: None,
            kind: TypeKind::Struct {
                fields: fields
                    .iter()
                    .map(|(n, ty)| Field {
                        wire: (*n).into(),
                        name: (*n).into(),
                        ty: ty.clone(),
                        required: false,
                        nullable: false,
                        doc: String::new(),
                        notes: Vec::new(),
                    })
                    .collect(),
                additional: None,
            },
        }
    }

    fn named(n: &str) -> TypeRef {
        TypeRef::Named(n.into())
    }

    #[test]
    fn only_references_closing_a_cycle_are_boxed() {
        let mut defs = vec![
            def(
                "Node",
                &[
                    ("parent", named("Node")),
                    ("children", TypeRef::Vec(Box::new(named("Node")))),
                ],
            ),
            def(
                "A",
                &[
                    ("b", TypeRef::Option(Box::new(named("B")))),
                    ("leaf", named("Leaf")),
                ],
            ),
            def("B", &[("a", named("A"))]),
            def("Leaf", &[]),
        ];
        box_cycles(&mut defs);
        let types: Vec<String> = defs
            .iter()
            .flat_map(|d| match &d.kind {
                TypeKind::Struct { fields, .. } => {
                    fields.iter().map(|f| f.ty.to_string()).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(
            types,
            ["Box<Node>", "Vec<Node>", "Option<Box<B>>", "Leaf", "Box<A>"]
        );
    }

    fn alias(name: &str, target: TypeRef) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: String::new(),
            origin: String::new(),
            places: Vec::new(),
            example: None,
            kind: TypeKind::Alias { target },
        }
    }

    #[test]
    fn alias_cycles_through_a_list_become_unions_and_others_are_returned() {
        let mut defs = vec![
            alias("Tree", TypeRef::Vec(Box::new(named("Tree")))),
            alias("A", TypeRef::Map(Box::new(named("B")))),
            alias("B", TypeRef::Option(Box::new(named("A")))),
            alias("Loop", named("Loop")),
            alias("X", named("Y")),
            alias("Y", TypeRef::Option(Box::new(named("X")))),
            alias("Plain", TypeRef::Vec(Box::new(named("Leaf")))),
            def("Leaf", &[]),
        ];
        let endless = break_alias_cycles(&mut defs);
        assert_eq!(endless, ["Loop", "X", "Y"]);
        let kinds: Vec<String> = defs
            .iter()
            .map(|d| match &d.kind {
                TypeKind::Alias { target } => format!("{} = {target}", d.name),
                TypeKind::Union { variants } => {
                    format!("{} = {}({})", d.name, variants[0].name, variants[0].ty)
                }
                _ => d.name.clone(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "Tree = List(Vec<Tree>)",
                "A = Map(Map<B>)",
                "B = Option<A>",
                "Loop = Value",
                "X = Value",
                "Y = Value",
                "Plain = Vec<Leaf>",
                "Leaf",
            ]
        );
    }

    #[test]
    fn a_chain_of_thousands_of_aliases_does_not_deepen_the_stack() {
        let mut defs: Vec<TypeDef> = (0..20_000)
            .map(|i| alias(&format!("A{i}"), named(&format!("A{}", i + 1))))
            .collect();
        defs.push(def("A20000", &[]));
        assert!(break_alias_cycles(&mut defs).is_empty());
        box_cycles(&mut defs);
    }
}
