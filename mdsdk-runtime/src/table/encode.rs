//! Encoding a struct from its table: a property per field that is not
//! left out, in the table's order, then the other properties it keeps.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::codec::Codec;
use super::{Rest, Table, json};

/// Writes `value` as a JSON object, as its table says.
///
/// # Safety
///
/// `table` describes `S` (see [`Table`]).
pub unsafe fn serialize<S, Z: Serializer>(
    value: &S,
    table: &Table,
    serializer: Z,
) -> Result<Z::Ok, Z::Error> {
    let mut map = serializer.serialize_map(None)?;
    let base = (value as *const S).cast::<u8>();
    for field in table.fields {
        // SAFETY: as `table` describes `S`, an initialised field of the
        // codec's type lives at the offset, borrowed as long as `value` is.
        let slot = unsafe { base.add(field.offset) };
        if unsafe { (field.codec.written)(slot) } {
            let written = FieldValue {
                codec: field.codec,
                slot,
                _value: std::marker::PhantomData,
            };
            map.serialize_entry(field.wire, &written)?;
        }
    }
    if let Rest::Keep(offset) = table.rest {
        // SAFETY: as `table` describes `S`, a `Map` lives at `offset`.
        let rest = unsafe { &*base.add(offset).cast::<Map<String, Value>>() };
        for (key, value) in rest {
            map.serialize_entry(key, value)?;
        }
    }
    map.end()
}

/// The value of one field, written by its codec.
struct FieldValue<'a> {
    codec: &'static Codec,
    slot: *const u8,
    /// The field is borrowed from the struct being written.
    _value: std::marker::PhantomData<&'a ()>,
}

impl Serialize for FieldValue<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        // SAFETY: the slot is an initialised field of the codec's type.
        unsafe { json::write(self.codec, self.slot, serializer) }
    }
}
