//! A schema's example, in its type's rustdoc, is a code block: read back
//! from the generated `models.rs` (its `#[doc]` attributes parsed with
//! syn, joined and unindented as rustdoc joins them, then read as
//! CommonMark as rustdoc reads it), the type's docs hold one fenced block,
//! tagged `json`, whose content is the example as the docs wrote it. On
//! every docs fixture, and on the frozen Org docs with an example written
//! to break out of its block.

mod common;

use std::path::{Path, PathBuf};

use codegen::ir::Api;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

fn options() -> codegen::Options {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mdsdk-runtime");
    let manifest = std::fs::read_to_string(runtime.join("Cargo.toml")).unwrap();
    codegen::Options::new(
        "../mdsdk-runtime",
        codegen::package_version(&manifest).unwrap(),
    )
}

/// The IR of `sources` and the `src/models.rs` generated from it.
fn models(sources: &codegen::Sources) -> (Api, syn::File) {
    let (api, diags) = codegen::build_ir(sources);
    let api = api.unwrap_or_else(|| panic!("{diags}"));
    let files = codegen::emit(&api, &options()).unwrap();
    let models = files.iter().find(|f| f.path == "src/models.rs").unwrap();
    (api, syn::parse_file(&models.contents).unwrap())
}

/// The docs of the type `name` as rustdoc reads them: the values of its
/// `#[doc]` attributes, one a line, without the indentation common to the
/// lines that are not blank (the space after each `///`).
fn rustdoc_text(models: &syn::File, name: &str) -> String {
    let attrs = models
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(&s.attrs),
            syn::Item::Enum(e) if e.ident == name => Some(&e.attrs),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no type `{name}` in models.rs"));
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .map(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => text.value(),
            _ => panic!("a `#[doc]` of `{name}` that is not a string"),
        })
        .collect();
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(common..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code blocks of Markdown `text`: each one's info string and content.
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "(indented)".to_owned(),
                };
                open = Some((info, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            Event::Text(t) => {
                if let Some((_, content)) = &mut open {
                    content.push_str(&t);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// The example's lines as a code block holds them: the docs' text without
/// the blank lines around it and the spaces that end its lines.
fn as_written(example: &str) -> String {
    let lines: Vec<&str> = example
        .lines()
        .map(|l| l.trim_end_matches([' ', '\t']))
        .skip_while(|l| l.is_empty())
        .collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[..end].iter().map(|l| format!("{l}\n")).collect()
}

/// Asserts that every type of `api` with an example shows it as a `json`
/// code block; returns how many there are.
fn assert_examples_are_code(api: &Api, models: &syn::File) -> usize {
    let mut seen = 0;
    for def in &api.types {
        let Some(example) = &def.example else {
            continue;
        };
        let docs = rustdoc_text(models, &def.name);
        assert_eq!(
            code_blocks(&docs),
            [("json".to_owned(), as_written(example))],
            "the docs of `{}`:\n{docs}",
            def.name
        );
        // The docs go on after the block: it was closed where it ends.
        let origin = format!("\n\nSchema: `{}`.", def.origin);
        assert!(docs.ends_with(&origin), "{docs}");
        seen += 1;
    }
    seen
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("api.toml").is_file())
        .collect();
    found.sort();
    found
}

#[test]
fn fixture_examples_are_json_code_blocks() {
    let mut seen = 0;
    for fixture in fixtures() {
        let (api, models) = models(&codegen::load(&fixture).unwrap());
        seen += assert_examples_are_code(&api, &models);
    }
    // The `nullable` fixture alone has two.
    assert!(seen >= 2, "{seen} examples");
}

#[test]
fn a_hostile_example_stays_in_its_block() {
    // Fenced in the docs with four backticks, as it holds three; its
    // fourth line ends in spaces, which the block does not keep.
    let example = r###"{
  "success": true,
  "```": "```` and a [link](https://example.com/a_b) <b>*x*</b> \\_ &lt;",
  "#": "# not a heading",    
  "*/": "\" \"# \"## r#\"x\"#"
}"###;
    let sources = common::frozen_org(|name, mut text| {
        if name == "_schemas.md" {
            text.push_str(&format!("\n### Example\n\n````json\n{example}\n````\n"));
        }
        text
    });
    let (api, models) = models(&sources);
    let success = api.types.iter().find(|t| t.name == "Success").unwrap();
    assert_eq!(success.example.as_deref().map(str::trim_end), Some(example));
    assert_eq!(assert_examples_are_code(&api, &models), 1);
    let docs = rustdoc_text(&models, "Success");
    assert_eq!(
        code_blocks(&docs)[0].1,
        example.replace("    \n", "\n") + "\n"
    );
}
