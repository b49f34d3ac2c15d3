//! The overlay's event streams joined with the docs: each stream an action
//! of its resource (a resource no doc has is made for it), each event's
//! schema found by its title, each parameter at its location. A stream
//! named like an action of its resource, or like another stream, and an
//! event naming no schema are errors here.

use crate::diagnostic::Diagnostics;
use crate::ir::{
    Action, Linked, Location, Param, ParamType, Resource, Response, Schema, SchemaId, SchemaLink,
    Stream, StreamEvent,
};
use crate::naming;
use crate::parse::nearest;
use crate::parse::overlay::{FILE_NAME, Overlay};
use crate::parse::stream::{StreamDecl, StreamParam};

/// Adds each stream of the overlay to its resource, in the overlay's order.
pub fn link(
    overlay: &Overlay,
    schemas: &[Schema<Linked>],
    resources: &mut Vec<Resource<Linked>>,
    diags: &mut Diagnostics,
) {
    let error = error_schema(resources, schemas);
    for decl in &overlay.streams {
        let accessor = naming::key(&decl.resource);
        let method = naming::key(&decl.name);
        let index = match resources.iter().position(|r| r.accessor == accessor) {
            Some(index) => index,
            None => {
                resources.push(Resource {
                    name: words(&accessor),
                    accessor: accessor.clone(),
                    description: String::new(),
                    loc: decl.loc.clone(),
                    idents: (),
                    actions: Vec::new(),
                });
                resources.len() - 1
            }
        };
        let resource = &mut resources[index];
        if let Some(clash) = resource.actions.iter().find(|a| a.method == method) {
            let (what, help) = match &clash.stream {
                Some(_) => (
                    format!("the stream `{accessor}.{}`", clash.method),
                    "give each stream its own name".to_owned(),
                ),
                None => (
                    format!("the action `{}` ({})", clash.heading, clash.loc),
                    format!(
                        "the {} doc has an action of that name: give the stream another",
                        resource.name
                    ),
                ),
            };
            diags.error(
                &decl.loc,
                format!(
                    "the stream `{}.{}` is named like {what}",
                    decl.resource, decl.name
                ),
                help,
            );
            continue;
        }
        let events = decl
            .events
            .iter()
            .filter_map(|event| {
                let schema = find_schema(schemas, &event.schema, &event.schema_loc, diags)?;
                Some(StreamEvent {
                    name: event.name.clone(),
                    schema: SchemaLink {
                        title: schemas[schema.index()].title.clone(),
                        anchor: schemas[schema.index()].anchor.clone(),
                        loc: event.schema_loc.clone(),
                        schema,
                    },
                    rust: (),
                    loc: event.loc.clone(),
                })
            })
            .collect();
        let params = decl
            .params
            .iter()
            .map(|p| param(p, decl, overlay))
            .collect();
        let errors = [
            (400, "Error if malformed request"),
            (404, "Error if the resource was not found"),
        ]
        .into_iter()
        .map(|(code, description)| Response {
            code,
            schema: error.clone().map(|mut link| {
                link.loc = decl.route.loc.clone();
                link
            }),
            rust: (),
            description: description.to_owned(),
            loc: decl.route.loc.clone(),
        })
        .collect();
        resource.actions.push(Action {
            heading: words(&method),
            method,
            description: decl.description.clone(),
            loc: decl.loc.clone(),
            idents: (),
            route: decl.route.clone(),
            params,
            success: vec![Response {
                code: 200,
                schema: None,
                rust: (),
                description: "The stream of events, as text/event-stream".to_owned(),
                loc: decl.route.loc.clone(),
            }],
            errors,
            auth: None,
            paging: (),
            stream: Some(Stream {
                events,
                keep_alive: decl.keep_alive.as_ref().map(|(wire, _)| wire.clone()),
            }),
        });
    }
}

/// The schema the docs' error responses link (the first), else the one
/// titled `Error`: what a stream's 400 and 404 answer with.
fn error_schema(resources: &[Resource<Linked>], schemas: &[Schema<Linked>]) -> Option<SchemaLink> {
    let linked = resources
        .iter()
        .flat_map(|r| &r.actions)
        .flat_map(|a| &a.errors)
        .find_map(|e| e.schema.clone());
    linked.or_else(|| {
        let index = schemas.iter().position(|s| s.title == "Error")?;
        Some(SchemaLink {
            title: schemas[index].title.clone(),
            anchor: schemas[index].anchor.clone(),
            loc: schemas[index].loc.clone(),
            schema: SchemaId(index as u32),
        })
    })
}

/// The documented schema of a title, or an error at it naming the nearest
/// title.
fn find_schema(
    schemas: &[Schema<Linked>],
    title: &str,
    loc: &crate::source::Loc,
    diags: &mut Diagnostics,
) -> Option<SchemaId> {
    if let Some(index) = schemas.iter().position(|s| s.title == title) {
        return Some(SchemaId(index as u32));
    }
    let help = match nearest(title, schemas.iter().map(|s| s.title.as_str())) {
        Some(nearest) => format!("did you mean `{nearest}`?"),
        None => "name the event's schema by its title in the schema doc (`Device State`), or add a section for it there".to_owned(),
    };
    diags.error(
        loc,
        format!(
            "the event's schema `{}` is not documented",
            title.escape_debug()
        ),
        help,
    );
    None
}

/// A stream's parameter, as a doc's table row: in the path when the route
/// names it, else where it says, else a header when `header_params`
/// lists it, else the query.
fn param(p: &StreamParam, decl: &StreamDecl, overlay: &Overlay) -> Param<Linked> {
    let location = if decl.route.placeholders().any(|n| n == p.name) {
        Location::Path
    } else if let Some(location) = p.location {
        location
    } else if overlay.meta.header_params.contains(&p.name) {
        Location::Header
    } else {
        Location::Query
    };
    Param {
        name: p.name.clone(),
        ident: (),
        ty: p
            .ty
            .clone()
            .try_map(|()| None)
            .unwrap_or(ParamType::Undefined),
        arg: (),
        required: p.required,
        description: p.description.clone(),
        default: p.default.clone(),
        kind: (p.ty == ParamType::String)
            .then(|| crate::parse::values::kind(p.default.as_ref(), None))
            .flatten(),
        accepted: Vec::new(),
        value_enum: None,
        location,
        style: None,
        loc: p.loc.clone(),
        columns: Vec::new(),
    }
}

/// `state_stream` as a heading: `State Stream`.
fn words(key: &str) -> String {
    key.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the overlay's help names: where a stream's parameters go.
pub fn params_table(resource: &str, name: &str) -> String {
    format!("[streams.{resource}.{name}.params] in {FILE_NAME}")
}
