//! `cargo xtask semver --baseline DIR --current DIR`: a second opinion on
//! the change report from `cargo-semver-checks`, run on the crates
//! generated before and after.
//!
//! `cargo-semver-checks` compares the two crates' public APIs (from
//! rustdoc's JSON) by its own lints, independently of the IR the report
//! reads. The report must never be milder than it, and must name every
//! type it names; the report also names what it cannot see (a setter or
//! field bound to another wire name, a moved first page), which is why the
//! report exists. The tool is not part of the workspace (it takes minutes
//! to build): where it is not installed, the command says so and stops.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The verdicts of the two, and what the report leaves out.
#[derive(Debug)]
pub struct Comparison {
    /// Whether `cargo-semver-checks` found a breaking change.
    pub semver_checks_breaking: bool,
    /// Whether the report calls the changes breaking.
    pub report_breaking: bool,
    /// The types `cargo-semver-checks` names that the report does not.
    pub unnamed: Vec<String>,
    /// What `cargo-semver-checks` printed.
    pub output: String,
}

impl Comparison {
    /// Whether the report is at least as strict as the tool, and names all
    /// it names.
    pub fn agrees(&self) -> bool {
        (self.report_breaking || !self.semver_checks_breaking) && self.unnamed.is_empty()
    }
}

/// Whether `cargo semver-checks` can be run here.
pub fn installed() -> bool {
    Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Runs `cargo-semver-checks` on the crate `current` against `baseline`
/// (each a generated crate's directory, with its `api.json`) and compares
/// its verdict with the change report's; `target` is the target directory
/// its builds share.
pub fn compare(baseline: &Path, current: &Path, target: &Path) -> Result<Comparison, String> {
    let read_ir = |dir: &Path| -> Result<codegen::ir::Api, String> {
        let path = dir.join(codegen::IR_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        codegen::read_ir(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (old, new) = (read_ir(baseline)?, read_ir(current)?);
    let changes = codegen::changes::compare(&old, &new);
    let report =
        codegen::changes::markdown(&new.meta.crate_name, &old.meta.crate_version, &changes);
    let report_breaking = changes
        .iter()
        .any(|c| c.impact == codegen::changes::Impact::Major);
    let run = Command::new("cargo")
        .args(["semver-checks", "check-release", "--release-type", "patch"])
        .arg("--manifest-path")
        .arg(current.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(baseline)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    // Asked whether a patch release is enough: any breaking or additive
    // change fails it, and its lints say which.
    let failed = !run.status.success();
    if failed && !output.contains("--- failure") {
        return Err(format!("cargo semver-checks did not run:\n{output}"));
    }
    let breaking = output
        .lines()
        .any(|l| l.contains("major") && l.contains("--- failure"))
        || output.contains("requires new major version");
    let unnamed = named_types(&output)
        .into_iter()
        .filter(|name| {
            !report.contains(&format!("`{name}`")) && !report.contains(&format!("::{name}`"))
        })
        .collect();
    Ok(Comparison {
        semver_checks_breaking: breaking,
        report_breaking,
        unnamed,
        output,
    })
}

/// The types `cargo-semver-checks` names in its findings: the word after
/// `struct` or `enum` in a finding's lines (`struct BeaconChannel`,
/// `enum Role`), without its path.
fn named_types(output: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in output.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            let kind = pair[0].trim_matches(|c: char| !c.is_alphanumeric());
            if matches!(kind, "struct" | "enum") {
                let name = pair[1]
                    .rsplit("::")
                    .next()
                    .unwrap_or(pair[1])
                    .trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    names.insert(name.to_owned());
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::named_types;

    #[test]
    fn the_types_a_finding_names_are_read() {
        let output = "--- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---\n\
                      Failed in:\n  field description of struct BeaconDashboard, previously in file /x/models.rs:12\n\
                      --- failure enum_variant_missing: pub enum variant removed ---\n\
                      Failed in:\n  variant Role::None, previously in file /x/models.rs:40 (enum large_client::models::Role)\n";
        let names: Vec<String> = named_types(output).into_iter().collect();
        assert_eq!(names, ["BeaconDashboard", "Role"]);
    }
}
