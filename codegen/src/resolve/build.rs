//! Phase 3: the type definitions, in the order the walk met them, with
//! every handle replaced by its name, and after each shape an alias for
//! each other name its places give it.

use crate::identifiers::places;
use crate::types::{Field, TypeDef, TypeKind, TypeRef};

use super::notes;
use super::shape::{Handle, Shape, ShapeKind, Slot, Ty};
use super::walk::Found;

/// Names by handle: of each place of each shape, and of the documented
/// schemas.
pub struct Named<'a> {
    pub shapes: &'a [places::Named],
    pub schemas: &'a [String],
}

impl Named<'_> {
    pub fn type_ref(&self, ty: &Ty) -> TypeRef {
        ty.map_names(&|handle| match *handle {
            Handle::Place(id, site) => self.shapes[id.index()].places[site as usize].clone(),
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
                        nullable: f.nullable,
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

    /// A shape's definition, then an alias for each other name its places
    /// give it, each with the places it names.
    fn shape_defs(&self, shape: &Shape, names: &places::Named, out: &mut Vec<TypeDef>) {
        let def = names.definition.clone();
        let mut by_name: Vec<(&str, Vec<&str>)> = Vec::new();
        for (site, name) in shape.sites.iter().zip(&names.places) {
            let origin = site.origin.as_str();
            match by_name.iter_mut().find(|(n, _)| *n == name) {
                Some((_, places)) if !places.contains(&origin) => places.push(origin),
                Some(_) => {}
                None => by_name.push((name, vec![origin])),
            }
        }
        // The definition first, at its first place.
        by_name.sort_by_key(|(name, _)| *name != def);
        for (name, places) in by_name {
            let (origin, places) = places.split_first().expect("a name has a place");
            let places = places.iter().map(|p| (*p).to_owned()).collect();
            let kind = if name == def {
                shape.kind.as_ref().map_or(
                    TypeKind::Alias {
                        target: TypeRef::Value,
                    },
                    |kind| self.kind(kind),
                )
            } else {
                TypeKind::Alias {
                    target: TypeRef::Named(def.clone()),
                }
            };
            out.push(TypeDef {
                name: name.to_owned(),
                doc: shape.doc.clone(),
                origin: (*origin).to_owned(),
                places,
                example: (name == def).then(|| shape.example.clone()).flatten(),
                kind,
            });
        }
    }
}

/// The definitions of the models module.
pub fn defs(found: &Found, named: &Named) -> Vec<TypeDef> {
    let mut out = Vec::with_capacity(found.slots.len());
    for slot in &found.slots {
        match slot {
            Slot::Shape(id) => {
                let shape = &found.shapes[id.index()];
                named.shape_defs(shape, &named.shapes[id.index()], &mut out);
            }
            Slot::Alias {
                schema,
                target,
                doc,
                example,
                origin,
            } => out.push(TypeDef {
                name: named.schemas[*schema].clone(),
                doc: doc.clone(),
                origin: origin.clone(),
                places: Vec::new(),
                example: example.clone(),
                kind: TypeKind::Alias {
                    target: named.type_ref(target),
                },
            }),
        }
    }
    out
}
