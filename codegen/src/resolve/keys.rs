//! Shapes: which sub-schemas become named types, and when two of them are
//! the same type.

use rustc_hash::FxHashMap;

use serde_json::Value;

use super::refs::{Refs, Target};
use crate::ir::{Linked, Schema};

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

/// The structural identity of a sub-schema: two sub-schemas have one key
/// when they are the same shape (keys compared sorted, documentation
/// keywords left out, `$ref`s by what they resolve to), so copies of one
/// shape under many parents are one type, and equal `$ref`s in different
/// schemas are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeKey(u32);

/// A node's structure, its children by their keys: what is interned.
#[derive(PartialEq, Eq, Hash)]
enum Repr {
    Object(Vec<(String, ShapeKey)>),
    Array(Vec<ShapeKey>),
    Scalar(String),
    Ref(RefTo),
}

/// What a `$ref` resolves to, as a shape compares it.
#[derive(PartialEq, Eq, Hash)]
enum RefTo {
    Documented(usize),
    Local(usize, String),
    /// The reference as written.
    Unresolved(String),
}

/// Interns sub-schemas as [`ShapeKey`]s. The documented schemas' nodes are
/// keyed once, bottom up, and looked up by address; a node made while
/// resolving (a merged `allOf`, a variant of a type array) is keyed when
/// asked, without being remembered, as its address may be reused.
pub struct ShapeKeys<'a> {
    refs: &'a Refs<'a>,
    table: FxHashMap<Repr, ShapeKey>,
    /// Keys of the documented schemas' nodes, by address.
    known: FxHashMap<*const Value, ShapeKey>,
}

impl<'a> ShapeKeys<'a> {
    pub fn new(schemas: &'a [Schema<Linked>], refs: &'a Refs<'a>) -> Self {
        let mut keys = ShapeKeys {
            refs,
            table: FxHashMap::default(),
            known: FxHashMap::default(),
        };
        for (root, schema) in schemas.iter().enumerate() {
            keys.intern(&schema.json, root, true);
        }
        keys
    }

    /// The key of `node`, a sub-schema of documented schema `root`.
    pub fn key(&mut self, node: &Value, root: usize) -> ShapeKey {
        match self.known.get(&std::ptr::from_ref(node)) {
            Some(&key) => key,
            None => self.intern(node, root, false),
        }
    }

    fn intern(&mut self, node: &Value, root: usize, remember: bool) -> ShapeKey {
        let repr = match node {
            Value::Object(map) => {
                let mut entries: Vec<(String, ShapeKey)> = map
                    .iter()
                    .filter(|(k, _)| !DOC_KEYWORDS.contains(&k.as_str()))
                    .map(|(key, value)| {
                        let child = match (key.as_str(), value) {
                            ("$ref", Value::String(reference)) => {
                                let to = match self.refs.resolve(root, reference) {
                                    Target::Documented(i) => RefTo::Documented(i),
                                    Target::Local { root, pointer, .. } => {
                                        RefTo::Local(root, pointer)
                                    }
                                    Target::Unresolved(_) => RefTo::Unresolved(reference.clone()),
                                };
                                self.add(Repr::Ref(to))
                            }
                            (_, value) => self.intern_child(value, root, remember),
                        };
                        (key.clone(), child)
                    })
                    .collect();
                entries.sort_unstable();
                Repr::Object(entries)
            }
            Value::Array(items) => Repr::Array(
                items
                    .iter()
                    .map(|item| self.intern_child(item, root, remember))
                    .collect(),
            ),
            other => Repr::Scalar(other.to_string()),
        };
        let key = self.add(repr);
        if remember {
            self.known.insert(std::ptr::from_ref(node), key);
        }
        key
    }

    fn intern_child(&mut self, node: &Value, root: usize, remember: bool) -> ShapeKey {
        if remember {
            self.intern(node, root, true)
        } else {
            self.key(node, root)
        }
    }

    fn add(&mut self, repr: Repr) -> ShapeKey {
        let next = ShapeKey(self.table.len() as u32);
        *self.table.entry(repr).or_insert(next)
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
