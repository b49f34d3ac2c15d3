//! A schema file of the vendor's newest layout (`lib/schemas/<stem>.json`
//! beside `docs/`): one JSON Schema (draft-07) document. Its title is the
//! text of the links to it, as the `## Title` of the schema doc was in
//! older versions (only some files carry a `title` of their own), so a
//! schema has the same Rust name in either layout.

use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::ir::{Linked, Schema};
use crate::naming;
use crate::source::{Loc, SourceFile};

use super::schema_doc::warn_duplicate_keys;

/// The schema `file` holds, titled `linked` (the text of the first link to
/// it), else by its own `title`, else by the words of its name
/// (`advancedApplicationKeyQuery.json`: `Advanced Application Key Query`).
/// A file that is not JSON is an error at the place it stops being JSON.
pub fn parse(
    file: &SourceFile,
    linked: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Schema<Linked>> {
    let json: Value = match serde_json::from_str(&file.text) {
        Ok(json) => json,
        Err(error) => {
            let offset = file.line_start(error.line()) + error.column().saturating_sub(1);
            let offset = offset.min(file.text.len());
            diags.error(
                &file.loc(offset..offset),
                format!("the schema file `{}` is not valid JSON: {error}", file.name),
                "fix the JSON at the marked position",
            );
            return None;
        }
    };
    let text = |key: &str| json.get(key).and_then(Value::as_str).map(str::to_owned);
    let title = linked
        .map(str::to_owned)
        .or_else(|| text("title"))
        .unwrap_or_else(|| stem_words(&file.name));
    let schema = Schema {
        anchor: naming::anchor(&title),
        title,
        ident: (),
        description: text("description").unwrap_or_default(),
        loc: file.loc(0..0),
        json,
        block: file.loc(0..file.text.len()),
        example: None,
        example_block: Loc::default(),
        rust: (),
    };
    warn_duplicate_keys(file, &schema, &file.text, 0, diags);
    Some(schema)
}

/// The file's stem as words: `lib/schemas/advancedApplicationKeyQuery.json`
/// to `Advanced Application Key Query`.
pub fn stem_words(name: &str) -> String {
    let stem = stem(name);
    let mut words = String::new();
    for (i, c) in stem.chars().enumerate() {
        if i == 0 {
            words.extend(c.to_uppercase());
        } else if c.is_uppercase() {
            words.push(' ');
            words.push(c);
        } else if c == '_' || c == '-' {
            words.push(' ');
        } else {
            words.push(c);
        }
    }
    words
}

/// `lib/schemas/success.json` to `success`.
pub fn stem(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.strip_suffix(".json").unwrap_or(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(
        name: &str,
        text: &str,
        linked: Option<&str>,
    ) -> (Option<Schema<Linked>>, Diagnostics) {
        let file = SourceFile::new(name, name, text.to_owned());
        let mut diags = Diagnostics::default();
        (parse(&file, linked, &mut diags), diags)
    }

    #[test]
    fn a_file_is_titled_by_its_links_its_title_or_its_name() {
        let json = r#"{ "type": "object", "title": "Own", "description": "Things" }"#;
        let (schema, _) = parsed(
            "lib/schemas/appClone.json",
            json,
            Some("Application Clone Post"),
        );
        let schema = schema.unwrap();
        assert_eq!(
            (
                schema.title.as_str(),
                schema.anchor.as_str(),
                schema.description.as_str()
            ),
            ("Application Clone Post", "application-clone-post", "Things")
        );
        assert_eq!(
            parsed("lib/schemas/a.json", json, None).0.unwrap().title,
            "Own"
        );
        let untitled = parsed("lib/schemas/advancedApplicationKeyQuery.json", "{}", None)
            .0
            .unwrap();
        assert_eq!(untitled.title, "Advanced Application Key Query");
    }

    #[test]
    fn a_file_that_is_not_json_is_an_error_at_its_place() {
        let (schema, diags) = parsed("lib/schemas/x.json", "{\n  \"type\": object\n}", None);
        assert!(schema.is_none());
        let error = diags.iter().next().unwrap();
        assert_eq!(
            (error.loc.line, &*error.loc.file),
            (2, "lib/schemas/x.json")
        );
        assert!(
            error.message.contains("is not valid JSON"),
            "{}",
            error.message
        );
    }
}
