//! The enum of each action whose success statuses carry different bodies:
//! one variant per documented status, holding that status's body type, so
//! the call stays typed where a single type cannot describe its answer.

use crate::identifiers::status_variant;
use crate::ir::{Resource, Typed};
use crate::types::{StatusVariant, TypeDef, TypeKind};

/// The enums the naming pass named, in the order of their actions.
pub fn defs(resources: &[Resource<Typed>]) -> Vec<TypeDef> {
    let mut defs = Vec::new();
    for resource in resources {
        for action in &resource.actions {
            let Some(name) = &action.idents.responses else {
                continue;
            };
            let variants = action
                .success
                .iter()
                .map(|r| StatusVariant {
                    code: r.code,
                    name: status_variant(r.code),
                    ty: r.rust.clone(),
                    doc: r.description.clone(),
                })
                .collect();
            defs.push(TypeDef {
                name: name.clone(),
                doc: String::new(),
                origin: format!("{}.{}", resource.accessor, action.method),
                places: Vec::new(),
                example: None,
                kind: TypeKind::ByStatus { variants },
            });
        }
    }
    defs
}
