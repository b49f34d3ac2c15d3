//! Rust types resolved from JSON Schemas: the part of the IR the emitter
//! turns into `models.rs`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A use of a type, as a field, parameter or response; a named type is
/// `N`, its name once the names are chosen.
///
/// Serialized as the Rust-like text (`Vec<Member>`) so IR snapshots read as
/// the types a user will see.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef<N = String> {
    String,
    Bool,
    Integer,
    Number,
    /// Any JSON value.
    Value,
    /// No body.
    Unit,
    Vec(Box<TypeRef<N>>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef<N>>),
    /// A value that may be `null`.
    Option(Box<TypeRef<N>>),
    /// Indirection that breaks a cycle of types containing each other.
    Box(Box<TypeRef<N>>),
    /// A type defined in the [`TypeDef`] list, by its Rust name.
    Named(N),
}

impl<N> TypeRef<N> {
    /// The same type with each named type `name(n)`.
    pub fn map_names<M>(&self, name: &impl Fn(&N) -> M) -> TypeRef<M> {
        let inner = |ty: &TypeRef<N>| Box::new(ty.map_names(name));
        match self {
            TypeRef::String => TypeRef::String,
            TypeRef::Bool => TypeRef::Bool,
            TypeRef::Integer => TypeRef::Integer,
            TypeRef::Number => TypeRef::Number,
            TypeRef::Value => TypeRef::Value,
            TypeRef::Unit => TypeRef::Unit,
            TypeRef::Vec(item) => TypeRef::Vec(inner(item)),
            TypeRef::Map(value) => TypeRef::Map(inner(value)),
            TypeRef::Option(value) => TypeRef::Option(inner(value)),
            TypeRef::Box(value) => TypeRef::Box(inner(value)),
            TypeRef::Named(n) => TypeRef::Named(name(n)),
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::String => f.write_str("String"),
            TypeRef::Bool => f.write_str("bool"),
            TypeRef::Integer => f.write_str("i64"),
            TypeRef::Number => f.write_str("f64"),
            TypeRef::Value => f.write_str("Value"),
            TypeRef::Unit => f.write_str("()"),
            TypeRef::Vec(item) => write!(f, "Vec<{item}>"),
            TypeRef::Map(value) => write!(f, "Map<{value}>"),
            TypeRef::Option(inner) => write!(f, "Option<{inner}>"),
            TypeRef::Box(inner) => write!(f, "Box<{inner}>"),
            TypeRef::Named(name) => f.write_str(name),
        }
    }
}

impl TypeRef {
    /// Parses the text [`Display`](fmt::Display) writes.
    pub fn parse(text: &str) -> Option<TypeRef> {
        let text = text.trim();
        let inner = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix('>'))
                .and_then(TypeRef::parse)
                .map(Box::new)
        };
        Some(match text {
            "String" => TypeRef::String,
            "bool" => TypeRef::Bool,
            "i64" => TypeRef::Integer,
            "f64" => TypeRef::Number,
            "Value" => TypeRef::Value,
            "()" => TypeRef::Unit,
            _ if text.starts_with("Vec<") => TypeRef::Vec(inner("Vec<")?),
            _ if text.starts_with("Map<") => TypeRef::Map(inner("Map<")?),
            _ if text.starts_with("Option<") => TypeRef::Option(inner("Option<")?),
            _ if text.starts_with("Box<") => TypeRef::Box(inner("Box<")?),
            _ if !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                TypeRef::Named(text.to_owned())
            }
            _ => return None,
        })
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        TypeRef::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a type: `{text}`")))
    }
}

/// A named type of the generated `models` module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    pub name: String,
    /// The description. Like the example and the fields' docs, it is not
    /// kept in `api.json`: the change report compares types, not their
    /// prose, and the prose is most of the bytes.
    #[serde(skip)]
    pub doc: String,
    /// The schema and JSON pointer it came from: `organization#/properties/members/items`.
    pub origin: String,
    /// The other places whose type has this name (a `role` enum copied
    /// under many parents), by schema and JSON pointer: with `origin`,
    /// what the names lock keeps this name for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// The schema doc's `### Example` block, for a documented schema.
    #[serde(skip)]
    pub example: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
        /// The type of fields the schema does not list, when it allows them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        additional: Option<TypeRef>,
    },
    /// A string enum; unknown values decode into an extra variant.
    Enum {
        variants: Vec<Variant>,
    },
    /// `oneOf`/`anyOf` whose variants have different JSON kinds, decoded by
    /// trying each in order.
    Union {
        variants: Vec<UnionVariant>,
    },
    Alias {
        target: TypeRef,
    },
    /// What an action whose success statuses carry different bodies
    /// answers: one variant per documented status, decoded by the status.
    /// Its origin is the action (`devices.patch`).
    ByStatus {
        variants: Vec<StatusVariant>,
    },
}

/// One documented success status of a [`TypeKind::ByStatus`] enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusVariant {
    pub code: u16,
    /// Named after the status: `Ok`, `Accepted`, `Status299`.
    pub name: String,
    /// Its body's type; `()` (a variant without a value) for none.
    pub ty: TypeRef,
    /// The response's description (not kept in `api.json`).
    #[serde(skip)]
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The JSON property name.
    pub wire: String,
    /// The Rust field name, possibly raw (`r#type`).
    pub name: String,
    /// The type of a value of the property, `null` aside.
    pub ty: TypeRef,
    pub required: bool,
    /// Whether the property may be `null` besides a value of `ty` (a
    /// `Value` admits `null` itself and is never marked).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// The description, as written (not kept in `api.json`).
    #[serde(skip)]
    pub doc: String,
    /// Constraints the type does not carry, for its docs (not kept in
    /// `api.json`).
    #[serde(skip)]
    pub notes: Vec<Note>,
}

/// How a struct field holds its property: by whether the property is
/// required and whether it may be `null`, three states where the schema
/// has three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`.
    Required,
    /// `Option<T>`, `None` written as `null`.
    RequiredNullable,
    /// `Option<T>`, `None` left out.
    Optional,
    /// The runtime's `Nullable<T>`: left out, `null` or a value.
    OptionalNullable,
    /// `Option<Value>` of any JSON value: `None` left out, `null` a value.
    OptionalAny,
}

impl Field {
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, true) => Presence::OptionalNullable,
            (false, false) if self.ty == TypeRef::Value => Presence::OptionalAny,
            (false, false) => Presence::Optional,
        }
    }

    /// The field's Rust type as text: `Nullable<String>`.
    pub fn rust_type(&self) -> String {
        let ty = &self.ty;
        match self.presence() {
            Presence::Required => ty.to_string(),
            Presence::OptionalNullable => format!("Nullable<{ty}>"),
            Presence::RequiredNullable | Presence::Optional | Presence::OptionalAny => {
                format!("Option<{ty}>")
            }
        }
    }
}

/// A constraint of a property that its Rust type does not carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    /// `format`: `email`, `date-time`.
    Format(String),
    Pattern(String),
    /// A length, a count of items or a value between bounds.
    Bounds {
        of: Measure,
        min: Option<serde_json::Number>,
        max: Option<serde_json::Number>,
    },
    /// The values an enum of numbers or booleans allows.
    OneOf(Vec<serde_json::Value>),
    Default(serde_json::Value),
}

/// What [`Note::Bounds`] bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Length,
    Items,
    Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_refs_round_trip_as_text() {
        for text in [
            "String",
            "bool",
            "i64",
            "f64",
            "Value",
            "()",
            "Vec<Map<Member>>",
            "Role",
        ] {
            let ty = TypeRef::parse(text).unwrap();
            assert_eq!(ty.to_string(), text);
        }
        assert_eq!(TypeRef::parse("Vec<"), None);
        assert_eq!(TypeRef::parse("a b"), None);
    }
}
