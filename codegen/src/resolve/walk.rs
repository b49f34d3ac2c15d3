//! Phase 1: one walk over the documented schemas, finding their types.
//!
//! Each named shape (an object with properties, a string enum, a union of
//! kinds) is interned by its [`ShapeKey`] the first time it is met, and
//! built then; met again, it is the same shape, and the place is recorded
//! for naming. A shape that is a documented schema's root belongs to that
//! schema wherever it is met. Problems are reported here, once each.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use typed_arena::Arena;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, Lint};
use crate::identifiers::Lock;
use crate::ir::{Linked, Schema};
use crate::naming;
use crate::source::{Loc, Sources, json_pointer_span};

use super::keys::{Kind, ShapeKey, ShapeKeys, is_named_shape, is_null_schema};
use super::refs::{Refs, Target};
use super::shape::{
    FieldTy, Handle, Shape, ShapeId, ShapeKind, ShapeSite, Slot, Ty, UnionVariantTy,
};
use super::site::Site;
use super::{MAX_DEPTH, merge, notes};

/// What the walk found.
pub struct Found {
    pub shapes: Vec<Shape>,
    /// The definitions in emission order.
    pub slots: Vec<Slot>,
}

pub fn walk(
    schemas: &[Schema<Linked>],
    schema_names: &[String],
    lock: &Lock,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Found {
    let refs = Refs::new(schemas);
    let arena = Arena::new();
    let mut keys = ShapeKeys::new(&refs);
    // Documented schemas own their shapes: the first with a shape names it.
    let mut documented = HashMap::default();
    for (i, schema) in schemas.iter().enumerate() {
        if is_named_shape(&schema.json) {
            documented.entry(keys.key(&schema.json, i)).or_insert(i);
        }
    }
    let mut walker = Walker {
        arena: &arena,
        schemas,
        schema_names,
        lock,
        sources,
        refs: &refs,
        keys,
        documented,
        by_key: HashMap::default(),
        shapes: Vec::new(),
        slots: Vec::new(),
        local_done: HashMap::default(),
        local_active: HashSet::default(),
        depth: 0,
        too_deep: HashSet::default(),
        property_names: HashMap::default(),
    };
    for i in 0..schemas.len() {
        walker.root(i, diags);
    }
    Found {
        shapes: walker.shapes,
        slots: walker.slots,
    }
}

struct Walker<'a> {
    /// The sub-schemas the walk makes, kept as long as the keys.
    arena: &'a Arena<Value>,
    schemas: &'a [Schema<Linked>],
    /// The type name of each documented schema, from the naming pass.
    schema_names: &'a [String],
    /// The previous generation's names of fields and enum variants.
    lock: &'a Lock,
    /// The docs, to point diagnostics at the line of a sub-schema.
    sources: &'a Sources,
    refs: &'a Refs<'a>,
    keys: ShapeKeys<'a>,
    /// The documented schema that owns each root shape.
    documented: HashMap<ShapeKey, usize>,
    /// Nested shapes met so far.
    by_key: HashMap<ShapeKey, ShapeId>,
    shapes: Vec<Shape>,
    slots: Vec<Slot>,
    /// `$ref`s to sub-schemas already resolved, and those being resolved.
    local_done: HashMap<(usize, String), Ty>,
    local_active: HashSet<(usize, String)>,
    /// How many schemas deep the walk is, to stop at [`MAX_DEPTH`].
    depth: usize,
    /// The documented schemas already reported as nesting too deep.
    too_deep: HashSet<usize>,
    /// See [`Walker::names_of`].
    property_names: HashMap<String, (String, String)>,
}

impl<'a> Walker<'a> {
    /// Documented schema `i`: its own shape, or an alias defined after the
    /// types met inside it.
    fn root(&mut self, i: usize, diags: &mut Diagnostics) {
        let schema = &self.schemas[i];
        let site = Site::root(i, &self.schema_names[i], &schema.anchor, &schema.loc);
        let doc = schema.description.clone();
        let first = self.slots.len();
        let ty = self.walk(&schema.json, &site, &doc, diags);
        // The schema's own type, defined by the walk (a `$ref` to itself
        // defines nothing); a nullable one is the type, as its uses say
        // whether they may be null.
        let own = match self.slots.get(first) {
            Some(Slot::Shape(id)) if self.shapes[id.index()].owner == Some(i) => {
                Some(Handle::Place(*id, 0).ty())
            }
            _ => None,
        };
        let example = schema.example.clone();
        match (own, ty) {
            (Some(own @ Ty::Named(Handle::Place(id, _))), ty)
                if ty == own || ty == Ty::Option(Box::new(own.clone())) =>
            {
                self.shapes[id.index()].example = example;
            }
            (_, target) => self.slots.push(Slot::Alias {
                schema: i,
                target,
                doc,
                example,
                origin: site.origin,
            }),
        }
    }

    fn warn(&self, diags: &mut Diagnostics, lint: Lint, site: &Site, message: String, help: &str) {
        diags.push(
            Diagnostic::warning(lint, &self.locate(site, &[]), message)
                .help(help)
                .at_origin(&site.origin),
        );
    }

    /// Where in the doc the sub-schema at `site` (and then `steps` further
    /// down) is written: its property name in the JSON block, or the
    /// schema's heading when the block has no such place (a merged `allOf`).
    fn locate(&self, site: &Site, steps: &[&str]) -> Loc {
        let block = &self.schemas[site.root].block;
        let mut pointer = site.pointer().to_owned();
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
    fn walk(&mut self, node: &'a Value, site: &Site, doc: &str, diags: &mut Diagnostics) -> Ty {
        if self.depth >= MAX_DEPTH {
            if self.too_deep.insert(site.root) {
                diags.error(
                    &self.locate(site, &[]),
                    format!("`{}` nests more than {MAX_DEPTH} schemas deep", site.origin),
                    "the generator follows properties, items and `$ref`s this deep at most; flatten the schema or point a `$ref` at a documented schema",
                );
            }
            return Ty::Value;
        }
        self.depth += 1;
        let ty = self.walk_node(node, site, doc, diags);
        self.depth -= 1;
        ty
    }

    fn walk_node(
        &mut self,
        node: &'a Value,
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
    ) -> Ty {
        // The JSON is normalized: anything but an object admits any value.
        let Value::Object(object) = node else {
            return Ty::Value;
        };
        let doc = object
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(doc);
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return self.reference(reference, site, diags);
        }
        if object.contains_key("allOf") {
            let merged = match merge::all_of(object, site.root, site.pointer(), self.refs) {
                Ok(Value::Object(merged)) => merged,
                Ok(_) => Map::new(),
                Err(error) => {
                    self.all_of_error(diags, site, error);
                    return Ty::Value;
                }
            };
            let merged = self.object_in_arena(merged);
            return self.named(node, site, doc, diags, |w, diags| {
                w.object_kind(merged, site, diags)
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
            let variants: &'a [Value] = self.arena.alloc_extend(kinds.iter().map(|kind| {
                let mut variant = object.clone();
                variant.insert("type".into(), Value::String((*kind).into()));
                Value::Object(variant)
            }));
            self.union(node, "type", variants, site, doc, diags)
        } else {
            self.single(object, node, kinds.first().copied(), site, doc, diags)
        };
        nullable_if(nullable, ty)
    }

    /// A property's name in PascalCase and in snake_case: properties of one
    /// name recur in hundreds of schemas.
    fn names_of(&mut self, wire: &str) -> (String, String) {
        if let Some(names) = self.property_names.get(wire) {
            return names.clone();
        }
        let names = (naming::pascal(wire), naming::snake(wire));
        self.property_names.insert(wire.to_owned(), names.clone());
        names
    }

    /// `object` kept for the rest of the walk.
    fn object_in_arena(&self, object: Map<String, Value>) -> &'a Map<String, Value> {
        match self.arena.alloc(Value::Object(object)) {
            Value::Object(object) => object,
            _ => unreachable!("allocated as an object"),
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
        diags.error(&self.locate(site, &["allOf"]), message, help);
    }

    /// A schema of one JSON type (or none given).
    fn single(
        &mut self,
        object: &'a Map<String, Value>,
        node: &'a Value,
        kind: Option<&str>,
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
    ) -> Ty {
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            if is_named_shape(node) {
                return self.named(node, site, doc, diags, |w, _| ShapeKind::Enum {
                    variants: notes::variants(values, w.lock.variants(&site.origin)),
                });
            }
            // Enums of other scalars are their scalar type; docs list the values.
            let all = |f: fn(&Value) -> bool| {
                !values.is_empty() && values.iter().all(|v| f(v) || v.is_null())
            };
            if kind.is_none() {
                return if all(Value::is_boolean) {
                    Ty::Bool
                } else if all(Value::is_i64) {
                    Ty::Integer
                } else if all(Value::is_number) {
                    Ty::Number
                } else {
                    Ty::Value
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
                return self.named(node, site, doc, diags, |w, diags| {
                    w.object_kind(object, site, diags)
                });
            }
            let value = self.additional(object, site, diags).unwrap_or(Ty::Value);
            return Ty::Map(Box::new(value));
        }
        match kind {
            Some("array") => self.array(object, site, diags),
            None if object.contains_key("items") => self.array(object, site, diags),
            Some("string") => Ty::String,
            Some("boolean") => Ty::Bool,
            Some("integer") => Ty::Integer,
            Some("number") => Ty::Number,
            None if object.contains_key("const") => match &object["const"] {
                Value::String(_) => Ty::String,
                Value::Bool(_) => Ty::Bool,
                Value::Number(n) if n.is_i64() => Ty::Integer,
                Value::Number(_) => Ty::Number,
                _ => Ty::Value,
            },
            // No type: any JSON value, which is what the schema says.
            _ => Ty::Value,
        }
    }

    fn array(
        &mut self,
        object: &'a Map<String, Value>,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> Ty {
        match object.get("items") {
            Some(items @ Value::Object(_)) => {
                Ty::Vec(Box::new(self.walk(items, &site.items(), "", diags)))
            }
            // Tuples and missing items: a list of any values.
            _ => Ty::Vec(Box::new(Ty::Value)),
        }
    }

    /// The type of the properties an object does not list: `None` when it
    /// allows none.
    fn additional(
        &mut self,
        object: &'a Map<String, Value>,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> Option<Ty> {
        if let Some(patterns) = object.get("patternProperties").and_then(Value::as_object) {
            let schemas: Vec<&Value> = patterns.values().collect();
            let same = schemas
                .windows(2)
                .all(|w| self.keys.key(w[0], site.root) == self.keys.key(w[1], site.root));
            return Some(match schemas.first() {
                Some(schema) if same => {
                    let child = site.child("Value".into(), "patternProperties");
                    self.walk(schema, &child, "", diags)
                }
                _ => Ty::Value,
            });
        }
        match object.get("additionalProperties") {
            Some(Value::Bool(false)) => None,
            Some(schema @ Value::Object(map)) if !map.is_empty() => {
                let child = site.child("Value".into(), "additionalProperties");
                Some(self.walk(schema, &child, "", diags))
            }
            _ => Some(Ty::Value),
        }
    }

    fn object_kind(
        &mut self,
        object: &'a Map<String, Value>,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> ShapeKind {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        // A property keeps the field name the previous generation gave it;
        // a new one never takes an old one's.
        let kept = self.lock.fields(&site.origin);
        let mut fields_scope = naming::Scope::new(naming::Case::Snake, &[]);
        fields_scope.hold(kept.iter().map(|(_, name)| name.as_str()));
        let properties = object.get("properties").and_then(Value::as_object);
        for (wire, schema) in properties.into_iter().flatten() {
            let (pascal, snake) = self.names_of(wire);
            let child = site.child(pascal, &format!("properties/{}", escape_step(wire)));
            // Whether the property may be `null` is the field's, apart
            // from whether it is required.
            let (ty, nullable) = match self.walk(schema, &child, "", diags) {
                Ty::Option(inner) => (*inner, true),
                ty => (ty, false),
            };
            // Properties differing only in case or punctuation are numbered.
            let name = match kept.iter().find(|(kept, _)| kept == wire) {
                Some((_, name)) if fields_scope.take(name) => name.clone(),
                _ => fields_scope.claim(&snake),
            };
            fields.push(FieldTy {
                wire: wire.clone(),
                name,
                ty,
                required: required.contains(&wire.as_str()),
                nullable,
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
        ShapeKind::Struct { fields, additional }
    }

    fn union(
        &mut self,
        node: &'a Value,
        keyword: &str,
        variants: &'a [Value],
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
    ) -> Ty {
        let non_null: Vec<(usize, &Value)> = variants
            .iter()
            .enumerate()
            .filter(|(_, v)| !is_null_schema(v))
            .collect();
        let nullable = non_null.len() < variants.len();
        let ty = match non_null.as_slice() {
            [] => Ty::Value,
            [(_, only)] => self.walk(only, site, doc, diags),
            _ => {
                let kinds: Vec<Vec<Kind>> = non_null
                    .iter()
                    .map(|(_, v)| super::keys::kinds(v, site.root, self.refs, 0))
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
                        format!(
                            "the variants of `{}/{keyword}` cannot be told apart by their JSON kind",
                            site.origin
                        ),
                        "it is typed as any JSON value",
                    );
                    return Ty::Value;
                }
                self.named(node, site, doc, diags, |w, diags| {
                    let variants = non_null
                        .iter()
                        .zip(&kinds)
                        .map(|((i, v), kinds)| {
                            let kind = notes::kind_name(kinds);
                            let ty = w.walk(v, &site.variant(keyword, i + 1, kind), "", diags);
                            UnionVariantTy {
                                kind,
                                is_ref: v.get("$ref").is_some(),
                                ty,
                            }
                        })
                        .collect();
                    ShapeKind::Union { variants }
                })
            }
        };
        nullable_if(nullable, ty)
    }

    fn reference(&mut self, reference: &str, site: &Site, diags: &mut Diagnostics) -> Ty {
        match self.refs.resolve(site.root, reference) {
            Target::Documented(i) => Handle::Schema(i).ty(),
            Target::Local {
                root,
                pointer,
                node,
            } => {
                let key = (root, pointer.clone());
                if let Some(done) = self.local_done.get(&key) {
                    return done.clone();
                }
                let schema = &self.schemas[root];
                let owner = &self.schema_names[root];
                let root_site = Site::root(root, owner, &schema.anchor, &schema.loc);
                let last = pointer.rsplit('/').next().unwrap_or("");
                let mut target_site = root_site.child(naming::pascal(last), "");
                target_site.origin = format!("{}#{pointer}", schema.anchor);
                if !self.local_active.insert(key.clone()) {
                    // A definition that contains itself: the shape being built.
                    if is_named_shape(node) {
                        let shape = self.keys.key(node, root);
                        if let Some(&owner) = self.documented.get(&shape) {
                            return Handle::Schema(owner).ty();
                        }
                        if let Some(&id) = self.by_key.get(&shape) {
                            return Handle::Place(id, 0).ty();
                        }
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
                    return Ty::Value;
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
                Ty::Value
            }
        }
    }

    /// A struct, string enum or union: interned by its shape, built the
    /// first time it is met. `build` makes its fields or variants.
    fn named(
        &mut self,
        node: &'a Value,
        site: &Site,
        doc: &str,
        diags: &mut Diagnostics,
        build: impl FnOnce(&mut Self, &mut Diagnostics) -> ShapeKind,
    ) -> Ty {
        let owner = if site.is_root {
            Some(site.root)
        } else {
            let key = self.keys.key(node, site.root);
            if let Some(&owner) = self.documented.get(&key) {
                return Handle::Schema(owner).ty();
            }
            if let Some(&id) = self.by_key.get(&key) {
                let sites = &mut self.shapes[id.index()].sites;
                sites.push(ShapeSite {
                    names: site.names.clone(),
                    origin: site.origin.clone(),
                });
                return Handle::Place(id, (sites.len() - 1) as u32).ty();
            }
            self.by_key.insert(key, ShapeId(self.shapes.len() as u32));
            None
        };
        // Reserve the slot so a type precedes the types nested in it.
        let id = ShapeId(self.shapes.len() as u32);
        self.shapes.push(Shape {
            kind: None,
            doc: doc.to_owned(),
            example: None,
            owner,
            sites: vec![ShapeSite {
                names: site.names.clone(),
                origin: site.origin.clone(),
            }],
        });
        self.slots.push(Slot::Shape(id));
        let kind = build(self, diags);
        self.shapes[id.index()].kind = Some(kind);
        Handle::Place(id, 0).ty()
    }
}

/// `ty` as a value that may be `null`, when `nullable`.
fn nullable_if(nullable: bool, ty: Ty) -> Ty {
    match ty {
        Ty::Value | Ty::Option(_) => ty,
        ty if nullable => Ty::Option(Box::new(ty)),
        ty => ty,
    }
}

/// A JSON pointer step: `~` and `/` escaped.
fn escape_step(step: &str) -> std::borrow::Cow<'_, str> {
    if step.contains(['~', '/']) {
        step.replace('~', "~0").replace('/', "~1").into()
    } else {
        step.into()
    }
}
