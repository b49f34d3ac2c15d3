//! The routes the overlay lacks, for adopting a whole API: the docs of
//! every resource dropped beside an `api.toml` written for a few of them.
//!
//! [`missing`] lists each action that linking gives no route, with the
//! `[routes.<resource>]` table and the key its route belongs under (the
//! key linking looks routes up by: the method of the example call, else
//! the heading, in snake_case), its heading, its required parameters (the
//! path's placeholders are among them) and where each is documented.
//! [`Missing::stub`] is the paste-ready TOML of those routes, each the
//! value [`TODO_ROUTE`], which generation refuses at its line until it is
//! written. `cargo xtask routes --missing` prints it, or adds it to
//! `api.toml` with `--write`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::sync::Arc;

pub use crate::diagnostic::ErrorKind;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::naming;
use crate::parse::overlay;
use crate::source::{Loc, Sources};

/// The value of each route of the stub: a route still to write. Generation
/// refuses it (it starts with `TODO`) with an error at its line.
pub const TODO_ROUTE: &str = "TODO METHOD /path";

/// The comment that introduces the stub: what to do with it.
pub const STUB_COMMENT: &str = "\
# Routes of the actions that had none (`cargo xtask routes --missing`): replace
# each \"TODO METHOD /path\" with the action's method and path, like \"GET /orgs/{orgId}\".";

/// An action of the docs without a route in the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRoute {
    /// The table its route belongs in, `[routes.<resource>]`: the accessor
    /// its doc's example calls (`org`), as the overlay spells the table
    /// when it has one.
    pub resource: String,
    /// The key of its route, as linking looks it up: the method its
    /// example calls, else its heading, in snake_case (`invite_member`
    /// for `inviteMember` and for `Invite Member`).
    pub key: String,
    /// `Invite Member`.
    pub heading: String,
    /// Its heading in its doc.
    pub loc: Loc,
    /// Its required parameters, in the order of its table.
    pub required: Vec<RequiredParam>,
}

/// A required parameter of an action: a path placeholder, if the route
/// names it in braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredParam {
    pub name: String,
    /// Its row in the parameter table.
    pub loc: Loc,
}

/// The actions of the docs without a route, in the order of the docs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missing {
    pub routes: Vec<MissingRoute>,
    /// Actions left out because a part of their section could not be read
    /// (`cargo xtask codegen` says which and why): their keys are not
    /// known for sure.
    pub unreadable: usize,
    /// The resources the overlay has routes for, so has a table of.
    tables: HashSet<String>,
}

/// Every action of the docs in `sources` that linking reports as having no
/// route: none that its key names, not even one that cannot be read
/// (whatever rule linking matches keys by). Fails only when the overlay
/// cannot be read, with its errors.
pub fn missing(sources: &Sources) -> Result<Missing, Diagnostics> {
    let mut diags = Diagnostics::default();
    let parsed = crate::parse(sources, &mut diags);
    let Some(overlay) = parsed.overlay else {
        let mut errors = Diagnostics::default();
        for d in diags.into_iter().filter(|d| d.is_error()) {
            if &*d.loc.file == overlay::FILE_NAME {
                errors.push(d);
            }
        }
        if !errors.has_errors() {
            let loc = Loc {
                file: overlay::FILE_NAME.into(),
                ..Loc::default()
            };
            errors.push(
                Diagnostic::error(&loc, format!("the spec has no {}", overlay::FILE_NAME))
                    .help("every spec directory needs the transport overlay: its [crate] and [api] tables, and the routes"),
            );
        }
        return Err(errors);
    };
    // The tables the overlay has routes in, read or not, by the accessor
    // linking matches them with.
    let spelt: HashMap<String, String> = overlay
        .routes
        .iter()
        .map(|r| &r.resource)
        .chain(overlay.invalid.iter().map(|(resource, _)| resource))
        .map(|resource| (naming::key(resource), resource.clone()))
        .collect();

    struct Candidate {
        key: String,
        heading: String,
        loc: Loc,
        required: Vec<RequiredParam>,
        unreadable: bool,
    }
    let candidates: Vec<Candidate> = parsed
        .docs
        .iter()
        .flat_map(|doc| &doc.actions)
        .map(|action| Candidate {
            // Linking's key (`link::link`), so that the route is found.
            key: action
                .example
                .as_ref()
                .map_or_else(|| naming::key(&action.heading), |e| naming::key(&e.method)),
            heading: action.heading.clone(),
            loc: action.loc.clone(),
            required: action
                .params
                .iter()
                .filter(|p| p.required)
                .map(|p| RequiredParam {
                    name: p.name.clone(),
                    loc: p.loc.clone(),
                })
                .collect(),
            unreadable: action.unreadable,
        })
        .collect();

    // Which actions have no route is linking's answer, whatever rule it
    // matches keys by: those it reports at their heading. Each doc's
    // resource is the accessor it finds.
    let mut linking = Diagnostics::default();
    let api = crate::link::link(parsed.docs, parsed.schemas, overlay, &mut linking);
    let accessors: HashMap<Arc<str>, &str> = api
        .resources
        .iter()
        .map(|r| (r.loc.file.clone(), r.accessor.as_str()))
        .collect();
    let routeless: HashSet<(&str, u32)> = linking
        .iter()
        .filter(|d| d.error_kind() == Some(ErrorKind::MissingRoute))
        .map(|d| (&*d.loc.file, d.loc.offset))
        .collect();

    let mut out = Missing {
        tables: spelt.values().cloned().collect(),
        ..Missing::default()
    };
    let mut listed = HashSet::new();
    for candidate in candidates {
        if candidate.unreadable {
            out.unreadable += 1;
            continue;
        }
        if !routeless.contains(&(&*candidate.loc.file, candidate.loc.offset)) {
            continue;
        }
        let Some(resource) = accessors.get(&candidate.loc.file) else {
            continue;
        };
        let resource = spelt.get(*resource).map_or(*resource, String::as_str);
        let id = (resource.to_owned(), candidate.key);
        // A second action of the same key: one route, or the table would
        // hold the key twice (generation reports the second action).
        if !listed.insert(id.clone()) {
            continue;
        }
        let (resource, key) = id;
        out.routes.push(MissingRoute {
            resource,
            key,
            heading: candidate.heading,
            loc: candidate.loc,
            required: candidate.required,
        });
    }
    Ok(out)
}

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The routes by table, each table where its first route stands in
    /// the docs.
    pub fn tables(&self) -> Vec<(&str, Vec<&MissingRoute>)> {
        let mut tables: Vec<(&str, Vec<&MissingRoute>)> = Vec::new();
        for route in &self.routes {
            match tables.iter_mut().find(|(r, _)| *r == route.resource) {
                Some((_, routes)) => routes.push(route),
                None => tables.push((&route.resource, vec![route])),
            }
        }
        tables
    }

    /// Whether the overlay has routes for `resource`, so its
    /// `[routes.<resource>]` table exists.
    pub fn has_table(&self, resource: &str) -> bool {
        self.tables.contains(resource)
    }

    /// The paste-ready TOML of the routes: [`STUB_COMMENT`], then one
    /// `[routes.<resource>]` table per resource (one the overlay has
    /// already says so on its header line), one `key = "TODO METHOD
    /// /path"` line per action with a comment naming the action and its
    /// required parameters. Empty when nothing is missing.
    pub fn stub(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut out = String::from(STUB_COMMENT);
        out.push('\n');
        for (resource, routes) in self.tables() {
            let _ = write!(out, "\n[routes.{}]", toml_key(resource));
            if self.has_table(resource) {
                let _ = write!(
                    out,
                    " # {} has this table: add the lines below to it",
                    overlay::FILE_NAME
                );
            }
            out.push('\n');
            for route in routes {
                let _ = writeln!(out, "{}", route.line());
            }
        }
        out
    }
}

impl MissingRoute {
    /// What the comment on its line says: the action, where it is
    /// documented and its required parameters (`Invite Member, org.md:82;
    /// required: orgId, invite`), on one line.
    pub fn comment(&self) -> String {
        let mut text = format!("{}, {}:{}; ", self.heading, self.loc.file, self.loc.line);
        if self.required.is_empty() {
            text.push_str("no required parameters");
        } else {
            text.push_str("required: ");
            let names: Vec<&str> = self.required.iter().map(|p| p.name.as_str()).collect();
            text.push_str(&names.join(", "));
        }
        // A comment runs to the end of its line, and TOML allows no
        // control character but a tab in it.
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    }

    /// Its line of the stub: `invite_member = "TODO METHOD /path" # ...`.
    pub fn line(&self) -> String {
        format!(
            "{} = \"{TODO_ROUTE}\" # {}",
            toml_key(&self.key),
            self.comment()
        )
    }
}

/// `text` as a TOML key: bare when it may be, else a quoted string.
fn toml_key(text: &str) -> String {
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !text.is_empty() && text.chars().all(bare) {
        return text.to_owned();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    const SCHEMAS: &str =
        "# Schemas\n\n## Pet\n\nA pet\n\n```json\n{ \"type\": \"object\" }\n```\n";

    const OVERLAY: &str = "\
[crate]
name = \"pets-client\"
version = \"0.1.0\"
description = \"Pets.\"

[api]
title = \"Pets API\"
base_url = \"https://api.example.com\"
";

    /// An action section: `call` is the example's call, if any.
    fn action(heading: &str, call: Option<&str>, params: &[(&str, bool)]) -> String {
        let mut text = format!("## {heading}\n\nDoes it.\n\n");
        if let Some(call) = call {
            text.push_str(&format!("```python\nresult = {call}(x=1)\n```\n\n"));
        }
        text.push_str("#### Available Parameters\n\n| Name | Type | Required | Description | Default |\n| ---- | ---- | -------- | ----------- | ------- |\n");
        for (name, required) in params {
            let required = if *required { "Y" } else { "N" };
            text.push_str(&format!("| {name} | string | {required} | It |  |\n"));
        }
        text.push_str("\n#### Successful Responses\n\n| Code | Type | Description |\n| ---- | ---- | ----------- |\n| 200 | [Pet](_schemas.md#pet) | The pet |\n\n");
        text
    }

    fn sources(docs: &[(&str, String)], routes: &str) -> Sources {
        let mut sources = Sources::default();
        for (name, text) in docs {
            sources.add(SourceFile::new(name, &format!("spec/{name}"), text.clone()));
        }
        sources.add(SourceFile::new(
            "_schemas.md",
            "spec/_schemas.md",
            SCHEMAS.into(),
        ));
        sources.add(SourceFile::new(
            "api.toml",
            "spec/api.toml",
            format!("{OVERLAY}{routes}"),
        ));
        sources
    }

    fn pets() -> String {
        format!(
            "# Pets Actions\n\n{}{}{}",
            action(
                "Get",
                Some("client.pets.get"),
                &[("petId", true), ("full", false)]
            ),
            action(
                "Invite Owner",
                Some("client.pets.inviteOwner"),
                &[("petId", true), ("email", true)]
            ),
            action("Remove All", None, &[]),
        )
    }

    fn keys(missing: &Missing) -> Vec<(&str, &str)> {
        missing
            .routes
            .iter()
            .map(|r| (r.resource.as_str(), r.key.as_str()))
            .collect()
    }

    #[test]
    fn lists_each_action_without_a_route_by_the_key_linking_looks_up() {
        let sources = sources(
            &[("pets.md", pets())],
            "[routes.pets]\nget = \"GET /pets/{petId}\"\n",
        );
        let missing = missing(&sources).unwrap();
        // The example's method, else the heading, in snake_case.
        assert_eq!(
            keys(&missing),
            [("pets", "invite_owner"), ("pets", "remove_all")]
        );
        let invite = &missing.routes[0];
        assert_eq!(invite.heading, "Invite Owner");
        assert_eq!(invite.loc.to_string(), "pets.md:24:1");
        let required: Vec<String> = invite
            .required
            .iter()
            .map(|p| format!("{} {}", p.name, p.loc.line))
            .collect();
        assert_eq!(required, ["petId 36", "email 37"]);
        assert!(missing.has_table("pets"));
        assert_eq!(missing.unreadable, 0);
    }

    #[test]
    fn every_route_in_place_leaves_nothing_missing_and_an_empty_stub() {
        let sources = sources(
            &[("pets.md", pets())],
            "[routes.pets]\nget = \"GET /pets/{petId}\"\ninviteOwner = \"POST /pets/{petId}/owners\"\nremove_all = \"DELETE /pets\"\n",
        );
        let missing = missing(&sources).unwrap();
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(missing.stub(), "");
    }

    #[test]
    fn a_key_the_overlay_has_is_not_listed_even_when_its_route_cannot_be_read() {
        let sources = sources(
            &[("pets.md", pets())],
            "[routes.pets]\nget = \"GET /pets/{petId}\"\ninviteOwner = \"TODO METHOD /path\"\nremove_all = \"FETCH /pets\"\n",
        );
        assert_eq!(keys(&missing(&sources).unwrap()), []);
    }

    #[test]
    fn a_resource_without_routes_gets_a_table_of_its_own() {
        let owners = format!(
            "# Owners Actions\n\n{}",
            action("Get", Some("client.owners.get"), &[("ownerId", true)])
        );
        let sources = sources(
            &[("owners.md", owners), ("pets.md", pets())],
            "[routes.pets]\nget = \"GET /pets/{petId}\"\n",
        );
        let missing = missing(&sources).unwrap();
        assert!(!missing.has_table("owners"));
        let stub = missing.stub();
        assert_eq!(
            stub,
            format!(
                "{STUB_COMMENT}

[routes.owners]
get = \"TODO METHOD /path\" # Get, owners.md:3; required: ownerId

[routes.pets] # api.toml has this table: add the lines below to it
invite_owner = \"TODO METHOD /path\" # Invite Owner, pets.md:24; required: petId, email
remove_all = \"TODO METHOD /path\" # Remove All, pets.md:45; no required parameters
"
            ),
        );
        // The stub is TOML.
        let table: toml::Table = toml::from_str(&stub).unwrap();
        assert_eq!(
            table["routes"]["pets"]["invite_owner"].as_str(),
            Some(TODO_ROUTE)
        );
    }

    #[test]
    fn the_stub_gives_each_action_the_key_linking_finds_in_the_table_as_spelt() {
        // The overlay spells the table as the examples do; linking
        // matches it with the accessor `pets`.
        let doc = pets().replace("client.pets.", "client.Pets.");
        let overlay = "[routes.Pets]\nget = \"GET /pets/{petId}\"\n";
        let missing = missing(&sources(&[("pets.md", doc.clone())], overlay)).unwrap();
        assert_eq!(
            keys(&missing),
            [("Pets", "invite_owner"), ("Pets", "remove_all")]
        );
        assert!(missing.has_table("Pets"));
        // Pasted into the table, every action has a route (a TODO one):
        // nothing is missing, and generation names only the TODO lines.
        let lines: String = missing.routes.iter().map(|r| r.line() + "\n").collect();
        let sources = sources(&[("pets.md", doc)], &format!("{overlay}{lines}"));
        assert!(super::missing(&sources).unwrap().is_empty());
        let (_, diagnostics) = crate::build_ir(&sources);
        let kinds: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.loc.line, d.error_kind()))
            .collect();
        assert_eq!(
            kinds,
            [
                (11, Some(ErrorKind::TodoRoute)),
                (12, Some(ErrorKind::TodoRoute))
            ]
        );
    }

    #[test]
    fn two_actions_of_one_key_are_listed_once() {
        let doc = format!(
            "# Pets Actions\n\n{}{}",
            action("Get", Some("client.pets.get"), &[]),
            action("Get Again", Some("client.pets.get"), &[]),
        );
        let sources = sources(&[("pets.md", doc)], "");
        let missing = missing(&sources).unwrap();
        assert_eq!(keys(&missing), [("pets", "get")]);
        assert!(!missing.has_table("pets"));
    }

    #[test]
    fn an_unreadable_overlay_is_an_error_at_its_line() {
        let mut sources = Sources::default();
        sources.add(SourceFile::new("pets.md", "spec/pets.md", pets()));
        sources.add(SourceFile::new(
            "api.toml",
            "spec/api.toml",
            format!("{OVERLAY}[routes.pets\n"),
        ));
        let errors = missing(&sources).unwrap_err();
        let lines: Vec<String> = errors.iter().map(|d| d.loc.to_string()).collect();
        assert_eq!(lines, ["api.toml:9:13"]);

        let mut sources = Sources::default();
        sources.add(SourceFile::new("pets.md", "spec/pets.md", pets()));
        let errors = missing(&sources).unwrap_err();
        assert!(errors.iter().all(|d| d.message.contains("no api.toml")));
        assert_eq!(errors.error_count(), 1);
    }

    #[test]
    fn the_stub_route_is_refused_at_its_line_with_what_to_write() {
        assert!(TODO_ROUTE.starts_with(overlay::TODO));
        let stub = "[routes.pets]\nget = \"GET /pets/{petId}\"\ninviteOwner = \"TODO METHOD /path\" # Invite Owner\nremove_all = { route = \"todo: DELETE /pets\" }\n";
        let sources = sources(&[("pets.md", pets())], stub);
        let (api, diagnostics) = crate::build_ir(&sources);
        assert!(api.is_none());
        let errors: Vec<(String, Option<ErrorKind>)> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.loc.to_string(), d.error_kind()))
            .collect();
        // Neither is reported again as an action without a route.
        assert_eq!(
            errors,
            [
                ("api.toml:11:15".to_owned(), Some(ErrorKind::TodoRoute)),
                ("api.toml:12:14".to_owned(), Some(ErrorKind::TodoRoute)),
            ]
        );
        let first = diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(
            first.message,
            "the route `TODO METHOD /path` is still to write"
        );
        assert!(
            first.help.as_deref().unwrap().contains("method and path"),
            "{first}"
        );
    }

    #[test]
    fn a_key_that_is_not_bare_is_quoted() {
        assert_eq!(toml_key("invite_member"), "invite_member");
        assert_eq!(toml_key("a.b"), "\"a.b\"");
        assert_eq!(toml_key("q\"\\\u{7f}"), "\"q\\\"\\\\\\u007F\"");
        assert_eq!(toml_key(""), "\"\"");
    }
}
