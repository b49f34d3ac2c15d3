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

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Diagnostics;
use crate::ir::{Location, QueryStyle};
use crate::source::SourceFile;

use super::overlay::ParamOverride;
use super::text_or_table::{Settings, TextOrTable};

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

/// One entry of a route's `params`: a location, or a table of a location
/// and a style.
pub(super) type ParamValue = TextOrTable<ParamTable>;

/// `query = { location = "query", style = "json" }`, either key optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ParamTable {
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    style: Option<String>,
}

impl Settings for ParamTable {
    const EXPECTED: &'static str =
        "a parameter location (\"query\") or a table of `location` and `style`";
}

/// One entry of a route's `params`: a location (`userId = "query"`), or a
/// table of a location and a style (`query = { location = "query", style =
/// "json" }`). Each bad value is an error at its line.
pub(super) fn param_override(
    file: &SourceFile,
    name: Spanned<String>,
    value: Spanned<ParamValue>,
    diags: &mut Diagnostics,
) -> Option<ParamOverride> {
    let loc = file.loc(value.span());
    let (location, style) = match value.into_inner() {
        TextOrTable::Text(location) => (Some(location), None),
        TextOrTable::Table(ParamTable { location, style }) => (location, style),
    };
    let location = match location.as_deref().map(|l| (l, Location::parse(l))) {
        None => None,
        Some((_, Some(location))) => Some(location),
        Some((text, None)) => {
            diags.error(
                &loc,
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
                &loc,
                format!("`{}` is not a query style", text.escape_debug()),
                STYLE_HELP,
            );
            return None;
        }
    };
    Some(ParamOverride {
        name: name.into_inner(),
        location,
        style,
        loc,
    })
}
