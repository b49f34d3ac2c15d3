//! The resource features of the generated crates: the generator's check
//! of its gating (`codegen::check_features`) passes on every fixture and
//! on `spec/`, and finds each kind of wrong gate planted in a crate that
//! was right. (The synthetic spec's crate is checked by xtask's tests, and
//! compiled with each resource alone by `cargo xtask features`.)

use std::path::{Path, PathBuf};

use codegen::GeneratedFile;

fn generate(spec: &Path) -> (codegen::ir::Api, Vec<GeneratedFile>) {
    let sources = codegen::load(spec).unwrap();
    let options = codegen::Options::new("../mdsdk-runtime", "0.1.0");
    let generated = codegen::generate(&sources, &options).unwrap();
    (generated.api, generated.files)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn every_item_is_compiled_with_the_resources_that_reach_it_and_no_others() {
    let mut specs = vec![root().join("../spec")];
    let fixtures = std::fs::read_dir(root().join("tests/fixtures")).unwrap();
    specs.extend(
        fixtures
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("api.toml").is_file()),
    );
    specs.sort();
    for spec in specs {
        let (api, files) = generate(&spec);
        if let Err(e) = codegen::check_features(&api, &files) {
            panic!("{}: {e}", spec.display());
        }
    }
}

/// The accepted-values fixture's crate, with `edit` made to one of its
/// files: the check's complaint.
fn planted(path: &str, edit: impl FnOnce(&str) -> String) -> String {
    let (api, mut files) = generate(&root().join("tests/fixtures/accepted-values"));
    codegen::check_features(&api, &files).expect("the crate as generated is right");
    let file = files.iter_mut().find(|f| f.path == path).unwrap();
    let edited = edit(&file.contents);
    assert_ne!(edited, file.contents, "the edit changes {path}");
    file.contents = edited;
    codegen::check_features(&api, &files)
        .expect_err("the check finds the planted gate")
        .to_string()
}

#[test]
fn a_gate_that_leaves_out_a_resource_reaching_the_item_is_found() {
    // `Devices` is reached by `devices` and by `me`.
    let error = planted("src/models.rs", |text| {
        text.replacen(
            "#[cfg(any(feature = \"devices\", feature = \"me\"))]\n#[cfg_attr(docsrs, doc(cfg(any(feature = \"devices\", feature = \"me\"))))]\n#[derive(Debug, Clone, PartialEq, Default)]\npub struct Devices {",
            "#[cfg(feature = \"devices\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"devices\")))]\n#[derive(Debug, Clone, PartialEq, Default)]\npub struct Devices {",
            1,
        )
    });
    assert!(
        error.contains(
            "src/models.rs: `Devices` is left out in the build with `me` alone, which reaches it"
        ),
        "{error}"
    );
}

#[test]
fn an_item_compiled_without_a_resource_reaching_it_is_found() {
    // `Devices`' `json_struct!` call, ungated.
    let error = planted("src/models.rs", |text| {
        text.replacen(
            "#[cfg(any(feature = \"devices\", feature = \"me\"))]\n::mdsdk_runtime::json_struct!(\n    Devices {",
            "::mdsdk_runtime::json_struct!(\n    Devices {",
            1,
        )
    });
    assert!(
        error.contains(
            "src/models.rs: `Devices` is compiled in the build with no resource, which does not reach it (it needs `devices` or `me`)"
        ),
        "{error}"
    );
    assert!(
        error.contains("compiled in the build with `events` alone"),
        "{error}"
    );
}

#[test]
fn a_gated_item_docs_rs_does_not_show_as_gated_is_found() {
    let error = planted("src/lib.rs", |text| {
        text.replacen(
            "#[cfg_attr(docsrs, doc(cfg(feature = \"events\")))]\n#[rustfmt::skip]\npub mod events;",
            "#[rustfmt::skip]\npub mod events;",
            1,
        )
    });
    assert!(
        error.contains(
            "src/lib.rs: module `events` is compiled only if `feature = \"events\"` but docs.rs does not say so"
        ),
        "{error}"
    );
}

#[test]
fn an_accessor_of_another_resource_s_gate_is_found() {
    let error = planted("src/mock.rs", |text| {
        let gate = |feature: &str| {
            format!(
                "    #[cfg(feature = \"{feature}\")]\n    #[cfg_attr(docsrs, doc(cfg(feature = \"{feature}\")))]\n    pub fn events("
            )
        };
        text.replacen(&gate("events"), &gate("me"), 1)
    });
    assert!(
        error.contains("src/mock.rs: method `events` is left out in the build with `events` alone"),
        "{error}"
    );
}

#[test]
fn a_resource_full_does_not_turn_on_is_found() {
    let error = planted("Cargo.toml", |text| {
        text.replacen("full = [\"devices\", ", "full = [", 1)
    });
    assert!(
        error.contains("`full` turns on {\"events\", \"me\"}, not every resource's feature"),
        "{error}"
    );
}

/// A resource named like another feature of the crate takes the module,
/// and so the feature, of the naming rule's suffix: never merged with the
/// other feature (the names fixture has `Full`, `Rustls` and `Native TLS`).
#[test]
fn a_resource_named_like_another_feature_is_the_feature_with_an_underscore() {
    let (api, files) = generate(&root().join("tests/fixtures/names"));
    let modules: Vec<&str> = (api.resources.iter())
        .map(|r| r.idents.module.as_str())
        .collect();
    for module in ["full_", "rustls_", "native_tls_"] {
        assert!(modules.contains(&module), "{modules:?}");
    }
    let manifest = files.iter().find(|f| f.path == "Cargo.toml").unwrap();
    let table: toml::Table = toml::from_str(&manifest.contents).unwrap();
    let features = table["features"].as_table().unwrap();
    assert_eq!(features["full_"].as_array().unwrap().len(), 0);
    assert_eq!(features["rustls"][0].as_str(), Some("mdsdk-runtime/rustls"));
    let full = features["full"].as_array().unwrap();
    assert!(full.iter().any(|f| f.as_str() == Some("full_")), "{full:?}");
    assert!(!full.iter().any(|f| f.as_str() == Some("full")), "{full:?}");
}
