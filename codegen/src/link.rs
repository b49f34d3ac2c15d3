//! Joins the action docs with the overlay and the schema doc: each action
//! gets its route, each parameter its location, each schema link the
//! handle of the schema it names, each list of accepted values its enum
//! ([`enums`]). An action without a route, a route without an action, or
//! a link to no schema is an error here.

mod enums;
mod streams;

pub(crate) use streams::params_table as stream_params_table;

use std::collections::HashMap;

use crate::diagnostic::Diagnostics;
use crate::ir::{
    Action, Api, LinkText, Linked, Location, Param, ParamType, Resource, Response, Schema,
    SchemaId, SchemaLink,
};
use crate::naming;
use crate::parse::action_doc::{ParamDoc, ResourceDoc, ResponseDoc};
use crate::parse::nearest;
use crate::parse::overlay::{self, Overlay};

pub fn link(
    docs: Vec<ResourceDoc>,
    schemas: Vec<Schema<Linked>>,
    overlay: Overlay,
    diags: &mut Diagnostics,
) -> Api<Linked> {
    let anchors = Anchors::new(&schemas, diags);
    let mut enums = enums::Enums::default();
    let mut used = vec![false; overlay.routes.len()];
    let mut resources = Vec::new();
    for doc in docs {
        let accessor = accessor(&doc, diags);
        let mut actions = Vec::new();
        for action in doc.actions {
            let method = action
                .example
                .as_ref()
                .map_or_else(|| naming::key(&action.heading), |e| naming::key(&e.method));
            let found = overlay.routes.iter().position(|r| {
                naming::key(&r.resource) == accessor && naming::key(&r.method) == method
            });
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
                    .iter()
                    .any(|(r, m)| naming::key(r) == accessor && naming::key(m) == method)
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
            let has_body = decl.route.method.has_body();
            let upload = action.params.iter().any(|p| p.ty == ParamType::File);
            let mut params: Vec<Param<Linked>> = action
                .params
                .into_iter()
                .map(|mut param| {
                    let location = derive_location(&param, has_body, upload, &decl.route, &overlay);
                    let accepted = param.accepted.take();
                    let mut param = anchors.param(param, location, diags);
                    if let Some(accepted) = accepted {
                        param.accepted = accepted.values.clone();
                        param.value_enum = enums.add(&accessor, &method, &param.name, accepted);
                    }
                    param
                })
                .collect();
            apply_overrides(&action.heading, &mut params, decl, &overlay, diags);
            check_single_body(&action.heading, &params, diags);
            check_header_names(&params, diags);
            actions.push(Action {
                heading: action.heading,
                method,
                description: action.description,
                loc: action.loc,
                idents: (),
                route: decl.route.clone(),
                params,
                success: anchors.responses(action.success, diags),
                errors: anchors.responses(action.errors, diags),
                auth: action.auth,
                paging: (),
                stream: None,
            });
        }
        resources.push(Resource {
            name: doc.name,
            accessor,
            description: doc.description,
            loc: doc.loc,
            idents: (),
            actions,
        });
    }
    for (decl, used) in overlay.routes.iter().zip(used) {
        if !used {
            let resource = naming::key(&decl.resource);
            let known = resources.iter().find(|r| r.accessor == resource);
            let help = match known {
                Some(r) => {
                    let nearest = nearest(
                        &naming::key(&decl.method),
                        r.actions.iter().map(|a| a.method.as_str()),
                    );
                    let all = r
                        .actions
                        .iter()
                        .map(|a| format!("`{}`", a.method))
                        .collect::<Vec<_>>()
                        .join(", ");
                    match nearest {
                        Some(nearest) => format!(
                            "did you mean `{nearest}`? The {} doc has the actions {all}",
                            r.name
                        ),
                        None => format!(
                            "the {} doc has the actions {all}; rename or remove this route",
                            r.name
                        ),
                    }
                }
                None => match nearest(&resource, resources.iter().map(|r| r.accessor.as_str())) {
                    Some(nearest) => format!(
                        "no action doc has examples calling `client.{}.…`; did you mean `[routes.{nearest}]`?",
                        decl.resource
                    ),
                    None => format!(
                        "no action doc has examples calling `client.{}.…`",
                        decl.resource
                    ),
                },
            };
            diags.error(
                &decl.route.loc,
                format!("route `{}.{}` names no action", decl.resource, decl.method),
                help,
            );
        }
    }
    streams::link(&overlay, &schemas, &mut resources, diags);
    Api {
        meta: overlay.meta,
        resources,
        schemas,
        types: (),
        error_type: (),
        enums: enums.finish(),
    }
}

/// The documented schemas by anchor, and those of schema files by path, to
/// give each link its schema's handle.
struct Anchors {
    anchors: HashMap<String, SchemaId>,
    files: HashMap<String, SchemaId>,
    /// Each schema's anchor, by id: what a link to its file names.
    of: Vec<String>,
}

impl Anchors {
    /// Reports a second schema with an anchor the first already has.
    fn new(schemas: &[Schema<Linked>], diags: &mut Diagnostics) -> Anchors {
        let mut anchors = HashMap::new();
        for (i, schema) in schemas.iter().enumerate() {
            if let Some(first) = anchors.get(&schema.anchor) {
                let first: &Schema<Linked> = &schemas[SchemaId::index(*first)];
                diags.error(
                    &schema.loc,
                    format!("a second schema has the anchor `#{}`", schema.anchor),
                    format!(
                        "the first is at {}; give each schema its own title",
                        first.loc
                    ),
                );
                continue;
            }
            anchors.insert(schema.anchor.clone(), SchemaId(i as u32));
        }
        let files = schemas
            .iter()
            .enumerate()
            .filter(|(_, s)| s.loc.file.ends_with(".json"))
            .map(|(i, s)| (s.loc.file.to_string(), SchemaId(i as u32)))
            .collect();
        let of = schemas.iter().map(|s| s.anchor.clone()).collect();
        Anchors { anchors, files, of }
    }

    /// The link's schema, or an error naming the anchor (or the file) no
    /// schema has.
    fn link(&self, link: LinkText, diags: &mut Diagnostics) -> Option<SchemaLink> {
        match &link.file {
            Some(Ok(path)) => {
                let Some(&schema) = self.files.get(path) else {
                    diags.error(
                        &link.loc,
                        format!("the link to `{}` names the schema file `{path}`, which the spec directory does not have", link.title),
                        "copy the vendor's schema files into the spec directory beside the docs (their `lib/schemas/`), or fix the link",
                    );
                    return None;
                };
                return Some(self.linked(link, schema));
            }
            Some(Err(written)) => {
                diags.error(
                    &link.loc,
                    format!("the link to `{}` leads outside the spec directory: `{written}`", link.title),
                    "only files in the spec directory are read: copy the schema file into it and link it there",
                );
                return None;
            }
            None => {}
        }
        let Some(&schema) = self.anchors.get(&link.anchor) else {
            diags.error(
                &link.loc,
                format!(
                    "the link to `{}` names the anchor `#{}`, which no schema has",
                    link.title, link.anchor
                ),
                "add a `## Title` section for it to the schema doc, or fix the link",
            );
            return None;
        };
        Some(self.linked(link, schema))
    }

    /// The link to `schema`: a link to its file names its anchor.
    fn linked(&self, link: LinkText, schema: SchemaId) -> SchemaLink {
        let anchor = match link.file {
            Some(_) => self.of[schema.index()].clone(),
            None => link.anchor,
        };
        SchemaLink {
            title: link.title,
            anchor,
            loc: link.loc,
            schema,
        }
    }

    /// A parameter row, traveling at `location`. One whose link names no
    /// schema is reported and kept as any JSON value, so that one error
    /// does not cause others.
    fn param(&self, param: ParamDoc, location: Location, diags: &mut Diagnostics) -> Param<Linked> {
        Param {
            name: param.name,
            ident: (),
            ty: param
                .ty
                .try_map(|link| self.link(link, diags))
                .unwrap_or(ParamType::Undefined),
            arg: (),
            required: param.required,
            description: param.description,
            default: param.default,
            kind: param.kind,
            accepted: Vec::new(),
            value_enum: None,
            location,
            style: None,
            loc: param.loc,
            columns: param.columns,
        }
    }

    fn responses(&self, rows: Vec<ResponseDoc>, diags: &mut Diagnostics) -> Vec<Response<Linked>> {
        rows.into_iter()
            .map(|row| Response {
                code: row.code,
                schema: row.schema.and_then(|link| self.link(link, diags)),
                rust: (),
                description: row.description,
                loc: row.loc,
            })
            .collect()
    }
}

/// The accessor all example calls of a doc agree on (`org`).
fn accessor(doc: &ResourceDoc, diags: &mut Diagnostics) -> String {
    let mut examples = doc.actions.iter().filter_map(|a| a.example.as_ref());
    let Some(first) = examples.next() else {
        return naming::key(&doc.name);
    };
    for other in examples.filter(|e| naming::key(&e.resource) != naming::key(&first.resource)) {
        diags.error(
            &other.loc,
            format!(
                "this example calls `client.{}`, the doc's first calls `client.{}`",
                other.resource, first.resource
            ),
            "all actions of one doc belong to one resource; fix the example",
        );
    }
    naming::key(&first.resource)
}

/// Where a parameter travels when the route does not say: named in the path,
/// a declared header, the schema-typed parameter of a request with a body,
/// else the query.
fn derive_location(
    param: &ParamDoc,
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

/// The route's explicit locations and styles, over the derived ones; a
/// schema-typed query parameter without a style of its own gets the
/// overlay's for its name.
fn apply_overrides(
    heading: &str,
    params: &mut [Param<Linked>],
    decl: &overlay::RouteDecl,
    overlay: &Overlay,
    diags: &mut Diagnostics,
) {
    for o in &decl.params {
        match params.iter_mut().find(|p| p.name == o.name) {
            Some(param) => param.location = o.location.unwrap_or(param.location),
            None => diags.error(
                &o.loc,
                format!(
                    "the route overrides `{}`, which `{heading}` does not take",
                    o.name
                ),
                "name a parameter of the action's table",
            ),
        }
    }
    for param in params.iter_mut().filter(|p| takes_style(p)) {
        param.style = Some(overlay.query_styles.of(&param.name));
    }
    for o in &decl.params {
        let (Some(style), Some(param)) = (o.style, params.iter_mut().find(|p| p.name == o.name))
        else {
            continue;
        };
        if takes_style(param) {
            param.style = Some(style);
        } else {
            diags.error(
                &o.loc,
                format!(
                    "the route sets the query style of `{}`, which travels {}",
                    o.name,
                    if param.location == Location::Query {
                        "as text: its type is not a schema or `undefined`"
                    } else {
                        "outside the query"
                    }
                ),
                "a style is for a schema-typed or `undefined` parameter sent in the query; remove `style`",
            );
        }
    }
}

/// Whether a parameter's value may be an object or array sent in the
/// query, and so needs a [`QueryStyle`](crate::ir::QueryStyle).
fn takes_style(param: &Param<Linked>) -> bool {
    param.location == Location::Query
        && matches!(param.ty, ParamType::Schema(_) | ParamType::Undefined)
}

fn check_single_body(heading: &str, params: &[Param<Linked>], diags: &mut Diagnostics) {
    let bodies: Vec<&Param<Linked>> = params
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
fn check_header_names(params: &[Param<Linked>], diags: &mut Diagnostics) {
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
