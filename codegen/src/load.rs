//! Reading the spec directory: the first stage of the pipeline.
//!
//! Only regular files are read, so a FIFO named `x.md` cannot hang a run
//! and `zero.md -> /dev/zero` cannot exhaust memory: every entry is looked
//! at with `symlink_metadata` before it is opened. A link is followed only
//! to a regular file (a spec assembled from links into a docs checkout is
//! fine); a link to anything else is refused like the thing itself. Each
//! file may hold at most [`MAX_FILE_SIZE`] bytes and must be UTF-8.

use std::fmt;
use std::fs::{self, File, FileType};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::parse::overlay::FILE_NAME as OVERLAY;
use crate::source::{SourceFile, Sources};

/// The largest spec file read: 64 MiB, twenty times the synthetic
/// full-scale spec's 3 MB of docs in all.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Why the spec directory could not be read. Each names the path and says
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the spec directory {}: {cause}", dir.display())]
    Dir { dir: PathBuf, cause: io::Error },
    #[error(
        "{} has no {OVERLAY}: every spec directory needs the transport overlay (base URL and one route per action)",
        dir.display()
    )]
    NoOverlay { dir: PathBuf },
    /// Every spec file that cannot be read, one a line.
    #[error("{}", lines(.0))]
    Files(Vec<FileError>),
}

/// Why one spec file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {}: {cause}", path.display())]
    Read { path: PathBuf, cause: io::Error },
    #[error(
        "{} is {kind}, not a regular file: only regular files (or links to one) are read; put the doc itself there",
        path.display()
    )]
    NotAFile { path: PathBuf, kind: FileKind },
    #[error(
        "{} holds {size} bytes, over the limit of 64 MiB ({MAX_FILE_SIZE} bytes) per spec file: is it a doc?",
        path.display()
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{}:{line}:{column}: the text stops being UTF-8 at byte {column} of line {line} (0x{byte:02X}); save the file as UTF-8",
        path.display()
    )]
    NotUtf8 {
        path: PathBuf,
        /// 1-based.
        line: usize,
        /// The 1-based byte of the line.
        column: usize,
        /// The first byte that is not UTF-8.
        byte: u8,
    },
}

fn lines(errors: &[FileError]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// What a spec entry that is not a regular file is, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileKind {
    what: &'static str,
    /// The link's target, when the entry is a link to it.
    link: Option<PathBuf>,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.link {
            Some(target) => write!(f, "a link to {} ({})", self.what, target.display()),
            None => f.write_str(self.what),
        }
    }
}

/// How deep the docs may sit under the spec directory: `docs/` and
/// `lib/schemas/` of the vendor's layout are within it.
const MAX_SPEC_DEPTH: usize = 4;

/// Reads the spec directory: the overlay, every `*.md` file and every
/// `*.json` schema file in it and in its subdirectories (the vendor's
/// layout keeps the docs in `docs/` and the schemas in `lib/schemas/`),
/// sorted by path so the output does not depend on directory order. Every
/// file that cannot be read is reported, not only the first. A
/// subdirectory that is a link, a crate (it has a `Cargo.toml`), named
/// `target` or starting with a dot is not looked into: nothing outside the
/// spec directory is read but through a link to a regular file.
pub fn load(dir: &Path) -> Result<Sources, LoadError> {
    let dir_error = |cause| LoadError::Dir {
        dir: dir.to_path_buf(),
        cause,
    };
    let mut entries = Vec::new();
    let mut dirs = vec![(String::new(), dir.to_path_buf(), 0)];
    while let Some((prefix, path, depth)) = dirs.pop() {
        for entry in fs::read_dir(&path).map_err(dir_error)? {
            let entry = entry.map_err(dir_error)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{prefix}{name}");
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            // A crate's directory (the generated client of a fixture sits
            // beside its docs) is not the docs'.
            let skipped = name.starts_with('.')
                || name == "target"
                || entry.path().join("Cargo.toml").exists();
            if is_dir && !skipped && depth < MAX_SPEC_DEPTH && !is_spec_file(&name) {
                dirs.push((format!("{relative}/"), entry.path(), depth + 1));
            } else if is_spec_file(&name) && (depth == 0 || name != OVERLAY) {
                entries.push((relative, entry.path()));
            }
        }
    }
    if !entries.iter().any(|(name, _)| name == OVERLAY) {
        return Err(LoadError::NoOverlay {
            dir: dir.to_path_buf(),
        });
    }
    entries.sort();
    let mut sources = Sources::default();
    let mut errors = Vec::new();
    for (name, path) in entries {
        match read(&path) {
            Ok(text) => {
                sources.add(SourceFile::new(&name, &path.to_string_lossy(), text));
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(LoadError::Files(errors))
    }
}

/// Whether the generator reads a file of this name: a doc, a schema file,
/// the overlay (a directory so named is refused as the file would be).
fn is_spec_file(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".json") || name == OVERLAY
}

/// One spec file's text, if it is a regular file (or a link to one) of at
/// most [`MAX_FILE_SIZE`] bytes of UTF-8.
fn read(path: &Path) -> Result<String, FileError> {
    let read_error = |cause| FileError::Read {
        path: path.to_path_buf(),
        cause,
    };
    let entry = fs::symlink_metadata(path).map_err(read_error)?;
    let (meta, link) = if entry.file_type().is_symlink() {
        let target = fs::read_link(path).map_err(read_error)?;
        (fs::metadata(path).map_err(read_error)?, Some(target))
    } else {
        (entry, None)
    };
    if !meta.is_file() {
        return Err(FileError::NotAFile {
            path: path.to_path_buf(),
            kind: FileKind {
                what: describe(meta.file_type()),
                link,
            },
        });
    }
    let too_large = |size| FileError::TooLarge {
        path: path.to_path_buf(),
        size,
    };
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large(meta.len()));
    }
    // The file may have grown since it was looked at: read one byte past
    // the limit at most.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    File::open(path)
        .and_then(|file| file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    let mut text =
        String::from_utf8(bytes).map_err(|e| not_utf8(path, e.as_bytes(), e.utf8_error()))?;
    // A byte-order mark (some Windows editors write one) is not text: a doc
    // starting with one would have no `# Title` line.
    if text.starts_with(BYTE_ORDER_MARK) {
        text.drain(..BYTE_ORDER_MARK.len_utf8());
    }
    Ok(text)
}

/// U+FEFF at the start of a file: UTF-8's byte-order mark.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// The error for `bytes`, UTF-8 up to where `error` says it stops.
fn not_utf8(path: &Path, bytes: &[u8], error: std::str::Utf8Error) -> FileError {
    let valid = &bytes[..error.valid_up_to()];
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    FileError::NotUtf8 {
        path: path.to_path_buf(),
        line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
        column: valid.len() - line_start + 1,
        byte: bytes[error.valid_up_to()],
    }
}

/// "a FIFO", "a directory": what a file type is, in a message.
pub(crate) fn describe(kind: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8_error(bytes: &[u8]) -> String {
        let error = std::str::from_utf8(bytes).unwrap_err();
        not_utf8(Path::new("spec/a.md"), bytes, error).to_string()
    }

    #[test]
    fn not_utf8_names_the_line_and_byte() {
        assert_eq!(
            utf8_error(b"# Title\n\nab\xFFc\n"),
            "spec/a.md:3:3: the text stops being UTF-8 at byte 3 of line 3 (0xFF); save the file as UTF-8"
        );
        // A character cut short at the end counts from its first byte.
        assert!(utf8_error("é\n\u{e9}".as_bytes().split_last().unwrap().1).contains(":2:1:"));
        assert!(utf8_error(b"\x80").starts_with("spec/a.md:1:1:"));
    }
}
