//! The table's reads and writes against what a body of code per struct
//! does, through each deserializer, and what it owns when reading fails.

use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::decode::Seen;
use crate::Nullable;

/// Counts the values alive, to show each is dropped once.
static ALIVE: AtomicIsize = AtomicIsize::new(0);

/// The tests that count run one at a time.
fn counting() -> MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A string that counts itself, and panics when it reads "panic".
#[derive(Debug, PartialEq)]
struct Counted(String);

impl Counted {
    fn new(text: &str) -> Self {
        ALIVE.fetch_add(1, Ordering::SeqCst);
        Counted(text.into())
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        ALIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Serialize for Counted {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Counted {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        assert!(text != "panic", "asked to");
        Ok(Counted::new(&text))
    }
}

#[derive(Debug, PartialEq)]
struct Device {
    id: String,
    name: Option<Counted>,
    tags: Option<Vec<Counted>>,
    parent: Nullable<Counted>,
    meta: Option<Value>,
    owner: Counted,
    extra: Map<String, Value>,
}
crate::json_struct!(Device {
    id: "id" required String,
    name: "name" optional Counted,
    tags: "tags" optional Vec<Counted>,
    parent: "parentId" nullable Counted,
    meta: "meta" optional_any Value,
    owner: "owner" required Counted,
} extra extra: Map<String, Value>);

#[derive(Debug, PartialEq, Default)]
struct Closed {
    name: Option<String>,
}
crate::json_struct!(Closed { name: "name" optional String });

#[derive(Debug, PartialEq, Default)]
struct Empty {}
crate::json_struct!(Empty {});

const FULL: &str = r#"{"owner":"o","id":"d1","name":"n","tags":["a","b"],"parentId":null,"meta":null,"more":[1,{"x":true}]}"#;

/// Each way serde_json reads: its deserializer of a slice (the codec's own
/// functions), of a `str`, of a `Value` and through `serde_path_to_error`
/// (a trait object).
fn read_every_way<T: serde::de::DeserializeOwned>(text: &str) -> [Result<T, String>; 4] {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    [
        serde_json::from_slice(text.as_bytes()).map_err(|e| e.to_string()),
        serde_json::from_str(text).map_err(|e| e.to_string()),
        serde_json::from_str::<Value>(text)
            .and_then(serde_json::from_value)
            .map_err(|e| e.to_string()),
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| e.inner().to_string()),
    ]
}

#[test]
fn every_deserializer_reads_the_same_struct() {
    let _one = counting();
    for device in read_every_way::<Device>(FULL) {
        let device = device.unwrap();
        assert_eq!(device.id, "d1");
        assert_eq!(device.name.as_ref().map(|n| n.0.as_str()), Some("n"));
        assert_eq!(device.tags.as_ref().map(Vec::len), Some(2));
        assert_eq!(device.parent, Nullable::Null);
        assert_eq!(device.meta, Some(Value::Null));
        assert_eq!(device.owner.0.as_str(), "o");
        assert_eq!(device.extra["more"], json!([1, {"x": true}]));
        // Written back in the table's order, then the kept properties, by
        // serde_json's serializer into a `Vec` (the codec's function) and by
        // any other (a trait object).
        let written = r#"{"id":"d1","name":"n","tags":["a","b"],"parentId":null,"meta":null,"owner":"o","more":[1,{"x":true}]}"#;
        assert_eq!(serde_json::to_string(&device).unwrap(), written);
        let pretty = serde_json::to_string_pretty(&device).unwrap();
        assert_eq!(pretty.split_whitespace().collect::<String>(), written);
        let value = serde_json::to_value(&device).unwrap();
        assert_eq!(value, serde_json::from_str::<Value>(written).unwrap());
    }
    assert_eq!(ALIVE.load(Ordering::SeqCst), 0);
}

#[test]
fn left_out_properties_take_their_kinds_values() {
    let _one = counting();
    for device in read_every_way::<Device>(r#"{"id":"d","owner":"o"}"#) {
        let device = device.unwrap();
        assert_eq!((device.name, device.tags), (None, None));
        assert_eq!((device.parent, device.meta), (Nullable::Absent, None));
        assert!(device.extra.is_empty());
    }
    for empty in read_every_way::<Empty>(r#"{"x":1}"#) {
        assert_eq!(empty.unwrap(), Empty {});
    }
    assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&Closed::default()).unwrap(), "{}");
}

#[test]
fn errors_are_the_same_whichever_deserializer_reads() {
    let _one = counting();
    let cases = [
        (r#"{"id":"d"}"#, "missing field `owner`"),
        (
            r#"{"id":7,"owner":"o"}"#,
            "invalid type: integer `7`, expected a string",
        ),
        (r#"[1]"#, "expected an object for `Device`"),
    ];
    for (text, expected) in cases {
        for error in read_every_way::<Device>(text) {
            let error = error.unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
    // serde_json's own errors keep their position.
    let error = serde_json::from_str::<Device>(r#"{"owner":"o","id":7}"#).unwrap_err();
    assert_eq!((error.line(), error.column()), (1, 19), "{error}");
    assert_eq!(ALIVE.load(Ordering::SeqCst), 0);
}

#[test]
fn a_property_given_twice_keeps_the_last_and_drops_the_first() {
    let _one = counting();
    let text = r#"{"id":"d","owner":"o1","name":"a","name":"b","owner":"o2"}"#;
    for device in read_every_way::<Device>(text) {
        let device = device.unwrap();
        assert_eq!(
            (device.name.unwrap().0.as_str(), device.owner.0.as_str()),
            ("b", "o2")
        );
    }
    assert_eq!(ALIVE.load(Ordering::SeqCst), 0);
}

#[test]
fn what_was_read_before_a_failure_or_a_panic_is_dropped_once() {
    let _one = counting();
    let failing = [
        r#"{"owner":"o","name":"n","tags":["a","b",3]}"#,
        r#"{"owner":"o","name":"n","more":1,"id":"d","tags":["a"],"meta":{},"parentId":"p","x":"#,
        r#"{"owner":"o","name":"n","tags":["a"]}"#,
    ];
    for text in failing {
        for result in read_every_way::<Device>(text) {
            assert!(result.is_err(), "{text}");
        }
    }
    let panics = std::panic::catch_unwind(|| {
        serde_json::from_str::<Device>(r#"{"owner":"o","tags":["a"],"name":"panic"}"#)
    });
    assert!(panics.is_err());
    assert_eq!(ALIVE.load(Ordering::SeqCst), 0);
}

#[test]
fn seen_fields_are_counted_past_128() {
    for fields in [0, 1, 127, 128, 129, 256, 300] {
        let mut seen = Seen::new(fields);
        for at in (0..fields).step_by(3) {
            seen.insert(at);
        }
        for at in 0..fields {
            assert_eq!(seen.contains(at), at % 3 == 0, "{at} of {fields}");
        }
        seen.clear();
        assert!((0..fields).all(|at| !seen.contains(at)));
    }
}
