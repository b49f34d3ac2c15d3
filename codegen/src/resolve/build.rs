//! Phase 3: the type definitions, in the order the walk met them, with
//! every handle replaced by its name.

use crate::types::{Field, TypeDef, TypeKind, TypeRef};

use super::notes;
use super::shape::{Handle, ShapeKind, Slot, Ty};
use super::walk::Found;

/// Names by handle: of the shapes and of the documented schemas.
pub struct Named<'a> {
    pub shapes: &'a [String],
    pub schemas: &'a [String],
}

impl Named<'_> {
    pub fn type_ref(&self, ty: &Ty) -> TypeRef {
        ty.map_names(&|handle| match *handle {
            Handle::Shape(id) => self.shapes[id.index()].clone(),
            Handle::Schema(i) => self.schemas[i].clone(),
        })
    }

    fn kind(&self, kind: &ShapeKind) -> TypeKind {
        match kind {
            ShapeKind::Struct { fields, additional } => TypeKind::Struct {
                fields: fields
                    .iter()
                    .map(|f| Field {
                        wire: f.wire.clone(),
                        name: f.name.clone(),
                        ty: self.type_ref(&f.ty),
                        required: f.required,
                        doc: f.doc.clone(),
                        notes: f.notes.clone(),
                    })
                    .collect(),
                additional: additional.as_ref().map(|ty| self.type_ref(ty)),
            },
            ShapeKind::Enum { variants } => TypeKind::Enum {
                variants: variants.clone(),
            },
            ShapeKind::Union { variants } => TypeKind::Union {
                variants: notes::union_variants(
                    variants
                        .iter()
                        .map(|v| {
                            let ty = self.type_ref(&v.ty);
                            // A `$ref` variant is named after its type, an inline one after its kind.
                            let name = match &ty {
                                TypeRef::Named(name) if v.is_ref => name.clone(),
                                _ => v.kind.to_owned(),
                            };
                            (name, ty)
                        })
                        .collect(),
                ),
            },
        }
    }
}

/// The definitions of the models module.
pub fn defs(found: &Found, named: &Named) -> Vec<TypeDef> {
    found
        .slots
        .iter()
        .map(|slot| match slot {
            Slot::Shape(id) => {
                let shape = &found.shapes[id.index()];
                TypeDef {
                    name: named.shapes[id.index()].clone(),
                    doc: shape.doc.clone(),
                    origin: shape.origin.clone(),
                    example: shape.example.clone(),
                    kind: shape.kind.as_ref().map_or(
                        TypeKind::Alias {
                            target: TypeRef::Value,
                        },
                        |kind| named.kind(kind),
                    ),
                }
            }
            Slot::Alias {
                schema,
                target,
                doc,
                example,
                origin,
            } => TypeDef {
                name: named.schemas[*schema].clone(),
                doc: doc.clone(),
                origin: origin.clone(),
                example: example.clone(),
                kind: TypeKind::Alias {
                    target: named.type_ref(target),
                },
            },
        })
        .collect()
}
