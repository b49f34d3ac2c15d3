//! The docs' examples against the types generated for them, on the frozen
//! Org docs with `### Example` sections added: one that fits is a test in
//! `tests/examples.rs`, one that contradicts its schema (or is not JSON) a
//! warning at its line and no test.

mod common;

use codegen::{Diagnostics, Lint, Sources};

/// The frozen Org docs, with `example` as the `### Example` of the schema
/// whose section ends with `schema_end` (the last lines of its block).
fn spec_with_example(schema_end: &str, example: &str) -> Sources {
    spec_with(Some((schema_end, example)), "")
}

/// The frozen Org docs with an example (where, what) and `lints` appended
/// to the overlay.
fn spec_with(example: Option<(&str, &str)>, lints: &str) -> Sources {
    common::frozen_org(|name, mut text| {
        if let (Some((schema_end, example)), "_schemas.md") = (example, name) {
            let end = format!("{schema_end}\n```\n");
            assert!(text.contains(&end), "no schema ends with `{schema_end}`");
            text = text.replacen(
                &end,
                &format!("{end}\n### Example\n\n```json\n{example}\n```\n"),
                1,
            );
        }
        if name == "api.toml" {
            text.push_str(lints);
        }
        text
    })
}

/// The end of the Organization Patch schema, which allows no other properties.
const PATCH_END: &str = "  },\n  \"additionalProperties\": false\n}";

fn warnings(sources: &Sources) -> Diagnostics {
    let (api, diagnostics) = codegen::build_ir(sources);
    assert!(api.is_some(), "{diagnostics}");
    diagnostics
}

fn example_tests(sources: &Sources) -> Option<String> {
    let options = codegen::Options::new("../mdsdk-runtime", "0.1.0").parallel(false);
    let files = codegen::generate(sources, &options).unwrap().files;
    files
        .into_iter()
        .find(|f| f.path == "tests/examples.rs")
        .map(|f| f.contents)
}

fn line_of(sources: &Sources, needle: &str) -> u32 {
    let text = &sources.get("_schemas.md").unwrap().text;
    let at = text.find(needle).unwrap();
    text[..at].matches('\n').count() as u32 + 1
}

#[test]
fn an_example_that_fits_is_a_test_and_no_warning() {
    let sources = spec_with_example(PATCH_END, r#"{ "name": "Renamed", "description": "" }"#);
    assert!(warnings(&sources).is_empty());
    let tests = example_tests(&sources).expect("a test file");
    assert!(tests.contains("fn organization_patch() {"), "{tests}");
    assert!(
        tests.contains(r##"let json = r#"{ "name": "Renamed", "description": "" }"#;"##),
        "{tests}"
    );
    assert!(tests.contains("assert_round_trip::<models::OrganizationPatch>(json);"));
}

#[test]
fn without_examples_there_is_no_test_file() {
    assert!(example_tests(&spec_with_example(PATCH_END, "{}")).is_some());
    assert_eq!(example_tests(&spec_with(None, "")), None);
}

#[test]
fn an_example_that_contradicts_its_schema_is_a_warning_at_the_property() {
    let cases = [
        (
            r#"{ "name": 7 }"#,
            "\"name\": 7",
            "does not fit its type `OrganizationPatch` at `/name`: expected a string, found `7`",
        ),
        (
            "{\n  \"name\": \"x\",\n  \"color\": \"red\"\n}",
            "\"color\"",
            "at `/color`: a property the schema does not list, where it allows no others, is dropped",
        ),
        (
            r#"{ "description": null }"#,
            "\"description\": null",
            "at `/description`: `null` where the schema allows none is read as left out, and dropped",
        ),
    ];
    for (example, place, message) in cases {
        let sources = spec_with_example(PATCH_END, example);
        let diagnostics = warnings(&sources);
        let [warning] = diagnostics.iter().collect::<Vec<_>>()[..] else {
            panic!("one warning expected: {diagnostics}");
        };
        assert_eq!(warning.lint, Some(Lint::ExampleMismatch));
        assert_eq!(warning.loc.line, line_of(&sources, place), "{warning}");
        assert!(warning.message.contains(message), "{warning}");
        assert!(
            warning
                .message
                .starts_with("the example of schema `Organization Patch`")
        );
        assert_eq!(example_tests(&sources), None, "no test of it");
    }
}

#[test]
fn an_example_that_is_not_json_is_a_warning_where_it_stops_being_json() {
    let sources = spec_with_example(PATCH_END, "{\n  name: 'Renamed'\n}");
    let diagnostics = warnings(&sources);
    let [warning] = diagnostics.iter().collect::<Vec<_>>()[..] else {
        panic!("one warning expected: {diagnostics}");
    };
    assert_eq!(warning.lint, Some(Lint::InvalidExample));
    assert_eq!(warning.loc.line, line_of(&sources, "  name: 'Renamed'"));
    assert_eq!(warning.loc.column, 3, "{warning}");
    assert!(warning.message.contains("is not JSON"), "{warning}");
}

#[test]
fn a_kind_of_example_warning_can_be_allowed_for_one_schema() {
    let sources = spec_with(
        Some((PATCH_END, r#"{ "name": 7 }"#)),
        "\n[lints]\nexample_mismatch = { allow = [\"organization-patch\"] }\n",
    );
    let diagnostics = warnings(&sources);
    assert!(diagnostics.is_empty(), "{diagnostics}");
    assert_eq!(diagnostics.allowed, 1);
}
