//! Why the output was not written, and the state it was left in: every
//! message ends saying whether the directory is as it was, and it is
//! true, because the state is what the roll-back did, not what it meant to.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A run that did not write its output.
#[derive(Debug, thiserror::Error)]
#[error("{problem}; {state}")]
pub struct Error {
    pub problem: Problem,
    pub state: State,
}

/// What stopped the run.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error(
        "{} is a symbolic link where the generator writes {what}, and it never follows links in its output: remove the link",
        path.display()
    )]
    Link { path: PathBuf, what: &'static str },
    #[error("{} is {kind} where the generator writes {what}: move it away", path.display())]
    InTheWay {
        path: PathBuf,
        kind: &'static str,
        what: &'static str,
    },
    #[error(
        "{} is not a file of the previous generation (its api.json does not list it), and the generator does not overwrite what it did not write: move it away, or delete it to have it generated",
        path.display()
    )]
    NotListed { path: PathBuf },
    #[error(
        "{} lost the `@generated` header the generator wrote, so it is taken to be edited by hand: move it away, or restore the header to have it generated again",
        path.display()
    )]
    NoHeader { path: PathBuf },
    #[error(
        "{} is not empty and holds no previous generation (no api.json written by `cargo xtask codegen`); it has {entries}: give a new or empty directory{}",
        dir.display(),
        Recovery(generated)
    )]
    NotAGeneration {
        dir: PathBuf,
        entries: Entries,
        /// Its files that carry the `@generated` header.
        generated: Entries,
    },
    #[error(
        "{} is not empty; it has {entries}: give a new or empty directory",
        dir.display()
    )]
    NotEmpty { dir: PathBuf, entries: Entries },
    #[error(
        "{} lists `{listed}` among its files, which is not a path inside the crate: restore api.json, or generate into a new directory",
        path.display()
    )]
    BadList { path: PathBuf, listed: String },
    #[error(
        "{} cannot be read ({cause}): restore it, or generate into a new directory",
        path.display()
    )]
    BadRecord { path: PathBuf, cause: String },
    #[error(
        "{} holds a merge conflict (line {line}): two branches regenerated the crate. Merge the docs, then run `cargo xtask codegen --ignore-previous`: it generates from the docs as if there were no api.json (no change report), replacing only the files that carry the `@generated` header and leaving every other file alone",
        path.display()
    )]
    ConflictedRecord { path: PathBuf, line: usize },
    #[error("cannot read {}: {cause}", path.display())]
    Read { path: PathBuf, cause: io::Error },
    #[error("cannot write {}: {cause}", path.display())]
    Write { path: PathBuf, cause: io::Error },
}

/// The names in a directory, for a message: the first few, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entries(pub Vec<String>);

impl fmt::Display for Entries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 6;
        let names = &self.0;
        let shown: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
        f.write_str(&shown.join(", "))?;
        if names.len() > SHOWN {
            write!(f, " and {} more", names.len() - SHOWN)?;
        }
        Ok(())
    }
}

/// The way forward for a directory of generated files without their
/// record (an `api.json` deleted), when it has any.
struct Recovery<'a>(&'a Entries);

impl fmt::Display for Recovery<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.0.is_empty() {
            return Ok(());
        }
        write!(
            f,
            "; or, if its api.json was deleted, run `cargo xtask codegen --ignore-previous`, which generates over the files that carry the `@generated` header ({}) and leaves every other file alone",
            self.0
        )
    }
}

/// The directory after a failed run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Byte for byte as before the run: nothing was changed, or every
    /// change was undone.
    AsItWas(PathBuf),
    /// Some changes could not be undone; each entry says what is where.
    Mixed { dir: PathBuf, left: Vec<String> },
}

impl State {
    /// The state with one more thing that could not be undone.
    pub fn with(self, left: String) -> State {
        match self {
            State::AsItWas(dir) => State::Mixed {
                dir,
                left: vec![left],
            },
            State::Mixed { dir, left: mut all } => {
                all.push(left);
                State::Mixed { dir, left: all }
            }
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            State::AsItWas(dir) => write!(f, "{} was left as it was", dir.display()),
            State::Mixed { dir, left } => write!(
                f,
                "undoing the changes failed, so {} is not as it was: {}",
                dir.display(),
                left.join("; ")
            ),
        }
    }
}
