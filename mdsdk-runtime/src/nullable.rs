//! A property that the docs say may be left out and may be `null`: three
//! states, where `Option` has two.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of a property that is optional and nullable: left out, `null`,
/// or a value, each sent as itself.
///
/// In a request body the difference matters: a PATCH that sets a property
/// to `null` clears it on the server, one that leaves it out leaves it as
/// it is. `Option` cannot say both, so such a property is a `Nullable`:
///
/// ```
/// use mdsdk_runtime::Nullable;
///
/// let left_out: Nullable<String> = Nullable::Absent; // also `Default::default()`
/// let cleared: Nullable<String> = Nullable::Null; // sent as `null`
/// let set: Nullable<String> = "parent-1".into(); // sent as `"parent-1"`
/// assert_eq!(set.value().map(String::as_str), Some("parent-1"));
/// assert!(left_out.is_absent() && cleared.is_null());
/// ```
///
/// A response decodes the same way: a property the server left out is
/// `Absent`, one it sent as `null` is `Null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Left out: not written at all.
    #[default]
    Absent,
    /// Written as `null`.
    Null,
    /// Written as the value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, taking it out.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// A `Nullable` of a reference to the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value mapped by `f`, absent and null kept as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

/// A value: `parent_id: id.into()`.
impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// A string value from text: `name: "Renamed".into()`.
impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

/// `null` for `Absent` and `Null` (a struct leaves out an absent property
/// before it gets here), else the value.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => s.serialize_some(value),
            Nullable::Absent | Nullable::Null => s.serialize_none(),
        }
    }
}

/// `null` as `Null`, anything else as the value (a struct decodes a
/// property it does not find as `Absent`).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(d)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_states_convert_and_map() {
        let value: Nullable<String> = "a".into();
        assert_eq!(value, Nullable::Value("a".to_owned()));
        assert_eq!(value.as_ref().map(String::len), Nullable::Value(1));
        assert_eq!(value.clone().into_value().as_deref(), Some("a"));
        assert_eq!(Nullable::<u8>::default(), Nullable::Absent);
        assert_eq!(Nullable::<u8>::Null.map(|n| n + 1), Nullable::Null);
        assert_eq!(Nullable::<u8>::Absent.map(|n| n + 1), Nullable::Absent);
        assert_eq!(Nullable::from(7u8).value(), Some(&7));
        assert_eq!(Nullable::<u8>::Null.value(), None);
        assert_eq!(Nullable::<u8>::Absent.into_value(), None);
        assert!(!value.is_null() && !value.is_absent());
    }

    #[test]
    fn null_and_values_travel_as_themselves() {
        let decoded: Vec<Nullable<u8>> = serde_json::from_str("[null, 1]").unwrap();
        assert_eq!(decoded, [Nullable::Null, Nullable::Value(1)]);
        let all = [Nullable::Absent, Nullable::Null, Nullable::Value(2u8)];
        assert_eq!(serde_json::to_string(&all).unwrap(), "[null,null,2]");
    }
}
