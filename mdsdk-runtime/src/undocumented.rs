//! Drift between the docs and the live API: properties a response carries
//! that its documented type does not describe. A struct keeps them (its
//! `extra` map) or skips them (a schema that allows no others), so
//! decoding never fails on them; with the client's
//! [`report_undocumented`](crate::ClientBuilder::report_undocumented)
//! setting, a `tracing` event names the action and their paths.
//!
//! Finding them takes a second decode of the body through a deserializer
//! that sees every property a type skips (`serde_ignored`), with the
//! structs told to skip their `extra` properties too. It is the same
//! deserializer that finds where a failed decode failed, so the types are
//! compiled for it once.

use std::cell::Cell;
use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_ignored::Path;

use crate::decode::DecodeSuccess;

/// The `tracing` target of the event, to turn it on or off by itself.
pub(crate) const TARGET: &str = "mdsdk_runtime::undocumented";

/// The most paths one event lists; it says how many there were.
const MAX_LISTED: usize = 32;

thread_local! {
    /// Whether a decode on this thread is looking for undocumented
    /// properties, so structs skip their `extra` ones where it sees them.
    static LOOKING: Cell<bool> = const { Cell::new(false) };
}

/// Whether a struct keeps the properties its schema does not list (in its
/// `extra` map): always, but while [`undocumented`] looks for them.
pub(crate) fn keeping_extra() -> bool {
    !LOOKING.with(Cell::get)
}

/// `json`, the body of a success of `status`, decoded as `T`, with
/// `skipped` called with each property a type skips; on failure, the path
/// where it failed (`members[2].role`).
pub(crate) fn decode_tracked<T: DecodeSuccess>(
    status: StatusCode,
    json: &[u8],
    mut skipped: &mut dyn FnMut(Path),
) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let ignored = serde_ignored::Deserializer::new(&mut deserializer, &mut skipped);
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(ignored, &mut track);
    T::decode(status, tracked).map_err(|_| track.path().to_string())
}

/// The paths of the properties of `json` that `T` does not describe,
/// `items[].owner.team` for `{"items": [{"owner": {"team": …}}]}`, each
/// once. Properties inside a union's forms are not seen (a union decodes
/// from a copy of the value).
pub(crate) fn undocumented<T: DecodeSuccess>(status: StatusCode, json: &[u8]) -> BTreeSet<String> {
    struct Looking;
    impl Drop for Looking {
        fn drop(&mut self) {
            LOOKING.with(|l| l.set(false));
        }
    }
    let mut found = BTreeSet::new();
    LOOKING.with(|l| l.set(true));
    let looking = Looking;
    // The body decoded once already; this decode only looks.
    let _ = decode_tracked::<T>(status, json, &mut |path| {
        found.insert(render(&path));
    });
    drop(looking);
    found
}

/// Emits the event for the undocumented properties of a response of
/// `action`, if any and if a subscriber wants it.
pub(crate) fn report<T: DecodeSuccess>(action: &str, status: StatusCode, json: &[u8]) {
    if !tracing::enabled!(target: TARGET, tracing::Level::WARN) {
        return;
    }
    let found = undocumented::<T>(status, json);
    if found.is_empty() {
        return;
    }
    let listed: Vec<&str> = found.iter().take(MAX_LISTED).map(String::as_str).collect();
    tracing::warn!(
        target: TARGET,
        action,
        count = found.len(),
        properties = %listed.join(", "),
        "the response has properties its documented type does not describe"
    );
}

/// A path as the docs' schemas would name it: properties by name, items of
/// a list as `[]`.
fn render(path: &Path) -> String {
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, .. } => format!("{}[]", render(parent)),
        Path::Map { parent, key } => {
            let parent = render(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => render(parent),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

    use super::*;
    use crate::Nullable;

    #[derive(Debug)]
    struct Open {
        id: Option<String>,
        owner: Nullable<Closed>,
        items: Option<Vec<Closed>>,
        stats: Option<Stats>,
        extra: Map<String, Value>,
    }
    crate::json_struct!(Open {
        id: "id" optional String,
        owner: "owner" nullable Closed,
        items: "items" optional Vec<Closed>,
        stats: "stats" optional Stats,
    } extra extra: Map<String, Value>);

    #[derive(Debug)]
    struct Closed {
        name: Option<String>,
    }
    crate::json_struct!(Closed { name: "name" optional String });

    /// Properties the schema describes by a schema of their own.
    #[derive(Debug)]
    struct Stats {
        counters: std::collections::BTreeMap<String, i64>,
    }
    crate::json_struct!(Stats {} map counters: std::collections::BTreeMap<String, i64>);

    #[test]
    fn every_property_a_type_does_not_describe_is_named_once() {
        let json = br#"{
            "id": "a", "color": "red", "stats": {"visits": 3},
            "owner": {"name": "n", "team": {"id": 1}},
            "items": [{"name": "x", "deep": [1]}, {"deep": []}, {"other": null}]
        }"#;
        let found: Vec<String> = undocumented::<Open>(StatusCode::OK, json)
            .into_iter()
            .collect();
        assert_eq!(
            found,
            ["color", "items[].deep", "items[].other", "owner.team"]
        );
        assert!(keeping_extra(), "looking ends with the decode");
        let decoded: Open = serde_json::from_slice(json).unwrap();
        assert_eq!(decoded.extra["color"], "red", "kept when not looking");
        assert_eq!(decoded.stats.unwrap().counters["visits"], 3);
    }

    #[test]
    fn a_body_the_type_describes_has_none() {
        let json = br#"{"id": "a", "owner": null, "items": [{"name": "x"}], "stats": {"n": 1}}"#;
        assert!(undocumented::<Open>(StatusCode::OK, json).is_empty());
        assert!(undocumented::<Value>(StatusCode::OK, json).is_empty());
    }
}
