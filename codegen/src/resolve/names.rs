//! Phase 2: the names of the shapes the walk found.
//!
//! A documented schema's shape takes the schema's name. A nested shape
//! takes the name its places suggest (`Role` for a `role` property) when no
//! other nested shape wants that name, else its first place's name with
//! its parents in front (`OrganizationSummary`), so naming does not depend
//! on which parent is read first. A shape met at places that suggest
//! different names is named for what it is: a union by its variants
//! (`StringOrNumber`), a struct or enum by the name most of its places
//! suggest.

use std::collections::{HashMap, HashSet};

use super::notes;
use super::shape::{Shape, ShapeKind};

/// Each shape's name, by [`ShapeId`](super::shape::ShapeId); `taken` are
/// the names nested shapes cannot have.
pub fn assign(shapes: &[Shape], schema_names: &[String], taken: &[&str]) -> Vec<String> {
    let mut taken: HashSet<String> = taken
        .iter()
        .map(|t| (*t).to_owned())
        .chain(schema_names.iter().cloned())
        .collect();
    let wanted_names: Vec<Option<String>> = shapes
        .iter()
        .map(|shape| shape.owner.is_none().then(|| wanted(shape)))
        .collect();
    let mut wanted_by: HashMap<&str, usize> = HashMap::new();
    for name in wanted_names.iter().flatten() {
        *wanted_by.entry(name.as_str()).or_default() += 1;
    }
    shapes
        .iter()
        .zip(&wanted_names)
        .map(|(shape, wanted)| {
            let Some(short) = wanted else {
                return schema_names[shape.owner.expect("a shape without a wanted name is owned")]
                    .clone();
            };
            let name = if wanted_by[short.as_str()] == 1 && !taken.contains(short) {
                short.clone()
            } else {
                let qualified = &shape.sites[0].qualified;
                let mut name = qualified.clone();
                let mut n = 2;
                while taken.contains(&name) {
                    name = format!("{qualified}{n}");
                    n += 1;
                }
                name
            };
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// The name a nested shape wants: its places' when they agree.
fn wanted(shape: &Shape) -> String {
    let first = &shape.sites[0].short;
    if shape.sites.iter().all(|s| s.short == *first) {
        return first.clone();
    }
    if let Some(ShapeKind::Union { variants }) = &shape.kind {
        let mut kinds: Vec<&str> = Vec::new();
        for kind in variants.iter().flat_map(|v| &v.kinds) {
            let name = notes::kind_name(std::slice::from_ref(kind));
            if !kinds.contains(&name) {
                kinds.push(name);
            }
        }
        return kinds.join("Or");
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for site in &shape.sites {
        match counts.iter_mut().find(|(name, _)| *name == site.short) {
            Some((_, n)) => *n += 1,
            None => counts.push((&site.short, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts
        .iter()
        .find(|(_, n)| *n == most)
        .map_or_else(|| first.clone(), |(name, _)| (*name).to_owned())
}
