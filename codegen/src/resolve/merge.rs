//! `allOf`: the parts merged into one object schema.

use serde_json::{Map, Value};

use super::refs::{Refs, Target};

/// Merges `node`'s `allOf` parts (following `$ref`s) into one schema:
/// properties of every part (a later part refines an earlier one), the
/// union of their `required`, and extra properties allowed unless every
/// part forbids them.
pub fn all_of(node: &Map<String, Value>, root: usize, refs: &Refs<'_>) -> Value {
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
        let resolved = flatten(part, root, refs, 0);
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
    Value::Object(merged)
}

/// A part with its `$ref` followed and its own `allOf` merged.
fn flatten(part: &Value, root: usize, refs: &Refs<'_>, depth: usize) -> Value {
    // Parts that refer to each other in a loop stop merging here.
    if depth > 16 {
        return Value::Object(Map::new());
    }
    let Some(object) = part.as_object() else {
        return part.clone();
    };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        return match refs.resolve(root, reference) {
            Target::Documented(i) => flatten(refs.json(i), i, refs, depth + 1),
            Target::Local { root, node, .. } => flatten(node, root, refs, depth + 1),
            Target::Unresolved(_) => Value::Object(Map::new()),
        };
    }
    if object.contains_key("allOf") {
        return all_of(object, root, refs);
    }
    part.clone()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ir::Schema;
    use crate::types::TypeRef;

    #[test]
    fn parts_merge_into_one_object() {
        let base = Schema {
            title: "Base".into(),
            anchor: "base".into(),
            description: String::new(),
            loc: Default::default(),
            json: json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}),
            block: Default::default(),
            example: None,
            rust: TypeRef::Value,
        };
        let schemas = [base];
        let refs = Refs::new(&schemas);
        let node = json!({"allOf": [
            {"$ref": "#/definitions/base"},
            {"properties": {"name": {"type": "string"}}, "required": ["name", "id"], "additionalProperties": false}
        ]});
        let merged = all_of(node.as_object().unwrap(), 0, &refs);
        assert_eq!(
            merged,
            json!({
                "type": "object",
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                "required": ["id", "name"]
            })
        );
    }
}
