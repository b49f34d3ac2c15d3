//! Cross-checks of the linked IR: every link lands on a schema and every
//! path placeholder on a required parameter. (Names that become one Rust
//! identifier are renamed by the naming pass, [`crate::identifiers`].)

use std::collections::HashMap;

use crate::diagnostic::Diagnostics;
use crate::ir::{Api, Location, ParamType, SchemaLink};

pub fn check(api: &Api, diags: &mut Diagnostics) {
    let mut anchors = HashMap::new();
    for schema in &api.schemas {
        if let Some(first) = anchors.insert(schema.anchor.as_str(), &schema.loc) {
            diags.error(
                &schema.loc,
                format!("a second schema has the anchor `#{}`", schema.anchor),
                format!("the first is at {first}; give each schema its own title"),
            );
        }
    }
    let link = |link: &SchemaLink, diags: &mut Diagnostics| {
        if !anchors.contains_key(link.anchor.as_str()) {
            diags.error(
                &link.loc,
                format!(
                    "the link to `{}` names the anchor `#{}`, which no schema has",
                    link.title, link.anchor
                ),
                "add a `## Title` section for it to the schema doc, or fix the link",
            );
        }
    };
    for action in api.resources.iter().flat_map(|r| &r.actions) {
        for param in &action.params {
            if let ParamType::Schema(l) = &param.ty {
                link(l, diags);
            }
        }
        for response in action.success.iter().chain(&action.errors) {
            if let Some(l) = &response.schema {
                link(l, diags);
            }
        }
    }
    check_paths(api, diags);
}

fn check_paths(api: &Api, diags: &mut Diagnostics) {
    for action in api.resources.iter().flat_map(|r| &r.actions) {
        for name in action.route.placeholders() {
            match action.params.iter().find(|p| p.name == name) {
                None => diags.error(
                    &action.route.loc,
                    format!(
                        "the path names `{{{name}}}`, which `{}` does not take",
                        action.heading
                    ),
                    format!(
                        "the placeholder must be a parameter of the table: {}",
                        action
                            .params
                            .iter()
                            .map(|p| format!("`{}`", p.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                Some(p) if !p.required => diags.error(
                    &p.loc,
                    format!(
                        "`{name}` is in the path of `{}` but optional",
                        action.heading
                    ),
                    "a path placeholder must be required (`Y`), or the path has a hole",
                ),
                Some(_) => {}
            }
        }
        for param in &action.params {
            if param.location == Location::Path
                && !action.route.placeholders().any(|p| p == param.name)
            {
                diags.error(
                    &param.loc,
                    format!(
                        "`{}` is set to travel in the path, which has no `{{{}}}`",
                        param.name, param.name
                    ),
                    "add the placeholder to the route, or let the parameter go elsewhere",
                );
            }
        }
    }
}
