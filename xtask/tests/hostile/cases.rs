//! The declarative cases: `codegen/tests/hostile/<case>/`, each a `spec/`
//! directory and a `case.toml` saying what the run must do (the format is
//! in `codegen/tests/hostile/README.md`).

use std::path::Path;

use crate::invariants::{self, Expect};
use crate::scratch::{Scratch, workspace};

/// A case's `case.toml`.
struct Case {
    expect: Expect,
    /// Arguments after `codegen --spec <spec> --out <out>`.
    args: Vec<String>,
}

impl Case {
    fn read(dir: &Path) -> Result<Case, String> {
        let path = dir.join("case.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{e}"))?;
        let doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
        let strings = |key: &str| -> Result<Vec<String>, String> {
            let Some(item) = doc.get(key) else {
                return Ok(Vec::new());
            };
            let array = item.as_array().ok_or(format!("`{key}` is not an array"))?;
            array
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .ok_or(format!("`{key}` holds a value that is not a string"))
        };
        let exit = doc
            .get("exit")
            .and_then(|e| e.as_integer())
            .ok_or("no integer `exit`")?;
        Ok(Case {
            expect: Expect {
                exit: exit as i32,
                stderr: strings("stderr")?,
            },
            args: strings("args")?,
        })
    }
}

/// Every case: its spec run over a previous generation, then the
/// invariants. All cases run; the failures are reported together.
#[test]
fn declarative_cases() {
    let root = workspace().join("codegen/tests/hostile");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no case in {}", root.display());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy();
        let case = match Case::read(dir) {
            Ok(case) => case,
            Err(e) => {
                failures.push(format!("{name}: case.toml: {e}"));
                continue;
            }
        };
        let scratch = Scratch::new(&format!("case-{name}"));
        scratch.copy(&dir.join("spec"), "spec");
        scratch.previous_generation();
        let before = scratch.snapshot();
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let run = scratch.codegen(&args);
        let problems = invariants::problems(&scratch, &before, &run, &case.expect);
        if !problems.is_empty() {
            failures.push(format!(
                "{name} (kept in {}):\n  {}",
                scratch.dir.display(),
                problems.join("\n  ")
            ));
            std::mem::forget(scratch);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
