//! Kinds of warnings, and what the overlay's `[lints]` table says of them.
//!
//! Vendor docs repeat the same small mistake dozens of times. Each warning
//! has a kind, a [`Lint`], so the report can group them, and so a team can
//! allow a kind, or one schema location, on purpose (as Cargo's `[lints]`
//! table does for rustc's) and reach zero warnings on docs it cannot fix.

use std::fmt;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::source::Loc;

/// Declares [`Lint`] with each kind's name in `api.toml` and what it means.
macro_rules! lints {
    ($($variant:ident = $name:literal: $what:literal,)*) => {
        /// A kind of warning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Lint {
            $(#[doc = $what] $variant,)*
        }

        impl Lint {
            /// Every kind, in the order the docs list them.
            pub const ALL: &[Lint] = &[$(Lint::$variant),*];

            /// The name `api.toml` and the report use: `unknown_keyword`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Lint::$variant => $name,)*
                }
            }

            /// What a warning of this kind is about.
            pub fn what(self) -> &'static str {
                match self {
                    $(Lint::$variant => $what,)*
                }
            }
        }
    };
}

lints! {
    SkippedContent = "skipped_content": "Doc content the parser does not read: an unknown section, text or a table outside its section.",
    ExampleWithoutCall = "example_without_call": "An action's example holds no `client.<resource>.<method>(` call.",
    MissingParameters = "missing_parameters": "An action without an `Available Parameters` section.",
    MissingSuccess = "missing_success": "An action that documents no successful response.",
    UnreadValues = "unread_values": "A parameter's description announces accepted values that are not a list of words.",
    NonJsonBlock = "non_json_block": "A schema section's code block is not tagged as JSON.",
    MixedErrorSchemas = "mixed_error_schemas": "Error responses link more than one schema.",
    DuplicateKey = "duplicate_key": "A key written twice in one object of a schema's JSON: the last one is read.",
    UnknownKeyword = "unknown_keyword": "A JSON Schema keyword the generator does not know, ignored.",
    NumberAsString = "number_as_string": "A numeric keyword written as a string (`\"10\"`).",
    TypeAsString = "type_as_string": "A type name written as a string where a schema belongs.",
    NotASchema = "not_a_schema": "A value where a schema belongs that is not one.",
    UnknownType = "unknown_type": "A `type` that JSON Schema does not have.",
    IndistinctUnion = "indistinct_union": "`oneOf`/`anyOf` variants that one JSON kind cannot tell apart.",
    SelfReference = "self_reference": "A `$ref` that refers to itself through a non-object.",
    UnresolvedRef = "unresolved_ref": "A `$ref` that names no documented schema.",
    ExampleMismatch = "example_mismatch": "A documented example that its type cannot decode and encode back as written: it contradicts its schema.",
    InvalidExample = "invalid_example": "A schema's example that is not JSON.",
    UnusedAllow = "unused_allow": "A `[lints]` allow entry that matched no warning.",
}

impl Lint {
    /// The kind called `name` in `api.toml`.
    pub fn from_name(name: &str) -> Option<Lint> {
        Lint::ALL.iter().copied().find(|l| l.name() == name)
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What to do with the warnings of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; fatal only with `--deny-warnings`.
    Warn,
    /// Reported as an error: nothing is generated.
    Deny,
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        Some(match text {
            "allow" => Level::Allow,
            "warn" => Level::Warn,
            "deny" => Level::Deny,
            _ => return None,
        })
    }
}

/// The `[lints]` table of the overlay.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LintConfig {
    /// A level per kind, where the table sets one.
    pub levels: Vec<(Lint, Level)>,
    /// Warnings allowed at one schema location only.
    pub allowed_at: Vec<AllowAt>,
}

/// `unresolved_ref = { allow = ["device#/properties/parent"] }`: one kind
/// allowed at one location and everything under it.
#[derive(Debug, Clone, PartialEq)]
pub struct AllowAt {
    pub lint: Lint,
    /// A schema's anchor, then optionally `#` and a JSON pointer into it.
    pub origin: String,
    /// The entry in `api.toml`, for reporting it when it matches nothing.
    pub loc: Loc,
}

impl AllowAt {
    fn covers(&self, diagnostic: &Diagnostic, lint: Lint) -> bool {
        let Some(origin) = &diagnostic.origin else {
            return false;
        };
        let wanted = self.origin.trim_end_matches('/');
        lint == self.lint
            && origin.strip_prefix(wanted).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('/') || rest.starts_with('#')
            })
    }
}

impl LintConfig {
    fn level(&self, lint: Lint) -> Level {
        self.levels
            .iter()
            .rev()
            .find(|(l, _)| *l == lint)
            .map_or(Level::Warn, |(_, level)| *level)
    }

    /// `diagnostics` with the table applied: allowed warnings dropped (and
    /// counted), denied ones made errors, and a warning for each location
    /// entry that matched nothing, as the docs it was written for changed.
    pub fn apply(&self, diagnostics: Diagnostics) -> Diagnostics {
        let mut used = vec![false; self.allowed_at.len()];
        let mut out = Diagnostics {
            allowed: diagnostics.allowed,
            ..Diagnostics::default()
        };
        for mut diagnostic in diagnostics {
            let Some(lint) = diagnostic.lint.filter(|_| !diagnostic.is_error()) else {
                out.push(diagnostic);
                continue;
            };
            if let Some(at) = self
                .allowed_at
                .iter()
                .position(|a| a.covers(&diagnostic, lint))
            {
                used[at] = true;
                out.allowed += 1;
                continue;
            }
            match self.level(lint) {
                Level::Allow => out.allowed += 1,
                Level::Warn => out.push(diagnostic),
                Level::Deny => {
                    diagnostic.severity = Severity::Error;
                    diagnostic.help = Some(format!(
                        "{}; it is an error because `[lints] {lint} = \"deny\"`",
                        diagnostic.help.as_deref().unwrap_or("fix it in the docs")
                    ));
                    out.push(diagnostic);
                }
            }
        }
        for (entry, used) in self.allowed_at.iter().zip(used) {
            if !used && self.level(Lint::UnusedAllow) != Level::Allow {
                out.push(
                    Diagnostic::warning(
                        Lint::UnusedAllow,
                        &entry.loc,
                        format!(
                            "no `{}` warning is at `{}`: this allow entry is stale",
                            entry.lint, entry.origin
                        ),
                    )
                    .help("remove it, or name the location the warning now reports"),
                );
            }
        }
        out.sorted()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(lint: Lint, origin: &str) -> Diagnostic {
        Diagnostic::warning(lint, &Loc::default(), "w").at_origin(origin)
    }

    fn config(levels: &[(Lint, Level)], allowed_at: &[(Lint, &str)]) -> LintConfig {
        LintConfig {
            levels: levels.to_vec(),
            allowed_at: allowed_at
                .iter()
                .map(|(lint, origin)| AllowAt {
                    lint: *lint,
                    origin: (*origin).into(),
                    loc: Loc::default(),
                })
                .collect(),
        }
    }

    fn all(diagnostics: &[Diagnostic]) -> Diagnostics {
        let mut out = Diagnostics::default();
        for d in diagnostics {
            out.push(d.clone());
        }
        out
    }

    #[test]
    fn a_kind_can_be_allowed_warned_or_denied() {
        let input = all(&[
            warning(Lint::UnknownKeyword, "a#/properties/x"),
            warning(Lint::UnresolvedRef, "b#/items"),
            warning(Lint::IndistinctUnion, "c#"),
        ]);
        let out = config(
            &[
                (Lint::UnknownKeyword, Level::Allow),
                (Lint::UnresolvedRef, Level::Deny),
            ],
            &[],
        )
        .apply(input);
        assert_eq!(out.allowed, 1);
        let kinds: Vec<_> = out.iter().map(|d| (d.lint, d.severity)).collect();
        assert_eq!(
            kinds,
            [
                (Some(Lint::UnresolvedRef), Severity::Error),
                (Some(Lint::IndistinctUnion), Severity::Warning),
            ]
        );
    }

    #[test]
    fn a_location_allows_itself_and_what_is_under_it_only() {
        let input = all(&[
            warning(Lint::UnknownKeyword, "device#/properties/x"),
            warning(Lint::UnknownKeyword, "device#/properties/xy"),
            warning(Lint::UnknownKeyword, "device#/properties/x/items"),
            warning(Lint::UnresolvedRef, "device#/properties/x"),
        ]);
        let out = config(
            &[],
            &[
                (Lint::UnknownKeyword, "device#/properties/x"),
                (Lint::UnknownKeyword, "gone#"),
            ],
        )
        .apply(input);
        assert_eq!(out.allowed, 2);
        let left: Vec<_> = out
            .iter()
            .map(|d| (d.lint.unwrap(), d.origin.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            left,
            [
                (Lint::UnknownKeyword, "device#/properties/xy".into()),
                (Lint::UnresolvedRef, "device#/properties/x".into()),
                (Lint::UnusedAllow, String::new()),
            ]
        );
    }

    #[test]
    fn names_round_trip() {
        for lint in Lint::ALL {
            assert_eq!(Lint::from_name(lint.name()), Some(*lint));
        }
        assert_eq!(Lint::from_name("unknown-keyword"), None);
    }
}
