//! Markdown docs and the overlay to parsed documents, with locations.
//!
//! Each parser reads one file and reports what it cannot read as
//! diagnostics; none of them panics or gives up at the first problem.

pub mod action_doc;
mod meta;
pub mod overlay;
pub mod query_style;
pub mod schema_doc;
mod table;
mod text_or_table;
pub mod values;

use crate::ir::{LinkText, Scalar};
use crate::markdown::Inline;
use crate::source::SourceFile;

/// A `[Title](_schemas.md#anchor)` link in a cell, if the cell holds one.
fn schema_link(file: &SourceFile, cell: &Inline) -> Option<LinkText> {
    let link = cell.link.as_ref()?;
    let anchor = link.dest.rsplit_once('#').map_or("", |(_, a)| a);
    Some(LinkText {
        title: link.text.trim().to_owned(),
        anchor: anchor.to_owned(),
        loc: file.loc(link.span.clone()),
    })
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
