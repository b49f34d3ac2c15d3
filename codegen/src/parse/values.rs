//! What a text parameter's row says of its values beyond its Type cell:
//! the values its description lists as the accepted ones, and the kind of
//! value its Default and Example cells agree on.
//!
//! The docs type almost every query parameter `string`, and say more in
//! prose: "Accepted values are: asc, desc" ends 160 descriptions of the
//! newest docs, and most of the others have an integer or a boolean as
//! their Default and Example. Each fact is read here, once.

use crate::ir::{Scalar, ValueKind};

/// The values a description lists, and the description without them.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    /// In the order listed, each once.
    pub values: Vec<String>,
    /// The description less the sentence listing the values:
    /// `Direction to sort the results by.`
    pub summary: String,
}

/// Why a description that announces accepted values gave none.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// The text after the announcement, as written.
    pub list: String,
}

/// The phrases that announce a list, lower case, longest first so that
/// `accepted values are` is found before `accepted values`. `one of` must
/// be followed by a colon: "one of the devices" lists nothing.
const ANNOUNCEMENTS: &[(&str, Colon)] = &[
    ("accepted values are", Colon::Optional),
    ("accepted values", Colon::Required),
    ("allowed values are", Colon::Optional),
    ("allowed values", Colon::Required),
    ("possible values are", Colon::Optional),
    ("possible values", Colon::Required),
    ("valid values are", Colon::Optional),
    ("valid values", Colon::Required),
    ("one of", Colon::Required),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Colon {
    Optional,
    Required,
}

/// The accepted values a description lists, in the phrasings the docs use:
/// `Accepted values are: asc, desc`, `Accepted values: a, b.`,
/// `One of: a, b, or c`, `Possible values are a, b and c`, values in
/// backticks or quotes, the list ending the description or a sentence.
///
/// `None` when it announces no list; `Some(Err)` when it announces one
/// (with a colon) that is not a list of single words.
pub fn accepted(description: &str) -> Option<Result<Accepted, Unreadable>> {
    let lower = description.to_ascii_lowercase();
    let (start, after, colon) = ANNOUNCEMENTS.iter().find_map(|&(phrase, rule)| {
        let at = find_phrase(&lower, phrase)?;
        let rest = &description[at + phrase.len()..];
        let colon = rest.trim_start().starts_with(':');
        if rule == Colon::Required && !colon {
            return None;
        }
        let skip = rest.len() - rest.trim_start().len() + usize::from(colon);
        Some((at, at + phrase.len() + skip, colon))
    })?;
    let tail = &description[after..];
    // The list ends with its sentence: at a period followed by white space,
    // or at the end (a period that ends the text is dropped).
    let (list, end) = match tail.find(". ") {
        Some(dot) => (&tail[..dot], after + dot + 1),
        None => (tail.trim_end().trim_end_matches('.'), description.len()),
    };
    match values(list) {
        Some(values) => Some(Ok(Accepted {
            values,
            summary: summary(&description[..start], &description[end..]),
        })),
        None if colon => Some(Err(Unreadable {
            list: list.trim().to_owned(),
        })),
        None => None,
    }
}

/// Where `phrase` starts in `text` as whole words.
fn find_phrase(text: &str, phrase: &str) -> Option<usize> {
    text.match_indices(phrase).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// `a, b, or c` as `[a, b, c]`; `None` unless each item is one word.
fn values(list: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for item in list.split([',', '|']).flat_map(split_conjunction) {
        let item = item.trim();
        let item = item
            .strip_prefix("or ")
            .or_else(|| item.strip_prefix("and "))
            .unwrap_or(item)
            .trim();
        let value = unquote(item);
        let word = !value.is_empty()
            && !value.contains(char::is_whitespace)
            && !value.contains(['(', ')', '[', ']', '{', '}', '`', '"']);
        if !word {
            return None;
        }
        if !out.iter().any(|v| v == value) {
            out.push(value.to_owned());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `b and c` or `b or c` (the last two items of a list without a comma
/// before the conjunction) as two items.
fn split_conjunction(item: &str) -> Vec<&str> {
    for conjunction in [" or ", " and "] {
        if let Some((a, b)) = item.trim().split_once(conjunction) {
            if !a.trim().is_empty() {
                return vec![a, b];
            }
        }
    }
    vec![item]
}

/// A value without the backticks or quotes around it.
fn unquote(item: &str) -> &str {
    for quote in ['`', '"', '\''] {
        if let Some(inner) = item
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    item
}

/// The prose around the list's sentence, joined.
fn summary(before: &str, after: &str) -> String {
    let parts: Vec<&str> = [before.trim(), after.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(" ")
}

/// The kind of value the Default and Example cells agree on, when every
/// one of them that is filled in holds an integer, or every one a boolean.
pub fn kind(default: Option<&Scalar>, example: Option<&str>) -> Option<ValueKind> {
    let default = default.map(cell_kind);
    let example = example
        .filter(|e| !e.is_empty())
        .map(|e| cell_kind(&super::scalar(e)));
    match (default, example) {
        (Some(a), Some(b)) if a == b => a,
        (Some(only), None) | (None, Some(only)) => only,
        _ => None,
    }
}

fn cell_kind(cell: &Scalar) -> Option<ValueKind> {
    match cell {
        Scalar::Bool(_) => Some(ValueKind::Boolean),
        Scalar::Number(n) if n.is_i64() || n.is_u64() => Some(ValueKind::Integer),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(description: &str) -> Option<(Vec<String>, String)> {
        accepted(description).map(|a| {
            let a = a.unwrap();
            (a.values, a.summary)
        })
    }

    #[test]
    fn the_phrasings_of_the_docs_are_lists() {
        let asc_desc = || vec!["asc".to_owned(), "desc".to_owned()];
        for (description, values, summary) in [
            (
                "Direction to sort the results by. Accepted values are: asc, desc",
                asc_desc(),
                "Direction to sort the results by.",
            ),
            ("Accepted values: asc, desc.", asc_desc(), ""),
            ("Order. accepted values are asc, desc", asc_desc(), "Order."),
            (
                "Which state. One of: `new`, `acknowledged`, or `resolved`.",
                vec!["new".into(), "acknowledged".into(), "resolved".into()],
                "Which state.",
            ),
            (
                "Possible values are \"page\", \"layout\" and \"component\". Defaults to page.",
                vec!["page".into(), "layout".into(), "component".into()],
                "Defaults to page.",
            ),
            (
                "Field. Accepted values are: certificateInfo.commonName, status",
                vec!["certificateInfo.commonName".into(), "status".into()],
                "Field.",
            ),
            (
                "Unit. Allowed values: minute | hour | day, and day.",
                vec!["minute".into(), "hour".into(), "day".into()],
                "Unit.",
            ),
            (
                "Field to filter by. Accepted values are: name",
                vec!["name".into()],
                "Field to filter by.",
            ),
            (
                "Resolution in milliseconds. Valid values are: 86400000, 3600000",
                vec!["86400000".into(), "3600000".into()],
                "Resolution in milliseconds.",
            ),
        ] {
            assert_eq!(
                listed(description),
                Some((values, summary.to_owned())),
                "{description}"
            );
        }
    }

    #[test]
    fn prose_that_lists_nothing_is_no_list() {
        for description in [
            "Filter to apply against the filtered field. Supports globbing.",
            "Only devices in one of the given applications",
            "The possible values are limited by the plan",
            "Field to sort by. Unaccepted values: a",
        ] {
            assert_eq!(accepted(description), None, "{description}");
        }
    }

    #[test]
    fn an_announced_list_that_is_not_one_is_unreadable() {
        assert_eq!(
            accepted("Flag. Accepted values are: true (the default), false"),
            Some(Err(Unreadable {
                list: "true (the default), false".into()
            }))
        );
        assert!(matches!(accepted("One of: "), Some(Err(_))));
    }

    #[test]
    fn a_kind_is_what_the_filled_cells_agree_on() {
        let number = |n: i64| Scalar::Number(n.into());
        assert_eq!(kind(Some(&number(0)), Some("0")), Some(ValueKind::Integer));
        assert_eq!(
            kind(Some(&number(100)), Some("10")),
            Some(ValueKind::Integer)
        );
        assert_eq!(kind(None, Some("1465790400000")), Some(ValueKind::Integer));
        assert_eq!(
            kind(Some(&Scalar::Bool(false)), None),
            Some(ValueKind::Boolean)
        );
        assert_eq!(kind(None, Some("true")), Some(ValueKind::Boolean));
        assert_eq!(
            kind(Some(&Scalar::String("now".into())), Some("16094")),
            None
        );
        assert_eq!(kind(Some(&number(1)), Some("true")), None);
        assert_eq!(kind(None, Some("2.5")), None);
        assert_eq!(kind(None, Some("name")), None);
        assert_eq!(kind(None, None), None);
    }
}
