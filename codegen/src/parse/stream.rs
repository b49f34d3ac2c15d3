//! The overlay's event streams: `[streams.<resource>.<name>]`. The docs
//! describe no stream, so the overlay declares each one whole, as a doc
//! would: its route, description, parameters and events (each event's name
//! and the documented schema its data is), and the query parameter that
//! sets the server's keep-alive interval.
//!
//! What can be checked here (the route, the kinds of parameters and their
//! defaults, event names, the keep-alive parameter) is reported at its
//! line; what needs the docs (the schemas, the resource's actions) is
//! checked when linking.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Diagnostics;
use crate::ir::{HttpMethod, Location, ParamType, Route, Scalar};
use crate::source::{Loc, SourceFile};

use super::text_or_table::nearest;

/// `state_stream = { route = "GET /…", events = { … }, … }` under
/// `[streams.device]`, or the table `[streams.device.state_stream]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StreamTable {
    route: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    keep_alive: Option<Spanned<String>>,
    events: Spanned<BTreeMap<Spanned<String>, Spanned<String>>>,
    #[serde(default)]
    params: BTreeMap<Spanned<String>, Spanned<ParamTable>>,
}

/// `deviceId = { type = "string", required = true, description = "…" }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ParamTable {
    #[serde(rename = "type")]
    ty: Spanned<String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    default: Option<Spanned<toml::Value>>,
    #[serde(default)]
    description: String,
    /// Where it travels, when not where it is derived to (`"header"`).
    #[serde(default)]
    location: Option<Spanned<String>>,
}

/// A stream the overlay declares, checked as far as the overlay alone
/// allows.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamDecl {
    /// The resource as the overlay spells it: `device`.
    pub resource: String,
    /// The stream's key as the overlay spells it: `state_stream`.
    pub name: String,
    /// The key's place: what a clash with an action points at.
    pub loc: Loc,
    pub route: Route,
    pub description: String,
    /// The keep-alive parameter's wire name (a `number` query parameter
    /// with a default), and where it is named.
    pub keep_alive: Option<(String, Loc)>,
    pub events: Vec<EventDecl>,
    /// The `events` table: where a stream without events is reported.
    pub events_loc: Loc,
    pub params: Vec<StreamParam>,
}

/// `deviceState = "Device State"`: an event's name and its schema's title.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDecl {
    pub name: String,
    /// The title of the documented schema, as written.
    pub schema: String,
    /// The name's place.
    pub loc: Loc,
    /// The title's place: where an unknown schema is reported.
    pub schema_loc: Loc,
}

/// A parameter of a stream, as a doc's table row would give it.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamParam {
    pub name: String,
    pub ty: ParamType<()>,
    pub required: bool,
    pub default: Option<Scalar>,
    pub description: String,
    /// Where it travels: the path when the route names it, else the
    /// location written, else a header when `header_params` lists it,
    /// else the query (decided when linking).
    pub location: Option<Location>,
    pub loc: Loc,
}

/// Whether a resource or stream key is a name the generated code can
/// carry: ASCII letters, digits and `_`, starting with a letter.
fn is_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The kinds of parameter a stream takes, as a doc's Type cell names them.
const TYPES: &[&str] = &["string", "number", "boolean"];

/// `[streams.<resource>]`'s streams, each bad value an error at its line.
pub(super) fn streams(
    file: &SourceFile,
    resource: &str,
    table: BTreeMap<Spanned<String>, StreamTable>,
    diags: &mut Diagnostics,
) -> Vec<StreamDecl> {
    let mut out = Vec::new();
    for (name, value) in table {
        let loc = file.loc(name.span());
        if let Some(decl) = stream(file, resource, name.into_inner(), loc, value, diags) {
            out.push(decl);
        }
    }
    out
}

fn stream(
    file: &SourceFile,
    resource: &str,
    name: String,
    loc: Loc,
    table: StreamTable,
    diags: &mut Diagnostics,
) -> Option<StreamDecl> {
    for (what, key) in [("resource", resource), ("stream", name.as_str())] {
        if !is_key(key) {
            diags.error(
                &loc,
                format!("the {what} name `{}` is not a name", key.escape_debug()),
                "key a stream as `[streams.<resource>.<stream>]` with names of ASCII letters, \
                 digits and `_`, starting with a letter (`[streams.device.state_stream]`)",
            );
            return None;
        }
    }
    let route_loc = file.loc(table.route.span());
    let route = super::overlay::parse_route(table.route.get_ref(), route_loc.clone(), diags);
    if let Some(route) = &route {
        if route.method != HttpMethod::Get {
            diags.error(
                &route_loc,
                format!(
                    "the stream `{resource}.{name}` is sent as `{}`",
                    route.method.as_str()
                ),
                "an event stream is read with GET: write \"GET /path\"",
            );
        }
    }
    let events_loc = file.loc(table.events.span());
    let declared = !table.events.get_ref().is_empty();
    let mut events = Vec::new();
    for (event, schema) in table.events.into_inner() {
        let event_loc = file.loc(event.span());
        let event = event.into_inner();
        if let Some(c) = event
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || *c == ':')
            .map(Some)
            .unwrap_or_else(|| event.is_empty().then_some(' '))
        {
            let what = if event.is_empty() {
                "is empty".to_owned()
            } else {
                format!("holds `{}`", c.escape_debug())
            };
            diags.error(
                &event_loc,
                format!("the event name `{}` {what}", event.escape_debug()),
                "write the name the server sends in the event's `event:` field (`deviceState`)",
            );
            continue;
        }
        events.push(EventDecl {
            name: event,
            schema_loc: file.loc(schema.span()),
            schema: schema.into_inner(),
            loc: event_loc,
        });
    }
    events.sort_by_key(|e| e.loc.offset);
    if !declared {
        diags.error(
            &events_loc,
            format!("the stream `{resource}.{name}` declares no event"),
            "name each event the server sends and the documented schema of its data: `events = { deviceState = \"Device State\" }`",
        );
    }
    // A parameter that could not be read is reported at its line, and
    // not again as one that `keep_alive` cannot find.
    let written: Vec<String> = table.params.keys().map(|k| k.get_ref().clone()).collect();
    let params: Vec<StreamParam> = table
        .params
        .into_iter()
        .filter_map(|(name, value)| param(file, name, value, diags))
        .collect();
    // In the order written, as a doc's table rows.
    let mut params = params;
    params.sort_by_key(|p| p.loc.offset);
    let keep_alive = table.keep_alive.and_then(|keep_alive| {
        let loc = file.loc(keep_alive.span());
        let wire = keep_alive.into_inner();
        let unread = written.contains(&wire) && !params.iter().any(|p| p.name == wire);
        let ok = !unread && keep_alive_param(&wire, &loc, route.as_ref(), &params, diags);
        ok.then_some((wire, loc))
    });
    Some(StreamDecl {
        resource: resource.to_owned(),
        name,
        loc,
        route: route?,
        description: table.description,
        keep_alive,
        events,
        events_loc,
        params,
    })
}

/// Whether `keep_alive` names a `number` query parameter of the stream
/// with a default (the interval the server keeps when none is sent); an
/// error at its line otherwise.
fn keep_alive_param(
    wire: &str,
    loc: &Loc,
    route: Option<&Route>,
    params: &[StreamParam],
    diags: &mut Diagnostics,
) -> bool {
    let in_query = |p: &&StreamParam| {
        let in_path = route.is_some_and(|r| r.placeholders().any(|n| n == p.name));
        !in_path && p.location.is_none_or(|l| l == Location::Query)
    };
    let Some(param) = params.iter().filter(in_query).find(|p| p.name == wire) else {
        let help = match nearest(wire, params.iter().filter(in_query).map(|p| p.name.as_str())) {
            Some(nearest) => format!("did you mean `{nearest}`?"),
            None => "declare it under the stream's `params`: `keepAliveInterval = { type = \"number\", default = 2, description = \"…\" }`".to_owned(),
        };
        diags.error(
            loc,
            format!(
                "`keep_alive` names `{}`, which is not a query parameter of the stream",
                wire.escape_debug()
            ),
            help,
        );
        return false;
    };
    let seconds = match &param.default {
        Some(Scalar::Number(n)) => n.as_f64().filter(|s| s.is_finite() && *s > 0.0),
        _ => None,
    };
    if param.ty != ParamType::Number || seconds.is_none() {
        diags.error(
            &param.loc,
            format!(
                "`{}` sets the keep-alive interval, but is not a `number` with a default above zero",
                param.name
            ),
            "give it `type = \"number\"` and the server's interval in seconds as its `default`: the stream's idle limit is counted in it",
        );
        return false;
    }
    true
}

fn param(
    file: &SourceFile,
    name: Spanned<String>,
    value: Spanned<ParamTable>,
    diags: &mut Diagnostics,
) -> Option<StreamParam> {
    let loc = file.loc(name.span());
    let table = value.into_inner();
    let ty = match table.ty.get_ref().as_str() {
        "string" => ParamType::String,
        "number" => ParamType::Number,
        "boolean" => ParamType::Boolean,
        other => {
            let help = match nearest(other, TYPES.iter().copied()) {
                Some(nearest) => format!("did you mean `{nearest}`?"),
                None => "a stream's parameter is a `string`, `number` or `boolean`".to_owned(),
            };
            diags.error(
                &file.loc(table.ty.span()),
                format!(
                    "`{}` is not a parameter type of a stream",
                    other.escape_debug()
                ),
                help,
            );
            return None;
        }
    };
    let default = match table.default {
        None => None,
        Some(value) => {
            let value_loc = file.loc(value.span());
            let scalar = match (value.into_inner(), &ty) {
                (toml::Value::String(s), ParamType::String) => Some(Scalar::String(s)),
                (toml::Value::Boolean(b), ParamType::Boolean) => Some(Scalar::Bool(b)),
                (toml::Value::Integer(i), ParamType::Number) => Some(Scalar::Number(i.into())),
                (toml::Value::Float(f), ParamType::Number) => {
                    serde_json::Number::from_f64(f).map(Scalar::Number)
                }
                _ => None,
            };
            if scalar.is_none() {
                diags.error(
                    &value_loc,
                    format!(
                        "the default of `{}` is not a {}",
                        name.get_ref(),
                        table.ty.get_ref()
                    ),
                    "write the value the server takes when the parameter is not sent, of the parameter's type",
                );
                return None;
            }
            scalar
        }
    };
    let location = match table.location {
        None => None,
        Some(text) => match Location::parse(text.get_ref()) {
            Some(l @ (Location::Path | Location::Query | Location::Header)) => Some(l),
            _ => {
                diags.error(
                    &file.loc(text.span()),
                    format!(
                        "`{}` is not where a stream's parameter travels",
                        text.get_ref().escape_debug()
                    ),
                    "write one of path, query, header",
                );
                return None;
            }
        },
    };
    if table.required && default.is_some() {
        diags.error(
            &loc,
            format!("`{}` is required and has a default", name.get_ref()),
            "a default is what the server takes when the parameter is not sent: remove `required` or `default`",
        );
        return None;
    }
    Some(StreamParam {
        name: name.into_inner(),
        ty,
        required: table.required,
        default,
        description: table.description,
        location,
        loc,
    })
}
