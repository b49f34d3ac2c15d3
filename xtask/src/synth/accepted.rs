//! The text parameters whose descriptions list their accepted values, at
//! the counts of the newest real docs (160 of their string parameters:
//! `sortDirection` 56 times, `sortField` 48, `filterField` 43,
//! `resolution` 7, a few others once or twice) and in the phrasings docs
//! use: `Accepted values are: a, b` mostly, then `Accepted values: a, b.`,
//! `One of: ...`, `Possible values are a and b`, values in backticks.
//!
//! Here: `sortDirection` 60 times, `sortField` 50 (one set shared by a
//! quarter of them, listed in two orders, the others each a resource's
//! own), `filterField` 40, `resolution` 7 (integers: no enum), `state`,
//! `status`, `flowClass` twice, `viewType`, `statGrouping`, `ownerType`
//! once, the `move` actions' `type` 4 times: 170; and 4 lists that cannot
//! be read, each an `unread_values` warning.

use codegen::Lint;

use super::Resource;
use super::actions::{Row, row};

/// `sortField` and `sortDirection` of a list action.
pub(super) fn sort_rows(r: &Resource) -> Vec<Row> {
    let i = r.index;
    let mut rows = Vec::new();
    if matches!(i % 10, 0..=3 | 5) {
        let values = match i % 8 {
            0 | 4 => "name, id, creationDate, lastUpdated".to_owned(),
            1 => "id, creationDate, name, lastUpdated".to_owned(),
            _ => format!("name, id, creationDate, lastUpdated, {}Status", r.camel),
        };
        let values = if i % 20 == 2 {
            backticks(&values)
        } else {
            values
        };
        rows.push(Row {
            default: "name",
            example: "name",
            ..row(
                "sortField",
                "string",
                false,
                &format!("Field to sort the results by. Accepted values are: {values}"),
            )
        });
    }
    if matches!(i % 10, 0..=3 | 5 | 6) {
        let list = match i % 20 {
            5 => "Accepted values: asc, desc.",
            6 => "One of: `asc` or `desc`.",
            13 => "Possible values are asc and desc",
            _ => "Accepted values are: asc, desc",
        };
        rows.push(Row {
            default: if i % 7 == 0 { "desc" } else { "asc" },
            example: "asc",
            ..row(
                "sortDirection",
                "string",
                false,
                &format!("Direction to sort the results by. {list}"),
            )
        });
    }
    rows
}

/// `filterField` of a list action.
pub(super) fn filter_rows(r: &Resource) -> Vec<Row> {
    let i = r.index;
    if !matches!(i % 10, 0..=2 | 5) {
        return Vec::new();
    }
    let values = match i % 6 {
        0 | 2 | 4 => "name".to_owned(),
        3 => "name, status".to_owned(),
        _ => format!("name, {}Type", r.camel),
    };
    vec![Row {
        example: "name",
        ..row(
            "filterField",
            "string",
            false,
            &format!(
                "Field to filter the results by. Blank or not provided means no filtering. Accepted values are: {values}"
            ),
        )
    }]
}

/// A parameter listed once or twice in the docs: name, what it does, its
/// list, its Default and Example.
type Listed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The parameters with lists of their own, once or twice in the docs, and
/// the lists that cannot be read.
pub(super) fn list_rows(r: &Resource) -> Vec<Row> {
    let i = r.index;
    let listed: Option<Listed> = match i {
        6 => Some((
            "state",
            "If provided, return items only in the given state",
            "Accepted values are: new, acknowledged, resolved",
            "",
            "new",
        )),
        56 => Some((
            "state",
            "If provided, act on items only in the given state",
            "One of: `new`, `acknowledged`, or `resolved`.",
            "",
            "new",
        )),
        12 | 62 => Some((
            "status",
            "Limit the result to only items of this status",
            "Accepted values are: completed, pending",
            "",
            "completed",
        )),
        21 | 71 => Some((
            "flowClass",
            "Filter the workflows by the given flow class",
            "Accepted values are: edge, embedded, cloud, customNode, experience",
            "cloud",
            "cloud",
        )),
        33 => Some((
            "viewType",
            "Filter views to those only of the given type",
            "Accepted values are: page, layout, component",
            "",
            "page",
        )),
        45 => Some((
            "statGrouping",
            "Field to group the statistics by",
            "Accepted values are: statusCode, endpointId, version, domain",
            "statusCode",
            "statusCode",
        )),
        60 => Some((
            "ownerType",
            "The type of the owner id",
            "Accepted values are: user, organization",
            "user",
            "user",
        )),
        _ => None,
    };
    let mut rows: Vec<Row> = listed
        .into_iter()
        .map(|(name, what, list, default, example)| Row {
            default,
            example,
            ..row(name, "string", false, &format!("{what}. {list}"))
        })
        .collect();
    if i % 25 == 11 {
        rows.push(Row {
            example: "warning",
            ..row(
                "level",
                "string",
                false,
                "Lowest severity to return. Accepted values are: info (the default), warning, error",
            )
        });
    }
    rows
}

/// `resolution` of a get action: a list of integers.
pub(super) fn get_rows(r: &Resource) -> Vec<Row> {
    if r.index % 14 != 3 {
        return Vec::new();
    }
    vec![Row {
        default: "86400000",
        example: "86400000",
        ..row(
            "resolution",
            "string",
            false,
            "Resolution in milliseconds. Accepted values are: 86400000, 3600000",
        )
    }]
}

/// The warnings the lists draw: one per list that cannot be read.
pub(super) fn hazards(r: &Resource) -> Vec<(Lint, usize)> {
    if r.index % 25 == 11 && r.list {
        vec![(Lint::UnreadValues, 1)]
    } else {
        Vec::new()
    }
}

/// `a, b` as `` `a`, `b` ``.
fn backticks(values: &str) -> String {
    let quoted: Vec<String> = values.split(", ").map(|v| format!("`{v}`")).collect();
    quoted.join(", ")
}
