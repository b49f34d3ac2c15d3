//! What each phase of the pipeline knows, said by the IR's types.
//!
//! The IR's fields that a later phase fills in are `P::Known<T>`: `()`
//! while the IR is [`Linked`], `T` once it is [`Typed`]. So a function that
//! takes an `Api<Linked>` cannot read a Rust name or type that does not
//! exist yet, and no phase writes a placeholder for a later one to replace.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A phase of the IR.
pub trait Phase: Debug + Clone + PartialEq + 'static {
    /// A value this phase knows: `T`, or `()` when it is not known yet.
    type Known<T: Data>: Data;

    /// Whether a known optional value is absent (or not known yet), so
    /// the IR's files leave it out.
    fn is_none<T: Data>(value: &Self::Known<Option<T>>) -> bool;

    /// An absent optional value, for a file that leaves it out.
    fn none<T: Data>() -> Self::Known<Option<T>>;

    /// Whether a known list is empty (or not known yet), so the IR's files
    /// leave it out.
    fn is_empty<T: Data>(value: &Self::Known<Vec<T>>) -> bool;

    /// An empty list, for a file that leaves it out.
    fn empty<T: Data>() -> Self::Known<Vec<T>>;
}

/// What an IR field can hold.
pub trait Data: Debug + Clone + PartialEq + Serialize + DeserializeOwned {}

impl<T: Debug + Clone + PartialEq + Serialize + DeserializeOwned> Data for T {}

/// Linked and checked: what the docs and the overlay say, each schema link
/// a handle; no Rust names or types yet.
#[derive(Debug, Clone, PartialEq)]
pub enum Linked {}

/// Named and typed: every Rust identifier and type chosen, ready for
/// emission. What `api.json` holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {}

impl Phase for Linked {
    type Known<T: Data> = ();

    fn is_none<T: Data>(_: &()) -> bool {
        true
    }

    fn none<T: Data>() {}

    fn is_empty<T: Data>(_: &()) -> bool {
        true
    }

    fn empty<T: Data>() {}
}

impl Phase for Typed {
    type Known<T: Data> = T;

    fn is_none<T: Data>(value: &Option<T>) -> bool {
        value.is_none()
    }

    fn none<T: Data>() -> Option<T> {
        None
    }

    fn is_empty<T: Data>(value: &Vec<T>) -> bool {
        value.is_empty()
    }

    fn empty<T: Data>() -> Vec<T> {
        Vec::new()
    }
}
