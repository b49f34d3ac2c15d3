//! Macros that generated code expands, so each action and each string enum
//! is a few lines of generated code over one tested definition.

use std::fmt;

use serde::de::{Deserializer, Error, Visitor};

/// Implements sending for the request type of one action: a newtype over
/// [`Call`](crate::Call) that sends with `.send()` or `.await` and decodes
/// the documented type.
///
/// ```ignore
/// pub struct Get(client_runtime::Call);
/// client_runtime::request!(Get -> crate::models::Organization, crate::models::Error);
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

/// Implements the wire form of a string enum declared with a last variant
/// `Unknown(String)` that keeps values it does not know: a server that adds
/// a value must never break decoding.
///
/// ```ignore
/// #[non_exhaustive]
/// pub enum Role { Admin, Edit, View, Unknown(String) }
/// client_runtime::string_enum!(Role { Admin = "admin", Edit = "edit", View = "view" });
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
        assert_eq!(Order::Empty.to_string(), "");
        assert!(serde_json::from_str::<Order>("1").is_err());
    }
}
