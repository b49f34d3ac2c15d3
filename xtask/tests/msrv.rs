//! The `rust-version` a published crate declares is no promise its locked
//! dependencies break: every package a publishable workspace member builds
//! on (normal and build dependencies, every feature, every platform) must
//! declare a `rust-version` no newer than the member's.
//!
//! This is a lower bound only: only one toolchain is installed, so nothing
//! builds with the declared one. clippy's `incompatible_msrv` lint (denied
//! in CI) covers the standard library items our own code uses; language
//! features are not checked.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::{Value, json};

/// `1.85` or `1.85.0` as comparable numbers.
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap());
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

fn metadata() -> Value {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--locked",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The ids of every package `root` builds on: its normal and build
/// dependencies, transitively.
fn closure<'a>(nodes: &HashMap<&'a str, &'a Value>, root: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let built = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            if built {
                stack.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    seen
}

/// What needs a newer Rust than the publishable member that builds on it,
/// one line each.
fn too_new(metadata: &Value) -> Vec<String> {
    let packages: HashMap<&str, &Value> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let mut found = Vec::new();
    for member in metadata["workspace_members"].as_array().unwrap() {
        let member = packages[member.as_str().unwrap()];
        // `publish = false` is an empty list of registries.
        if member["publish"] == json!([]) {
            continue;
        }
        let declared = member["rust_version"]
            .as_str()
            .unwrap_or_else(|| panic!("{} declares no rust-version", member["name"]));
        for id in closure(&nodes, member["id"].as_str().unwrap()) {
            let package = packages[id];
            let Some(needed) = package["rust_version"].as_str() else {
                continue;
            };
            if version(needed) > version(declared) {
                let text = |key: &str| package[key].as_str().unwrap_or_default();
                found.push(format!(
                    "{} declares rust-version {declared}, but {} {} needs {needed}",
                    member["name"].as_str().unwrap_or_default(),
                    text("name"),
                    text("version")
                ));
            }
        }
    }
    found
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_a_published_crate_declares() {
    let metadata = metadata();
    let published: Vec<&str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["publish"] != json!([]))
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        published.contains(&"mdsdk-runtime") && published.contains(&"losant-rest"),
        "{published:?}"
    );
    let too_new = too_new(&metadata);
    assert!(
        too_new.is_empty(),
        "raise the rust-version or lock an older dependency \
         (`cargo update -p NAME --precise VERSION`):\n{}",
        too_new.join("\n")
    );
}

#[test]
fn a_dependency_of_a_dependency_needing_a_newer_rust_is_found() {
    let package = |id: &str, rust: Value, publish: Value| json!({ "id": id, "name": id, "version": "1.0.0", "rust_version": rust, "publish": publish });
    let dep = |pkg: &str, kind: Value| json!({ "pkg": pkg, "dep_kinds": [{ "kind": kind }] });
    let metadata = json!({
        "workspace_members": ["sdk", "internal"],
        "packages": [
            package("sdk", json!("1.85"), Value::Null),
            package("internal", json!("1.85"), json!([])),
            package("http", Value::Null, Value::Null),
            package("tls", json!("1.90.1"), Value::Null),
            package("bench", json!("1.95"), Value::Null),
        ],
        "resolve": { "nodes": [
            { "id": "sdk", "deps": [dep("http", Value::Null), dep("bench", json!("dev"))] },
            { "id": "internal", "deps": [dep("tls", Value::Null)] },
            { "id": "http", "deps": [dep("tls", json!("build"))] },
            { "id": "tls", "deps": [] },
            { "id": "bench", "deps": [] },
        ] },
    });
    assert_eq!(
        too_new(&metadata),
        ["sdk declares rust-version 1.85, but tls 1.0.0 needs 1.90.1"]
    );
}
