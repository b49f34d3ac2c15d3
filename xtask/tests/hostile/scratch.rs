//! The directory a case runs in, and the run itself.
//!
//! A scratch directory holds `spec/` (the docs the run reads), `out/` (the
//! crate it writes) and `outside/` (files no run may touch; the links a
//! case sets up point there). It lives under cargo's `CARGO_TARGET_TMPDIR`
//! and is removed when the case passes, kept for a look when it fails.

use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::tree::Tree;

/// A run that takes longer has hung (a FIFO read, an endless file).
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// The files a user keeps in the generated crate beside the generator's:
/// every case's previous generation holds them, and no run may touch them.
pub const HAND_WRITTEN: &[(&str, &str)] = &[
    ("out/tests/mine.rs", "// The user's own test.\n"),
    ("out/examples/mine.rs", "fn main() {}\n"),
    ("out/benches/mine.rs", "fn main() {}\n"),
    ("out/src/mine.rs", "// The user's own module, no header.\n"),
    ("out/NOTES.md", "# The user's notes\n"),
];

/// What is outside the output directory: a run must leave it as it is.
const OUTSIDE: &[(&str, &str)] = &[
    ("outside/sentinel.txt", "not the generator's\n"),
    ("outside/dir/a.rs", "// not the generator's\n"),
    ("outside/dir/nested/b.rs", "// not the generator's either\n"),
];

pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    /// An empty `spec/`, no `out/`, and the `outside/` files.
    pub fn new(name: &str) -> Scratch {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("hostile")
            .join(format!("{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("spec")).unwrap();
        let scratch = Scratch { dir };
        scratch.write_all(OUTSIDE);
        scratch
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    fn write_all(&self, files: &[(&str, &str)]) {
        for (path, contents) in files {
            self.write(path, contents);
        }
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap()
    }

    /// Replaces the first `from` in a file by `to`.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} has no `{from}`");
        self.write(relative, text.replacen(from, to, 1));
    }

    /// Copies the files of `from` (a spec directory, recursively) into
    /// `to`.
    pub fn copy(&self, from: &Path, to: &str) {
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let target = format!("{to}/{name}");
            if entry.file_type().unwrap().is_dir() {
                self.copy(&entry.path(), &target);
            } else {
                self.write(&target, fs::read(entry.path()).unwrap());
            }
        }
    }

    /// `out/` as an earlier successful run left it: the workspace spec's
    /// crate, plus the user's own files beside it.
    pub fn previous_generation(&self) -> &Self {
        let run = self.xtask([
            "codegen".as_ref(),
            "--spec".as_ref(),
            workspace().join("spec").as_os_str(),
            "--out".as_ref(),
            self.path("out").as_os_str(),
        ]);
        assert!(run.status.success(), "{}", run.stderr);
        self.write_all(HAND_WRITTEN);
        self
    }

    /// `cargo xtask codegen --spec spec --out out` and `extra`.
    pub fn codegen(&self, extra: &[&str]) -> Run {
        let spec = self.path("spec");
        let out = self.path("out");
        let mut args: Vec<&OsStr> = vec![
            "codegen".as_ref(),
            "--spec".as_ref(),
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        args.extend(extra.iter().map(OsStr::new));
        self.xtask(args)
    }

    /// Runs the built `xtask` binary; a run that outlives
    /// [`RUN_TIMEOUT`] is killed and fails the case.
    pub fn xtask<'a>(&self, args: impl IntoIterator<Item = &'a OsStr>) -> Run {
        self.spawn(args, None).wait()
    }

    /// Starts the built `xtask` binary; each line it writes to stderr is
    /// also sent to `lines`, as it comes.
    pub fn spawn<'a>(
        &self,
        args: impl IntoIterator<Item = &'a OsStr>,
        lines: Option<Sender<String>>,
    ) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pipe = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if let Some(lines) = &lines {
                    let _ = lines.send(line.clone());
                }
                text.push_str(&line);
                text.push('\n');
            }
            text
        });
        Running {
            child,
            reader,
            start: Instant::now(),
        }
    }

    /// Every entry of the scratch directory, links as links.
    pub fn snapshot(&self) -> Tree {
        Tree::read(&self.dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// A run under way.
pub struct Running {
    child: Child,
    reader: JoinHandle<String>,
    start: Instant,
}

impl Running {
    /// Waits for the run to end; kills it and fails after [`RUN_TIMEOUT`].
    pub fn wait(mut self) -> Run {
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if self.start.elapsed() > RUN_TIMEOUT {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the run hung: killed after {RUN_TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Run {
            status,
            stderr: self.reader.join().unwrap(),
        }
    }
}

/// How a run ended.
pub struct Run {
    pub status: ExitStatus,
    pub stderr: String,
}
