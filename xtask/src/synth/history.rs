//! Later versions of the synthetic docs, each the one before it with the
//! kinds of change real releases of this docs family make, and the report
//! each change must draw when the crate is regenerated over the previous
//! version's.
//!
//! The changes are the ones that moved names for no reason the docs gave
//! before the names lock: a new resource listing an existing resource's
//! accepted values and sorting first, a new schema holding an existing
//! inline enum and object and sorting first, a property differing only in
//! case inserted before an existing one, schemas renamed (a new title
//! under the same anchor, and the same title under a new anchor); and the
//! ordinary ones: properties added, removed and retyped, an enum value
//! added and one removed, an action added and one removed, required rows
//! swapped, a paged list's first page moved, the error schema changed.

use codegen::changes::Impact;

/// The newest version [`version`] writes.
pub const LATEST: u32 = 3;

/// A line the report of a planted change must hold: exactly, or (`prefix`)
/// as the start of one or more lines, for the types a new schema's places
/// are named by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub impact: Impact,
    /// `type `BeaconChannel`: optional field `Name` added (breaks struct literals)`.
    pub line: String,
    pub prefix: bool,
}

impl Expected {
    fn exactly(impact: Impact, line: &str) -> Expected {
        Expected {
            impact,
            line: line.to_owned(),
            prefix: false,
        }
    }

    fn starting(impact: Impact, line: &str) -> Expected {
        Expected {
            prefix: true,
            ..Expected::exactly(impact, line)
        }
    }

    /// Whether a report line (`subject: what`) of `impact` is this one.
    pub fn matches(&self, impact: Impact, line: &str) -> bool {
        impact == self.impact
            && match self.prefix {
                true => line.starts_with(&self.line),
                false => line == self.line,
            }
    }
}

/// Version `n` (from 1) of the spec `first` is version 1 of.
pub fn version(first: Vec<(String, String)>, n: u32) -> Vec<(String, String)> {
    let mut files = first;
    for v in 2..=n.min(LATEST) {
        let edits: fn(&mut Files) = match v {
            2 => second,
            _ => third,
        };
        let mut spec = Files(files);
        edits(&mut spec);
        files = spec.0;
    }
    files
}

/// The report lines the changes of version `n` over version `n - 1` must
/// draw, and no others.
pub fn planted(n: u32) -> Vec<Expected> {
    use Impact::{Major, Minor, Patch};
    match n {
        2 => vec![
            Expected::exactly(Minor, "resource `aardvark`: added"),
            Expected::starting(Minor, "type `AardvarkSettings"),
            Expected::exactly(
                Major,
                "type `BeaconChannel`: optional field `Name` added (breaks struct literals)",
            ),
            Expected::exactly(
                Patch,
                "schema `beacon-channel-query`: now titled `Beacon Channel Search` (was `Beacon Channel Query`); its type is `BeaconChannelQuery` (was `BeaconChannelQuery`)",
            ),
            Expected::exactly(
                Patch,
                "schema `Beacon Channel Collection`: its anchor is now `beacon-channel-list` (was `beacon-channel-collection`); its type is `BeaconChannelCollection` (was `BeaconChannelCollection`)",
            ),
            Expected::exactly(
                Major,
                "type `BeaconDashboard`: optional field `notes` added (breaks struct literals)",
            ),
            Expected::exactly(Major, "type `BeaconDashboard`: field `description` removed"),
            Expected::exactly(
                Major,
                "type `BeaconDashboard`: field `lastUpdated` is now `f64` (was `String`)",
            ),
            Expected::exactly(Major, "type `Role`: value `none` removed"),
            Expected::exactly(Minor, "type `Role`: value `owner` added"),
            Expected::exactly(
                Major,
                "`zone.delete`: action removed, with the method `Zone::delete` and its request type `zone::Delete`",
            ),
            Expected::exactly(Minor, "`zone.archive`: action added"),
            Expected::starting(
                Major,
                "`live.firehose`: event `zoneChanged` added (Zone), the variant `FirehoseEvent::ZoneChanged`",
            ),
            Expected::exactly(
                Patch,
                "`asset.watch`: now `GET /assets/{assetId}/changes` (was `GET /assets/{assetId}/watch`)",
            ),
        ],
        3 => vec![
            // The swapped rows keep their argument order: no change.
            Expected::exactly(
                Patch,
                "`asset_beacon.list`: a stream the caller starts nowhere now starts at page `1` of `page` (was `0`): the documented default moved",
            ),
            Expected::exactly(
                Major,
                "error bodies: `Error::Api` now holds `Value` (was `Error`): the crate's `Error` type changes",
            ),
            Expected::exactly(Patch, "`zone.get`: error response 404 no longer documented"),
            Expected::exactly(Patch, "`zone.get`: error response 410 documented"),
        ],
        _ => Vec::new(),
    }
}

/// The spec's files while a version is made from the one before.
struct Files(Vec<(String, String)>);

impl Files {
    fn text(&mut self, name: &str) -> &mut String {
        let at = self
            .0
            .iter()
            .position(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("the synthetic spec has no {name}"));
        &mut self.0[at].1
    }

    /// Replaces the one occurrence of `from` in `name` (a planted change
    /// that finds nothing to change is a bug of the history).
    fn edit(&mut self, name: &str, from: &str, to: &str) {
        let text = self.text(name);
        assert_eq!(text.matches(from).count(), 1, "{name}: `{from}`");
        *text = text.replacen(from, to, 1);
    }

    /// Replaces every occurrence of `from` in `name`.
    fn edit_all(&mut self, name: &str, from: &str, to: &str) {
        let text = self.text(name);
        assert!(text.contains(from), "{name}: `{from}`");
        *text = text.replace(from, to);
    }

    /// Replaces `from` by `to` within the section of `name` from `start`
    /// to the next `end` (or the end of the text).
    fn edit_within(&mut self, name: &str, (start, end): (&str, &str), from: &str, to: &str) {
        let text = self.text(name);
        let at = text
            .find(start)
            .unwrap_or_else(|| panic!("{name}: `{start}`"));
        let stop = text[at + start.len()..]
            .find(end)
            .map_or(text.len(), |n| at + start.len() + n);
        let section = &text[at..stop];
        assert_eq!(
            section.matches(from).count(),
            1,
            "{name} `{start}`: `{from}`"
        );
        let changed = section.replacen(from, to, 1);
        text.replace_range(at..stop, &changed);
    }

    fn add(&mut self, name: &str, text: String) {
        self.0.push((name.to_owned(), text));
    }
}

/// Version 2: the changes that moved names, and ordinary ones.
fn second(spec: &mut Files) {
    // A new resource, sorting first, listing the values `zone` lists.
    spec.add("aardvark.md", aardvark_doc());
    spec.edit(
        "api.toml",
        "[routes.zone]",
        "[routes.aardvark]\nlist = \"GET /aardvarks\"\n\n[routes.zone]",
    );
    // A new schema, sorting first, holding the `type` enum and the
    // `location` object of `Beacon Channel`.
    spec.edit(
        "_schemas.md",
        "## Asset\n",
        &format!("{}## Asset\n", aardvark_settings()),
    );
    let channel = ("## Beacon Channel\n", "\n## ");
    // A property differing only in case, before the one it differs from.
    spec.edit_within(
        "_schemas.md",
        channel,
        "    \"name\": {",
        "    \"Name\": {\n      \"type\": \"string\"\n    },\n    \"name\": {",
    );
    // A new title under the same anchor, and the links that name it.
    spec.edit(
        "_schemas.md",
        "## Beacon Channel Query\n",
        "## Beacon Channel Search\n",
    );
    spec.edit_all(
        "beacon_channel.md",
        "[Beacon Channel Query](_schemas.md#beacon-channel-query)",
        "[Beacon Channel Search](_schemas.md#beacon-channel-query)",
    );
    // The same title under a new anchor, and the links to it.
    spec.edit(
        "_schemas.md",
        "<a name=\"beacon-channel-collection\"></a>",
        "<a name=\"beacon-channel-list\"></a>",
    );
    spec.edit_all(
        "beacon_channel.md",
        "(_schemas.md#beacon-channel-collection)",
        "(_schemas.md#beacon-channel-list)",
    );
    // Properties added, removed and retyped.
    let dashboard = ("## Beacon Dashboard\n", "\n## ");
    spec.edit_within(
        "_schemas.md",
        dashboard,
        "    \"description\": {\n      \"type\": \"string\",\n      \"maxLength\": 32767\n    },\n",
        "    \"notes\": {\n      \"type\": \"string\"\n    },\n",
    );
    spec.edit_within(
        "_schemas.md",
        dashboard,
        "    \"lastUpdated\": {\n      \"type\": \"string\",\n      \"format\": \"date-time\"\n    },",
        "    \"lastUpdated\": {\n      \"type\": \"number\"\n    },",
    );
    // An enum value added and one removed, wherever the enum is.
    let roles = spec.text("_schemas.md");
    let mut changed = String::with_capacity(roles.len());
    let mut rest = roles.as_str();
    while let Some(at) = rest.find("\"view\",") {
        let (head, tail) = rest.split_at(at + "\"view\",".len());
        changed.push_str(head);
        let space = tail.len() - tail.trim_start().len();
        if tail[space..].starts_with("\"none\"") {
            changed.push_str(&tail[..space]);
            changed.push_str("\"owner\"");
            rest = &tail[space + "\"none\"".len()..];
        } else {
            rest = tail;
        }
    }
    changed.push_str(rest);
    *roles = changed;
    // An action removed and one added.
    let delete = section(spec.text("zone.md"), "## Delete\n");
    spec.edit("zone.md", &delete, "");
    spec.edit(
        "zone.md",
        "*   [Delete](#delete)\n",
        "*   [Archive](#archive)\n",
    );
    let archive = delete
        .replace(
            "## Delete\n\nDeletes a zone",
            "## Archive\n\nArchives a zone",
        )
        .replace("client.zone.delete(", "client.zone.archive(")
        .replace("zone.delete.", "zone.archive.")
        .replace(
            "If the resource was successfully deleted",
            "If the zone was archived",
        );
    spec.edit("zone.md", "## Get\n", &format!("{archive}## Get\n"));
    spec.edit(
        "api.toml",
        "delete = \"DELETE /zones/{zoneId}\"\n",
        "archive = \"POST /zones/{zoneId}/archive\"\n",
    );
    // A stream's event added, and another stream's route moved.
    spec.edit(
        "api.toml",
        "channelChanged = \"Channel\" }",
        "channelChanged = \"Channel\", zoneChanged = \"Zone\" }",
    );
    spec.edit(
        "api.toml",
        "route = \"GET /assets/{assetId}/watch\"",
        "route = \"GET /assets/{assetId}/changes\"",
    );
}

/// Version 3: required rows swapped, a first page moved, the error schema
/// changed on one action's error response.
fn third(spec: &mut Files) {
    spec.edit(
        "event_gateway.md",
        "| eventGatewayId | string | Y | ID associated with the event gateway |  | 575ec8687ae143cd83dc4a97 |\n| file | file | Y | The file to upload |  |  |",
        "| file | file | Y | The file to upload |  |  |\n| eventGatewayId | string | Y | ID associated with the event gateway |  | 575ec8687ae143cd83dc4a97 |",
    );
    spec.edit(
        "asset_beacon.md",
        "| page | string | N | Which page of results to return | 0 | 0 |",
        "| page | string | N | Which page of results to return | 1 | 1 |",
    );
    spec.edit_within(
        "zone.md",
        ("## Get\n", "\n## "),
        "| 404 | [Error](_schemas.md#error) | Error if the resource was not found |",
        "| 410 | [Success](_schemas.md#success) | If the zone was archived |",
    );
}

/// The section of an action doc from `heading` to the next action's.
fn section(text: &str, heading: &str) -> String {
    let at = text.find(heading).expect("the section is there");
    let end = text[at + heading.len()..]
        .find("\n## ")
        .map_or(text.len(), |n| at + heading.len() + n + 1);
    text[at..end].to_owned()
}

fn aardvark_doc() -> String {
    "# Aardvark Actions\n\n\
     Details on the various actions that can be performed on the\n\
     Aardvark resource.\n\n\
     ##### Contents\n\n*   [List](#list)\n\n<br/>\n\n\
     ## List\n\nReturns the aardvarks\n\n\
     ```python\nresult = client.aardvark.list()\n\nprint(result)\n```\n\n\
     #### Available Parameters\n\n\
     | Name | Type | Required | Description | Default | Example |\n\
     | ---- | ---- | -------- | ----------- | ------- | ------- |\n\
     | sortField | string | N | Field to sort the results by. Accepted values are: name, id, creationDate, lastUpdated, zoneStatus | name | name |\n\n\
     #### Successful Responses\n\n\
     | Code | Type | Description |\n| ---- | ---- | ----------- |\n\
     | 200 | [Success](_schemas.md#success) | The aardvarks |\n\n\
     #### Error Responses\n\n\
     | Code | Type | Description |\n| ---- | ---- | ----------- |\n\
     | 400 | [Error](_schemas.md#error) | Error if malformed request |\n"
        .to_owned()
}

fn aardvark_settings() -> String {
    "## Aardvark Settings\n\n<a name=\"aardvark-settings\"></a>\n\n\
     Settings of an aardvark\n\n\
     ### <a name=\"aardvark-settings-schema\"></a> Schema\n\n\
     ```json\n{\n  \"type\": \"object\",\n  \"properties\": {\n\
     \x20   \"type\": { \"type\": \"string\", \"enum\": [\"standard\", \"gateway\", \"peripheral\", \"system\"] },\n\
     \x20   \"location\": { \"type\": \"object\", \"properties\": { \"lat\": { \"type\": \"number\" }, \"lng\": { \"type\": \"number\" }, \"label\": { \"type\": \"string\", \"maxLength\": 255 } } }\n\
     \x20 }\n}\n```\n\n<br/>\n\n"
        .to_owned()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use codegen::Lock;
    use codegen::ir::Api;

    use super::*;
    use crate::synth::{Scale, spec};

    /// The IR of version `n`, generated over `previous` as `cargo xtask
    /// codegen` does (keeping its names).
    fn generate(n: u32, previous: Option<&Api>) -> Api {
        let mut sources = codegen::Sources::default();
        for (name, text) in version(spec(Scale::FULL), n) {
            sources.add(codegen::SourceFile::new(&name, &name, text));
        }
        let lock = previous.map(Lock::from_ir).unwrap_or_default();
        let (api, diagnostics) = codegen::build_ir_keeping(&sources, &lock);
        api.unwrap_or_else(|| panic!("version {n} has errors:\n{diagnostics}"))
    }

    /// Each place's type name: a documented schema's by its anchor, a
    /// nested type's by its schema and JSON pointer.
    fn names_by_place(api: &Api) -> BTreeMap<&str, &str> {
        let mut names = BTreeMap::new();
        for def in &api.types {
            for place in std::iter::once(&def.origin).chain(&def.places) {
                names.insert(place.as_str(), def.name.as_str());
            }
        }
        names
    }

    #[test]
    fn each_version_over_the_last_reports_what_was_planted_and_renames_nothing() {
        let mut previous = generate(1, None);
        for n in 2..=LATEST {
            let next = generate(n, Some(&previous));
            let report = codegen::changes::compare(&previous, &next);
            let planted = planted(n);
            let lines: Vec<(Impact, String)> = report
                .iter()
                .map(|c| (c.impact, format!("{}: {}", c.subject, c.what)))
                .collect();
            for (impact, line) in &lines {
                assert!(
                    planted.iter().any(|p| p.matches(*impact, line)),
                    "version {n}: not planted: {impact:?} {line}\n{lines:#?}"
                );
            }
            for expected in &planted {
                assert!(
                    lines
                        .iter()
                        .any(|(impact, line)| expected.matches(*impact, line)),
                    "version {n}: missing {expected:?}\n{lines:#?}"
                );
            }
            // No type of a place both versions have changed its name.
            let (before, after) = (names_by_place(&previous), names_by_place(&next));
            for (place, name) in &before {
                if let Some(now) = after.get(place) {
                    assert_eq!(now, name, "version {n}: the type at `{place}`");
                }
            }
            previous = next;
        }
    }

    #[test]
    fn derived_anew_the_same_versions_rename_what_the_lock_keeps() {
        // Without the lock, version 2's new schema and resource, which sort
        // first, would take names from the items they resemble: the lock
        // is what keeps them (the test above).
        let first = generate(1, None);
        let fresh = generate(2, None);
        let renamed = codegen::changes::compare(&first, &fresh)
            .into_iter()
            .filter(|c| c.what.contains("renamed") || c.what.contains("now stands for"))
            .count();
        let kept = codegen::changes::compare(&first, &generate(2, Some(&first)))
            .into_iter()
            .filter(|c| c.what.contains("renamed") || c.what.contains("now stands for"))
            .count();
        assert_eq!(kept, 0);
        assert!(renamed > 0, "derived anew, version 2 renames nothing");
    }
}
