//! Each cross-check on a broken copy of the Org docs (the frozen copy in
//! `tests/frozen-org`): the error names the file and line of the cause, and
//! the run produces no files.

mod common;

use codegen::{Diagnostic, Sources};

/// The frozen Org docs with edits: (file, text to find, replacement). Each text must
/// occur in the file; the edit replaces its first occurrence.
fn spec_with(edits: &[(&str, &str, &str)]) -> Sources {
    common::frozen_org(|name, mut text| {
        for (_, from, to) in edits.iter().filter(|(file, _, _)| *file == name) {
            assert!(text.contains(from), "{name} has no `{from}`");
            text = text.replacen(from, to, 1);
        }
        text
    })
}

/// The line of the edited `file` that holds `needle`, so a test names the
/// line it means by its text.
fn line_of(edits: &[(&str, &str, &str)], file: &str, needle: &str) -> u32 {
    let sources = spec_with(edits);
    let text = &sources.iter().find(|f| &*f.name == file).unwrap().text;
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{file} has no `{needle}`"));
    text[..at].matches('\n').count() as u32 + 1
}

/// The errors of a run, which must have produced nothing.
fn errors(edits: &[(&str, &str, &str)]) -> Vec<Diagnostic> {
    let sources = spec_with(edits);
    let options = codegen::Options::new("../mdsdk-runtime", "0.1.0").parallel(false);
    let diagnostics =
        codegen::generate(&sources, &options).expect_err("the broken spec must not generate");
    diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// Asserts there is exactly one error, at `file:line`, saying `message`.
#[track_caller]
fn assert_one_error(
    edits: &[(&str, &str, &str)],
    file: &str,
    line: u32,
    message: &str,
) -> Diagnostic {
    let errors = errors(edits);
    let [error] = errors.as_slice() else {
        panic!("expected one error, got {errors:#?}")
    };
    assert_eq!((&*error.loc.file, error.loc.line), (file, line), "{error}");
    assert!(
        error.message.contains(message),
        "`{}` does not say `{message}`",
        error.message
    );
    assert!(
        error.help.is_some(),
        "{error} says nothing about what to do"
    );
    error.clone()
}

#[test]
fn a_link_to_a_missing_schema() {
    let error = assert_one_error(
        &[("org.md", "(_schemas.md#success)", "(_schemas.md#succes)")],
        "org.md",
        40,
        "names the anchor `#succes`, which no schema has",
    );
    assert_eq!(error.loc.column, 9);
}

#[test]
fn an_action_without_a_route() {
    let error = assert_one_error(
        &[("api.toml", "get = \"GET /orgs/{orgId}\"\n", "")],
        "org.md",
        50,
        "action `Get` has no route",
    );
    assert!(
        error
            .help
            .unwrap()
            .contains("get = \"METHOD /path\"` under `[routes.org]`")
    );
}

#[test]
fn a_route_without_an_action() {
    let edits = &[(
        "api.toml",
        "get = ",
        "archive = \"POST /orgs/{orgId}/archive\"\nget = ",
    )];
    assert_one_error(
        edits,
        "api.toml",
        line_of(edits, "api.toml", "archive ="),
        "route `org.archive` names no action",
    );
}

#[test]
fn a_route_for_an_unknown_resource() {
    let edits = &[(
        "api.toml",
        "[routes.org]",
        "[routes.device]\nget = \"GET /devices/{deviceId}\"\n\n[routes.org]",
    )];
    assert_one_error(
        edits,
        "api.toml",
        line_of(edits, "api.toml", "get = \"GET /devices"),
        "route `device.get` names no action",
    );
}

#[test]
fn a_placeholder_that_names_no_parameter() {
    let edits = &[(
        "api.toml",
        "get = \"GET /orgs/{orgId}\"",
        "get = \"GET /orgs/{organizationId}\"",
    )];
    assert_one_error(
        edits,
        "api.toml",
        line_of(edits, "api.toml", "get = \"GET /orgs/{organizationId}"),
        "the path names `{organizationId}`, which `Get` does not take",
    );
}

#[test]
fn a_placeholder_that_names_an_optional_parameter() {
    assert_one_error(
        &[(
            "org.md",
            "| orgId | string | Y | ID associated with the organization |  |\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Organization]",
            "| orgId | string | N | ID associated with the organization |  |\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Organization]",
        )],
        "org.md",
        64,
        "`orgId` is in the path of `Get` but optional",
    );
}

#[test]
fn an_action_missing_from_the_contents() {
    assert_one_error(
        &[("org.md", "*   [Get](#get)\n", "")],
        "org.md",
        49,
        "action `Get` is missing from the Contents list",
    );
}

#[test]
fn a_contents_entry_without_an_action() {
    assert_one_error(
        &[(
            "org.md",
            "*   [Get](#get)",
            "*   [Get](#get)\n*   [Archive](#archive)",
        )],
        "org.md",
        11,
        "the Contents list links `#archive`, which no action heading has",
    );
}

#[test]
fn a_parameter_table_without_its_columns() {
    // The action is left out, so its route's placeholder is not reported too.
    assert_one_error(
        &[(
            "org.md",
            "| Name | Type | Required | Description | Default |",
            "| Name | Kind | Required | Description | Default |",
        )],
        "org.md",
        32,
        "the parameter table has no Type column",
    );
}

#[test]
fn a_schema_that_is_not_json() {
    let error = assert_one_error(
        &[(
            "_schemas.md",
            "\"message\": {\n      \"type\": \"string\"\n    }",
            "\"message\": {\n      \"type\": \"string\",\n    }",
        )],
        "_schemas.md",
        32,
        "the schema `Error` is not valid JSON: trailing comma",
    );
    assert_eq!(error.loc.column, 5);
}

#[test]
fn a_broken_overlay() {
    let edits = &[("api.toml", "[api]", "[api")];
    assert_one_error(
        edits,
        "api.toml",
        line_of(edits, "api.toml", "[api\n"),
        "api.toml cannot be read",
    );
}

#[test]
fn every_error_of_a_run_is_reported() {
    let errors = errors(&[
        ("org.md", "(_schemas.md#success)", "(_schemas.md#succes)"),
        ("api.toml", "get = \"GET /orgs/{orgId}\"\n", ""),
        ("org.md", "*   [Patch](#patch)\n", ""),
    ]);
    let lines: Vec<String> = errors.iter().map(|e| e.loc.to_string()).collect();
    // The Contents edit removes line 12, so the later lines move up by one.
    assert_eq!(lines, ["org.md:39:9", "org.md:49:1", "org.md:147:1"]);
}

#[test]
fn errors_render_with_a_snippet_and_a_hint() {
    let sources = spec_with(&[("org.md", "(_schemas.md#success)", "(_schemas.md#succes)")]);
    let (_, diagnostics) = codegen::build_ir(&sources);
    insta::assert_snapshot!(diagnostics.render(&sources, codegen::RenderOptions::default()));
}

#[test]
fn a_duplicate_action() {
    let errors = errors(&[(
        "org.md",
        "## Get\n",
        "## Get\n\nAgain.\n\n```python\nresult = client.org.get(orgId=my_org_id)\n```\n\n#### Available Parameters\n\nNo parameters needed for this call.\n\n## Get\n",
    )]);
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("org.md:62:1: error: a second action is named `org.get`")),
        "{messages:#?}"
    );
}

#[test]
fn a_route_with_an_unknown_method() {
    let edits = &[(
        "api.toml",
        "get = \"GET /orgs/{orgId}\"",
        "get = \"FETCH /orgs/{orgId}\"",
    )];
    assert_one_error(
        edits,
        "api.toml",
        line_of(edits, "api.toml", "get = \"FETCH"),
        "`FETCH` is not an HTTP method",
    );
}

#[test]
fn a_route_override_of_an_unknown_parameter() {
    let edits = &[(
        "api.toml",
        "remove_member = \"DELETE /orgs/{orgId}/member\"",
        "remove_member = { route = \"DELETE /orgs/{orgId}/member\", params = { memberId = \"query\" } }",
    )];
    assert_one_error(
        edits,
        "api.toml",
        line_of(edits, "api.toml", "remove_member ="),
        "the route overrides `memberId`, which `Remove Member` does not take",
    );
}

#[test]
fn a_table_without_its_separator_line() {
    assert_one_error(
        &[(
            "org.md",
            "| Name | Type | Required | Description | Default |\n| ---- | ---- | -------- | ----------- | ------- |\n| orgId | string | Y | ID associated with the organization |  |\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Success]",
            "| Name | Type | Required | Description | Default |\n| orgId | string | Y | ID associated with the organization |  |\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Success]",
        )],
        "org.md",
        32,
        "this table cannot be read",
    );
}

#[test]
fn schema_warnings_point_into_the_json_block() {
    let edits = &[(
        "_schemas.md",
        "\"format\": \"date-time\"",
        "\"format\": \"date-time\",\n      \"minLenght\": 3",
    )];
    let sources = spec_with(edits);
    let (api, diagnostics) = codegen::build_ir(&sources);
    assert!(api.is_some());
    let warnings: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let line = line_of(edits, "_schemas.md", "\"minLenght\"");
    assert_eq!(
        warnings,
        [format!(
            "_schemas.md:{line}:7: warning[unknown_keyword]: unknown keyword `minLenght` at `organization#/properties/creationDate` is ignored\n  \
             help: remove it from the schema, or spell it as JSON Schema does"
        )]
    );
}

#[test]
fn a_parameter_row_cut_short() {
    let edits = &[(
        "org.md",
        "| member | [Organization Member Patch](_schemas.md#organization-member-patch) | Y | Object containing new member pair |  |",
        "| member | [Organization Member Patch](_schemas.md#organization-member-patch) |",
    )];
    assert_one_error(
        edits,
        "org.md",
        line_of(edits, "org.md", "| member | [Organization Member Patch]"),
        "the row of parameter `member` has 2 cells where the header has 5: no `Required`, `Description`, `Default` cell",
    );
}
