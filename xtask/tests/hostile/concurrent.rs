//! Runs on one output directory at once take turns: the final state is
//! exactly one run's output, and no temporary or lock file is left.

use std::ffi::OsStr;
use std::sync::mpsc;
use std::time::Duration;

use fs4::FileExt;

use crate::invariants::{Expect, assert_clean};
use crate::scratch::{HAND_WRITTEN, Run, Scratch, workspace};
use crate::tree::Tree;

/// Enough runs to pile up, few enough for CI.
const RUNS: usize = 8;

/// Every run is started while the test holds the directory's lock, and
/// the lock is let go only when all of them wait for it: they are all in
/// flight at once. The two specs' crates differ in a module that one has
/// and the other not, and in the modules both have, so each run writes
/// and removes files.
#[test]
fn concurrent_runs_leave_exactly_one_runs_output() {
    let scratch = Scratch::new("concurrent");
    let fixture = workspace().join("codegen/tests/fixtures/later-version");
    for spec in ["spec-a", "spec-b"] {
        scratch.copy(&fixture, spec);
        std::fs::remove_dir_all(scratch.path(&format!("{spec}/client"))).unwrap();
    }
    std::fs::remove_file(scratch.path("spec-b/me.md")).unwrap();
    scratch.edit("spec-b/api.toml", "[routes.me]\nget = \"GET /me\"\n", "");
    scratch.edit(
        "spec-b/devices.md",
        "Returns the devices for an application",
        "Lists the devices of an application",
    );
    // What each spec generates alone, beside `out/` so the path to the
    // runtime in Cargo.toml is the same.
    for (spec, reference) in [("spec-a", "ref-a"), ("spec-b", "ref-b")] {
        let run = codegen(&scratch, spec, reference, None).wait();
        assert!(run.status.success(), "{}", run.stderr);
    }
    scratch.previous_generation();
    let before = scratch.snapshot();
    let held = std::fs::File::create(scratch.path("out/.codegen.lock")).unwrap();
    FileExt::lock(&held).unwrap();

    let (lines, waiting) = mpsc::channel();
    let running: Vec<_> = (0..RUNS)
        .map(|i| {
            let spec = ["spec-a", "spec-b"][i % 2];
            codegen(&scratch, spec, "out", Some(lines.clone()))
        })
        .collect();
    let mut waiters = 0;
    while waiters < RUNS {
        let line = waiting
            .recv_timeout(Duration::from_secs(30))
            .expect("every run waits for the lock");
        waiters += usize::from(line.contains("waiting for another run"));
    }
    drop(held);
    let runs: Vec<Run> = running.into_iter().map(|r| r.wait()).collect();

    for run in &runs {
        assert_clean(
            &scratch,
            &before,
            run,
            &Expect::success(&["file(s) written"]),
        );
    }
    let after = scratch.snapshot();
    let out = after.under("out/");
    let matching = ["ref-a/", "ref-b/"]
        .into_iter()
        .filter(|reference| is_generation(&after.under(reference), &out))
        .count();
    assert_eq!(matching, 1, "out/ is no single run's output");
}

fn codegen(
    scratch: &Scratch,
    spec: &str,
    out: &str,
    lines: Option<mpsc::Sender<String>>,
) -> crate::scratch::Running {
    let (spec, out) = (scratch.path(spec), scratch.path(out));
    let args = [
        OsStr::new("codegen"),
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    scratch.spawn(args, lines)
}

/// Whether `out` holds exactly the `reference` generation, and besides it
/// only the user's own files.
fn is_generation(reference: &Tree, out: &Tree) -> bool {
    let own = |path: &str| {
        HAND_WRITTEN.iter().any(|(file, _)| {
            let file = file.strip_prefix("out/").unwrap();
            file == path || file.starts_with(&format!("{path}/"))
        })
    };
    reference
        .0
        .iter()
        .all(|(path, entry)| out.0.get(path) == Some(entry))
        && out
            .0
            .keys()
            .all(|path| reference.0.contains_key(path) || own(path))
}
