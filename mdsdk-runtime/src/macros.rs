//! Macros that generated code expands, so each action and each string enum
//! is a few lines of generated code over one tested definition.

use std::fmt;

use serde::de::{Deserializer, Error, Visitor};

/// Implements sending for the request type of one action: a newtype over
/// [`Call`](crate::Call) that sends with `.send()` or `.await` and decodes
/// the documented type.
///
/// ```ignore
/// pub struct Get(mdsdk_runtime::Call);
/// mdsdk_runtime::request!(Get -> crate::models::Organization, crate::models::Error);
/// ```
#[macro_export]
macro_rules! request {
    ($name:ident -> $output:ty, $error:ty) => {
        impl $name {
            /// Sends the request and decodes the response; `.await`ing the
            /// request does the same.
            pub fn send(self) -> $crate::ResponseFuture<$output, $error> {
                self.0.send()
            }

            /// Sends the request and decodes the response, keeping its
            /// status and headers.
            pub fn send_with_response(
                self,
            ) -> $crate::ResponseFuture<$crate::Response<$output>, $error> {
                self.0.send_with_response()
            }
        }

        impl ::core::future::IntoFuture for $name {
            type Output = ::core::result::Result<$output, $crate::Error<$error>>;
            type IntoFuture = $crate::ResponseFuture<$output, $error>;
            fn into_future(self) -> Self::IntoFuture {
                self.0.send()
            }
        }

        impl $crate::Request for $name {
            fn call_mut(&mut self) -> &mut $crate::Call {
                &mut self.0
            }
        }
    };
}

/// Implements the methods of a stream action's request type, a newtype of
/// [`Call`](crate::Call): awaiting it opens the stream.
///
/// ```ignore
/// pub struct StateStream(mdsdk_runtime::Call);
/// mdsdk_runtime::stream_request!(StateStream -> StateStreamEvent, models::Error);
/// ```
#[macro_export]
macro_rules! stream_request {
    ($name:ident -> $event:ty, $error:ty) => {
        impl $name {
            /// Opens the stream; `.await`ing the request does the same.
            pub fn open(
                self,
            ) -> $crate::ResponseFuture<$crate::EventStream<$event, $error>, $error> {
                self.0.open_stream()
            }
        }

        impl ::core::future::IntoFuture for $name {
            type Output =
                ::core::result::Result<$crate::EventStream<$event, $error>, $crate::Error<$error>>;
            type IntoFuture = $crate::ResponseFuture<$crate::EventStream<$event, $error>, $error>;
            fn into_future(self) -> Self::IntoFuture {
                self.0.open_stream()
            }
        }

        impl $crate::Request for $name {
            fn call_mut(&mut self) -> &mut $crate::Call {
                &mut self.0
            }
        }

        impl $crate::StreamRequest for $name {}
    };
}

/// Declares the enum of a stream action's events: one variant per declared
/// event, holding its data's type, and `Unknown` for an event of another
/// name, with its data as text.
///
/// ```ignore
/// mdsdk_runtime::stream_events! {
///     /// The events of `Device::state_stream`.
///     pub enum StateStreamEvent {
///         /// A state report.
///         "deviceState" => DeviceState(models::DeviceState),
///     }
/// }
/// ```
#[macro_export]
macro_rules! stream_events {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $event:literal => $variant:ident($ty:ty)),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        // The names are the docs' events and schemas.
        #[allow(clippy::enum_variant_names)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant($ty),)*
            /// An event the docs do not declare: its name and its data.
            Unknown {
                /// Its name (`event:`).
                name: ::std::string::String,
                /// Its data, as sent.
                data: ::std::string::String,
            },
        }

        impl $crate::StreamEvent for $name {
            const NAMES: &'static [&'static str] = &[$($event),*];

            fn decode(
                event: $crate::Received,
            ) -> ::core::result::Result<Self, $crate::DecodeFailure> {
                match event.name() {
                    $($event => event.decode().map(Self::$variant),)*
                    _ => {
                        let (name, data) = event.into_unknown();
                        ::core::result::Result::Ok(Self::Unknown { name, data })
                    }
                }
            }

            fn encode(
                &self,
            ) -> ::core::result::Result<(&str, ::std::string::String), $crate::serde_json::Error> {
                match self {
                    $(Self::$variant(data) => {
                        ::core::result::Result::Ok(($event, $crate::serde_json::to_string(data)?))
                    })*
                    Self::Unknown { name, data } => ::core::result::Result::Ok((name, data.clone())),
                }
            }
        }
    };
}

/// Implements [`DecodeSuccess`](crate::DecodeSuccess) and
/// [`EncodeSuccess`](crate::EncodeSuccess) for the enum a generated crate
/// declares for an action whose success statuses carry different bodies:
/// one variant per documented status, holding that status's body type, or
/// none for a status without a body.
///
/// ```ignore
/// pub enum PatchResponse { Ok(Devices), Accepted(JobQueued), NoContent }
/// mdsdk_runtime::by_status!(PatchResponse {
///     200 => Ok(Devices),
///     202 => Accepted(JobQueued),
///     204 => NoContent,
/// });
/// ```
#[macro_export]
macro_rules! by_status {
    ($name:ident { $($code:literal => $variant:ident $(($ty:ty))?),* $(,)? }) => {
        impl $crate::DecodeSuccess for $name {
            fn decode<'de, D: $crate::serde::Deserializer<'de>>(
                status: $crate::StatusCode,
                body: D,
            ) -> ::core::result::Result<Self, D::Error> {
                match status.as_u16() {
                    $($code => $crate::__by_status_variant!(body, $variant $(, $ty)?),)*
                    other => ::core::result::Result::Err(
                        <D::Error as $crate::serde::de::Error>::custom(::core::format_args!(
                            "{other} is not a documented success status of `{}`",
                            stringify!($name)
                        )),
                    ),
                }
            }
        }

        impl $crate::EncodeSuccess for $name {
            fn success_status(&self) -> ::core::option::Option<u16> {
                match self {
                    $(Self::$variant { .. } => ::core::option::Option::Some($code),)*
                }
            }

            fn success_json(
                &self,
            ) -> ::core::result::Result<
                ::core::option::Option<::std::vec::Vec<u8>>,
                $crate::serde_json::Error,
            > {
                $($crate::__by_status_json!(self, $variant $(, $ty)?);)*
                ::core::result::Result::Ok(::core::option::Option::None)
            }
        }
    };
}

/// Returns the JSON of `$value` when it is the variant `$variant` with a
/// body; a variant without one falls through to "no body".
#[doc(hidden)]
#[macro_export]
macro_rules! __by_status_json {
    ($value:expr, $variant:ident, $ty:ty) => {
        if let Self::$variant(body) = $value {
            return $crate::serde_json::to_vec(body).map(::core::option::Option::Some);
        }
    };
    ($value:expr, $variant:ident) => {};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __by_status_variant {
    ($body:ident, $variant:ident, $ty:ty) => {
        <$ty as $crate::serde::Deserialize>::deserialize($body).map(Self::$variant)
    };
    ($body:ident, $variant:ident) => {
        <() as $crate::serde::Deserialize>::deserialize($body).map(|()| Self::$variant)
    };
}

/// Implements the wire form of a string enum declared with a last variant
/// `Unknown(String)` that keeps values it does not know: a server that adds
/// a value must never break decoding, and a caller can send a value the
/// docs do not list yet (`From<&str>`, `From<String>`, `From<&String>`). It is a
/// [`ParamValue`](crate::ParamValue), sent as its wire value.
///
/// ```ignore
/// #[non_exhaustive]
/// pub enum Role { Admin, Edit, View, Unknown(String) }
/// mdsdk_runtime::string_enum!(Role { Admin = "admin", Edit = "edit", View = "view" });
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::core::convert::From<&::std::string::String> for $name {
            fn from(value: &::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl $crate::ParamValue for $name {
            fn to_wire(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                $crate::deserialize_str(d, |value| Self::from(value))
            }
        }
    };
}

/// Deserializes a string, borrowed when the input allows, through `from`.
pub fn deserialize_str<'de, D: Deserializer<'de>, T>(
    d: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct StrVisitor<T>(fn(&str) -> T);
    impl<T> Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }
    d.deserialize_str(StrVisitor(from))
}

/// Implements `Serialize` and `Deserialize` for a generated struct as a JSON
/// object: a property per field, then the struct's map of extra properties.
///
/// The struct becomes a [table](crate::table) of its properties (name,
/// field offset, the functions for the field's type), read and written by
/// one function for all structs: a few lines for the compiler per struct,
/// where serde's derives (and this macro before) gave it a body of generic
/// calls per property to type-check and borrow-check (see BENCHMARKS.md).
/// Reading is one pass over the object, each value read in place; unknown
/// properties go to the extra map or are skipped; field paths in errors are
/// kept.
///
/// Each field has a kind, saying how its property is left out or `null`;
/// the type after it is what a present value decodes as:
///
/// | kind | field | left out | `null` |
/// | --- | --- | --- | --- |
/// | `required T` | `T` | an error | as `T` takes it (`Option<T>`: `None`) |
/// | `optional T` | `Option<T>` | `None`, not written | read as `None` |
/// | `nullable T` | [`Nullable<T>`](crate::Nullable) | `Absent`, not written | `Null`, written |
/// | `optional_any T` | `Option<T>` of a JSON value | `None`, not written | `Some(Value::Null)`, written |
///
/// Then, where the schema allows other properties, the field that keeps
/// them: `extra name: Map<String, Value>` (serde_json's) for properties the
/// schema does not describe (noted, as those of a struct without one are,
/// for the client's report of undocumented properties; in a response the
/// client decodes, a value a `Value` cannot hold as written is skipped,
/// see `de::extra`), `map name: BTreeMap<String, T>` for properties it
/// describes by a schema of their own (such a struct, rare, is read and
/// written by a body of code of its own).
///
/// ```ignore
/// mdsdk_runtime::json_struct!(Member {
///     user_id: "userId" optional String,
///     role: "role" required Role,
///     parent_id: "parentId" nullable String,
/// } extra extra: Map<String, Value>);
/// ```
#[macro_export]
macro_rules! json_struct {
    ($name:ident { $($field:ident : $wire:literal $kind:ident $ty:ty),* $(,)? } map $extra:ident : $extra_ty:ty) => {
        $crate::__json_struct_code!($name { $($field : $wire $kind $ty),* } map $extra : $extra_ty);
    };
    ($name:ident { $($field:ident : $wire:literal $kind:ident $ty:ty),* $(,)? } $(extra $extra:ident : $extra_ty:ty)?) => {
        impl $name {
            /// The struct's properties, as its `Serialize` and
            /// `Deserialize` read and write them.
            const TABLE: $crate::table::Table = $crate::table::Table {
                name: ::core::stringify!($name),
                fields: &[$(
                    $crate::table::Field::new::<$crate::__kind!($kind, $ty)>(
                        $wire,
                        ::core::mem::offset_of!($name, $field),
                    )
                ),*],
                rest: $crate::__rest!($name $(, $extra)?),
            };
        }

        const _: () = {
            /// The proof that `TABLE` describes the struct: this compiles
            /// only if the table's fields are all of the struct's, each
            /// once, each of the type its kind reads (and the one `rest`
            /// keeps other properties in, a `Map`); their offsets are the
            /// compiler's.
            #[allow(dead_code, clippy::too_many_arguments)]
            fn fields_of(
                $($field: <$crate::__kind!($kind, $ty) as $crate::table::Kind>::Slot,)*
                $($extra: $crate::serde_json::Map<::std::string::String, $crate::serde_json::Value>,)?
            ) -> $name {
                $name { $($field,)* $($extra)? }
            }
        };

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                // SAFETY: `TABLE` describes the struct (`fields_of`).
                unsafe { $crate::table::serialize(self, &Self::TABLE, s) }
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                // SAFETY: `TABLE` describes the struct (`fields_of`).
                unsafe { $crate::table::deserialize(d, &Self::TABLE) }
            }
        }
    };
}

/// The [`Kind`](crate::table::Kind) of a `json_struct!` field kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __kind {
    (required, $ty:ty) => { $crate::table::RequiredField<$ty> };
    (optional, $ty:ty) => { $crate::table::OptionalField<$ty> };
    (optional_any, $ty:ty) => { $crate::table::AnyField<$ty> };
    (nullable, $ty:ty) => { $crate::table::NullableField<$ty> };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __rest {
    ($name:ident) => {
        $crate::table::Rest::Skip
    };
    ($name:ident, $extra:ident) => {
        $crate::table::Rest::Keep(::core::mem::offset_of!($name, $extra))
    };
}

/// `json_struct!` as a body of code per struct: for a struct that keeps
/// other properties by a schema of their own (`map`).
#[doc(hidden)]
#[macro_export]
macro_rules! __json_struct_code {
    ($name:ident { $($field:ident : $wire:literal $kind:ident $ty:ty),* $(,)? } $($keeps:ident $extra:ident : $extra_ty:ty)?) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use $crate::serde::ser::SerializeMap;
                let mut map = s.serialize_map(::core::option::Option::None)?;
                $($crate::__serialize_field!($kind, map, self.$field, $wire);)*
                $(for (key, value) in &self.$extra {
                    map.serialize_entry(key, value)?;
                })?
                map.end()
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> $crate::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("an object for `", stringify!($name), "`"))
                    }
                    #[allow(unused_mut)]
                    fn visit_map<A: $crate::serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<$name, A::Error> {
                        $(let mut $field: $crate::__field_slot!($kind, $ty) = ::core::default::Default::default();)*
                        $(let mut $extra: $extra_ty = ::core::default::Default::default();)?
                        while let ::core::option::Option::Some(key) = map.next_key::<$crate::de::Key<'de>>()? {
                            match key.as_str() {
                                $($wire => $field = $crate::__deserialize_field!($kind, map, $ty),)*
                                _ => $crate::__deserialize_rest!(map, key $(, $keeps $extra)?),
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $($field: $crate::__finish_field!($kind, $field, $wire),)*
                            $($extra,)?
                        })
                    }
                }
                d.deserialize_map(Visitor)
            }
        }
    };
}

/// What a field holds while its object is read.
#[doc(hidden)]
#[macro_export]
macro_rules! __field_slot {
    (nullable, $ty:ty) => {
        $crate::Nullable<$ty>
    };
    ($kind:ident, $ty:ty) => {
        ::core::option::Option<$ty>
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __serialize_field {
    (required, $map:ident, $value:expr, $wire:literal) => {
        $map.serialize_entry($wire, &$value)?;
    };
    (nullable, $map:ident, $value:expr, $wire:literal) => {
        if !$value.is_absent() {
            $map.serialize_entry($wire, &$value)?;
        }
    };
    ($optional:ident, $map:ident, $value:expr, $wire:literal) => {
        if let ::core::option::Option::Some(value) = &$value {
            $map.serialize_entry($wire, value)?;
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __deserialize_field {
    (optional, $map:ident, $ty:ty) => {
        $map.next_value::<::core::option::Option<$ty>>()?
    };
    (nullable, $map:ident, $ty:ty) => {
        $map.next_value::<$crate::Nullable<$ty>>()?
    };
    ($required_or_any:ident, $map:ident, $ty:ty) => {
        ::core::option::Option::Some($map.next_value::<$ty>()?)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __finish_field {
    (required, $field:ident, $wire:literal) => {
        match $field {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => $crate::de::missing($wire)?,
        }
    };
    ($other:ident, $field:ident, $wire:literal) => {
        $field
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __deserialize_rest {
    ($map:ident, $key:ident) => {{
        $crate::de::unlisted($key.as_str());
        $map.next_value::<$crate::serde::de::IgnoredAny>()?;
    }};
    ($map:ident, $key:ident, extra $extra:ident) => {
        $crate::de::extra(&mut $map, $key, &mut $extra)?
    };
    ($map:ident, $key:ident, map $extra:ident) => {{
        $extra.insert($key.into_string(), $map.next_value()?);
    }};
}

#[cfg(test)]
mod tests {
    /// Sort order.
    #[derive(Debug, PartialEq)]
    enum Order {
        Asc,
        AscUpper,
        Empty,
        Unknown(String),
    }
    crate::string_enum!(Order { Asc = "asc", AscUpper = "ASC", Empty = "" });

    #[derive(Debug, PartialEq)]
    struct Thing {
        id: String,
        note: Option<String>,
        parent: Option<String>,
        extra: serde_json::Map<String, serde_json::Value>,
    }
    crate::json_struct!(Thing {
        id: "id" required String,
        note: "note" optional String,
        parent: "parent" required Option<String>,
    } extra extra: serde_json::Map<String, serde_json::Value>);

    /// Each way a property may be left out or `null`.
    #[derive(Debug, PartialEq, Default)]
    struct Patch {
        required_nullable: Option<String>,
        optional: Option<String>,
        nullable: crate::Nullable<String>,
        any: Option<serde_json::Value>,
    }
    crate::json_struct!(Patch {
        required_nullable: "requiredNullable" required Option<String>,
        optional: "optional" optional String,
        nullable: "nullable" nullable String,
        any: "any" optional_any serde_json::Value,
    });

    #[derive(Debug, PartialEq)]
    struct Closed {
        order: Option<Order>,
    }
    crate::json_struct!(Closed { order: "order" optional Order });

    #[test]
    fn json_structs_read_and_write_objects() {
        let text = r#"{"id":"a\"b","parent":null,"note":"n","new":[1]}"#;
        let thing: Thing = serde_json::from_str(text).unwrap();
        assert_eq!(thing.id, "a\"b");
        assert_eq!(
            (thing.note.as_deref(), thing.parent.as_deref()),
            (Some("n"), None)
        );
        assert_eq!(thing.extra["new"], serde_json::json!([1]));
        // Declared fields first, `None` optional ones left out, a required
        // nullable one written as null, then the extra properties.
        let again = serde_json::to_string(&thing).unwrap();
        assert_eq!(again, r#"{"id":"a\"b","note":"n","parent":null,"new":[1]}"#);
        let missing = serde_json::from_str::<Thing>(r#"{"note":"n"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `id`"),
            "{missing}"
        );
        assert!(serde_json::from_str::<Thing>("[1]").is_err());

        let closed: Closed =
            serde_json::from_str(r#"{"order":"ASC","ignored":{"deep":[true]}}"#).unwrap();
        assert_eq!(
            closed,
            Closed {
                order: Some(Order::AscUpper)
            }
        );
        assert_eq!(
            serde_json::to_string(&Closed { order: None }).unwrap(),
            "{}"
        );
    }

    #[test]
    fn left_out_null_and_values_are_each_kept() {
        use crate::Nullable;
        let cases = [
            (r#"{"requiredNullable":null}"#, Patch::default()),
            (
                r#"{"requiredNullable":"r","optional":"o","nullable":"n","any":[1]}"#,
                Patch {
                    required_nullable: Some("r".into()),
                    optional: Some("o".into()),
                    nullable: "n".into(),
                    any: Some(serde_json::json!([1])),
                },
            ),
            (
                r#"{"requiredNullable":null,"nullable":null,"any":null}"#,
                Patch {
                    nullable: Nullable::Null,
                    any: Some(serde_json::Value::Null),
                    ..Patch::default()
                },
            ),
        ];
        for (text, patch) in cases {
            assert_eq!(
                serde_json::from_str::<Patch>(text).unwrap(),
                patch,
                "{text}"
            );
            assert_eq!(serde_json::to_string(&patch).unwrap(), text);
        }
        // A `null` where the docs allow none is read as left out.
        let lenient: Patch =
            serde_json::from_str(r#"{"requiredNullable":null,"optional":null}"#).unwrap();
        assert_eq!(lenient, Patch::default());
        let missing = serde_json::from_str::<Patch>("{}").unwrap_err();
        assert!(
            missing.to_string().contains("`requiredNullable`"),
            "{missing}"
        );
    }

    #[test]
    fn errors_name_the_field_path() {
        let mut deserializer = serde_json::Deserializer::from_str(r#"{"id":"x","note":7}"#);
        let error = serde_path_to_error::deserialize::<_, Thing>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "note");
    }

    /// A success that is a number on `200`, a thing on `201`, nothing on `204`.
    #[derive(Debug, PartialEq)]
    enum Answer {
        Ok(u32),
        Created(Thing),
        NoContent,
    }
    crate::by_status!(Answer { 200 => Ok(u32), 201 => Created(Thing), 204 => NoContent });

    fn answer(status: u16, json: &str) -> Result<Answer, serde_json::Error> {
        let status = reqwest::StatusCode::from_u16(status).unwrap();
        let mut deserializer = serde_json::Deserializer::from_str(json);
        <Answer as crate::DecodeSuccess>::decode(status, &mut deserializer)
    }

    #[test]
    fn a_by_status_enum_decodes_the_body_of_each_status_as_its_type() {
        assert_eq!(answer(200, "7").unwrap(), Answer::Ok(7));
        let Answer::Created(thing) = answer(201, r#"{"id":"x","parent":null}"#).unwrap() else {
            panic!("not created");
        };
        assert_eq!(thing.id, "x");
        assert_eq!(answer(204, "null").unwrap(), Answer::NoContent);
        // Each status reads its own type only.
        assert!(answer(200, r#"{"id":"x"}"#).is_err());
        assert!(answer(201, "7").is_err());
        assert!(answer(204, "7").is_err());
        let other = answer(202, "7").unwrap_err().to_string();
        assert!(
            other.contains("202 is not a documented success status of `Answer`"),
            "{other}"
        );
    }

    #[test]
    fn a_by_status_enum_is_written_back_with_its_variants_status() {
        use crate::EncodeSuccess;
        let written = |answer: &Answer| {
            let json = answer.success_json().unwrap();
            (answer.success_status(), json.map(String::from_utf8))
        };
        assert_eq!(written(&Answer::Ok(7)), (Some(200), Some(Ok("7".into()))));
        let thing = answer(201, r#"{"id":"x","parent":null}"#).unwrap();
        assert_eq!(
            written(&thing),
            (Some(201), Some(Ok(r#"{"id":"x","parent":null}"#.into())))
        );
        assert_eq!(written(&Answer::NoContent), (Some(204), None));
        // Any other JSON type: the action's first status, its JSON.
        assert_eq!(7u32.success_status(), None);
        assert_eq!(().success_json().unwrap(), Some(b"null".to_vec()));
    }

    #[test]
    fn string_enums_keep_exact_and_unknown_values() {
        let all: Vec<Order> = serde_json::from_str(r#"["asc","ASC","","Desc"]"#).unwrap();
        assert_eq!(
            all,
            [
                Order::Asc,
                Order::AscUpper,
                Order::Empty,
                Order::Unknown("Desc".into())
            ]
        );
        assert_eq!(
            serde_json::to_string(&all).unwrap(),
            r#"["asc","ASC","","Desc"]"#
        );
        assert_eq!("ASC".parse::<Order>().unwrap(), Order::AscUpper);
        assert_eq!(Order::from(String::from("asc")), Order::Asc);
        assert_eq!(Order::from(&String::from("")), Order::Empty);
        assert_eq!(Order::from(String::from("up")), Order::Unknown("up".into()));
        assert_eq!(crate::ParamValue::to_wire(&Order::AscUpper), "ASC");
        assert_eq!(Order::Empty.to_string(), "");
        assert!(serde_json::from_str::<Order>("1").is_err());
    }
}
