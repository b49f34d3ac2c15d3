//! Whether a JSON value comes back as written when decoded into a type of
//! the generated crate and encoded again: the generated types' decoding
//! rules (`json_struct!`, untagged unions, string enums that keep unknown
//! values), mirrored over the IR, so a mismatch is found when the crate is
//! generated, not when its tests run.

use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value};

use crate::types::{Field, Presence, TypeDef, TypeKind, TypeRef};

/// Where and how a value does not come back as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// A JSON pointer into the value: `/settings/color`.
    pub pointer: String,
    pub what: String,
}

/// How many named types in a row are followed without going deeper into
/// the value (aliases of aliases, unions of aliases), before giving up.
const MAX_HOPS: usize = crate::limits::ALIAS_HOPS;

/// The generated types, by name.
pub struct Types<'a>(HashMap<&'a str, &'a TypeDef>);

impl<'a> Types<'a> {
    pub fn new(defs: &'a [TypeDef]) -> Self {
        Types(defs.iter().map(|d| (d.name.as_str(), d)).collect())
    }

    /// `Ok` when `value` decodes as `ty` and encodes back to itself, numbers
    /// compared by value; else the first place it does not.
    pub fn round_trips(&self, value: &Value, ty: &TypeRef) -> Result<(), Mismatch> {
        match self.check(value, ty, &mut String::new(), 0) {
            Outcome::Kept => Ok(()),
            Outcome::Lost(m) | Outcome::Refused(m) => Err(m),
        }
    }

    fn check(&self, value: &Value, ty: &TypeRef, at: &mut String, hops: usize) -> Outcome {
        if let (TypeRef::Number, Value::Number(n)) = (ty, value)
            && !exact_as_f64(n)
        {
            return Outcome::Lost(mismatch(
                at,
                format!("the integer {n} has no exact `f64`, so it comes back rounded"),
            ));
        }
        let kind_ok = match ty {
            TypeRef::String => value.is_string(),
            TypeRef::Bool => value.is_boolean(),
            TypeRef::Integer => value.is_i64(),
            TypeRef::Number => value.is_number(),
            TypeRef::Value => true,
            TypeRef::Unit => value.is_null(),
            TypeRef::Option(_) if value.is_null() => true,
            TypeRef::Option(inner) | TypeRef::Box(inner) => {
                return self.check(value, inner, at, hops);
            }
            TypeRef::Vec(item) => return self.items(value, item, at),
            TypeRef::Map(item) => return self.entries(value, item, at),
            TypeRef::Named(name) => return self.named(value, name, at, hops),
        };
        if kind_ok {
            Outcome::Kept
        } else {
            refused(
                at,
                format!("expected {}, found {}", expected(ty), found(value)),
            )
        }
    }

    fn items(&self, value: &Value, item: &TypeRef, at: &mut String) -> Outcome {
        let Value::Array(items) = value else {
            return refused(at, format!("expected an array, found {}", found(value)));
        };
        each(items.iter().enumerate(), at, push_index, |v, at| {
            self.check(v, item, at, 0)
        })
    }

    fn entries(&self, value: &Value, item: &TypeRef, at: &mut String) -> Outcome {
        let Value::Object(entries) = value else {
            return refused(at, format!("expected an object, found {}", found(value)));
        };
        each(
            entries.iter(),
            at,
            |at, key| push_key(at, key),
            |v, at| self.check(v, item, at, 0),
        )
    }

    fn named(&self, value: &Value, name: &str, at: &mut String, hops: usize) -> Outcome {
        let Some(def) = self.0.get(name) else {
            return Outcome::Kept;
        };
        if hops > MAX_HOPS {
            return Outcome::Kept;
        }
        match &def.kind {
            TypeKind::Alias { target } => self.check(value, target, at, hops + 1),
            // Any string, a value it does not know kept as sent.
            TypeKind::Enum { .. } if value.is_string() => Outcome::Kept,
            TypeKind::Enum { .. } => {
                refused(at, format!("expected a string, found {}", found(value)))
            }
            // Untagged: the first form that decodes is the value.
            TypeKind::Union { variants } => variants
                .iter()
                .map(|v| self.check(value, &v.ty, at, hops + 1))
                .find(|outcome| !matches!(outcome, Outcome::Refused(_)))
                .unwrap_or_else(|| {
                    let forms: Vec<String> = variants.iter().map(|v| v.ty.to_string()).collect();
                    refused(
                        at,
                        format!(
                            "{} matches none of its forms ({})",
                            found(value),
                            forms.join(", ")
                        ),
                    )
                }),
            // An action's answer by status: never a schema's type.
            TypeKind::ByStatus { .. } => Outcome::Kept,
            TypeKind::Struct { fields, additional } => match value {
                Value::Object(object) => self.object(object, fields, additional.as_ref(), at),
                _ => refused(at, format!("expected an object, found {}", found(value))),
            },
        }
    }

    fn object(
        &self,
        object: &Map<String, Value>,
        fields: &[Field],
        additional: Option<&TypeRef>,
        at: &mut String,
    ) -> Outcome {
        let mut outcome = Outcome::Kept;
        for field in fields {
            let found = match object.get(&field.wire) {
                Some(value) => self.property(value, field, at),
                None if field.required => refused(
                    at,
                    format!("the required property `{}` is missing", field.wire),
                ),
                None => Outcome::Kept,
            };
            outcome = outcome.and(found);
            if matches!(outcome, Outcome::Refused(_)) {
                return outcome;
            }
        }
        let unlisted = object
            .iter()
            .filter(|(key, _)| !fields.iter().any(|f| f.wire == **key));
        let rest = each(
            unlisted,
            at,
            |at, key| push_key(at, key),
            |value, at| match additional {
                Some(ty) => self.check(value, ty, at, 0),
                None => Outcome::Lost(mismatch(
                    at,
                    "a property the schema does not list, where it allows no others, is dropped"
                        .into(),
                )),
            },
        );
        outcome.and(rest)
    }

    fn property(&self, value: &Value, field: &Field, at: &mut String) -> Outcome {
        let len = at.len();
        push_key(at, &field.wire);
        let outcome = match (value, field.presence()) {
            (Value::Null, Presence::Optional) => Outcome::Lost(mismatch(
                at,
                "`null` where the schema allows none is read as left out, and dropped".into(),
            )),
            (
                Value::Null,
                Presence::RequiredNullable | Presence::OptionalNullable | Presence::OptionalAny,
            ) => Outcome::Kept,
            (value, _) => self.check(value, &field.ty, at, 0),
        };
        at.truncate(len);
        outcome
    }
}

/// What decoding and encoding a value again does.
#[derive(Debug)]
enum Outcome {
    /// It comes back as written.
    Kept,
    /// It decodes, but comes back otherwise.
    Lost(Mismatch),
    /// It does not decode (so an untagged union tries its next form).
    Refused(Mismatch),
}

impl Outcome {
    /// The worse of two: refused over lost over kept; the first of equals.
    fn and(self, other: Outcome) -> Outcome {
        match (self, other) {
            (refused @ Outcome::Refused(_), _) => refused,
            (_, refused @ Outcome::Refused(_)) => refused,
            (lost @ Outcome::Lost(_), _) => lost,
            (_, other) => other,
        }
    }
}

/// Checks each of `parts` under its step (`push` adds it to the pointer);
/// stops at the first refused.
fn each<'v, K>(
    parts: impl Iterator<Item = (K, &'v Value)>,
    at: &mut String,
    push: fn(&mut String, K),
    mut check: impl FnMut(&'v Value, &mut String) -> Outcome,
) -> Outcome {
    let mut outcome = Outcome::Kept;
    for (key, value) in parts {
        let len = at.len();
        push(at, key);
        outcome = outcome.and(check(value, at));
        at.truncate(len);
        if matches!(outcome, Outcome::Refused(_)) {
            break;
        }
    }
    outcome
}

/// Adds a property name to a JSON pointer, escaped.
fn push_key(at: &mut String, key: &str) {
    at.push('/');
    if key.contains(['~', '/']) {
        at.push_str(&key.replace('~', "~0").replace('/', "~1"));
    } else {
        at.push_str(key);
    }
}

fn push_index(at: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(at, "/{index}");
}

fn mismatch(at: &str, what: String) -> Mismatch {
    Mismatch {
        pointer: at.to_owned(),
        what,
    }
}

/// Whether a JSON number comes back from an `f64` as written: any
/// fraction does (as the nearest `f64` both times), an integer only up to
/// 2^53 or where it happens to be one.
fn exact_as_f64(n: &serde_json::Number) -> bool {
    let integer = n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
    integer.is_none_or(|i| i as f64 as i128 == i)
}

fn refused(at: &str, what: String) -> Outcome {
    Outcome::Refused(mismatch(at, what))
}

fn expected(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "a string",
        TypeRef::Bool => "a boolean",
        TypeRef::Integer => "an integer",
        TypeRef::Number => "a number",
        TypeRef::Unit => "nothing",
        _ => "a value",
    }
}

fn found(value: &Value) -> String {
    match value {
        Value::Null => "`null`".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::types::UnionVariant;

    fn field(wire: &str, ty: TypeRef, required: bool, nullable: bool) -> Field {
        Field {
            wire: wire.into(),
            name: wire.into(),
            ty,
            required,
            nullable,
            doc: String::new(),
            notes: Vec::new(),
        }
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: String::new(),
            origin: String::new(),
            places: Vec::new(),
            example: None,
            kind,
        }
    }

    fn defs() -> Vec<TypeDef> {
        let named = |n: &str| TypeRef::Named(n.into());
        vec![
            def(
                "Widget",
                TypeKind::Struct {
                    fields: vec![
                        field("id", TypeRef::String, true, false),
                        field("parentId", TypeRef::String, true, true),
                        field("label", TypeRef::String, false, false),
                        field("note", TypeRef::String, false, true),
                        field("size", TypeRef::Integer, false, false),
                        field("data", TypeRef::Value, false, false),
                        field("shape", named("Shape"), false, false),
                    ],
                    additional: None,
                },
            ),
            def(
                "Shape",
                TypeKind::Union {
                    variants: vec![
                        UnionVariant {
                            name: "Number".into(),
                            ty: TypeRef::Number,
                        },
                        UnionVariant {
                            name: "Open".into(),
                            ty: named("Open"),
                        },
                    ],
                },
            ),
            def(
                "Open",
                TypeKind::Struct {
                    fields: vec![field("side", TypeRef::Number, true, false)],
                    additional: Some(TypeRef::Value),
                },
            ),
        ]
    }

    fn check(value: Value) -> Result<(), Mismatch> {
        let defs = defs();
        Types::new(&defs).round_trips(&value, &TypeRef::Named("Widget".into()))
    }

    fn fails_at(value: Value, pointer: &str, what: &str) {
        let error = check(value).unwrap_err();
        assert_eq!(error.pointer, pointer, "{error:?}");
        assert!(error.what.contains(what), "{error:?}");
    }

    #[test]
    fn what_the_types_keep_round_trips() {
        let ok = [
            json!({"id": "a", "parentId": null}),
            json!({"id": "a", "parentId": "p", "label": "l", "note": null, "size": 3, "data": null}),
            json!({"id": "a", "parentId": null, "shape": 2.5}),
            json!({"id": "a", "parentId": null, "shape": {"side": 1, "colour": [null]}}),
        ];
        for value in ok {
            assert_eq!(check(value.clone()), Ok(()), "{value}");
        }
    }

    #[test]
    fn what_the_types_refuse_or_drop_is_named_with_its_place() {
        fails_at(json!({"id": "a"}), "", "required property `parentId`");
        fails_at(
            json!({"id": 1, "parentId": null}),
            "/id",
            "expected a string, found `1`",
        );
        fails_at(
            json!({"id": "a", "parentId": null, "size": 1.5}),
            "/size",
            "an integer",
        );
        fails_at(
            json!({"id": "a", "parentId": null, "label": null}),
            "/label",
            "read as left out",
        );
        fails_at(
            json!({"id": "a", "parentId": null, "extra": 1}),
            "/extra",
            "does not list",
        );
        fails_at(
            json!({"id": "a", "parentId": null, "shape": "round"}),
            "/shape",
            "matches none of its forms (f64, Open)",
        );
        fails_at(
            json!({"id": "a", "parentId": null, "shape": {"radius": 1}}),
            "/shape",
            "matches none",
        );
        fails_at(json!([1]), "", "expected an object, found an array");
        // An `f64` reads 2^53 + 1 as 2^53.
        fails_at(
            json!({"id": "a", "parentId": null, "shape": 9_007_199_254_740_993_u64}),
            "/shape",
            "no exact `f64`",
        );
    }
}
