//! The docs' examples as tests of the generated types: each schema's
//! `### Example` block, and each `Example` cell of a parameter typed by a
//! schema, is JSON the API's authors wrote for that type. Decoded into the
//! generated type and encoded again, it must come back as written (numbers
//! compared by value).
//!
//! [`check`] finds, when the crate is generated, the examples that cannot
//! (the docs contradicting their own schema, or not JSON at all) and warns
//! at their line; the emitter writes a test for each of the others
//! ([`round_tripping`]), so a docs change brings its tests along.

mod conform;

use std::borrow::Cow;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, Lint};
use crate::ir::{Action, Api, ArgType, Param, ParamType, Resource, Schema};
use crate::source::{Loc, Sources, json_pointer_span};
use crate::types::TypeRef;

/// One documented example and the type it is an example of.
pub struct Example<'a> {
    pub of: Of<'a>,
    pub ty: &'a TypeRef,
    /// The JSON a test decodes: the doc's block, or the cell's value.
    pub json: Cow<'a, str>,
}

/// Where an example is written.
pub enum Of<'a> {
    /// A schema's `### Example` block.
    Schema(&'a Schema),
    /// A parameter's `Example` cell.
    Param {
        resource: &'a Resource,
        action: &'a Action,
        param: &'a Param,
    },
}

impl Of<'_> {
    /// Where it stands in the docs.
    pub fn loc(&self) -> &Loc {
        match self {
            Of::Schema(schema) => &schema.example_block,
            Of::Param { param, .. } => &param.loc,
        }
    }

    /// What it is the example of, in words.
    pub fn describe(&self) -> String {
        match self {
            Of::Schema(schema) => format!("the example of schema `{}`", schema.title),
            Of::Param {
                resource,
                action,
                param,
            } => format!(
                "the example of parameter `{}` of `{}.{}`",
                param.name, resource.accessor, action.method
            ),
        }
    }

    /// The anchor of its schema: what a `[lints]` allow entry names.
    fn anchor(&self) -> Option<&str> {
        match self {
            Of::Schema(schema) => Some(&schema.anchor),
            Of::Param { param, .. } => match &param.ty {
                ParamType::Schema(link) => Some(&link.anchor),
                _ => None,
            },
        }
    }
}

/// Why an example is not a test.
enum Problem {
    NotJson(serde_json::Error),
    Mismatch(conform::Mismatch),
}

/// Every documented example, in doc order: the schemas', then the
/// parameters'.
fn all(api: &Api) -> impl Iterator<Item = (Example<'_>, Result<Value, serde_json::Error>)> {
    let schemas = api.schemas.iter().filter_map(|schema| {
        let text = schema.example.as_deref()?;
        let example = Example {
            of: Of::Schema(schema),
            ty: &schema.rust,
            json: Cow::Borrowed(text),
        };
        Some((example, serde_json::from_str(text)))
    });
    let params = api.resources.iter().flat_map(|resource| {
        resource.actions.iter().flat_map(move |action| {
            action.params.iter().filter_map(move |param| {
                let ArgType::Model(ty) = &param.arg else {
                    return None;
                };
                let cell = param
                    .columns
                    .iter()
                    .find(|(header, _)| header.eq_ignore_ascii_case("example"))
                    .map(|(_, cell)| cell.as_str())
                    .filter(|cell| !cell.trim().is_empty())?;
                // A cell that is not JSON is the text it holds, sent as a
                // string as a plain-string value is.
                let (json, value) = match serde_json::from_str(cell) {
                    Ok(value) => (Cow::Borrowed(cell), value),
                    Err(_) => {
                        let value = Value::String(cell.to_owned());
                        (Cow::Owned(value.to_string()), value)
                    }
                };
                let of = Of::Param {
                    resource,
                    action,
                    param,
                };
                Some((Example { of, ty, json }, Ok(value)))
            })
        })
    });
    schemas.chain(params)
}

/// Each example with what keeps it from being a test, if anything.
fn judged(api: &Api) -> impl Iterator<Item = (Example<'_>, Result<(), Problem>)> {
    let types = conform::Types::new(&api.types);
    all(api).map(move |(example, value)| {
        let verdict = match value {
            Err(error) => Err(Problem::NotJson(error)),
            Ok(value) => types
                .round_trips(&value, example.ty)
                .map_err(Problem::Mismatch),
        };
        (example, verdict)
    })
}

/// The examples that come back as written: each a test of the crate.
pub fn round_tripping(api: &Api) -> Vec<Example<'_>> {
    judged(api)
        .filter(|(_, verdict)| verdict.is_ok())
        .map(|(example, _)| example)
        .collect()
}

/// A warning at each example that does not come back as written through
/// its type, or is not JSON.
pub fn check(api: &Api, sources: &Sources, diags: &mut Diagnostics) {
    for (example, verdict) in judged(api) {
        let Err(problem) = verdict else { continue };
        let what = example.of.describe();
        let diagnostic = match problem {
            Problem::NotJson(error) => Diagnostic::warning(
                Lint::InvalidExample,
                &json_error_loc(example.of.loc(), &error, sources),
                format!("{what} is not JSON: {error}"),
            )
            .help("write the example as JSON; it is not a test of the generated crate until then"),
            Problem::Mismatch(mismatch) => {
                let place = if mismatch.pointer.is_empty() {
                    String::new()
                } else {
                    format!(" at `{}`", mismatch.pointer)
                };
                Diagnostic::warning(
                    Lint::ExampleMismatch,
                    &pointer_loc(&example, &mismatch.pointer, sources),
                    format!(
                        "{what} does not fit its type `{}`{place}: {}",
                        example.ty, mismatch.what
                    ),
                )
                .help("the example contradicts its schema: fix one of them; until then the example is not a test of the generated crate")
            }
        };
        let diagnostic = match example.of.anchor() {
            Some(anchor) => diagnostic.at_origin(anchor),
            None => diagnostic,
        };
        diags.push(diagnostic);
    }
}

/// Where in a schema's example block the value at `pointer` is written;
/// a parameter's row for a cell.
fn pointer_loc(example: &Example, pointer: &str, sources: &Sources) -> Loc {
    let block = example.of.loc();
    let Of::Schema(_) = example.of else {
        return block.clone();
    };
    let found = sources.get(&block.file).and_then(|file| {
        let text = file.text.get(block.span())?;
        let span = json_pointer_span(text, pointer)?;
        let start = block.offset as usize;
        Some(file.loc(start + span.start..start + span.end))
    });
    found.unwrap_or_else(|| block.clone())
}

/// Where in an example block serde_json stopped reading it.
fn json_error_loc(block: &Loc, error: &serde_json::Error, sources: &Sources) -> Loc {
    let Some(file) = sources.get(&block.file) else {
        return block.clone();
    };
    let line = block.line as usize + error.line().saturating_sub(1);
    let offset = (file.line_start(line) + error.column().saturating_sub(1)).clamp(
        block.offset as usize,
        block.span().end.max(block.offset as usize),
    );
    file.loc(offset..offset + 1)
}
