//! Names of variants, and the constraints of a property that its Rust type
//! does not carry, for its docs.

use serde_json::{Map, Value};

use crate::naming;
use crate::types::{Measure, Note, TypeRef, UnionVariant, Variant};

use super::keys::Kind;

/// Variant names for a string enum's values (its values that are not
/// strings are left out), keeping the names and order of `kept`.
pub fn variants(values: &[Value], kept: &[Variant]) -> Vec<Variant> {
    naming::variants(values.iter().filter_map(Value::as_str), kept)
}

/// Union variants with their names made unique.
pub fn union_variants(variants: Vec<(String, TypeRef)>) -> Vec<UnionVariant> {
    let mut out: Vec<UnionVariant> = Vec::new();
    for (base, ty) in variants {
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|v| v.name == name) {
            name = format!("{base}{n}");
            n += 1;
        }
        out.push(UnionVariant { name, ty });
    }
    out
}

/// The name of a union variant's JSON kind: `String`, `List`, `Object`.
pub fn kind_name(kinds: &[Kind]) -> &'static str {
    match kinds {
        [Kind::Bool] => "Bool",
        [Kind::Integer] => "Integer",
        [Kind::Number] | [Kind::Integer, Kind::Number] => "Number",
        [Kind::String] => "String",
        [Kind::Array] => "List",
        [Kind::Object] => "Object",
        _ => "Value",
    }
}

/// The constraints of a property that its type does not carry.
pub fn constraints(schema: &Map<String, Value>) -> Vec<Note> {
    let text = |k: &str| schema.get(k).and_then(Value::as_str).map(str::to_owned);
    let number = |k: &str| schema.get(k).and_then(Value::as_number).cloned();
    let mut notes = Vec::new();
    if let Some(format) = text("format") {
        notes.push(Note::Format(format));
    }
    if let Some(pattern) = text("pattern") {
        notes.push(Note::Pattern(pattern));
    }
    for (of, min, max) in [
        (Measure::Length, "minLength", "maxLength"),
        (Measure::Items, "minItems", "maxItems"),
        (Measure::Value, "minimum", "maximum"),
    ] {
        let (min, max) = (number(min), number(max));
        if min.is_some() || max.is_some() {
            notes.push(Note::Bounds { of, min, max });
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if !values.iter().all(Value::is_string) {
            notes.push(Note::OneOf(values.clone()));
        }
    }
    if let Some(default) = schema.get("default") {
        notes.push(Note::Default(default.clone()));
    }
    notes
}
