//! Every runtime item a generated crate's public API shows is nameable
//! through the generated crate.
//!
//! The generated crates re-export the runtime's `exports` and `crates`
//! modules (and `mock` in their `mock` module) whole, so the lists live
//! in the runtime alone. This test reads the runtime's sources and each
//! generated crate's, and follows every type and bound in a public
//! signature: of the generated code (its own items, the impls it writes,
//! the expansion of the runtime macros it calls), then of each runtime
//! item reached, and so on. Each runtime item reached must be one the
//! generated crate re-exports, and each other crate whose types appear
//! must be one it re-exports too; a name it cannot place fails the test
//! rather than pass unseen.

mod check;
mod paths;
mod runtime;
mod surface;

use std::path::{Path, PathBuf};

use runtime::{Runtime, Source};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The `.rs` files under `dir/src`, by their path from `dir`.
fn sources(dir: &Path) -> Vec<Source> {
    let mut found = Vec::new();
    let mut pending = vec![dir.join("src")];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(dir).unwrap();
                let relative = relative.to_string_lossy().replace('\\', "/");
                found.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

/// The generated crates: `generated-client` and each fixture's client.
fn generated_crates() -> Vec<PathBuf> {
    let root = workspace();
    let mut crates = vec![root.join("generated-client")];
    for fixture in std::fs::read_dir(root.join("codegen/tests/fixtures")).unwrap() {
        let client = fixture.unwrap().path().join("client");
        if client.join("src/lib.rs").is_file() {
            crates.push(client);
        }
    }
    crates.sort();
    crates
}

#[test]
fn every_runtime_item_a_generated_crate_shows_is_re_exported() {
    let runtime = Runtime::new(&sources(&workspace().join("mdsdk-runtime")));
    let mut problems = Vec::new();
    for dir in generated_crates() {
        for problem in check::check(&runtime, &sources(&dir)) {
            problems.push(format!("{}: {problem}", dir.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The downstream crate (an application depending on `losant-rest`
/// alone) names each item the runtime lists, so a new one is named there
/// too.
#[test]
fn the_downstream_crate_names_every_listed_item() {
    let runtime = Runtime::new(&sources(&workspace().join("mdsdk-runtime")));
    let downstream = workspace().join("generated-client/tests/downstream/src/lib.rs");
    let text = std::fs::read_to_string(&downstream).unwrap();
    let names = ["exports", "crates", "mock"]
        .iter()
        .flat_map(|module| runtime.module_names(module).unwrap());
    let mut missing: Vec<String> = names.filter(|name| !names_word(&text, name)).collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "{} does not name {missing:?}",
        downstream.display()
    );
}

/// Whether `word` appears in `text` as a whole identifier.
fn names_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// The check finds what it is for: a runtime type shown by a listed item
/// but not listed, one shown by the generated code (by its full path, or
/// bare after a `use`), another crate's type imported the same way, and a
/// bare name it cannot place; and it passes what a glob, the file's own
/// items and the prelude bring.
#[test]
fn a_gap_in_the_lists_is_found() {
    let source = |path: &str, text: &str| (path.to_owned(), text.to_owned());
    let runtime = Runtime::new(&[
        source(
            "src/lib.rs",
            "pub mod crates; pub mod exports; mod builder; mod limits;",
        ),
        source("src/crates.rs", "pub use reqwest;"),
        source("src/exports.rs", "pub use crate::builder::Builder;"),
        source(
            "src/builder.rs",
            "use bytes::Bytes; use crate::limits::Limit;
             pub struct Builder;
             impl Builder {
                 pub fn limit(&self) -> Limit { Limit }
                 pub fn body(&self) -> Bytes { todo!() }
                 #[doc(hidden)] pub fn hidden(&self) -> crate::limits::Hidden { todo!() }
                 /// Whether it is hidden: a doc comment, not `doc(hidden)`.
                 pub fn documented(&self) -> crate::limits::Documented { todo!() }
                 fn private(&self) -> crate::limits::Hidden { todo!() }
             }",
        ),
        source(
            "src/limits.rs",
            "pub struct Limit; pub struct Hidden; pub struct Shown; pub struct Documented;",
        ),
    ]);
    let generated = [
        source(
            "src/lib.rs",
            "pub use ::mdsdk_runtime::exports::*;
             pub use ::mdsdk_runtime::crates::*;
             pub mod models;
             pub fn shown() -> ::mdsdk_runtime::Shown { todo!() }
             pub fn unknown() -> Mystery { todo!() }
             pub fn globbed() -> Builder { todo!() }",
        ),
        source(
            "src/models.rs",
            "use ::mdsdk_runtime::Hidden;
             use ::bytes::Bytes as Raw;
             pub struct Own;
             pub struct Model { pub hidden: Hidden, pub raw: Option<Raw>, pub own: Vec<Own> }",
        ),
    ];
    let problems = check::check(&runtime, &generated);
    let found = |text: &str| problems.iter().any(|p| p.starts_with(text));
    assert_eq!(problems.len(), 7, "{problems:#?}");
    assert!(found(
        "mdsdk_runtime::Builder shows `mdsdk_runtime::Documented`"
    ));
    assert!(found("mdsdk_runtime::Builder shows `bytes::Bytes`"));
    assert!(found("mdsdk_runtime::Builder shows `mdsdk_runtime::Limit`"));
    assert!(found("src/lib.rs: shown shows `mdsdk_runtime::Shown`"));
    assert!(found(
        "src/lib.rs: unknown: cannot tell where `Mystery` comes from"
    ));
    assert!(found("src/models.rs: Model shows `mdsdk_runtime::Hidden`"));
    assert!(found("src/models.rs: Model shows `bytes::Bytes`"));
}
