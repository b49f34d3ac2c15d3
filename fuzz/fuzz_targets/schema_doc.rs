//! Any text as the schema doc, through the whole pipeline with the real
//! action doc and overlay (so type resolution and emission run on whatever
//! schemas it holds): no input may panic.
#![no_main]

use codegen::{Options, SourceFile, Sources};
use libfuzzer_sys::fuzz_target;

const ACTIONS: &str = include_str!("../../spec/org.md");
const OVERLAY: &str = include_str!("../../spec/api.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sources = Sources::default();
    sources.add(SourceFile::new("_schemas.md", "_schemas.md", text.to_owned()));
    sources.add(SourceFile::new("api.toml", "api.toml", OVERLAY.to_owned()));
    sources.add(SourceFile::new("org.md", "org.md", ACTIONS.to_owned()));
    let options = Options::new("../mdsdk-runtime", "0.1.0");
    match codegen::generate(&sources, &options) {
        Ok(generated) => drop(generated.warnings.render(&sources, codegen::RenderOptions::default())),
        Err(errors) => drop(errors.render(&sources, codegen::RenderOptions::default())),
    }
});
