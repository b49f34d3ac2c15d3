//! `cargo xtask codegen` as the maintainer runs it: on a copy of `spec/`
//! in a temporary directory, writing a crate beside it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Scratch(PathBuf);

impl Scratch {
    /// A fresh directory holding a copy of `spec/`.
    fn new(name: &str) -> Scratch {
        Scratch::of(name, "spec")
    }

    /// A fresh directory holding a copy of the files of `spec`, a spec
    /// directory relative to the workspace root.
    fn of(name: &str, spec: &str) -> Scratch {
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

    fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} has no `{from}`");
        std::fs::write(self.path(relative), text.replacen(from, to, 1)).unwrap();
    }

    fn codegen(&self, extra: &[&str]) -> Output {
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

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_docs_change_is_reported_and_bumps_the_version() {
    let scratch = Scratch::new("bump");
    assert!(scratch.codegen(&[]).status.success());
    assert!(
        scratch
            .read("out/Cargo.toml")
            .contains("version = \"0.1.0\"")
    );
    scratch.edit(
        "spec/org.md",
        "| inviteId | string | Y | Id of invite to revoke |  |",
        "| inviteId | string | Y | Id of invite to revoke |  |\n| reason | string | Y | Why it is revoked |  |",
    );

    let report = scratch.path("report.md");
    let output = scratch.codegen(&["--report", report.to_str().unwrap(), "--bump"]);

    assert!(output.status.success(), "{}", stderr(&output));
    let report = std::fs::read_to_string(report).unwrap();
    assert!(report.contains("Version: `0.1.0` → `0.2.0`"), "{report}");
    assert!(
        report.contains("`org.revoke_invite`: required parameter `reason` added"),
        "{report}"
    );
    assert!(
        scratch
            .read("spec/api.toml")
            .contains("version = \"0.2.0\"")
    );
    assert!(
        scratch
            .read("spec/api.toml")
            .contains("# Transport overlay"),
        "comments are kept"
    );
    assert!(
        scratch
            .read("out/Cargo.toml")
            .contains("version = \"0.2.0\"")
    );
    assert!(
        scratch
            .read("out/api.json")
            .contains("\"crate_version\": \"0.2.0\"")
    );

    // Nothing changed since: no report, no bump, no write.
    let again = scratch.codegen(&["--bump"]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("0 file(s) written"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_failed_run_writes_nothing() {
    let scratch = Scratch::new("failed");
    assert!(scratch.codegen(&[]).status.success());
    let before = scratch.read("out/src/org.rs");
    scratch.edit(
        "spec/org.md",
        "(_schemas.md#success)",
        "(_schemas.md#succes)",
    );
    scratch.edit(
        "spec/org.md",
        "Retrieves information on an organization",
        "Retrieves an organization",
    );

    let output = scratch.codegen(&[]);

    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("org.md:40:9"), "{message}");
    assert!(message.contains("help:"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert_eq!(scratch.read("out/src/org.rs"), before);
}

#[test]
fn check_names_the_stale_files_and_a_run_removes_them() {
    let scratch = Scratch::of("check", "codegen/tests/fixtures/later-version");
    assert!(scratch.codegen(&[]).status.success());
    assert!(scratch.codegen(&["--check"]).status.success());
    scratch.edit(
        "spec/devices.md",
        "Returns the devices for an application",
        "Lists the devices of an application",
    );
    std::fs::remove_file(scratch.path("spec/me.md")).unwrap();
    scratch.edit("spec/api.toml", "[routes.me]\nget = \"GET /me\"\n", "");
    let mine = "// The user's own module: not generated.\n";
    std::fs::write(scratch.path("out/src/extra.rs"), mine).unwrap();

    let output = scratch.codegen(&["--check"]);

    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("src/devices.rs: out of date"), "{message}");
    assert!(
        message.contains("src/me.rs: no longer generated"),
        "{message}"
    );
    assert!(!message.contains("extra.rs"), "{message}");
    assert!(message.contains("run `cargo xtask codegen`"), "{message}");

    let output = scratch.codegen(&[]);

    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("src/devices.rs: written"), "{message}");
    assert!(message.contains("src/me.rs: removed"), "{message}");
    assert!(
        message.contains("3 file(s) written, 1 removed, 2 unchanged"),
        "{message}"
    );
    assert!(!scratch.path("out/src/me.rs").exists());
    assert_eq!(scratch.read("out/src/extra.rs"), mine);
}

#[test]
fn warnings_are_fatal_only_when_denied() {
    let scratch = Scratch::new("warnings");
    scratch.edit(
        "spec/org.md",
        "#### Available Parameters\n",
        "#### Notes\n\nSee the guide.\n\n#### Available Parameters\n",
    );

    let allowed = scratch.codegen(&[]);
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    assert!(stderr(&allowed).contains("unknown section `Notes` is skipped"));

    let denied = scratch.codegen(&["--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
}
