//! A scratch directory holding a copy of a spec directory, and the xtask
//! run on it: what the command tests share.

#![allow(dead_code)] // Each test crate uses part of it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Scratch(PathBuf);

impl Scratch {
    /// A fresh directory holding a copy of `spec/`.
    pub fn new(name: &str) -> Scratch {
        Scratch::of(name, "spec")
    }

    /// A fresh directory holding a copy of the files of `spec`, a spec
    /// directory relative to the workspace root.
    pub fn of(name: &str, spec: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec")).unwrap();
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(spec);
        for entry in std::fs::read_dir(spec).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join("spec").join(path.file_name().unwrap())).unwrap();
            }
        }
        Scratch(dir)
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    /// Replaces the first `from` in a file with `to`.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} has no `{from}`");
        std::fs::write(self.path(relative), text.replacen(from, to, 1)).unwrap();
    }

    pub fn append(&self, relative: &str, text: &str) {
        let mut old = self.read(relative);
        old.push_str(text);
        std::fs::write(self.path(relative), old).unwrap();
    }

    /// `cargo xtask codegen` with `--spec` and `--out` inside this directory.
    pub fn codegen(&self, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["codegen", "--spec"])
            .arg(self.path("spec"))
            .arg("--out")
            .arg(self.path("out"))
            .args(extra)
            .output()
            .unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
