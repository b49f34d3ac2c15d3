//! Names of variants, and the constraints of a property that its Rust type
//! does not carry, for its docs.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::naming;
use crate::types::{Measure, Note, TypeRef, UnionVariant, Variant};

use super::keys::Kind;

/// Variant names for wire values, unique even when values differ only in
/// case (`asc`, `ASC`) or are empty.
pub fn variants(values: &[Value]) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    let mut wires: HashSet<&str> = HashSet::new();
    let mut names: HashSet<String> = HashSet::from(["Unknown".to_owned()]);
    // The next number to try for each base name: linear in the values.
    let mut next: HashMap<String, usize> = HashMap::new();
    for wire in values.iter().filter_map(Value::as_str) {
        if !wires.insert(wire) {
            continue;
        }
        let base = if wire.is_empty() {
            "Empty".to_owned()
        } else {
            naming::pascal(wire)
        };
        let mut name = base.clone();
        // `ASC` beside `asc` reads as `AscUpper`; other clashes are numbered.
        if names.contains(&name)
            && wire.chars().any(|c| c.is_alphabetic())
            && !wire.chars().any(char::is_lowercase)
        {
            name = format!("{base}Upper");
        }
        let mut n = next.get(&base).copied().unwrap_or(2);
        while names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        next.insert(base, n);
        names.insert(name.clone());
        out.push(Variant {
            name,
            wire: wire.to_owned(),
        });
    }
    out
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
