//! Adopting a whole API: the docs of every resource beside an overlay
//! without their routes. Generation groups the errors of actions without
//! a route, and `codegen::routes` lists them for the stub.

mod common;

use codegen::RenderOptions;
use codegen::routes::{self, ErrorKind, TODO_ROUTE};

/// The frozen Org docs with every route of `[routes.org]` but `delete`
/// removed, and a second resource, Team, its actions the Org doc's.
fn org_and_team_without_routes() -> codegen::Sources {
    let mut sources = common::frozen_org(|name, text| match name {
        "api.toml" => text
            .lines()
            .filter(|l| !l.contains("/orgs/") || l.starts_with("delete = "))
            .map(|l| format!("{l}\n"))
            .collect(),
        _ => text,
    });
    let org = sources.get("org.md").unwrap().text.clone();
    let team = org
        .replace("client.org.", "client.team.")
        .replace("# Org Actions", "# Team Actions");
    sources.add(codegen::SourceFile::new("team.md", "spec/team.md", team));
    sources
}

#[test]
fn the_errors_of_actions_without_a_route_are_grouped_in_the_report() {
    let sources = org_and_team_without_routes();
    let (api, diagnostics) = codegen::build_ir(&sources);
    assert!(api.is_none());
    // What linking reports is what the report groups.
    let routeless = diagnostics
        .iter()
        .filter(|d| d.error_kind() == Some(ErrorKind::MissingRoute))
        .count();
    assert_eq!(routeless, 15);
    assert_eq!(diagnostics.error_count(), 15);

    let out = diagnostics.render(&sources, RenderOptions::default());
    assert_eq!(out.matches("has no route").count(), 3, "{out}");
    assert!(
        out.ends_with(
            "error: 12 more like this, 3 shown above (`--verbose` shows all): 15 actions of 2 \
             resources have no route; `cargo xtask routes --missing --spec spec --write` adds a \
             `TODO` route for each to spec/api.toml, to fill in\n"
        ),
        "{out}"
    );
    // Nine lines for each of the three, and the one that counts them.
    assert!(out.lines().count() <= 3 * 9 + 1, "{out}");

    let verbose = RenderOptions {
        verbose: true,
        ..RenderOptions::default()
    };
    let out = diagnostics.render(&sources, verbose);
    assert_eq!(out.matches("has no route").count(), 15, "{out}");
}

#[test]
fn the_actions_without_a_route_are_listed_with_their_key_and_required_parameters() {
    let sources = org_and_team_without_routes();
    let missing = routes::missing(&sources).unwrap();
    let listed: Vec<String> = missing
        .routes
        .iter()
        .map(|r| format!("{}.{} {}", r.resource, r.key, r.loc))
        .collect();
    assert_eq!(
        listed,
        [
            "org.get org.md:50:1",
            "org.invite_member org.md:80:1",
            "org.modify_member org.md:114:1",
            "org.patch org.md:148:1",
            "org.pending_invites org.md:182:1",
            "org.remove_member org.md:212:1",
            "org.revoke_invite org.md:246:1",
            "team.delete team.md:20:1",
            "team.get team.md:50:1",
            "team.invite_member team.md:80:1",
            "team.modify_member team.md:114:1",
            "team.patch team.md:148:1",
            "team.pending_invites team.md:182:1",
            "team.remove_member team.md:212:1",
            "team.revoke_invite team.md:246:1",
        ]
    );
    let invite = &missing.routes[1];
    assert_eq!(invite.heading, "Invite Member");
    let required: Vec<String> = invite
        .required
        .iter()
        .map(|p| format!("{} {}", p.name, p.loc))
        .collect();
    assert_eq!(required, ["orgId org.md:96:3", "invite org.md:97:3"]);
    assert!(missing.has_table("org") && !missing.has_table("team"));

    // The stub is TOML holding a TODO route for each, under its table.
    let stub = missing.stub();
    let table: toml::Table = toml::from_str(&stub).unwrap();
    let team = table["routes"]["team"].as_table().unwrap();
    assert_eq!(team.len(), 8);
    assert!(team.values().all(|v| v.as_str() == Some(TODO_ROUTE)));
    assert!(
        stub.contains(
            "\ninvite_member = \"TODO METHOD /path\" # Invite Member, org.md:80; required: orgId, invite\n"
        ),
        "{stub}"
    );
}

#[test]
fn the_stub_added_to_the_overlay_is_refused_at_each_todo_line() {
    let sources = org_and_team_without_routes();
    let stub = routes::missing(&sources).unwrap().stub();
    // As a user would paste it: the Org lines into the Org table (the last
    // of the file), the Team table after it.
    let pasted = stub.replace(
        "[routes.org] # api.toml has this table: add the lines below to it\n",
        "",
    );
    let mut edited = codegen::Sources::default();
    for file in sources.iter() {
        let text = match &*file.name {
            "api.toml" => format!("{}{pasted}", file.text),
            _ => file.text.clone(),
        };
        edited.add(codegen::SourceFile::new(&file.name, &file.path, text));
    }
    let overlay = edited.get("api.toml").unwrap().text.clone();
    let (api, diagnostics) = codegen::build_ir(&edited);
    assert!(api.is_none());
    let lines: Vec<u32> = diagnostics.iter().map(|d| d.loc.line).collect();
    let todo_lines: Vec<u32> = overlay
        .lines()
        .zip(1..)
        .filter(|(l, _)| !l.starts_with('#') && l.contains(TODO_ROUTE))
        .map(|(_, n)| n)
        .collect();
    assert_eq!(lines, todo_lines);
    assert!(
        diagnostics
            .iter()
            .all(|d| d.error_kind() == Some(ErrorKind::TodoRoute)
                && d.loc.file.as_ref() == "api.toml")
    );
    // Nothing is missing any more: the stub would be empty.
    assert!(routes::missing(&edited).unwrap().is_empty());
}
