//! The names of the parameter enums, in the generated `params` module.
//!
//! An enum is named for what its values are: the parameter that takes
//! them. Parameters of one name may list different sets (the fields a list
//! can be sorted by differ by resource), and each set is its own enum. So
//! each place an enum is taken (an action's parameter) has a name:
//!
//! 1. when every parameter of a name lists the same values, the
//!    parameter's: `sortDirection` gives `SortDirection`;
//! 2. else its own resource's and the parameter's (`FilesSortField`), or,
//!    when its resource lists two sets for the name, its own action's
//!    (`DevicesGetLogSortField`): never another resource's, so a new
//!    resource listing the same values renames nothing.
//!
//! An enum taken at places with different names is defined once, under
//! the name most of them have, with a type alias for each other name. The
//! names lock keeps each place's name, and [`places`] settles clashes (a
//! clash numbers the new name). Each enum's rustdoc says which rule named
//! it.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{EnumNaming, Linked, ParamEnum};
use crate::naming::{self, Case, Scope};
use crate::types::Variant;

use super::lock::Lock;
use super::places::{self, Item, Place};

/// Type names of the `params` module that its code spells by their short
/// names.
const PARAM_TYPES: &[&str] = &["String"];

/// The names of one parameter enum.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnumNames {
    /// The definition's name.
    pub ident: String,
    pub naming: EnumNaming,
    pub variants: Vec<Variant>,
    /// The name at each of its uses, in their order: `ident`, or an alias.
    pub uses: Vec<String>,
}

/// Names every parameter enum, in the order of [`Api::enums`](crate::ir::Api).
pub fn assign(enums: &[ParamEnum<Linked>], lock: &Lock) -> Vec<EnumNames> {
    let mut scope = Scope::new(Case::Pascal, PARAM_TYPES);
    scope.hold(lock.enum_names());
    let rules = Rules::new(enums);
    let items: Vec<Item> = enums
        .iter()
        .map(|e| {
            let shared = rules.one_set(&e.param).then(|| naming::pascal(&e.param));
            Item {
                places: e
                    .uses
                    .iter()
                    .map(|u| Place {
                        key: format!("{}.{}.{}", u.resource, u.action, e.param),
                        own: naming::pascal(&rules.own_words(&u.resource, &u.action, &e.param)),
                        shared: shared.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let names = places::assign(&items, |key| lock.enum_name(key), &mut scope);
    enums
        .iter()
        .zip(&items)
        .zip(names)
        .map(
            |(
                (e, item),
                places::Named {
                    places: uses,
                    definition: ident,
                },
            )| {
                let at = uses.iter().position(|n| *n == ident).unwrap_or(0);
                let place = &item.places[at];
                // The rule that names the place, unless the name was kept
                // from an earlier generation and the rule would say another.
                let (rule, by_rule) = match &place.shared {
                    Some(shared) => (EnumNaming::Parameter, shared),
                    None if rules.resource_lists_one(&e.uses[at].resource, &e.param) => {
                        (EnumNaming::Resource, &place.own)
                    }
                    None => (EnumNaming::Action, &place.own),
                };
                // (A reserved name's `_`, a clash's number, are the rule's too.)
                let stem = |name: &str| {
                    name.trim_end_matches(|c: char| c == '_' || c.is_ascii_digit())
                        .to_owned()
                };
                let kept = lock.enum_name(&place.key) == Some(ident.as_str());
                let naming = if kept && stem(&ident) != stem(by_rule) {
                    EnumNaming::Kept
                } else {
                    rule
                };
                let variants = naming::variants(
                    e.values.iter().map(String::as_str),
                    lock.enum_variants(&ident),
                );
                EnumNames {
                    ident,
                    naming,
                    variants,
                    uses,
                }
            },
        )
        .collect()
}

/// How many sets the parameters of each name list, in all and by resource.
struct Rules<'a> {
    sets: HashMap<&'a str, usize>,
    by_resource: HashMap<(&'a str, &'a str), BTreeSet<usize>>,
}

impl<'a> Rules<'a> {
    fn new(enums: &'a [ParamEnum<Linked>]) -> Rules<'a> {
        let mut sets: HashMap<&str, usize> = HashMap::new();
        let mut by_resource: HashMap<(&str, &str), BTreeSet<usize>> = HashMap::new();
        for (i, e) in enums.iter().enumerate() {
            *sets.entry(&e.param).or_default() += 1;
            for used in &e.uses {
                by_resource
                    .entry((&used.resource, &e.param))
                    .or_default()
                    .insert(i);
            }
        }
        Rules { sets, by_resource }
    }

    /// Whether every parameter named `param` lists the same values.
    fn one_set(&self, param: &str) -> bool {
        self.sets.get(param) == Some(&1)
    }

    /// Whether `resource`'s parameters named `param` all list one set.
    fn resource_lists_one(&self, resource: &str, param: &str) -> bool {
        self.by_resource
            .get(&(resource, param))
            .is_none_or(|sets| sets.len() == 1)
    }

    /// A use's own name, as words: its resource's, else its action's.
    fn own_words(&self, resource: &str, action: &str, param: &str) -> String {
        if self.resource_lists_one(resource, param) {
            format!("{resource} {param}")
        } else {
            format!("{resource} {action} {param}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::EnumUse;

    fn param_enum(param: &str, values: &[&str], uses: &[(&str, &str)]) -> ParamEnum<Linked> {
        ParamEnum {
            param: param.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
            description: String::new(),
            uses: uses
                .iter()
                .map(|(resource, action)| EnumUse {
                    resource: resource.to_string(),
                    action: action.to_string(),
                })
                .collect(),
            ident: (),
            aliases: (),
            naming: (),
            variants: (),
        }
    }

    fn names(enums: &[ParamEnum<Linked>]) -> Vec<(String, EnumNaming)> {
        assign(enums, &Lock::default())
            .into_iter()
            .map(|n| (n.ident, n.naming))
            .collect()
    }

    #[test]
    fn an_enum_is_named_for_its_parameter_when_every_use_agrees() {
        let enums = [
            param_enum(
                "sortDirection",
                &["asc", "desc"],
                &[("devices", "get"), ("flows", "get")],
            ),
            param_enum("state", &["new", "resolved"], &[("events", "get")]),
        ];
        assert_eq!(
            names(&enums),
            [
                ("SortDirection".into(), EnumNaming::Parameter),
                ("State".into(), EnumNaming::Parameter),
            ]
        );
    }

    #[test]
    fn other_sets_are_named_for_their_own_resources_or_actions() {
        let shared = [("devices", "get"), ("flows", "get"), ("flows", "search")];
        let enums = [
            param_enum("sortField", &["name", "id"], &[("apps", "get")]),
            param_enum("sortField", &["name"], &shared),
            param_enum("sortField", &["time"], &[("apps", "get_log")]),
            param_enum("sortField", &["id"], &[("events", "get")]),
        ];
        assert_eq!(
            names(&enums),
            [
                ("AppsGetSortField".into(), EnumNaming::Action),
                ("FlowsSortField".into(), EnumNaming::Resource),
                ("AppsGetLogSortField".into(), EnumNaming::Action),
                ("EventsSortField".into(), EnumNaming::Resource),
            ]
        );
        // The set both resources list is one enum, named for each.
        let uses = &assign(&enums, &Lock::default())[1].uses;
        assert_eq!(
            uses,
            &["DevicesSortField", "FlowsSortField", "FlowsSortField"]
        );
    }

    #[test]
    fn a_tie_leaves_every_set_to_its_resource() {
        let enums = [
            param_enum("sortField", &["name"], &[("devices", "get")]),
            param_enum("sortField", &["id"], &[("events", "get")]),
        ];
        assert_eq!(
            names(&enums),
            [
                ("DevicesSortField".into(), EnumNaming::Resource),
                ("EventsSortField".into(), EnumNaming::Resource),
            ]
        );
    }

    #[test]
    fn names_that_become_one_identifier_are_numbered() {
        let enums = [
            param_enum("devicesSortField", &["a"], &[("x", "get")]),
            param_enum("sortField", &["b"], &[("devices", "get")]),
            param_enum("sortField", &["c"], &[("events", "get")]),
            param_enum("string", &["d"], &[("x", "get")]),
        ];
        let names: Vec<String> = assign(&enums, &Lock::default())
            .into_iter()
            .map(|n| n.ident)
            .collect();
        assert_eq!(
            names,
            [
                "DevicesSortField",
                "DevicesSortField2",
                "EventsSortField",
                "String_"
            ]
        );
    }
}
