//! Types that contain each other directly (a tree node holding a node)
//! would have infinite size: the references that close such a cycle are
//! boxed. References through `Vec` or a map are already indirect.

use std::collections::HashMap;

use crate::types::{TypeDef, TypeKind, TypeRef};

pub fn box_cycles(defs: &mut [TypeDef]) {
    let index: HashMap<String, usize> = defs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect();
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
        TypeKind::Alias { target } => vec![target],
        TypeKind::Enum { .. } => Vec::new(),
    }
}

fn direct_refs_mut(kind: &mut TypeKind) -> Vec<&mut TypeRef> {
    match kind {
        TypeKind::Struct { fields, .. } => fields.iter_mut().map(|f| &mut f.ty).collect(),
        TypeKind::Union { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
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

/// Tarjan's algorithm: the component number of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    struct State<'e> {
        edges: &'e [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        component: Vec<usize>,
        components: usize,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.edges[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.components;
                if w == v {
                    break;
                }
            }
            s.components += 1;
        }
    }
    let n = edges.len();
    let mut state = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        component: vec![0; n],
        components: 0,
    };
    for v in 0..n {
        if state.index[v].is_none() {
            visit(&mut state, v);
        }
    }
    state.component
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
            kind: TypeKind::Struct {
                fields: fields
                    .iter()
                    .map(|(n, ty)| Field {
                        wire: (*n).into(),
                        name: (*n).into(),
                        ty: ty.clone(),
                        required: false,
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
}
