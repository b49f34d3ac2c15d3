//! What every case checks after its run, whatever the case.

use crate::scratch::{Run, Scratch};
use crate::tree::{Entry, Tree};

/// What a case expects of its run.
#[derive(Debug, Clone)]
pub struct Expect {
    /// The exit status.
    pub exit: i32,
    /// Text stderr must contain, such as the `file:line` of the problem.
    pub stderr: Vec<String>,
}

impl Expect {
    pub fn failure(stderr: &[&str]) -> Expect {
        Expect {
            exit: 1,
            stderr: stderr.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn success(stderr: &[&str]) -> Expect {
        Expect {
            exit: 0,
            ..Expect::failure(stderr)
        }
    }
}

/// The problems of a run that began with the scratch directory as
/// `before`:
///
/// - the exit status is the expected one (a signal or panic never is),
///   and stderr holds every expected text;
/// - a failed run left the whole scratch directory byte-identical: the
///   output directory, the spec and everything outside;
/// - a successful run changed nothing outside `out/`, no link and no file
///   without the `@generated` header in it (the user's own files);
/// - no temporary or lock file is left anywhere.
pub fn problems(scratch: &Scratch, before: &Tree, run: &Run, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    if run.status.code() != Some(expect.exit) {
        problems.push(format!(
            "exit status {:?}, expected {}",
            run.status, expect.exit
        ));
    }
    for text in &expect.stderr {
        if !run.stderr.contains(text.as_str()) {
            problems.push(format!("stderr does not say `{text}`"));
        }
    }
    if run.stderr.contains("panicked") {
        problems.push("the run panicked".into());
    }
    let after = scratch.snapshot();
    let changed = if expect.exit == 0 {
        changes_to_foreign_files(before, &after)
    } else {
        before.diff(&after)
    };
    problems.extend(
        changed
            .into_iter()
            .map(|c| format!("{c} (must be left as it was)")),
    );
    problems.extend(leftovers(before, &after));
    if !problems.is_empty() {
        problems.push(format!("stderr:\n{}", run.stderr));
    }
    problems
}

/// Panics listing the [`problems`] of a run.
#[track_caller]
pub fn assert_clean(scratch: &Scratch, before: &Tree, run: &Run, expect: &Expect) {
    let problems = problems(scratch, before, run, expect);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What a successful run must not have changed: anything outside `out/`,
/// and in it every link and every file that is not the generator's.
fn changes_to_foreign_files(before: &Tree, after: &Tree) -> Vec<String> {
    let foreign = |path: &str, entry: &Entry| {
        !in_out(path)
            || matches!(entry, Entry::Link(_) | Entry::Special)
            || matches!(entry, Entry::File { .. }) && !entry.is_generated()
    };
    let mut changes = Vec::new();
    for (path, entry) in before.0.iter().filter(|(p, e)| foreign(p, e)) {
        if after.0.get(path) != Some(entry) {
            changes.push(format!("{path}: changed or removed"));
        }
    }
    for path in after.0.keys() {
        if !in_out(path) && !before.0.contains_key(path) {
            changes.push(format!("{path}: added"));
        }
    }
    changes
}

/// Whether a scratch path is the output directory or in it.
fn in_out(path: &str) -> bool {
    path == "out" || path.starts_with("out/")
}

/// Files the run added that are not its output: temporary files, backups,
/// lock files.
fn leftovers(before: &Tree, after: &Tree) -> Vec<String> {
    after
        .0
        .keys()
        .filter(|p| !before.0.contains_key(*p))
        .filter(|p| {
            let name = p.rsplit('/').next().unwrap_or(p);
            ["tmp", "lock", "bak", "codegen-"]
                .iter()
                .any(|s| name.contains(s))
        })
        .map(|p| format!("{p}: left behind"))
        .collect()
}
