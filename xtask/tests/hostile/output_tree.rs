//! Files the generator does not own: links, a user's crate, hand-edited
//! files, a damaged record, in the output directory of a previous
//! generation.

use std::os::unix::fs::symlink;

use crate::invariants::{Expect, assert_clean};
use crate::scratch::{Scratch, workspace};

/// The workspace spec in `spec/` and its previous generation in `out/`
/// (with the user's own files); `set_up` then changes the scene.
fn scene(name: &str, set_up: impl FnOnce(&Scratch)) -> Scratch {
    let scratch = Scratch::new(name);
    scratch.copy(&workspace().join("spec"), "spec");
    scratch.previous_generation();
    set_up(&scratch);
    scratch
}

/// A change to the docs, so that a run has something to write.
fn change_the_docs(scratch: &Scratch) {
    scratch.edit(
        "spec/org.md",
        "Retrieves information on an organization",
        "Fetches an organization",
    );
}

/// Runs `codegen` on the scene and checks it against `expect`.
fn run(scratch: &Scratch, expect: Expect) {
    let before = scratch.snapshot();
    let run = scratch.codegen(&[]);
    assert_clean(scratch, &before, &run, &expect);
}

/// An `api.json` as generators before the file list wrote it.
fn without_file_list(scratch: &Scratch) {
    let text = scratch.read("out/api.json");
    let start = text.find("  \"files\": [").unwrap();
    let end = start + text[start..].find("],\n").unwrap() + 3;
    scratch.write(
        "out/api.json",
        format!("{}{}", &text[..start], &text[end..]),
    );
}

#[test]
fn a_link_in_src_to_a_directory_outside_is_neither_followed_nor_touched() {
    for (name, old_record) in [("vendor-link", false), ("vendor-link-old", true)] {
        let scratch = scene(name, |scratch| {
            symlink(scratch.path("outside/dir"), scratch.path("out/src/vendor")).unwrap();
            symlink("..", scratch.path("out/src/up")).unwrap();
            if old_record {
                without_file_list(scratch);
            }
            change_the_docs(scratch);
        });
        run(&scratch, Expect::success(&["src/org.rs: written"]));
        assert!(
            scratch
                .read("out/src/org.rs")
                .contains("Fetches an organization")
        );
    }
}

#[test]
fn a_link_where_a_generated_file_goes_is_refused() {
    let scratch = scene("file-link", |scratch| {
        std::fs::remove_file(scratch.path("out/src/org.rs")).unwrap();
        symlink(
            scratch.path("outside/sentinel.txt"),
            scratch.path("out/src/org.rs"),
        )
        .unwrap();
    });
    run(
        &scratch,
        Expect::failure(&[
            "out/src/org.rs is a symbolic link where the generator writes a file",
            "was left as it was",
        ]),
    );
}

#[test]
fn a_link_where_a_generated_directory_goes_is_refused() {
    let scratch = scene("dir-link", |scratch| {
        std::fs::rename(scratch.path("out/src"), scratch.path("outside/src")).unwrap();
        symlink(scratch.path("outside/src"), scratch.path("out/src")).unwrap();
    });
    run(
        &scratch,
        Expect::failure(&["out/src is a symbolic link where the generator writes a directory"]),
    );
}

#[test]
fn an_output_directory_that_is_a_link_is_refused() {
    let scratch = scene("out-link", |scratch| {
        std::fs::rename(scratch.path("out"), scratch.path("outside/out")).unwrap();
        symlink(scratch.path("outside/out"), scratch.path("out")).unwrap();
        change_the_docs(scratch);
    });
    run(
        &scratch,
        Expect::failure(&[
            "out is a symbolic link where the generator writes the crate's directory",
        ]),
    );
}

#[test]
fn an_api_json_linked_to_dev_zero_is_not_read() {
    let scratch = scene("api-json-zero", |scratch| {
        std::fs::remove_file(scratch.path("out/api.json")).unwrap();
        symlink("/dev/zero", scratch.path("out/api.json")).unwrap();
    });
    run(
        &scratch,
        Expect::failure(&["out/api.json is a symbolic link where the generator writes a file"]),
    );
}

/// `--out` pointed at a user's own crate: nothing is overwritten or
/// deleted, and the message names what is there.
#[test]
fn a_users_crate_is_not_an_output_directory() {
    let scratch = Scratch::new("users-crate");
    scratch.copy(&workspace().join("spec"), "spec");
    for (path, text) in [
        ("out/Cargo.toml", "[package]\nname = \"mine\"\n"),
        ("out/src/main.rs", "fn main() {}\n"),
        ("out/src/lib.rs", "pub mod extra;\n"),
        ("out/src/extra.rs", "// mine\n"),
        ("out/src/nested/mod.rs", "// mine\n"),
    ] {
        scratch.write(path, text);
    }
    run(
        &scratch,
        Expect::failure(&[
            "out is not empty and holds no previous generation",
            "it has `Cargo.toml`, `src/`",
        ]),
    );
}

/// A spec directory kept inside the output's `src/` is not the
/// generator's, and is left as it is.
#[test]
fn a_spec_inside_the_output_is_left_alone() {
    let scratch = scene("spec-inside", |scratch| {
        scratch.copy(&workspace().join("spec"), "out/src/spec");
        scratch.edit(
            "out/src/spec/org.md",
            "Retrieves information on an organization",
            "Fetches an organization",
        );
    });
    let before = scratch.snapshot();
    let spec = scratch.path("out/src/spec");
    let out = scratch.path("out");

    let run = scratch.xtask([
        "codegen".as_ref(),
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);

    assert_clean(
        &scratch,
        &before,
        &run,
        &Expect::success(&["src/org.rs: written"]),
    );
    assert!(scratch.path("out/src/spec/org.md").exists());
}

#[test]
fn a_file_where_a_generated_directory_goes_is_refused() {
    let scratch = scene("file-for-dir", |scratch| {
        std::fs::remove_dir_all(scratch.path("out/src")).unwrap();
        scratch.write("out/src", "in the way\n");
    });
    run(
        &scratch,
        Expect::failure(&["out/src is a file where the generator writes a directory"]),
    );
}

#[test]
fn a_generated_file_edited_by_hand_without_its_header_is_not_overwritten() {
    let scratch = scene("no-header", |scratch| {
        scratch.write("out/src/org.rs", "// Taken over by hand.\n");
    });
    run(
        &scratch,
        Expect::failure(&["out/src/org.rs lost the `@generated` header"]),
    );
}

#[test]
fn a_file_list_naming_a_file_outside_is_refused() {
    let scratch = scene("bad-list", |scratch| {
        scratch.write(
            "outside/victim.rs",
            "// @generated by `cargo xtask codegen`.\n",
        );
        scratch.edit(
            "out/api.json",
            "\"src/org.rs\"",
            "\"src/org.rs\",\n    \"../outside/victim.rs\"",
        );
    });
    run(
        &scratch,
        Expect::failure(&["lists `../outside/victim.rs` among its files"]),
    );
}

/// A generated file no longer generated is removed and reported so; one
/// the user took over (header removed) is kept.
#[test]
fn stale_generated_files_are_removed_and_reported() {
    let scratch = Scratch::new("stale");
    let fixture = workspace().join("codegen/tests/fixtures/later-version");
    for name in [
        "_schemas.md",
        "api.toml",
        "data_table_rows.md",
        "devices.md",
        "me.md",
    ] {
        scratch.write(
            &format!("spec/{name}"),
            std::fs::read(fixture.join(name)).unwrap(),
        );
    }
    let first = scratch.codegen(&[]);
    assert!(first.status.success(), "{}", first.stderr);
    std::fs::remove_file(scratch.path("spec/me.md")).unwrap();
    scratch.edit("spec/api.toml", "[routes.me]\nget = \"GET /me\"\n", "");

    run(
        &scratch,
        Expect::success(&["src/me.rs: removed", "1 removed"]),
    );
    assert!(!scratch.path("out/src/me.rs").exists());
}

#[test]
fn exports_are_not_written_through_a_link_and_synth_needs_an_empty_directory() {
    let scratch = Scratch::new("other-writes");
    symlink(
        scratch.path("outside/sentinel.txt"),
        scratch.path("openapi.json"),
    )
    .unwrap();
    scratch.write("synth/mine.md", "# Mine\n");
    let before = scratch.snapshot();
    let spec = workspace().join("spec");
    let export = scratch.path("openapi.json");
    let run = scratch.xtask([
        "openapi".as_ref(),
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        export.as_os_str(),
    ]);
    assert_clean(
        &scratch,
        &before,
        &run,
        &Expect::failure(&["openapi.json is a symbolic link"]),
    );

    let synth = scratch.path("synth");
    let run = scratch.xtask(["synth".as_ref(), "--out".as_ref(), synth.as_os_str()]);
    assert_clean(
        &scratch,
        &before,
        &run,
        &Expect::failure(&["synth is not empty; it has `mine.md`"]),
    );
}

/// Runs `codegen --ignore-previous` on the scene and checks it against
/// `expect`.
fn run_ignoring_previous(scratch: &Scratch, expect: Expect) {
    let before = scratch.snapshot();
    let run = scratch.codegen(&["--ignore-previous"]);
    assert_clean(scratch, &before, &run, &expect);
}

/// Two branches regenerated the crate and git merged their `api.json`s:
/// the run names the conflict and the way forward, which regenerates over
/// the files that carry the header and leaves the user's alone.
#[test]
fn an_api_json_in_merge_conflict_names_the_way_forward() {
    let scratch = scene("conflicted-record", |scratch| {
        scratch.edit(
            "out/api.json",
            "  \"files\": [",
            "<<<<<<< HEAD\n=======\n>>>>>>> other\n  \"files\": [",
        );
        change_the_docs(scratch);
    });
    run(
        &scratch,
        Expect::failure(&[
            "out/api.json holds a merge conflict (line 4): two branches regenerated the crate",
            "`cargo xtask codegen --ignore-previous`",
        ]),
    );
    run_ignoring_previous(
        &scratch,
        Expect::success(&["api.json: written", "src/org.rs: written"]),
    );
    // The record is whole again: a plain run reads it.
    run(&scratch, Expect::success(&["0 file(s) written"]));
}

/// `api.json` deleted: the run says the directory holds generated files
/// and how to generate over them.
#[test]
fn a_deleted_api_json_names_the_way_forward() {
    let scratch = scene("deleted-record", |scratch| {
        std::fs::remove_file(scratch.path("out/api.json")).unwrap();
    });
    run(
        &scratch,
        Expect::failure(&[
            "holds no previous generation",
            "if its api.json was deleted, run `cargo xtask codegen --ignore-previous`",
            // The first six files of the generation are named (`src/org.rs`
            // is among the rest since streams made `device` and `application`).
            "`src/lib.rs`",
            "and 2 more",
        ]),
    );
    run_ignoring_previous(
        &scratch,
        Expect::success(&["api.json: written", "1 file(s) written"]),
    );
}
