//! What is at a path of the output directory, looked at without following
//! a link: `symlink_metadata` only, never `metadata` or `is_dir`.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::error::Problem;

/// One path of the output directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    Missing,
    File {
        len: u64,
    },
    Dir,
    Link,
    /// A FIFO, socket or device, named for a message.
    Other(&'static str),
}

impl Entry {
    pub(crate) fn at(path: &Path) -> Result<Entry, Problem> {
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Entry::Missing),
            Err(cause) => {
                return Err(Problem::Read {
                    path: path.to_path_buf(),
                    cause,
                });
            }
        };
        let kind = meta.file_type();
        Ok(if kind.is_symlink() {
            Entry::Link
        } else if kind.is_dir() {
            Entry::Dir
        } else if kind.is_file() {
            Entry::File { len: meta.len() }
        } else {
            Entry::Other(crate::load::describe(kind))
        })
    }

    /// What it is, in a message: "a file", "a FIFO".
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Entry::Missing => "nothing",
            Entry::File { .. } => "a file",
            Entry::Dir => "a directory",
            Entry::Link => "a symbolic link",
            Entry::Other(kind) => kind,
        }
    }
}

/// The directories above `relative` (`src` for `src/org.rs`) that are
/// missing, parents first, after checking that each one there is a
/// directory and not a link to one.
pub(crate) fn missing_parents(out: &Path, relative: &str) -> Result<Vec<String>, Problem> {
    let mut missing = Vec::new();
    let parts: Vec<&str> = relative.split('/').collect();
    for end in 1..parts.len() {
        let dir = parts[..end].join("/");
        if !missing.is_empty() {
            // Below a missing directory, everything is missing.
            missing.push(dir);
            continue;
        }
        let path = out.join(&dir);
        match Entry::at(&path)? {
            Entry::Dir => {}
            Entry::Missing => missing.push(dir),
            Entry::Link => {
                return Err(Problem::Link {
                    path,
                    what: "a directory",
                });
            }
            other => {
                return Err(Problem::InTheWay {
                    path,
                    kind: other.describe(),
                    what: "a directory",
                });
            }
        }
    }
    Ok(missing)
}

/// The first `limit` bytes of a regular file (all of them if shorter).
pub(crate) fn read_head(path: &Path, limit: u64) -> Result<Vec<u8>, Problem> {
    let read = || -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        fs::File::open(path)?.take(limit).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    read().map_err(|cause| Problem::Read {
        path: path.to_path_buf(),
        cause,
    })
}

/// The entries of a directory, sorted, for a message.
pub(crate) fn names(dir: &Path, except: &[&str]) -> Result<Vec<String>, Problem> {
    let read_error = |cause| Problem::Read {
        path: dir.to_path_buf(),
        cause,
    };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !except.contains(&name.as_str()) {
            let slash = if Entry::at(&entry.path())? == Entry::Dir {
                "/"
            } else {
                ""
            };
            names.push(format!("{name}{slash}"));
        }
    }
    names.sort();
    Ok(names)
}

/// Every regular file under `dir`, relative to `out`; links and what they
/// point to are not looked into.
pub(crate) fn files_under(out: &Path, dir: &str) -> Result<Vec<String>, Problem> {
    let path: PathBuf = out.join(dir);
    if Entry::at(&path)? != Entry::Dir {
        return Ok(Vec::new());
    }
    let read_error = |cause| Problem::Read {
        path: path.clone(),
        cause,
    };
    let mut files = Vec::new();
    for entry in fs::read_dir(&path).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let relative = format!("{dir}/{}", entry.file_name().to_string_lossy());
        match Entry::at(&entry.path())? {
            Entry::Dir => files.extend(files_under(out, &relative)?),
            Entry::File { .. } => files.push(relative),
            _ => {}
        }
    }
    Ok(files)
}
