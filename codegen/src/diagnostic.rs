//! Problems found in the input, as values.
//!
//! Parsing and checking never stop at the first problem: they push
//! [`Diagnostic`]s and carry on, so one run reports everything that is wrong
//! with a doc. Rendering (plain `file:line:col` lines or miette's underlined
//! snippets) happens once, at the end, against the [`Sources`].

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::source::{Loc, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem: where, what, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub loc: Loc,
    pub message: String,
    /// What the maintainer should do to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(loc: &Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            loc: loc.clone(),
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(loc: &Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(loc, message)
        }
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {severity}: {}", self.loc, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn error(&mut self, loc: &Loc, message: impl Into<String>, help: impl Into<String>) {
        self.push(Diagnostic::error(loc, message).help(help));
    }

    pub fn warning(&mut self, loc: &Loc, message: impl Into<String>, help: impl Into<String>) {
        self.push(Diagnostic::warning(loc, message).help(help));
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Sorted by file and position, errors and warnings interleaved, so the
    /// output reads like the doc from top to bottom whatever the check order.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.loc.file, a.loc.offset, b.severity).cmp(&(&b.loc.file, b.loc.offset, a.severity))
        });
        self
    }

    /// miette's report for each diagnostic: `file:line:col`, the doc's lines
    /// around it with the span underlined, and the help.
    pub fn render(&self, sources: &Sources, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let mut out = String::new();
        for diagnostic in &self.0 {
            render_one(&handler, diagnostic, sources, &mut out);
        }
        out
    }
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
    let loc = &diagnostic.loc;
    let severity = match diagnostic.severity {
        Severity::Warning => miette::Severity::Warning,
        Severity::Error => miette::Severity::Error,
    };
    let mut report = MietteDiagnostic::new(diagnostic.message.clone())
        .with_severity(severity)
        .with_label(LabeledSpan::underline(loc.span()));
    if let Some(help) = &diagnostic.help {
        report = report.with_help(help.clone());
    }
    let report = miette::Report::new(report)
        .with_source_code(NamedSource::new(&file.path, file.text.clone()));
    if handler.render_report(out, report.as_ref()).is_err() {
        out.push_str(&diagnostic.to_string());
    }
    out.push('\n');
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}
