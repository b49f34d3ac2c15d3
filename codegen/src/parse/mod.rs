//! Markdown docs and the overlay to parsed documents, with locations.
//!
//! Each parser reads one file and reports what it cannot read as
//! diagnostics; none of them panics or gives up at the first problem.

pub mod action_doc;
mod meta;
pub mod overlay;
pub mod query_style;
pub mod schema_doc;
pub mod schema_file;
pub mod stream;
mod table;
mod text_or_table;

pub use text_or_table::nearest;
pub mod values;

use crate::ir::{LinkText, Scalar};
use crate::markdown::Inline;
use crate::source::SourceFile;

/// A `[Title](_schemas.md#anchor)` link in a cell, if the cell holds one,
/// or a `[Title](../lib/schemas/title.json)` link to a schema file.
fn schema_link(file: &SourceFile, cell: &Inline) -> Option<LinkText> {
    let link = cell.link.as_ref()?;
    let (path, anchor) = link.dest.split_once('#').unwrap_or((&link.dest, ""));
    let json = path
        .ends_with(".json")
        .then(|| relative_to(&file.name, path));
    Some(LinkText {
        title: link.text.trim().to_owned(),
        anchor: anchor.to_owned(),
        loc: file.loc(link.span.clone()),
        file: json,
    })
}

/// The path a link `dest` written in the file `from` (both relative to the
/// spec directory, `/`-separated) leads to: `docs/org.md` and
/// `../lib/schemas/x.json` give `lib/schemas/x.json`. `Err(dest)` when it
/// leads outside the spec directory (or is absolute): nothing there is
/// read.
pub fn relative_to(from: &str, dest: &str) -> Result<String, String> {
    if dest.starts_with('/') || dest.contains('\\') || dest.contains(':') {
        return Err(dest.to_owned());
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for step in dest.split('/') {
        match step {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(dest.to_owned());
                }
            }
            step => parts.push(step),
        }
    }
    Ok(parts.join("/"))
}

/// Whether a cell is a link into the schema doc (`[Application Clone Post
/// Schema Example](_schemas.md#application-clone-post-schema-example)`):
/// an Example cell that points at the schema's example rather than
/// holding one.
fn links_into_schema_doc(cell: &Inline) -> bool {
    cell.link
        .as_ref()
        .is_some_and(|link| link.dest.contains(".md#") || link.dest.starts_with('#'))
}

/// A Default cell: `100` is a number, `true` a boolean, anything else text.
pub fn scalar(text: &str) -> Scalar {
    match text {
        "true" => Scalar::Bool(true),
        "false" => Scalar::Bool(false),
        _ => match serde_json::from_str::<serde_json::Number>(text) {
            Ok(n) => Scalar::Number(n),
            Err(_) => Scalar::String(text.to_owned()),
        },
    }
}
