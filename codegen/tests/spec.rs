//! The product on the real input: the IR of `spec/` and every file generated
//! from it, as snapshots a reviewer reads like a diff of the SDK, and the
//! checked-in `generated-client/` compared with a fresh run.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn spec() -> codegen::Sources {
    codegen::load(&root().join("spec")).expect("spec/ loads")
}

/// The names lock `cargo xtask codegen` reads: the names of the
/// checked-in `generated-client/`.
fn lock() -> codegen::Lock {
    let text = codegen::output::previous_ir(&root().join("generated-client"))
        .unwrap()
        .expect("generated-client/ has an api.json");
    codegen::Lock::from_ir(&codegen::read_ir(&text).unwrap())
}

/// The options `cargo xtask codegen` uses for `generated-client/`.
fn options() -> codegen::Options {
    let manifest = std::fs::read_to_string(root().join("mdsdk-runtime/Cargo.toml")).unwrap();
    codegen::Options::new(
        "../mdsdk-runtime",
        codegen::package_version(&manifest).unwrap(),
    )
    .parallel(false)
    .keeping(lock())
}

#[test]
fn spec_has_no_diagnostics() {
    let (api, diagnostics) = codegen::build_ir(&spec());
    assert!(diagnostics.is_empty(), "{diagnostics}");
    assert!(api.is_some());
}

#[test]
fn ir_of_spec() {
    let (api, _) = codegen::build_ir_keeping(&spec(), &lock());
    insta::assert_yaml_snapshot!("ir", api.unwrap());
}

/// One snapshot per generated file, named after it. Every mismatch is
/// recorded before the test fails, so one review shows them all.
#[test]
fn generated_files_of_spec() {
    let files = codegen::generate(&spec(), &options()).unwrap().files;
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "README.md",
            "api.json",
            "src/application.rs",
            "src/device.rs",
            "src/lib.rs",
            "src/mock.rs",
            "src/models.rs",
            "src/org.rs"
        ]
    );
    let failures: Vec<String> = files
        .iter()
        // `api.json` is the IR, whose snapshot is `ir_of_spec`.
        .filter(|file| file.path != codegen::IR_FILE)
        .filter_map(|file| {
            let name = file.path.replace('/', "__");
            std::panic::catch_unwind(|| insta::assert_snapshot!(name, file.contents)).err()?;
            Some(file.path.clone())
        })
        .collect();
    assert!(
        failures.is_empty(),
        "snapshots differ for {failures:?}; review with `cargo insta review`"
    );
}

#[test]
fn generated_client_is_up_to_date() {
    let files = codegen::generate(&spec(), &options()).unwrap().files;
    let changes = codegen::output::changes(&root().join("generated-client"), &files).unwrap();
    let listed: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert!(
        changes.is_empty(),
        "generated-client/ differs from what spec/ generates:\n  {}\nrun `cargo xtask codegen`",
        listed.join("\n  ")
    );
}

#[test]
fn output_is_deterministic() {
    let first = codegen::generate(&spec(), &options()).unwrap().files;
    let second = codegen::generate(&spec(), &options()).unwrap().files;
    assert_eq!(first, second);
}

/// The models formatted on a thread of their own make the same files, in
/// the same order, as one thread does.
#[test]
fn output_is_the_same_made_in_parallel() {
    let alone = codegen::generate(&spec(), &options()).unwrap().files;
    let parallel = options().parallel(true);
    let beside = codegen::generate(&spec(), &parallel).unwrap().files;
    assert_eq!(alone, beside);
}
