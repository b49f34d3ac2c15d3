//! The previous generation in an output directory: the files the
//! generator wrote last time, which it may replace or remove.
//!
//! Its record is `api.json`, carrying the `@generated` marker and the list
//! of the generation's files. An `api.json` written before the list was
//! (the checked-in crates) is still a generation's record; its files are
//! `Cargo.toml`, `api.json` and the files under `src/`, the only ones
//! generators before the list wrote. Either way, a file is replaced or
//! removed only if it still carries the header.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path};

use super::entry::{Entry, files_under, read_head};
use super::error::Problem;
use crate::emit::{self, IR_FILE};

/// The largest `api.json` read: the IR of a spec is about the size of its
/// docs, which are read up to the same size per file.
const MAX_RECORD_SIZE: u64 = crate::load::MAX_FILE_SIZE;

/// How much of a file shows whether it carries the header.
pub(crate) const HEADER_SIZE: u64 = 512;

/// The files of the previous generation.
#[derive(Debug)]
pub(crate) struct Previous {
    files: BTreeSet<String>,
}

impl Previous {
    /// The previous generation in `out`, if there is one.
    pub(crate) fn read(out: &Path) -> Result<Option<Previous>, Problem> {
        let Some(text) = record(out)? else {
            return Ok(None);
        };
        let path = out.join(IR_FILE);
        let list = emit::read_file_list(&text).map_err(|e| Problem::BadRecord {
            path: path.clone(),
            cause: e.to_string(),
        })?;
        let files = match list {
            Some(list) => {
                if let Some(bad) = list.iter().find(|p| !is_inside(p)) {
                    return Err(Problem::BadList {
                        path,
                        listed: bad.clone(),
                    });
                }
                list.into_iter().collect()
            }
            None => {
                let mut files = files_under(out, "src")?;
                files.extend(["Cargo.toml".to_owned(), IR_FILE.to_owned()]);
                files.into_iter().collect()
            }
        };
        Ok(Some(Previous { files }))
    }

    /// Whether the previous generation wrote `path`.
    pub(crate) fn lists(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    pub(crate) fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    /// The files of `out` that carry the `@generated` header, taken as the
    /// previous generation when its record is set aside (a deleted or
    /// conflicted `api.json`). Directories named `target` or starting with
    /// a dot are not searched.
    pub(crate) fn by_header(out: &Path) -> Result<Previous, Problem> {
        let files = generated_files(out)?.into_iter().collect();
        Ok(Previous { files })
    }
}

/// The files of `out`, in path order, that carry the `@generated` header.
pub(crate) fn generated_files(out: &Path) -> Result<Vec<String>, Problem> {
    let read_error = |cause| Problem::Read {
        path: out.to_path_buf(),
        cause,
    };
    let mut found = Vec::new();
    for entry in fs::read_dir(out).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        // A name that is not UTF-8 is nothing the generator wrote.
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        match Entry::at(&entry.path())? {
            Entry::File { .. } => found.push(name),
            Entry::Dir if name != "target" && !name.starts_with('.') => {
                found.extend(files_under(out, &name)?);
            }
            _ => {}
        }
    }
    let mut generated = Vec::new();
    for file in found {
        if emit::is_generated(&read_head(&out.join(&file), HEADER_SIZE)?) {
            generated.push(file);
        }
    }
    generated.sort();
    Ok(generated)
}

/// The first line of `text` that is a merge-conflict marker, 1-based: git
/// writes `<<<<<<< ours`, `=======` and `>>>>>>> theirs` on lines of their
/// own.
fn conflict_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.starts_with("<<<<<<< ")
                || line == "<<<<<<<"
                || line.starts_with(">>>>>>> ")
                || line == "======="
        })
        .map(|index| index + 1)
}

/// The text of `out/api.json` if it is a regular file carrying the
/// generated marker: the record of a generation.
pub(crate) fn record(out: &Path) -> Result<Option<String>, Problem> {
    let path = out.join(IR_FILE);
    let len = match Entry::at(&path)? {
        Entry::File { len } => len,
        Entry::Link => {
            return Err(Problem::Link {
                path,
                what: "a file",
            });
        }
        _ => return Ok(None),
    };
    if !emit::is_generated(&read_head(&path, HEADER_SIZE)?) {
        return Ok(None);
    }
    let bad = |cause: &str| Problem::BadRecord {
        path: path.clone(),
        cause: cause.to_owned(),
    };
    if len > MAX_RECORD_SIZE {
        return Err(bad("it is larger than 64 MiB"));
    }
    let bytes = read_head(&path, MAX_RECORD_SIZE)?;
    let text = String::from_utf8(bytes).map_err(|_| bad("it is not UTF-8"))?;
    if let Some(line) = conflict_line(&text) {
        return Err(Problem::ConflictedRecord { path, line });
    }
    Ok(Some(text))
}

/// Whether a listed path names a file inside the crate: relative, `/`
/// separated, without `..`, `.` or an empty step.
fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path.split('/').all(|step| {
            let mut components = Path::new(step).components();
            matches!(components.next(), Some(Component::Normal(n)) if n == step)
                && components.next().is_none()
        })
}

#[cfg(test)]
mod tests {
    use super::{conflict_line, is_inside};

    #[test]
    fn conflict_markers_are_found_on_lines_of_their_own() {
        let merged = "{\n<<<<<<< HEAD\n  \"a\": 1\n=======\n  \"a\": 2\n>>>>>>> other\n}";
        assert_eq!(conflict_line(merged), Some(2));
        assert_eq!(
            conflict_line("{\n  \"doc\": \"a <<<<<<< b =======\"\n}"),
            None
        );
    }

    #[test]
    fn listed_paths_stay_inside_the_crate() {
        for inside in ["Cargo.toml", "src/org.rs", "src/a/b.rs"] {
            assert!(is_inside(inside), "{inside}");
        }
        for outside in [
            "",
            "/etc/passwd",
            "../x",
            "src/../../x",
            "src//x",
            "./src/x",
            "src\\x",
            "src/.",
        ] {
            assert!(!is_inside(outside), "{outside}");
        }
    }
}
