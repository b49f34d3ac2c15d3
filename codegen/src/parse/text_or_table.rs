//! Overlay values written either as one string or as a table of settings
//! (`get = "GET /pets"` or `get = { route = "GET /pets", paged = true }`),
//! and the help for a key the overlay does not know.
//!
//! Serde's untagged enums would read both forms, but they try each form in
//! turn and report only that none matched, and a table form without
//! `deny_unknown_fields` drops a misspelt key without a word. Here the
//! value's own kind picks the form, so a table is read by its struct with
//! every unknown key an error at its line.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// A table form, and what a reader is told when neither form is found.
pub(super) trait Settings: for<'de> Deserialize<'de> {
    /// `a route ("GET /path") or a table of `route`, `params`, `paged``.
    const EXPECTED: &'static str;
}

/// One string, or the settings of a table.
#[derive(Debug)]
pub(super) enum TextOrTable<T> {
    Text(String),
    Table(T),
}

impl<'de, T: Settings> Deserialize<'de> for TextOrTable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextOrTableVisitor(PhantomData))
    }
}

struct TextOrTableVisitor<T>(PhantomData<T>);

impl<'de, T: Settings> Visitor<'de> for TextOrTableVisitor<T> {
    type Value = TextOrTable<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(TextOrTable::Text(text.to_owned()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(TextOrTable::Table)
    }
}

/// The help for a TOML error: for serde's "unknown field `rout`, expected
/// one of `route`, `params`, `paged`", the known key nearest the unknown
/// one, when one is near enough to be a slip.
pub(super) fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let nearest = nearest(unknown, known.iter().copied())?;
    Some(format!("did you mean `{nearest}`?"))
}

/// The candidate nearest `word`, when it is within a third of the word's
/// length in edits (at least one): `parms` finds `params`, `colour` finds
/// nothing among `route` and `paged`.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let most = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= most)
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_finds_the_key_and_a_stranger_finds_none() {
        let message = "unknown field `parms`, expected one of `route`, `params`, `paged`";
        assert_eq!(
            unknown_key_help(message).as_deref(),
            Some("did you mean `params`?")
        );
        let message = "unknown field `rout`, expected `route`";
        assert_eq!(
            unknown_key_help(message).as_deref(),
            Some("did you mean `route`?")
        );
        let message = "unknown field `colour`, expected one of `route`, `params`, `paged`";
        assert_eq!(unknown_key_help(message), None);
        assert_eq!(unknown_key_help("invalid type: integer `1`"), None);
    }
}
