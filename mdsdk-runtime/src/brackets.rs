//! Query values flattened with brackets, as the official clients of the
//! Markdown docs family send object- and array-valued query parameters:
//! `tagFilter[0][key]=k&tagFilter[0][value]=v`, nested to any depth.
//!
//! The value is written as JSON, then read back pair by pair, so the
//! pairs come in the order the value serializes (a struct's fields in
//! their declared order) without a map that would sort them.

use std::fmt;

use serde::Serialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The `(name, text)` pairs of `value` under `name`, in order: an object's
/// properties as `name[key]`, an array's items as `name[index]`, each
/// flattened in turn; a string as itself, a number or boolean as its text.
/// An empty object or array, and `null`, send nothing.
pub(crate) fn flatten<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    let json = serde_json::to_vec(value)?;
    let mut out = Vec::new();
    let mut reader = serde_json::Deserializer::from_slice(&json);
    Flatten {
        name: name.to_owned(),
        out: &mut out,
    }
    .deserialize(&mut reader)?;
    reader.end()?;
    Ok(out)
}

/// Reads one JSON value, writing its pairs under `name`.
struct Flatten<'a> {
    name: String,
    out: &'a mut Vec<(String, String)>,
}

impl Flatten<'_> {
    fn push(self, text: String) {
        self.out.push((self.name, text));
    }
}

impl<'de> DeserializeSeed<'de> for Flatten<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Flatten<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.push(v.to_string());
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.push(v.to_string());
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.push(v.to_string());
        Ok(())
    }

    /// `10`, not `10.0`, for a whole number: as a `number` parameter sends it.
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.push(v.to_string());
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.push(v.to_owned());
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let item = Flatten {
                name: format!("{}[{index}]", self.name),
                out: &mut *self.out,
            };
            if items.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut properties: A) -> Result<(), A::Error> {
        while let Some(key) = properties.next_key::<String>()? {
            properties.next_value_seed(Flatten {
                name: format!("{}[{key}]", self.name),
                out: &mut *self.out,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn pairs(value: &impl serde::Serialize) -> Vec<(String, String)> {
        super::flatten("p", value).unwrap()
    }

    fn expected(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn objects_and_arrays_flatten_to_any_depth() {
        assert_eq!(
            pairs(&json!([{"key": "floor", "value": "8"}, {"key": "room"}])),
            expected(&[
                ("p[0][key]", "floor"),
                ("p[0][value]", "8"),
                ("p[1][key]", "room")
            ])
        );
        assert_eq!(
            pairs(&json!({"a": {"b": {"c": [1, {"d": true}]}}})),
            expected(&[("p[a][b][c][0]", "1"), ("p[a][b][c][1][d]", "true")])
        );
        // Escaped keys and values are read back as written.
        assert_eq!(
            pairs(&json!({"a\"b": "c\\d"})),
            expected(&[("p[a\"b]", "c\\d")])
        );
    }

    #[test]
    fn a_structs_fields_keep_their_order() {
        #[derive(serde::Serialize)]
        struct Filter {
            value: &'static str,
            key: &'static str,
        }
        assert_eq!(
            pairs(&[Filter {
                value: "8",
                key: "floor"
            }]),
            expected(&[("p[0][value]", "8"), ("p[0][key]", "floor")])
        );
    }

    #[test]
    fn scalars_go_as_themselves_and_empty_values_as_nothing() {
        assert_eq!(pairs(&json!("as is")), expected(&[("p", "as is")]));
        assert_eq!(pairs(&10.0), expected(&[("p", "10")]));
        assert_eq!(pairs(&2.5), expected(&[("p", "2.5")]));
        assert_eq!(pairs(&-3), expected(&[("p", "-3")]));
        assert_eq!(pairs(&u64::MAX), expected(&[("p", "18446744073709551615")]));
        assert_eq!(pairs(&false), expected(&[("p", "false")]));
        let empty: [Value; 4] = [
            json!({}),
            json!([]),
            json!(null),
            json!({"a": [], "b": {}, "c": null}),
        ];
        for value in empty {
            assert_eq!(pairs(&value), expected(&[]), "{value}");
        }
        assert_eq!(
            pairs(&json!({"a": [], "b": ""})),
            expected(&[("p[b]", "")]),
            "an empty string is a value"
        );
    }
}
