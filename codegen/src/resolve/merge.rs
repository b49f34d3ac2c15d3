//! `allOf`: the parts merged into one object schema.

use serde_json::{Map, Value};

use super::refs::{Refs, Target};

/// How many `$ref`s deep the parts of one `allOf` may lead before merging
/// stops with [`MergeError::TooDeep`].
pub const MAX_REF_DEPTH: usize = crate::limits::ALL_OF_REFS;

/// Why an `allOf` cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// A part leads back, through this `$ref`, to a schema being merged:
    /// merging it would never end.
    Cycle(String),
    /// The parts lead through more than [`MAX_REF_DEPTH`] `$ref`s.
    TooDeep,
}

/// A schema being merged: the documented schema and the JSON pointer in it.
type Place = (usize, String);

/// Merges `node`'s `allOf` parts (following `$ref`s) into one schema:
/// properties of every part (a later part refines an earlier one), the
/// union of their `required`, and extra properties allowed unless every
/// part forbids them. `pointer` is where `node` stands in schema `root`,
/// so a part that leads back to it is a cycle, not endless recursion.
pub fn all_of(
    node: &Map<String, Value>,
    root: usize,
    pointer: &str,
    refs: &Refs<'_>,
) -> Result<Value, MergeError> {
    let mut path = vec![(root, pointer.to_owned())];
    merge(node, root, refs, &mut path)
}

fn merge(
    node: &Map<String, Value>,
    root: usize,
    refs: &Refs<'_>,
    path: &mut Vec<Place>,
) -> Result<Value, MergeError> {
    let mut merged = node.clone();
    let parts = merged
        .remove("allOf")
        .and_then(|p| p.as_array().cloned())
        .unwrap_or_default();
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut forbid_extra = node.get("additionalProperties") == Some(&Value::Bool(false));
    let mut any_part = false;
    let mut absorb = |part: &Map<String, Value>, forbid: &mut bool| {
        if let Some(props) = part.get("properties").and_then(Value::as_object) {
            properties.extend(props.clone());
        }
        for name in part
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !required.contains(name) {
                required.push(name.clone());
            }
        }
        *forbid = *forbid && part.get("additionalProperties") == Some(&Value::Bool(false));
    };
    absorb(node, &mut true);
    for part in &parts {
        let resolved = flatten(part, root, refs, path)?;
        if let Some(object) = resolved.as_object() {
            if !any_part {
                forbid_extra = object.get("additionalProperties") == Some(&Value::Bool(false));
                any_part = true;
            }
            absorb(object, &mut forbid_extra);
            for key in ["type", "description"] {
                if let (None, Some(value)) = (merged.get(key), object.get(key)) {
                    merged.insert(key.to_owned(), value.clone());
                }
            }
        }
    }
    merged
        .entry("type")
        .or_insert_with(|| Value::String("object".into()));
    merged.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        merged.insert("required".into(), Value::Array(required));
    }
    if forbid_extra {
        merged.insert("additionalProperties".into(), Value::Bool(false));
    } else {
        merged.remove("additionalProperties");
    }
    Ok(Value::Object(merged))
}

/// A part with its `$ref` followed and its own `allOf` merged.
fn flatten(
    part: &Value,
    root: usize,
    refs: &Refs<'_>,
    path: &mut Vec<Place>,
) -> Result<Value, MergeError> {
    let Some(object) = part.as_object() else {
        return Ok(part.clone());
    };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        let (place, node) = match refs.resolve(root, reference) {
            Target::Documented(i) => ((i, String::new()), refs.json(i)),
            Target::Local {
                root,
                pointer,
                node,
            } => ((root, pointer), node),
            Target::Unresolved(_) => return Ok(Value::Object(Map::new())),
        };
        if path.contains(&place) {
            return Err(MergeError::Cycle(reference.to_owned()));
        }
        if path.len() > MAX_REF_DEPTH {
            return Err(MergeError::TooDeep);
        }
        let target = place.0;
        path.push(place);
        let flat = flatten(node, target, refs, path);
        path.pop();
        return flat;
    }
    if object.contains_key("allOf") {
        return merge(object, root, refs, path);
    }
    Ok(part.clone())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ir::{Linked, Schema};

    fn schema(title: &str, json: Value) -> Schema<Linked> {
        Schema {
            title: title.into(),
            ident: (),
            anchor: crate::naming::anchor(title),
            description: String::new(),
            loc: Default::default(),
            json,
            block: Default::default(),
            example: None,
            example_block: Default::default(),
            rust: (),
        }
    }

    #[test]
    fn parts_merge_into_one_object() {
        let schemas = [schema(
            "Base",
            json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}),
        )];
        let refs = Refs::new(&schemas);
        let node = json!({"allOf": [
            {"$ref": "#/definitions/base"},
            {"properties": {"name": {"type": "string"}}, "required": ["name", "id"], "additionalProperties": false}
        ]});
        let merged = all_of(node.as_object().unwrap(), 0, "/properties/x", &refs);
        assert_eq!(
            merged.unwrap(),
            json!({
                "type": "object",
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                "required": ["id", "name"]
            })
        );
    }

    #[test]
    fn parts_that_lead_back_are_a_cycle_not_a_recursion() {
        let schemas = [
            schema("Thing", json!({"allOf": [{"$ref": "#"}]})),
            schema("A", json!({"allOf": [{"$ref": "#/definitions/b"}]})),
            schema("B", json!({"allOf": [{"$ref": "#/definitions/a"}]})),
            schema("C", json!({"allOf": [{"$ref": "#/allOf/0"}]})),
        ];
        let refs = Refs::new(&schemas);
        let merge = |i: usize| all_of(schemas[i].json.as_object().unwrap(), i, "", &refs);
        assert_eq!(merge(0), Err(MergeError::Cycle("#".into())));
        assert_eq!(merge(1), Err(MergeError::Cycle("#/definitions/a".into())));
        assert_eq!(merge(3), Err(MergeError::Cycle("#/allOf/0".into())));
    }

    #[test]
    fn a_long_chain_of_parts_stops_at_the_depth_limit() {
        let schemas: Vec<Schema<Linked>> = (0..MAX_REF_DEPTH + 2)
            .map(|i| {
                schema(
                    &format!("S{i}"),
                    json!({"allOf": [{"$ref": format!("#/definitions/s{}", i + 1)}]}),
                )
            })
            .collect();
        let refs = Refs::new(&schemas);
        let first = all_of(schemas[0].json.as_object().unwrap(), 0, "", &refs);
        assert_eq!(first, Err(MergeError::TooDeep));
        // From further down, the chain ends (at an unknown schema) within the limit.
        let short = all_of(schemas[10].json.as_object().unwrap(), 10, "", &refs);
        assert!(short.is_ok(), "{short:?}");
    }
}
