//! The change report for each kind of docs change: the frozen Org docs
//! (`tests/frozen-org`) as the old docs, the same with an edit as the new
//! ones, the report snapshot-tested.

use std::path::Path;

use codegen::changes::{self, Impact};
use codegen::{SourceFile, Sources};

/// The frozen Org docs with edits: (file, text to find, replacement), plus files to add.
fn spec_with(edits: &[(&str, &str, &str)]) -> Sources {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/frozen-org");
    let mut sources = Sources::default();
    let mut names = vec!["_schemas.md", "api.toml", "org.md"];
    names.extend(
        edits
            .iter()
            .map(|(file, _, _)| *file)
            .filter(|f| !dir.join(f).exists()),
    );
    names.dedup();
    for name in names {
        let mut text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        for (_, from, to) in edits.iter().filter(|(file, _, _)| *file == name) {
            assert!(text.contains(from), "{name} has no `{from}`");
            text = text.replacen(from, to, 1);
        }
        sources.add(SourceFile::new(name, name, text));
    }
    sources
}

/// The report of going from the frozen Org docs to them with `edits`.
fn report(edits: &[(&str, &str, &str)]) -> (String, Option<Impact>) {
    report_between(&[], edits)
}

/// The report of going from the frozen Org docs with `old` edits to them
/// with `new` edits.
fn report_between(
    old: &[(&str, &str, &str)],
    new: &[(&str, &str, &str)],
) -> (String, Option<Impact>) {
    let (old, diagnostics) = codegen::build_ir(&spec_with(old));
    let old = old.unwrap_or_else(|| panic!("the old docs have errors:\n{diagnostics}"));
    // As `cargo xtask codegen` runs: the new names keep the old ones.
    let lock = codegen::Lock::from_ir(&old);
    let (new, diagnostics) = codegen::build_ir_keeping(&spec_with(new), &lock);
    let new = new.unwrap_or_else(|| panic!("the new docs have errors:\n{diagnostics}"));
    let found = changes::compare(&old, &new);
    let impact = found.iter().map(|c| c.impact).max();
    (changes::markdown("losant-rest", "0.1.0", &found), impact)
}

#[test]
fn no_change() {
    let (report, impact) = report(&[]);
    assert_eq!(impact, None);
    insta::assert_snapshot!(report, @r"
    ## API changes of `losant-rest`

    No change to the API.
    ");
}

#[test]
fn an_optional_parameter_added() {
    let (report, impact) = report(&[(
        "org.md",
        "| userId | string | Y | Id of user to remove |  |",
        "| userId | string | Y | Id of user to remove |  |\n| notify | string | N | Whether to email the user |  |",
    )]);
    assert_eq!(impact, Some(Impact::Minor));
    insta::assert_snapshot!(report);
}

#[test]
fn a_required_parameter_added() {
    let (report, impact) = report(&[(
        "org.md",
        "| inviteId | string | Y | Id of invite to revoke |  |",
        "| inviteId | string | Y | Id of invite to revoke |  |\n| reason | string | Y | Why it is revoked |  |",
    )]);
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
}

#[test]
fn a_parameter_removed_made_optional_and_retyped() {
    let (report, impact) = report(&[
        (
            "org.md",
            "| userId | string | Y | Id of user to remove |  |\n",
            "",
        ),
        (
            "org.md",
            "| inviteId | string | Y | Id of invite to revoke |  |",
            "| inviteId | string | N | Id of invite to revoke |  |",
        ),
        (
            "org.md",
            "| organization | [Organization Patch](_schemas.md#organization-patch) | Y |",
            "| organization | [Organization](_schemas.md#organization) | Y |",
        ),
    ]);
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
}

#[test]
fn schema_fields_added_removed_and_retyped() {
    let (report, impact) = report(&[
        (
            "_schemas.md",
            "\"appCount\": {\n          \"type\": \"number\"",
            "\"appCount\": {\n          \"type\": \"integer\"",
        ),
        (
            "_schemas.md",
            "    \"message\": {\n      \"type\": \"string\"\n    }",
            "    \"message\": {\n      \"type\": \"string\"\n    },\n    \"code\": {\n      \"type\": \"integer\"\n    }",
        ),
        (
            "_schemas.md",
            "    \"hasExpired\": {\n        \"type\": \"boolean\"\n      }",
            "    \"expired\": {\n        \"type\": \"boolean\"\n      }",
        ),
    ]);
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
}

/// Properties that may be `null` in the frozen docs: an optional one of a
/// response type, an optional one of a PATCH body, a required one of a
/// body.
const MADE_NULLABLE: &[(&str, &str, &str)] = &[
    (
        "_schemas.md",
        "\"orgId\": {\n      \"type\": \"string\",",
        "\"orgId\": {\n      \"type\": [\"string\", \"null\"],",
    ),
    (
        "_schemas.md",
        "\"description\": {\n      \"type\": \"string\",\n      \"maxLength\": 32767\n    }\n  },\n  \"additionalProperties\": false",
        "\"description\": {\n      \"oneOf\": [{ \"type\": \"string\", \"maxLength\": 32767 }, { \"type\": \"null\" }]\n    }\n  },\n  \"additionalProperties\": false",
    ),
    (
        "_schemas.md",
        "\"userId\": {\n      \"type\": \"string\",\n      \"pattern\": \"^[A-Fa-f\\\\d]{24}$\"\n    },\n    \"role\"",
        "\"userId\": {\n      \"type\": \"string\",\n      \"nullable\": true,\n      \"pattern\": \"^[A-Fa-f\\\\d]{24}$\"\n    },\n    \"role\"",
    ),
];

#[test]
fn properties_made_nullable() {
    let (report, impact) = report(MADE_NULLABLE);
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
}

#[test]
fn properties_no_longer_nullable() {
    let (old, _) = codegen::build_ir(&spec_with(MADE_NULLABLE));
    let (new, _) = codegen::build_ir(&spec_with(&[]));
    let found = changes::compare(&old.unwrap(), &new.unwrap());
    assert!(found.iter().all(|c| c.impact == Impact::Major), "{found:?}");
    let whats: Vec<&str> = found.iter().map(|c| c.what.as_str()).collect();
    assert_eq!(
        whats,
        [
            "field `orgId` may no longer be `null`: the field is now `Option<String>` (was `Nullable<String>`)",
            "field `userId` may no longer be `null`: the field is now `String` (was `Option<String>`)",
            "field `description` may no longer be `null`: the field is now `Option<String>` (was `Nullable<String>`)",
        ]
    );
}

#[test]
fn an_enum_value_added_everywhere() {
    let edits: Vec<(&str, &str, &str)> = (0..4)
        .map(|_| {
            (
                "_schemas.md",
                "\"view\"\n",
                "\"view\",\n              \"owner\"\n",
            )
        })
        .collect();
    let (report, impact) = report(&edits);
    assert_eq!(impact, Some(Impact::Minor));
    insta::assert_snapshot!(report);
}

#[test]
fn response_codes_and_the_success_type() {
    let (report, impact) = report(&[
        (
            "org.md",
            "| 404 | [Error](_schemas.md#error) | Error if organization was not found |",
            "| 429 | [Error](_schemas.md#error) | Error if too many requests |",
        ),
        (
            "org.md",
            "| 200 | [Organization Invitations](_schemas.md#organization-invitations) | Invitation information |\n\n#### Error Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 404 |",
            "| 200 | [Success](_schemas.md#success) | Invitation information |\n\n#### Error Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 404 |",
        ),
    ]);
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
}

#[test]
fn a_route_moved() {
    let (report, impact) = report(&[(
        "api.toml",
        "get = \"GET /orgs/{orgId}\"",
        "get = \"GET /organizations/{orgId}\"",
    )]);
    assert_eq!(impact, Some(Impact::Patch));
    insta::assert_snapshot!(report);
}

#[test]
fn an_action_removed() {
    let (report, impact) = report(&[
        ("org.md", "*   [Revoke Invite](#revoke-invite)\n", ""),
        ("org.md", "## Revoke Invite", "## Revoke Invite Gone"),
        (
            "org.md",
            "client.org.revoke_invite(",
            "client.org.revoke_invite_gone(",
        ),
        (
            "org.md",
            "*   [Remove Member](#remove-member)",
            "*   [Remove Member](#remove-member)\n*   [Revoke Invite Gone](#revoke-invite-gone)",
        ),
        ("api.toml", "revoke_invite = ", "revoke_invite_gone = "),
    ]);
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
}

#[test]
fn a_resource_added() {
    let doc = "# Me Actions\n\nDetails on the Me resource.\n\n## Get\n\nRetrieves the current user\n\n\
               ```python\nresult = client.me.get()\n```\n\n#### Available Parameters\n\nNo parameters needed for this call.\n\n\
               #### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n\
               | 200 | [Success](_schemas.md#success) | Current user |\n";
    let (report, impact) = report(&[
        ("me.md", "", doc),
        (
            "api.toml",
            "[routes.org]",
            "[routes.me]\nget = \"GET /me\"\n\n[routes.org]",
        ),
    ]);
    assert_eq!(impact, Some(Impact::Minor));
    insta::assert_snapshot!(report);
}

#[test]
fn a_query_style_stated_and_changed() {
    let filter = (
        "org.md",
        "| userId | string | Y | Id of user to remove |  |",
        "| userId | string | Y | Id of user to remove |  |\n| filter | [Organization Patch](_schemas.md#organization-patch) | N | Which members |  |",
    );
    let (added, impact) = report(&[filter]);
    assert_eq!(impact, Some(Impact::Minor));
    assert!(
        added.contains(
            "optional parameter `filter` added: a new setter, sent in the query as one JSON-encoded value"
        ),
        "{added}"
    );
    let brackets = (
        "api.toml",
        "header_params = [\"losantdomain\"]",
        "header_params = [\"losantdomain\"]\nquery_style = \"brackets\"",
    );
    let (old, _) = codegen::build_ir(&spec_with(&[filter]));
    let (new, _) = codegen::build_ir(&spec_with(&[filter, brackets]));
    let found = changes::compare(&old.unwrap(), &new.unwrap());
    insta::assert_snapshot!(changes::markdown("losant-rest", "0.1.0", &found), @r"
    ## API changes of `losant-rest`

    Version: `0.1.0` → `0.1.1` (the largest change is patch-level).

    ### No API change (1)

    - `org.remove_member`: query parameter `filter` is now sent flattened with brackets (`name[key]=value`) (was as one JSON-encoded value)
    ");
}

#[test]
fn success_statuses_with_different_bodies_become_an_enum_and_grow() {
    let invited = "| 200 | [Organization Invitations](_schemas.md#organization-invitations) | Invitation information |";
    let queued = format!("{invited}\n| 202 | [Success](_schemas.md#success) | Queued |");
    let (report, impact) = report(&[("org.md", invited, &queued)]);
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report, @r"
    ## API changes of `losant-rest`

    Version: `0.1.0` → `0.2.0` (the largest change is breaking).

    ### Breaking (1)

    - `org.invite_member`: now returns `OrgInviteMemberResponse` (was `OrganizationInvitations`)

    ### Additive (1)

    - type `OrgInviteMemberResponse`: added

    ### No API change (1)

    - `org.invite_member`: success statuses now [200, 202] (were [200])
    ");
    let (old, _) = codegen::build_ir(&spec_with(&[("org.md", invited, &queued)]));
    let more = format!("{queued}\n| 204 |  | Nothing |");
    let (new, _) = codegen::build_ir(&spec_with(&[("org.md", invited, &more)]));
    let found = changes::compare(&old.unwrap(), &new.unwrap());
    insta::assert_snapshot!(changes::markdown("losant-rest", "0.1.0", &found), @r"
    ## API changes of `losant-rest`

    Version: `0.1.0` → `0.2.0` (the largest change is breaking).

    ### Breaking (1)

    - type `OrgInviteMemberResponse`: variant `NoContent` (status 204, `()`) added

    ### No API change (1)

    - `org.invite_member`: success statuses now [200, 202, 204] (were [200, 202])
    ");
}

#[test]
fn a_list_becomes_paged() {
    let page_schema = "\n<br/>\n\n## Invitation Page\n\nA page of invitations\n\n```json\n\
                       { \"type\": \"object\", \"properties\": { \"items\": { \"type\": \"array\", \"items\": { \"type\": \"string\" } }, \"totalCount\": { \"type\": \"integer\" } } }\n```\n";
    let success = "| 200 | [Organization Invitations](_schemas.md#organization-invitations) | Invitation information |\n\n#### Error Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 404 | [Error](_schemas.md#error) | Error if organization not found |\n\n<br/>\n\n## Remove Member";
    let paged = "| page | string | N | Which page | 0 |\n| perPage | string | N | How many per page | 100 |\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Invitation Page](_schemas.md#invitation-page) | Invitation information |\n\n#### Error Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 404 | [Error](_schemas.md#error) | Error if organization not found |\n\n<br/>\n\n## Remove Member";
    let schemas_end = "    }\n  }\n}\n```\n";
    let (report, impact) = report(&[
        (
            "org.md",
            &format!(
                "\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n{success}"
            ),
            &format!("\n{paged}"),
        ),
        (
            "_schemas.md",
            schemas_end,
            &format!("{schemas_end}{page_schema}"),
        ),
    ]);
    assert_eq!(impact, Some(Impact::Major));
    assert!(
        report.contains(
            "- `org.pending_invites`: now a paged list: `pages()` and `items()` stream it (by `page`)"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "- `org.pending_invites`: now returns `InvitationPage` (was `OrganizationInvitations`)"
        ),
        "{report}"
    );
}

/// The Pending Invites action with a `sortDirection` parameter whose
/// description lists `values`.
fn sort_direction(values: &str) -> [(&'static str, &'static str, String); 1] {
    [(
        "org.md",
        "| orgId | string | Y | ID associated with the organization |  |\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Organization Invitations]",
        format!(
            "| orgId | string | Y | ID associated with the organization |  |\n\
             | sortDirection | string | N | Direction to sort the invites by.{values} | asc |\n\n\
             #### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n\
             | 200 | [Organization Invitations]"
        ),
    )]
}

fn edits<'e>(
    edits: &'e [(&'static str, &'static str, String)],
) -> Vec<(&'static str, &'static str, &'e str)> {
    edits.iter().map(|(f, a, b)| (*f, *a, b.as_str())).collect()
}

#[test]
fn an_accepted_value_added() {
    let old = sort_direction(" Accepted values are: asc, desc");
    let new = sort_direction(" Accepted values are: asc, desc, random");
    let (report, impact) = report_between(&edits(&old), &edits(&new));
    assert_eq!(impact, Some(Impact::Minor));
    insta::assert_snapshot!(report);
}

#[test]
fn an_accepted_value_removed() {
    let old = sort_direction(" Accepted values are: asc, desc");
    let new = sort_direction(" One of: `desc`.");
    let (report, impact) = report_between(&edits(&old), &edits(&new));
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
}

#[test]
fn accepted_values_listed_for_a_text_parameter() {
    let old = sort_direction("");
    let new = sort_direction(" Accepted values are: asc, desc");
    let (report, impact) = report_between(&edits(&old), &edits(&new));
    // `.sort_direction(2)` compiled and no longer does.
    assert_eq!(impact, Some(Impact::Major));
    insta::assert_snapshot!(report);
}

/// The report of going from the frozen Org docs to them with `edits`,
/// every name derived anew (`cargo xtask codegen --rename`).
fn report_renamed(edits: &[(&str, &str, &str)]) -> String {
    let (old, _) = codegen::build_ir(&spec_with(&[]));
    let (new, diagnostics) = codegen::build_ir(&spec_with(edits));
    let new = new.unwrap_or_else(|| panic!("the new docs have errors:\n{diagnostics}"));
    changes::markdown(
        "losant-rest",
        "0.1.0",
        &changes::compare(&old.unwrap(), &new),
    )
}

const SWAPPED_ROWS: (&str, &str, &str) = (
    "org.md",
    "| orgId | string | Y | ID associated with the organization |  |\n| userId | string | Y | Id of user to remove |  |",
    "| userId | string | Y | Id of user to remove |  |\n| orgId | string | Y | ID associated with the organization |  |",
);

#[test]
fn required_rows_that_swap_keep_their_order_or_are_reported() {
    // Kept by the names lock: callers send what they sent.
    let (report, impact) = report(&[SWAPPED_ROWS]);
    assert_eq!(impact, None, "{report}");
    // Derived anew, the arguments swap: calls compile and send the ids
    // swapped, so it is breaking.
    let report = report_renamed(&[SWAPPED_ROWS]);
    assert!(
        report.contains("- `org.remove_member`: its arguments are now (userId, orgId) (were (orgId, userId)): calls still compile with the values swapped"),
        "{report}"
    );
}

/// `summary_exclude` added above `summaryExclude`, whose setter was
/// `.summary_exclude()`.
#[test]
fn a_new_parameter_named_like_a_setter_never_takes_it() {
    let with_setter = (
        "org.md",
        "| orgId | string | Y | ID associated with the organization |  |\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Organization](_schemas.md#organization) | Organization information |",
        "| orgId | string | Y | ID associated with the organization |  |\n| summaryExclude | string | N | Fields to leave out |  |\n\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Organization](_schemas.md#organization) | Organization information |",
    );
    let both = (
        "org.md",
        "| summaryExclude | string | N | Fields to leave out |  |",
        "| summary_exclude | string | N | Leave the summary out |  |\n| summaryExclude | string | N | Fields to leave out |  |",
    );
    let (report, impact) = report_between(&[with_setter], &[with_setter, both]);
    assert_eq!(impact, Some(Impact::Minor), "{report}");
    assert!(
        report.contains("- `org.get`: optional parameter `summary_exclude` added: a new setter"),
        "{report}"
    );
    assert!(!report.contains("Rust name"), "{report}");
}

#[test]
fn an_error_response_linking_another_schema_changes_the_error_type() {
    let (report, impact) = report(&[(
        "org.md",
        "| 404 | [Error](_schemas.md#error) | Error if organization was not found |",
        "| 404 | [Success](_schemas.md#success) | Error if organization was not found |",
    )]);
    assert_eq!(impact, Some(Impact::Major));
    assert!(
        report.contains("- error bodies: `Error::Api` now holds `Value` (was `Error`): the crate's `Error` type changes"),
        "{report}"
    );
}

#[test]
fn a_field_that_now_sends_another_property_is_named_with_both() {
    let name_first = (
        "_schemas.md",
        "  \"properties\": {\n    \"name\": {\n      \"type\": \"string\",\n      \"minLength\": 1,\n      \"maxLength\": 255\n    },\n    \"description\"",
        "  \"properties\": {\n    \"Name\": { \"type\": \"string\" },\n    \"name\": {\n      \"type\": \"string\",\n      \"minLength\": 1,\n      \"maxLength\": 255\n    },\n    \"description\"",
    );
    // With the lock: only the new property, as a new field.
    let (report, _) = report(&[name_first]);
    assert!(
        report.contains("- type `OrganizationPatch`: optional field `Name` added"),
        "{report}"
    );
    assert!(!report.contains("stands for"), "{report}");
    // Derived anew: `name` now sends `Name`, which compiles.
    let report = report_renamed(&[name_first]);
    for line in [
        "- type `OrganizationPatch`: the field of `name` is now `name_2` (was `name`)",
        "- type `OrganizationPatch`: the field `name` now stands for `Name` (was `name`): code using it still compiles",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
}
