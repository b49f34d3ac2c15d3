//! `api.json`: the typed IR beside the generated code, which the next run
//! compares the new docs with to report their changes, and the list of the
//! generation's files, which the next run may replace or remove.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::{EmitError, GeneratedFile, IR_FILE};
use crate::ir::Api;

/// The shape of the IR this generator writes. A file of another format
/// was written by another version of the generator: its file list is
/// still read, its IR is not compared.
///
/// Format 5 records the names lock: every place an inline type's name
/// stands for (`places`), a parameter enum's aliases and an action's
/// argument order. Format 4 is still read: what it lacks defaults, so its
/// lock keeps the names it records.
const FORMAT: u32 = 5;

/// The formats [`read_ir`] reads.
const READ: [u32; 2] = [4, FORMAT];

#[derive(Serialize, Deserialize)]
struct IrFile<A, F, R = IgnoredAny> {
    #[serde(rename = "@generated")]
    generated: String,
    /// Absent before the format had a number.
    #[serde(default)]
    format: u32,
    /// Every file of this generation, by its path in the crate: what the
    /// next run may replace or remove (if it still carries the header).
    /// Absent from the `api.json` of generators before the list.
    #[serde(default)]
    files: F,
    /// The runtime version the crate requires, for the change report.
    /// Absent from the `api.json` of generators before the requirement.
    #[serde(default)]
    runtime_version: R,
    api: A,
}

/// Why the IR of an `api.json` cannot be compared with.
#[derive(Debug, thiserror::Error)]
pub enum IrError {
    #[error("it is not the JSON `cargo xtask codegen` writes: {0}")]
    Unreadable(#[from] serde_json::Error),
    #[error(
        "it was written by another version of the generator (IR format {found}, this one writes {FORMAT})"
    )]
    OtherFormat { found: u32 },
}

pub(super) fn write(
    api: &Api,
    paths: &[&str],
    runtime_version: &str,
) -> Result<GeneratedFile, EmitError> {
    let file = IrFile {
        generated: "by `cargo xtask codegen`; do not edit by hand. The next run compares the docs with this to report their changes.".into(),
        format: FORMAT,
        files: paths,
        runtime_version,
        api,
    };
    Ok(GeneratedFile {
        path: IR_FILE.into(),
        contents: serde_json::to_string_pretty(&file)? + "\n",
    })
}

/// The IR in an `api.json` that [`emit`](crate::emit()) wrote.
pub fn read_ir(text: &str) -> Result<Api, IrError> {
    let head: IrFile<IgnoredAny, IgnoredAny> = serde_json::from_str(text)?;
    if !READ.contains(&head.format) {
        return Err(IrError::OtherFormat { found: head.format });
    }
    let file: IrFile<Api, IgnoredAny> = serde_json::from_str(text)?;
    Ok(file.api)
}

/// The files an `api.json` lists as its generation's, or `None` when it
/// was written before the list was; read from any format.
pub fn read_file_list(text: &str) -> Result<Option<Vec<String>>, serde_json::Error> {
    serde_json::from_str::<IrFile<IgnoredAny, Option<Vec<String>>>>(text).map(|f| f.files)
}

/// The runtime version an `api.json`'s crate requires, or `None` when it
/// was written before the requirement was; read from any format.
pub fn read_runtime_version(text: &str) -> Result<Option<String>, serde_json::Error> {
    serde_json::from_str::<IrFile<IgnoredAny, IgnoredAny, Option<String>>>(text)
        .map(|f| f.runtime_version)
}
