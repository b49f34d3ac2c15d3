//! Names for items met at several places: an inline shape copied under
//! many parents, a set of accepted values listed by many actions.
//!
//! Each place has a name of its own (`ArchiveConfigMode`: its owner and
//! its path), and places of one item may share a name that says what
//! they agree on (`Role`, where each is a `role`). A place's name is
//! chosen, in this order:
//!
//! 1. **Kept.** The name the previous generation gave the place (the
//!    lock), when it is free. Two items that both had one name (one item
//!    then, two now: the docs changed one of its places) leave it to the
//!    item with more places that had it, or the first one; the other's
//!    places are named anew, never the item that kept its places.
//! 2. **Shared.** The places of an item that agree on a name (the `tags`
//!    items of a hundred schemas are each a `Tag`) take it, when it is
//!    free and no other group of places (of another item, or of this one
//!    under another name) as large wants it; an item that kept that name
//!    for some places gives it to its new places that agree too (a new
//!    `role` beside the old ones is a `Role`).
//! 3. **Its own.** Any other place takes its own name, numbered when taken
//!    (`OrganizationPatchName2`); places of one item with one own name
//!    share it.
//!
//! So a name depends on the item's own places and on what was generated
//! before, never on where other items sort: a new item takes no name an
//! old one has, and a clash is settled by naming the new item.

use std::collections::HashMap;

use crate::naming::Scope;

/// An item to name: its places.
#[derive(Debug)]
pub struct Item {
    pub places: Vec<Place>,
}

/// One place of an item.
#[derive(Debug)]
pub struct Place {
    /// What the lock records its name under: `archive-config#/properties/mode`.
    pub key: String,
    /// Its name of its own: `ArchiveConfigMode`.
    pub own: String,
    /// The name it may share with the item's other places that agree on
    /// it (`Role`); `None` for a place that names the item alone.
    pub shared: Option<String>,
}

/// An item's names.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// The name of each of its places, in their order.
    pub places: Vec<String>,
    /// The name its definition takes, of which its other names are
    /// aliases: a kept name (the one most of its places kept) when it has
    /// one, so a regeneration never makes an old type an alias of a new
    /// name; else the name most of its places have, the first on a tie.
    pub definition: String,
}

/// The names of each item, in their order; `kept` gives the name the
/// previous generation gave a place, and `scope` holds the names already
/// taken.
pub fn assign<'k>(
    items: &[Item],
    kept: impl Fn(&str) -> Option<&'k str>,
    scope: &mut Scope,
) -> Vec<Named> {
    let mut names: Vec<Vec<Option<String>>> =
        items.iter().map(|i| vec![None; i.places.len()]).collect();
    let mut won: Vec<Vec<String>> = vec![Vec::new(); items.len()];

    // 1. Kept names, each to the item with the most places that had it.
    let mut claims: Vec<(&str, Vec<(usize, usize)>)> = Vec::new();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        for (j, place) in item.places.iter().enumerate() {
            if let Some(name) = kept(&place.key) {
                let at = *by_name.entry(name).or_insert_with(|| {
                    claims.push((name, Vec::new()));
                    claims.len() - 1
                });
                claims[at].1.push((i, j));
            }
        }
    }
    for (name, places) in &claims {
        if !scope.take(name) {
            continue;
        }
        let winner = most_places(places.iter().map(|&(i, _)| i)).or(places.first().map(|p| p.0));
        for &(i, j) in places.iter().filter(|(i, _)| Some(*i) == winner) {
            names[i][j] = Some((*name).to_owned());
        }
        if let Some(i) = winner {
            won[i].push((*name).to_owned());
        }
    }

    // 2. Shared names: the new places of an item that agree on a name it
    // kept join it; other groups of agreeing places want theirs, each to
    // the largest group that wants it.
    let mut groups: Vec<(String, usize, Vec<usize>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut of_item: Vec<(String, usize, Vec<usize>)> = Vec::new();
        for (j, place) in item.places.iter().enumerate() {
            let (None, Some(shared)) = (&names[i][j], &place.shared) else {
                continue;
            };
            if won[i].contains(shared) {
                names[i][j] = Some(shared.clone());
                continue;
            }
            match of_item.iter_mut().find(|(name, _, _)| name == shared) {
                Some((_, _, places)) => places.push(j),
                None => of_item.push((shared.clone(), i, vec![j])),
            }
        }
        groups.extend(of_item);
    }
    let mut sizes: HashMap<&str, Vec<usize>> = HashMap::new();
    for (name, _, places) in &groups {
        sizes.entry(name).or_default().push(places.len());
    }
    let mut claimed: Vec<(String, usize, Vec<usize>, String)> = Vec::new();
    for (name, i, places) in &groups {
        let rivals = &sizes[name.as_str()];
        let largest = rivals.iter().filter(|&&n| n >= places.len()).count() == 1;
        if largest && scope.is_free(name) {
            // A name the generated code reserves gets its `_` here.
            claimed.push((name.clone(), *i, places.clone(), scope.claim(name)));
        }
    }
    for (_, i, places, name) in claimed {
        for j in places {
            names[i][j] = Some(name.clone());
        }
    }

    // 3. Its own.
    items
        .iter()
        .zip(names)
        .zip(&won)
        .map(|((item, names), won)| {
            // Places of one item with one own name share it.
            let mut own: HashMap<&str, String> = HashMap::new();
            let places: Vec<String> = item
                .places
                .iter()
                .zip(names)
                .map(|(place, name)| {
                    name.unwrap_or_else(|| {
                        own.entry(&place.own)
                            .or_insert_with(|| scope.claim(&place.own))
                            .clone()
                    })
                })
                .collect();
            let kept: Vec<&String> = places.iter().filter(|n| won.contains(n)).collect();
            let definition = match kept.is_empty() {
                false => most_common(&kept),
                true => most_common(&places.iter().collect::<Vec<_>>()),
            };
            Named { places, definition }
        })
        .collect()
}

/// The item that occurs most often in `items`, if one occurs more often
/// than every other.
fn most_places(items: impl Iterator<Item = usize>) -> Option<usize> {
    let mut count: Vec<(usize, usize)> = Vec::new();
    for i in items {
        match count.iter_mut().find(|(item, _)| *item == i) {
            Some((_, n)) => *n += 1,
            None => count.push((i, 1)),
        }
    }
    let most = count.iter().map(|&(_, n)| n).max()?;
    let mut at_most = count.iter().filter(|&&(_, n)| n == most);
    let first = at_most.next()?.0;
    at_most.next().is_none().then_some(first)
}

/// The name most often in `names`, the first of them on a tie.
fn most_common(names: &[&String]) -> String {
    let mut best: Option<(&String, usize)> = None;
    for name in names {
        let count = names.iter().filter(|n| *n == name).count();
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((name, count));
        }
    }
    best.map_or_else(String::new, |(name, _)| name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naming::Case;

    /// An item whose places all may share `shared`.
    fn item(shared: Option<&str>, places: &[(&str, &str)]) -> Item {
        Item {
            places: places
                .iter()
                .map(|(key, own)| Place {
                    key: (*key).into(),
                    own: (*own).into(),
                    shared: shared.map(str::to_owned),
                })
                .collect(),
        }
    }

    fn named(items: &[Item], lock: &[(&str, &str)]) -> Vec<Vec<String>> {
        definitions(items, lock)
            .into_iter()
            .map(|n| n.places)
            .collect()
    }

    fn definitions(items: &[Item], lock: &[(&str, &str)]) -> Vec<Named> {
        let lock: HashMap<&str, &str> = lock.iter().copied().collect();
        let mut scope = Scope::new(Case::Pascal, &["Visitor"]);
        assign(items, |key| lock.get(key).copied(), &mut scope)
    }

    #[test]
    fn a_shape_is_named_for_its_place_or_for_what_its_places_share() {
        let items = [
            // One place: its own name.
            item(Some("Mode"), &[("archive#/mode", "ArchiveConfigMode")]),
            // Every place a `role`: `Role`.
            item(
                Some("Role"),
                &[("org#/role", "OrgRole"), ("invite#/role", "InviteRole")],
            ),
            // Places that disagree: each its own.
            item(None, &[("a#/mode", "AMode"), ("b#/type", "BType")]),
        ];
        // (Shapes give a place alone no shared name; here it has one, as a
        // parameter enum's one use does, and takes it.)
        let names = named(&items, &[]);
        assert_eq!(names[0], ["Mode"]);
        assert_eq!(names[1], ["Role", "Role"]);
        assert_eq!(names[2], ["AMode", "BType"]);
    }

    #[test]
    fn places_that_agree_share_their_name_beside_one_that_does_not() {
        let mut tags = item(
            Some("Tag"),
            &[
                ("a#/tags/items", "ATag"),
                ("b#/tags/items", "BTag"),
                ("c#/tags/items", "CTag"),
            ],
        );
        tags.places.push(Place {
            key: "filter#/items".into(),
            own: "FilterItem".into(),
            shared: None,
        });
        let named = definitions(&[tags], &[]);
        assert_eq!(named[0].places, ["Tag", "Tag", "Tag", "FilterItem"]);
        assert_eq!(named[0].definition, "Tag");
    }

    #[test]
    fn a_shared_name_two_items_want_goes_to_the_one_with_more_places() {
        let items = [
            item(Some("Role"), &[("a#/role", "ARole"), ("b#/role", "BRole")]),
            item(Some("Role"), &[("c#/role", "CRole"), ("d#/role", "DRole")]),
            item(Some("Tag"), &[("a#/tag", "ATag"), ("b#/tag", "BTag")]),
            item(
                Some("Tag"),
                &[("c#/tag", "CTag"), ("d#/tag", "DTag"), ("e#/tag", "ETag")],
            ),
        ];
        let names = named(&items, &[]);
        // A tie: neither.
        assert_eq!(names[..2], [["ARole", "BRole"], ["CRole", "DRole"]]);
        assert_eq!(names[2], ["ATag", "BTag"]);
        assert_eq!(names[3], ["Tag", "Tag", "Tag"]);
    }

    #[test]
    fn kept_names_stay_and_a_clash_renames_the_new_item() {
        // The previous generation had `Role` at a and b, and `Mode` at m.
        // Now a new item at c sorts first and shares `Role` too; the old
        // item gained a place; `Mode` is wanted by a new place elsewhere.
        let items = [
            item(Some("Role"), &[("c#/role", "CRole"), ("x#/role", "XRole")]),
            item(
                Some("Role"),
                &[
                    ("a#/role", "ARole"),
                    ("b#/role", "BRole"),
                    ("n#/role", "NRole"),
                ],
            ),
            item(None, &[("m#/mode", "Mode"), ("z#/type", "ZType")]),
            item(Some("Mode"), &[("q#/mode", "QMode"), ("r#/mode", "RMode")]),
        ];
        let lock = [
            ("a#/role", "Role"),
            ("b#/role", "Role"),
            ("m#/mode", "Mode"),
        ];
        let names = named(&items, &lock);
        assert_eq!(names[0], ["CRole", "XRole"]);
        assert_eq!(names[1], ["Role", "Role", "Role"]);
        assert_eq!(names[2], ["Mode", "ZType"]);
        assert_eq!(names[3], ["QMode", "RMode"]);
    }

    #[test]
    fn an_item_split_in_two_leaves_the_name_to_the_bigger_part() {
        let items = [
            item(Some("Role"), &[("a#/role", "ARole")]),
            item(Some("Role"), &[("b#/role", "BRole"), ("c#/role", "CRole")]),
        ];
        let lock = [
            ("a#/role", "Role"),
            ("b#/role", "Role"),
            ("c#/role", "Role"),
        ];
        let names = named(&items, &lock);
        assert_eq!(names, [vec!["ARole"], vec!["Role", "Role"]]);
    }

    #[test]
    fn a_kept_name_now_reserved_is_named_anew_and_own_names_are_numbered() {
        let items = [
            item(None, &[("a#/v", "Visitor")]),
            // `name` and `Name` of one parent, of two shapes; then one
            // shape at two places whose own names are one.
            item(None, &[("p#/name", "PatchName")]),
            item(None, &[("p#/Name", "PatchName")]),
            item(None, &[("q#/x", "QX"), ("q#/X", "QX")]),
        ];
        let names = named(&items, &[("a#/v", "Visitor")]);
        let expected = [
            vec!["Visitor_"],
            vec!["PatchName"],
            vec!["PatchName2"],
            vec!["QX", "QX"],
        ];
        assert_eq!(names, expected);
        // A shared name the generated code reserves gets its `_`.
        let items = [item(
            Some("Visitor"),
            &[("a#/v", "AVisitor"), ("b#/v", "BVisitor")],
        )];
        assert_eq!(named(&items, &[]), [["Visitor_", "Visitor_"]]);
    }

    #[test]
    fn the_definition_takes_a_kept_name_else_the_name_most_places_have() {
        let items = [
            item(
                None,
                &[
                    ("b#/mode", "BMode"),
                    ("x#/role", "XRole"),
                    ("y#/role", "XRole"),
                ],
            ),
            item(None, &[("a#/mode", "AMode"), ("b#/type", "BType")]),
            // A new place sorts first beside a kept one.
            item(
                None,
                &[("new#/s", "NewSummary"), ("org#/summary", "OrgSummary")],
            ),
        ];
        let named = definitions(&items, &[("org#/summary", "Summary")]);
        let definitions: Vec<&str> = named.iter().map(|n| n.definition.as_str()).collect();
        assert_eq!(definitions, ["XRole", "AMode", "Summary"]);
        assert_eq!(named[2].places, ["NewSummary", "Summary"]);
    }
}
