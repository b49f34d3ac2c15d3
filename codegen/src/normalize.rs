//! The schema JSON repaired once, right after parsing, so that every later
//! stage (the resolver, the notes in rustdoc, the OpenAPI export) reads
//! strict JSON Schema.
//!
//! Small errors real docs carry are warned about here, each once at its
//! place in the JSON block, and repaired: a type name written where a
//! schema belongs (`"items": "string"`) becomes `{"type": "string"}`, a
//! number written as a string (`"maxLength": "10"`) a number; a value
//! that is no schema becomes `{}` (any value), an unknown `type` or
//! keyword is dropped.

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, Lint};
use crate::ir::{Linked, Schema};
use crate::source::{Loc, SourceFile, json_pointer_span};

/// The keywords of JSON Schema drafts 4 to 7, and the extensions seen in
/// this family's docs, besides the [`is_numeric`] ones. A `match`, as it
/// runs for every key of every schema.
fn is_known(key: &str) -> bool {
    matches!(
        key,
        "$schema"
            | "$id"
            | "id"
            | "$ref"
            | "$comment"
            | "title"
            | "description"
            | "default"
            | "examples"
            | "example"
            | "type"
            | "enum"
            | "const"
            | "format"
            | "pattern"
            | "items"
            | "additionalItems"
            | "uniqueItems"
            | "contains"
            | "properties"
            | "patternProperties"
            | "additionalProperties"
            | "required"
            | "dependencies"
            | "propertyNames"
            | "definitions"
            | "allOf"
            | "anyOf"
            | "oneOf"
            | "not"
            | "if"
            | "then"
            | "else"
            | "readOnly"
            | "writeOnly"
            | "nullable"
            | "deprecated"
            | "contentMediaType"
            | "contentEncoding"
    )
}

/// Keywords whose value is a number.
fn is_numeric(key: &str) -> bool {
    matches!(
        key,
        "minLength"
            | "maxLength"
            | "minimum"
            | "maximum"
            | "exclusiveMinimum"
            | "exclusiveMaximum"
            | "multipleOf"
            | "minItems"
            | "maxItems"
            | "minProperties"
            | "maxProperties"
    )
}

/// The types of JSON Schema.
const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "object", "array", "null",
];

/// Keywords whose value is one schema.
const ONE_SCHEMA: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
];

/// Keywords whose value maps names to schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "definitions"];

/// Keywords whose value lists schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf"];

/// Repairs the JSON of the schemas `file` documents, warning at each place.
pub fn schemas(schemas: &mut [Schema<Linked>], file: &SourceFile, diags: &mut Diagnostics) {
    for schema in schemas {
        let mut json = std::mem::take(&mut schema.json);
        let mut repair = Repair {
            file,
            block: &schema.block,
            heading: &schema.loc,
            anchor: &schema.anchor,
            diags,
        };
        repair.schema(&mut json, &mut String::new(), 0);
        schema.json = json;
    }
}

struct Repair<'a> {
    file: &'a SourceFile,
    /// Where the JSON block stands in the file.
    block: &'a Loc,
    /// The schema's heading, where a place the block does not have points.
    heading: &'a Loc,
    anchor: &'a str,
    diags: &'a mut Diagnostics,
}

impl Repair<'_> {
    /// `node` at `pointer` is a schema: repaired in place.
    fn schema(&mut self, node: &mut Value, pointer: &mut String, depth: usize) {
        // serde_json stops at 128 levels, so this recursion is bounded too.
        match node {
            Value::Object(object) => self.object(object, pointer, depth),
            Value::Bool(_) => {}
            Value::String(kind) if TYPES.contains(&kind.as_str()) => {
                let kind = std::mem::take(kind);
                self.warn(
                    Lint::TypeAsString,
                    pointer,
                    &[],
                    format!(
                        "`{}#{pointer}` is the string \"{kind}\" where a schema belongs",
                        self.anchor
                    ),
                    "it is read as {\"type\": \"...\"}; write the schema as an object",
                );
                let mut object = Map::new();
                object.insert("type".into(), Value::String(kind));
                *node = Value::Object(object);
            }
            _ => {
                self.warn(
                    Lint::NotASchema,
                    pointer,
                    &[],
                    format!("`{}#{pointer}` is not a schema", self.anchor),
                    "it is typed as any JSON value; write a JSON Schema object",
                );
                *node = Value::Object(Map::new());
            }
        }
    }

    fn object(&mut self, object: &mut Map<String, Value>, pointer: &mut String, depth: usize) {
        let origin = format!("{}#{pointer}", self.anchor);
        let mut dropped = Vec::new();
        for (key, value) in object.iter_mut() {
            if is_numeric(key) {
                if let Value::String(text) = value {
                    let message =
                        format!("`{key}` at `{origin}` is the string \"{text}\", not a number");
                    match serde_json::from_str::<serde_json::Number>(text.trim()) {
                        Ok(number) => {
                            let help = format!("it is read as {number}; write it without quotes");
                            self.warn_at(Lint::NumberAsString, pointer, key, message, &help);
                            *value = Value::Number(number);
                        }
                        Err(_) => {
                            self.warn_at(
                                Lint::NumberAsString,
                                pointer,
                                key,
                                message,
                                "it is ignored; write a number",
                            );
                            dropped.push(key.clone());
                        }
                    }
                }
            } else if !is_known(key) && !key.starts_with("x-") {
                self.warn_at(
                    Lint::UnknownKeyword,
                    pointer,
                    key,
                    format!("unknown keyword `{key}` at `{origin}` is ignored"),
                    "remove it from the schema, or spell it as JSON Schema does",
                );
                dropped.push(key.clone());
            }
        }
        if let Some(Value::String(kind)) = object.get("type") {
            if !TYPES.contains(&kind.as_str()) {
                let kind = kind.clone();
                self.warn_at(
                    Lint::UnknownType,
                    pointer,
                    "type",
                    format!("`{origin}` has the unknown type `{kind}`"),
                    "it is read as any type; use a JSON Schema type",
                );
                dropped.push("type".into());
            }
        }
        for key in dropped {
            object.shift_remove(&key);
        }
        for (key, value) in object.iter_mut() {
            let at = pointer.len();
            push_step(pointer, key);
            match (key.as_str(), value) {
                (key, value) if ONE_SCHEMA.contains(&key) => match value {
                    // A tuple's `items` lists schemas.
                    Value::Array(items) if key == "items" => self.list(items, pointer, depth),
                    value => self.schema(value, pointer, depth + 1),
                },
                (key, Value::Object(children)) if SCHEMA_MAPS.contains(&key) => {
                    for (name, child) in children.iter_mut() {
                        let at = pointer.len();
                        push_step(pointer, name);
                        self.schema(child, pointer, depth + 1);
                        pointer.truncate(at);
                    }
                }
                (key, Value::Array(items)) if SCHEMA_LISTS.contains(&key) => {
                    self.list(items, pointer, depth)
                }
                _ => {}
            }
            pointer.truncate(at);
        }
    }

    fn list(&mut self, items: &mut [Value], pointer: &mut String, depth: usize) {
        for (i, item) in items.iter_mut().enumerate() {
            let at = pointer.len();
            pointer.push('/');
            pointer.push_str(&i.to_string());
            self.schema(item, pointer, depth + 1);
            pointer.truncate(at);
        }
    }

    fn warn(&mut self, lint: Lint, pointer: &str, steps: &[&str], message: String, help: &str) {
        let loc = self.locate(pointer, steps);
        self.diags.push(
            Diagnostic::warning(lint, &loc, message)
                .help(help)
                .at_origin(format!("{}#{pointer}", self.anchor)),
        );
    }

    /// A warning about keyword `key` of the schema at `pointer`.
    fn warn_at(&mut self, lint: Lint, pointer: &str, key: &str, message: String, help: &str) {
        self.warn(lint, pointer, &[key], message, help);
    }

    /// Where the JSON block writes `pointer` (then `steps`): a property's
    /// name, or the value itself; the heading when it has no such place.
    fn locate(&self, pointer: &str, steps: &[&str]) -> Loc {
        let mut pointer = pointer.to_owned();
        for step in steps {
            push_step(&mut pointer, step);
        }
        let Some(text) = self.file.text.get(self.block.span()) else {
            return self.heading.clone();
        };
        match json_pointer_span(text, &pointer) {
            Some(span) => {
                let start = self.block.offset as usize;
                self.file.loc(start + span.start..start + span.end)
            }
            None => self.heading.clone(),
        }
    }
}

/// Appends a JSON pointer step, escaped.
fn push_step(pointer: &mut String, step: &str) {
    pointer.push('/');
    if step.contains(['~', '/']) {
        pointer.push_str(&step.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(step);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::parse::schema_doc;

    /// The schema doc with one schema holding `json`, parsed and repaired.
    fn repaired(json: &str) -> (Value, Vec<(Lint, u32, String)>) {
        let text = format!("# Schemas\n\n## Thing\n\nA thing.\n\n```json\n{json}\n```\n");
        let file = SourceFile::new("_schemas.md", "_schemas.md", text);
        let mut diags = Diagnostics::default();
        let mut parsed = schema_doc::parse(&file, &mut diags);
        schemas(&mut parsed, &file, &mut diags);
        let warnings = diags
            .iter()
            .map(|d| {
                (
                    d.lint.unwrap(),
                    d.loc.line,
                    d.origin.clone().unwrap_or_default(),
                )
            })
            .collect();
        (parsed.remove(0).json, warnings)
    }

    #[test]
    fn each_mistake_is_repaired_and_warned_about_once_at_its_line() {
        let (json, warnings) = repaired(
            r#"{
  "type": ["object", "null"],
  "properties": {
    "tags": { "type": "array", "items": "string" },
    "name": { "type": "string", "maxLength": "10", "min": 1 },
    "odd": 3,
    "kind": { "type": "str" }
  }
}"#,
        );
        assert_eq!(
            json,
            json!({
                "type": ["object", "null"],
                "properties": {
                    "tags": { "type": "array", "items": { "type": "string" } },
                    "name": { "type": "string", "maxLength": 10 },
                    "odd": {},
                    "kind": {}
                }
            })
        );
        assert_eq!(
            warnings,
            [
                (
                    Lint::TypeAsString,
                    11,
                    "thing#/properties/tags/items".into()
                ),
                (Lint::NumberAsString, 12, "thing#/properties/name".into()),
                (Lint::UnknownKeyword, 12, "thing#/properties/name".into()),
                (Lint::NotASchema, 13, "thing#/properties/odd".into()),
                (Lint::UnknownType, 14, "thing#/properties/kind".into()),
            ]
        );
    }

    #[test]
    fn values_that_are_not_schemas_are_left_alone() {
        let json = r#"{ "enum": ["string", 3], "default": "number", "example": { "min": "1" } }"#;
        let (repaired, warnings) = repaired(json);
        assert_eq!(repaired, serde_json::from_str::<Value>(json).unwrap());
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
