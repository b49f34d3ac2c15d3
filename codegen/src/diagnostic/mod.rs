//! Problems found in the input, as values.
//!
//! Parsing and checking never stop at the first problem: they push
//! [`Diagnostic`]s and carry on, so one run reports everything that is wrong
//! with a doc. Warnings have a kind ([`Lint`]) that the overlay's `[lints]`
//! table can allow or deny. A few kinds of errors ([`ErrorKind`]) come by
//! the hundred from one cause (an overlay without routes) and are grouped
//! as warnings are. Rendering happens once, at the end, against the
//! [`Sources`](crate::Sources): see [`render`].

mod lints;
pub mod render;

use std::fmt;

use crate::source::Loc;

pub use lints::{AllowAt, Level, Lint, LintConfig};
pub use render::RenderOptions;

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
    /// The kind of a warning (and of an error a `deny` level made of one).
    pub lint: Option<Lint>,
    /// The schema location it is about (`anchor#/json/pointer`), which a
    /// `[lints]` allow entry can name.
    pub origin: Option<String>,
}

/// A kind of error that one cause repeats for every action: the report
/// shows the first few in full and counts the rest, as it does warnings
/// of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorKind {
    /// ``action `Invite Member` has no route``: the overlay has no route
    /// for the action (the docs of a whole API dropped in beside an
    /// overlay written for a few of its resources).
    MissingRoute,
    /// A route that is still the `TODO` the stub of missing routes
    /// (`cargo xtask routes --missing --write`) wrote.
    TodoRoute,
}

/// How linking words the error of an action without a route:
/// ``action `Invite Member` has no route``.
const MISSING_ROUTE: (&str, &str) = ("action `", "` has no route");

/// The message of a route still `TODO`: ``the route `TODO METHOD /path` is
/// still to write``.
const TODO_ROUTE: (&str, &str) = ("the route `", "` is still to write");

impl Diagnostic {
    /// The error at a route (`loc`) that still holds the stub's `TODO`
    /// (`text`): what to write in its place.
    pub fn todo_route(loc: &Loc, text: &str) -> Self {
        let (before, after) = TODO_ROUTE;
        Diagnostic::error(loc, format!("{before}{}{after}", text.escape_debug())).help(
            "write the action's method and path in its place, like \"GET /orgs/{orgId}\"; \
             the comment on its line names the action and its required parameters",
        )
    }

    /// The kind of an error that is grouped in the report, if it is one.
    pub fn error_kind(&self) -> Option<ErrorKind> {
        if !self.is_error() || self.lint.is_some() {
            return None;
        }
        let is = |(before, after): (&str, &str)| {
            self.message.len() >= before.len() + after.len()
                && self.message.starts_with(before)
                && self.message.ends_with(after)
        };
        if is(MISSING_ROUTE) {
            Some(ErrorKind::MissingRoute)
        } else if is(TODO_ROUTE) {
            Some(ErrorKind::TodoRoute)
        } else {
            None
        }
    }

    pub fn error(loc: &Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            loc: loc.clone(),
            message: message.into(),
            help: None,
            lint: None,
            origin: None,
        }
    }

    pub fn warning(lint: Lint, loc: &Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            lint: Some(lint),
            ..Diagnostic::error(loc, message)
        }
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The schema location the problem is about.
    #[must_use]
    pub fn at_origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = Some(origin.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `warning[unknown_keyword]`, `error`: how a report names it.
    pub fn title(&self) -> String {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.lint {
            Some(lint) => format!("{severity}[{lint}]"),
            None => severity.to_owned(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.loc, self.title(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub(crate) items: Vec<Diagnostic>,
    /// Warnings the `[lints]` table allowed, which are not in `items`.
    pub allowed: usize,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error(&mut self, loc: &Loc, message: impl Into<String>, help: impl Into<String>) {
        self.push(Diagnostic::error(loc, message).help(help));
    }

    pub fn warning(
        &mut self,
        lint: Lint,
        loc: &Loc,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(lint, loc, message).help(help));
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file and position, errors and warnings interleaved, so the
    /// output reads like the doc from top to bottom whatever the check order.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| {
            (&a.loc.file, a.loc.offset, b.severity).cmp(&(&b.loc.file, b.loc.offset, a.severity))
        });
        self
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}
