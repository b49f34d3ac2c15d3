//! Input that is not a doc: the spec directory's entries that cannot be
//! read as text.

use std::os::unix::fs::symlink;
use std::process::Command;

use crate::invariants::{Expect, assert_clean};
use crate::scratch::{Scratch, workspace};

#[test]
fn a_spec_directory_that_is_not_there() {
    let scratch = Scratch::new("no-spec");
    scratch.previous_generation();
    std::fs::remove_dir(scratch.path("spec")).unwrap();
    let before = scratch.snapshot();

    let run = scratch.codegen(&[]);

    assert_clean(
        &scratch,
        &before,
        &run,
        &Expect::failure(&["cannot read the spec directory", "/spec"]),
    );
}

/// A link to a regular file is read through (a spec assembled from links
/// into a docs checkout is fine); the linked file is left as it is.
#[test]
fn a_doc_linked_to_a_regular_file_is_read() {
    let scratch = Scratch::new("doc-link");
    scratch.copy(&workspace().join("spec"), "spec");
    scratch.copy(&workspace().join("spec"), "outside/docs");
    std::fs::remove_file(scratch.path("spec/org.md")).unwrap();
    scratch.edit(
        "outside/docs/org.md",
        "Retrieves information on an organization",
        "Fetches an organization",
    );
    std::os::unix::fs::symlink(
        scratch.path("outside/docs/org.md"),
        scratch.path("spec/org.md"),
    )
    .unwrap();
    let before = scratch.snapshot();

    let run = scratch.codegen(&[]);

    assert_clean(&scratch, &before, &run, &Expect::success(&[]));
    assert!(
        scratch
            .read("out/src/org.rs")
            .contains("Fetches an organization")
    );
}

/// The workspace spec in `spec/` and a previous generation in `out/`, then
/// `hostile` adds its entry to the spec; the run must fail saying
/// `expected` and leave everything as it was.
fn refused(name: &str, hostile: impl FnOnce(&Scratch), expected: &[&str]) {
    let scratch = Scratch::new(name);
    scratch.copy(&workspace().join("spec"), "spec");
    scratch.previous_generation();
    hostile(&scratch);
    let before = scratch.snapshot();

    let run = scratch.codegen(&[]);

    assert_clean(&scratch, &before, &run, &Expect::failure(expected));
}

#[test]
fn a_fifo_named_like_a_doc_is_not_opened() {
    refused(
        "fifo",
        |scratch| {
            let made = Command::new("mkfifo")
                .arg(scratch.path("spec/x.md"))
                .status()
                .unwrap();
            assert!(made.success());
        },
        &["spec/x.md is a FIFO, not a regular file"],
    );
}

#[test]
fn a_fifo_named_like_a_schema_file_is_not_opened() {
    refused(
        "fifo-json",
        |scratch| {
            std::fs::create_dir_all(scratch.path("spec/lib/schemas")).unwrap();
            let made = Command::new("mkfifo")
                .arg(scratch.path("spec/lib/schemas/pet.json"))
                .status()
                .unwrap();
            assert!(made.success());
        },
        &["spec/lib/schemas/pet.json is a FIFO, not a regular file"],
    );
}

/// A link to a directory outside is not followed: the spec is read from
/// the spec directory alone.
#[test]
fn a_linked_directory_of_schemas_outside_is_not_read() {
    let scratch = Scratch::new("linked-schemas");
    scratch.copy(&workspace().join("spec"), "spec");
    scratch.write("outside/schemas/pet.json", "this is not JSON");
    symlink(
        scratch.path("outside/schemas"),
        scratch.path("spec/schemas"),
    )
    .unwrap();
    let run = scratch.codegen(&[]);
    assert!(run.status.success(), "{}", run.stderr);
}

#[test]
fn a_link_to_dev_zero_is_not_read() {
    refused(
        "dev-zero",
        |scratch| symlink("/dev/zero", scratch.path("spec/zero.md")).unwrap(),
        &["spec/zero.md is a link to a character device (/dev/zero), not a regular file"],
    );
}

#[test]
fn a_directory_named_like_a_doc_is_refused() {
    refused(
        "dir-doc",
        |scratch| scratch.write("spec/x.md/inside.md", "# X Actions\n"),
        &["spec/x.md is a directory, not a regular file"],
    );
}

#[test]
fn a_link_to_nothing_is_refused() {
    refused(
        "dangling",
        |scratch| {
            symlink(
                scratch.path("outside/gone.md"),
                scratch.path("spec/gone.md"),
            )
            .unwrap()
        },
        &["cannot read", "spec/gone.md"],
    );
}

/// The size is checked before reading: the 64 MiB file is sparse, and
/// reading it would show as time and memory, not as a failure.
#[test]
fn a_file_over_the_size_limit_is_not_read() {
    refused(
        "too-large",
        |scratch| {
            let file = std::fs::File::create(scratch.path("spec/huge.md")).unwrap();
            file.set_len(64 * 1024 * 1024 + 1).unwrap();
        },
        &["spec/huge.md holds 67108865 bytes, over the limit of 64 MiB (67108864 bytes)"],
    );
}

#[test]
fn an_overlay_that_is_not_utf8_is_refused_at_its_line() {
    let overlay = std::fs::read(workspace().join("spec/api.toml")).unwrap();
    let at = overlay.windows(5).position(|w| w == b"[api]").unwrap();
    // The line of `[api]`, wherever an edit of the overlay moves it.
    let line = overlay[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    refused(
        "overlay-utf8",
        |scratch| {
            let mut text = std::fs::read(scratch.path("spec/api.toml")).unwrap();
            text.splice(at + 1..at + 1, [0xC0, 0xAF]);
            std::fs::write(scratch.path("spec/api.toml"), text).unwrap();
        },
        &[&format!(
            "api.toml:{line}:2: the text stops being UTF-8 at byte 2 of line {line} (0xC0)"
        )],
    );
}

#[test]
fn every_file_that_cannot_be_read_is_named() {
    refused(
        "several",
        |scratch| {
            symlink("/dev/null", scratch.path("spec/null.md")).unwrap();
            scratch.write("spec/latin.md", b"# Caf\xE9\n");
        },
        &[
            "spec/latin.md:1:6: the text stops being UTF-8",
            "spec/null.md is a link to a character device (/dev/null)",
        ],
    );
}
