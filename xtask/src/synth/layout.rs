//! The synthetic spec in the vendor's newest layout: the same API as
//! [`spec`](super::spec) writes, as `docs/<resource>.md` with JavaScript
//! samples (camelCase keys) beside `lib/schemas/<stem>.json`, one JSON
//! Schema per file, type cells linking the files, `$ref`s naming a file by
//! its stem, and a `docs/_schemas.md` that holds only the examples (as the
//! vendor's does, whose Example cells link into it). The overlay is the
//! same, keyed in snake_case: both spellings of a key must match.

use std::collections::{BTreeMap, HashMap};

/// Which layout `cargo xtask synth` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `<resource>.md` beside `_schemas.md`, Python samples.
    Older,
    /// `docs/` beside `lib/schemas/*.json`, JavaScript samples.
    Vendor,
}

impl Layout {
    pub fn parse(text: &str) -> Option<Layout> {
        match text {
            "older" => Some(Layout::Older),
            "vendor" => Some(Layout::Vendor),
            _ => None,
        }
    }
}

/// The files of the spec `files` (in the older layout) in `layout`.
pub fn into(layout: Layout, files: Vec<(String, String)>) -> Vec<(String, String)> {
    match layout {
        Layout::Older => files,
        Layout::Vendor => vendor(files),
    }
}

/// One `## Title` section of the schema doc.
struct Section {
    title: String,
    anchor: String,
    description: String,
    schema: String,
    example: Option<String>,
}

fn vendor(files: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut docs = Vec::new();
    let mut sections = Vec::new();
    for (name, text) in files {
        match name.as_str() {
            "api.toml" => out.push((name, text)),
            "_schemas.md" => sections = schema_sections(&text),
            _ => docs.push((name, text)),
        }
    }
    // A stem per schema, unique (titles may differ only in punctuation).
    let mut stems: HashMap<String, String> = HashMap::new();
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for section in &sections {
        let words = section
            .title
            .replace(|c: char| !c.is_alphanumeric() && c != ' ', "");
        let base = lower_camel(&words.to_ascii_lowercase().replace(' ', "_"));
        let n = taken.entry(base.clone()).or_default();
        *n += 1;
        let stem = if *n == 1 { base } else { format!("{base}{n}") };
        stems.insert(section.anchor.clone(), stem);
    }
    let mut linked: Vec<&str> = Vec::new();
    for (name, text) in docs {
        let (doc, links) = vendor_doc(&text, &stems);
        linked.extend(
            links
                .into_iter()
                .filter_map(|anchor| stems.get(&anchor).map(String::as_str)),
        );
        let resource = name.strip_suffix(".md").unwrap_or(&name);
        out.push((format!("docs/{}.md", lower_camel(resource)), doc));
    }
    let mut examples = String::from("# Schemas\n\n");
    for section in &sections {
        let stem = &stems[&section.anchor];
        // A file no link titles carries its title, as some of the
        // vendor's do; the others are titled by their links.
        let json = match linked.contains(&stem.as_str()) {
            true => section.schema.clone(),
            false => titled(&section.schema, &section.title),
        };
        out.push((format!("lib/schemas/{stem}.json"), json));
        let description = match section.description.is_empty() {
            true => String::new(),
            false => format!("{}\n\n", section.description),
        };
        let heading = format!(
            "## {}\n\n<a name=\"{}\"></a>\n\n{description}",
            section.title, section.anchor
        );
        if let Some(example) = &section.example {
            examples.push_str(&format!(
                "{heading}### <a name=\"{}-example\"></a> Example\n\n```json\n{example}```\n\n<br/>\n\n",
                section.anchor
            ));
        } else if !description.is_empty() {
            examples.push_str(&format!("{heading}<br/>\n\n"));
        }
    }
    out.push(("docs/_schemas.md".to_owned(), examples));
    out
}

/// The sections of the schema doc, as `schemas.rs` writes them.
fn schema_sections(text: &str) -> Vec<Section> {
    let mut sections = Vec::new();
    for chunk in text.split("\n## ").skip(1) {
        let title = chunk.lines().next().unwrap_or_default().trim().to_owned();
        let anchor = chunk
            .split("<a name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let description = chunk
            .lines()
            .skip(1)
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('<') && !line.starts_with('#'))
            .filter(|line| !line.starts_with("```"))
            .unwrap_or_default()
            .to_owned();
        let mut blocks = chunk
            .split("```json\n")
            .skip(1)
            .map(|block| block.split("```").next().unwrap_or_default().to_owned());
        let schema = blocks.next().unwrap_or_default();
        let example = chunk
            .contains("-example\"></a> Example")
            .then(|| blocks.next())
            .flatten();
        sections.push(Section {
            title,
            anchor,
            description,
            schema,
            example,
        });
    }
    sections
}

/// A schema's JSON with a `title` of its own.
fn titled(schema: &str, title: &str) -> String {
    match schema.trim_start().strip_prefix('{') {
        Some(rest) => format!(
            "{{\n  \"title\": {},{rest}",
            serde_json::to_string(title).unwrap()
        ),
        None => schema.to_owned(),
    }
}

/// An action doc in the vendor's layout: schema links to the files,
/// samples in JavaScript. Returns the doc and the anchors it links.
fn vendor_doc(text: &str, stems: &HashMap<String, String>) -> (String, Vec<String>) {
    let mut links = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](_schemas.md#") {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let tail = &tail["](_schemas.md#".len()..];
        let end = tail.find(')').unwrap_or(tail.len());
        let anchor = &tail[..end];
        match stems.get(anchor) {
            // A type cell: the schema's file.
            Some(stem) => {
                out.push_str(&format!("](../lib/schemas/{stem}.json"));
                links.push(anchor.to_owned());
            }
            // An Example cell: into the schema doc, as the vendor's are.
            None => out.push_str(&format!("](_schemas.md#{anchor}")),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    (javascript_samples(&out), links)
}

/// Each Python sample (`result = client.asset_beacon.remove_member(...)`)
/// as the JavaScript one (`client.assetBeacon.removeMember(params)`).
fn javascript_samples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("```python\n") {
        out.push_str(&rest[..at]);
        let block = &rest[at + "```python\n".len()..];
        let end = block.find("```").unwrap_or(block.len());
        let code = &block[..end];
        let call = code
            .split("client.")
            .nth(1)
            .and_then(|c| c.split('(').next())
            .unwrap_or_default();
        let (resource, method) = call.split_once('.').unwrap_or((call, ""));
        let (resource, method) = (lower_camel(resource), lower_camel(method));
        out.push_str(&format!(
            "```javascript\n// with promises\nclient.{resource}.{method}(params)\n  .then(console.log)\n  .catch(console.error);\n"
        ));
        rest = &block[end..];
    }
    out.push_str(rest);
    out
}

/// `asset_beacon` to `assetBeacon`.
fn lower_camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    for (i, word) in snake.split('_').filter(|w| !w.is_empty()).enumerate() {
        let mut chars = word.chars();
        match (i, chars.next()) {
            (0, Some(first)) => out.extend(first.to_lowercase()),
            (_, Some(first)) => out.extend(first.to_uppercase()),
            (_, None) => {}
        }
        out.push_str(chars.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Scale, spec};

    /// The crate generated from `files`, each file without its header
    /// (which names the docs it came from).
    fn generated(files: Vec<(String, String)>) -> Vec<(String, String)> {
        let mut sources = codegen::Sources::default();
        for (name, text) in files {
            sources.add(codegen::SourceFile::new(&name, &name, text));
        }
        let options = codegen::Options::new("../mdsdk-runtime", "0.1.0");
        let generated = codegen::generate(&sources, &options)
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        generated
            .files
            .into_iter()
            // The tests of the examples name the docs' files and lines.
            .filter(|f| f.path.starts_with("src/"))
            .map(|f| {
                let body: Vec<&str> = f
                    .contents
                    .lines()
                    .filter(|l| !l.contains("@generated"))
                    .collect();
                (f.path, body.join("\n"))
            })
            .collect()
    }

    #[test]
    fn both_layouts_of_the_synthetic_spec_generate_the_same_crate() {
        let older = spec(Scale::FULL);
        let vendor = into(Layout::Vendor, older.clone());
        assert!(
            vendor
                .iter()
                .any(|(name, _)| name == "lib/schemas/assetBeacon.json")
        );
        assert!(vendor.iter().any(|(name, _)| name == "docs/assetBeacon.md"));
        assert!(vendor.iter().all(|(_, text)| !text.contains("```python")));
        let (vendor, older) = (generated(vendor), generated(older));
        assert_eq!(vendor.len(), older.len());
        for ((path, a), (_, b)) in vendor.iter().zip(&older) {
            let first = a.lines().zip(b.lines()).find(|(x, y)| x != y);
            assert!(a == b, "{path} differs: {first:?}");
        }
    }
}
