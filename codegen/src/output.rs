//! Comparing generated files with what is on disk, and writing them.
//!
//! Only files that changed are written, so `cargo xtask codegen` on an
//! up-to-date tree touches nothing (and cargo rebuilds nothing). The
//! generator owns the files it emits and everything under
//! [`OWNED_DIRS`]; anything else there is stale.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::{GeneratedFile, OWNED_DIRS};

/// How a file on disk differs from the generated one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Generated, but not on disk.
    Missing(String),
    /// On disk with other contents.
    Changed(String),
    /// On disk in an owned directory, but no longer generated.
    Stale(String),
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Missing(p) | Change::Changed(p) | Change::Stale(p) => p,
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Missing(p) => write!(f, "{p}: missing"),
            Change::Changed(p) => write!(f, "{p}: out of date"),
            Change::Stale(p) => write!(f, "{p}: no longer generated"),
        }
    }
}

/// What writing `files` into `out` would change, in path order.
pub fn changes(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for file in files {
        match std::fs::read(out.join(&file.path)) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => changes.push(Change::Changed(file.path.clone())),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                changes.push(Change::Missing(file.path.clone()))
            }
            Err(e) => return Err(e),
        }
    }
    for dir in OWNED_DIRS {
        for path in files_under(&out.join(dir))? {
            let relative = path
                .strip_prefix(out)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if !files.iter().any(|f| f.path == relative) {
                changes.push(Change::Stale(relative));
            }
        }
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(changes)
}

/// Applies `changes` all or nothing, as far as a file system allows: every
/// new or changed file is first written beside its target, and only when
/// all are written are they renamed over their targets and stale files
/// removed. A failed write leaves the crate as it was.
pub fn apply(out: &Path, files: &[GeneratedFile], changes: &[Change]) -> io::Result<()> {
    let mut aside = Vec::new();
    let written = (|| {
        for change in changes {
            if let Change::Missing(path) | Change::Changed(path) = change {
                let target = out.join(path);
                let contents = &files
                    .iter()
                    .find(|f| &f.path == path)
                    .expect("a change names a file")
                    .contents;
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let temporary = target.with_extension("codegen-tmp");
                std::fs::write(&temporary, contents)?;
                aside.push((temporary, target));
            }
        }
        Ok(())
    })();
    if let Err(e) = written {
        for (temporary, _) in &aside {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(e);
    }
    for (temporary, target) in &aside {
        std::fs::rename(temporary, target)?;
    }
    for change in changes {
        if let Change::Stale(path) = change {
            std::fs::remove_file(out.join(path))?;
        }
    }
    Ok(())
}

fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files_under(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let out = std::env::temp_dir().join(format!("codegen-output-{}-a", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("src/kept.rs"), "same").unwrap();
        std::fs::write(out.join("src/old.rs"), "stale").unwrap();
        let files = [
            file("src/kept.rs", "same"),
            file("src/new.rs", "new"),
            file("Cargo.toml", "toml"),
        ];
        let changes = changes(&out, &files).unwrap();
        assert_eq!(
            changes,
            [
                Change::Missing("Cargo.toml".into()),
                Change::Missing("src/new.rs".into()),
                Change::Stale("src/old.rs".into()),
            ]
        );
        apply(&out, &files, &changes).unwrap();
        assert_eq!(self::changes(&out, &files).unwrap(), []);
        assert!(!out.join("src/old.rs").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_the_crate_as_it_was() {
        let out = std::env::temp_dir().join(format!("codegen-output-{}-b", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("Cargo.toml"), "old").unwrap();
        // `models` is a file, so `models/x.rs` cannot be written.
        std::fs::write(out.join("models"), "in the way").unwrap();
        let files = [file("Cargo.toml", "new"), file("models/x.rs", "x")];
        let changes = changes(&out, &files).unwrap();
        assert!(apply(&out, &files, &changes).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("Cargo.toml")).unwrap(),
            "old"
        );
        let mut left: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["Cargo.toml", "models"], "no file was left aside");
        std::fs::remove_dir_all(&out).unwrap();
    }
}
