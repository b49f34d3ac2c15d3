//! Shapes: which sub-schemas become named types, and when two of them are
//! the same type.

use std::fmt::Write;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};
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

/// The structural identity of a sub-schema: two sub-schemas have one key
/// when they are the same shape (keys compared as a set, documentation
/// keywords left out, `$ref`s by what they resolve to), so copies of one
/// shape under many parents are one type, and equal `$ref`s in different
/// schemas are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeKey(u32);

/// What a `$ref` resolves to, as a shape compares it.
#[derive(PartialEq, Eq, Hash)]
enum RefTo<'r> {
    Documented(usize),
    Local(usize, String),
    /// The reference as written.
    Unresolved(&'r str),
}

/// Keys sub-schemas. A node's structure is hashed (no copy of it is made),
/// and a node whose hash another shape has is compared with that shape
/// node by node, so two shapes share a key only when they are the same.
/// Every node keyed lives as long as the keys (the documented schemas,
/// and what the resolver made from them, in its arena), so a node's key is
/// remembered by its address.
pub struct ShapeKeys<'a> {
    refs: &'a Refs<'a>,
    /// A node of each shape keyed so far (and its schema), by hash.
    shapes: FxHashMap<u64, Vec<(&'a Value, usize, ShapeKey)>>,
    known: FxHashMap<*const Value, ShapeKey>,
    count: u32,
}

impl<'a> ShapeKeys<'a> {
    pub fn new(refs: &'a Refs<'a>) -> Self {
        ShapeKeys {
            refs,
            shapes: FxHashMap::default(),
            known: FxHashMap::default(),
            count: 0,
        }
    }

    /// The key of `node`, a sub-schema of documented schema `root`.
    pub fn key(&mut self, node: &'a Value, root: usize) -> ShapeKey {
        let address = std::ptr::from_ref(node);
        if let Some(&key) = self.known.get(&address) {
            return key;
        }
        let hash = self.hash(node, root);
        let refs = self.refs;
        let same_shape = self.shapes.entry(hash).or_default();
        let key = match same_shape
            .iter()
            .find(|(other, other_root, _)| same(refs, node, root, other, *other_root))
        {
            Some(&(_, _, key)) => key,
            None => {
                let key = ShapeKey(self.count);
                self.count += 1;
                same_shape.push((node, root, key));
                key
            }
        };
        self.known.insert(address, key);
        key
    }

    fn hash(&self, node: &Value, root: usize) -> u64 {
        let mut hasher = FxHasher::default();
        match node {
            Value::Object(map) => {
                // A sum, as the order of the keys does not matter.
                let mut entries: u64 = 0;
                for (key, value) in map.iter().filter(|(k, _)| !is_doc_keyword(k)) {
                    let mut entry = FxHasher::default();
                    key.hash(&mut entry);
                    match (key.as_str(), value) {
                        ("$ref", Value::String(reference)) => {
                            ref_to(self.refs, root, reference).hash(&mut entry)
                        }
                        (_, value) => entry.write_u64(self.hash(value, root)),
                    }
                    entries = entries.wrapping_add(mix(entry.finish()));
                }
                hasher.write_u8(b'{');
                hasher.write_u64(entries);
            }
            Value::Array(items) => {
                hasher.write_u8(b'[');
                for item in items {
                    hasher.write_u64(self.hash(item, root));
                }
            }
            Value::String(text) => {
                hasher.write_u8(b'"');
                text.hash(&mut hasher);
            }
            Value::Number(number) => {
                hasher.write_u8(b'0');
                let _ = write!(HashWriter(&mut hasher), "{number}");
            }
            Value::Bool(b) => hasher.write_u8(if *b { b't' } else { b'f' }),
            Value::Null => hasher.write_u8(b'n'),
        }
        hasher.finish()
    }
}

/// Whether two sub-schemas are the same shape.
fn same(refs: &Refs<'_>, a: &Value, a_root: usize, b: &Value, b_root: usize) -> bool {
    match (a, b) {
        (Value::Object(a_map), Value::Object(b_map)) => {
            let keys = |map: &'_ serde_json::Map<String, Value>| {
                map.keys().filter(|k| !is_doc_keyword(k)).count()
            };
            keys(a_map) == keys(b_map)
                && a_map
                    .iter()
                    .filter(|(k, _)| !is_doc_keyword(k))
                    .all(
                        |(key, a_value)| match (key.as_str(), a_value, b_map.get(key)) {
                            (_, _, None) => false,
                            ("$ref", Value::String(a_ref), Some(Value::String(b_ref))) => {
                                ref_to(refs, a_root, a_ref) == ref_to(refs, b_root, b_ref)
                            }
                            (_, a_value, Some(b_value)) => {
                                same(refs, a_value, a_root, b_value, b_root)
                            }
                        },
                    )
        }
        (Value::Array(a_items), Value::Array(b_items)) => {
            a_items.len() == b_items.len()
                && a_items
                    .iter()
                    .zip(b_items)
                    .all(|(a, b)| same(refs, a, a_root, b, b_root))
        }
        (a, b) => a == b,
    }
}

fn ref_to<'r>(refs: &Refs<'_>, root: usize, reference: &'r str) -> RefTo<'r> {
    match refs.resolve(root, reference) {
        Target::Documented(i) => RefTo::Documented(i),
        Target::Local { root, pointer, .. } => RefTo::Local(root, pointer),
        Target::Unresolved(_) => RefTo::Unresolved(reference),
    }
}

fn is_doc_keyword(key: &str) -> bool {
    DOC_KEYWORDS.contains(&key)
}

/// Spreads an entry's hash before it is summed with the others.
fn mix(hash: u64) -> u64 {
    let hash = hash ^ (hash >> 33);
    let hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

/// Feeds formatted text to a hasher without making a string of it.
struct HashWriter<'h>(&'h mut FxHasher);

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.write(text.as_bytes());
        Ok(())
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
    if depth > crate::limits::KIND_REFS {
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
