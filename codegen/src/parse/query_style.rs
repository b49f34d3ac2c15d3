//! How schema-typed query values travel: the docs never say, so the
//! overlay does. `query_style` under `[api]` is the API-wide default,
//! `[api.query_style_by_name]` sets it for every parameter of a name, and a
//! route's `params = { tagFilter = { style = "json" } }` for one action.
//!
//! The official clients of this docs family flatten such values with
//! brackets, except the "advanced query" parameters (all named `query`),
//! which go as one JSON value; without a `query_style`, every one goes as
//! JSON, as this generator always sent them.

use std::collections::BTreeMap;

use toml::Spanned;

use crate::diagnostic::Diagnostics;
use crate::ir::{Location, QueryStyle};
use crate::source::{Loc, SourceFile};

use super::overlay::ParamOverride;

/// The overlay's styles, before any route overrides them.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryStyles {
    default: QueryStyle,
    by_name: BTreeMap<String, QueryStyle>,
}

impl Default for QueryStyles {
    fn default() -> Self {
        QueryStyles {
            default: QueryStyle::Json,
            by_name: BTreeMap::new(),
        }
    }
}

impl QueryStyles {
    /// The style of a parameter named `name` whose route does not set one.
    pub fn of(&self, name: &str) -> QueryStyle {
        self.by_name.get(name).copied().unwrap_or(self.default)
    }
}

const STYLE_HELP: &str =
    "write \"brackets\" (`name[key]=value`, to any depth) or \"json\" (one JSON-encoded value)";

/// `query_style` and `[api.query_style_by_name]`, each bad value an error
/// at its line.
pub(super) fn read(
    file: &SourceFile,
    default: Option<Spanned<String>>,
    by_name: BTreeMap<String, Spanned<String>>,
    diags: &mut Diagnostics,
) -> QueryStyles {
    let mut style = |value: &Spanned<String>| {
        let parsed = QueryStyle::parse(value.get_ref());
        if parsed.is_none() {
            diags.error(
                &file.loc(value.span()),
                format!("`{}` is not a query style", value.get_ref().escape_debug()),
                STYLE_HELP,
            );
        }
        parsed
    };
    let mut styles = QueryStyles::default();
    if let Some(default) = default.as_ref().and_then(&mut style) {
        styles.default = default;
    }
    for (name, value) in &by_name {
        if let Some(parsed) = style(value) {
            styles.by_name.insert(name.clone(), parsed);
        }
    }
    styles
}

/// One entry of a route's `params`: a location (`userId = "query"`), or a
/// table of a location and a style (`query = { location = "query", style =
/// "json" }`, either key optional). Each bad value is an error at `loc`.
pub(super) fn param_override(
    name: String,
    value: toml::Value,
    loc: &Loc,
    diags: &mut Diagnostics,
) -> Option<ParamOverride> {
    let help = "write `name = \"query\"` (a location), or `name = { location = \"query\", style = \"json\" }`";
    let (location, style) = match value {
        toml::Value::String(location) => (Some(location), None),
        toml::Value::Table(mut table) => {
            let location = table.remove("location");
            let style = table.remove("style");
            if let Some(key) = table.keys().next() {
                diags.error(
                    loc,
                    format!("`{key}` is not a parameter setting of `{name}`"),
                    help,
                );
                return None;
            }
            let (Some(location), Some(style)) = (text(location), text(style)) else {
                diags.error(loc, format!("the settings of `{name}` are not text"), help);
                return None;
            };
            (location, style)
        }
        _ => {
            diags.error(
                loc,
                format!("`{name}` is set to neither a location nor a table"),
                help,
            );
            return None;
        }
    };
    let location = match location.as_deref().map(|l| (l, Location::parse(l))) {
        None => None,
        Some((_, Some(location))) => Some(location),
        Some((text, None)) => {
            diags.error(
                loc,
                format!("`{text}` is not a parameter location"),
                "write one of path, query, header, body, form",
            );
            return None;
        }
    };
    let style = match style.as_deref().map(|s| (s, QueryStyle::parse(s))) {
        None => None,
        Some((_, Some(style))) => Some(style),
        Some((text, None)) => {
            diags.error(
                loc,
                format!("`{}` is not a query style", text.escape_debug()),
                STYLE_HELP,
            );
            return None;
        }
    };
    Some(ParamOverride {
        name,
        location,
        style,
        loc: loc.clone(),
    })
}

/// A setting's text: `Some(None)` when it is not set, `None` when it is
/// not text.
fn text(value: Option<toml::Value>) -> Option<Option<String>> {
    match value {
        None => Some(None),
        Some(toml::Value::String(text)) => Some(Some(text)),
        Some(_) => None,
    }
}
