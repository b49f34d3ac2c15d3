//! Small errors in the schemas themselves: warned about, then read as
//! well as they can be.

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, Lint};
use crate::source::Loc;

/// The keywords of JSON Schema drafts 4 to 7, and the extensions seen in
/// this family's docs, besides the [`NUMERIC`] ones.
const KNOWN: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$ref",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "example",
    "type",
    "enum",
    "const",
    "format",
    "pattern",
    "items",
    "additionalItems",
    "uniqueItems",
    "contains",
    "properties",
    "patternProperties",
    "additionalProperties",
    "required",
    "dependencies",
    "propertyNames",
    "definitions",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "readOnly",
    "writeOnly",
    "nullable",
    "deprecated",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords whose value is a number.
pub const NUMERIC: &[&str] = &[
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Warns about the keywords of `object` that are misspelled or mistyped;
/// `locate` finds a keyword's place in the doc.
pub fn keywords(
    object: &Map<String, Value>,
    origin: &str,
    locate: &dyn Fn(&str) -> Loc,
    diags: &mut Diagnostics,
) {
    for (key, value) in object {
        let numeric = NUMERIC.contains(&key.as_str());
        if !numeric && !KNOWN.contains(&key.as_str()) && !key.starts_with("x-") {
            diags.push(
                Diagnostic::warning(
                    Lint::UnknownKeyword,
                    &locate(key),
                    format!("unknown keyword `{key}` at `{origin}` is ignored"),
                )
                .help("remove it from the schema, or spell it as JSON Schema does")
                .at_origin(origin),
            );
        } else if numeric {
            if let Value::String(text) = value {
                let help = if text.trim().parse::<f64>().is_ok() {
                    format!("it is read as {text}; write it without quotes")
                } else {
                    "it is ignored; write a number".to_owned()
                };
                diags.push(
                    Diagnostic::warning(
                        Lint::NumberAsString,
                        &locate(key),
                        format!("`{key}` at `{origin}` is the string \"{text}\", not a number"),
                    )
                    .help(help)
                    .at_origin(origin),
                );
            }
        }
    }
}

/// A numeric keyword's value, also when written as a string (`"10"`).
pub fn number(object: &Map<String, Value>, key: &str) -> Option<serde_json::Number> {
    match object.get(key)? {
        Value::Number(n) => Some(n.clone()),
        Value::String(s) => serde_json::from_str(s.trim()).ok(),
        _ => None,
    }
}
