//! Diagnostics as a person reads them: miette's underlined snippets, at a
//! cost that depends on what is shown, not on the size of the doc.
//!
//! A snippet is cut from the file's line index (the lines around the span,
//! each at most [`MAX_LINE_CHARS`] long), so rendering a warning in a 50 MB
//! doc reads a few hundred bytes of it. Warnings are grouped by kind: the
//! first few of each in full, then one line per kind with its count, then a
//! summary; `verbose` shows every one. So are the errors one cause repeats
//! for every action ([`ErrorKind`]): an action without a route, a route
//! still `TODO`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::ops::Range;
use std::path::Path;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Diagnostics, ErrorKind, Lint, Severity};
use crate::parse::overlay;
use crate::source::{SourceFile, Sources};

/// How many warnings of one kind (or errors of one [`ErrorKind`]) are
/// shown in full unless `verbose`.
pub const SHOWN_PER_KIND: usize = 3;

/// The longest line a snippet shows; longer ones are cut around the span.
pub const MAX_LINE_CHARS: usize = 160;

/// A span over more lines than this is underlined on its first lines only.
const MAX_SPAN_LINES: usize = 4;

/// How the report is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// ANSI colours, for a terminal.
    pub color: bool,
    /// Every warning (and error) in full, none grouped.
    pub verbose: bool,
}

impl Diagnostics {
    /// The report: every error and, unless `verbose`, the first
    /// three (`SHOWN_PER_KIND`) warnings of each kind with a snippet and a hint,
    /// then a line per kind for the rest. Errors of an [`ErrorKind`] are
    /// grouped the same way, their line after the warnings' saying what
    /// to run.
    pub fn render(&self, sources: &Sources, options: RenderOptions) -> String {
        let theme = if options.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let mut out = String::new();
        let mut seen: BTreeMap<Lint, usize> = BTreeMap::new();
        let mut errors: BTreeMap<ErrorKind, Group> = BTreeMap::new();
        for diagnostic in self {
            let shown = match (diagnostic.lint, diagnostic.error_kind()) {
                (Some(lint), _) if !diagnostic.is_error() => {
                    let count = seen.entry(lint).or_default();
                    *count += 1;
                    options.verbose || *count <= SHOWN_PER_KIND
                }
                (_, Some(kind)) => {
                    let group = errors.entry(kind).or_default();
                    group.count += 1;
                    group.files.insert(&diagnostic.loc.file);
                    options.verbose || group.count <= SHOWN_PER_KIND
                }
                _ => true,
            };
            if shown {
                render_one(&handler, diagnostic, sources, &mut out);
            }
        }
        for (lint, count) in seen {
            if count > SHOWN_PER_KIND && !options.verbose {
                let _ = writeln!(
                    out,
                    "warning[{lint}]: {} more like this, {count} in all ({})",
                    count - SHOWN_PER_KIND,
                    lint.what().trim_end_matches('.')
                );
            }
        }
        for (kind, group) in errors {
            if group.count > SHOWN_PER_KIND {
                let _ = writeln!(out, "{}", group.line(kind, sources, options));
            }
        }
        out
    }

    /// The closing line about warnings: `184 warnings of 6 kinds; ...`, or
    /// `None` when there were none.
    pub fn summary(&self, options: RenderOptions) -> Option<String> {
        let mut kinds: BTreeMap<Lint, usize> = BTreeMap::new();
        for lint in self.iter().filter(|d| !d.is_error()).filter_map(|d| d.lint) {
            *kinds.entry(lint).or_default() += 1;
        }
        let warnings = self.warning_count();
        if warnings == 0 && self.allowed == 0 {
            return None;
        }
        let mut line = if warnings == 0 {
            "no warnings".to_owned()
        } else {
            format!(
                "{warnings} warning{} of {} kind{}",
                plural(warnings),
                kinds.len(),
                plural(kinds.len())
            )
        };
        if !options.verbose && kinds.values().any(|&n| n > SHOWN_PER_KIND) {
            line.push_str("; `--verbose` shows all");
        }
        if self.allowed > 0 {
            let _ = write!(line, "; {} allowed by `[lints]`", self.allowed);
        }
        Some(line)
    }
}

/// The errors of one [`ErrorKind`] in a report.
#[derive(Default)]
struct Group<'a> {
    count: usize,
    /// The files they are in: for a missing route, one per resource.
    files: BTreeSet<&'a str>,
}

impl Group<'_> {
    /// The line that counts them and says what to run, after the first
    /// few in full (all of them with `verbose`).
    fn line(&self, kind: ErrorKind, sources: &Sources, options: RenderOptions) -> String {
        let count = self.count;
        let shown = match options.verbose {
            true => String::new(),
            false => format!(
                "{} more like this, {SHOWN_PER_KIND} shown above (`--verbose` shows all): ",
                count - SHOWN_PER_KIND
            ),
        };
        let overlay_file = sources.get(overlay::FILE_NAME);
        let overlay_path = overlay_file.map_or(overlay::FILE_NAME, |f| &f.path);
        match kind {
            ErrorKind::MissingRoute => {
                // The spec directory, as the paths of the report show it.
                let spec = overlay_file
                    .and_then(|f| Path::new(&*f.path).parent())
                    .map(|dir| dir.to_string_lossy())
                    .filter(|dir| !dir.is_empty())
                    .map_or_else(String::new, |dir| format!(" --spec {}", shell_word(&dir)));
                let resources = self.files.len();
                format!(
                    "error: {shown}{count} actions of {resources} resource{} have no route; \
                     `cargo xtask routes --missing{spec} --write` adds a `TODO` route for each \
                     to {overlay_path}, to fill in",
                    plural(resources)
                )
            }
            ErrorKind::TodoRoute => format!(
                "error: {shown}{count} routes in {overlay_path} are still `TODO`: write each \
                 one's method and path, like \"GET /orgs/{{orgId}}\", as the comment on its \
                 line guides"
            ),
        }
    }
}

/// `text` as one word of a shell command: quoted unless every character
/// is plain.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@,%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn render_one(
    handler: &GraphicalReportHandler,
    diagnostic: &Diagnostic,
    sources: &Sources,
    out: &mut String,
) {
    let Some(file) = sources.get(&diagnostic.loc.file) else {
        out.push_str(&diagnostic.to_string());
        out.push('\n');
        return;
    };
    let snippet = Snippet::new(file, diagnostic.loc.span());
    let message = match diagnostic.lint {
        Some(lint) => format!("[{lint}] {}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let mut report = MietteDiagnostic::new(message)
        .with_severity(match diagnostic.severity {
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
        .with_label(LabeledSpan::underline(snippet.span.clone()));
    if let Some(help) = &diagnostic.help {
        report = report.with_help(help.clone());
    }
    let report = miette::Report::new(report).with_source_code(snippet);
    if handler.render_report(out, report.as_ref()).is_err() {
        out.push_str(&diagnostic.to_string());
    }
    out.push('\n');
}

/// The lines of a file around a span, cut to a window of columns, as the
/// source miette renders from. Offsets are into `text`, the snippet's own.
#[derive(Debug)]
struct Snippet {
    name: String,
    text: String,
    lines: Vec<SnippetLine>,
    /// The span, in `text`.
    span: Range<usize>,
}

#[derive(Debug)]
struct SnippetLine {
    /// 0-based line number in the file.
    number: usize,
    /// Where it stands in the snippet's text, without its line break.
    range: Range<usize>,
    /// The file column (in characters) of its first shown character, and
    /// whether an ellipsis stands before it.
    first_column: usize,
    cut_before: bool,
}

impl Snippet {
    fn new(file: &SourceFile, span: Range<usize>) -> Snippet {
        let text_len = file.text.len();
        let start = floor_char_boundary(&file.text, span.start.min(text_len));
        let end = floor_char_boundary(&file.text, span.end.clamp(start, text_len));
        let first = file.line_index(start);
        let last_of_span = file.line_index(end.saturating_sub(1).max(start));
        let last_of_span = last_of_span.min(first + MAX_SPAN_LINES - 1);
        let end = end.min(file.line_range(last_of_span).end);
        let lines = first.saturating_sub(1)..(last_of_span + 2).min(file.line_count());
        // One window of columns for every line, around the span's start.
        let span_column = file.text[file.line_range(first).start..start]
            .chars()
            .count();
        let window_start = span_column.saturating_sub(MAX_LINE_CHARS / 4);
        let mut snippet = Snippet {
            name: file.path.to_string(),
            text: String::new(),
            lines: Vec::new(),
            span: 0..0,
        };
        for number in lines {
            let range = file.line_range(number);
            let line = file.text[range.clone()].trim_end_matches('\r');
            let at = snippet.text.len();
            let shown = snippet.push_line(number, line, window_start);
            let map = |offset: usize| {
                let column = file.text[range.start..offset].chars().count();
                at + shown.offset_of(line, column)
            };
            if number == first {
                snippet.span.start = map(start);
            }
            if number == last_of_span {
                snippet.span.end = map(end).max(snippet.span.start);
            }
            snippet.text.push('\n');
        }
        snippet
    }

    /// Appends the window of `line` from column `window_start`, and says
    /// how the line was cut.
    fn push_line(&mut self, number: usize, line: &str, window_start: usize) -> Shown {
        let start = self.text.len();
        let chars = line.chars().count();
        let from = if chars > MAX_LINE_CHARS {
            window_start.min(chars)
        } else {
            0
        };
        let cut_before = from > 0;
        let cut_after = chars > from + MAX_LINE_CHARS;
        if cut_before {
            self.text.push('…');
        }
        self.text
            .extend(line.chars().skip(from).take(MAX_LINE_CHARS));
        if cut_after {
            self.text.push('…');
        }
        self.lines.push(SnippetLine {
            number,
            range: start..self.text.len(),
            first_column: from,
            cut_before,
        });
        Shown { from, cut_before }
    }
}

/// How one line was cut, to map a file column into the snippet.
struct Shown {
    from: usize,
    cut_before: bool,
}

impl Shown {
    /// The byte offset in the shown line of file `column` (clamped to the
    /// window).
    fn offset_of(&self, line: &str, column: usize) -> usize {
        let prefix = if self.cut_before { '…'.len_utf8() } else { 0 };
        let wanted = column.clamp(self.from, self.from + MAX_LINE_CHARS);
        prefix
            + line
                .chars()
                .skip(self.from)
                .take(wanted - self.from)
                .map(char::len_utf8)
                .sum::<usize>()
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let line_of = |offset: usize| {
            self.lines
                .iter()
                .position(|l| offset <= l.range.end)
                .ok_or(MietteError::OutOfBounds)
        };
        let first_span_line = line_of(span.offset())?;
        let last_span_line = line_of(span.offset() + span.len().saturating_sub(1))?;
        let first = first_span_line.saturating_sub(context_lines_before);
        let last = (last_span_line + context_lines_after).min(self.lines.len() - 1);
        // With the last line's break, so that an empty last line shows.
        let data = self.lines[first].range.start..self.lines[last].range.end + 1;
        let line = &self.lines[first_span_line];
        let shown_column = self.text[line.range.start..span.offset().max(line.range.start)]
            .chars()
            .count();
        let column = line.first_column + shown_column.saturating_sub(usize::from(line.cut_before));
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data.clone()],
            (data.start, data.len()).into(),
            self.lines[first].number,
            column,
            last - first + 1,
        )))
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn render(text: &str, span: Range<usize>, lint: Option<Lint>) -> String {
        let mut sources = Sources::default();
        sources.add(SourceFile::new("a.md", "spec/a.md", text.to_owned()));
        let file = sources.get("a.md").unwrap();
        let loc = file.loc(span);
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(match lint {
            Some(lint) => Diagnostic::warning(lint, &loc, "something is off").help("fix it"),
            None => Diagnostic::error(&loc, "something is wrong").help("fix it"),
        });
        diagnostics.render(&sources, RenderOptions::default())
    }

    #[test]
    fn a_snippet_shows_the_lines_around_the_span_with_their_numbers() {
        let text = "one\ntwo\nthree four\nfive\nsix\n";
        let at = text.find("four").unwrap();
        let out = render(text, at..at + 4, None);
        assert!(out.contains("[spec/a.md:3:7]"), "{out}");
        assert!(out.contains(" 2 │ two"), "{out}");
        assert!(out.contains(" 3 │ three four"), "{out}");
        assert!(out.contains(" 4 │ five"), "{out}");
        assert!(!out.contains("six") && !out.contains("one"), "{out}");
        assert!(out.contains("\n   ·       ────\n"), "{out}");
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_and_keeps_its_real_column() {
        let long = format!("{}needle{}", "x".repeat(200_000), "y".repeat(200_000));
        let text = format!("before\n{long}\nafter\n");
        let at = text.find("needle").unwrap();
        let out = render(&text, at..at + 6, Some(Lint::UnknownKeyword));
        assert!(out.len() < 2_000, "{} bytes:\n{out}", out.len());
        assert!(out.contains("[spec/a.md:2:200001]"), "{out}");
        assert!(out.contains("…xxx"), "{out}");
        assert!(out.contains("needleyyy"), "{out}");
        assert!(
            out.contains("⚠ [unknown_keyword] something is off"),
            "{out}"
        );
        let underline = out
            .lines()
            .find(|l| l.contains('─') && l.contains('·'))
            .unwrap();
        let code_line = out.lines().find(|l| l.contains("needle")).unwrap();
        assert_eq!(
            underline.chars().position(|c| c == '─'),
            code_line
                .find("needle")
                .map(|b| code_line[..b].chars().count()),
            "the underline stands under the span:\n{out}"
        );
    }

    #[test]
    fn a_span_over_many_lines_is_underlined_on_its_first_lines() {
        let text: String = (0..1000).map(|i| format!("row {i}\n")).collect();
        let out = render(&text, 0..text.len(), None);
        assert!(out.contains("row 3"), "{out}");
        assert!(!out.contains("row 6"), "{out}");
    }

    #[test]
    fn spans_at_the_end_and_in_multibyte_text_render() {
        let text = "é\nà la fin";
        let out = render(text, text.len()..text.len(), None);
        assert!(out.contains("[spec/a.md:2:"), "{out}");
        let out = render(text, 1..3, None);
        assert!(out.contains("[spec/a.md:1:1]"), "{out}");
    }

    fn warnings(count: usize, lint: Lint) -> Diagnostics {
        let mut sources_text = String::new();
        let mut diagnostics = Diagnostics::default();
        for i in 0..count {
            sources_text.push_str(&format!("line {i}\n"));
            diagnostics.push(Diagnostic::warning(
                lint,
                &crate::source::Loc {
                    file: "none.md".into(),
                    line: i as u32 + 1,
                    column: 1,
                    offset: 0,
                    len: 0,
                },
                format!("warning {i}"),
            ));
        }
        diagnostics
    }

    #[test]
    fn warnings_of_a_kind_are_grouped_after_the_first_few() {
        let mut diagnostics = warnings(5, Lint::UnknownKeyword);
        for d in warnings(2, Lint::UnresolvedRef) {
            diagnostics.push(d);
        }
        let sources = Sources::default();
        let out = diagnostics.render(&sources, RenderOptions::default());
        assert!(
            out.contains("warning 2") && !out.contains("warning 3"),
            "{out}"
        );
        assert!(
            out.contains("warning[unknown_keyword]: 2 more like this, 5 in all"),
            "{out}"
        );
        assert!(!out.contains("2 in all"), "{out}");
        assert_eq!(
            diagnostics.summary(RenderOptions::default()).unwrap(),
            "7 warnings of 2 kinds; `--verbose` shows all"
        );
        let verbose = RenderOptions {
            verbose: true,
            ..RenderOptions::default()
        };
        let out = diagnostics.render(&sources, verbose);
        assert!(
            out.contains("warning 4") && !out.contains("more like this"),
            "{out}"
        );
        assert_eq!(
            diagnostics.summary(verbose).unwrap(),
            "7 warnings of 2 kinds"
        );
    }

    /// `count` errors of actions without a route, over `docs` doc files,
    /// and an error of another kind after them.
    fn routeless(count: usize, docs: usize) -> (Sources, Diagnostics) {
        let mut sources = Sources::default();
        sources.add(SourceFile::new(
            "api.toml",
            "target/my spec/api.toml",
            "[routes.org]\n".into(),
        ));
        let mut diagnostics = Diagnostics::default();
        for i in 0..count {
            let name = format!("doc{}.md", i % docs);
            let text = (0..count).map(|j| format!("## Action {j}\n")).collect();
            if sources.get(&name).is_none() {
                sources.add(SourceFile::new(&name, &name, text));
            }
            let file = sources.get(&name).unwrap();
            let at = file.text.find(&format!("## Action {i}\n")).unwrap();
            diagnostics.error(
                &file.loc(at..at + 3),
                format!("action `Action {i}` has no route"),
                "add a route",
            );
        }
        let file = sources.get("doc0.md").unwrap();
        diagnostics.error(&file.loc(0..2), "something else is wrong", "fix it");
        (sources, diagnostics.sorted())
    }

    #[test]
    fn actions_without_a_route_are_grouped_as_warnings_are() {
        let (sources, diagnostics) = routeless(40, 7);
        let out = diagnostics.render(&sources, RenderOptions::default());
        assert_eq!(out.matches("has no route").count(), 3, "{out}");
        assert!(out.contains("something else is wrong"), "{out}");
        let last = out.lines().last().unwrap();
        assert_eq!(
            last,
            "error: 37 more like this, 3 shown above (`--verbose` shows all): 40 actions of 7 \
             resources have no route; `cargo xtask routes --missing --spec 'target/my spec' \
             --write` adds a `TODO` route for each to target/my spec/api.toml, to fill in"
        );
        assert!(out.lines().count() < 50, "{out}");

        let verbose = RenderOptions {
            verbose: true,
            ..RenderOptions::default()
        };
        let out = diagnostics.render(&sources, verbose);
        assert_eq!(out.matches("has no route").count(), 40, "{out}");
        assert!(
            out.ends_with("40 actions of 7 resources have no route; `cargo xtask routes --missing --spec 'target/my spec' --write` adds a `TODO` route for each to target/my spec/api.toml, to fill in\n"),
            "{out}"
        );
    }

    #[test]
    fn a_few_actions_without_a_route_are_shown_without_a_count() {
        let (sources, diagnostics) = routeless(3, 1);
        let out = diagnostics.render(&sources, RenderOptions::default());
        assert_eq!(out.matches("has no route").count(), 3, "{out}");
        assert!(!out.contains("more like this"), "{out}");
    }

    #[test]
    fn routes_still_todo_are_grouped_and_other_errors_are_not() {
        let text: String = (0..10)
            .map(|i| format!("a{i} = \"TODO METHOD /path\"\n"))
            .collect();
        let mut sources = Sources::default();
        sources.add(SourceFile::new("api.toml", "spec/api.toml", text));
        let file = sources.get("api.toml").unwrap();
        let mut diagnostics = Diagnostics::default();
        for i in 0..10 {
            let at = file.text.find(&format!("a{i} =")).unwrap();
            diagnostics.push(Diagnostic::todo_route(
                &file.loc(at + 5..at + 24),
                "TODO METHOD /path",
            ));
            diagnostics.error(&file.loc(at..at + 2), format!("problem {i}"), "fix it");
        }
        let out = diagnostics.render(&sources, RenderOptions::default());
        assert_eq!(out.matches("is still to write").count(), 3, "{out}");
        assert_eq!(out.matches("× problem").count(), 10, "{out}");
        assert!(
            out.ends_with("error: 7 more like this, 3 shown above (`--verbose` shows all): 10 routes in spec/api.toml are still `TODO`: write each one's method and path, like \"GET /orgs/{orgId}\", as the comment on its line guides\n"),
            "{out}"
        );
    }

    #[test]
    fn only_the_messages_of_the_grouped_kinds_are_grouped() {
        let loc = crate::source::Loc::default();
        let kind = |message: &str| Diagnostic::error(&loc, message).error_kind();
        assert_eq!(
            kind("action `Invite Member` has no route"),
            Some(ErrorKind::MissingRoute)
        );
        assert_eq!(
            kind("action `` has no route"),
            Some(ErrorKind::MissingRoute)
        );
        assert_eq!(kind("route `org.get` names no action"), None);
        assert_eq!(kind("action `x` has no route, and more"), None);
        let warning = Diagnostic::warning(Lint::UnknownKeyword, &loc, "action `x` has no route");
        assert_eq!(warning.error_kind(), None);
        assert_eq!(
            Diagnostic::todo_route(&loc, "TODO").error_kind(),
            Some(ErrorKind::TodoRoute)
        );
    }
}
