//! What a success decodes into when an action documents several success
//! statuses: the plain type when they share a body, else an enum of the
//! statuses named after the action, which a documented schema's type
//! keeps its name from. On the frozen Org docs, whose `invite_member`
//! documents `200` with the invitations.

mod common;

use codegen::ir::Api;

const INVITED: &str = "| 200 | [Organization Invitations](_schemas.md#organization-invitations) | Invitation information |";

/// The frozen Org docs, with `invite_member`'s success rows after `200`
/// and `schemas` appended to the schema doc.
fn api_with(more_success: &str, schemas: &str) -> Api {
    let sources = common::frozen_org(|name, mut text| {
        if name == "org.md" {
            text = text.replacen(INVITED, &format!("{INVITED}\n{more_success}"), 1);
        }
        if name == "_schemas.md" {
            text.push_str(schemas);
        }
        text
    });
    let (api, diags) = codegen::build_ir(&sources);
    api.unwrap_or_else(|| panic!("{diags}"))
}

/// `invite_member`'s success type and, for an enum, its variants, read
/// from the IR as `api.json` holds it.
fn success(api: &Api) -> (String, Vec<(u16, String, String)>) {
    let action = &api.resources[0].actions[2];
    assert_eq!(action.method, "invite_member");
    let ty = action.success_type().to_string();
    let variants = api
        .types
        .iter()
        .find(|t| t.name == ty)
        .map(|def| serde_json::to_value(&def.kind).unwrap())
        .and_then(|kind| kind["by_status"]["variants"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(|v| {
            let text = |key: &str| v[key].as_str().unwrap().to_owned();
            (v["code"].as_u64().unwrap() as u16, text("name"), text("ty"))
        })
        .collect();
    (ty, variants)
}

fn variant(code: u16, name: &str, ty: &str) -> (u16, String, String) {
    (code, name.to_owned(), ty.to_owned())
}

#[test]
fn statuses_sharing_a_body_keep_its_type() {
    let same =
        "| 201 | [Organization Invitations](_schemas.md#organization-invitations) | Created |";
    let (ty, variants) = success(&api_with(same, ""));
    assert_eq!(ty, "OrganizationInvitations");
    assert!(variants.is_empty());
}

#[test]
fn statuses_with_different_bodies_are_an_enum_of_the_statuses() {
    let rows = "| 202 | [Success](_schemas.md#success) | Queued |\n| 204 |  | Nothing to send |";
    let api = api_with(rows, "");
    let (ty, variants) = success(&api);
    assert_eq!(ty, "OrgInviteMemberResponse");
    assert_eq!(
        variants,
        [
            variant(200, "Ok", "OrganizationInvitations"),
            variant(202, "Accepted", "Success"),
            variant(204, "NoContent", "()"),
        ]
    );
    // An unusual status is named by its number.
    let (_, variants) = success(&api_with("| 299 |  | Something else |", ""));
    assert_eq!(variants[1], variant(299, "Status299", "Value"));
}

#[test]
fn a_documented_schema_keeps_the_name_the_enum_would_take() {
    let schema = "\n<br/>\n\n## Org Invite Member Response\n\nA schema of that name\n\n\
                  ```json\n{ \"type\": \"object\", \"properties\": { \"n\": { \"type\": \"object\", \"properties\": { \"x\": { \"type\": \"string\" } } } } }\n```\n";
    let api = api_with("| 202 | [Success](_schemas.md#success) | Queued |", schema);
    let (ty, _) = success(&api);
    assert_eq!(ty, "OrgInviteMemberResponse2");
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"OrgInviteMemberResponse"), "{names:?}");
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        names.len(),
        "a name is taken twice: {names:?}"
    );
}
