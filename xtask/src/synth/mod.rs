//! A synthetic spec at the scale of the newest real docs of this family
//! (a hundred resources, over four hundred actions and schemas, 6 MB of
//! docs), as messy as they are: every hazard real docs carry, in realistic
//! numbers, and the warnings they draw, counted by [`planted_warnings`].
//!
//! Deterministic: the same scale gives the same bytes. The benchmarks, the
//! build-time check in CI and the tests read it.

mod accepted;
mod actions;
pub mod history;
pub mod layout;
mod schemas;

use std::collections::BTreeMap;

use codegen::Lint;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub resources: usize,
    /// Plain properties per entity schema, beyond the fixed ones.
    pub extra_properties: usize,
}

impl Scale {
    /// The size of the newest real docs: 100 resources, 6 MB.
    pub const FULL: Scale = Scale {
        resources: 100,
        extra_properties: 44,
    };

    /// `n` times the full scale, for measuring how cost grows.
    pub fn times(n: usize) -> Scale {
        Scale {
            resources: Scale::FULL.resources * n,
            ..Scale::FULL
        }
    }
}

/// The spec's files: name and contents.
pub fn spec(scale: Scale) -> Vec<(String, String)> {
    let resources: Vec<Resource> = (0..scale.resources).map(Resource::new).collect();
    let mut files: Vec<(String, String)> = resources
        .iter()
        .map(|r| (format!("{}.md", r.accessor), actions::doc(r)))
        .collect();
    files.push(("_schemas.md".into(), schemas::doc(&resources, scale)));
    files.push(("api.toml".into(), actions::overlay(&resources)));
    files
}

/// The warnings the spec's hazards draw, by kind: what a run on it must
/// report, and nothing else.
pub fn planted_warnings(scale: Scale) -> BTreeMap<Lint, usize> {
    let mut planted = BTreeMap::new();
    for resource in (0..scale.resources).map(Resource::new) {
        let hazards = schemas::hazards(&resource)
            .into_iter()
            .chain(accepted::hazards(&resource));
        for (lint, count) in hazards {
            *planted.entry(lint).or_default() += count;
        }
    }
    planted
}

/// One resource of the synthetic API and what its docs hold.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    pub index: usize,
    /// `Asset Beacon`.
    pub title: String,
    /// `asset_beacon`: its doc's name and the client's accessor.
    pub accessor: String,
    /// `assetBeacon`.
    pub camel: String,
    /// A collection it lists.
    pub list: bool,
    /// How the list is paged: 38 lists by page number, as in the newest
    /// docs, two by offset, the others not at all.
    pub paging: ListPaging,
    /// Its list filters by tags, an array of objects sent in the query
    /// flattened with brackets: five actions, as in the newest docs.
    pub tag_filter: bool,
    /// An upload action (multipart).
    pub upload: bool,
    /// A create action with a body schema of its own.
    pub create: bool,
    /// Its patch may be queued: `200` with the entity, `202` with a job
    /// (and, every other one, `201` with a success), so the patch answers
    /// an enum of the statuses: thirteen actions, as in the newest docs.
    pub queued_patch: bool,
    /// A `move` action, named like a Rust keyword, taking a `type`.
    pub keyword_action: bool,
}

/// How a synthetic list is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListPaging {
    /// `page` and `perPage`.
    Pages,
    /// `offset` and `limit`.
    Offsets,
    /// The whole list at once.
    Whole,
}

impl ListPaging {
    /// The paging of the list of resource `index`: the lists are 7 of
    /// every 10 resources, and 38 of every 70 lists page by number,
    /// spread evenly; of the others, one in sixteen by offset.
    fn of(index: usize) -> ListPaging {
        let rank = (index / 10) * 7 + index % 10;
        if index % 10 >= 7 {
            ListPaging::Whole
        } else if (rank + 1) * 38 / 70 > rank * 38 / 70 {
            ListPaging::Pages
        } else if rank % 16 == 5 {
            ListPaging::Offsets
        } else {
            ListPaging::Whole
        }
    }
}

impl Resource {
    fn new(index: usize) -> Resource {
        let title = title(index);
        Resource {
            paging: ListPaging::of(index),
            index,
            accessor: title.to_ascii_lowercase().replace(' ', "_"),
            camel: camel(&title),
            title,
            list: index % 10 < 7,
            tag_filter: index % 20 == 0,
            upload: index % 4 == 0,
            create: index % 3 == 0,
            queued_patch: index % 8 == 1,
            keyword_action: index % 25 == 3,
        }
    }

    /// `Asset Beacon Patch` for `Patch`; the title itself for `""`.
    pub fn titled(&self, suffix: &str) -> String {
        if suffix.is_empty() {
            self.title.clone()
        } else {
            format!("{} {suffix}", self.title)
        }
    }
}

const WORDS: &[&str] = &[
    "Asset",
    "Beacon",
    "Channel",
    "Dashboard",
    "Event",
    "Flow",
    "Gateway",
    "Hook",
    "Integration",
    "Job",
    "Key",
    "Ledger",
    "Meter",
    "Notebook",
    "Outbox",
    "Pipeline",
    "Quota",
    "Recipe",
    "Sensor",
    "Template",
    "Unit",
    "Vault",
    "Widget",
    "Zone",
];

/// `Asset`, …, `Zone`, then `Asset Beacon`, …: distinct titles for up to
/// 24 × 24 resources.
fn title(i: usize) -> String {
    let n = WORDS.len();
    let first = WORDS[i % n];
    match i / n {
        0 => first.to_owned(),
        k => format!("{first} {}", WORDS[(i % n + k) % n]),
    }
}

pub(crate) fn camel(title: &str) -> String {
    let mut out = String::new();
    for (i, word) in title.split([' ', '-']).enumerate() {
        if i == 0 {
            out.push_str(&word.to_ascii_lowercase());
        } else {
            out.push_str(word);
        }
    }
    out
}

/// The anchor the docs give a title: lower case, spaces to hyphens.
pub(crate) fn anchor(title: &str) -> String {
    title
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(scale: Scale) -> codegen::Sources {
        let mut sources = codegen::Sources::default();
        for (name, text) in spec(scale) {
            sources.add(codegen::SourceFile::new(&name, &name, text));
        }
        sources
    }

    #[test]
    fn the_full_scale_spec_has_the_newest_real_docs_size() {
        let sources = sources(Scale::FULL);
        let bytes: usize = sources.iter().map(|f| f.text.len()).sum();
        assert!(bytes > 6_000_000, "{bytes} bytes");
        let (api, diagnostics) = codegen::build_ir(&sources);
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        let api = api.unwrap();
        assert!(api.resources.len() >= 100);
        let actions: usize = api.resources.iter().map(|r| r.actions.len()).sum();
        assert!(actions >= 370, "{actions} actions");
        assert!(api.schemas.len() >= 320, "{} schemas", api.schemas.len());
        // As many nullable properties as the newest docs' 1,820, and an
        // example for most schemas (their 315).
        let ir = serde_json::to_string(&api.types).unwrap();
        let nullable = ir.matches("\"nullable\":true").count();
        assert!(nullable >= 1_800, "{nullable} nullable properties");
        let examples = api.schemas.iter().filter(|s| s.example.is_some()).count();
        assert!(examples >= 315, "{examples} examples");
        let all_actions = || api.resources.iter().flat_map(|r| &r.actions);
        let by_status = all_actions()
            .filter(|a| a.idents.responses.is_some())
            .count();
        assert_eq!(by_status, 13, "actions answering an enum of statuses");
        let bracketed = all_actions()
            .flat_map(|a| &a.params)
            .filter(|p| p.style == Some(codegen::ir::QueryStyle::Brackets))
            .count();
        assert_eq!(bracketed, 5, "query parameters flattened with brackets");
        let paged = |by: &str| {
            all_actions()
                .filter(|a| a.paging.as_ref().is_some_and(|p| p.by.param() == by))
                .count()
        };
        assert_eq!((paged("page"), paged("offset")), (38, 2), "paged lists");
        // Two event streams: one beside the first resource's actions, with
        // a keep-alive; one making a resource no doc has.
        let streams: Vec<(&str, &str, usize)> = api
            .resources
            .iter()
            .flat_map(|r| r.actions.iter().map(move |a| (r, a)))
            .filter_map(|(r, a)| Some((r, a, a.stream.as_ref()?)))
            .map(|(r, a, s)| (r.accessor.as_str(), a.method.as_str(), s.events.len()))
            .collect();
        assert_eq!(streams, [("asset", "watch", 1), ("live", "firehose", 2)]);
        let live = api.resources.iter().find(|r| r.accessor == "live").unwrap();
        assert_eq!(&*live.loc.file, codegen::OVERLAY_FILE);
        let params = api
            .resources
            .iter()
            .flat_map(|r| &r.actions)
            .flat_map(|a| &a.params);
        let listed = params.filter(|p| !p.accepted.is_empty()).count();
        assert!(
            (160..=180).contains(&listed),
            "{listed} lists of accepted values"
        );
        assert!(api.enums.len() >= 40, "{} parameter enums", api.enums.len());
    }

    #[test]
    fn it_draws_the_warnings_it_plants_and_no_others() {
        let (_, diagnostics) = codegen::build_ir(&sources(Scale::FULL));
        let mut found: BTreeMap<Lint, usize> = BTreeMap::new();
        for d in &diagnostics {
            assert!(!d.is_error(), "{d}");
            *found
                .entry(d.lint.expect("a warning has a kind"))
                .or_default() += 1;
        }
        let planted = planted_warnings(Scale::FULL);
        assert_eq!(found, planted);
        assert!(planted.values().sum::<usize>() >= 200, "{planted:?}");
    }

    #[test]
    fn its_openapi_export_reads_back_with_every_operation() {
        let api = codegen::build_ir(&sources(Scale::FULL)).0.unwrap();
        let text = serde_json::to_string(&codegen::openapi::document(&api)).unwrap();
        let document = oas3::from_json(&text).expect("OpenAPI 3.1");
        let actions: usize = api.resources.iter().map(|r| r.actions.len()).sum();
        assert_eq!(document.operations().count(), actions);
    }

    /// The generator's check of its gating, on the crate of the full
    /// scale: each of its hundred resources reaches types of its own and
    /// of its neighbours, some types every resource reaches, and some none.
    #[test]
    fn its_crate_gates_each_item_by_the_resources_that_reach_it() {
        let options = codegen::Options::new("../mdsdk-runtime", "0.1.0");
        let generated = codegen::generate(&sources(Scale::FULL), &options).unwrap();
        if let Err(e) = codegen::check_features(&generated.api, &generated.files) {
            panic!("{e}");
        }
    }

    #[test]
    fn titles_stay_distinct_at_four_times_the_scale() {
        let titles: std::collections::HashSet<String> =
            (0..Scale::times(4).resources).map(title).collect();
        assert_eq!(titles.len(), Scale::times(4).resources);
    }
}
