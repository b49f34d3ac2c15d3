//! Each docs fixture under `tests/fixtures/<name>/` (action docs, schema
//! doc, overlay): snapshots of its IR, its diagnostics and every file it
//! generates, and its checked-in `client/` crate compared with a fresh run
//! (`cargo xtask fixtures` regenerates them). The clients are workspace
//! members, so everything the fixtures generate is compiled, linted and
//! tested.

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("api.toml").is_file())
        .collect();
    found.sort();
    assert!(!found.is_empty());
    found
}

fn name(fixture: &Path) -> String {
    fixture.file_name().unwrap().to_string_lossy().into_owned()
}

fn options() -> codegen::Options {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mdsdk-runtime");
    let manifest = std::fs::read_to_string(runtime.join("Cargo.toml")).unwrap();
    codegen::Options::new(
        "../../../../../mdsdk-runtime",
        codegen::package_version(&manifest).unwrap(),
    )
    .parallel(true)
}

/// Runs `check` on every fixture and fails once, listing the fixtures whose
/// snapshots differ, after insta has recorded all of them for review.
fn each_fixture(check: impl Fn(&Path, &str) + std::panic::RefUnwindSafe) {
    let failed: Vec<String> = fixtures()
        .iter()
        .filter(|f| std::panic::catch_unwind(|| check(f, &name(f))).is_err())
        .map(|f| name(f))
        .collect();
    assert!(
        failed.is_empty(),
        "fixtures {failed:?} differ; review with `cargo insta review`"
    );
}

#[test]
fn ir_and_diagnostics() {
    each_fixture(|fixture, name| {
        let sources = codegen::load(fixture).unwrap();
        let (api, diagnostics) = codegen::build_ir(&sources);
        insta::assert_snapshot!(format!("{name}__diagnostics"), diagnostics.to_string());
        insta::assert_yaml_snapshot!(
            format!("{name}__ir"),
            api.expect("the fixture has no errors")
        );
    });
}

#[test]
fn generated_files() {
    each_fixture(|fixture, name| {
        let sources = codegen::load(fixture).unwrap();
        let files = codegen::generate(&sources, &options()).unwrap().files;
        // `api.json` is the IR, whose snapshot `ir_and_diagnostics` takes.
        for file in files.into_iter().filter(|f| f.path != codegen::IR_FILE) {
            insta::assert_snapshot!(
                format!("{name}__{}", file.path.replace('/', "__")),
                file.contents
            );
        }
    });
}

#[test]
fn clients_are_up_to_date() {
    for fixture in fixtures() {
        let sources = codegen::load(&fixture).unwrap();
        let files = codegen::generate(&sources, &options()).unwrap().files;
        let changes = codegen::output::changes(&fixture.join("client"), &files).unwrap();
        assert!(
            changes.is_empty(),
            "{}/client differs from what its docs generate: {changes:?}; run `cargo xtask fixtures`",
            fixture.display()
        );
    }
}

#[test]
fn output_does_not_depend_on_file_order() {
    for fixture in fixtures() {
        let sources = codegen::load(&fixture).unwrap();
        let mut reversed = codegen::Sources::default();
        let mut files: Vec<&codegen::SourceFile> = sources.iter().collect();
        files.reverse();
        for file in files {
            reversed.add(file.clone());
        }
        let forward = codegen::generate(&sources, &options()).unwrap().files;
        let backward = codegen::generate(&reversed, &options()).unwrap().files;
        assert_eq!(forward, backward, "{}", fixture.display());
    }
}
