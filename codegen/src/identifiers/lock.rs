//! The names lock: the previous generation's Rust names, by the identity
//! of what each names, read from its `api.json`.
//!
//! A run keeps every name whose item still exists, as `Cargo.lock` keeps
//! what was resolved: a documented schema by its anchor, an inline type by
//! its place (schema and JSON pointer), a response enum by its action, a
//! field or enum variant by its wire name in its type, a resource by its
//! accessor, an action by its key, a parameter by its wire name in its
//! action, a parameter enum by the parameter that takes it. The order of
//! an enum's variants and of an action's required arguments is kept too:
//! both are part of what users' code depends on.
//!
//! Only names that are Rust identifiers are kept: an `api.json` edited by
//! hand cannot put anything else into the generated code.

use std::collections::{HashMap, HashSet};

use crate::ir::{ActionIdents, Api, ArgType, ResourceIdents};
use crate::types::{TypeKind, TypeRef, Variant};

/// The previous generation's names, by identity; empty for a first
/// generation, or when names are re-derived on purpose.
#[derive(Debug, Clone, Default)]
pub struct Lock {
    /// A type's name by place: `anchor#` for a documented schema,
    /// `anchor#/json/pointer` for an inline type, `resource.action` for an
    /// action's enum of success bodies.
    types: HashMap<String, String>,
    /// A struct's fields, by any place of the struct: wire name and field.
    fields: HashMap<String, Vec<(String, String)>>,
    /// A string enum's variants in order, by any place of the enum.
    variants: HashMap<String, Vec<Variant>>,
    resources: HashMap<String, ResourceIdents>,
    /// By `resource.action`.
    actions: HashMap<String, ActionIdents>,
    /// A parameter's identifier, by `resource.action.param`.
    params: HashMap<String, String>,
    /// The wire names of an action's arguments (its required parameters),
    /// in order, by `resource.action`.
    arguments: HashMap<String, Vec<String>>,
    /// A parameter enum's name, by `resource.action.param`.
    enums: HashMap<String, String>,
    /// A parameter enum's variants in order, by its name.
    enum_variants: HashMap<String, Vec<Variant>>,
    /// A documented schema's anchor, by its title: a schema whose anchor
    /// changed while its title did not is the same schema.
    anchors: HashMap<String, String>,
}

impl Lock {
    /// The names of the IR a previous generation wrote.
    pub fn from_ir(api: &Api) -> Lock {
        let mut lock = Lock::default();
        for def in &api.types {
            if !is_identifier(&def.name) {
                continue;
            }
            for place in std::iter::once(&def.origin).chain(&def.places) {
                lock.types.insert(place.clone(), def.name.clone());
                match &def.kind {
                    TypeKind::Struct { fields, .. } => {
                        let fields = fields
                            .iter()
                            .filter(|f| is_identifier(&f.name))
                            .map(|f| (f.wire.clone(), f.name.clone()))
                            .collect();
                        lock.fields.insert(place.clone(), fields);
                    }
                    TypeKind::Enum { variants } => {
                        let variants = variants
                            .iter()
                            .filter(|v| is_identifier(&v.name))
                            .cloned()
                            .collect();
                        lock.variants.insert(place.clone(), variants);
                    }
                    _ => {}
                }
            }
        }
        // The places the types' own fields and items are at: what an
        // `api.json` that does not list `places` (format 4) says of them.
        for def in &api.types {
            lock.infer_places(def);
        }
        // A documented schema whose type is another's (an alias of a list,
        // say) is kept by its anchor too.
        for schema in &api.schemas {
            if is_identifier(&schema.ident) {
                lock.types
                    .entry(format!("{}#", schema.anchor))
                    .or_insert_with(|| schema.ident.clone());
            }
            lock.anchors
                .insert(schema.title.clone(), schema.anchor.clone());
        }
        for e in &api.enums {
            if is_identifier(&e.ident) {
                let variants = e.variants.iter().filter(|v| is_identifier(&v.name));
                lock.enum_variants
                    .insert(e.ident.clone(), variants.cloned().collect());
                for used in &e.uses {
                    let key = format!("{}.{}.{}", used.resource, used.action, e.param);
                    lock.enums.insert(key, e.ident.clone());
                }
            }
        }
        for resource in &api.resources {
            let idents = &resource.idents;
            if [&idents.module, &idents.accessor, &idents.handle]
                .iter()
                .all(|n| is_identifier(n))
            {
                lock.resources
                    .insert(resource.accessor.clone(), idents.clone());
            }
            for action in &resource.actions {
                let key = format!("{}.{}", resource.accessor, action.method);
                let idents = &action.idents;
                let responses_ok = idents.responses.as_deref().is_none_or(is_identifier);
                let events_ok = idents.events.as_ref().is_none_or(|e| {
                    is_identifier(&e.name) && e.variants.iter().all(|v| is_identifier(&v.variant))
                });
                let responses_ok = responses_ok && events_ok;
                if is_identifier(&idents.method) && is_identifier(&idents.request) && responses_ok {
                    lock.actions.insert(key.clone(), idents.clone());
                }
                let arguments = action
                    .params
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| p.name.clone())
                    .collect();
                lock.arguments.insert(key.clone(), arguments);
                for param in &action.params {
                    let param_key = format!("{key}.{}", param.name);
                    if is_identifier(&param.ident) {
                        lock.params.insert(param_key.clone(), param.ident.clone());
                    }
                    // The name the parameter's own type had: its enum's
                    // name, or an alias of it.
                    if let ArgType::Enum(name) = &param.arg {
                        if is_identifier(name) {
                            lock.enums.insert(param_key, name.clone());
                        }
                    }
                }
            }
        }
        lock
    }

    /// The names of the types at the places inside `def`: its fields
    /// (`origin/properties/name`), their items (`…/items`) and the values
    /// of its maps (`…/additionalProperties`), as the resolver names
    /// places. A place the IR lists explicitly keeps that name.
    fn infer_places(&mut self, def: &crate::types::TypeDef) {
        let mut at = |place: String, ty: &TypeRef| self.infer_type(place, ty);
        match &def.kind {
            TypeKind::Struct { fields, additional } => {
                for field in fields {
                    let step = field.wire.replace('~', "~0").replace('/', "~1");
                    at(format!("{}/properties/{step}", def.origin), &field.ty);
                }
                if let Some(ty) = additional {
                    at(format!("{}/additionalProperties", def.origin), ty);
                }
            }
            TypeKind::Alias { target } => at(def.origin.clone(), target),
            _ => {}
        }
    }

    fn infer_type(&mut self, place: String, ty: &TypeRef) {
        match ty {
            TypeRef::Named(name) if is_identifier(name) => {
                self.types.entry(place).or_insert_with(|| name.clone());
            }
            TypeRef::Option(inner) | TypeRef::Box(inner) => self.infer_type(place, inner),
            TypeRef::Vec(item) => self.infer_type(format!("{place}/items"), item),
            TypeRef::Map(value) => self.infer_type(format!("{place}/additionalProperties"), value),
            _ => {}
        }
    }

    /// Whether the lock keeps nothing: a first generation.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.resources.is_empty()
    }

    pub(crate) fn type_name(&self, place: &str) -> Option<&str> {
        self.types.get(place).map(String::as_str)
    }

    /// The name of the documented schema `title` had under another anchor,
    /// when the docs moved it (`anchors` are the docs' anchors now): the
    /// same title, and its old anchor no longer there.
    pub(crate) fn moved_schema(&self, title: &str, anchors: &HashSet<&str>) -> Option<&str> {
        let old = self.anchors.get(title)?;
        if anchors.contains(old.as_str()) {
            return None;
        }
        self.type_name(&format!("{old}#"))
    }

    /// Every type name it keeps, for the models' scope to hold.
    pub(crate) fn type_names(&self) -> impl Iterator<Item = &str> {
        self.types.values().map(String::as_str)
    }

    pub(crate) fn fields(&self, place: &str) -> &[(String, String)] {
        self.fields.get(place).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn variants(&self, place: &str) -> &[Variant] {
        self.variants.get(place).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn resource(&self, accessor: &str) -> Option<&ResourceIdents> {
        self.resources.get(accessor)
    }

    pub(crate) fn resources(&self) -> impl Iterator<Item = &ResourceIdents> {
        self.resources.values()
    }

    pub(crate) fn action(&self, resource: &str, action: &str) -> Option<&ActionIdents> {
        self.actions.get(&format!("{resource}.{action}"))
    }

    pub(crate) fn param(&self, resource: &str, action: &str, param: &str) -> Option<&str> {
        self.params
            .get(&format!("{resource}.{action}.{param}"))
            .map(String::as_str)
    }

    pub(crate) fn arguments(&self, resource: &str, action: &str) -> &[String] {
        self.arguments
            .get(&format!("{resource}.{action}"))
            .map_or(&[], Vec::as_slice)
    }

    pub(crate) fn enum_name(&self, key: &str) -> Option<&str> {
        self.enums.get(key).map(String::as_str)
    }

    /// Every parameter enum name it keeps, for the `params` scope to hold.
    pub(crate) fn enum_names(&self) -> impl Iterator<Item = &str> {
        self.enums.values().map(String::as_str)
    }

    pub(crate) fn enum_variants(&self, name: &str) -> &[Variant] {
        self.enum_variants.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Whether `name` is a Rust identifier the naming rules could make:
/// ASCII letters, digits and `_`, not starting with a digit, possibly raw.
fn is_identifier(name: &str) -> bool {
    let plain = name.strip_prefix("r#").unwrap_or(name);
    !plain.is_empty()
        && !plain.starts_with(|c: char| c.is_ascii_digit())
        && plain.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && syn::parse_str::<syn::Ident>(name).is_ok()
}

/// `items` with those whose key `kept` lists first, in its order, and the
/// others after them in their own order: a lock's order (of an enum's
/// variants, of an action's arguments) kept, new ones after.
pub(crate) fn kept_order<T, K: ?Sized + Eq + std::hash::Hash>(
    items: Vec<T>,
    kept: &[&K],
    key: impl Fn(&T) -> &K,
) -> Vec<T> {
    let position: HashMap<&K, usize> = kept.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut indexed: Vec<(Option<usize>, usize, T)> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| (position.get(key(&item)).copied(), i, item))
        .collect();
    indexed.sort_by_key(|&(kept, i, _)| (kept.is_none(), kept.unwrap_or(i)));
    indexed.into_iter().map(|(_, _, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_identifiers_are_kept() {
        for name in ["Role", "org_id", "r#type", "_2fa", "Self_"] {
            assert!(is_identifier(name), "{name}");
        }
        for name in ["", "2fa", "a b", "a-b", "fn", "r#self", "Rôle", "x::y"] {
            assert!(!is_identifier(name), "{name}");
        }
    }

    #[test]
    fn kept_items_keep_their_order_and_new_ones_follow() {
        let now = vec!["c", "new", "a", "b", "newer"];
        let kept = ["a", "gone", "b", "c"];
        assert_eq!(
            kept_order(now, &kept, |s| *s),
            ["a", "b", "c", "new", "newer"]
        );
    }
}
