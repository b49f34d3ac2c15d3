//! A documented example as a test of the type generated for it: decoded,
//! encoded again, and compared with what the docs wrote.

use std::any::type_name;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `json` as `T`, encodes the value again and compares the two as
/// JSON values, numbers by value (`2` and `2.0` are one number); panics
/// naming the first place where they differ, or where decoding failed.
///
/// A generated crate's `tests/examples.rs` calls it on each example of its
/// docs, so a type that would lose or change what the docs show (a `null`,
/// a property) fails a test. It serves hand-written JSON fixtures as well:
///
/// ```
/// use std::collections::BTreeMap;
///
/// // `21` is read as `21.0` and written as `21.0`: the same number.
/// mdsdk_runtime::assert_round_trip::<BTreeMap<String, f64>>(r#"{"celsius": 21}"#);
/// ```
#[track_caller]
pub fn assert_round_trip<T: Serialize + DeserializeOwned>(json: &str) {
    let written: Value = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(e) => panic!("the example is not JSON: {e}"),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(json.as_bytes());
    let decoded: T = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(decoded) => decoded,
        Err(e) => panic!(
            "the example does not decode as `{}` at `{}`: {}",
            type_name::<T>(),
            e.path(),
            e.inner()
        ),
    };
    let again = match serde_json::to_value(&decoded) {
        Ok(value) => value,
        Err(e) => panic!("`{}` does not encode again: {e}", type_name::<T>()),
    };
    if let Some(difference) = first_difference(&written, &again, &mut String::new()) {
        panic!(
            "the example does not come back as written through `{}`: {difference}",
            type_name::<T>()
        );
    }
}

/// Where `written` and `again` first differ, and how.
fn first_difference(written: &Value, again: &Value, at: &mut String) -> Option<String> {
    let place = |at: &str| {
        if at.is_empty() {
            "/".to_owned()
        } else {
            at.to_owned()
        }
    };
    match (written, again) {
        (Value::Number(a), Value::Number(b)) => (!same_number(a, b))
            .then(|| format!("at `{}` the docs write {a}, the type {b}", place(at))),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (a, b))| within(at, &i.to_string(), |at| first_difference(a, b, at))),
        (Value::Object(a), Value::Object(b)) => {
            let lost = a.keys().find(|k| !b.contains_key(*k));
            let added = b.keys().find(|k| !a.contains_key(*k));
            if let Some(key) = lost {
                return Some(format!("`{key}` at `{}` is lost", place(at)));
            }
            if let Some(key) = added {
                return Some(format!("`{key}` at `{}` is added", place(at)));
            }
            a.iter()
                .find_map(|(key, value)| within(at, key, |at| first_difference(value, &b[key], at)))
        }
        (a, b) => (a != b).then(|| format!("at `{}` the docs write {a}, the type {b}", place(at))),
    }
}

/// `check` with `step` added to the JSON pointer `at`.
fn within(
    at: &mut String,
    step: &str,
    check: impl FnOnce(&mut String) -> Option<String>,
) -> Option<String> {
    let len = at.len();
    at.push('/');
    at.push_str(&step.replace('~', "~0").replace('/', "~1"));
    let found = check(at);
    at.truncate(len);
    found
}

/// Two JSON numbers as one value: integers exactly (an integer against a
/// whole `f64`, as the integer it is), others as `f64`.
fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    let integer =
        |n: &serde_json::Number| n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
    match (integer(a), integer(b)) {
        (Some(a), Some(b)) => a == b,
        (Some(i), None) => same_integer(i, b.as_f64()),
        (None, Some(i)) => same_integer(i, a.as_f64()),
        (None, None) => a.as_f64() == b.as_f64(),
    }
}

/// Whether `f` is exactly the integer `i`: `9007199254740993` is not
/// `9007199254740992.0`, the `f64` it is read as.
fn same_integer(i: i128, f: Option<f64>) -> bool {
    f.is_some_and(|f| f.fract() == 0.0 && f as i128 == i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Nullable;

    #[derive(Debug, Default)]
    struct Patch {
        note: Option<String>,
        parent: Nullable<String>,
        size: Option<f64>,
    }
    crate::json_struct!(Patch {
        note: "note" optional String,
        parent: "parent" nullable String,
        size: "size" optional f64,
    });

    fn failure(json: &str) -> String {
        let panic = std::panic::catch_unwind(|| assert_round_trip::<Patch>(json)).unwrap_err();
        panic.downcast_ref::<String>().cloned().unwrap_or_default()
    }

    #[test]
    fn numbers_compare_by_value_and_null_is_kept() {
        assert_round_trip::<Patch>(r#"{"note": "n", "parent": null, "size": 2}"#);
        assert_round_trip::<Patch>(r#"{"size": 2.5}"#);
        assert_round_trip::<Vec<i64>>("[1, -2, 9007199254740993]");
    }

    #[test]
    fn a_difference_or_a_failure_is_named_with_its_place() {
        assert!(failure(r#"{"note": null}"#).contains("`note` at `/` is lost"));
        assert!(failure(r#"{"size": "big"}"#).contains("does not decode as"));
        assert!(failure(r#"{"size": "big"}"#).contains("at `size`"));
        assert!(failure("{").contains("not JSON"));
        assert!(
            std::panic::catch_unwind(|| assert_round_trip::<Vec<u8>>("[1, 2.5]")).is_err(),
            "a number the type cannot hold"
        );
        let changed = std::panic::catch_unwind(|| assert_round_trip::<Vec<f32>>("[0.1]"))
            .unwrap_err()
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(changed.contains("at `/0` the docs write 0.1"), "{changed}");
        // 2^53 + 1 comes back from an `f64` as 2^53: not the same integer.
        let rounded =
            std::panic::catch_unwind(|| assert_round_trip::<Vec<f64>>("[9007199254740993]"));
        assert!(rounded.is_err(), "an integer an f64 rounds");
        assert_round_trip::<Vec<f64>>("[9007199254740992, 3, 1e300]");
    }
}
