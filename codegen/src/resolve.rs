//! JSON Schemas to Rust types.
//!
//! Each documented schema becomes a type named after its title. Objects and
//! string enums nested inside them become types too, one per distinct shape:
//! a sub-schema copied under many parents (the `role` enum, say) is one type.
//! Naming is deterministic and independent of which parent is seen first
//! where possible: a nested type takes its property's name (`Role`) when no
//! other shape wants that name, else its parent's name in front
//! (`OrganizationSummary`).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;
use crate::emit::code;
use crate::ir::{Api, Schema};
use crate::naming;
use crate::source::Loc;
use crate::types::{Field, TypeDef, TypeKind, TypeRef, Variant};

/// Keywords that only document; two shapes differing in them are one type.
const DOC_KEYWORDS: &[&str] = &[
    "description",
    "title",
    "$schema",
    "examples",
    "example",
    "default",
];

pub fn resolve(api: &mut Api, diags: &mut Diagnostics) {
    let mut resolver = Resolver::default();
    // Documented schemas own their titles and their shapes.
    for schema in &api.schemas {
        let name = naming::pascal(&schema.title);
        resolver.taken.insert(name.clone());
        if is_named_shape(&schema.json) {
            resolver
                .names
                .entry(shape_key(&schema.json))
                .or_insert(name);
        }
    }
    // Pass one collects the nested shapes and the names they could take.
    resolver.collecting = true;
    resolver.walk_schemas(&api.schemas, &mut Diagnostics::default());
    resolver.assign_names();
    // Pass two builds the types. Documented shapes are emitted under their
    // own titles, never as a nested type met before them.
    resolver.collecting = false;
    resolver.emitted = api
        .schemas
        .iter()
        .filter(|s| is_named_shape(&s.json))
        .map(|s| shape_key(&s.json))
        .collect();
    let rust = resolver.walk_schemas(&api.schemas, diags);
    for (schema, rust) in api.schemas.iter_mut().zip(rust) {
        schema.rust = rust;
    }
    api.types = resolver.defs;
    api.error_type = error_type(api, diags);
}

/// The type of error bodies: the one schema every error response links.
fn error_type(api: &Api, diags: &mut Diagnostics) -> TypeRef {
    let mut links = api
        .resources
        .iter()
        .flat_map(|r| &r.actions)
        .flat_map(|a| &a.errors)
        .filter_map(|e| e.schema.as_ref());
    let Some(first) = links.next() else {
        return TypeRef::Value;
    };
    if let Some(other) = links.find(|l| l.anchor != first.anchor) {
        diags.warning(
            &other.loc,
            format!("error responses link both `{}` and `{}`", first.title, other.title),
            "error bodies are decoded as JSON values; link one error schema everywhere to type them",
        );
        return TypeRef::Value;
    }
    api.schemas
        .iter()
        .find(|s| s.anchor == first.anchor)
        .map_or(TypeRef::Value, |s| s.rust.clone())
}

/// Where in the schemas a sub-schema sits, and the names it could take.
struct Site {
    /// The name of a documented schema, for its root.
    root: Option<String>,
    /// The property-based name (`Role`).
    short: String,
    /// The parent-qualified name (`OrganizationMemberRole`).
    qualified: String,
    /// `anchor#/json/pointer`.
    origin: String,
    loc: Loc,
}

impl Site {
    fn child(&self, property: &str, pointer: &str) -> Site {
        let short = naming::pascal(property);
        Site {
            root: None,
            qualified: format!("{}{short}", self.qualified),
            short,
            origin: format!("{}/{pointer}", self.origin),
            loc: self.loc.clone(),
        }
    }

    fn items(&self, pointer: &str) -> Site {
        let short = naming::singular(&self.short).unwrap_or_else(|| format!("{}Item", self.short));
        let qualified = match &self.root {
            Some(_) => format!("{}Item", self.qualified),
            None => naming::singular(&self.qualified)
                .unwrap_or_else(|| format!("{}Item", self.qualified)),
        };
        Site {
            root: None,
            short: naming::pascal(&short),
            qualified,
            origin: format!("{}/{pointer}", self.origin),
            loc: self.loc.clone(),
        }
    }
}

#[derive(Default)]
struct Resolver {
    collecting: bool,
    /// Shape key to the type name it was given.
    names: HashMap<String, String>,
    /// Shape keys of nested shapes in the order first seen, with their candidates.
    candidates: Vec<(String, String, String)>,
    seen: HashSet<String>,
    taken: HashSet<String>,
    /// Shape keys already emitted as a type.
    emitted: HashSet<String>,
    defs: Vec<TypeDef>,
}

impl Resolver {
    fn walk_schemas(&mut self, schemas: &[Schema], diags: &mut Diagnostics) -> Vec<TypeRef> {
        schemas
            .iter()
            .map(|schema| {
                let name = naming::pascal(&schema.title);
                let site = Site {
                    root: Some(name.clone()),
                    short: name.clone(),
                    qualified: name.clone(),
                    origin: format!("{}#", schema.anchor),
                    loc: schema.loc.clone(),
                };
                let ty = self.walk(&schema.json, &site, &schema.description, diags);
                match ty {
                    TypeRef::Named(n) if n == name => TypeRef::Named(n),
                    target => {
                        // Arrays and scalars get a documented alias.
                        if !self.collecting {
                            self.defs.push(TypeDef {
                                name: name.clone(),
                                doc: schema.description.clone(),
                                origin: site.origin.clone(),
                                kind: TypeKind::Alias { target },
                            });
                        }
                        TypeRef::Named(name)
                    }
                }
            })
            .collect()
    }

    fn assign_names(&mut self) {
        let mut wanted: HashMap<&str, usize> = HashMap::new();
        for (_, short, _) in &self.candidates {
            *wanted.entry(short.as_str()).or_default() += 1;
        }
        let mut assigned = Vec::new();
        for (key, short, qualified) in &self.candidates {
            let name = if wanted[short.as_str()] == 1 && !self.taken.contains(short) {
                short.clone()
            } else {
                let mut name = qualified.clone();
                let mut n = 2;
                while self.taken.contains(&name) {
                    name = format!("{qualified}{n}");
                    n += 1;
                }
                name
            };
            self.taken.insert(name.clone());
            assigned.push((key.clone(), name));
        }
        self.names.extend(assigned);
    }

    fn walk(&mut self, node: &Value, site: &Site, doc: &str, diags: &mut Diagnostics) -> TypeRef {
        let Some(object) = node.as_object() else {
            if !matches!(node, Value::Bool(true)) {
                diags.warning(
                    &site.loc,
                    format!("`{}` is not a schema object", site.origin),
                    "it is typed as any JSON value",
                );
            }
            return TypeRef::Value;
        };
        let doc = object
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(doc);
        match object.get("type").and_then(Value::as_str) {
            _ if is_named_shape(node) => self.named(object, node, site, doc, diags),
            Some("object") | None if object.contains_key("properties") => {
                self.named(object, node, site, doc, diags)
            }
            Some("object") => TypeRef::Map(Box::new(TypeRef::Value)),
            Some("array") => match object.get("items") {
                Some(items) => {
                    TypeRef::Vec(Box::new(self.walk(items, &site.items("items"), "", diags)))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Value)),
            },
            Some("string") => TypeRef::String,
            Some("boolean") => TypeRef::Bool,
            Some("integer") => TypeRef::Integer,
            Some("number") => TypeRef::Number,
            None => TypeRef::Value,
            Some(other) => {
                diags.warning(
                    &site.loc,
                    format!(
                        "`{}` has the type `{other}`, which is not typed yet",
                        site.origin
                    ),
                    "it is typed as any JSON value",
                );
                TypeRef::Value
            }
        }
    }

    /// A struct or string enum: named by the site, emitted once per shape.
    fn named(
        &mut self,
        object: &Map<String, Value>,
        node: &Value,
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let key = shape_key(node);
        if self.collecting {
            if site.root.is_none()
                && !self.names.contains_key(&key)
                && self.seen.insert(key.clone())
            {
                self.candidates
                    .push((key, site.short.clone(), site.qualified.clone()));
            }
            // Nested shapes are collected whatever the parent is called.
            if !object.contains_key("enum") {
                self.fields(object, site, diags);
            }
            return TypeRef::Value;
        }
        let name = match &site.root {
            Some(root) => root.clone(),
            None => self
                .names
                .get(&key)
                .cloned()
                .unwrap_or_else(|| site.qualified.clone()),
        };
        // A root always gets its own type; a nested shape is emitted once.
        if site.root.is_none() && !self.emitted.insert(key) {
            return TypeRef::Named(name);
        }
        let kind = match object.get("enum").and_then(Value::as_array) {
            Some(values) => TypeKind::Enum {
                variants: variants(values),
            },
            None => {
                let at = self.defs.len();
                // Reserve the slot so a type precedes the types nested in it.
                self.defs.push(TypeDef {
                    name: name.clone(),
                    doc: String::new(),
                    origin: String::new(),
                    kind: TypeKind::Alias {
                        target: TypeRef::Value,
                    },
                });
                let (fields, additional) = self.fields(object, site, diags);
                self.defs[at] = TypeDef {
                    name: name.clone(),
                    doc: doc.to_owned(),
                    origin: site.origin.clone(),
                    kind: TypeKind::Struct { fields, additional },
                };
                return TypeRef::Named(name);
            }
        };
        self.defs.push(TypeDef {
            name: name.clone(),
            doc: doc.to_owned(),
            origin: site.origin.clone(),
            kind,
        });
        TypeRef::Named(name)
    }

    fn fields(
        &mut self,
        object: &Map<String, Value>,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> (Vec<Field>, Option<TypeRef>) {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields: Vec<Field> = Vec::new();
        let properties = object.get("properties").and_then(Value::as_object);
        for (wire, schema) in properties.into_iter().flatten() {
            let child = site.child(wire, &format!("properties/{}", pointer_escape(wire)));
            let ty = self.walk(schema, &child, "", diags);
            let name = naming::snake(wire);
            if let Some(other) = fields
                .iter()
                .find(|f| naming::unraw(&f.name) == naming::unraw(&name))
            {
                diags.error(
                    &site.loc,
                    format!(
                        "properties `{}` and `{wire}` of `{}` both become the Rust field `{name}`",
                        other.wire, site.origin
                    ),
                    "rename one of the properties in the schema",
                );
                continue;
            }
            fields.push(Field {
                wire: wire.clone(),
                name,
                ty,
                required: required.contains(&wire.as_str()),
                doc: schema
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                notes: constraint_notes(schema),
            });
        }
        let additional = match object.get("additionalProperties") {
            Some(Value::Bool(false)) => None,
            _ => Some(TypeRef::Value),
        };
        (fields, additional)
    }
}

/// Objects with properties and string enums become named types.
fn is_named_shape(node: &Value) -> bool {
    let Some(object) = node.as_object() else {
        return false;
    };
    let string_enum = object
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_string));
    string_enum || object.get("properties").is_some_and(Value::is_object)
}

/// Variant names for wire values, unique even when values differ only in case.
fn variants(values: &[Value]) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    for wire in values.iter().filter_map(Value::as_str) {
        if out.iter().any(|v| v.wire == wire) {
            continue;
        }
        let base = if wire.is_empty() {
            "Empty".to_owned()
        } else {
            naming::pascal(wire)
        };
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|v| v.name == name) || name == "Unknown" {
            name = format!("{base}{n}");
            n += 1;
        }
        out.push(Variant {
            name,
            wire: wire.to_owned(),
        });
    }
    out
}

/// The constraints of a property that its Rust type does not carry.
fn constraint_notes(schema: &Value) -> Vec<String> {
    let get = |k: &str| schema.get(k);
    let mut notes = Vec::new();
    if let Some(format) = get("format").and_then(Value::as_str) {
        notes.push(format!("Format: {}.", code(format)));
    }
    if let Some(pattern) = get("pattern").and_then(Value::as_str) {
        notes.push(format!("Pattern: {}.", code(pattern)));
    }
    match (get("minLength"), get("maxLength")) {
        (Some(min), Some(max)) => notes.push(format!("Length: {min} to {max}.")),
        (Some(min), None) => notes.push(format!("Length: at least {min}.")),
        (None, Some(max)) => notes.push(format!("Length: at most {max}.")),
        (None, None) => {}
    }
    notes
}

fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A sub-schema's shape as text: keys sorted, documentation keywords left
/// out, so copies of one shape under many parents compare equal.
fn shape_key(node: &Value) -> String {
    fn canonical(node: &Value, out: &mut String) {
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
                    canonical(&map[key], out);
                    out.push(',');
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for item in items {
                    canonical(item, out);
                    out.push(',');
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    canonical(node, &mut out);
    out
}
