//! The schema doc (`_schemas.md`): a `## Title` section per schema with a
//! description and a fenced JSON Schema block (or `### Schema` and
//! `### Example` sub-sections holding one each).

use crate::diagnostic::{Diagnostic, Diagnostics, Lint};
use crate::ir::{Linked, Schema};
use crate::markdown::{self, Block};
use crate::naming;
use crate::source::{self, Loc, SourceFile};

/// Which code block a sub-section holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Schema,
    Example,
    Other,
}

pub fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Vec<Schema<Linked>> {
    let mut schemas: Vec<Schema<Linked>> = Vec::new();
    // Whether the current section has its schema yet.
    let mut has_json = true;
    let mut part = Part::Schema;
    let mut pending_anchor: Option<String> = None;
    // Whether the current section has read anything but its heading.
    let mut started = true;
    let mut explicit_anchor = true;

    for block in markdown::blocks(&file.text) {
        if !matches!(block, Block::Html { .. } | Block::Heading { level: 2, .. }) {
            started = true;
        }
        match block {
            // `<a name>` right under a heading names that section; one
            // further down names the next.
            Block::Html {
                anchor: Some(anchor),
                ..
            } => match schemas.last_mut() {
                Some(schema) if !started && !explicit_anchor => {
                    schema.anchor = anchor;
                    explicit_anchor = true;
                }
                _ => pending_anchor = Some(anchor),
            },
            Block::Html { .. } => {}
            Block::Heading {
                level: 2,
                text,
                anchor,
            } => {
                let anchor = anchor.or(pending_anchor.take());
                explicit_anchor = anchor.is_some();
                started = false;
                let anchor = anchor.unwrap_or_else(|| naming::anchor(&text.text));
                schemas.push(Schema {
                    title: text.text.clone(),
                    ident: (),
                    anchor,
                    description: String::new(),
                    loc: file.loc(text.span.clone()),
                    json: serde_json::Value::Null,
                    block: Loc::default(),
                    example: None,
                    example_block: Loc::default(),
                    rust: (),
                });
                has_json = false;
                part = Part::Schema;
            }
            Block::Heading {
                level: 3.., text, ..
            } if !schemas.is_empty() => {
                part = match text.text.to_ascii_lowercase().as_str() {
                    "schema" => Part::Schema,
                    "example" => Part::Example,
                    _ => Part::Other,
                };
            }
            Block::Heading { .. } => pending_anchor = None,
            Block::Paragraph(text) => {
                if let Some(schema) = schemas.last_mut() {
                    if !has_json && schema.description.is_empty() {
                        schema.description = text.text.clone();
                    }
                }
            }
            Block::Code {
                lang,
                text,
                content_start,
                span,
            } => {
                let Some(schema) = schemas.last_mut() else {
                    continue;
                };
                if part == Part::Example {
                    if schema.example.is_none() {
                        schema.example_block = file.loc(content_start..content_start + text.len());
                        schema.example = Some(text);
                    }
                    continue;
                }
                if part != Part::Schema || has_json {
                    continue;
                }
                if !matches!(lang.as_str(), "json" | "javascript" | "js" | "") {
                    diags.warning(
                        Lint::NonJsonBlock,
                        &file.loc(span.clone()),
                        format!("a `{lang}` code block is not read as a schema"),
                        "tag the schema's block `json`",
                    );
                    continue;
                }
                has_json = true;
                match serde_json::from_str(&text) {
                    Ok(json) => {
                        schema.json = json;
                        schema.block = file.loc(content_start..content_start + text.len());
                        warn_duplicate_keys(file, schema, &text, content_start, diags);
                    }
                    Err(error) => {
                        // Reported here; the block is there.
                        schema.block = file.loc(content_start..content_start + text.len());
                        let line_start = file.line_col(content_start).0 as usize + error.line() - 1;
                        let offset = (file.line_start(line_start)
                            + error.column().saturating_sub(1))
                        .min(span.end);
                        diags.error(
                            &file.loc(offset..offset + 1),
                            format!("the schema `{}` is not valid JSON: {error}", schema.title),
                            "fix the JSON at the marked position",
                        );
                    }
                }
            }
            Block::Table { .. } | Block::List { .. } => {}
        }
    }
    schemas
}

/// A warning at each key that repeats one of its object (serde_json reads
/// the last, silently).
pub(super) fn warn_duplicate_keys(
    file: &SourceFile,
    schema: &Schema<Linked>,
    text: &str,
    content_start: usize,
    diags: &mut Diagnostics,
) {
    for (key, span) in source::duplicate_keys(text) {
        diags.push(
            Diagnostic::warning(
                Lint::DuplicateKey,
                &file.loc(content_start + span.start..content_start + span.end),
                format!(
                    "`{key}` is written twice in one object of the schema `{}`: this one is read, the one before is ignored",
                    schema.title
                ),
            )
            .help("remove one of the two (JSON parsers disagree on which one wins)")
            .at_origin(schema.anchor.clone()),
        );
    }
}

/// Reports a schema the schema doc titles but no JSON Schema block (in the
/// doc, or in a schema file of the same anchor) defines.
pub fn require_json(schema: &Schema<Linked>, diags: &mut Diagnostics) -> bool {
    let has_json = !schema.block.file.is_empty();
    if !has_json {
        diags.error(
            &schema.loc,
            format!("schema `{}` has no JSON Schema block", schema.title),
            "add a ```json fenced block with the schema under its heading (or a schema file it is linked as)",
        );
    }
    has_json
}
