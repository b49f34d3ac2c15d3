//! The names a run gives the files it sets aside while writing, and the
//! sweep of those a killed run left.
//!
//! A run writes each new file beside its target and keeps each replaced
//! or removed file under a second name until all are in place
//! ([`super::transaction`]). A run killed in between (`kill -9`, a power
//! cut) cannot undo that; the next run, once it holds the directory's
//! lock (so no live run is writing there), deletes what a dead run set
//! aside and says so. Everything set aside is the generator's own: new or
//! previous bytes of a generated file, which the next run writes anew.

use std::fs;
use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::entry::Entry;

/// What the name of a file set aside says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aside {
    /// A file's new bytes, until renamed over it: `.tmp`.
    New,
    /// A replaced or removed file's previous bytes: `.bak`.
    Previous,
}

impl Aside {
    fn suffix(self) -> &'static str {
        match self {
            Aside::New => "tmp",
            Aside::Previous => "bak",
        }
    }
}

/// A name beside `target` that no other run and no earlier step uses:
/// `.org.rs.codegen-<pid>-<16 hex digits>.tmp` (or `.bak`).
pub(crate) fn aside(target: &Path, kind: Aside) -> PathBuf {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let unique = RandomState::new().hash_one(COUNT.fetch_add(1, Ordering::Relaxed));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    target.with_file_name(format!(
        ".{name}.codegen-{}-{unique:016x}.{}",
        std::process::id(),
        kind.suffix()
    ))
}

/// The process that set aside a file of this name, when [`aside`] made it.
fn setter(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let rest = rest
        .strip_suffix(".tmp")
        .or_else(|| rest.strip_suffix(".bak"))?;
    let (_, tail) = rest.rsplit_once(".codegen-")?;
    let (pid, unique) = tail.split_once('-')?;
    let hex = unique.len() == 16 && unique.bytes().all(|b| b.is_ascii_hexdigit());
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    (hex && digits).then(|| pid.parse().ok()).flatten()
}

/// Whether a file of this name is one a run set aside.
pub(crate) fn is_aside(name: &str) -> bool {
    setter(name).is_some()
}

/// Deletes the regular files under `out` that another process set aside
/// (directories named `target` or starting with a dot, and links, are not
/// looked into). Returns each one's path relative to `out`, and what could
/// not be deleted, each saying why. Called under the directory's lock
/// after a complete write: a run that held the lock before deleted what
/// it set aside, so such a file is a dead run's. This run's own (a backup
/// it could not delete) are reported by the run as its leftovers.
pub(crate) fn sweep(out: &Path) -> (Vec<String>, Vec<String>) {
    let (mut swept, mut left) = (Vec::new(), Vec::new());
    let mut dirs = vec![String::new()];
    while let Some(dir) = dirs.pop() {
        let path = if dir.is_empty() {
            out.to_path_buf()
        } else {
            out.join(&dir)
        };
        let entries = match fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) => {
                left.push(format!(
                    "{} could not be searched for files a killed run left ({e})",
                    path.display()
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let relative = match dir.as_str() {
                "" => name.clone(),
                dir => format!("{dir}/{name}"),
            };
            match Entry::at(&entry.path()) {
                Ok(Entry::Dir) if name != "target" && !name.starts_with('.') => dirs.push(relative),
                Ok(Entry::File { .. })
                    if setter(&name).is_some_and(|pid| pid != std::process::id()) =>
                {
                    match fs::remove_file(entry.path()) {
                        Ok(()) => swept.push(relative),
                        Err(e) => left.push(format!(
                            "{} (set aside by a run that was killed) could not be deleted: {e}",
                            entry.path().display()
                        )),
                    }
                }
                _ => {}
            }
        }
    }
    swept.sort();
    (swept, left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_set_aside_are_told_from_names_that_look_like_them() {
        let temp = aside(Path::new("out/src/org.rs"), Aside::New);
        let name = temp.file_name().unwrap().to_str().unwrap();
        assert_eq!(setter(name), Some(std::process::id()));
        let backup = aside(Path::new("out/api.json"), Aside::Previous);
        assert!(backup.to_str().unwrap().ends_with(".bak"));
        for not_ours in [
            "org.rs",
            ".org.rs.codegen-12-0123456789abcdef.txt",
            ".org.rs.codegen-12-0123.tmp",
            ".org.rs.codegen--0123456789abcdef.tmp",
            ".org.rs.codegen-x1-0123456789abcdef.bak",
            "org.rs.codegen-12-0123456789abcdef.tmp",
        ] {
            assert_eq!(setter(not_ours), None, "{not_ours}");
        }
        assert_eq!(
            setter(".a.codegen-b.codegen-77-0123456789abcdef.bak"),
            Some(77)
        );
    }
}
