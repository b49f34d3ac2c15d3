//! `cargo xtask routes --missing [--write]`, as a newcomer adopting a
//! whole API runs it: on a copy of `spec/` whose overlay lacks routes, then
//! `cargo xtask codegen` on the result, before and after the routes are
//! written in.

mod common;

use std::process::{Command, Output};

use common::{Scratch, stderr};

const TODO: &str = "\"TODO METHOD /path\"";

/// `cargo xtask routes --missing --spec <spec>` and `extra`.
fn routes(scratch: &Scratch, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["routes", "--missing", "--spec"])
        .arg(scratch.path("spec"))
        .args(extra)
        .output()
        .unwrap()
}

/// The real routes of the Org doc, as `spec/api.toml` has them: `get =
/// "GET /orgs/{orgId}"`, by key.
fn org_routes(scratch: &Scratch) -> Vec<(String, String)> {
    let text = scratch.read("spec/api.toml");
    let table = text.split("[routes.org]\n").nth(1).unwrap();
    table
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let (key, value) = l.split_once(" = ").unwrap();
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

/// A copy of `spec/` whose overlay lacks the Org routes `get` and `patch`
/// and has a `[lints]` table after the routes, and a second resource,
/// Team (the Org doc's actions on `client.team`), without routes.
fn adopting(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    scratch.edit("spec/api.toml", "get = \"GET /orgs/{orgId}\"\n", "");
    scratch.edit("spec/api.toml", "patch = \"PATCH /orgs/{orgId}\"\n", "");
    scratch.append(
        "spec/api.toml",
        "\n# Allowed on purpose: a table after the routes.\n[lints]\nunknown_keyword = \"allow\"\n",
    );
    let team = scratch
        .read("spec/org.md")
        .replace("client.org.", "client.team.")
        .replace("# Org Actions", "# Team Actions");
    std::fs::write(scratch.path("spec/team.md"), team).unwrap();
    scratch
}

#[test]
fn the_stub_is_written_kept_apart_refused_until_filled_in_then_generates() {
    let scratch = adopting("routes-stub");
    let real = org_routes(&Scratch::new("routes-real"));
    let before = scratch.read("spec/api.toml");

    // Printed: paste-ready TOML, a table per resource; nothing written.
    let printed = routes(&scratch, &[]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let stub = String::from_utf8(printed.stdout.clone()).unwrap();
    let doc: toml_edit::DocumentMut = stub.parse().unwrap();
    assert_eq!(doc["routes"]["org"].as_table().unwrap().len(), 2, "{stub}");
    assert_eq!(doc["routes"]["team"].as_table().unwrap().len(), 8, "{stub}");
    assert!(
        stub.contains(&format!(
            "\npatch = {TODO} # Patch, org.md:148; required: orgId, organization\n"
        )),
        "{stub}"
    );
    assert!(
        stderr(&printed).contains("10 action(s) of 2 resource(s) have no route"),
        "{}",
        stderr(&printed)
    );
    assert_eq!(scratch.read("spec/api.toml"), before);

    // Written: the file as it was, byte for byte, but for the lines added
    // after the last Org route: the two Org lines, then the Team table,
    // before the comment and the table that followed.
    let written = routes(&scratch, &["--write"]);
    assert!(written.status.success(), "{}", stderr(&written));
    let after = scratch.read("spec/api.toml");
    let last_org = "revoke_invite = \"DELETE /orgs/{orgId}/invites\"\n";
    let at = before.find(last_org).unwrap() + last_org.len();
    assert!(after.starts_with(&before[..at]), "{after}");
    assert!(after.ends_with(&before[at..]), "{after}");
    let added = &after[at..after.len() - (before.len() - at)];
    let todo_lines = added
        .lines()
        .filter(|l| l.contains(&format!(" = {TODO} # ")));
    assert_eq!(todo_lines.count(), 10, "{added}");
    for line in added.lines() {
        assert!(
            line.is_empty()
                || line.starts_with("# ")
                || line == "[routes.team]"
                || line.contains(&format!(" = {TODO} # ")),
            "an added line that is not the stub's: {line:?} in\n{added}"
        );
    }
    let org_part = &added[..added.find("[routes.team]").unwrap()];
    assert!(org_part.contains(&format!(
        "\nget = {TODO} # Get, org.md:50; required: orgId\n"
    )));
    assert!(org_part.contains(&format!("\npatch = {TODO} # Patch, org.md:148;")));

    // Nothing missing any more: a second run writes nothing.
    let again = routes(&scratch, &["--write"]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("the stub is empty, so nothing was written"),
        "{}",
        stderr(&again)
    );
    assert_eq!(scratch.read("spec/api.toml"), after);

    // (a) Generation fails naming each TODO line, and writes nothing.
    let refused = scratch.codegen(&["--verbose"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let report = stderr(&refused);
    let todo_at: Vec<usize> = after
        .lines()
        .zip(1..)
        .filter(|(l, _)| !l.starts_with('#') && l.contains(TODO))
        .map(|(_, n)| n)
        .collect();
    assert_eq!(todo_at.len(), 10);
    for line in &todo_at {
        assert!(
            report.contains(&format!("api.toml:{line}:")),
            "line {line}:\n{report}"
        );
    }
    assert_eq!(report.matches("is still to write").count(), 10, "{report}");
    assert!(!report.contains("has no route"), "{report}");
    assert!(!scratch.path("out").exists());
    // Without --verbose, three in full and a line for the rest.
    let grouped = stderr(&scratch.codegen(&[]));
    assert_eq!(grouped.matches("is still to write").count(), 3, "{grouped}");
    assert!(
        grouped.contains("7 more like this, 3 shown above (`--verbose` shows all): 10 routes in"),
        "{grouped}"
    );

    // (b) With the real routes filled in (the Team ones under /teams),
    // generation succeeds.
    let filled: String = after
        .lines()
        .map(|line| match line.split_once(&format!(" = {TODO}")) {
            Some((key, _)) if !line.starts_with('#') => {
                let route = &real.iter().find(|(k, _)| k == key).unwrap().1;
                let route = match org_part.contains(line) {
                    true => route.clone(),
                    false => route.replace("/orgs/", "/teams/"),
                };
                format!("{key} = {route}\n")
            }
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(scratch.path("spec/api.toml"), &filled).unwrap();
    let generated = scratch.codegen(&[]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    assert!(scratch.read("out/src/team.rs").contains("/teams/"));
    // (c) The routes once written, the file is the original but for them.
    assert!(filled.starts_with(&before[..at]) && filled.ends_with(&before[at..]));
}

#[test]
fn nothing_missing_writes_nothing_and_says_so() {
    let scratch = Scratch::new("routes-none");
    let before = std::fs::metadata(scratch.path("spec/api.toml"))
        .unwrap()
        .modified()
        .unwrap();
    let text = scratch.read("spec/api.toml");
    let output = routes(&scratch, &["--write"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("every action of the docs has a route"),
        "{}",
        stderr(&output)
    );
    assert_eq!(scratch.read("spec/api.toml"), text);
    let after = std::fs::metadata(scratch.path("spec/api.toml"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "api.toml was written");
}

#[test]
fn an_overlay_that_cannot_be_read_is_reported_at_its_line_and_left_alone() {
    let scratch = adopting("routes-unreadable");
    scratch.edit("spec/api.toml", "[routes.org]", "[routes.org");
    let before = scratch.read("spec/api.toml");
    let output = routes(&scratch, &["--write"]);
    assert_eq!(output.status.code(), Some(1));
    let line = before.lines().position(|l| l == "[routes.org").unwrap() + 1;
    assert!(
        stderr(&output).contains(&format!("api.toml:{line}:")),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("nothing was written"));
    assert_eq!(scratch.read("spec/api.toml"), before);
}

#[test]
fn routes_needs_missing() {
    let scratch = Scratch::new("routes-usage");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["routes", "--spec"])
        .arg(scratch.path("spec"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("routes needs --missing"));
}
