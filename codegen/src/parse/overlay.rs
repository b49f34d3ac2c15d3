//! The transport overlay (`api.toml`): API-wide facts and one route per
//! action. Only what the docs cannot say lives here; where each parameter
//! travels is derived when linking, unless a route overrides it.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{AllowAt, Diagnostic, Diagnostics, Level, Lint, LintConfig};
use crate::ir::{ApiMeta, HttpMethod, Location, QueryStyle, Route};
use crate::source::{Loc, SourceFile};

use super::meta;
use super::query_style::{self, ParamValue, QueryStyles};
use super::stream::{self, StreamDecl, StreamTable};
use super::text_or_table::{Settings, TextOrTable, nearest, unknown_key_help};

/// The overlay's name in the spec directory.
pub const FILE_NAME: &str = "api.toml";

#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    pub meta: ApiMeta,
    pub routes: Vec<RouteDecl>,
    /// Routes that could not be read (already reported), by resource and
    /// method, so their actions are not reported as routeless too.
    pub invalid: Vec<(String, String)>,
    /// The `[lints]` table: warnings allowed or denied on purpose.
    pub lints: LintConfig,
    /// How schema-typed query values travel unless a route says.
    pub query_styles: QueryStyles,
    /// The event streams, `[streams.<resource>.<name>]`, in file order.
    pub streams: Vec<StreamDecl>,
}

/// `invite_member = "POST /orgs/{orgId}/invites"` under `[routes.org]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteDecl {
    pub resource: String,
    pub method: String,
    pub route: Route,
    /// Explicit locations and query styles that override the derived ones.
    pub params: Vec<ParamOverride>,
    /// `shared = true`: another action sends this method and path too, on
    /// purpose.
    pub shared: bool,
}

/// `params = { userId = "query" }`, or `{ query = { style = "json" } }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamOverride {
    pub name: String,
    pub location: Option<Location>,
    pub style: Option<QueryStyle>,
    pub loc: Loc,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "crate")]
    krate: meta::CrateSection,
    api: meta::ApiSection,
    #[serde(default)]
    routes: BTreeMap<String, BTreeMap<Spanned<String>, Spanned<RouteValue>>>,
    #[serde(default)]
    lints: BTreeMap<Spanned<String>, Spanned<LintValue>>,
    #[serde(default)]
    streams: BTreeMap<String, BTreeMap<Spanned<String>, StreamTable>>,
}

/// A route: `"POST /orgs/{orgId}/invites"`, or a table of settings.
type RouteValue = TextOrTable<RouteTable>;

/// `invite_member = { route = "POST /orgs/{orgId}/invites", params = { .. } }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteTable {
    route: String,
    #[serde(default)]
    params: BTreeMap<Spanned<String>, Spanned<ParamValue>>,
    #[serde(default)]
    paged: Option<bool>,
    /// Another action sends the same method and path on purpose.
    #[serde(default)]
    shared: bool,
}

impl Settings for RouteTable {
    const EXPECTED: &'static str =
        "a route (\"GET /path/{param}\") or a table of `route`, `params`, `paged` and `shared`";
}

pub fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<Overlay> {
    let parsed: File = match toml::from_str(&file.text) {
        Ok(parsed) => parsed,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim();
            diags.error(
                &file.loc(span),
                format!("{FILE_NAME} cannot be read: {message}"),
                unknown_key_help(message).unwrap_or_else(|| {
                    "see the comments at the top of spec/api.toml for its format".into()
                }),
            );
            return None;
        }
    };
    let mut api = parsed.api;
    let query_styles = query_style::read(
        file,
        api.query_style.take(),
        std::mem::take(&mut api.query_style_by_name),
        diags,
    );
    let meta = meta::meta(file, parsed.krate, api, diags);
    let mut routes = Vec::new();
    let mut invalid = Vec::new();
    for (resource, table) in parsed.routes {
        for (method, value) in table {
            let loc = file.loc(value.span());
            let (text, params, paged, shared) = match value.into_inner() {
                TextOrTable::Text(text) => (text, BTreeMap::new(), None, false),
                TextOrTable::Table(RouteTable {
                    route,
                    params,
                    paged,
                    shared,
                }) => (route, params, paged, shared),
            };
            let Some(mut route) = parse_route(&text, loc.clone(), diags) else {
                invalid.push((resource.clone(), method.into_inner()));
                continue;
            };
            route.paged = paged;
            let params = params
                .into_iter()
                .filter_map(|(name, value)| query_style::param_override(file, name, value, diags))
                .collect();
            routes.push(RouteDecl {
                resource: resource.clone(),
                method: method.into_inner(),
                route,
                params,
                shared,
            });
        }
    }
    routes.sort_by_key(|r| r.route.loc.offset);
    check_shared_routes(&routes, diags);
    let mut streams: Vec<StreamDecl> = parsed
        .streams
        .into_iter()
        .flat_map(|(resource, table)| stream::streams(file, &resource, table, diags))
        .collect();
    streams.sort_by_key(|s| s.loc.offset);
    check_stream_routes(&routes, &streams, diags);
    Some(Overlay {
        meta,
        routes,
        invalid,
        lints: lints(file, parsed.lints, diags),
        query_styles,
        streams,
    })
}

/// A lint's setting: a level, or a table of a level and allowed locations.
type LintValue = TextOrTable<LintTable>;

/// `unresolved_ref = { level = "warn", allow = ["device#/properties/parent"] }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LintTable {
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    allow: Vec<String>,
}

impl Settings for LintTable {
    const EXPECTED: &'static str =
        "a lint level (\"allow\", \"warn\", \"deny\") or a table of `level` and `allow`";
}

/// The `[lints]` table: `unknown_keyword = "allow"`, or
/// `unresolved_ref = { level = "warn", allow = ["device#/properties/parent"] }`.
/// Each unknown kind or level is an error at its line.
fn lints(
    file: &SourceFile,
    table: BTreeMap<Spanned<String>, Spanned<LintValue>>,
    diags: &mut Diagnostics,
) -> LintConfig {
    let mut config = LintConfig::default();
    for (name, value) in table {
        let Some(lint) = Lint::from_name(name.get_ref()) else {
            let known = Lint::ALL.iter().map(|l| l.name());
            let help = match nearest(name.get_ref(), known.clone()) {
                Some(nearest) => format!("did you mean `{nearest}`?"),
                None => format!("the kinds are {}", known.collect::<Vec<_>>().join(", ")),
            };
            diags.error(
                &file.loc(name.span()),
                format!("`{}` is not a kind of warning", name.get_ref()),
                help,
            );
            continue;
        };
        let loc = file.loc(value.span());
        let (level, allow) = match value.into_inner() {
            TextOrTable::Text(level) => (Some(level), Vec::new()),
            TextOrTable::Table(LintTable { level, allow }) => (level, allow),
        };
        if let Some(text) = level {
            match Level::parse(&text) {
                Some(level) => config.levels.push((lint, level)),
                None => diags.error(
                    &loc,
                    format!("`{text}` is not a lint level"),
                    "write `kind = \"allow\"` (or \"warn\", \"deny\"), or `kind = { allow = [\"schema#/json/pointer\"] }`",
                ),
            }
        }
        config
            .allowed_at
            .extend(allow.into_iter().map(|origin| AllowAt {
                lint,
                origin,
                loc: loc.clone(),
            }));
    }
    config
}

/// Two actions on one method and path are almost always a copy-paste slip
/// in the overlay: an error at the later one naming both, unless every
/// route of the two says `shared = true`. Placeholders compare by place,
/// not name (`/orgs/{orgId}` is `/orgs/{id}`).
fn check_shared_routes(routes: &[RouteDecl], diags: &mut Diagnostics) {
    let mut first: HashMap<(HttpMethod, String), &RouteDecl> = HashMap::new();
    for decl in routes {
        let key = (decl.route.method, decl.route.path_shape());
        let Some(earlier) = first.get(&key) else {
            first.insert(key, decl);
            continue;
        };
        if earlier.shared && decl.shared {
            continue;
        }
        diags.error(
            &decl.route.loc,
            format!(
                "`{}.{}` has the route of `{}.{}`: {} {}",
                decl.resource,
                decl.method,
                earlier.resource,
                earlier.method,
                decl.route.method.as_str(),
                decl.route.path
            ),
            format!(
                "give it its own route; if both actions are meant to send the same request, write `shared = true` in both route tables (`{} = {{ route = \"...\", shared = true }}`)",
                decl.method
            ),
        );
    }
}

/// A stream on the method and path of an action or of another stream
/// would answer that one's requests: an error at the later stream, naming
/// the other. (`shared` is for actions only.)
fn check_stream_routes(routes: &[RouteDecl], streams: &[StreamDecl], diags: &mut Diagnostics) {
    let mut taken: HashMap<(HttpMethod, String), String> = HashMap::new();
    for decl in routes {
        let key = (decl.route.method, decl.route.path_shape());
        taken
            .entry(key)
            .or_insert_with(|| format!("the action `{}.{}`", decl.resource, decl.method));
    }
    for stream in streams {
        let key = (stream.route.method, stream.route.path_shape());
        if let Some(other) = taken.get(&key) {
            diags.error(
                &stream.route.loc,
                format!(
                    "the stream `{}.{}` has the route of {other}: {} {}",
                    stream.resource,
                    stream.name,
                    stream.route.method.as_str(),
                    stream.route.path
                ),
                "give the stream its own route",
            );
            continue;
        }
        taken.insert(
            key,
            format!("the stream `{}.{}`", stream.resource, stream.name),
        );
    }
}

/// What a route starts with until it is written: the stub of missing
/// routes (`cargo xtask routes --missing`) gives each action
/// `"TODO METHOD /path"`, which generation refuses.
pub const TODO: &str = "TODO";

pub(super) fn parse_route(text: &str, loc: Loc, diags: &mut Diagnostics) -> Option<Route> {
    let help = "write the route as \"METHOD /path/{param}\", like \"GET /orgs/{orgId}\"";
    let todo = text.trim_start().get(..TODO.len());
    if todo.is_some_and(|word| word.eq_ignore_ascii_case(TODO)) {
        diags.push(Diagnostic::todo_route(&loc, text));
        return None;
    }
    let Some((method, path)) = text.trim().split_once(' ') else {
        diags.error(&loc, format!("`{text}` is not a route"), help);
        return None;
    };
    let Some(method) = HttpMethod::parse(method) else {
        diags.error(&loc, format!("`{method}` is not an HTTP method"), help);
        return None;
    };
    let path = path.trim();
    let balanced = path.chars().try_fold(false, |open, c| match (open, c) {
        (false, '{') => Some(true),
        (true, '}') => Some(false),
        (_, '{' | '}') => None,
        (open, _) => Some(open),
    }) == Some(false);
    if !path.starts_with('/') || !balanced || path.contains("{}") {
        diags.error(&loc, format!("`{path}` is not a path template"), help);
        return None;
    }
    if let Some(c) = path
        .chars()
        .find(|c| matches!(c, '?' | '#') || c.is_whitespace() || c.is_control())
    {
        diags.error(
            &loc,
            format!("the path `{}` holds `{}`", path.escape_debug(), c.escape_debug()),
            "a route is a path only: query parameters belong in the action's table (or `[api.default_query]`), and a fragment is never sent",
        );
        return None;
    }
    Some(Route {
        method,
        path: path.to_owned(),
        loc,
        paged: None,
    })
}
