//! The values of the properties a response carries that its documented
//! type does not describe, kept in a struct's `extra` map as written, or
//! skipped when a `serde_json::Value` cannot hold them as written: never a
//! reason for the decode of the documented part to fail.
//!
//! While the client decodes a response body ([`reading`]), an undocumented
//! property's value is skipped by the decoder (which does so without
//! reading numbers or counting depth) and read again, by itself, from the
//! body: its name is read in place, so where it stands is known. A value
//! read by itself is as deep as it is, whatever the depth of the object
//! holding it; serde_json reads values up to 127 levels deep, and any
//! number, so the numbers are checked first: an integer must fit 64 bits
//! (`i64` or `u64`, as a `Value` holds it), and a number with a fraction or
//! an exponent must be a finite `f64` that is not `0` unless written as
//! zero. A value that fails either is skipped, and noted for the report.
//!
//! A name written with a JSON escape is not read in place, so its value
//! cannot be found in the body: it is read as a `Value` by the decoder, as
//! outside a response; should the decode then fail, it is decoded once
//! more with such values skipped (and noted).

use std::cell::RefCell;

use bytes::Bytes;
use serde_json::Value;

use crate::undocumented::string_end;

/// A decode of a response body in progress on this thread.
struct Reading {
    body: Bytes,
    /// Whether a value under a name with an escape is skipped, rather than
    /// read by the decoder.
    skip_escaped: bool,
    /// Whether the decoder read such a value.
    escaped_read: bool,
    skipped: Skipped,
}

/// The undocumented properties whose values were skipped.
#[derive(Debug, Default)]
pub(crate) struct Skipped {
    /// Where in the body each one's name starts.
    pub(crate) at: Vec<usize>,
    /// The names not read in place, by themselves.
    pub(crate) named: Vec<String>,
}

impl Skipped {
    pub(crate) fn is_empty(&self) -> bool {
        self.at.is_empty() && self.named.is_empty()
    }
}

thread_local! {
    static READING: RefCell<Option<Reading>> = const { RefCell::new(None) };
}

/// Runs `decode`, a decode of `body`, with undocumented values read from
/// `body`; returns its result, whether a value under a name with an escape
/// was read by the decoder (never, with `skip_escaped`), and the values
/// skipped.
pub(crate) fn reading<R>(
    body: &Bytes,
    skip_escaped: bool,
    decode: impl FnOnce() -> R,
) -> (R, bool, Skipped) {
    /// Puts back what a decode around this one had (none, unless a
    /// `Deserialize` of a user's decodes a response of its own), even if
    /// the decode panics.
    struct Restore(Option<Option<Reading>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(before) = self.0.take() {
                READING.with(|reading| *reading.borrow_mut() = before);
            }
        }
    }
    let now = Reading {
        body: body.clone(),
        skip_escaped,
        escaped_read: false,
        skipped: Skipped::default(),
    };
    let restore = Restore(Some(READING.with(|r| r.borrow_mut().replace(now))));
    let result = decode();
    let done = READING.with(|r| r.borrow_mut().take());
    drop(restore);
    match done {
        Some(done) => (result, done.escaped_read, done.skipped),
        None => (result, false, Skipped::default()),
    }
}

/// What to do with the value of the undocumented property `name`.
pub(crate) enum Undocumented {
    /// Let the decoder read it as a `Value`: no response body is being
    /// decoded, or the name was not read in place.
    Read,
    /// Skip it: the name was not read in place, and the decode skips such
    /// values (noted).
    Skip,
    /// Skip it in the decoder, then read it from `body`, where its name
    /// starts at `at`.
    At { body: Bytes, at: usize },
}

/// What to do with the value of the undocumented property `name`, a name
/// the decoder has just read.
pub(crate) fn undocumented(name: &str) -> Undocumented {
    READING.with(|reading| {
        let mut reading = reading.borrow_mut();
        let Some(reading) = reading.as_mut() else {
            return Undocumented::Read;
        };
        let start = reading.body.as_ptr() as usize;
        let address = name.as_ptr() as usize;
        if (start..start + reading.body.len()).contains(&address) {
            Undocumented::At {
                body: reading.body.clone(),
                at: address - start,
            }
        } else if reading.skip_escaped {
            reading.skipped.named.push(name.to_owned());
            Undocumented::Skip
        } else {
            reading.escaped_read = true;
            Undocumented::Read
        }
    })
}

/// The value of the property whose name starts at `at` in `body`, if a
/// `Value` holds it as written; else `None`, and the property is noted as
/// skipped.
pub(crate) fn value_at(body: &[u8], at: usize) -> Option<Value> {
    let value = value_after_name(body, at);
    if value.is_none() {
        READING.with(|reading| {
            if let Some(reading) = reading.borrow_mut().as_mut() {
                reading.skipped.at.push(at);
            }
        });
    }
    value
}

/// The value of the property whose name starts at `at`, read by itself.
fn value_after_name(json: &[u8], at: usize) -> Option<Value> {
    let colon = skip_space(json, string_end(json, at) + 1);
    if json.get(colon) != Some(&b':') {
        return None;
    }
    let start = skip_space(json, colon + 1);
    let end = value_end(json, start)?;
    serde_json::from_slice(json.get(start..end)?).ok()
}

fn skip_space(json: &[u8], mut i: usize) -> usize {
    while matches!(json.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Where the JSON value starting at `start` ends, or `None` when it holds
/// a number a `Value` does not hold as written.
fn value_end(json: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    loop {
        match *json.get(i)? {
            b'"' => i = string_end(json, i + 1) + 1,
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = json[i..]
                    .iter()
                    .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .map_or(json.len(), |n| i + n);
                if !holds_as_written(&json[i..end]) {
                    return None;
                }
                i = end;
            }
            b'a'..=b'z' => {
                while json.get(i).is_some_and(u8::is_ascii_lowercase) {
                    i += 1;
                }
            }
            _ => i += 1,
        }
        if depth == 0 {
            return Some(i);
        }
    }
}

/// Whether a `Value` holds the JSON number `token` as written: an integer
/// exactly (it fits `i64` or `u64`), a number with a fraction or exponent
/// as the nearest `f64` when that is finite, and not `0` for a number
/// written with a digit other than `0`.
fn holds_as_written(token: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(token) else {
        return false;
    };
    if !token.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return match text.strip_prefix('-') {
            Some(_) => text.parse::<i64>().is_ok(),
            None => text.parse::<u64>().is_ok(),
        };
    }
    let zero = || {
        token
            .iter()
            .take_while(|b| !matches!(b, b'e' | b'E'))
            .all(|b| matches!(b, b'0' | b'-' | b'.'))
    };
    text.parse::<f64>()
        .is_ok_and(|n| n.is_finite() && (n != 0.0 || zero()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The value of `"v"` in `json`.
    fn value(json: &str) -> Option<Value> {
        let at = json.find("\"v\"").unwrap() + 1;
        value_after_name(json.as_bytes(), at)
    }

    #[test]
    fn a_value_is_read_by_itself_from_after_its_name() {
        assert_eq!(value(r#"{"v":1}"#), Some(json!(1)));
        assert_eq!(
            value(r#"{"v" :  {"a": "]}\"", "b": [true, null, -2.5e3]} , "w": 2}"#),
            Some(json!({"a": "]}\"", "b": [true, null, -2500.0]}))
        );
        assert_eq!(value(r#"{"v":"x\"y", "w": 2}"#), Some(json!("x\"y")));
        assert_eq!(value(r#"{"v":false}"#), Some(json!(false)));
        assert_eq!(value(r#"{"v":null ,"w":1}"#), Some(Value::Null));
        // Cut short, or not JSON: nothing, and never a panic.
        for broken in [
            r#"{"v""#,
            r#"{"v":"#,
            r#"{"v":"abc"#,
            r#"{"v":[1,"#,
            r#"{"v" 1}"#,
        ] {
            assert_eq!(value(broken), None, "{broken}");
        }
    }

    #[test]
    fn numbers_are_kept_only_as_written() {
        for kept in [
            "0",
            "-0",
            "18446744073709551615",
            "-9223372036854775808",
            "0.1",
            "1.5e300",
            "0e-400",
            "-0.0E+5",
            "4.9e-324",
        ] {
            assert!(holds_as_written(kept.as_bytes()), "{kept}");
        }
        for skipped in [
            "18446744073709551616",
            "-9223372036854775809",
            "100000000000000000000000000000",
            "1e400",
            "-1.0E309",
            "1e-400",
            "0.1e-400",
        ] {
            assert!(!holds_as_written(skipped.as_bytes()), "{skipped}");
        }
        assert_eq!(value(r#"{"v": [1, 2, 1e999]}"#), None);
    }

    #[test]
    fn a_value_is_as_deep_as_it_is_up_to_serde_jsons_limit() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let kept = format!(r#"{{"v": {}}}"#, nested(127));
        assert_eq!(
            serde_json::to_string(&value(&kept).unwrap()).unwrap(),
            nested(127)
        );
        assert_eq!(value(&format!(r#"{{"v": {}}}"#, nested(128))), None);
    }

    #[test]
    fn a_reading_notes_and_restores() {
        let body = Bytes::from_static(br#"{"v": 1e400, "w": 1}"#);
        let ((), escaped, skipped) = reading(&body, true, || {
            let at = 2;
            let name = std::str::from_utf8(&body[at..at + 1]).unwrap();
            let Undocumented::At { at, .. } = undocumented(name) else {
                panic!("a name in the body is read in place");
            };
            assert_eq!(value_at(&body, at), None);
            assert!(matches!(undocumented("elsewhere"), Undocumented::Skip));
        });
        assert!(!escaped);
        assert_eq!(
            (skipped.at, skipped.named),
            (vec![2], vec!["elsewhere".to_owned()])
        );
        // Outside a reading: read by the decoder, nothing noted.
        assert!(matches!(undocumented("v"), Undocumented::Read));
        assert!(READING.with(|r| r.borrow().is_none()));
    }
}
