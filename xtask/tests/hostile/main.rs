//! The generator on hostile and unlucky input, run as a user runs it: the
//! built `xtask` binary in a scratch directory.
//!
//! Each case sets up a spec and an output directory holding a previous
//! generation (plus the user's own files), runs `codegen`, and checks its
//! exit status and the text of stderr (the `file:line` of the problem),
//! then the invariants every case shares ([`invariants::problems`]): a
//! failed run leaves everything byte-identical, nothing outside the output
//! directory and none of the user's files change, and no temporary or lock
//! file is left behind.
//!
//! Cases that are a spec directory are declarative
//! (`codegen/tests/hostile/<case>/`, run by [`cases`]); cases that need a
//! set-up a directory cannot hold (links, FIFOs, concurrent runs) are the
//! test functions of the other modules.
#![cfg(unix)]

mod cases;
mod concurrent;
mod input;
mod invariants;
mod output_tree;
mod scratch;
mod tree;
