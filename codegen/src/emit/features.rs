//! The resource features of the generated crate: which builds compile
//! each item.
//!
//! An application calls a few resources of many. Each resource is a cargo
//! feature named as its module (`org`); `full`, a default feature, turns
//! every one on, so a crate with the default features has everything. An
//! item is compiled only when a resource that reaches it is on: an outer
//! `#[cfg]` on the item says which (so rustc does not even parse what is
//! off), and beside it `#[cfg_attr(docsrs, doc(cfg(…)))]` shows it on
//! docs.rs, which builds every feature.
//!
//! A resource reaches the types its actions name (their parameters and
//! bodies, success and error responses, pages and their items) and,
//! transitively, each type those types' fields, variants or targets name;
//! and the parameter enums its actions take. An item's [`Gate`] is:
//!
//! - none for what the client itself names (the API's error body and what
//!   it reaches) and what every resource reaches: every build with a
//!   resource compiles it anyway, and one with none still compiles without
//!   a warning (a public item of a public module is never dead code);
//! - the resources that reach it, otherwise;
//! - `full` for a type no action reaches (a documented schema nobody
//!   uses): public, in the default build, and in no smaller one.
//!
//! The crate's other features (`rustls`, `native-tls`, `mock`, `full`,
//! `default`) are reserved module names ([`crate::identifiers`]): a
//! resource `Full` is the module, and so the feature, `full_`, never
//! merged into `full`.
//!
//! `check` verifies the gates of the files made, against a reachability
//! of its own.

use proc_macro2::TokenStream;
use quote::quote;
use rustc_hash::FxHashMap;

use crate::ir::{Action, Api, ArgType};
use crate::types::{TypeDef, TypeKind, TypeRef};

pub mod check;

/// The feature that turns every resource on.
pub const FULL: &str = "full";

/// The crate's features besides the resources', as its `Cargo.toml`
/// names them.
pub const OTHERS: &[&str] = &["default", FULL, "rustls", "native-tls", "mock"];

/// Which builds compile an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Every build.
    Always,
    /// A build with one of these resources on (a bit per resource, by its
    /// place in the IR), or with `full`.
    Any { resources: Bits, full: bool },
}

impl Gate {
    /// No build but one with `full`.
    fn full_only(resources: usize) -> Gate {
        Gate::Any {
            resources: Bits::new(resources),
            full: true,
        }
    }

    /// Every build that compiles `self` or `other`.
    pub fn union(&mut self, other: &Gate) {
        match (&mut *self, other) {
            (Gate::Always, _) => {}
            (_, Gate::Always) => *self = Gate::Always,
            (
                Gate::Any { resources, full },
                Gate::Any {
                    resources: more,
                    full: also,
                },
            ) => {
                resources.union(more);
                *full |= also;
            }
        }
    }
}

/// A set of resources, by their place in the IR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn all(len: usize) -> Bits {
        let mut bits = Bits::new(len);
        (0..len).for_each(|i| bits.insert(i));
        bits
    }

    fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn contains(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    fn union(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

/// The crate's resource features, and the gate of each type and parameter
/// enum.
#[derive(Debug)]
pub struct Features<'a> {
    /// Each resource's feature, in the IR's order: its module.
    names: Vec<&'a str>,
    types: FxHashMap<&'a str, Gate>,
    /// By [`EnumId`](crate::ir::EnumId).
    enums: Vec<Gate>,
}

impl<'a> Features<'a> {
    pub fn of(api: &'a Api) -> Features<'a> {
        let count = api.resources.len();
        let index: FxHashMap<&str, usize> = (api.types.iter().enumerate())
            .map(|(i, def)| (def.name.as_str(), i))
            .collect();
        let named_in = |ty: &TypeRef, out: &mut Vec<usize>| {
            named(ty, &mut |name| out.extend(index.get(name).copied()));
        };
        // What each type names itself.
        let edges: Vec<Vec<usize>> = (api.types.iter())
            .map(|def| {
                let mut out = Vec::new();
                for ty in type_refs(def) {
                    named_in(ty, &mut out);
                }
                out.sort_unstable();
                out.dedup();
                out
            })
            .collect();
        let closure = |roots: Vec<usize>| {
            let mut seen = vec![false; api.types.len()];
            let mut pending = roots;
            while let Some(t) = pending.pop() {
                if !std::mem::replace(&mut seen[t], true) {
                    pending.extend(edges[t].iter().filter(|&&n| !seen[n]));
                }
            }
            seen
        };
        let mut roots = Vec::new();
        named_in(&api.error_type, &mut roots);
        let client = closure(roots);
        let mut reach = vec![Bits::new(count); api.types.len()];
        for (r, resource) in api.resources.iter().enumerate() {
            let mut roots = Vec::new();
            for action in &resource.actions {
                action_types(action, &mut |ty| named_in(ty, &mut roots));
            }
            for (t, reached) in closure(roots).into_iter().enumerate() {
                if reached {
                    reach[t].insert(r);
                }
            }
        }
        let types = (api.types.iter().zip(reach).zip(client))
            .map(|((def, resources), client)| {
                let gate = if client {
                    Gate::Always
                } else {
                    gate(resources, count)
                };
                (def.name.as_str(), gate)
            })
            .collect();
        let mut enums = vec![Bits::new(count); api.enums.len()];
        let enum_index: FxHashMap<&str, usize> = (api.enums.iter().enumerate())
            .flat_map(|(i, e)| {
                let names = std::iter::once(&e.ident).chain(&e.aliases);
                names.map(move |name| (name.as_str(), i))
            })
            .collect();
        for (r, resource) in api.resources.iter().enumerate() {
            for param in resource.actions.iter().flat_map(|a| &a.params) {
                if let ArgType::Enum(name) = &param.arg {
                    if let Some(&e) = enum_index.get(name.as_str()) {
                        enums[e].insert(r);
                    }
                }
            }
        }
        Features {
            names: (api.resources.iter())
                .map(|r| r.idents.module.as_str())
                .collect(),
            types,
            enums: enums.into_iter().map(|bits| gate(bits, count)).collect(),
        }
    }

    /// Each resource's feature, in the IR's order.
    pub fn names(&self) -> &[&'a str] {
        &self.names
    }

    /// The gate of the models' type `name`.
    pub fn ty(&self, name: &str) -> &Gate {
        self.types.get(name).unwrap_or(&Gate::Always)
    }

    /// The gate of what names `ty`: that of the named type in it (a type
    /// names at most one), else every build.
    pub fn type_ref(&self, ty: &TypeRef) -> &Gate {
        let mut gate = &Gate::Always;
        named(ty, &mut |name| gate = self.ty(name));
        gate
    }

    /// The gate of the parameter enum of index `id`.
    pub fn param_enum(&self, id: usize) -> &Gate {
        &self.enums[id]
    }

    /// The gate of the resource of index `r`: its module, accessors and
    /// mock.
    pub fn resource(&self, r: usize) -> Gate {
        let mut resources = Bits::new(self.names.len());
        resources.insert(r);
        Gate::Any {
            resources,
            full: false,
        }
    }

    /// Builds with any resource on.
    pub fn any_resource(&self) -> Gate {
        Gate::Any {
            resources: Bits::all(self.names.len()),
            full: false,
        }
    }

    /// The cfg predicate of `gate`: `feature = "org"`, `any(…)`; `None`
    /// for every build.
    pub fn predicate(&self, gate: &Gate) -> Option<TokenStream> {
        let Gate::Any { resources, full } = gate else {
            return None;
        };
        let names = (self.names.iter().enumerate())
            .filter(|(r, _)| resources.contains(*r))
            .map(|(_, name)| *name)
            .chain(full.then_some(FULL));
        let features: Vec<TokenStream> = names.map(|name| quote!(feature = #name)).collect();
        Some(match features.as_slice() {
            [one] => one.clone(),
            many => quote!(any(#(#many),*)),
        })
    }

    /// `#[cfg(…)]` of `gate`, for an item rustdoc does not show (an impl,
    /// a macro's call, an import, a test).
    pub fn cfg(&self, gate: &Gate) -> TokenStream {
        match self.predicate(gate) {
            Some(predicate) => quote!(#[cfg(#predicate)]),
            None => TokenStream::new(),
        }
    }

    /// `#[cfg(…)]` and the docs.rs note of `gate`, for an item rustdoc
    /// shows.
    pub fn attrs(&self, gate: &Gate) -> TokenStream {
        match self.predicate(gate) {
            Some(predicate) => quote! {
                #[cfg(#predicate)]
                #[cfg_attr(docsrs, doc(cfg(#predicate)))]
            },
            None => TokenStream::new(),
        }
    }
}

/// The gate of a type or enum the resources `reach` reach, of `count`.
fn gate(reach: Bits, count: usize) -> Gate {
    if reach.is_empty() {
        Gate::full_only(count)
    } else if reach == Bits::all(count) {
        Gate::Always
    } else {
        Gate::Any {
            resources: reach,
            full: false,
        }
    }
}

/// Each type an action's code names: its parameters' (the body's among
/// them), its responses', the enum its success decodes into by status, its
/// pages' and their items'.
fn action_types(action: &Action, each: &mut impl FnMut(&TypeRef)) {
    for param in &action.params {
        if let ArgType::Model(ty) = &param.arg {
            each(ty);
        }
    }
    for response in action.success.iter().chain(&action.errors) {
        each(&response.rust);
    }
    each(&action.success_type());
    if let Some(paging) = &action.paging {
        each(&paging.page);
        each(&paging.item);
    }
    for event in action.stream.iter().flat_map(|s| &s.events) {
        each(&event.rust);
    }
}

/// The types a type's definition names.
fn type_refs(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            fields.iter().map(|f| &f.ty).chain(additional).collect()
        }
        TypeKind::Enum { .. } => Vec::new(),
        TypeKind::Union { variants } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias { target } => vec![target],
        TypeKind::ByStatus { variants } => variants.iter().map(|v| &v.ty).collect(),
    }
}

/// Calls `each` with every named type in `ty`.
fn named<'t>(ty: &'t TypeRef, each: &mut impl FnMut(&'t str)) {
    match ty {
        TypeRef::Named(name) => each(name),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => named(inner, each),
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::Value
        | TypeRef::Unit => {}
    }
}
