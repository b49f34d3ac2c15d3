//! `$ref` targets.
//!
//! The schema docs of this family write `#/definitions/<name>` for another
//! documented schema although the doc has no definitions section: the name
//! is the schema's title in camelCase, and sometimes a short form of it
//! (`deviceTags` for "Device Tags", `advancedQuery` for "Advanced Device
//! Query"). A schema's own `definitions` and JSON pointers into the schema
//! are read first.

use std::collections::HashMap;

use serde_json::Value;

use crate::ir::{Linked, Phase, Schema};

/// What a `$ref` names.
#[derive(Debug, Clone, PartialEq)]
pub enum Target<'a> {
    /// A documented schema, by index: its own type.
    Documented(usize),
    /// A sub-schema of a documented schema, by JSON pointer.
    Local {
        root: usize,
        pointer: String,
        node: &'a Value,
    },
    /// Why it could not be resolved.
    Unresolved(Unresolved),
}

/// Why a `$ref` names nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Unresolved {
    #[error("no documented schema is called `{0}`")]
    NoSchema(String),
    #[error("`{name}` could mean {}", .titles.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "))]
    Ambiguous { name: String, titles: Vec<String> },
    #[error("the schema has nothing at `{0}`")]
    NothingHere(String),
    #[error("`{title}` has nothing at `{pointer}`")]
    NothingThere { title: String, pointer: String },
}

pub struct Refs<'a, P: Phase = Linked> {
    schemas: &'a [Schema<P>],
    /// Normalized title (lower case letters and digits) to schema index.
    by_title: HashMap<String, usize>,
    /// A schema file's stem (`advancedApplicationKeyQuery`) to its index:
    /// what `#/definitions/<stem>` names in the newest layout.
    by_stem: HashMap<&'a str, usize>,
}

impl<'a, P: Phase> Refs<'a, P> {
    pub fn new(schemas: &'a [Schema<P>]) -> Self {
        let mut by_title = HashMap::new();
        let mut by_stem = HashMap::new();
        for (i, schema) in schemas.iter().enumerate() {
            by_title.entry(normalize(&schema.title)).or_insert(i);
            if schema.loc.file.ends_with(".json") {
                by_stem
                    .entry(crate::parse::schema_file::stem(&schema.loc.file))
                    .or_insert(i);
            }
        }
        Refs {
            schemas,
            by_title,
            by_stem,
        }
    }

    /// The JSON Schema of a documented schema.
    pub fn json(&self, index: usize) -> &'a Value {
        &self.schemas[index].json
    }

    /// The target of `reference` met inside schema `root`.
    pub fn resolve(&self, root: usize, reference: &str) -> Target<'a> {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        if !file.is_empty() {
            let stem = file.rsplit('/').next().unwrap_or(file);
            let stem = stem.split('.').next().unwrap_or(stem);
            return match self.by_name(stem) {
                Ok(i) => self.pointer_in(i, pointer),
                Err(why) => Target::Unresolved(why),
            };
        }
        if pointer.is_empty() {
            return Target::Documented(root);
        }
        if self.schemas[root].json.pointer(pointer).is_some() {
            return self.pointer_in(root, pointer);
        }
        let mut parts = pointer.trim_start_matches('/').splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("definitions"), Some(name), rest) => match self.by_name(&unescape(name)) {
                Ok(i) => self.pointer_in(i, &rest.map(|r| format!("/{r}")).unwrap_or_default()),
                Err(why) => Target::Unresolved(why),
            },
            _ => Target::Unresolved(Unresolved::NothingHere(pointer.to_owned())),
        }
    }

    fn pointer_in(&self, index: usize, pointer: &str) -> Target<'a> {
        if pointer.is_empty() || pointer == "/" {
            return Target::Documented(index);
        }
        match self.schemas[index].json.pointer(pointer) {
            Some(node) => Target::Local {
                root: index,
                pointer: pointer.to_owned(),
                node,
            },
            None => Target::Unresolved(Unresolved::NothingThere {
                title: self.schemas[index].title.clone(),
                pointer: pointer.to_owned(),
            }),
        }
    }

    /// The documented schema a definition name means: its title in
    /// camelCase, a plural or singular of it, or the one title whose words
    /// contain the name's words in order.
    fn by_name(&self, name: &str) -> Result<usize, Unresolved> {
        if let Some(&i) = self.by_stem.get(name) {
            return Ok(i);
        }
        let wanted = normalize(name);
        let exact = [
            wanted.clone(),
            format!("{wanted}s"),
            wanted.trim_end_matches('s').to_owned(),
        ];
        if let Some(&i) = exact.iter().find_map(|n| self.by_title.get(n)) {
            return Ok(i);
        }
        let words = camel_words(name);
        let candidates: Vec<usize> = self
            .schemas
            .iter()
            .enumerate()
            .filter(|(_, s)| contains_in_order(&title_words(&s.title), &words))
            .map(|(i, _)| i)
            .collect();
        match candidates.as_slice() {
            [one] => Ok(*one),
            [] => Err(Unresolved::NoSchema(name.to_owned())),
            many => Err(Unresolved::Ambiguous {
                name: name.to_owned(),
                titles: many
                    .iter()
                    .map(|&i| self.schemas[i].title.clone())
                    .collect(),
            }),
        }
    }
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `advancedDeviceQuery` to `["advanced", "device", "query"]`.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            words.push(String::new());
        } else if c.is_ascii_uppercase() || words.is_empty() {
            words.push(c.to_ascii_lowercase().to_string());
        } else if let Some(last) = words.last_mut() {
            last.push(c);
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

fn title_words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(normalize)
        .collect()
}

/// Whether each wanted word starts a title word, in order (a plural in the
/// title matches a singular in the name).
fn contains_in_order(title: &[String], wanted: &[String]) -> bool {
    let mut title = title.iter();
    !wanted.is_empty()
        && wanted
            .iter()
            .all(|w| title.any(|t| t.starts_with(w.as_str())))
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn definitions_name_documented_schemas_loosely() {
        let schemas = [
            schema("Device Tags", serde_json::json!({})),
            schema("Advanced Device Query", serde_json::json!({})),
            schema(
                "Device",
                serde_json::json!({"definitions": {"tag": {"type": "string"}}}),
            ),
            schema("Devices", serde_json::json!({})),
        ];
        let refs = Refs::new(&schemas);
        assert_eq!(
            refs.resolve(0, "#/definitions/deviceTags"),
            Target::Documented(0)
        );
        assert_eq!(
            refs.resolve(0, "#/definitions/deviceTag"),
            Target::Documented(0)
        );
        assert_eq!(
            refs.resolve(0, "#/definitions/advancedQuery"),
            Target::Documented(1)
        );
        assert_eq!(refs.resolve(0, "#"), Target::Documented(0));
        assert!(matches!(
            refs.resolve(2, "#/definitions/tag"),
            Target::Local { root: 2, .. }
        ));
        assert_eq!(
            refs.resolve(0, "#/definitions/device"),
            Target::Documented(2)
        );
        assert!(matches!(
            refs.resolve(0, "#/definitions/query"),
            Target::Documented(1)
        ));
        assert!(matches!(
            refs.resolve(0, "#/definitions/widget"),
            Target::Unresolved(_)
        ));
        assert!(
            matches!(refs.resolve(0, "#/definitions/dev"), Target::Unresolved(why) if why.to_string().contains("could mean"))
        );
        assert!(matches!(
            refs.resolve(0, "#/nothing/here"),
            Target::Unresolved(_)
        ));
    }
}
