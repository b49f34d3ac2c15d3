//! A directory tree's every entry, to tell "left as it was" from
//! "changed": file bytes, link targets (as links, never followed),
//! directories and permissions.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Dir {
        mode: u32,
    },
    /// A file by a hash of its bytes (some cases hold 64 MiB files), and
    /// its first lines, which say whether the generator wrote it.
    File {
        hash: u64,
        head: String,
        mode: u32,
    },
    Link(PathBuf),
    /// A FIFO, socket or device: only its kind is compared.
    Special,
}

impl Entry {
    /// Whether a file says it was written by the generator.
    pub fn is_generated(&self) -> bool {
        match self {
            Entry::File { head, .. } => head.lines().take(2).any(|l| l.contains("@generated")),
            _ => false,
        }
    }
}

/// Entries by their path relative to the tree's root, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tree(pub BTreeMap<String, Entry>);

impl Tree {
    pub fn read(root: &Path) -> Tree {
        let mut tree = Tree::default();
        tree.walk(root, "");
        tree
    }

    fn walk(&mut self, dir: &Path, prefix: &str) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let meta = fs::symlink_metadata(&path).unwrap();
            let mode = meta.permissions().mode();
            let kind = meta.file_type();
            let value = if kind.is_symlink() {
                Entry::Link(fs::read_link(&path).unwrap())
            } else if kind.is_dir() {
                self.walk(&path, &format!("{name}/"));
                Entry::Dir { mode }
            } else if kind.is_file() {
                let bytes = fs::read(&path).unwrap();
                let mut hasher = DefaultHasher::new();
                bytes.hash(&mut hasher);
                Entry::File {
                    hash: hasher.finish(),
                    head: String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned(),
                    mode,
                }
            } else {
                Entry::Special
            };
            self.0.insert(name, value);
        }
    }

    /// The paths that differ between `self` and `after`, each with how.
    pub fn diff(&self, after: &Tree) -> Vec<String> {
        let mut out = Vec::new();
        for (path, entry) in &self.0 {
            match after.0.get(path) {
                None => out.push(format!("{path}: removed")),
                Some(now) if now != entry => out.push(format!("{path}: changed")),
                Some(_) => {}
            }
        }
        for path in after.0.keys().filter(|p| !self.0.contains_key(*p)) {
            out.push(format!("{path}: added"));
        }
        out
    }

    /// The entries under `prefix` (`out/`), with it taken off their path.
    pub fn under(&self, prefix: &str) -> Tree {
        Tree(
            self.0
                .iter()
                .filter_map(|(p, e)| Some((p.strip_prefix(prefix)?.to_owned(), e.clone())))
                .collect(),
        )
    }
}
