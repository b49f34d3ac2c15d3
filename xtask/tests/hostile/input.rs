//! Input that is not a doc: the spec directory's entries that cannot be
//! read as text.

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
