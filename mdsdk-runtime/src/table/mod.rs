//! Models as data: the wire form of a generated struct as a static table
//! of its properties, read and written by one function for all structs.
//!
//! A body of code per struct (what serde's derives write, and what
//! `json_struct!` wrote before) is what the compiler spends its time on in
//! a crate of hundreds of models: each property's decode is a generic call
//! that rustc type-checks and borrow-checks once per struct. Here a struct
//! contributes a constant instead: per property its JSON name, the field's
//! offset and a [`Codec`], the functions that read and write a field of that
//! Rust type, instantiated once per type (not per struct) and only when the
//! crate is built, never when it is checked.
//!
//! The functions work on a field by its offset, so the table must describe
//! the struct exactly: [`serialize`] and [`deserialize`] are `unsafe` to
//! call, and only `json_struct!` calls them, beside the proof that its
//! table is right (see the macro).

mod codec;
mod decode;
mod encode;
mod json;
#[cfg(test)]
mod tests;

pub use codec::{AnyField, Codec, Kind, NullableField, OptionalField, RequiredField};
pub use decode::deserialize;
pub use encode::serialize;

/// One property of a struct: its JSON name, and where and how its field is
/// read and written.
pub struct Field {
    wire: &'static str,
    offset: usize,
    codec: &'static Codec,
}

impl Field {
    /// The property `wire`, held by the field at `offset`, of the Rust type
    /// that `K` reads ([`Kind::Slot`]).
    pub const fn new<K: Kind>(wire: &'static str, offset: usize) -> Field {
        Field {
            wire,
            offset,
            codec: codec::of::<K>(),
        }
    }
}

/// What a struct does with the properties its table does not list.
#[derive(Clone, Copy)]
pub enum Rest {
    /// Skips them (noting them for the report of undocumented properties).
    Skip,
    /// Keeps them, as written, in the `serde_json::Map<String, Value>` at
    /// this offset.
    Keep(usize),
}

/// The table of a struct's properties.
///
/// It describes its struct when `fields` lists every field of it but the
/// one `rest` names, each once, each with its offset and a codec of its
/// type, and `rest` is `Keep` only with the offset of a field of type
/// `serde_json::Map<String, Value>`. Decoding relies on that to initialise
/// the whole struct.
pub struct Table {
    /// The struct's name, for errors.
    pub name: &'static str,
    /// Its properties, in the order they are written.
    pub fields: &'static [Field],
    /// What it does with other properties.
    pub rest: Rest,
}
