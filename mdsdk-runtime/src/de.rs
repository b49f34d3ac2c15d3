//! Helpers of the `json_struct!` expansion (`macros.rs`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::kept::{self, Undocumented};

/// An object key, borrowed from the input when it can be.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }
            fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The error of a required property that is missing.
#[doc(hidden)]
pub fn missing<T, E: Error>(wire: &'static str) -> Result<T, E> {
    Err(E::missing_field(wire))
}

/// Notes a property that the struct being read does not describe, for the
/// client's report of undocumented properties.
#[doc(hidden)]
pub fn unlisted(key: &str) {
    crate::undocumented::note(key);
}

/// Keeps the value of a property that the struct being read does not
/// describe in its `extra` map, as written; or skips it, when a `Value`
/// cannot hold it as written (see `kept.rs`). Noted, as [`unlisted`] notes
/// a property, for the client's report of undocumented properties.
#[doc(hidden)]
pub fn extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Map<String, Value>,
) -> Result<(), A::Error> {
    unlisted(key.as_str());
    match kept::undocumented(key.as_str()) {
        Undocumented::Read => {
            extra.insert(key.into_string(), map.next_value()?);
        }
        Undocumented::Skip => {
            map.next_value::<IgnoredAny>()?;
        }
        Undocumented::At { body, at } => {
            map.next_value::<IgnoredAny>()?;
            if let Some(value) = kept::value_at(&body, at) {
                extra.insert(key.into_string(), value);
            }
        }
    }
    Ok(())
}
