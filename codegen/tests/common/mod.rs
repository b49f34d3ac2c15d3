//! The frozen copy of the Org docs (`tests/frozen-org`) that the tests of
//! one kind of docs change edit, so they do not move when `spec/` does.

use std::path::Path;

use codegen::{SourceFile, Sources};

/// The frozen Org docs, each file's text passed through `edit(name,
/// text)`; each file shown as `spec/<name>`, as `cargo xtask codegen`
/// shows the docs it reads.
pub fn frozen_org(edit: impl Fn(&str, String) -> String) -> Sources {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/frozen-org");
    let mut sources = Sources::default();
    for name in ["_schemas.md", "api.toml", "org.md"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        sources.add(SourceFile::new(
            name,
            &format!("spec/{name}"),
            edit(name, text),
        ));
    }
    sources
}
