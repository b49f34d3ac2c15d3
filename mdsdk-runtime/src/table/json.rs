//! Reading and writing a field: by the codec's function for serde_json's
//! own deserializer (or serializer) when that is what reads (or writes) it,
//! through `erased-serde` for any other.
//!
//! The table's functions cannot be generic over the deserializer (a table
//! is data), so some deserializer must be named in them. The client decodes
//! every response with `serde_json::Deserializer` over a byte slice (as
//! `serde_json::from_slice` does), and writes every body with
//! `serde_json::to_vec`: for those the codec has a function of its own,
//! where the field's type and the (de)serializer are both known and the
//! work is about as fast as a body of code per struct. Any other
//! (`from_str`, `from_value`, another format, a wrapper such as
//! `serde_path_to_error`) goes through a trait object, correct and slower.
//! Each function a codec has is compiled for every field type of the
//! crate, so they are kept to what the client uses: three more fast paths
//! (a `str`, a `Value`, a `&Value`) made a cold build of the synthetic
//! crate half as long again.

use std::mem::ManuallyDrop;

use serde::de::{Deserializer, Error};
use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::de::SliceRead;

use super::codec::Codec;

/// Reads the field at `slot` with `codec` from `d`.
///
/// # Safety
///
/// As for the codec's functions: `slot` is the address of a field of the
/// codec's type, initialised when `set`.
pub(super) unsafe fn read<'de, D: Deserializer<'de>>(
    codec: &Codec,
    slot: *mut u8,
    set: bool,
    d: D,
) -> Result<(), D::Error> {
    // SAFETY: `D` is serde_json's deserializer of a slice when the types
    // are equal but for lifetimes; the slice it reads is `'de` (it
    // implements `Deserializer<'de>` for that one only), and the borrow is
    // used here only, while `d` is.
    let d = match unsafe { same::<D, &mut serde_json::Deserializer<SliceRead<'de>>>(d) } {
        Ok(json) => return json_error::<D>(unsafe { (codec.read_slice)(slot, set, json) }),
        Err(d) => d,
    };
    let mut erased = <dyn erased_serde::Deserializer>::erase(d);
    // SAFETY: as the caller promised.
    unsafe { (codec.read_erased)(slot, set, &mut erased) }.map_err(D::Error::custom)
}

/// Writes the field at `slot` with `codec` to `serializer`: by the codec's
/// function for serde_json's serializer into a `Vec` (`serde_json::to_vec`,
/// which the client sends bodies with), through `erased-serde` to any
/// other.
///
/// # Safety
///
/// `slot` is the address of an initialised field of the codec's type.
pub(super) unsafe fn write<Z: Serializer>(
    codec: &Codec,
    slot: *const u8,
    serializer: Z,
) -> Result<Z::Ok, Z::Error> {
    // SAFETY: serde_json's serializer when the types are equal but for
    // lifetimes; the borrows are used here only, while `serializer` is.
    let serializer =
        match unsafe { same::<Z, &mut serde_json::Serializer<&mut Vec<u8>>>(serializer) } {
            Ok(json) => {
                let written = unsafe { (codec.write_vec)(slot, json) };
                // SAFETY: `Z` is serde_json's serializer: its `Ok` is `()`, its
                // error serde_json's; neither has a lifetime.
                return match written {
                    Ok(()) => unsafe { same::<(), Z::Ok>(()) }
                        .map_err(|()| Z::Error::custom("not serde_json's serializer")),
                    Err(error) => Err(unsafe { same::<serde_json::Error, Z::Error>(error) }
                        .unwrap_or_else(Z::Error::custom)),
                };
            }
            Err(serializer) => serializer,
        };
    // SAFETY: as the caller promised.
    match unsafe { (codec.value)(slot) } {
        Some(value) => unsafe { &*value }.serialize(serializer),
        None => serializer.serialize_unit(),
    }
}

/// serde_json's error as the error of `D`, which is serde_json's
/// deserializer.
fn json_error<'de, D: Deserializer<'de>>(result: serde_json::Result<()>) -> Result<(), D::Error> {
    result.map_err(|error| {
        // SAFETY: `serde_json::Error` has no lifetime.
        match unsafe { same::<serde_json::Error, D::Error>(error) } {
            Ok(same) => same,
            Err(error) => D::Error::custom(error),
        }
    })
}

/// `value` as a `U`, when `T` and `U` are one type but for lifetimes.
///
/// # Safety
///
/// Where the types are equal but for lifetimes, the caller makes sure those
/// of `U` are ones `value` has (or outlives while `U` is used).
unsafe fn same<T, U>(value: T) -> Result<U, T> {
    if typeid::of::<T>() == typeid::of::<U>() {
        let value = ManuallyDrop::new(value);
        // SAFETY: the same type (and layout), moved out once.
        Ok(unsafe { std::mem::transmute_copy::<T, U>(&value) })
    } else {
        Err(value)
    }
}
