//! What the walk of the schemas finds, before names are chosen: types that
//! refer to shapes and documented schemas by handle, and the shapes
//! themselves with every place they were met.

use crate::types::{Note, TypeRef, Variant};

/// A named type the walk found: a struct, string enum or union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShapeId(pub u32);

impl ShapeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A type before names are chosen: its named types are handles.
pub type Ty = TypeRef<Handle>;

/// A named type the walk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handle {
    /// A shape nested in the schemas, as one of its places (by index in
    /// its `sites`) names it: each place may name it its own way.
    Place(ShapeId, u32),
    /// A documented schema's type, by index: its own name.
    Schema(usize),
}

impl Handle {
    pub fn ty(self) -> Ty {
        TypeRef::Named(self)
    }
}

/// A named type: what it holds, and where it was met.
#[derive(Debug)]
pub struct Shape {
    /// `None` while the walk builds it (its fields may refer to it).
    pub kind: Option<ShapeKind>,
    pub doc: String,
    /// The schema doc's example, for a documented schema's own shape.
    pub example: Option<String>,
    /// The documented schema whose root it is.
    pub owner: Option<usize>,
    /// Each place it was met, in the order met.
    pub sites: Vec<ShapeSite>,
}

/// A place a shape was met, and the names it suggests.
#[derive(Debug, Clone)]
pub struct ShapeSite {
    pub names: SiteNames,
    /// `anchor#/json/pointer`: what the names lock keeps its name under.
    pub origin: String,
}

/// The names a place suggests for the shape there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteNames {
    /// From the property: `Role`.
    pub short: String,
    /// With the parents in front: `OrganizationMemberRole`.
    pub qualified: String,
}

#[derive(Debug)]
pub enum ShapeKind {
    Struct {
        fields: Vec<FieldTy>,
        additional: Option<Ty>,
    },
    Enum {
        variants: Vec<Variant>,
    },
    Union {
        variants: Vec<UnionVariantTy>,
    },
}

/// A struct field before names: [`Field`](crate::types::Field) with a [`Ty`].
#[derive(Debug)]
pub struct FieldTy {
    pub wire: String,
    pub name: String,
    /// `null` aside: [`Ty::Option`] of a property is `nullable`.
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub doc: String,
    pub notes: Vec<Note>,
}

/// A union variant: named after its JSON kind, or, for a `$ref` to a named
/// type, after that type.
#[derive(Debug)]
pub struct UnionVariantTy {
    /// The name of its JSON kind (`String`), or `Value` for several.
    pub kind: &'static str,
    pub is_ref: bool,
    pub ty: Ty,
}

/// A type definition of the models module, in emission order: a type
/// precedes the types first met inside it.
#[derive(Debug)]
pub enum Slot {
    Shape(ShapeId),
    /// A documented schema whose root is not a shape of its own (a list, a
    /// map, a scalar, another type): an alias, after the types met in it.
    Alias {
        schema: usize,
        target: Ty,
        doc: String,
        example: Option<String>,
        origin: String,
    },
}
