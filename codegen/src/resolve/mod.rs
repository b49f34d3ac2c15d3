//! JSON Schemas to Rust types.
//!
//! Each documented schema becomes a type named after its title. Objects,
//! string enums and unions nested inside them become types too, one per
//! distinct shape: a sub-schema copied under many parents (the `role` enum,
//! say) is one type. A nested type takes its property's name (`Role`) when
//! no other shape wants that name, else its parent's name in front
//! (`OrganizationSummary`), so naming does not depend on which parent is
//! read first.
//!
//! Resolution runs twice over the schemas: the first pass collects the
//! nested shapes and the names they could take, the second builds the
//! types with the names assigned in between. What cannot be typed is a
//! `serde_json::Value`, with a warning naming the schema and JSON pointer.

mod cycles;
mod keys;
pub(crate) mod lint;
mod merge;
mod notes;
pub(crate) mod refs;
mod typed;

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, Lint};
use crate::identifiers::Names;
use crate::ir::{Api, Linked, Schema, Typed};
use crate::naming;
use crate::source::{Loc, Sources, json_pointer_span};
use crate::types::{Field, TypeDef, TypeKind, TypeRef};

use keys::{Kind, is_named_shape, is_null_schema, shape_key};
use refs::{Refs, Target};

/// How many sub-schemas deep (through properties, items, variants and
/// `$ref`s into schemas) the resolver follows a schema. Real schemas nest
/// a handful of levels; the bound keeps the walk's stack small on any
/// input.
pub const MAX_DEPTH: usize = 48;

/// The Rust types of the schemas, and the typed IR: names and types
/// written onto each schema, parameter and response ([`typed`]).
pub fn resolve(
    api: Api<Linked>,
    names: Names,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Api<Typed> {
    let (schema_types, defs) = schema_types(&api.schemas, &names.schemas, sources, diags);
    typed::assemble(api, names, schema_types, defs, diags)
}

/// Each documented schema's type, and the type definitions they need.
fn schema_types(
    schemas: &[Schema<Linked>],
    schema_names: &[String],
    sources: &Sources,
    diags: &mut Diagnostics,
) -> (Vec<TypeRef>, Vec<TypeDef>) {
    let refs = Refs::new(schemas);
    let mut resolver = Resolver {
        schemas,
        schema_names,
        sources,
        refs: &refs,
        collecting: true,
        names: HashMap::new(),
        candidates: Vec::new(),
        seen: HashSet::new(),
        taken: crate::identifiers::MODEL_TYPES
            .iter()
            .map(|t| (*t).to_owned())
            .collect(),
        emitted: HashSet::new(),
        local_done: HashMap::new(),
        local_active: HashSet::new(),
        defs: Vec::new(),
        depth: 0,
        too_deep: HashSet::new(),
        root_keys: schemas
            .iter()
            .enumerate()
            .map(|(i, s)| is_named_shape(&s.json).then(|| shape_key(&s.json, i, &refs)))
            .collect(),
    };
    // Documented schemas own their titles and their shapes.
    for (name, key) in schema_names.iter().zip(&resolver.root_keys) {
        resolver.taken.insert(name.clone());
        if let Some(key) = key {
            resolver.names.entry(key.clone()).or_insert(name.clone());
        }
    }
    resolver.walk_schemas(&mut Diagnostics::default());
    resolver.assign_names();
    // Documented shapes are emitted under their own titles, never as a
    // nested type met before them.
    resolver.collecting = false;
    resolver.local_done.clear();
    resolver.emitted = resolver.root_keys.iter().flatten().cloned().collect();
    let rust = resolver.walk_schemas(diags);
    let mut defs = resolver.defs;
    for name in cycles::break_alias_cycles(&mut defs) {
        if let Some(i) = schema_names.iter().position(|n| *n == name) {
            diags.error(
                &schemas[i].loc,
                format!(
                    "schema `{}` is an alias of itself: its `$ref`s lead back to it with no list or object between",
                    schemas[i].title
                ),
                "give the schema a type of its own, or point its `$ref` at another schema",
            );
        }
    }
    cycles::box_cycles(&mut defs);
    (rust, defs)
}

/// Where in the schemas a sub-schema sits, and the names it could take.
#[derive(Clone)]
struct Site {
    /// The documented schema it is in, by index.
    root: usize,
    /// Set for the root of a documented schema: its type name.
    root_name: Option<String>,
    /// The property-based name (`Role`).
    short: String,
    /// The parent-qualified name (`OrganizationMemberRole`).
    qualified: String,
    /// `anchor#/json/pointer`, for messages and docs.
    origin: String,
    loc: Loc,
}

impl Site {
    /// The site of a property, or of a definition.
    fn child(&self, name: &str, pointer: &str) -> Site {
        let short = naming::pascal(name);
        Site {
            root: self.root,
            root_name: None,
            qualified: format!("{}{short}", self.qualified),
            short,
            origin: format!("{}/{pointer}", self.origin),
            loc: self.loc.clone(),
        }
    }

    /// The site of an array's items: a singular name (`members` to `Member`).
    fn items(&self) -> Site {
        let short = naming::singular(&self.short).unwrap_or_else(|| format!("{}Item", self.short));
        let qualified = match &self.root_name {
            Some(_) => naming::singular(&self.qualified)
                .unwrap_or_else(|| format!("{}Item", self.qualified)),
            None => naming::singular(&self.qualified)
                .unwrap_or_else(|| format!("{}Item", self.qualified)),
        };
        Site {
            root: self.root,
            root_name: None,
            short: naming::pascal(&short),
            qualified,
            origin: format!("{}/items", self.origin),
            loc: self.loc.clone(),
        }
    }

    /// The site of the n-th (from 1) variant of a union, named after the
    /// union and the variant's kind (`StringQueryObject`).
    fn variant(&self, keyword: &str, n: usize, kind: &str) -> Site {
        Site {
            root: self.root,
            root_name: None,
            short: format!("{}{kind}", self.short),
            qualified: format!("{}{kind}", self.qualified),
            origin: format!("{}/{keyword}/{}", self.origin, n - 1),
            loc: self.loc.clone(),
        }
    }
}

struct Resolver<'a> {
    schemas: &'a [Schema<Linked>],
    /// The type name of each documented schema, from the naming pass.
    schema_names: &'a [String],
    /// The docs, to point diagnostics at the line of a sub-schema.
    sources: &'a Sources,
    refs: &'a Refs<'a>,
    /// First pass: collect names, build nothing.
    collecting: bool,
    /// Shape key to the type name it was given.
    names: HashMap<String, String>,
    /// Nested shapes in the order first seen: key, short name, qualified name.
    candidates: Vec<(String, String, String)>,
    seen: HashSet<String>,
    taken: HashSet<String>,
    /// Shape keys already emitted as a type.
    emitted: HashSet<String>,
    /// `$ref`s to sub-schemas already resolved, and those being resolved.
    local_done: HashMap<(usize, String), TypeRef>,
    local_active: HashSet<(usize, String)>,
    defs: Vec<TypeDef>,
    /// The shape key of each documented schema that is a named shape.
    root_keys: Vec<Option<String>>,
    /// How many schemas deep the walk is, to stop at [`MAX_DEPTH`].
    depth: usize,
    /// The documented schemas already reported as nesting too deep.
    too_deep: HashSet<usize>,
}

impl Resolver<'_> {
    fn walk_schemas(&mut self, diags: &mut Diagnostics) -> Vec<TypeRef> {
        let schemas = self.schemas;
        schemas
            .iter()
            .enumerate()
            .map(|(i, schema)| {
                let name = self.schema_names[i].clone();
                let site = Site {
                    root: i,
                    root_name: Some(name.clone()),
                    short: name.clone(),
                    qualified: name.clone(),
                    origin: format!("{}#", schema.anchor),
                    loc: schema.loc.clone(),
                };
                let mut doc = schema.description.clone();
                if let Some(example) = &schema.example {
                    doc.push_str(&format!(
                        "\n\n# Example\n\n```json\n{}\n```",
                        example.trim()
                    ));
                }
                let first_def = self.defs.len();
                let ty = self.walk(&schema.json, &site, &doc, diags);
                // The schema's own type, defined by the walk (a `$ref` to
                // itself defines nothing); a nullable one is the type, as
                // its uses say whether they may be null.
                let defined =
                    self.collecting || self.defs.get(first_def).is_some_and(|d| d.name == name);
                let own = TypeRef::Named(name.clone());
                match ty {
                    ty if defined
                        && (ty == own || ty == TypeRef::Option(Box::new(own.clone()))) =>
                    {
                        own
                    }
                    target => {
                        // Arrays, maps and scalars get a documented alias.
                        if !self.collecting {
                            self.defs.push(TypeDef {
                                name: name.clone(),
                                doc,
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

    fn warn(&self, diags: &mut Diagnostics, lint: Lint, site: &Site, message: String, help: &str) {
        if !self.collecting {
            diags.push(
                Diagnostic::warning(lint, &self.locate(site, &[]), message)
                    .help(help)
                    .at_origin(&site.origin),
            );
        }
    }

    /// An error at `steps` below the sub-schema at `site`, in the second pass.
    fn error(
        &self,
        diags: &mut Diagnostics,
        site: &Site,
        steps: &[&str],
        message: String,
        help: &str,
    ) {
        if !self.collecting {
            diags.error(&self.locate(site, steps), message, help);
        }
    }

    /// Where in the doc the sub-schema at `site` (and then `steps` further
    /// down) is written: its property name in the JSON block, or the
    /// schema's heading when the block has no such place (a merged `allOf`).
    fn locate(&self, site: &Site, steps: &[&str]) -> Loc {
        let block = &self.schemas[site.root].block;
        let mut pointer = site
            .origin
            .split_once('#')
            .map_or("", |(_, p)| p)
            .to_owned();
        for step in steps {
            pointer.push('/');
            pointer.push_str(&step.replace('~', "~0").replace('/', "~1"));
        }
        let Some(file) = self.sources.get(&block.file) else {
            return site.loc.clone();
        };
        let Some(text) = file.text.get(block.span()) else {
            return site.loc.clone();
        };
        match json_pointer_span(text, &pointer) {
            Some(span) => {
                let start = block.offset as usize;
                file.loc(start + span.start..start + span.end)
            }
            None => site.loc.clone(),
        }
    }

    /// The type of the sub-schema `node`, within the depth bound.
    fn walk(&mut self, node: &Value, site: &Site, doc: &str, diags: &mut Diagnostics) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            if !self.collecting && self.too_deep.insert(site.root) {
                self.error(
                    diags,
                    site,
                    &[],
                    format!("`{}` nests more than {MAX_DEPTH} schemas deep", site.origin),
                    "the generator follows properties, items and `$ref`s this deep at most; flatten the schema or point a `$ref` at a documented schema",
                );
            }
            return TypeRef::Value;
        }
        self.depth += 1;
        let ty = self.walk_node(node, site, doc, diags);
        self.depth -= 1;
        ty
    }

    fn walk_node(
        &mut self,
        node: &Value,
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let object = match node {
            Value::Object(object) => object,
            Value::Bool(true) => return TypeRef::Value,
            Value::String(kind)
                if matches!(
                    kind.as_str(),
                    "string" | "number" | "integer" | "boolean" | "object" | "array"
                ) =>
            {
                self.warn(
                    diags,
                    Lint::TypeAsString,
                    site,
                    format!(
                        "`{}` is the string \"{kind}\" where a schema belongs",
                        site.origin
                    ),
                    "it is read as {\"type\": \"...\"}; write the schema as an object",
                );
                let mut object = Map::new();
                object.insert("type".into(), node.clone());
                return self.walk(&Value::Object(object), site, doc, diags);
            }
            _ => {
                self.warn(
                    diags,
                    Lint::NotASchema,
                    site,
                    format!("`{}` is not a schema", site.origin),
                    "it is typed as any JSON value; write a JSON Schema object",
                );
                return TypeRef::Value;
            }
        };
        if !self.collecting {
            lint::keywords(
                object,
                &site.origin,
                &|key| self.locate(site, &[key]),
                diags,
            );
        }
        let doc = object
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(doc);
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return self.reference(reference, site, diags);
        }
        if object.contains_key("allOf") {
            let pointer = site.origin.split_once('#').map_or("", |(_, p)| p);
            let merged = match merge::all_of(object, site.root, pointer, self.refs) {
                Ok(merged) => merged.as_object().cloned().unwrap_or_default(),
                Err(error) => {
                    self.all_of_error(diags, site, error);
                    return TypeRef::Value;
                }
            };
            return self.named(node, site, doc, diags, |r, diags| {
                r.object_kind(&merged, site, diags)
            });
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(variants) = object.get(keyword).and_then(Value::as_array) {
                return self.union(node, keyword, variants, site, doc, diags);
            }
        }
        let types: Vec<&str> = match object.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let nullable =
            types.contains(&"null") || object.get("nullable") == Some(&Value::Bool(true));
        let kinds: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
        let ty = if kinds.len() > 1 {
            // `"type": ["string", "number"]`: a union of one schema per kind.
            let variants: Vec<Value> = kinds
                .iter()
                .map(|kind| {
                    let mut variant = object.clone();
                    variant.insert("type".into(), Value::String((*kind).into()));
                    Value::Object(variant)
                })
                .collect();
            self.union(node, "type", &variants, site, doc, diags)
        } else {
            self.single(object, node, kinds.first().copied(), site, doc, diags)
        };
        match ty {
            TypeRef::Value | TypeRef::Option(_) => ty,
            ty if nullable => TypeRef::Option(Box::new(ty)),
            ty => ty,
        }
    }

    fn all_of_error(&self, diags: &mut Diagnostics, site: &Site, error: merge::MergeError) {
        let (message, help) = match error {
            merge::MergeError::Cycle(reference) => (
                format!(
                    "the `allOf` of `{}` includes itself through `$ref: {reference}`",
                    site.origin
                ),
                "a schema cannot be merged with itself; point the `$ref` at another schema",
            ),
            merge::MergeError::TooDeep => (
                format!(
                    "the `allOf` of `{}` leads through more than {} `$ref`s",
                    site.origin,
                    merge::MAX_REF_DEPTH
                ),
                "merge fewer schemas into one, or point a part at a schema that is not itself an `allOf`",
            ),
        };
        self.error(diags, site, &["allOf"], message, help);
    }

    /// A schema of one JSON type (or none given).
    fn single(
        &mut self,
        object: &Map<String, Value>,
        node: &Value,
        kind: Option<&str>,
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            if is_named_shape(node) {
                let values = values.clone();
                return self.named(node, site, doc, diags, |_, _| TypeKind::Enum {
                    variants: notes::variants(&values),
                });
            }
            // Enums of other scalars are their scalar type; docs list the values.
            let all = |f: fn(&Value) -> bool| {
                !values.is_empty() && values.iter().all(|v| f(v) || v.is_null())
            };
            if kind.is_none() {
                return if all(Value::is_boolean) {
                    TypeRef::Bool
                } else if all(Value::is_i64) {
                    TypeRef::Integer
                } else if all(Value::is_number) {
                    TypeRef::Number
                } else {
                    TypeRef::Value
                };
            }
        }
        let is_object = kind == Some("object")
            || (kind.is_none()
                && ["properties", "patternProperties", "additionalProperties"]
                    .iter()
                    .any(|k| object.contains_key(*k)));
        if is_object {
            if is_named_shape(node) {
                return self.named(node, site, doc, diags, |r, diags| {
                    r.object_kind(object, site, diags)
                });
            }
            let value = self
                .additional(object, site, diags)
                .unwrap_or(TypeRef::Value);
            return TypeRef::Map(Box::new(value));
        }
        match kind {
            Some("array") => self.array(object, site, diags),
            None if object.contains_key("items") => self.array(object, site, diags),
            Some("string") => TypeRef::String,
            Some("boolean") => TypeRef::Bool,
            Some("integer") => TypeRef::Integer,
            Some("number") => TypeRef::Number,
            None if object.contains_key("const") => match &object["const"] {
                Value::String(_) => TypeRef::String,
                Value::Bool(_) => TypeRef::Bool,
                Value::Number(n) if n.is_i64() => TypeRef::Integer,
                Value::Number(_) => TypeRef::Number,
                _ => TypeRef::Value,
            },
            // No type: any JSON value, which is what the schema says.
            None | Some("null") => TypeRef::Value,
            Some(other) => {
                self.warn(
                    diags,
                    Lint::UnknownType,
                    site,
                    format!("`{}` has the unknown type `{other}`", site.origin),
                    "it is typed as any JSON value; use a JSON Schema type",
                );
                TypeRef::Value
            }
        }
    }

    fn array(
        &mut self,
        object: &Map<String, Value>,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        match object.get("items") {
            Some(items @ Value::Object(_)) | Some(items @ Value::String(_)) => {
                TypeRef::Vec(Box::new(self.walk(items, &site.items(), "", diags)))
            }
            // Tuples and missing items: a list of any values.
            _ => TypeRef::Vec(Box::new(TypeRef::Value)),
        }
    }

    /// The type of the properties an object does not list: `None` when it
    /// allows none.
    fn additional(
        &mut self,
        object: &Map<String, Value>,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        if let Some(patterns) = object.get("patternProperties").and_then(Value::as_object) {
            let schemas: Vec<&Value> = patterns.values().collect();
            let same = schemas.windows(2).all(|w| {
                shape_key(w[0], site.root, self.refs) == shape_key(w[1], site.root, self.refs)
            });
            return Some(match schemas.first() {
                Some(schema) if same => {
                    let child = site.child("Value", "patternProperties");
                    self.walk(schema, &child, "", diags)
                }
                _ => TypeRef::Value,
            });
        }
        match object.get("additionalProperties") {
            Some(Value::Bool(false)) => None,
            Some(schema @ Value::Object(map)) if !map.is_empty() => {
                let child = site.child("Value", "additionalProperties");
                Some(self.walk(schema, &child, "", diags))
            }
            _ => Some(TypeRef::Value),
        }
    }

    fn object_kind(
        &mut self,
        object: &Map<String, Value>,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> TypeKind {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields: Vec<Field> = Vec::new();
        let mut fields_scope = naming::Scope::new(naming::Case::Snake, &[]);
        let properties = object.get("properties").and_then(Value::as_object);
        for (wire, schema) in properties.into_iter().flatten() {
            let child = site.child(
                wire,
                &format!("properties/{}", wire.replace('~', "~0").replace('/', "~1")),
            );
            let ty = self.walk(schema, &child, "", diags);
            // Properties differing only in case or punctuation are numbered.
            let name = fields_scope.claim(&naming::snake(wire));
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
                notes: schema
                    .as_object()
                    .map(notes::constraints)
                    .unwrap_or_default(),
            });
        }
        let additional = self.additional(object, site, diags);
        TypeKind::Struct { fields, additional }
    }

    fn union(
        &mut self,
        node: &Value,
        keyword: &str,
        variants: &[Value],
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let non_null: Vec<(usize, &Value)> = variants
            .iter()
            .enumerate()
            .filter(|(_, v)| !is_null_schema(v))
            .collect();
        let nullable = non_null.len() < variants.len();
        let ty = match non_null.as_slice() {
            [] => TypeRef::Value,
            [(_, only)] => self.walk(only, site, doc, diags),
            _ => {
                let kinds: Vec<Vec<Kind>> = non_null
                    .iter()
                    .map(|(_, v)| keys::kinds(v, site.root, self.refs, 0))
                    .collect();
                let mut seen: Vec<Kind> = Vec::new();
                let apart = kinds.iter().flatten().all(|k| {
                    let new = *k != Kind::Any && !seen.contains(k);
                    seen.push(*k);
                    new
                });
                if !apart {
                    self.warn(
                        diags,
                        Lint::IndistinctUnion,
                        site,
                        format!("the variants of `{}/{keyword}` cannot be told apart by their JSON kind", site.origin),
                        "it is typed as any JSON value",
                    );
                    return TypeRef::Value;
                }
                let variants: Vec<(usize, Value, &str)> = non_null
                    .iter()
                    .zip(&kinds)
                    .map(|((i, v), kinds)| (*i, (*v).clone(), notes::kind_name(kinds)))
                    .collect();
                self.named(node, site, doc, diags, |r, diags| {
                    let variants = variants
                        .iter()
                        .map(|(i, v, kind)| {
                            let ty = r.walk(v, &site.variant(keyword, i + 1, kind), "", diags);
                            // A `$ref` variant is named after its type, an inline one after its kind.
                            let name = match &ty {
                                TypeRef::Named(name) if v.get("$ref").is_some() => name.clone(),
                                _ => (*kind).to_owned(),
                            };
                            (name, ty)
                        })
                        .collect();
                    TypeKind::Union {
                        variants: notes::union_variants(variants),
                    }
                })
            }
        };
        match ty {
            ty @ (TypeRef::Value | TypeRef::Option(_)) => ty,
            ty if nullable => TypeRef::Option(Box::new(ty)),
            ty => ty,
        }
    }

    fn reference(&mut self, reference: &str, site: &Site, diags: &mut Diagnostics) -> TypeRef {
        match self.refs.resolve(site.root, reference) {
            Target::Documented(i) => TypeRef::Named(self.schema_names[i].clone()),
            Target::Local {
                root,
                pointer,
                node,
            } => {
                let key = (root, pointer.clone());
                if let Some(done) = self.local_done.get(&key) {
                    return done.clone();
                }
                let last = pointer.rsplit('/').next().unwrap_or("");
                let schema = &self.schemas[root];
                let owner = self.schema_names[root].clone();
                let short = naming::pascal(last);
                let target_site = Site {
                    root,
                    root_name: None,
                    qualified: format!("{owner}{short}"),
                    short,
                    origin: format!("{}#{pointer}", schema.anchor),
                    loc: schema.loc.clone(),
                };
                if !self.local_active.insert(key.clone()) {
                    // A definition that contains itself.
                    if is_named_shape(node) {
                        let shape = shape_key(node, root, self.refs);
                        return TypeRef::Named(
                            self.names
                                .get(&shape)
                                .cloned()
                                .unwrap_or(target_site.qualified),
                        );
                    }
                    self.warn(
                        diags,
                        Lint::SelfReference,
                        site,
                        format!(
                            "`{reference}` at `{}` refers to itself through a non-object",
                            site.origin
                        ),
                        "it is typed as any JSON value",
                    );
                    return TypeRef::Value;
                }
                let ty = self.walk(node, &target_site, "", diags);
                self.local_active.remove(&key);
                self.local_done.insert(key, ty.clone());
                ty
            }
            Target::Unresolved(why) => {
                self.warn(
                    diags,
                    Lint::UnresolvedRef,
                    site,
                    format!(
                        "`$ref: {reference}` at `{}` cannot be resolved: {why}",
                        site.origin
                    ),
                    "it is typed as any JSON value; point it at a documented schema",
                );
                TypeRef::Value
            }
        }
    }

    /// A struct, string enum or union: named by its site, emitted once per
    /// shape. `build` makes its fields or variants.
    fn named(
        &mut self,
        node: &Value,
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
        build: impl FnOnce(&mut Self, &mut Diagnostics) -> TypeKind,
    ) -> TypeRef {
        let key = match (&site.root_name, &self.root_keys[site.root]) {
            (Some(_), Some(key)) => key.clone(),
            _ => shape_key(node, site.root, self.refs),
        };
        if self.collecting {
            let documented = site.root_name.is_none() && self.names.contains_key(&key);
            if site.root_name.is_some() || (!documented && self.seen.insert(key.clone())) {
                if site.root_name.is_none() {
                    self.candidates
                        .push((key, site.short.clone(), site.qualified.clone()));
                }
                // Nested shapes are collected whatever this one is called.
                build(self, diags);
            }
            return TypeRef::Value;
        }
        let name = match &site.root_name {
            Some(root) => root.clone(),
            None => self
                .names
                .get(&key)
                .cloned()
                .unwrap_or_else(|| site.qualified.clone()),
        };
        if site.root_name.is_none() && !self.emitted.insert(key) {
            return TypeRef::Named(name);
        }
        // Reserve the slot so a type precedes the types nested in it.
        let at = self.defs.len();
        self.defs.push(TypeDef {
            name: name.clone(),
            doc: doc.to_owned(),
            origin: site.origin.clone(),
            kind: TypeKind::Alias {
                target: TypeRef::Value,
            },
        });
        self.defs[at].kind = build(self, diags);
        TypeRef::Named(name)
    }
}
