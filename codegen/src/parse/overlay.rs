//! The transport overlay (`api.toml`): API-wide facts and one route per
//! action. Only what the docs cannot say lives here; where each parameter
//! travels is derived when linking, unless a route overrides it.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{AllowAt, Diagnostics, Level, Lint, LintConfig};
use crate::ir::{ApiMeta, HttpMethod, Location, QueryStyle, Route};
use crate::source::{Loc, SourceFile};

use super::meta;
use super::query_style::{self, QueryStyles};

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
}

/// `invite_member = "POST /orgs/{orgId}/invites"` under `[routes.org]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteDecl {
    pub resource: String,
    pub method: String,
    pub route: Route,
    /// Explicit locations and query styles that override the derived ones.
    pub params: Vec<ParamOverride>,
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
    lints: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RouteValue {
    Short(String),
    Full {
        route: String,
        #[serde(default)]
        params: BTreeMap<String, toml::Value>,
        #[serde(default)]
        paged: Option<bool>,
    },
}

pub fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<Overlay> {
    let parsed: File = match toml::from_str(&file.text) {
        Ok(parsed) => parsed,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            diags.error(
                &file.loc(span),
                format!("{FILE_NAME} cannot be read: {}", error.message().trim()),
                "see the comments at the top of spec/api.toml for its format",
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
            let (text, params, paged) = match value.into_inner() {
                RouteValue::Short(text) => (text, BTreeMap::new(), None),
                RouteValue::Full {
                    route,
                    params,
                    paged,
                } => (route, params, paged),
            };
            let Some(mut route) = parse_route(&text, loc.clone(), diags) else {
                invalid.push((resource.clone(), method.into_inner()));
                continue;
            };
            route.paged = paged;
            let params = params
                .into_iter()
                .filter_map(|(name, value)| query_style::param_override(name, value, &loc, diags))
                .collect();
            routes.push(RouteDecl {
                resource: resource.clone(),
                method: method.into_inner(),
                route,
                params,
            });
        }
    }
    routes.sort_by_key(|r| r.route.loc.offset);
    Some(Overlay {
        meta,
        routes,
        invalid,
        lints: lints(file, parsed.lints, diags),
        query_styles,
    })
}

/// The `[lints]` table: `unknown_keyword = "allow"`, or
/// `unresolved_ref = { level = "warn", allow = ["device#/properties/parent"] }`.
/// Each unknown kind, level or key is an error at its line.
fn lints(
    file: &SourceFile,
    table: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    diags: &mut Diagnostics,
) -> LintConfig {
    let mut config = LintConfig::default();
    for (name, value) in table {
        let Some(lint) = Lint::from_name(name.get_ref()) else {
            let known: Vec<&str> = Lint::ALL.iter().map(|l| l.name()).collect();
            diags.error(
                &file.loc(name.span()),
                format!("`{}` is not a kind of warning", name.get_ref()),
                format!("the kinds are {}", known.join(", ")),
            );
            continue;
        };
        let loc = file.loc(value.span());
        let help = "write `kind = \"allow\"` (or \"warn\", \"deny\"), or `kind = { allow = [\"schema#/json/pointer\"] }`";
        let (level, allow) = match value.into_inner() {
            toml::Value::String(level) => (Some(level), Vec::new()),
            toml::Value::Table(mut table) => {
                let level = table.remove("level");
                let allow = table.remove("allow");
                if let Some(key) = table.keys().next() {
                    diags.error(&loc, format!("`{key}` is not a lint setting"), help);
                }
                let level = match level {
                    None => None,
                    Some(toml::Value::String(level)) => Some(level),
                    Some(_) => Some(String::new()),
                };
                let allow = match allow {
                    None => Vec::new(),
                    Some(toml::Value::Array(items)) if items.iter().all(toml::Value::is_str) => {
                        items
                            .into_iter()
                            .filter_map(|i| i.as_str().map(str::to_owned))
                            .collect()
                    }
                    Some(_) => {
                        diags.error(&loc, "`allow` is not a list of schema locations", help);
                        Vec::new()
                    }
                };
                (level, allow)
            }
            _ => {
                diags.error(
                    &loc,
                    format!("`{lint}` is set to neither a level nor a table"),
                    help,
                );
                continue;
            }
        };
        if let Some(text) = level {
            match Level::parse(&text) {
                Some(level) => config.levels.push((lint, level)),
                None => diags.error(&loc, format!("`{text}` is not a lint level"), help),
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

fn parse_route(text: &str, loc: Loc, diags: &mut Diagnostics) -> Option<Route> {
    let help = "write the route as \"METHOD /path/{param}\", like \"GET /orgs/{orgId}\"";
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
