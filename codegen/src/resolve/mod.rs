//! JSON Schemas to Rust types, in phases, each a function with its own
//! input and output:
//!
//! 1. [`walk`]: one walk over the documented schemas finds their types,
//!    each object, string enum and union nested in them a shape interned
//!    by its structure ([`keys`]), so a sub-schema copied under many
//!    parents (the `role` enum, say) is one type; problems are reported.
//! 2. [`crate::identifiers::shapes`]: the name of each place of each
//!    shape, an alias where places name one shape differently.
//! 3. [`build`]: the type definitions, in the order the walk met them,
//!    each followed by its aliases.
//! 4. [`cycles`]: types that contain themselves are boxed.
//! 5. [`typed`]: names and types written onto the IR, and the enums of
//!    actions whose success statuses carry different bodies ([`by_status`]);
//!    large structs held by enums boxed ([`boxed_variants`]); paged lists found
//!    ([`paging`]).
//!
//! What cannot be typed is a `serde_json::Value`, with a warning naming the
//! schema and JSON pointer.

mod boxed_variants;
mod build;
mod by_status;
mod cycles;
mod keys;
mod merge;
mod notes;
mod paging;
pub(crate) mod refs;
pub(crate) mod shape;
mod site;
mod typed;
mod walk;

use crate::diagnostic::Diagnostics;
use crate::identifiers::{Lock, Names};
use crate::ir::{Api, Linked, Schema, Typed};
use crate::source::Sources;
use crate::types::{TypeDef, TypeRef};

/// How many sub-schemas deep the resolver follows a schema.
pub const MAX_DEPTH: usize = crate::limits::SCHEMA_DEPTH;

/// The Rust types of the schemas, and the typed IR: names and types
/// written onto each schema, parameter and response ([`typed`]).
pub fn resolve(
    api: Api<Linked>,
    mut names: Names,
    lock: &Lock,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Api<Typed> {
    let (schema_types, defs) = schema_types(&api.schemas, &mut names, lock, sources, diags);
    typed::assemble(api, names, schema_types, defs, diags)
}

/// Each documented schema's type (its own name: a struct, enum or union,
/// or an alias), and the type definitions they need.
fn schema_types(
    schemas: &[Schema<Linked>],
    names: &mut Names,
    lock: &Lock,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> (Vec<TypeRef>, Vec<TypeDef>) {
    let schema_names = &names.schemas;
    let found = walk::walk(schemas, schema_names, lock, sources, diags);
    let place_names =
        crate::identifiers::shapes::assign(&found.shapes, schema_names, &mut names.types, lock);
    let named = build::Named {
        shapes: &place_names,
        schemas: schema_names,
    };
    let mut defs = build::defs(&found, &named);
    for name in cycles::break_alias_cycles(&mut defs) {
        if let Some(i) = schema_names.iter().position(|n| *n == name) {
            diags.error(
                &schemas[i].loc,
                format!(
                    "schema `{}` is an alias of itself: its `$ref`s lead back to it with no list or object between",
                    schemas[i].title
                ),
                "give the schema a type of its own, or point its `$ref` at another schema",
            );
        }
    }
    cycles::box_cycles(&mut defs);
    let types = schema_names
        .iter()
        .map(|name| TypeRef::Named(name.clone()))
        .collect();
    (types, defs)
}
