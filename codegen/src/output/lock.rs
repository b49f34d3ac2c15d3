//! The lock that makes runs on one output directory take turns.
//!
//! A run holds an advisory lock (`flock` on Unix, through `fs4`) on
//! `.codegen.lock` in the directory from before it looks at the directory
//! until it has written it, and removes the file before letting go, so
//! nothing is left behind. A run that opened the file just before its
//! holder removed it would lock a file no other run sees: after locking,
//! a run checks the path still names the file it locked, and opens it
//! again if not. The lock dies with its process, so a killed run leaves at
//! most an unlocked file that the next run takes over.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use fs4::{FileExt, TryLockError};
use same_file::Handle;

use super::entry::Entry;
use super::error::Problem;

/// The lock file's name in the output directory.
pub const LOCK_FILE: &str = ".codegen.lock";

/// The lock on one output directory, held until dropped or released.
#[derive(Debug)]
pub(crate) struct Lock {
    /// The locked file, which `same_file` compares with the path.
    handle: Handle,
    path: PathBuf,
}

impl Lock {
    /// Locks `dir`, waiting for the run that holds it; `waiting` is called
    /// once, before waiting.
    pub(crate) fn acquire(dir: &Path, waiting: impl FnOnce()) -> Result<Lock, Problem> {
        let path = dir.join(LOCK_FILE);
        let error = |cause| Problem::Write {
            path: path.clone(),
            cause,
        };
        let mut waiting = Some(waiting);
        loop {
            match Entry::at(&path)? {
                Entry::Missing | Entry::File { .. } => {}
                Entry::Link => {
                    return Err(Problem::Link {
                        path,
                        what: "its lock file",
                    });
                }
                other => {
                    return Err(Problem::InTheWay {
                        path,
                        kind: other.describe(),
                        what: "its lock file",
                    });
                }
            }
            let file = open(&path).map_err(error)?;
            // Called as fs4's: std's own `File::lock` needs Rust 1.89.
            match FileExt::try_lock(&file) {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if let Some(waiting) = waiting.take() {
                        waiting();
                    }
                    FileExt::lock(&file).map_err(error)?;
                }
                Err(TryLockError::Error(cause)) => return Err(error(cause)),
            }
            let handle = Handle::from_file(file).map_err(error)?;
            match Handle::from_path(&path) {
                Ok(now) if now == handle => return Ok(Lock { handle, path }),
                // The holder removed the file after it was opened here.
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(cause) => return Err(error(cause)),
            }
        }
    }

    /// Removes the lock file, then unlocks it. On failure the file stays,
    /// unlocked, and the next run takes it over.
    pub(crate) fn release(self) -> io::Result<()> {
        let removed = std::fs::remove_file(&self.path);
        drop(self.handle);
        removed
    }
}

fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}
