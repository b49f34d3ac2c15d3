//! Decoding a struct from its table: one pass over the object, each
//! property read into its field in place.

use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::{Field, Rest, Table, json};
use crate::de::{self, Key};

/// Reads a `S` from a JSON object, as its table says.
///
/// # Safety
///
/// `table` describes `S` (see [`Table`]).
pub unsafe fn deserialize<'de, S, D: Deserializer<'de>>(
    d: D,
    table: &'static Table,
) -> Result<S, D::Error> {
    d.deserialize_map(TableVisitor::<S> {
        table,
        _struct: PhantomData,
    })
}

/// Reads a struct that `table` describes.
struct TableVisitor<S> {
    table: &'static Table,
    _struct: PhantomData<S>,
}

impl<'de, S> Visitor<'de> for TableVisitor<S> {
    type Value = S;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object for `{}`", self.table.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S, A::Error> {
        let mut partial = Partial::<S>::new(self.table);
        // Properties mostly come in the order the docs list them: look for
        // each after the one before.
        let mut next = 0;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match find(self.table.fields, key.as_str(), next) {
                Some(at) => {
                    next = at + 1;
                    map.next_value_seed(partial.field(at))?;
                    partial.seen.insert(at);
                }
                None => match partial.rest() {
                    Some(rest) => de::extra(&mut map, key, rest)?,
                    None => {
                        de::unlisted(key.as_str());
                        map.next_value::<IgnoredAny>()?;
                    }
                },
            }
        }
        partial.finish()
    }
}

/// The index of the field of property `wire`, looked for from `from` on,
/// then from the start.
fn find(fields: &[Field], wire: &str, from: usize) -> Option<usize> {
    let from = from.min(fields.len());
    let (before, after) = fields.split_at(from);
    after
        .iter()
        .position(|field| field.wire == wire)
        .map(|at| from + at)
        .or_else(|| before.iter().position(|field| field.wire == wire))
}

/// A struct being read: the fields read so far are initialised, and the
/// map of other properties when the struct keeps them. Dropped before it is
/// finished (an error, a panic), it drops those.
struct Partial<S> {
    /// Describes `S`, as `deserialize`'s caller promised.
    table: &'static Table,
    out: MaybeUninit<S>,
    seen: Seen,
    rest_ready: bool,
}

impl<S> Partial<S> {
    fn new(table: &'static Table) -> Self {
        let mut partial = Partial {
            table,
            out: MaybeUninit::uninit(),
            seen: Seen::new(table.fields.len()),
            rest_ready: false,
        };
        if let Rest::Keep(offset) = table.rest {
            // SAFETY: as the table describes `S`, a `Map` lives at `offset`.
            unsafe {
                partial
                    .at(offset)
                    .cast::<Map<String, Value>>()
                    .write(Map::new())
            };
            partial.rest_ready = true;
        }
        partial
    }

    fn at(&mut self, offset: usize) -> *mut u8 {
        // SAFETY: as the table describes `S`, offsets are within it.
        unsafe { self.out.as_mut_ptr().cast::<u8>().add(offset) }
    }

    /// The seed that reads field `at` in place.
    fn field(&mut self, at: usize) -> FieldSeed<'_> {
        let field = &self.table.fields[at];
        FieldSeed {
            codec: field.codec,
            slot: self.at(field.offset),
            set: self.seen.contains(at),
            _partial: PhantomData,
        }
    }

    fn rest(&mut self) -> Option<&mut Map<String, Value>> {
        match self.table.rest {
            // SAFETY: initialised in `new`.
            Rest::Keep(offset) => Some(unsafe { &mut *self.at(offset).cast() }),
            Rest::Skip => None,
        }
    }

    /// The struct, once every field left out is given its value (or a
    /// required one missing is an error).
    fn finish<E: Error>(mut self) -> Result<S, E> {
        for (at, field) in self.table.fields.iter().enumerate() {
            if !self.seen.contains(at) {
                // SAFETY: the field is not initialised.
                if !unsafe { (field.codec.left_out)(self.at(field.offset)) } {
                    return Err(E::missing_field(field.wire));
                }
                self.seen.insert(at);
            }
        }
        // SAFETY: every field is initialised (as the table describes `S`,
        // its fields and the rest are all of them).
        let out = unsafe { self.out.assume_init_read() };
        // What `out` now owns, `self` must not drop.
        self.seen.clear();
        self.rest_ready = false;
        Ok(out)
    }
}

impl<S> Drop for Partial<S> {
    fn drop(&mut self) {
        for (at, field) in self.table.fields.iter().enumerate() {
            if self.seen.contains(at) {
                // SAFETY: initialised, and dropped once.
                unsafe { (field.codec.drop)(self.at(field.offset)) }
            }
        }
        if let (Rest::Keep(offset), true) = (self.table.rest, self.rest_ready) {
            // SAFETY: initialised in `new`, dropped once.
            unsafe { self.at(offset).cast::<Map<String, Value>>().drop_in_place() }
        }
    }
}

/// Reads one property's value into its field.
struct FieldSeed<'a> {
    codec: &'static super::Codec,
    slot: *mut u8,
    set: bool,
    /// The field is borrowed from the struct being read.
    _partial: PhantomData<&'a mut ()>,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        // SAFETY: the slot is the field of the codec's type, `set` says
        // whether it is initialised.
        unsafe { json::read(self.codec, self.slot, self.set, d) }
    }
}

/// Which fields hold a value: a bit per field, on the stack up to 128.
pub(super) struct Seen {
    first: u128,
    more: Vec<u128>,
}

impl Seen {
    pub(super) fn new(fields: usize) -> Self {
        Seen {
            first: 0,
            more: vec![0; fields.saturating_sub(1) / 128],
        }
    }

    pub(super) fn contains(&self, at: usize) -> bool {
        let word = if at < 128 {
            self.first
        } else {
            self.more[at / 128 - 1]
        };
        word & (1 << (at % 128)) != 0
    }

    pub(super) fn insert(&mut self, at: usize) {
        let word = if at < 128 {
            &mut self.first
        } else {
            &mut self.more[at / 128 - 1]
        };
        *word |= 1 << (at % 128);
    }

    pub(super) fn clear(&mut self) {
        self.first = 0;
        self.more.iter_mut().for_each(|word| *word = 0);
    }
}
