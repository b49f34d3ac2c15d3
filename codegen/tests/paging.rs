//! Which actions are paged lists, and how: found from the query parameters
//! (`page` and `perPage`, or `offset` and `limit`) and the success type (an
//! object with an `items` list and a `totalCount`), or as a route's
//! `paged` says, which is an error at its line when the action cannot be
//! paged. On the frozen Org docs, whose `pending_invites` is made a list.

mod common;

use codegen::Sources;
use codegen::ir::{Api, PageBy};

const PARAMS: &str =
    "| orgId | string | Y | ID associated with the organization |  |\n\n#### Successful";
const INVITES: &str = "| 200 | [Organization Invitations](_schemas.md#organization-invitations) | Invitation information |";
const ROUTE: &str = "pending_invites = \"GET /orgs/{orgId}/invites\"";

/// A page of invitations, with a `totalCount` when `total` says so.
fn page_schema(total: bool) -> String {
    let total = if total {
        ", \"totalCount\": { \"type\": \"integer\" }"
    } else {
        ""
    };
    format!(
        "\n<br/>\n\n## Invitation Page\n\nA page of invitations\n\n```json\n\
         {{ \"type\": \"object\", \"properties\": {{ \"items\": {{ \"type\": \"array\", \"items\": {{ \"type\": \"object\", \"properties\": {{ \"email\": {{ \"type\": \"string\" }} }} }} }}, \"count\": {{ \"type\": \"integer\" }}{total} }} }}\n```\n"
    )
}

/// `pending_invites` taking `params` (table rows) and answering `success`
/// (a schema link), its route set to `route`.
fn sources(params: &str, success: &str, total: bool, route: &str) -> Sources {
    common::frozen_org(|name, text| match name {
        "org.md" => {
            // Only Pending Invites has its `orgId` row right before its responses.
            let at = text.find("## Pending Invites").unwrap();
            let (head, tail) = text.split_at(at);
            let tail = tail
                .replacen(
                    PARAMS,
                    &PARAMS.replace("\n\n", &format!("\n{params}\n\n")),
                    1,
                )
                .replacen(INVITES, success, 1);
            format!("{head}{tail}")
        }
        "_schemas.md" => text + &page_schema(total),
        _ => text.replacen(ROUTE, route, 1),
    })
}

const PAGE_ROWS: &str =
    "| page | string | N | Which page | 0 |\n| perPage | string | N | How many per page | 100 |";
const PAGED: &str =
    "| 200 | [Invitation Page](_schemas.md#invitation-page) | A page of invitations |";

fn api(params: &str, success: &str, total: bool, route: &str) -> Api {
    let (api, diags) = codegen::build_ir(&sources(params, success, total, route));
    api.unwrap_or_else(|| panic!("{diags}"))
}

/// `pending_invites`' paging, as `api.json` would hold it.
fn paging(api: &Api) -> Option<serde_json::Value> {
    let action = api.resources[0]
        .actions
        .iter()
        .find(|a| a.method == "pending_invites")
        .unwrap();
    action
        .paging
        .as_ref()
        .map(|p| serde_json::to_value(p).unwrap())
}

#[test]
fn a_list_with_page_parameters_and_a_total_is_paged() {
    let paging = paging(&api(PAGE_ROWS, PAGED, true, ROUTE)).expect("paged");
    assert_eq!(
        paging,
        serde_json::json!({
            "by": { "number": { "param": "page", "first": 0 } },
            "size": "perPage",
            "page": "InvitationPage",
            "items": { "name": "items", "ty": "Vec<InvitationPageItem>", "optional": true },
            "item": "InvitationPageItem",
            "total": { "name": "total_count", "ty": "i64", "optional": true },
        })
    );
    let offsets =
        "| offset | string | N | How many to skip |  |\n| limit | string | N | How many |  |";
    let offset_api = api(offsets, PAGED, true, ROUTE);
    let action = &offset_api.resources[0].actions[5];
    assert_eq!(
        action.paging.as_ref().map(|p| &p.by),
        Some(&PageBy::Offset {
            param: "offset".into()
        })
    );
}

#[test]
fn the_route_decides_where_the_guess_is_wrong() {
    // Without a total the guess is no; `paged = true` says yes.
    assert_eq!(paging(&api(PAGE_ROWS, PAGED, false, ROUTE)), None);
    let forced = "pending_invites = { route = \"GET /orgs/{orgId}/invites\", paged = true }";
    let without_total = paging(&api(PAGE_ROWS, PAGED, false, forced)).expect("paged");
    assert_eq!(without_total.get("total"), None);
    let off = "pending_invites = { route = \"GET /orgs/{orgId}/invites\", paged = false }";
    assert_eq!(paging(&api(PAGE_ROWS, PAGED, true, off)), None);
    // Without both parameters, or a list to read, there is no guess.
    let only_page = "| page | string | N | Which page | 0 |";
    assert_eq!(paging(&api(only_page, PAGED, true, ROUTE)), None);
    assert_eq!(paging(&api(PAGE_ROWS, INVITES, true, ROUTE)), None);
}

/// The one error of a run: its line of `api.toml` and its message.
fn error(params: &str, success: &str) -> (u32, String) {
    let forced = "pending_invites = { route = \"GET /orgs/{orgId}/invites\", paged = true }";
    let sources = sources(params, success, true, forced);
    let (api, diags) = codegen::build_ir(&sources);
    assert!(api.is_none());
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    let [error] = errors.as_slice() else {
        panic!("{diags}")
    };
    assert_eq!(&*error.loc.file, "api.toml");
    assert!(error.help.is_some());
    let overlay = &sources
        .iter()
        .find(|f| &*f.name == "api.toml")
        .unwrap()
        .text;
    let line = overlay[..overlay.find(forced).unwrap()].lines().count() as u32 + 1;
    assert_eq!(error.loc.line, line);
    (error.loc.line, error.message.clone())
}

#[test]
fn a_route_paging_what_cannot_be_paged_is_an_error_at_its_line() {
    assert_eq!(
        error("", PAGED).1,
        "`Pending Invites` cannot be paged: its query takes neither `page` and `perPage` nor `offset` and `limit`"
    );
    assert_eq!(
        error(PAGE_ROWS, INVITES).1,
        "`Pending Invites` cannot be paged: its success type `OrganizationInvitations` is not an object"
    );
}

/// A paged list's documented first page moving from 0 to 1: the report
/// says where a stream now starts, not that it moves by another parameter.
#[test]
fn a_first_page_that_moves_is_reported_as_such() {
    let old = api(PAGE_ROWS, PAGED, true, ROUTE);
    let moved = PAGE_ROWS.replace("Which page | 0 |", "Which page | 1 |");
    let (new, diags) = codegen::build_ir_keeping(
        &sources(&moved, PAGED, true, ROUTE),
        &codegen::Lock::from_ir(&old),
    );
    let new = new.unwrap_or_else(|| panic!("{diags}"));
    let report: Vec<String> = codegen::changes::compare(&old, &new)
        .into_iter()
        .map(|c| format!("{}: {}", c.subject, c.what))
        .collect();
    assert_eq!(
        report,
        [
            "`org.pending_invites`: a stream the caller starts nowhere now starts at page `1` of `page` (was `0`): the documented default moved"
        ]
    );
}
