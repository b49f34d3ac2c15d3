//! Joins the action docs with the overlay: each action gets its route, each
//! parameter its location. An action without a route, or a route without an
//! action, is an error here.

use crate::diagnostic::Diagnostics;
use crate::ir::{Action, Api, Location, Param, ParamType, Resource, Schema};
use crate::naming;
use crate::parse::action_doc::ResourceDoc;
use crate::parse::overlay::{self, Overlay};
use crate::types::TypeRef;

pub fn link(
    docs: Vec<ResourceDoc>,
    schemas: Vec<Schema>,
    overlay: Overlay,
    diags: &mut Diagnostics,
) -> Api {
    let mut used = vec![false; overlay.routes.len()];
    let mut resources = Vec::new();
    for doc in docs {
        let accessor = accessor(&doc, diags);
        let mut actions = Vec::new();
        for action in doc.actions {
            let method = action
                .example
                .as_ref()
                .map_or_else(|| naming::snake(&action.heading), |e| e.method.clone());
            let found = overlay
                .routes
                .iter()
                .position(|r| r.resource == accessor && r.method == method);
            if action.unreadable {
                // Reported where it could not be read; its route is not stale.
                if let Some(index) = found {
                    used[index] = true;
                }
                continue;
            }
            let Some(index) = found else {
                if overlay
                    .invalid
                    .contains(&(accessor.clone(), method.clone()))
                {
                    continue;
                }
                diags.error(
                    &action.loc,
                    format!("action `{}` has no route", action.heading),
                    format!(
                        "add `{method} = \"METHOD /path\"` under `[routes.{accessor}]` in {}",
                        overlay::FILE_NAME
                    ),
                );
                continue;
            };
            if std::mem::replace(&mut used[index], true) {
                diags.error(
                    &action.loc,
                    format!("a second action is named `{accessor}.{method}`"),
                    "each action needs its own method name in the example call",
                );
                continue;
            }
            let decl = &overlay.routes[index];
            let mut params = action.params;
            let has_body = decl.route.method.has_body();
            let upload = params.iter().any(|p| p.ty == ParamType::File);
            for param in &mut params {
                param.location = derive_location(param, has_body, upload, &decl.route, &overlay);
            }
            for o in &decl.params {
                match params.iter_mut().find(|p| p.name == o.name) {
                    Some(param) => param.location = o.location,
                    None => diags.error(
                        &o.loc,
                        format!(
                            "the route overrides `{}`, which `{}` does not take",
                            o.name, action.heading
                        ),
                        "name a parameter of the action's table",
                    ),
                }
            }
            check_single_body(&action.heading, &params, diags);
            check_header_names(&params, diags);
            actions.push(Action {
                heading: action.heading,
                method,
                description: action.description,
                loc: action.loc,
                idents: Default::default(),
                route: decl.route.clone(),
                params,
                success: action.success,
                errors: action.errors,
                auth: action.auth,
            });
        }
        resources.push(Resource {
            name: doc.name,
            accessor,
            description: doc.description,
            loc: doc.loc,
            idents: Default::default(),
            actions,
        });
    }
    for (decl, used) in overlay.routes.iter().zip(used) {
        if !used {
            let known = resources.iter().find(|r| r.accessor == decl.resource);
            let help = match known {
                Some(r) => format!(
                    "the {} doc has the actions {}; rename or remove this route",
                    r.name,
                    r.actions
                        .iter()
                        .map(|a| format!("`{}`", a.method))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => format!(
                    "no action doc has examples calling `client.{}.…`",
                    decl.resource
                ),
            };
            diags.error(
                &decl.route.loc,
                format!("route `{}.{}` names no action", decl.resource, decl.method),
                help,
            );
        }
    }
    Api {
        meta: overlay.meta,
        resources,
        schemas,
        types: Vec::new(),
        error_type: TypeRef::Value,
    }
}

/// The accessor all example calls of a doc agree on (`org`).
fn accessor(doc: &ResourceDoc, diags: &mut Diagnostics) -> String {
    let mut examples = doc.actions.iter().filter_map(|a| a.example.as_ref());
    let Some(first) = examples.next() else {
        return naming::snake(&doc.name);
    };
    for other in examples.filter(|e| e.resource != first.resource) {
        diags.error(
            &other.loc,
            format!(
                "this example calls `client.{}`, the doc's first calls `client.{}`",
                other.resource, first.resource
            ),
            "all actions of one doc belong to one resource; fix the example",
        );
    }
    first.resource.clone()
}

/// Where a parameter travels when the route does not say: named in the path,
/// a declared header, the schema-typed parameter of a request with a body,
/// else the query.
fn derive_location(
    param: &Param,
    has_body: bool,
    upload: bool,
    route: &crate::ir::Route,
    overlay: &Overlay,
) -> Location {
    if route.placeholders().any(|p| p == param.name) {
        Location::Path
    } else if overlay.meta.header_params.contains(&param.name) {
        Location::Header
    } else if upload {
        Location::Form
    } else if has_body && matches!(param.ty, ParamType::Schema(_) | ParamType::Undefined) {
        Location::Body
    } else {
        Location::Query
    }
}

fn check_single_body(heading: &str, params: &[Param], diags: &mut Diagnostics) {
    let bodies: Vec<&Param> = params
        .iter()
        .filter(|p| p.location == Location::Body)
        .collect();
    if let [_, second, ..] = bodies.as_slice() {
        diags.error(
            &second.loc,
            format!(
                "`{heading}` would send both `{}` and `{}` as its JSON body",
                bodies[0].name, second.name
            ),
            format!(
                "say where the others go in {}: `{{ route = \"...\", params = {{ {} = \"query\" }} }}`",
                overlay::FILE_NAME,
                second.name
            ),
        );
    }
}

/// A parameter that travels as a header needs a name HTTP allows there.
fn check_header_names(params: &[Param], diags: &mut Diagnostics) {
    for param in params.iter().filter(|p| p.location == Location::Header) {
        if http::HeaderName::from_bytes(param.name.as_bytes()).is_err() {
            diags.error(
                &param.loc,
                format!(
                    "`{}` travels as a header, but is not an HTTP header name",
                    param.name.escape_debug()
                ),
                format!(
                    "send it in the query instead: `params = {{ {} = \"query\" }}` in {}",
                    param.name,
                    overlay::FILE_NAME
                ),
            );
        }
    }
}
