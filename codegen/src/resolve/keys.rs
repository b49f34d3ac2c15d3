//! Shapes: which sub-schemas become named types, and when two of them are
//! the same type.

use serde_json::Value;

use super::refs::{Refs, Target};

/// Keywords that only document; two shapes differing in them are one type.
const DOC_KEYWORDS: &[&str] = &[
    "description",
    "title",
    "$schema",
    "examples",
    "example",
    "default",
    "id",
    "$id",
];

/// Objects with properties, `allOf`, string enums and unions of two or
/// more kinds become named types; everything else is a plain Rust type.
pub fn is_named_shape(node: &Value) -> bool {
    let Some(object) = node.as_object() else {
        return false;
    };
    if object.contains_key("$ref") {
        return false;
    }
    let string_enum = object
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| {
            values.iter().any(Value::is_string)
                && values.iter().all(|v| v.is_string() || v.is_null())
        });
    let properties = object
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    let union = ["oneOf", "anyOf"].iter().any(|k| {
        object
            .get(*k)
            .and_then(Value::as_array)
            .is_some_and(|variants| variants.iter().filter(|v| !is_null_schema(v)).count() > 1)
    });
    let kinds = object
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().filter(|t| t.as_str() != Some("null")).count() > 1);
    string_enum || properties || union || kinds || object.contains_key("allOf")
}

/// `{"type": "null"}`: the `null` branch of a nullable `oneOf`.
pub fn is_null_schema(node: &Value) -> bool {
    node.get("type").and_then(Value::as_str) == Some("null")
}

/// A sub-schema's shape as text: keys sorted, documentation keywords left
/// out and `$ref`s replaced by what they resolve to, so copies of one shape
/// under many parents compare equal and equal refs in different schemas
/// do not.
pub fn shape_key(node: &Value, root: usize, refs: &Refs<'_>) -> String {
    let mut out = String::new();
    canonical(node, root, refs, &mut out);
    out
}

fn canonical(node: &Value, root: usize, refs: &Refs<'_>, out: &mut String) {
    match node {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map
                .keys()
                .filter(|k| !DOC_KEYWORDS.contains(&k.as_str()))
                .collect();
            keys.sort();
            out.push('{');
            for key in keys {
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                match (key.as_str(), &map[key]) {
                    ("$ref", Value::String(reference)) => out.push_str(&match refs
                        .resolve(root, reference)
                    {
                        Target::Documented(i) => format!("\"doc:{i}\""),
                        Target::Local { root, pointer, .. } => format!("\"local:{root}{pointer}\""),
                        Target::Unresolved(_) => format!("\"unresolved:{reference}\""),
                    }),
                    (_, value) => canonical(value, root, refs, out),
                }
                out.push(',');
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for item in items {
                canonical(item, root, refs, out);
                out.push(',');
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The JSON kinds a schema admits, to tell the variants of a union apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Null,
    Bool,
    Integer,
    Number,
    String,
    Array,
    Object,
    /// Anything: a schema without a type.
    Any,
}

pub fn kinds(node: &Value, root: usize, refs: &Refs<'_>, depth: usize) -> Vec<Kind> {
    let Some(object) = node.as_object() else {
        return vec![Kind::Any];
    };
    if depth > 16 {
        return vec![Kind::Any];
    }
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        return match refs.resolve(root, reference) {
            Target::Documented(i) => kinds(refs.json(i), i, refs, depth + 1),
            Target::Local { root, node, .. } => kinds(node, root, refs, depth + 1),
            Target::Unresolved(_) => vec![Kind::Any],
        };
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(variants) = object.get(key).and_then(Value::as_array) {
            let mut all: Vec<Kind> = variants
                .iter()
                .flat_map(|v| kinds(v, root, refs, depth + 1))
                .collect();
            all.sort();
            all.dedup();
            return all;
        }
    }
    let named = |t: &str| match t {
        "null" => Some(Kind::Null),
        "boolean" => Some(Kind::Bool),
        "integer" => Some(Kind::Integer),
        "number" => Some(Kind::Number),
        "string" => Some(Kind::String),
        "array" => Some(Kind::Array),
        "object" => Some(Kind::Object),
        _ => None,
    };
    match object.get("type") {
        Some(Value::String(t)) => vec![named(t).unwrap_or(Kind::Any)],
        Some(Value::Array(types)) => types
            .iter()
            .map(|t| t.as_str().and_then(named).unwrap_or(Kind::Any))
            .collect(),
        _ if object.contains_key("properties") || object.contains_key("allOf") => {
            vec![Kind::Object]
        }
        _ if object.contains_key("items") => vec![Kind::Array],
        _ => match object.get("enum").and_then(Value::as_array) {
            Some(values) if !values.is_empty() => {
                let mut all: Vec<Kind> = values
                    .iter()
                    .map(|v| match v {
                        Value::Null => Kind::Null,
                        Value::Bool(_) => Kind::Bool,
                        Value::Number(n) if n.is_f64() => Kind::Number,
                        Value::Number(_) => Kind::Integer,
                        Value::String(_) => Kind::String,
                        Value::Array(_) => Kind::Array,
                        Value::Object(_) => Kind::Object,
                    })
                    .collect();
                all.sort();
                all.dedup();
                all
            }
            _ => vec![Kind::Any],
        },
    }
}
