//! The names of the parameter enums, in the generated `params` module.
//!
//! An enum is named for what its values are: the parameter that takes
//! them. Parameters of one name may list different sets (the fields a list
//! can be sorted by differ by resource), and each set is its own enum, so:
//!
//! 1. when every parameter of a name lists the same values, the enum is
//!    named for the parameter: `sortDirection` gives `SortDirection`;
//! 2. else the set that more resources list than any other is named for
//!    the parameter (`SortField`), and every other set for the resource
//!    that lists it first (`DevicesSortField`), or, when that resource
//!    lists two sets for the name, for the action (`DevicesGetLogSortField`).
//!
//! Names then go through the module's [`Scope`], so a clash is numbered in
//! doc order. Each enum's rustdoc says which rule named it.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{EnumNaming, Linked, ParamEnum};
use crate::naming::{self, Case, Scope};
use crate::types::Variant;

/// Type names of the `params` module that its code spells by their short
/// names.
const PARAM_TYPES: &[&str] = &["String"];

/// The names of one parameter enum.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnumNames {
    pub ident: String,
    pub naming: EnumNaming,
    pub variants: Vec<Variant>,
}

/// Names every parameter enum, in the order of [`Api::enums`](crate::ir::Api).
pub fn assign(enums: &[ParamEnum<Linked>]) -> Vec<EnumNames> {
    let mut scope = Scope::new(Case::Pascal, PARAM_TYPES);
    enums
        .iter()
        .zip(rules(enums))
        .map(|(e, (stem, naming))| EnumNames {
            ident: scope.claim(&naming::pascal(&stem)),
            naming,
            variants: naming::variants(e.values.iter().map(String::as_str)),
        })
        .collect()
}

/// The name each enum asks for, as words, and the rule that gave it.
fn rules(enums: &[ParamEnum<Linked>]) -> Vec<(String, EnumNaming)> {
    let mut by_param: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in enums.iter().enumerate() {
        by_param.entry(&e.param).or_default().push(i);
    }
    let mut out = vec![(String::new(), EnumNaming::Parameter); enums.len()];
    for (param, group) in by_param {
        if let [only] = group[..] {
            out[only] = (param.to_owned(), EnumNaming::Parameter);
            continue;
        }
        let most = most_listed(enums, &group);
        // The resources whose name an earlier set of this group took.
        let mut named_for: BTreeSet<&str> = BTreeSet::new();
        for i in group {
            let first = &enums[i].uses[0];
            out[i] = if Some(i) == most {
                (param.to_owned(), EnumNaming::MostListed)
            } else if named_for.insert(&first.resource) {
                (format!("{} {param}", first.resource), EnumNaming::Resource)
            } else {
                let words = format!("{} {} {param}", first.resource, first.action);
                (words, EnumNaming::Action)
            };
        }
    }
    out
}

/// The enum of `group` that more resources list than any other, if one is.
fn most_listed(enums: &[ParamEnum<Linked>], group: &[usize]) -> Option<usize> {
    let spread = |i: usize| {
        let resources: BTreeSet<&str> = enums[i].uses.iter().map(|u| &*u.resource).collect();
        resources.len()
    };
    let mut counts: Vec<(usize, usize)> = group.iter().map(|&i| (spread(i), i)).collect();
    counts.sort_by_key(|&(spread, _)| std::cmp::Reverse(spread));
    match counts[..] {
        [(first, i), (second, _), ..] if first > second => Some(i),
        _ => None,
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
            naming: (),
            variants: (),
        }
    }

    fn names(enums: &[ParamEnum<Linked>]) -> Vec<(String, EnumNaming)> {
        assign(enums)
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
    fn the_most_listed_set_takes_the_parameters_name_and_the_others_their_resources() {
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
                ("AppsSortField".into(), EnumNaming::Resource),
                ("SortField".into(), EnumNaming::MostListed),
                ("AppsGetLogSortField".into(), EnumNaming::Action),
                ("EventsSortField".into(), EnumNaming::Resource),
            ]
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
        let names: Vec<String> = assign(&enums).into_iter().map(|n| n.ident).collect();
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
