//! Cross-checks of the linked IR: every path placeholder lands on a
//! required parameter, and every path parameter on a placeholder. (Links
//! to schemas are resolved, or reported, when linking; names that become
//! one Rust identifier are renamed by the naming pass,
//! [`crate::identifiers`].)

use crate::diagnostic::Diagnostics;
use crate::ir::{Api, Linked, Location};

pub fn check(api: &Api<Linked>, diags: &mut Diagnostics) {
    check_paths(api, diags);
}

fn check_paths(api: &Api<Linked>, diags: &mut Diagnostics) {
    for (resource, action) in api
        .resources
        .iter()
        .flat_map(|r| r.actions.iter().map(move |a| (r, a)))
    {
        let stream = action.stream.is_some();
        for name in action.route.placeholders() {
            match action.params.iter().find(|p| p.name == name) {
                None if stream => diags.error(
                    &action.route.loc,
                    format!(
                        "the path names `{{{name}}}`, which the stream `{}.{}` does not take",
                        resource.accessor, action.method
                    ),
                    format!(
                        "declare it under {}: `{name} = {{ type = \"string\", required = true, description = \"…\" }}`",
                        crate::link::stream_params_table(&resource.accessor, &action.method)
                    ),
                ),
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
                    if stream {
                        "a path placeholder must be required (`required = true`), or the path has a hole"
                    } else {
                        "a path placeholder must be required (`Y`), or the path has a hole"
                    },
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
