//! The query style of a schema-typed query parameter: the route's, else
//! the overlay's for its name, else the overlay's default, else JSON; and
//! each bad setting an error at its line of `api.toml`. On the frozen Org
//! docs, whose `invite` and `member` a route sends in the query.

mod common;

use codegen::Sources;
use codegen::ir::{Api, QueryStyle};

/// The frozen Org docs with `api.toml` edited: (text to find, replacement).
fn spec_with(edits: &[(&str, &str)]) -> Sources {
    common::frozen_org(|name, mut text| {
        if name == "api.toml" {
            for (from, to) in edits {
                assert!(text.contains(from), "api.toml has no `{from}`");
                text = text.replacen(from, to, 1);
            }
        }
        text
    })
}

/// Both body parameters sent in the query, with `settings` added to
/// `[api]` and `invite`'s route entry set to `invite_params`.
fn edits<'a>(settings: &'a str, invite_params: &'a str) -> Vec<(&'a str, String)> {
    vec![
        (
            "header_params = [\"losantdomain\"]\n",
            format!("header_params = [\"losantdomain\"]\n{settings}\n"),
        ),
        (
            "invite_member = \"POST /orgs/{orgId}/invites\"",
            format!(
                "invite_member = {{ route = \"POST /orgs/{{orgId}}/invites\", params = {{ invite = {invite_params} }} }}"
            ),
        ),
        (
            "modify_member = \"PATCH /orgs/{orgId}/member\"",
            "modify_member = { route = \"PATCH /orgs/{orgId}/member\", params = { member = \"query\" } }"
                .to_owned(),
        ),
    ]
}

fn build(edits: &[(&str, String)]) -> (Option<Api>, codegen::Diagnostics) {
    let edits: Vec<(&str, &str)> = edits.iter().map(|(a, b)| (*a, b.as_str())).collect();
    codegen::build_ir(&spec_with(&edits))
}

/// The styles of `invite` and `member`, which the routes send in the query.
fn styles(settings: &str, invite_params: &str) -> [Option<QueryStyle>; 2] {
    let (api, diags) = build(&edits(settings, invite_params));
    let api = api.unwrap_or_else(|| panic!("{diags}"));
    let style = |method: &str, name: &str| {
        let action = api.resources[0]
            .actions
            .iter()
            .find(|a| a.method == method)
            .unwrap();
        action.params.iter().find(|p| p.name == name).unwrap().style
    };
    [
        style("invite_member", "invite"),
        style("modify_member", "member"),
    ]
}

use QueryStyle::{Brackets, Json};

#[test]
fn the_route_then_the_name_then_the_default_decide() {
    assert_eq!(styles("", "\"query\""), [Some(Json), Some(Json)]);
    let brackets = "query_style = \"brackets\"";
    assert_eq!(
        styles(brackets, "\"query\""),
        [Some(Brackets), Some(Brackets)]
    );
    let by_name = "query_style = \"brackets\"\n[api.query_style_by_name]\ninvite = \"json\"";
    assert_eq!(styles(by_name, "\"query\""), [Some(Json), Some(Brackets)]);
    let route = "{ location = \"query\", style = \"brackets\" }";
    assert_eq!(styles(by_name, route), [Some(Brackets), Some(Brackets)]);
    // A body parameter has no query style.
    let (api, _) = build(&edits("", "\"body\""));
    let invite = &api.unwrap().resources[0].actions[2].params[1];
    assert_eq!((invite.name.as_str(), invite.style), ("invite", None));
}

/// The errors of a run: line of `api.toml` and message.
fn errors(settings: &str, invite_params: &str) -> Vec<(u32, String)> {
    let edits = edits(settings, invite_params);
    let (api, diags) = build(&edits);
    assert!(api.is_none());
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            assert_eq!(&*d.loc.file, "api.toml");
            assert!(d.help.is_some(), "{d}");
            (d.loc.line, d.message.clone())
        })
        .collect()
}

#[test]
fn bad_settings_are_errors_at_their_line() {
    // `[api]` is at line 20 of the frozen overlay, `header_params` at 26,
    // so added settings start at 27; the routes follow further down.
    assert_eq!(
        errors("query_style = \"deepObject\"", "\"query\""),
        [(27, "`deepObject` is not a query style".to_owned())]
    );
    assert_eq!(
        errors("[api.query_style_by_name]\ninvite = \"form\"", "\"query\""),
        [(28, "`form` is not a query style".to_owned())]
    );
    let invite_line = |errors: Vec<(u32, String)>| {
        let [(line, message)] = errors.as_slice() else {
            panic!("{errors:?}")
        };
        assert!(*line > 40, "{line}");
        message.clone()
    };
    assert_eq!(
        invite_line(errors("", "{ style = \"json\" }")),
        "the route sets the query style of `invite`, which travels outside the query"
    );
    assert_eq!(
        invite_line(errors("", "{ location = \"query\", style = \"xml\" }")),
        "`xml` is not a query style"
    );
    assert_eq!(
        invite_line(errors("", "{ location = \"query\", explode = true }")),
        "api.toml cannot be read: unknown field `explode`, expected `location` or `style`"
    );
    assert_eq!(
        invite_line(errors("", "{ location = 1 }")),
        "api.toml cannot be read: invalid type: integer `1`, expected a string"
    );
    assert_eq!(
        invite_line(errors("", "[\"query\"]")),
        "api.toml cannot be read: invalid type: sequence, expected a parameter location (\"query\") or a table of `location` and `style`"
    );
}
