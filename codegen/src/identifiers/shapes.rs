//! The names of the types nested in the documented schemas: each object,
//! string enum and union the resolver found inline, at every place it was
//! met.
//!
//! A place's own name is its owner and its path: the schema's type, then
//! each property (`ArchiveConfig` + `mode`: `ArchiveConfigMode`; `Event` +
//! `level`: `EventLevel`), an array's items singular
//! (`OrganizationMember`), a union's forms by kind
//! (`StringQueryObject`). One shape met at several places (the same
//! sub-schema copied under many parents) is one type:
//!
//! - named for what its places agree on, when there are several and each
//!   is the same property (every place a `flowClass`: `FlowClass`; every
//!   place a `role`: `Role`), unless another shape wants that name too;
//! - else defined under the name most of its places have, with a type
//!   alias for each other place's own name (`AddressFilterType` beside
//!   `ArchiveConfigMode`), so a field is never typed by a name that points
//!   at an unrelated place, and a new place holding the same enum renames
//!   nothing.
//!
//! The names lock keeps each place's name, and [`places`](super::places)
//! settles clashes: a name never depends on where other shapes sort.

use std::collections::HashMap;

use crate::naming::Scope;
use crate::resolve::shape::Shape;

use super::Lock;
use super::places::{self, Item, Named, Place};

/// The names of each shape, in their order, with a name for each of its
/// `sites`; a documented schema's shape is its schema's name at every
/// place.
pub fn assign(
    shapes: &[Shape],
    schema_names: &[String],
    scope: &mut Scope,
    lock: &Lock,
) -> Vec<Named> {
    // The places of each inline shape, one per origin, and the place each
    // site is.
    let mut items: Vec<Item> = Vec::new();
    let mut site_places: Vec<Vec<usize>> = Vec::new();
    for shape in shapes.iter().filter(|s| s.owner.is_none()) {
        let mut at: HashMap<&str, usize> = HashMap::new();
        let mut places: Vec<Place> = Vec::new();
        let mut shorts: Vec<&str> = Vec::new();
        let of_sites = shape
            .sites
            .iter()
            .map(|site| {
                *at.entry(&site.origin).or_insert_with(|| {
                    places.push(Place {
                        key: site.origin.clone(),
                        own: site.names.qualified.clone(),
                        shared: None,
                    });
                    shorts.push(&site.names.short);
                    places.len() - 1
                })
            })
            .collect();
        // A place may share its property's name with the others that are
        // the same property; a place alone is named for itself.
        let mut count: HashMap<&str, usize> = HashMap::new();
        for short in &shorts {
            *count.entry(short).or_default() += 1;
        }
        for (place, short) in places.iter_mut().zip(&shorts) {
            if count[short] > 1 {
                place.shared = Some((*short).to_owned());
            }
        }
        items.push(Item { places });
        site_places.push(of_sites);
    }
    let mut named = places::assign(&items, |key| lock.type_name(key), scope).into_iter();
    let mut site_places = site_places.into_iter();
    shapes
        .iter()
        .map(|shape| match shape.owner {
            Some(schema) => Named {
                places: vec![schema_names[schema].clone(); shape.sites.len()],
                definition: schema_names[schema].clone(),
            },
            None => {
                let names = named.next().expect("a name per inline shape");
                let sites = site_places.next().expect("places per inline shape");
                Named {
                    places: sites.into_iter().map(|p| names.places[p].clone()).collect(),
                    definition: names.definition,
                }
            }
        })
        .collect()
}
