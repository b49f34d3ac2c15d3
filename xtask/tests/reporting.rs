//! What `cargo xtask codegen` tells the maintainer, and which checkout it
//! works on: warnings grouped by kind, the `[lints]` table and
//! `--deny-warnings`, and the workspace found at run time.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Scratch, stderr};

/// Ten misspelled keywords in the Organization schema.
fn with_ten_unknown_keywords(checkout: &Scratch) {
    let path = checkout.path("spec/_schemas.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let misspelled: String = (0..10).map(|i| format!("\"minLenght{i}\": 1, ")).collect();
    let text = text.replacen(
        "\"format\": \"date-time\"",
        &format!("{misspelled}\"format\": \"date-time\""),
        1,
    );
    std::fs::write(path, text).unwrap();
}

#[test]
fn warnings_of_one_kind_show_the_first_three_then_a_count() {
    let checkout = Scratch::new("grouped");
    with_ten_unknown_keywords(&checkout);

    let output = checkout.codegen(&[]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert_eq!(
        text.matches("[unknown_keyword] unknown keyword").count(),
        3,
        "{text}"
    );
    assert!(
        text.contains("warning[unknown_keyword]: 7 more like this, 10 in all"),
        "{text}"
    );
    assert!(
        text.contains("\n10 warnings of 1 kind; `--verbose` shows all\n"),
        "{text}"
    );

    let output = checkout.codegen(&["--verbose", "--check"]);
    let text = stderr(&output);
    assert_eq!(
        text.matches("[unknown_keyword] unknown keyword").count(),
        10,
        "{text}"
    );
    assert!(text.contains("\n10 warnings of 1 kind\n"), "{text}");
}

#[test]
fn deny_warnings_counts_only_what_lints_do_not_allow() {
    let checkout = Scratch::new("denied");
    with_ten_unknown_keywords(&checkout);

    let output = checkout.codegen(&["--deny-warnings"]);
    assert!(!output.status.success());
    assert!(!checkout.path("out").exists(), "nothing was written");

    checkout.append("spec/api.toml", "\n[lints]\nunknown_keyword = \"allow\"\n");
    let output = checkout.codegen(&["--deny-warnings"]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(!text.contains("unknown keyword"), "{text}");
    assert!(
        text.contains("no warnings; 10 allowed by `[lints]`"),
        "{text}"
    );
}

/// `cargo run` sets `CARGO_MANIFEST_DIR` at run time to the checkout it was
/// called in, which differs from the one the binary was built in when
/// checkouts share a target directory: the command follows the former.
#[test]
fn the_workspace_is_the_one_cargo_ran_the_command_in() {
    let checkout = Scratch::new("root");
    std::fs::create_dir_all(checkout.path("xtask")).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .env("CARGO_MANIFEST_DIR", checkout.path("xtask"))
            .output()
            .unwrap()
    };
    let api_toml = checkout.path("spec/api.toml");
    let text = std::fs::read_to_string(&api_toml).unwrap();
    std::fs::write(
        &api_toml,
        text.replacen("version = \"0.1.0\"", "version = \"9.9.9\"", 1),
    )
    .unwrap();

    // The generated crate requires the version of the checkout's runtime:
    // without one there is nothing to require, and the run says so.
    let output = run(&["codegen", "--check"]);
    let manifest = checkout.path("mdsdk-runtime/Cargo.toml");
    let expected = format!("error: cannot read {}", manifest.display());
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    std::fs::create_dir_all(checkout.path("mdsdk-runtime")).unwrap();
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mdsdk-runtime/Cargo.toml");
    std::fs::copy(runtime, &manifest).unwrap();

    // This checkout has no generated crate yet: the check names its files.
    let output = run(&["codegen", "--check"]);
    let text = stderr(&output);
    assert!(!output.status.success(), "{text}");
    let expected = checkout.path("generated-client/Cargo.toml: missing");
    assert!(text.contains(&*expected.to_string_lossy()), "{text}");

    let output = run(&["codegen"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = std::fs::read_to_string(checkout.path("generated-client/Cargo.toml")).unwrap();
    assert!(written.contains("version = \"9.9.9\""), "{written}");
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/Cargo.toml");
    assert!(!std::fs::read_to_string(own).unwrap().contains("9.9.9"));
}

#[test]
fn an_unknown_command_is_refused_with_the_usage() {
    for args in [&["fixture"][..], &[][..], &["synth"][..]] {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .output()
            .unwrap();
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert!(text.contains("usage: cargo xtask codegen"), "{text}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("fixture")
        .output()
        .unwrap();
    assert!(stderr(&output).starts_with("error: unknown command `fixture`"));
}
