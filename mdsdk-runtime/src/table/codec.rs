//! A [`Codec`]: the functions that read, write, leave out and drop a field
//! of one Rust type, found by its address. One per field type and kind
//! (`Option<String>` read as an optional property), shared by every struct
//! with such a field.

use std::marker::PhantomData;

use erased_serde::{Deserializer as ErasedDeserializer, Serialize as ErasedSerialize};
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::{Serialize, Serializer};
use serde_json::de::SliceRead;

/// How a field of one Rust type is read and written, by its address.
///
/// Every function takes the address of a field of the type the codec was
/// made for ([`Kind::Slot`]); `set` says whether it holds a value (which a
/// read then drops) or is not yet initialised.
pub struct Codec {
    pub(super) read_slice: unsafe fn(
        *mut u8,
        bool,
        &mut serde_json::Deserializer<SliceRead<'_>>,
    ) -> serde_json::Result<()>,
    pub(super) read_erased: unsafe fn(
        *mut u8,
        bool,
        &mut dyn ErasedDeserializer<'_>,
    ) -> Result<(), erased_serde::Error>,
    /// Whether the property is written (not left out).
    pub(super) written: unsafe fn(*const u8) -> bool,
    /// Writes a written property's value, as `serde_json::to_vec` does.
    pub(super) write_vec:
        unsafe fn(*const u8, &mut serde_json::Serializer<&mut Vec<u8>>) -> serde_json::Result<()>,
    /// The value to write, to any other serializer; `None` when left out.
    pub(super) value: unsafe fn(*const u8) -> Option<*const dyn ErasedSerialize>,
    /// Initialises the field of a property the input left out; `false`
    /// when the property is required.
    pub(super) left_out: unsafe fn(*mut u8) -> bool,
    pub(super) drop: unsafe fn(*mut u8),
}

/// How a property is read into its field, and written from it: the kinds
/// of `json_struct!`.
pub trait Kind: 'static {
    /// The field's type.
    type Slot: 'static;
    /// Reads a present property (`null` included).
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Slot, D::Error>;
    /// What is written of a field.
    type Written: Serialize + 'static;
    /// What is written of the field, or `None` to leave the property out.
    fn written(slot: &Self::Slot) -> Option<&Self::Written>;
    /// The field of a property the input left out; `None` when that is an
    /// error.
    fn left_out() -> Option<Self::Slot>;
}

/// `required T`: a field `T`; a property left out is an error.
pub struct RequiredField<T>(PhantomData<T>);
/// `optional T`: a field `Option<T>`; left out or `null` is `None`.
pub struct OptionalField<T>(PhantomData<T>);
/// `optional_any T`: a field `Option<T>` of a type that holds `null` itself
/// (a JSON value): left out is `None`, `null` is `Some`.
pub struct AnyField<T>(PhantomData<T>);
/// `nullable T`: a field [`Nullable<T>`](crate::Nullable), three states.
pub struct NullableField<T>(PhantomData<T>);

impl<T: Serialize + DeserializeOwned + 'static> Kind for RequiredField<T> {
    type Slot = T;
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
    type Written = T;
    fn written(slot: &T) -> Option<&T> {
        Some(slot)
    }
    fn left_out() -> Option<T> {
        None
    }
}

impl<T: Serialize + DeserializeOwned + 'static> Kind for OptionalField<T> {
    type Slot = Option<T>;
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Option::deserialize(d)
    }
    type Written = T;
    fn written(slot: &Option<T>) -> Option<&T> {
        slot.as_ref()
    }
    fn left_out() -> Option<Option<T>> {
        Some(None)
    }
}

impl<T: Serialize + DeserializeOwned + 'static> Kind for AnyField<T> {
    type Slot = Option<T>;
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }
    type Written = T;
    fn written(slot: &Option<T>) -> Option<&T> {
        slot.as_ref()
    }
    fn left_out() -> Option<Option<T>> {
        Some(None)
    }
}

impl<T: Serialize + DeserializeOwned + 'static> Kind for NullableField<T> {
    type Slot = crate::Nullable<T>;
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<crate::Nullable<T>, D::Error> {
        crate::Nullable::deserialize(d)
    }
    type Written = crate::Nullable<T>;
    fn written(slot: &crate::Nullable<T>) -> Option<&crate::Nullable<T>> {
        (!slot.is_absent()).then_some(slot)
    }
    fn left_out() -> Option<crate::Nullable<T>> {
        Some(crate::Nullable::Absent)
    }
}

/// The codec of `K`'s fields.
pub(super) const fn of<K: Kind>() -> &'static Codec {
    Of::<K>::CODEC
}

struct Of<K>(PhantomData<K>);

impl<K: Kind> Of<K> {
    const CODEC: &'static Codec = &Codec {
        read_slice: read_slice::<K>,
        read_erased: read_erased::<K>,
        written: written::<K>,
        write_vec: write_vec::<K>,
        value: value::<K>,
        left_out: left_out::<K>,
        drop: drop_field::<K>,
    };
}

/// Reads into the field at `slot`, dropping what it held when `set`.
///
/// # Safety
///
/// `slot` is the address of a `K::Slot`, initialised when `set`.
unsafe fn read<'de, K: Kind, D: Deserializer<'de>>(
    slot: *mut u8,
    set: bool,
    d: D,
) -> Result<(), D::Error> {
    let value = K::read(d)?;
    let slot = slot.cast::<K::Slot>();
    // SAFETY: as the caller promised.
    unsafe {
        if set {
            drop(slot.replace(value));
        } else {
            slot.write(value);
        }
    }
    Ok(())
}

unsafe fn read_slice<K: Kind>(
    slot: *mut u8,
    set: bool,
    d: &mut serde_json::Deserializer<SliceRead<'_>>,
) -> serde_json::Result<()> {
    // SAFETY: as the caller promised.
    unsafe { read::<K, _>(slot, set, d) }
}

unsafe fn read_erased<K: Kind>(
    slot: *mut u8,
    set: bool,
    d: &mut dyn ErasedDeserializer<'_>,
) -> Result<(), erased_serde::Error> {
    // SAFETY: as the caller promised.
    unsafe { read::<K, _>(slot, set, d) }
}

/// # Safety
///
/// `slot` is the address of an initialised `K::Slot`.
unsafe fn slot<'a, K: Kind>(slot: *const u8) -> &'a K::Slot {
    // SAFETY: as the caller promised.
    unsafe { &*slot.cast::<K::Slot>() }
}

unsafe fn written<K: Kind>(at: *const u8) -> bool {
    // SAFETY: as the caller promised.
    K::written(unsafe { slot::<K>(at) }).is_some()
}

unsafe fn write_vec<K: Kind>(
    at: *const u8,
    serializer: &mut serde_json::Serializer<&mut Vec<u8>>,
) -> serde_json::Result<()> {
    // SAFETY: as the caller promised.
    match K::written(unsafe { slot::<K>(at) }) {
        Some(value) => value.serialize(serializer),
        None => serializer.serialize_unit(),
    }
}

unsafe fn value<K: Kind>(at: *const u8) -> Option<*const dyn ErasedSerialize> {
    // SAFETY: as the caller promised.
    K::written(unsafe { slot::<K>(at) }).map(|value| value as &dyn ErasedSerialize as *const _)
}

unsafe fn left_out<K: Kind>(slot: *mut u8) -> bool {
    match K::left_out() {
        // SAFETY: the caller passes an uninitialised `K::Slot`.
        Some(value) => unsafe {
            slot.cast::<K::Slot>().write(value);
            true
        },
        None => false,
    }
}

unsafe fn drop_field<K: Kind>(slot: *mut u8) {
    // SAFETY: the caller passes an initialised `K::Slot`, dropped once.
    unsafe { slot.cast::<K::Slot>().drop_in_place() }
}
