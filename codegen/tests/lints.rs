//! The overlay's `[lints]` table on the json-schema fixture, whose docs
//! carry one warning of each of five kinds: a kind allowed, denied, or
//! allowed at one schema location; mistakes in the table itself.

use std::path::Path;

use codegen::{Diagnostic, Diagnostics, Lint, SourceFile, Sources};

/// The fixture's docs with `table` appended to its `api.toml`.
fn fixture_with(table: &str) -> Sources {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/json-schema");
    let mut sources = Sources::default();
    for name in ["_schemas.md", "api.toml", "things.md"] {
        let mut text = std::fs::read_to_string(dir.join(name)).unwrap();
        if name == "api.toml" {
            text.push_str(table);
        }
        sources.add(SourceFile::new(name, name, text));
    }
    sources
}

fn kinds(diagnostics: &Diagnostics) -> Vec<(Lint, bool)> {
    diagnostics
        .iter()
        .filter_map(|d| Some((d.lint?, d.is_error())))
        .collect()
}

const ALL_FIVE: [Lint; 5] = [
    Lint::IndistinctUnion,
    Lint::UnresolvedRef,
    Lint::TypeAsString,
    Lint::NumberAsString,
    Lint::UnknownKeyword,
];

#[test]
fn without_a_table_every_warning_is_reported() {
    let (api, diagnostics) = codegen::build_ir(&fixture_with(""));
    assert!(api.is_some());
    let expected: Vec<_> = ALL_FIVE.iter().map(|l| (*l, false)).collect();
    assert_eq!(kinds(&diagnostics), expected);
    assert_eq!(diagnostics.allowed, 0);
}

#[test]
fn an_allowed_kind_is_left_out_and_counted() {
    let (api, diagnostics) = codegen::build_ir(&fixture_with(
        "\n[lints]\nunknown_keyword = \"allow\"\nunresolved_ref = { level = \"allow\" }\n",
    ));
    assert!(api.is_some());
    assert_eq!(
        kinds(&diagnostics),
        [
            (Lint::IndistinctUnion, false),
            (Lint::TypeAsString, false),
            (Lint::NumberAsString, false),
        ]
    );
    assert_eq!(diagnostics.allowed, 2);
    assert_eq!(
        diagnostics
            .summary(codegen::RenderOptions::default())
            .unwrap(),
        "3 warnings of 3 kinds; 2 allowed by `[lints]`"
    );
}

#[test]
fn a_denied_kind_is_an_error_and_nothing_is_generated() {
    let sources = fixture_with("\n[lints]\nnumber_as_string = \"deny\"\n");
    let (api, diagnostics) = codegen::build_ir(&sources);
    assert!(api.is_none());
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{diagnostics}");
    assert_eq!(errors[0].lint, Some(Lint::NumberAsString));
    assert!(errors[0].help.as_deref().unwrap().contains("deny"));
    assert!(
        errors[0]
            .to_string()
            .starts_with("_schemas.md:109:38: error[number_as_string]:")
    );
}

#[test]
fn a_location_allows_that_place_only() {
    let (_, diagnostics) = codegen::build_ir(&fixture_with(
        "\n[lints]\nunresolved_ref = { allow = [\"kitchen-sink#/properties/legacy\"] }\n\
         unknown_keyword = { allow = [\"kitchen-sink#/properties/somewhere-else\"] }\n",
    ));
    assert_eq!(diagnostics.allowed, 1, "{diagnostics}");
    let left = kinds(&diagnostics);
    assert!(
        !left.contains(&(Lint::UnresolvedRef, false)),
        "{diagnostics}"
    );
    assert!(
        left.contains(&(Lint::UnknownKeyword, false)),
        "{diagnostics}"
    );
    let stale: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.lint == Some(Lint::UnusedAllow))
        .map(|d| format!("{}:{}", d.loc.file, d.loc.line))
        .collect();
    let line = fixture_with("")
        .get("api.toml")
        .unwrap()
        .text
        .lines()
        .count()
        + 4;
    assert_eq!(stale, [format!("api.toml:{line}")]);
}

#[test]
fn mistakes_in_the_table_are_errors_at_their_line() {
    let sources =
        fixture_with("\n[lints]\nunknown-keyword = \"allow\"\nunresolved_ref = \"silence\"\n");
    let (api, diagnostics) = codegen::build_ir(&sources);
    assert!(api.is_none());
    let base = fixture_with("")
        .get("api.toml")
        .unwrap()
        .text
        .lines()
        .count() as u32;
    let errors: Vec<(u32, String)> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.loc.line, d.message.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                base + 3,
                "`unknown-keyword` is not a kind of warning".into()
            ),
            (base + 4, "`silence` is not a lint level".into()),
        ]
    );
}
