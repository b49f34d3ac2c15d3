//! The parameter enums: each set of values that text parameters of one
//! name list as accepted, found once however many actions list it.

use std::collections::HashMap;

use crate::ir::{EnumId, EnumUse, Linked, ParamEnum};
use crate::parse::values::Accepted;

/// The enums found so far, keyed by parameter name and sorted values, so
/// that `asc, desc` and `desc, asc` are one set.
#[derive(Default)]
pub struct Enums {
    found: Vec<ParamEnum<Linked>>,
    by_key: HashMap<(String, Vec<String>), EnumId>,
}

impl Enums {
    /// The enum of the values parameter `param` of `resource.action`
    /// lists; `None` when they are all integers, which a caller passes as
    /// numbers rather than as variants named `V86400000`.
    pub fn add(
        &mut self,
        resource: &str,
        action: &str,
        param: &str,
        accepted: Accepted,
    ) -> Option<EnumId> {
        if accepted.values.iter().all(|v| v.parse::<i64>().is_ok()) {
            return None;
        }
        let mut sorted = accepted.values.clone();
        sorted.sort();
        let used = EnumUse {
            resource: resource.to_owned(),
            action: action.to_owned(),
        };
        let key = (param.to_owned(), sorted);
        if let Some(&id) = self.by_key.get(&key) {
            let uses = &mut self.found[id.index()].uses;
            if !uses.contains(&used) {
                uses.push(used);
            }
            return Some(id);
        }
        let id = EnumId(self.found.len() as u32);
        self.by_key.insert(key, id);
        self.found.push(ParamEnum {
            param: param.to_owned(),
            values: accepted.values,
            description: accepted.summary,
            uses: vec![used],
            ident: (),
            aliases: (),
            naming: (),
            variants: (),
        });
        Some(id)
    }

    pub fn finish(self) -> Vec<ParamEnum<Linked>> {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(values: &[&str]) -> Accepted {
        Accepted {
            values: values.iter().map(|v| v.to_string()).collect(),
            summary: format!("{} values.", values.len()),
        }
    }

    #[test]
    fn one_enum_per_name_and_set_of_values() {
        let mut enums = Enums::default();
        let a = enums.add(
            "devices",
            "get",
            "sortDirection",
            accepted(&["asc", "desc"]),
        );
        let b = enums.add("events", "get", "sortDirection", accepted(&["desc", "asc"]));
        let c = enums.add("events", "get", "order", accepted(&["asc", "desc"]));
        let d = enums.add("events", "get", "sortField", accepted(&["asc"]));
        let e = enums.add(
            "events",
            "get",
            "resolution",
            accepted(&["86400000", "3600000"]),
        );
        assert_eq!((a, b), (Some(EnumId(0)), Some(EnumId(0))));
        assert_eq!((c, d, e), (Some(EnumId(1)), Some(EnumId(2)), None));
        let found = enums.finish();
        assert_eq!(found[0].values, ["asc", "desc"]);
        assert_eq!(found[0].description, "2 values.");
        let uses: Vec<&str> = found[0].uses.iter().map(|u| u.resource.as_str()).collect();
        assert_eq!(uses, ["devices", "events"]);
    }
}
