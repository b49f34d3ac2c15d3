//! Comparing generated files with what is on disk, and writing them.
//!
//! The generator owns only what it generated: the files its previous
//! generation lists in `api.json` (`previous.rs`) that still carry the
//! `@generated` header. It replaces or removes nothing else, refuses a
//! non-empty directory that holds no previous generation, and never
//! follows a link in the output directory (`entry.rs`): a link where a
//! generated file or directory goes is an error naming it. Every refusal
//! is decided before anything is changed (`plan.rs`); the writing itself is
//! all or nothing (`transaction.rs`), and runs on one directory take turns
//! (`lock.rs`).
//!
//! Only files that changed are written, so `cargo xtask codegen` on an
//! up-to-date tree touches nothing (and cargo rebuilds nothing).

mod entry;
mod error;
mod leftovers;
mod lock;
mod plan;
mod previous;
#[cfg(all(test, unix))]
mod tests;
mod transaction;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use error::{Entries, Error, Problem, State};
pub use lock::LOCK_FILE;

use crate::emit::GeneratedFile;
use entry::Entry;
use lock::Lock;
use plan::{Owner, Plan, plan};

/// How a file on disk differs from the generated one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Generated, but not on disk.
    Missing(String),
    /// On disk with other contents.
    Changed(String),
    /// Written by the previous generation, but no longer generated.
    Stale(String),
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Missing(p) | Change::Changed(p) | Change::Stale(p) => p,
        }
    }

    /// What writing did to the file: "written" or "removed".
    pub fn done(&self) -> &'static str {
        match self {
            Change::Missing(_) | Change::Changed(_) => "written",
            Change::Stale(_) => "removed",
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

/// A complete write.
#[derive(Debug)]
pub struct Written {
    /// What changed, in path order.
    pub changes: Vec<Change>,
    /// What the run could not clean up after writing everything (a backup
    /// that could not be deleted), each saying what and why.
    pub leftovers: Vec<String>,
    /// The files an earlier run that was killed while writing had set
    /// aside, deleted by this one (paths relative to the directory).
    pub swept: Vec<String>,
}

/// What writing `files` into `out` would change, in path order; an error
/// when the run would refuse to write (see [`write()`]).
pub fn changes(out: &Path, files: &[GeneratedFile]) -> Result<Vec<Change>, Error> {
    plan(out, files, Owner::Generation)
        .map(|plan| plan.changes)
        .map_err(|problem| unchanged(out, problem))
}

/// Writes a generation into `out`, all or nothing: `out` must be new,
/// empty or hold a previous generation, and only files of that generation
/// are replaced or removed. `waiting` is called if another run holds the
/// directory, before waiting for it.
pub fn write(
    out: &Path,
    files: &[GeneratedFile],
    waiting: impl FnOnce(),
) -> Result<Written, Error> {
    write_as(out, files, Owner::Generation, waiting)
}

/// Writes a generation into `out` as [`write()`] does, but with the
/// previous generation's record set aside (an `api.json` deleted, or in
/// merge conflict): the files that carry the `@generated` header are taken
/// to be the generator's, and every other file is left alone.
pub fn write_ignoring_record(
    out: &Path,
    files: &[GeneratedFile],
    waiting: impl FnOnce(),
) -> Result<Written, Error> {
    write_as(out, files, Owner::Headers, waiting)
}

/// Writes `files` into a new or empty directory `dir`, all or nothing.
pub fn write_new(
    dir: &Path,
    files: &[GeneratedFile],
    waiting: impl FnOnce(),
) -> Result<Written, Error> {
    write_as(dir, files, Owner::Nobody, waiting)
}

/// Writes one file the user named (an export, a report), replacing a
/// regular file there but not a link or anything else; all or nothing.
pub fn write_file(path: &Path, contents: &[u8]) -> Result<Written, Error> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let replaces = match (name.is_some(), Entry::at(path)) {
        (true, Ok(Entry::Missing)) => false,
        (true, Ok(Entry::File { .. })) => true,
        (_, Ok(Entry::Link)) => {
            let what = "a file";
            return Err(unchanged(
                path,
                Problem::Link {
                    path: path.into(),
                    what,
                },
            ));
        }
        (_, Ok(other)) => {
            let (kind, what) = (other.describe(), "a file");
            return Err(unchanged(
                path,
                Problem::InTheWay {
                    path: path.into(),
                    kind,
                    what,
                },
            ));
        }
        (_, Err(problem)) => return Err(unchanged(path, problem)),
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = name.unwrap_or_default();
    let change = match replaces {
        true => Change::Changed(file_name.clone()),
        false => Change::Missing(file_name.clone()),
    };
    let plan = Plan {
        changes: vec![change],
        dirs: Vec::new(),
        writes: vec![plan::Write {
            path: file_name,
            contents,
            replaces,
        }],
        removals: Vec::new(),
    };
    apply(path, dir, plan)
}

/// The text of `out/api.json` when it is the record of a previous
/// generation (a regular file carrying the generated marker, not a link).
pub fn previous_ir(out: &Path) -> Result<Option<String>, Error> {
    previous::record(out).map_err(|problem| unchanged(out, problem))
}

fn write_as(
    out: &Path,
    files: &[GeneratedFile],
    owner: Owner,
    waiting: impl FnOnce(),
) -> Result<Written, Error> {
    match Entry::at(out).map_err(|p| unchanged(out, p))? {
        Entry::Missing | Entry::Dir => {}
        Entry::Link => {
            let what = "the crate's directory";
            return Err(unchanged(
                out,
                Problem::Link {
                    path: out.into(),
                    what,
                },
            ));
        }
        other => {
            let (kind, what) = (other.describe(), "a directory");
            return Err(unchanged(
                out,
                Problem::InTheWay {
                    path: out.into(),
                    kind,
                    what,
                },
            ));
        }
    }
    let created = create_dirs(out)?;
    let result = locked(out, files, owner, waiting);
    result.map_err(|mut error| {
        for dir in created.iter().rev() {
            if let Err(e) = fs::remove_dir(dir) {
                error.state = error.state.with(format!(
                    "{} was created by this run and is still there ({e})",
                    dir.display()
                ));
            }
        }
        error
    })
}

/// Plans and applies under the directory's lock.
fn locked(
    out: &Path,
    files: &[GeneratedFile],
    owner: Owner,
    waiting: impl FnOnce(),
) -> Result<Written, Error> {
    let lock = Lock::acquire(out, waiting).map_err(|p| unchanged(out, p))?;
    let result = match plan(out, files, owner) {
        Ok(plan) => apply(out, out, plan).map(|mut written| {
            let (swept, left) = leftovers::sweep(out);
            written.swept = swept;
            written.leftovers.extend(left);
            written
        }),
        Err(problem) => Err(unchanged(out, problem)),
    };
    let lock_file = out.join(LOCK_FILE);
    match (result, lock.release()) {
        (result, Ok(())) => result,
        (Ok(mut written), Err(e)) => {
            written.leftovers.push(format!(
                "{} could not be removed ({e})",
                lock_file.display()
            ));
            Ok(written)
        }
        (Err(mut error), Err(e)) => {
            error.state = error.state.with(format!(
                "{} could not be removed ({e})",
                lock_file.display()
            ));
            Err(error)
        }
    }
}

fn apply(subject: &Path, dir: &Path, plan: Plan) -> Result<Written, Error> {
    match transaction::apply(dir, &plan) {
        Ok(leftovers) => Ok(Written {
            changes: plan.changes,
            leftovers,
            swept: Vec::new(),
        }),
        Err((problem, left)) => Err(Error {
            problem,
            state: left
                .into_iter()
                .fold(State::AsItWas(subject.into()), State::with),
        }),
    }
}

/// Creates `dir` and its missing parents; returns those it created,
/// outermost first.
fn create_dirs(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut missing = Vec::new();
    let mut at = dir;
    loop {
        match fs::symlink_metadata(at) {
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(at.to_path_buf()),
            Err(cause) => {
                return Err(unchanged(
                    dir,
                    Problem::Read {
                        path: at.into(),
                        cause,
                    },
                ));
            }
        }
        match at.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => at = parent,
            _ => break,
        }
    }
    let mut created = Vec::new();
    for path in missing.into_iter().rev() {
        match fs::create_dir(&path) {
            Ok(()) => created.push(path),
            // Another run made it meanwhile.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(cause) => {
                let mut error = unchanged(dir, Problem::Write { path, cause });
                for made in created.iter().rev() {
                    if let Err(e) = fs::remove_dir(made) {
                        error.state = error.state.with(format!(
                            "{} was created by this run and is still there ({e})",
                            made.display()
                        ));
                    }
                }
                return Err(error);
            }
        }
    }
    Ok(created)
}

/// A problem found before anything was changed.
fn unchanged(subject: &Path, problem: Problem) -> Error {
    Error {
        problem,
        state: State::AsItWas(subject.into()),
    }
}
