//! Cross-checks of the linked IR: every link lands on a schema, every path
//! placeholder on a required parameter, and no two names become one Rust
//! identifier.

use std::collections::HashMap;

use crate::diagnostic::Diagnostics;
use crate::ir::{Api, Location, ParamType, SchemaLink};
use crate::naming;
use crate::source::Loc;

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
    check_identifiers(api, diags);
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

/// Two names that would become one Rust identifier in the same scope.
fn check_identifiers(api: &Api, diags: &mut Diagnostics) {
    let mut accessors = Scope::new("resource accessor");
    for resource in &api.resources {
        accessors.add(
            &naming::snake(&resource.accessor),
            &resource.accessor,
            &resource.loc,
            diags,
        );
        let mut methods = Scope::new("method");
        let mut types = Scope::new("request type");
        for action in &resource.actions {
            methods.add(
                &naming::snake(&action.method),
                &action.method,
                &action.loc,
                diags,
            );
            types.add(
                &naming::pascal(&action.method),
                &action.method,
                &action.loc,
                diags,
            );
            let mut params = Scope::new("parameter");
            for param in &action.params {
                params.add(&naming::snake(&param.name), &param.name, &param.loc, diags);
            }
        }
    }
    let mut schemas = Scope::new("schema type");
    for schema in &api.schemas {
        schemas.add(
            &naming::pascal(&schema.title),
            &schema.title,
            &schema.loc,
            diags,
        );
    }
}

/// Names seen in one Rust scope, to report the second of two that clash.
struct Scope<'a> {
    what: &'static str,
    seen: HashMap<String, (&'a str, &'a Loc)>,
}

impl<'a> Scope<'a> {
    fn new(what: &'static str) -> Self {
        Scope {
            what,
            seen: HashMap::new(),
        }
    }

    fn add(&mut self, ident: &str, name: &'a str, loc: &'a Loc, diags: &mut Diagnostics) {
        let ident = naming::unraw(ident).to_owned();
        if let Some((first, first_loc)) = self.seen.get(&ident) {
            diags.error(
                loc,
                format!(
                    "{} `{name}` and `{first}` both become the Rust identifier `{ident}`",
                    self.what
                ),
                format!("`{first}` is at {first_loc}; rename one of them"),
            );
        } else {
            self.seen.insert(ident, (name, loc));
        }
    }
}
