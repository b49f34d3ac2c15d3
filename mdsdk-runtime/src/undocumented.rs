//! Drift between the docs and the live API: properties a response carries
//! that its documented type does not describe. A struct keeps them (its
//! `extra` map) or skips them (a schema that allows no others), so
//! decoding never fails on them; with the client's
//! [`report_undocumented`](crate::ClientBuilder::report_undocumented)
//! setting, a `tracing` event names the action and their paths.
//!
//! A value is kept as written, or not at all: one a `serde_json::Value`
//! cannot hold as written (nested more than 127 levels deep, an integer
//! wider than 64 bits, a number beyond `f64`'s range) is skipped, in a
//! map that keeps the others, and another event names it, whatever the
//! setting (`kept.rs`).
//!
//! Finding them costs no code per type: while the client looks, each
//! struct notes the properties it does not describe ([`note`], called by
//! `json_struct!`) by where the name stands in the body (the decoder reads
//! names in place), and one scan of the body turns those places into
//! paths. The decode that looks is the same one that reads responses, so
//! the types are not compiled for another deserializer.
//!
//! Known limits: inside a union (`oneOf`), a form tried before the one
//! that matches may note a property the matching form describes, which is
//! then reported too, and the union's value is read whole before its forms
//! are tried, so a value serde_json cannot read at all (a number beyond
//! `f64`'s range, nesting past 127 levels) fails it as before; a property
//! name written with a JSON escape is reported by its name alone, without
//! the path to it, and its value is read as serde_json reads it (an
//! integer wider than 64 bits as an `f64`), unless it fails the decode,
//! which is then made once more with such values skipped.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ops::Range;

use crate::kept::Skipped;

/// The `tracing` target of the event, to turn it on or off by itself.
pub(crate) const TARGET: &str = "mdsdk_runtime::undocumented";

/// The most paths one event lists; it says how many there were.
const MAX_LISTED: usize = 32;

/// What a decode that looks for undocumented properties has noted.
struct Looking {
    /// The addresses of the body.
    body: Range<usize>,
    /// Where in the body each property's name starts.
    at: Vec<usize>,
    /// The names not read in place (they hold an escape), by themselves.
    named: Vec<String>,
}

thread_local! {
    /// Set while a decode on this thread looks for undocumented properties.
    static LOOKING: RefCell<Option<Looking>> = const { RefCell::new(None) };
}

/// Notes a property that the struct being read does not describe, when a
/// decode on this thread is looking for them.
pub(crate) fn note(key: &str) {
    LOOKING.with(|looking| {
        if let Some(looking) = looking.borrow_mut().as_mut() {
            let address = key.as_ptr() as usize;
            if looking.body.contains(&address) {
                looking.at.push(address - looking.body.start);
            } else {
                looking.named.push(key.to_owned());
            }
        }
    });
}

/// Whether a subscriber wants the event, and so whether the decode of a
/// response should look for undocumented properties.
pub(crate) fn wanted() -> bool {
    tracing::enabled!(target: TARGET, tracing::Level::WARN)
}

/// The paths of the properties of `json` that `decode` (the decode of
/// `json` into the response's type) finds undocumented, each once:
/// `items[].owner.team` for `{"items": [{"owner": {"team": …}}]}`.
pub(crate) fn undocumented(json: &[u8], decode: &mut dyn FnMut()) -> BTreeSet<String> {
    struct Stop;
    impl Drop for Stop {
        fn drop(&mut self) {
            LOOKING.with(|looking| looking.borrow_mut().take());
        }
    }
    let start = json.as_ptr() as usize;
    let looking = Looking {
        body: start..start + json.len(),
        at: Vec::new(),
        named: Vec::new(),
    };
    LOOKING.with(|l| *l.borrow_mut() = Some(looking));
    let stop = Stop;
    decode();
    let noted = LOOKING.with(|l| l.borrow_mut().take());
    drop(stop);
    let Some(noted) = noted else {
        return BTreeSet::new();
    };
    let at: BTreeSet<usize> = noted.at.into_iter().collect();
    let mut found = paths_of_names(json, &at);
    found.extend(noted.named);
    found
}

/// Emits the event for the undocumented properties `found` in a response
/// of `action`, if any.
pub(crate) fn report(action: &str, found: &BTreeSet<String>) {
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

/// Emits the event for the undocumented properties of a response of
/// `action` whose values were skipped, `skipped` (see `kept.rs`), if any
/// and if a subscriber wants it.
pub(crate) fn report_skipped(action: &str, json: &[u8], skipped: &Skipped) {
    if skipped.is_empty() || !wanted() {
        return;
    }
    let at: BTreeSet<usize> = skipped.at.iter().copied().collect();
    let mut found = paths_of_names(json, &at);
    found.extend(skipped.named.iter().cloned());
    let listed: Vec<&str> = found.iter().take(MAX_LISTED).map(String::as_str).collect();
    tracing::warn!(
        target: TARGET,
        action,
        count = found.len(),
        properties = %listed.join(", "),
        "the response has undocumented properties whose values could not be kept as written and were skipped"
    );
}

/// A container of the JSON being scanned.
enum Frame {
    /// An object, with where its current property's name stands.
    Object(Option<Range<usize>>),
    Array,
}

/// The path of each property whose name starts at an offset in `at`: one
/// scan of `json`, properties by name and the items of a list as `[]`.
pub(crate) fn paths_of_names(json: &[u8], at: &BTreeSet<usize>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_name = false;
    let mut i = 0;
    while let Some(&byte) = json.get(i) {
        match byte {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_name = true;
            }
            b'[' => {
                stack.push(Frame::Array);
                expect_name = false;
            }
            b'}' | b']' => {
                stack.pop();
                expect_name = false;
            }
            b',' => expect_name = matches!(stack.last(), Some(Frame::Object(_))),
            b':' => expect_name = false,
            b'"' => {
                let end = string_end(json, i + 1);
                if expect_name {
                    if let Some(Frame::Object(name)) = stack.last_mut() {
                        *name = Some(i..end + 1);
                    }
                    if at.contains(&(i + 1)) {
                        found.insert(path(json, &stack));
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Where the string whose content starts at `from` ends: its closing quote.
pub(crate) fn string_end(json: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&byte) = json.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    json.len()
}

/// `a.b[].c` for the frames of the scan.
fn path(json: &[u8], stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Array => out.push_str("[]"),
            Frame::Object(Some(name)) => {
                let name: String = serde_json::from_slice(&json[name.clone()]).unwrap_or_default();
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&name);
            }
            Frame::Object(None) => {}
        }
    }
    out
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

    fn found<T: serde::de::DeserializeOwned>(json: &[u8]) -> Vec<String> {
        let mut decode = || {
            serde_json::from_slice::<T>(json).unwrap();
        };
        undocumented(json, &mut decode).into_iter().collect()
    }

    #[test]
    fn every_property_a_type_does_not_describe_is_named_once() {
        let json = br#"{
            "id": "a", "color": "red", "stats": {"visits": 3},
            "owner": {"name": "n", "team": {"id": 1, "x\"y": [{"z": 1}]}},
            "items": [{"name": "x", "deep": [1, {"name": 2}]}, {"deep": []}, {"other": null}],
            "sp\u0061ce": 1
        }"#;
        assert_eq!(
            found::<Open>(json),
            [
                "color",
                "items[].deep",
                "items[].other",
                "owner.team",
                "space"
            ]
        );
        // Not looking: nothing noted, and the properties kept.
        note("color");
        assert!(LOOKING.with(|l| l.borrow().is_none()));
        let decoded: Open = serde_json::from_slice(json).unwrap();
        assert_eq!(decoded.extra["color"], "red");
        assert_eq!(decoded.stats.unwrap().counters["visits"], 3);
    }

    #[test]
    fn a_body_the_type_describes_has_none() {
        let json = br#"{"id": "a", "owner": null, "items": [{"name": "x"}], "stats": {"n": 1}}"#;
        assert!(found::<Open>(json).is_empty());
        assert!(found::<Value>(json).is_empty());
    }

    #[test]
    fn names_are_found_at_any_depth_of_lists_and_objects() {
        let json = br#"[{"a": [[{"b": {"c": 1}}]], "d": "}\"]"}, {"e": 2}]"#;
        let at: BTreeSet<usize> = [b"\"c\"".as_slice(), b"\"e\"".as_slice()]
            .iter()
            .map(|name| json.windows(3).position(|w| w == *name).unwrap() + 1)
            .collect();
        let paths: Vec<String> = paths_of_names(json, &at).into_iter().collect();
        assert_eq!(paths, ["[].a[][].b.c", "[].e"]);
    }
}
