//! What writing a generation into an output directory changes, decided
//! before anything is changed: every refusal comes from here.

use std::collections::BTreeSet;
use std::path::Path;

use super::Change;
use super::entry::{self, Entry, missing_parents, read_head};
use super::error::Entries;
use super::error::Problem;
use super::leftovers::is_aside;
use super::lock::LOCK_FILE;
use super::previous::{HEADER_SIZE, Previous, generated_files};
use crate::emit::{self, GeneratedFile};

/// The changes of a run and the file system steps that make them.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    /// For the report, in path order.
    pub changes: Vec<Change>,
    /// Directories to create, parents first, relative to the output.
    pub dirs: Vec<String>,
    pub writes: Vec<Write<'a>>,
    /// Files of the previous generation no longer generated.
    pub removals: Vec<String>,
}

/// A file to write.
#[derive(Debug)]
pub(crate) struct Write<'a> {
    pub path: String,
    pub contents: &'a [u8],
    /// Whether a file of the previous generation is there.
    pub replaces: bool,
}

/// What whoever owns the output directory allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The generator: it writes over its previous generation, or into a
    /// new or empty directory.
    Generation,
    /// Nobody yet: only a new or empty directory is written.
    Nobody,
    /// The generator, by each file's `@generated` header alone: its record
    /// (`api.json`) is set aside, deleted or in conflict.
    Headers,
}

/// Plans writing `files` into `out`: refuses a link, a file or a special
/// file where the output goes, a non-empty directory without a previous
/// generation (`Owner::Nobody`: any non-empty directory), and a file in
/// the way that the previous generation did not write.
pub(crate) fn plan<'a>(
    out: &Path,
    files: &'a [GeneratedFile],
    owner: Owner,
) -> Result<Plan<'a>, Problem> {
    let previous = match Entry::at(out)? {
        Entry::Missing => None,
        Entry::Dir => previous(out, owner)?,
        Entry::Link => {
            return Err(Problem::Link {
                path: out.to_path_buf(),
                what: "the crate's directory",
            });
        }
        other => {
            return Err(Problem::InTheWay {
                path: out.to_path_buf(),
                kind: other.describe(),
                what: "a directory",
            });
        }
    };
    let mut plan = Plan {
        changes: Vec::new(),
        dirs: Vec::new(),
        writes: Vec::new(),
        removals: Vec::new(),
    };
    for file in files {
        plan.add_file(out, file, previous.as_ref())?;
    }
    if let Some(previous) = &previous {
        let generated: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        for path in previous.files().filter(|p| !generated.contains(p)) {
            plan.add_removal(out, path)?;
        }
    }
    plan.changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(plan)
}

/// The previous generation in the existing directory `out`; refuses a
/// directory holding anything else.
fn previous(out: &Path, owner: Owner) -> Result<Option<Previous>, Problem> {
    let previous = match owner {
        Owner::Generation => Previous::read(out)?,
        Owner::Nobody => None,
        Owner::Headers => return Previous::by_header(out).map(Some),
    };
    if previous.is_some() {
        return Ok(previous);
    }
    // What a killed run set aside is not the user's: it is swept after
    // the write.
    let mut entries = entry::names(out, &[LOCK_FILE])?;
    entries.retain(|name| !is_aside(name));
    if entries.is_empty() {
        return Ok(None);
    }
    let (dir, entries) = (out.to_path_buf(), Entries(entries));
    Err(match owner {
        Owner::Generation => Problem::NotAGeneration {
            dir,
            entries,
            generated: Entries(generated_files(out)?),
        },
        Owner::Nobody | Owner::Headers => Problem::NotEmpty { dir, entries },
    })
}

impl<'a> Plan<'a> {
    fn add_file(
        &mut self,
        out: &Path,
        file: &'a GeneratedFile,
        previous: Option<&Previous>,
    ) -> Result<(), Problem> {
        for dir in missing_parents(out, &file.path)? {
            if !self.dirs.contains(&dir) {
                self.dirs.push(dir);
            }
        }
        let target = out.join(&file.path);
        let contents = file.contents.as_bytes();
        let change = match Entry::at(&target)? {
            Entry::Missing => Change::Missing(file.path.clone()),
            Entry::File { len } => {
                if len == contents.len() as u64 && read_head(&target, len + 1)? == contents {
                    return Ok(());
                }
                if !previous.is_some_and(|p| p.lists(&file.path)) {
                    return Err(Problem::NotListed { path: target });
                }
                if !emit::is_generated(&read_head(&target, HEADER_SIZE)?) {
                    return Err(Problem::NoHeader { path: target });
                }
                Change::Changed(file.path.clone())
            }
            Entry::Link => {
                return Err(Problem::Link {
                    path: target,
                    what: "a file",
                });
            }
            other => {
                return Err(Problem::InTheWay {
                    path: target,
                    kind: other.describe(),
                    what: "a file",
                });
            }
        };
        self.writes.push(Write {
            path: file.path.clone(),
            contents,
            replaces: matches!(change, Change::Changed(_)),
        });
        self.changes.push(change);
        Ok(())
    }

    /// Removes a file of the previous generation if it is still a regular
    /// file carrying the header, below no link; anything else there is
    /// not the generator's any more and is left alone.
    fn add_removal(&mut self, out: &Path, path: &str) -> Result<(), Problem> {
        if !matches!(missing_parents(out, path), Ok(missing) if missing.is_empty()) {
            return Ok(());
        }
        let target = out.join(path);
        if matches!(Entry::at(&target)?, Entry::File { .. })
            && emit::is_generated(&read_head(&target, HEADER_SIZE)?)
        {
            self.removals.push(path.to_owned());
            self.changes.push(Change::Stale(path.to_owned()));
        }
        Ok(())
    }
}
