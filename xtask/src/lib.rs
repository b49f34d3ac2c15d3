//! The maintainer's tools behind `cargo xtask`, as a library so that its
//! benches and tests reach them too.

pub mod semver;
pub mod synth;

use std::path::{Path, PathBuf};

/// `to` as a path relative to the directory `from` (both absolute): how the
/// generated crate's Cargo.toml names the runtime crate.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part);
    }
    out
}
