//! Turns the Markdown reference docs of an API into a typed async Rust
//! client.
//!
//! The pipeline reads top to bottom, a stage a module, each a function with
//! its own input and output types:
//!
//! 1. [`load()`]: the spec directory's files, as [`Sources`].
//! 2. [`parse()`]: each action doc, the schema doc and the overlay, through
//!    Markdown blocks, with locations, the schemas' JSON repaired once
//!    (`normalize`): [`Parsed`].
//! 3. [`link()`]: the docs joined with the overlay's routes, each schema link
//!    resolved to its schema's handle, then cross-checked: an
//!    [`ir::Api<Linked>`](ir::Linked).
//! 4. [`name()`]: every Rust identifier and file path, chosen once, each
//!    name the previous generation gave an item kept ([`Lock`]): [`Names`].
//! 5. [`resolve()`]: the JSON Schemas to Rust types, written onto each
//!    schema, parameter and response: the typed [`ir::Api`]; then the
//!    docs' examples checked against those types (`examples`).
//! 6. [`emit()`]: the typed IR to formatted Rust files.
//!
//! [`build_ir`] runs stages 2 to 5 and [`generate`] all of them. Every stage
//! reports problems as [`Diagnostic`]s; a run with an error produces no
//! files. Around the pipeline: [`changes`] compares two IRs for the change
//! report, [`openapi`] exports the IR, [`output`] writes the files.

pub mod changes;
mod check;
mod diagnostic;
mod emit;
mod examples;
mod identifiers;
pub mod ir;
mod limits;
mod link;
mod load;
mod markdown;
mod naming;
mod normalize;
pub mod openapi;
pub mod output;
mod parse;
mod resolve;
pub mod routes;
mod source;
pub mod types;

pub use diagnostic::{Diagnostic, Diagnostics, Lint, RenderOptions, Severity};
pub use emit::{
    EmitError, FeatureError, GeneratedFile, IR_FILE, IrError, ManifestError, Options,
    check_features, package_version, read_ir, read_runtime_version,
};
pub use identifiers::{Lock, Names};
pub use load::{FileError, LoadError, load};
pub use parse::overlay::FILE_NAME as OVERLAY_FILE;
pub use source::{Loc, SourceFile, Sources};

use ir::{Api, Linked};

/// The runtime crate the generated code calls, as its Cargo.toml names it.
pub const RUNTIME_CRATE: &str = "mdsdk-runtime";

/// The schema doc's name prefix: `_schemas.md`. Other `*.md` files are
/// action docs, `*.json` files schema files.
const SCHEMA_DOC_PREFIX: char = '_';

/// Every file of the spec, parsed: what [`link()`] joins.
#[derive(Debug, Clone)]
pub struct Parsed {
    docs: Vec<parse::action_doc::ResourceDoc>,
    schemas: Vec<ir::Schema<Linked>>,
    overlay: Option<parse::overlay::Overlay>,
}

/// Stage 2: parses every file, by name so the output does not depend on
/// the order files were added.
pub fn parse(sources: &Sources, diags: &mut Diagnostics) -> Parsed {
    let mut parsed = Parsed {
        docs: Vec::new(),
        schemas: Vec::new(),
        overlay: None,
    };
    let mut files: Vec<&SourceFile> = sources.iter().collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut schema_files = Vec::new();
    for file in files {
        let base = file.name.rsplit('/').next().unwrap_or(&file.name);
        if &*file.name == parse::overlay::FILE_NAME {
            parsed.overlay = parse::overlay::parse(file, diags);
        } else if base.ends_with(".json") {
            schema_files.push(file);
        } else if base.starts_with(SCHEMA_DOC_PREFIX) {
            parsed.schemas.extend(parse::schema_doc::parse(file, diags));
        } else {
            parsed.docs.push(parse::action_doc::parse(file, diags));
        }
    }
    let titles = link_titles(&parsed.docs);
    for file in schema_files {
        let title = titles.get(&*file.name).map(String::as_str);
        if let Some(schema) = parse::schema_file::parse(file, title, diags) {
            add_schema_file(&mut parsed.schemas, schema);
        }
    }
    // Each schema's JSON repaired once, in the file it came from.
    for schema in &mut parsed.schemas {
        if !parse::schema_doc::require_json(schema, diags) || schema.json.is_null() {
            continue;
        }
        if let Some(file) = sources.get(&schema.block.file) {
            normalize::schemas(std::slice::from_mut(schema), file, diags);
        }
    }
    parsed
}

/// The title of each schema file the docs link to: the text of its first
/// link, in doc order.
fn link_titles(docs: &[parse::action_doc::ResourceDoc]) -> std::collections::HashMap<&str, String> {
    let mut titles = std::collections::HashMap::new();
    let links = docs.iter().flat_map(|doc| &doc.actions).flat_map(|action| {
        let params = action.params.iter().filter_map(|p| match &p.ty {
            ir::ParamType::Schema(link) => Some(link),
            _ => None,
        });
        let responses = action
            .success
            .iter()
            .chain(&action.errors)
            .filter_map(|r| r.schema.as_ref());
        params.chain(responses)
    });
    for link in links {
        if let Some(Ok(file)) = &link.file {
            titles
                .entry(file.as_str())
                .or_insert_with(|| link.title.clone());
        }
    }
    titles
}

/// Adds a schema file's schema. Where the schema doc has a section of the
/// same title (the vendor ships both), the file's JSON is the schema, under
/// the section's anchor, and the section gives what the file lacks (a
/// description, the example). Else the anchor is made from the title, and
/// from the file's name too when another schema has that one (titles that
/// differ only in punctuation).
fn add_schema_file(schemas: &mut Vec<ir::Schema<Linked>>, mut schema: ir::Schema<Linked>) {
    let section = schemas
        .iter_mut()
        .find(|s| s.title == schema.title && !s.loc.file.ends_with(".json"));
    match section {
        Some(documented) => {
            if schema.description.is_empty() {
                schema.description = std::mem::take(&mut documented.description);
            }
            schema.anchor = std::mem::take(&mut documented.anchor);
            schema.example = documented.example.take();
            schema.example_block = documented.example_block.clone();
            *documented = schema;
        }
        None => {
            if schemas.iter().any(|s| s.anchor == schema.anchor) {
                let stem = parse::schema_file::stem(&schema.loc.file);
                schema.anchor = format!("{}-{}", schema.anchor, naming::anchor(stem));
            }
            schemas.push(schema);
        }
    }
}

/// Stage 3: links the parsed docs with the overlay and checks them; `None`
/// without an overlay to link with.
pub fn link(parsed: Parsed, diags: &mut Diagnostics) -> Option<Api<Linked>> {
    let api = link::link(parsed.docs, parsed.schemas, parsed.overlay?, diags);
    check::check(&api, diags);
    Some(api)
}

/// Stage 4: the names of everything the generated code declares, keeping
/// those `lock` has for the same items.
pub fn name(api: &Api<Linked>, lock: &Lock) -> Names {
    identifiers::assign(api, lock)
}

/// Stage 5: the Rust types of the schemas, and of every parameter and
/// response, the inline types named (keeping the names `lock` has);
/// `sources` locate the diagnostics about sub-schemas.
pub fn resolve(
    api: Api<Linked>,
    names: Names,
    lock: &Lock,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Api {
    resolve::resolve(api, names, lock, sources, diags)
}

/// Stage 6: the files of the generated crate.
pub fn emit(api: &Api, options: &Options) -> Result<Vec<GeneratedFile>, EmitError> {
    emit::emit(api, options)
}

/// Parses, links, checks, names and types the spec. Returns the IR when
/// there was no error, and every diagnostic either way.
///
/// The overlay's `[lints]` table is applied to the diagnostics: allowed
/// warnings are left out (and counted), denied ones are errors.
pub fn build_ir(sources: &Sources) -> (Option<Api>, Diagnostics) {
    build_ir_keeping(sources, &Lock::default())
}

/// [`build_ir`], keeping every name `lock` (the previous generation's)
/// has for an item that still exists.
pub fn build_ir_keeping(sources: &Sources, lock: &Lock) -> (Option<Api>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let parsed = parse(sources, &mut diags);
    let lints = parsed
        .overlay
        .as_ref()
        .map(|o| o.lints.clone())
        .unwrap_or_default();
    let api = link(parsed, &mut diags)
        .filter(|_| !diags.has_errors())
        .map(|linked| {
            let names = name(&linked, lock);
            let api = resolve(linked, names, lock, sources, &mut diags);
            examples::check(&api, sources, &mut diags);
            api
        });
    let diags = lints.apply(diags);
    let api = api.filter(|_| !diags.has_errors());
    (api, diags)
}

/// What a successful run produces.
#[derive(Debug)]
pub struct Generated {
    /// The IR the files were emitted from.
    pub api: Api,
    /// The files of the generated crate.
    pub files: Vec<GeneratedFile>,
    pub warnings: Diagnostics,
}

/// The whole pipeline: the generated crate's files, or the diagnostics
/// that stopped it. Warnings come back with the files.
pub fn generate(sources: &Sources, options: &Options) -> Result<Generated, Diagnostics> {
    let (api, mut diags) = build_ir_keeping(sources, &options.lock);
    let Some(api) = api else { return Err(diags) };
    match emit::emit(&api, options) {
        Ok(files) => Ok(Generated {
            api,
            files,
            warnings: diags,
        }),
        Err(internal) => {
            let loc = Loc {
                file: parse::overlay::FILE_NAME.into(),
                ..Loc::default()
            };
            diags.push(
                Diagnostic::error(&loc, internal.to_string())
                    .help("this is a bug in the generator; please report it"),
            );
            Err(diags)
        }
    }
}
