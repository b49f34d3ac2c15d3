//! A whole spec directory, fuzzed: one of the real specs (spec/ or a
//! fixture's docs) with edits anywhere in any of its files (the overlay
//! included), and docs added, through the whole pipeline: parsing, the
//! checks, the naming pass, type resolution and emission. No input may
//! panic or overflow the stack, and what a successful run writes must be
//! well formed: each Rust file parses back, Cargo.toml is TOML, and no two
//! files share a path.
#![no_main]

use codegen::{Options, RenderOptions, SourceFile, Sources};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// The specs the edits start from, each as its files.
const SPECS: &[&[(&str, &str)]] = &[
    &[
        ("api.toml", include_str!("../../spec/api.toml")),
        ("_schemas.md", include_str!("../../spec/_schemas.md")),
        ("org.md", include_str!("../../spec/org.md")),
    ],
    &[
        ("api.toml", include_str!("../../codegen/tests/fixtures/json-schema/api.toml")),
        ("_schemas.md", include_str!("../../codegen/tests/fixtures/json-schema/_schemas.md")),
        ("things.md", include_str!("../../codegen/tests/fixtures/json-schema/things.md")),
    ],
    &[
        ("api.toml", include_str!("../../codegen/tests/fixtures/later-version/api.toml")),
        ("_schemas.md", include_str!("../../codegen/tests/fixtures/later-version/_schemas.md")),
        ("devices.md", include_str!("../../codegen/tests/fixtures/later-version/devices.md")),
        ("me.md", include_str!("../../codegen/tests/fixtures/later-version/me.md")),
    ],
    &[
        ("api.toml", include_str!("../../codegen/tests/fixtures/names/api.toml")),
        ("_schemas.md", include_str!("../../codegen/tests/fixtures/names/_schemas.md")),
        ("builder.md", include_str!("../../codegen/tests/fixtures/names/builder.md")),
        ("lib.md", include_str!("../../codegen/tests/fixtures/names/lib.md")),
        ("models.md", include_str!("../../codegen/tests/fixtures/names/models.md")),
        ("new.md", include_str!("../../codegen/tests/fixtures/names/new.md")),
        ("shouting.md", include_str!("../../codegen/tests/fixtures/names/shouting.md")),
    ],
];

/// Most edits applied to one input.
const MAX_EDITS: usize = 16;

/// The spec the input describes: a base spec, then edits.
fn spec_dir(u: &mut Unstructured<'_>) -> Result<Vec<(String, Vec<u8>)>> {
    let base = SPECS[u.choose_index(SPECS.len())?];
    let mut files: Vec<(String, Vec<u8>)> = base
        .iter()
        .map(|(name, text)| ((*name).to_owned(), text.as_bytes().to_vec()))
        .collect();
    for _ in 0..u.int_in_range(0..=MAX_EDITS)? {
        if u.ratio(1, 16)? {
            // A doc of its own.
            let name = format!("extra{}.md", files.len());
            files.push((name, u.arbitrary::<&[u8]>()?.to_vec()));
            continue;
        }
        let file = u.choose_index(files.len())?;
        let text = &mut files[file].1;
        let at = u.int_in_range(0..=text.len())?;
        let cut = u.int_in_range(0..=(text.len() - at).min(64))?;
        let insert: &[u8] = u.arbitrary()?;
        // Repeating a few bytes reaches deep nesting and long names.
        let times = if insert.len() <= 16 && u.ratio(1, 8)? {
            u.int_in_range(1..=2000)?
        } else {
            1
        };
        let insert = insert.repeat(times);
        text.splice(at..at + cut, insert);
    }
    Ok(files)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(files) = spec_dir(&mut u) else { return };
    let mut sources = Sources::default();
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        sources.add(SourceFile::new(&name, &name, text));
    }
    let options = Options::new("../mdsdk-runtime", "0.1.0");
    match codegen::generate(&sources, &options) {
        Ok(generated) => {
            drop(generated.warnings.render(&sources, RenderOptions::default()));
            drop(codegen::openapi::document(&generated.api));
            let mut paths = std::collections::HashSet::new();
            for file in &generated.files {
                assert!(paths.insert(file.path.to_ascii_lowercase()), "two files are {}", file.path);
                if file.path.ends_with(".rs") {
                    if let Err(e) = syn::parse_file(&file.contents) {
                        panic!("{} does not parse: {e}\n{}", file.path, file.contents);
                    }
                } else if file.path.ends_with(".toml") {
                    if let Err(e) = file.contents.parse::<toml::Table>() {
                        panic!("{} is not TOML: {e}\n{}", file.path, file.contents);
                    }
                }
            }
        }
        Err(errors) => drop(errors.render(&sources, RenderOptions::default())),
    }
});
