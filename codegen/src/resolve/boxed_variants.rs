//! Large structs held by enums are boxed.
//!
//! An enum is as large as its largest variant: the by-status enum of an
//! action whose 200 holds a whole `Application` (2 KB of fields) beside a
//! 202 holding a small job handle, or a union with an object form beside
//! a string, would be kilobytes wherever it is moved, and clippy's
//! `large_enum_variant` (a variant 200 bytes larger than the next) rightly
//! fails the generated crate. So a variant of a union or by-status enum
//! whose payload is estimated at [`LARGE`] bytes or more holds it in a
//! `Box`; the small ones (text, numbers, lists, a struct of a few fields)
//! stay as they are, to be matched without a deref.
//!
//! The estimate follows each type's layout on a 64-bit target, rounding
//! up where a niche might save a word, so a payload left unboxed is at
//! most about [`LARGE`] bytes and no two unboxed variants differ by 200.

use std::collections::HashMap;

use crate::types::{TypeDef, TypeKind, TypeRef};

/// The estimated size from which a variant's payload is boxed.
const LARGE: usize = 128;

/// A word: a pointer, a length, an `f64`, an enum's tag rounded up.
const WORD: usize = 8;

/// Boxes the large payloads of the union and by-status enums of `defs`.
pub fn box_large_variants(defs: &mut [TypeDef]) {
    let mut sizes = Sizes {
        defs: defs
            .iter()
            .map(|d| (d.name.clone(), d.kind.clone()))
            .collect(),
        known: HashMap::new(),
    };
    for def in defs.iter_mut() {
        let payloads: Vec<&mut TypeRef> = match &mut def.kind {
            TypeKind::Union { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::ByStatus { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
            _ => continue,
        };
        for ty in payloads {
            if !matches!(ty, TypeRef::Box(_)) && sizes.of(ty) >= LARGE {
                *ty = TypeRef::Box(Box::new(ty.clone()));
            }
        }
    }
}

/// The estimated size of each named type, computed once.
struct Sizes {
    defs: HashMap<String, TypeKind>,
    known: HashMap<String, usize>,
}

impl Sizes {
    fn of(&mut self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Unit => 0,
            TypeRef::Bool => 1,
            TypeRef::Integer | TypeRef::Number | TypeRef::Box(_) => WORD,
            TypeRef::String | TypeRef::Vec(_) => 3 * WORD,
            // serde_json's `Map` keeps insertion order: an index map.
            TypeRef::Map(value) if **value == TypeRef::Value => 9 * WORD,
            TypeRef::Map(_) => 3 * WORD,
            TypeRef::Value => 10 * WORD,
            TypeRef::Option(inner) => self.of(inner) + WORD,
            TypeRef::Named(name) => self.named(name),
        }
    }

    fn named(&mut self, name: &str) -> usize {
        if let Some(&size) = self.known.get(name) {
            return size;
        }
        // A type that holds itself does so behind a `Box` or a list: while
        // it is being measured, it counts as a word.
        self.known.insert(name.to_owned(), WORD);
        let Some(kind) = self.defs.get(name).cloned() else {
            return WORD;
        };
        let size = match &kind {
            TypeKind::Alias { target } => self.of(target),
            TypeKind::Enum { .. } => 4 * WORD,
            TypeKind::Struct { fields, additional } => {
                let fields: usize = fields
                    .iter()
                    .map(|f| {
                        // An optional or nullable field holds a tag beside
                        // its value (`Option`, `Nullable`).
                        let tagged = !f.required || f.nullable;
                        self.of(&f.ty) + if tagged { WORD } else { 0 }
                    })
                    .sum();
                let extra = match additional {
                    Some(ty) => self.of(&TypeRef::Map(Box::new(ty.clone()))),
                    None => 0,
                };
                fields + extra
            }
            TypeKind::Union { variants } => {
                variants.iter().map(|v| self.of(&v.ty)).max().unwrap_or(0) + WORD
            }
            TypeKind::ByStatus { variants } => {
                variants.iter().map(|v| self.of(&v.ty)).max().unwrap_or(0) + WORD
            }
        };
        self.known.insert(name.to_owned(), size);
        size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Field, StatusVariant};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            wire: name.into(),
            name: name.into(),
            ty,
            required: false,
            nullable: false,
            doc: String::new(),
            notes: Vec::new(),
        }
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: String::new(),
            origin: String::new(),
            places: Vec::new(),
            example: None,
            kind,
        }
    }

    #[test]
    fn only_a_large_payload_is_boxed() {
        let big = (0..8)
            .map(|i| field(&format!("f{i}"), TypeRef::String))
            .collect();
        let small = vec![field("jobId", TypeRef::String)];
        let mut defs = vec![
            def(
                "Big",
                TypeKind::Struct {
                    fields: big,
                    additional: None,
                },
            ),
            def(
                "Small",
                TypeKind::Struct {
                    fields: small,
                    additional: Some(TypeRef::Value),
                },
            ),
            def(
                "PatchResponse",
                TypeKind::ByStatus {
                    variants: [(200, "Big"), (202, "Small")]
                        .map(|(code, ty)| StatusVariant {
                            code,
                            name: code.to_string(),
                            ty: TypeRef::Named(ty.into()),
                            doc: String::new(),
                        })
                        .to_vec(),
                },
            ),
        ];
        box_large_variants(&mut defs);
        let TypeKind::ByStatus { variants } = &defs[2].kind else {
            unreachable!()
        };
        assert_eq!(variants[0].ty.to_string(), "Box<Big>");
        assert_eq!(variants[1].ty.to_string(), "Small");
    }
}
