//! Applying a plan all or nothing.
//!
//! Every file to write is first written beside its target, under a name
//! unique to the run (`.org.rs.codegen-<pid>-<random>.tmp`), and every file
//! to replace gets a second name beside it (a hard link, `….bak`) that
//! keeps its bytes. Only then are the new files renamed over their targets
//! and the files to remove renamed to backups, each rename atomic. Last,
//! the backups are deleted. When a step fails, the steps done are undone
//! in reverse order (backups renamed back, new and temporary files
//! deleted, created directories removed), so the directory holds exactly
//! its previous bytes and nothing else; what could not be undone is
//! reported as it is. What a killed run set aside, the next run deletes
//! ([`super::leftovers`]).

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::error::Problem;
use super::leftovers::{Aside, aside};
use super::plan::{Plan, Write};

/// Makes `plan` real in `out`. Returns what is left behind after a
/// complete write (a backup that could not be deleted); on failure, the
/// problem and what could not be undone (nothing: the directory is as it
/// was).
pub(crate) fn apply(out: &Path, plan: &Plan) -> Result<Vec<String>, (Problem, Vec<String>)> {
    let mut journal = Journal::default();
    match journal.run(out, plan) {
        Ok(()) => Ok(journal.commit()),
        Err(problem) => Err((problem, journal.undo())),
    }
}

/// The steps done so far, to undo or to finish.
#[derive(Default)]
struct Journal {
    dirs: Vec<PathBuf>,
    writes: Vec<Staged>,
    removals: Vec<Moved>,
}

/// A file being written.
struct Staged {
    target: PathBuf,
    /// The new bytes beside the target, until renamed over it.
    temp: Option<PathBuf>,
    /// A second name of the file replaced.
    backup: Option<PathBuf>,
}

/// A file removed: renamed to a backup, deleted when all is done.
struct Moved {
    target: PathBuf,
    backup: PathBuf,
}

impl Journal {
    fn run(&mut self, out: &Path, plan: &Plan) -> Result<(), Problem> {
        for dir in &plan.dirs {
            let path = out.join(dir);
            step(|| fs::create_dir(&path)).map_err(failed(&path))?;
            self.dirs.push(path);
        }
        for write in &plan.writes {
            self.stage(out, write)?;
        }
        for staged in &mut self.writes {
            let temp = staged.temp.as_ref().expect("every write is staged");
            step(|| fs::rename(temp, &staged.target)).map_err(failed(&staged.target))?;
            staged.temp = None;
        }
        for path in &plan.removals {
            let target = out.join(path);
            let backup = aside(&target, Aside::Previous);
            step(|| fs::rename(&target, &backup)).map_err(failed(&target))?;
            self.removals.push(Moved { target, backup });
        }
        Ok(())
    }

    /// Writes a file's new bytes beside it, and gives the file it replaces
    /// a second name.
    fn stage(&mut self, out: &Path, write: &Write) -> Result<(), Problem> {
        let target = out.join(&write.path);
        let temp = aside(&target, Aside::New);
        let mut file = step(|| OpenOptions::new().write(true).create_new(true).open(&temp))
            .map_err(failed(&temp))?;
        self.writes.push(Staged {
            target: target.clone(),
            temp: Some(temp.clone()),
            backup: None,
        });
        step(|| file.write_all(write.contents)).map_err(failed(&temp))?;
        if write.replaces {
            let backup = aside(&target, Aside::Previous);
            step(|| fs::hard_link(&target, &backup)).map_err(failed(&backup))?;
            self.writes.last_mut().expect("just pushed").backup = Some(backup);
        }
        Ok(())
    }

    /// Deletes the backups of a complete write; returns those left.
    fn commit(self) -> Vec<String> {
        let backups = self.writes.into_iter().filter_map(|s| s.backup);
        let removed = self.removals.into_iter().map(|m| m.backup);
        backups
            .chain(removed)
            .filter_map(|backup| {
                let e = step(|| fs::remove_file(&backup)).err()?;
                Some(format!(
                    "{} (the previous contents of a file) could not be deleted: {e}",
                    backup.display()
                ))
            })
            .collect()
    }

    /// Undoes every step done, last first; returns what could not be
    /// undone, each saying what is where.
    fn undo(self) -> Vec<String> {
        let mut left = Vec::new();
        for moved in self.removals.iter().rev() {
            if let Err(e) = undo(|| fs::rename(&moved.backup, &moved.target)) {
                left.push(format!(
                    "{} was removed, and its contents are in {} ({e})",
                    moved.target.display(),
                    moved.backup.display()
                ));
            }
        }
        for staged in self.writes.iter().rev() {
            left.extend(undo_write(staged));
        }
        for dir in self.dirs.iter().rev() {
            if let Err(e) = undo(|| fs::remove_dir(dir)) {
                left.push(format!(
                    "{} was created by this run and is still there ({e})",
                    dir.display()
                ));
            }
        }
        left
    }
}

/// Undoes a write: renames the backup back over the target (or deletes
/// the new file if it replaced none), deletes the temporary file.
fn undo_write(staged: &Staged) -> Vec<String> {
    let mut left = Vec::new();
    let target = staged.target.display();
    match (&staged.temp, &staged.backup) {
        (Some(temp), backup) => {
            if let Err(e) = undo(|| fs::remove_file(temp)) {
                left.push(format!(
                    "{} (new contents of {target}) is left ({e})",
                    temp.display()
                ));
            }
            if let Some(backup) = backup {
                if let Err(e) = undo(|| fs::remove_file(backup)) {
                    left.push(format!(
                        "{} (a second name of {target}, which is as it was) is left ({e})",
                        backup.display()
                    ));
                }
            }
        }
        (None, Some(backup)) => {
            if let Err(e) = undo(|| fs::rename(backup, &staged.target)) {
                left.push(format!(
                    "{target} holds the new contents, and its previous contents are in {} ({e})",
                    backup.display()
                ));
            }
        }
        (None, None) => {
            if let Err(e) = undo(|| fs::remove_file(&staged.target)) {
                left.push(format!("{target} was added by this run ({e})"));
            }
        }
    }
    left
}

fn failed(path: &Path) -> impl FnOnce(io::Error) -> Problem + '_ {
    move |cause| Problem::Write {
        path: path.to_path_buf(),
        cause,
    }
}

/// A step of a write, which a test can make fail.
fn step<T>(op: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    #[cfg(test)]
    faults::check(&faults::STEP)?;
    op()
}

/// A step of undoing, which a test can make fail.
fn undo<T>(op: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    #[cfg(test)]
    faults::check(&faults::UNDO)?;
    op()
}

/// Failure injection for tests: the n-th step (counted from 0, on this
/// thread) of writing, or of undoing, fails.
#[cfg(test)]
pub(crate) mod faults {
    use std::cell::Cell;
    use std::io;
    use std::thread::LocalKey;

    thread_local! {
        pub(crate) static STEP: Cell<Option<usize>> = const { Cell::new(None) };
        pub(crate) static UNDO: Cell<Option<usize>> = const { Cell::new(None) };
    }

    pub(super) fn check(counter: &'static LocalKey<Cell<Option<usize>>>) -> io::Result<()> {
        counter.with(|n| match n.get() {
            Some(0) => {
                n.set(None);
                Err(io::Error::other("injected fault"))
            }
            Some(k) => {
                n.set(Some(k - 1));
                Ok(())
            }
            None => Ok(()),
        })
    }
}
