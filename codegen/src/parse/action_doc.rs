//! An action doc (`org.md`): the resource heading, the Contents list, and one
//! section per action with its description, example call, parameter table and
//! response tables.

use crate::diagnostic::{Diagnostics, Lint};
use crate::ir::{Auth, LinkText, ParamType, Scalar, ValueKind};
use crate::markdown::{self, Block, Inline};
use crate::naming;
use crate::source::{Loc, SourceFile};

use super::table::{Columns, cell, row_shape_problem, written_cells};
use super::{links_into_schema_doc, scalar, schema_link, values};

/// What an action doc says, before the overlay adds routes.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceDoc {
    /// `Org`, from `# Org Actions`.
    pub name: String,
    pub description: String,
    pub loc: Loc,
    pub contents: Option<Vec<ContentsEntry>>,
    pub actions: Vec<ActionDoc>,
}

/// An item of the `##### Contents` list: `[Invite Member](#invite-member)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsEntry {
    pub text: String,
    pub anchor: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionDoc {
    pub heading: String,
    pub anchor: String,
    pub loc: Loc,
    pub description: String,
    pub example: Option<ExampleCall>,
    /// Parameters in table order.
    pub params: Vec<ParamDoc>,
    pub success: Vec<ResponseDoc>,
    pub errors: Vec<ResponseDoc>,
    pub auth: Option<Auth>,
    /// A part of the section could not be read (already reported): the
    /// action is left out rather than checked half-read.
    pub unreadable: bool,
}

/// A row of the `Available Parameters` table, as written: linking gives it
/// a location and its schema link a handle.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamDoc {
    pub name: String,
    pub ty: ParamType<LinkText>,
    pub required: bool,
    pub description: String,
    pub default: Option<Scalar>,
    /// A text parameter's kind of value, by its Default and Example.
    pub kind: Option<ValueKind>,
    /// The values a text parameter's description lists as accepted.
    pub accepted: Option<values::Accepted>,
    pub loc: Loc,
    /// Cells of columns this parser does not read (`Example`), by header.
    pub columns: Vec<(String, String)>,
}

/// A row of the `Successful Responses` or `Error Responses` table.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseDoc {
    pub code: u16,
    pub schema: Option<LinkText>,
    pub description: String,
    pub loc: Loc,
}

/// `client.org.invite_member(` in the example: the accessor and the method.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleCall {
    pub resource: String,
    pub method: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    /// Between the title and the first action.
    Preamble,
    Contents,
    Description,
    Params,
    Success,
    Errors,
    Authentication,
    /// A section this parser does not read.
    Skipped,
}

const NO_PARAMS: &str = "No parameters needed for this call.";

pub fn parse(file: &SourceFile, diags: &mut Diagnostics) -> ResourceDoc {
    let mut doc = ResourceDoc {
        name: String::new(),
        description: String::new(),
        loc: file.loc(0..0),
        contents: None,
        actions: Vec::new(),
    };
    let mut section = Section::Preamble;
    let mut saw_params: Option<bool> = None;

    for block in markdown::blocks(&file.text) {
        let errors_before = diags.error_count();
        match &block {
            Block::Heading { level: 1, text, .. } if doc.name.is_empty() => {
                doc.loc = file.loc(text.span.clone());
                doc.name = text
                    .text
                    .strip_suffix(" Actions")
                    .unwrap_or(&text.text)
                    .trim()
                    .to_owned();
            }
            Block::Heading { level: 2, text, .. } => {
                if let Some(action) = doc.actions.last() {
                    finish_action(action, saw_params, diags);
                }
                saw_params = Some(false);
                section = Section::Description;
                doc.actions.push(ActionDoc {
                    heading: text.text.clone(),
                    anchor: naming::anchor(&text.text),
                    loc: file.loc(text.span.clone()),
                    description: String::new(),
                    example: None,
                    params: Vec::new(),
                    success: Vec::new(),
                    errors: Vec::new(),
                    auth: None,
                    unreadable: false,
                });
            }
            Block::Heading { text, .. } if text.text.eq_ignore_ascii_case("contents") => {
                section = Section::Contents;
            }
            Block::Heading { level, text, .. } if doc.actions.is_empty() => {
                diags.warning(
                    Lint::SkippedContent,
                    &file.loc(text.span.clone()),
                    format!("section `{}` before the first action is skipped", text.text),
                    format!("actions start at a level-2 heading; a level-{level} heading here is not read"),
                );
                section = Section::Skipped;
            }
            Block::Heading { text, .. } => {
                section = match text.text.to_ascii_lowercase().as_str() {
                    "available parameters" => {
                        saw_params = Some(true);
                        Section::Params
                    }
                    "successful responses" => Section::Success,
                    "error responses" => Section::Errors,
                    "authentication" => Section::Authentication,
                    _ => {
                        diags.warning(
                            Lint::SkippedContent,
                            &file.loc(text.span.clone()),
                            format!("unknown section `{}` is skipped", text.text),
                            "the parser reads `Available Parameters`, `Successful Responses`, `Error Responses` and `Authentication`",
                        );
                        Section::Skipped
                    }
                };
            }
            Block::Paragraph(text) => match section {
                Section::Preamble if doc.actions.is_empty() => {
                    push_paragraph(&mut doc.description, text)
                }
                Section::Description => {
                    if let Some(action) = doc.actions.last_mut() {
                        push_paragraph(&mut action.description, text);
                    }
                }
                Section::Params if text.text == NO_PARAMS => {}
                Section::Authentication => {
                    if let Some(action) = doc.actions.last_mut() {
                        let auth = action.auth.get_or_insert_with(|| Auth {
                            description: String::new(),
                            scopes: Vec::new(),
                        });
                        push_paragraph(&mut auth.description, text);
                        auth.scopes.extend(scopes(&text.text));
                    }
                }
                // A table without its `| --- |` line reads as a paragraph.
                Section::Params | Section::Success | Section::Errors
                    if text.text.starts_with('|') =>
                {
                    diags.error(
                        &file.loc(text.span.clone()),
                        "this table cannot be read",
                        "a table needs a header row, then a `| --- | --- |` line, then one row per line",
                    )
                }
                Section::Params | Section::Success | Section::Errors => diags.warning(
                    Lint::SkippedContent,
                    &file.loc(text.span.clone()),
                    "text in a table section is skipped",
                    "a parameter or response section holds one table",
                ),
                _ => {}
            },
            Block::Code {
                text,
                content_start,
                span,
                ..
            } => {
                if let Some(action) = doc.actions.last_mut() {
                    if action.example.is_none() {
                        action.example = example_call(file, text, *content_start).or_else(|| {
                            diags.warning(
                                Lint::ExampleWithoutCall,
                                &file.loc(span.clone()),
                                "the example holds no `client.<resource>.<method>(` call",
                                "the method is named after the heading instead",
                            );
                            None
                        });
                    }
                }
            }
            Block::Table { header, rows, span } => {
                let loc = file.loc(span.clone());
                let Some(action) = doc.actions.last_mut() else {
                    continue;
                };
                match section {
                    Section::Params => action.params = params(file, &loc, header, rows, diags),
                    Section::Success => action.success = responses(file, &loc, header, rows, diags),
                    Section::Errors => action.errors = responses(file, &loc, header, rows, diags),
                    _ => diags.warning(
                        Lint::SkippedContent,
                        &loc,
                        "a table outside the parameter and response sections is skipped",
                        "put it under `#### Available Parameters`, `#### Successful Responses` or `#### Error Responses`",
                    ),
                }
            }
            Block::List { items, .. } if section == Section::Contents => {
                doc.contents = Some(
                    items
                        .iter()
                        .map(|item| contents_entry(file, item))
                        .collect(),
                );
                section = Section::Preamble;
            }
            Block::List { .. } | Block::Html { .. } => {}
        }
        if diags.error_count() > errors_before {
            if let Some(action) = doc.actions.last_mut() {
                action.unreadable = true;
            }
        }
    }
    if let Some(action) = doc.actions.last() {
        finish_action(action, saw_params, diags);
    }
    check_contents(&doc, diags);
    if doc.name.is_empty() {
        diags.error(
            &doc.loc,
            "the doc has no title",
            "start it with a heading naming the resource, like `# Org Actions`",
        );
    }
    doc
}

fn finish_action(action: &ActionDoc, saw_params: Option<bool>, diags: &mut Diagnostics) {
    if saw_params == Some(false) {
        diags.warning(
            Lint::MissingParameters,
            &action.loc,
            format!(
                "action `{}` has no `Available Parameters` section",
                action.heading
            ),
            format!("read as taking no parameters; the docs say so with `{NO_PARAMS}`"),
        );
    }
    if action.success.is_empty() {
        diags.warning(
            Lint::MissingSuccess,
            &action.loc,
            format!(
                "action `{}` documents no successful response",
                action.heading
            ),
            "its response is decoded as any JSON value; add a `#### Successful Responses` table",
        );
    }
}

/// The scopes listed after `scopes:` in an Authentication paragraph:
/// `all.Application, all.Organization, or application.get.`
fn scopes(text: &str) -> Vec<String> {
    let Some((_, list)) = text.split_once("scopes:") else {
        return Vec::new();
    };
    list.split(',')
        .map(|s| {
            s.trim()
                .trim_start_matches("or ")
                .trim()
                .trim_end_matches('.')
        })
        .filter(|s| !s.is_empty() && !s.contains(' '))
        .map(str::to_owned)
        .collect()
}

fn push_paragraph(out: &mut String, text: &Inline) {
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(&text.text);
}

fn contents_entry(file: &SourceFile, item: &Inline) -> ContentsEntry {
    ContentsEntry {
        text: item.text.clone(),
        anchor: item
            .link
            .as_ref()
            .map(|l| l.dest.trim_start_matches('#').to_owned())
            .unwrap_or_default(),
        loc: file.loc(item.span.clone()),
    }
}

/// Finds `client.<resource>.<method>(` in the example code.
fn example_call(file: &SourceFile, code: &str, content_start: usize) -> Option<ExampleCall> {
    let ident = |s: &str| -> usize {
        s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    let mut from = 0;
    while let Some(at) = code[from..].find("client.") {
        let start = from + at;
        let rest = &code[start + "client.".len()..];
        let resource_len = ident(rest);
        let after = &rest[resource_len..];
        if resource_len > 0 {
            if let Some(method_part) = after.strip_prefix('.') {
                let method_len = ident(method_part);
                if method_len > 0 && method_part[method_len..].trim_start().starts_with('(') {
                    let end = start + "client.".len() + resource_len + 1 + method_len;
                    // Python spells keywords with a trailing `_` (`import_`).
                    let method = &method_part[..method_len];
                    let method = method
                        .strip_suffix('_')
                        .filter(|m| !m.is_empty())
                        .unwrap_or(method);
                    return Some(ExampleCall {
                        resource: rest[..resource_len].to_owned(),
                        method: method.to_owned(),
                        loc: file.loc(content_start + start..content_start + end),
                    });
                }
            }
        }
        from = start + 1;
    }
    None
}

fn params(
    file: &SourceFile,
    table: &Loc,
    header: &[Inline],
    rows: &[Vec<Inline>],
    diags: &mut Diagnostics,
) -> Vec<ParamDoc> {
    let columns = Columns::new(header);
    let missing = columns.missing(&["Name", "Type", "Required", "Description"]);
    if !missing.is_empty() {
        diags.error(
            table,
            format!("the parameter table has no {} column", missing.join(", ")),
            "its header row must name the columns `Name | Type | Required | Description | Default`",
        );
        return Vec::new();
    }
    let (name, ty, required, description, default) = (
        columns.find("Name"),
        columns.find("Type"),
        columns.find("Required"),
        columns.find("Description"),
        columns.find("Default"),
    );
    let others = columns.others(&["Name", "Type", "Required", "Description", "Default"]);
    let mut out: Vec<ParamDoc> = Vec::new();
    for row in rows {
        let Some(name_cell) = cell(row, name).filter(|c| !c.text.is_empty()) else {
            let span = row.first().map_or(table.span(), |c| c.span.clone());
            diags.error(
                &file.loc(span),
                "a parameter row has no name",
                "fill in its Name cell",
            );
            continue;
        };
        let loc = file.loc(name_cell.span.clone());
        if let Some(problem) =
            written_cells(&file.text, row).and_then(|n| row_shape_problem(header, n))
        {
            diags.error(
                &loc,
                format!("the row of parameter `{}` {problem}", name_cell.text),
                "give each row one cell per column of the header; leave a cell empty (`|  |`) to say nothing",
            );
            continue;
        }
        if out.iter().any(|p| p.name == name_cell.text) {
            diags.error(
                &loc,
                format!("parameter `{}` is listed twice", name_cell.text),
                "remove one of the rows",
            );
            continue;
        }
        let Some(ty) = param_type(file, cell(row, ty), &loc, diags) else {
            continue;
        };
        let required = match cell(row, required).map(|c| c.text.as_str()) {
            Some("Y" | "y" | "Yes" | "yes") => true,
            Some("N" | "n" | "No" | "no" | "") | None => false,
            Some(other) => {
                diags.error(
                    &file.loc(cell(row, required).map_or(loc.span(), |c| c.span.clone())),
                    format!("the Required cell of `{}` says `{other}`", name_cell.text),
                    "write `Y` for a required parameter and `N` (or nothing) for an optional one",
                );
                false
            }
        };
        let default = cell(row, default)
            .filter(|c| !c.text.is_empty())
            .map(|c| scalar(&c.text));
        // An Example cell that links to the schema's example (as every
        // version since 2023 writes a schema-typed parameter's) holds no
        // example: the schema's own is tested with its type.
        let columns: Vec<(String, String)> = others
            .iter()
            .filter_map(|(i, header)| Some((header, row.get(*i)?)))
            .filter(|(_, cell)| !cell.text.is_empty() && !links_into_schema_doc(cell))
            .map(|(header, cell)| (header.clone(), cell.text.clone()))
            .collect();
        let example = columns
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case("example"))
            .map(|(_, text)| text.as_str());
        let description = cell(row, description);
        let text = ty == ParamType::String;
        out.push(ParamDoc {
            name: name_cell.text.clone(),
            kind: text
                .then(|| values::kind(default.as_ref(), example))
                .flatten(),
            accepted: description
                .filter(|_| text)
                .and_then(|d| accepted(file, &name_cell.text, d, diags)),
            ty,
            required,
            description: description.map(|c| c.text.clone()).unwrap_or_default(),
            default,
            loc,
            columns,
        });
    }
    out
}

/// The values a text parameter's description lists; a list that cannot
/// be read is reported, and the parameter takes any text.
fn accepted(
    file: &SourceFile,
    name: &str,
    description: &Inline,
    diags: &mut Diagnostics,
) -> Option<values::Accepted> {
    match values::accepted(&description.text)? {
        Ok(accepted) => Some(accepted),
        Err(unreadable) => {
            diags.warning(
                Lint::UnreadValues,
                &file.loc(description.span.clone()),
                format!(
                    "the accepted values of `{name}` are not a list of words: `{}`",
                    unreadable.list
                ),
                "write them as `Accepted values are: a, b, c`; until then the parameter takes any text",
            );
            None
        }
    }
}

fn param_type(
    file: &SourceFile,
    cell: Option<&Inline>,
    row: &Loc,
    diags: &mut Diagnostics,
) -> Option<ParamType<LinkText>> {
    let Some(cell) = cell else {
        diags.error(
            row,
            "the parameter has no Type cell",
            "write a type or a schema link",
        );
        return None;
    };
    if let Some(link) = schema_link(file, cell) {
        return Some(ParamType::Schema(link));
    }
    Some(match cell.text.to_ascii_lowercase().as_str() {
        "string" => ParamType::String,
        "boolean" => ParamType::Boolean,
        "number" | "integer" => ParamType::Number,
        "undefined" => ParamType::Undefined,
        "array" => ParamType::Array,
        "file" => ParamType::File,
        other => {
            diags.error(
                &file.loc(cell.span.clone()),
                format!("unknown parameter type `{other}`"),
                "use string, boolean, number, undefined, array, file, or a link to a schema: [Title](_schemas.md#anchor)",
            );
            return None;
        }
    })
}

fn responses(
    file: &SourceFile,
    table: &Loc,
    header: &[Inline],
    rows: &[Vec<Inline>],
    diags: &mut Diagnostics,
) -> Vec<ResponseDoc> {
    let columns = Columns::new(header);
    let missing = columns.missing(&["Code", "Type", "Description"]);
    if !missing.is_empty() {
        diags.error(
            table,
            format!("the response table has no {} column", missing.join(", ")),
            "its header row must name the columns `Code | Type | Description`",
        );
        return Vec::new();
    }
    let (code, ty, description) = (
        columns.find("Code"),
        columns.find("Type"),
        columns.find("Description"),
    );
    let mut out = Vec::new();
    for row in rows {
        let code_cell = cell(row, code);
        let loc = file.loc(
            code_cell
                .or(row.first())
                .map_or(table.span(), |c| c.span.clone()),
        );
        if let Some(problem) =
            written_cells(&file.text, row).and_then(|n| row_shape_problem(header, n))
        {
            diags.error(
                &loc,
                format!("this response row {problem}"),
                "give each row one cell per column of the header; leave a cell empty (`|  |`) to say nothing",
            );
            continue;
        }
        let Some(code) = code_cell
            .and_then(|c| c.text.parse::<u16>().ok())
            .filter(|c| (100..600).contains(c))
        else {
            diags.error(
                &loc,
                format!(
                    "`{}` is not an HTTP status code",
                    code_cell.map_or("", |c| &c.text)
                ),
                "the Code cell holds a number such as 200 or 404",
            );
            continue;
        };
        out.push(ResponseDoc {
            code,
            schema: cell(row, ty).and_then(|c| schema_link(file, c)),
            description: cell(row, description)
                .map(|c| c.text.clone())
                .unwrap_or_default(),
            loc,
        });
    }
    out
}

/// The Contents list must name every action, by its heading and anchor.
pub fn check_contents(doc: &ResourceDoc, diags: &mut Diagnostics) {
    let Some(contents) = &doc.contents else {
        return;
    };
    for entry in contents {
        match doc.actions.iter().find(|a| a.anchor == entry.anchor) {
            None => diags.error(
                &entry.loc,
                format!(
                    "the Contents list links `#{}`, which no action heading has",
                    entry.anchor
                ),
                "remove the entry or fix its link to match an `## Action` heading",
            ),
            Some(action) if action.heading != entry.text => diags.error(
                &entry.loc,
                format!(
                    "the Contents list calls `{}` `{}`",
                    action.heading, entry.text
                ),
                "make the entry's text match the heading",
            ),
            Some(_) => {}
        }
    }
    for action in &doc.actions {
        if !contents.iter().any(|e| e.anchor == action.anchor) {
            diags.error(
                &action.loc,
                format!(
                    "action `{}` is missing from the Contents list",
                    action.heading
                ),
                format!(
                    "add `*   [{}](#{})` to the Contents list",
                    action.heading, action.anchor
                ),
            );
        }
    }
}
