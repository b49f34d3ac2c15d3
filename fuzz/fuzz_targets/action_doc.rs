//! Any text as an action doc, through the whole pipeline with the real
//! schema doc and overlay: no input may panic.
#![no_main]

use codegen::{Options, SourceFile, Sources};
use libfuzzer_sys::fuzz_target;

const SCHEMAS: &str = include_str!("../../spec/_schemas.md");
const OVERLAY: &str = include_str!("../../spec/api.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sources = Sources::default();
    sources.add(SourceFile::new("_schemas.md", "_schemas.md", SCHEMAS.to_owned()));
    sources.add(SourceFile::new("api.toml", "api.toml", OVERLAY.to_owned()));
    sources.add(SourceFile::new("org.md", "org.md", text.to_owned()));
    let options = Options::new("../mdsdk-runtime", "0.1.0");
    match codegen::generate(&sources, &options) {
        Ok(generated) => drop(generated.warnings.render(&sources, codegen::RenderOptions::default())),
        Err(errors) => drop(errors.render(&sources, codegen::RenderOptions::default())),
    }
});
