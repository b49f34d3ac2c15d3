//! Turns the Markdown reference docs of an API into a typed async Rust
//! client.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! 1. [`load()`]: the spec directory's files ([`source`]).
//! 2. [`parse`]: each action doc, the schema doc and the overlay, through
//!    [`markdown`] blocks, with locations.
//! 3. [`link`]: docs joined with the overlay's routes into the [`ir`].
//! 4. [`check`]: cross-checks over the linked IR.
//! 5. [`identifiers`]: every Rust identifier and file path, chosen once.
//! 6. [`resolve`]: JSON Schemas to Rust [`types`].
//! 7. [`emit`]: the IR to formatted Rust files.
//!
//! Every stage reports problems as [`Diagnostic`]s; a run with an error
//! produces no files.

pub mod changes;
pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod identifiers;
pub mod ir;
pub mod link;
pub mod load;
pub mod markdown;
pub mod naming;
pub mod openapi;
pub mod output;
pub mod parse;
pub mod resolve;
pub mod source;
pub mod types;

pub use diagnostic::{Diagnostic, Diagnostics, Lint, RenderOptions, Severity};
pub use emit::{GeneratedFile, Options};
pub use load::{FileError, LoadError, load};
pub use source::{Loc, SourceFile, Sources};

/// The schema doc's name prefix: `_schemas.md`. Other `*.md` files are
/// action docs.
const SCHEMA_DOC_PREFIX: char = '_';

/// Every file of the spec, parsed: what [`build_ir`] links.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub docs: Vec<parse::action_doc::ResourceDoc>,
    pub schemas: Vec<ir::Schema>,
    pub overlay: Option<parse::overlay::Overlay>,
}

/// Parses every file, by name so the output does not depend on the order
/// files were added.
pub fn parse_sources(sources: &Sources, diags: &mut Diagnostics) -> Parsed {
    let mut parsed = Parsed {
        docs: Vec::new(),
        schemas: Vec::new(),
        overlay: None,
    };
    let mut files: Vec<&SourceFile> = sources.iter().collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    for file in files {
        if &*file.name == parse::overlay::FILE_NAME {
            parsed.overlay = parse::overlay::parse(file, diags);
        } else if file.name.starts_with(SCHEMA_DOC_PREFIX) {
            parsed.schemas.extend(parse::schema_doc::parse(file, diags));
        } else {
            parsed.docs.push(parse::action_doc::parse(file, diags));
        }
    }
    parsed
}

/// Links the parsed docs with the overlay, checks them and names what the
/// generated code declares: the IR before types are resolved.
pub fn link_and_check(parsed: Parsed, diags: &mut Diagnostics) -> Option<ir::Api> {
    let mut api = link::link(parsed.docs, parsed.schemas, parsed.overlay?, diags);
    check::check(&api, diags);
    identifiers::assign(&mut api);
    Some(api)
}

/// Parses, links, checks and types the spec. Returns the IR when there was
/// no error, and every diagnostic either way.
///
/// The overlay's `[lints]` table is applied to the diagnostics: allowed
/// warnings are left out (and counted), denied ones are errors.
pub fn build_ir(sources: &Sources) -> (Option<ir::Api>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let parsed = parse_sources(sources, &mut diags);
    let lints = parsed
        .overlay
        .as_ref()
        .map(|o| o.lints.clone())
        .unwrap_or_default();
    let mut api = link_and_check(parsed, &mut diags);
    if let Some(api) = api.as_mut().filter(|_| !diags.has_errors()) {
        resolve::resolve(api, sources, &mut diags);
    }
    let diags = lints.apply(diags);
    let api = api.filter(|_| !diags.has_errors());
    (api, diags)
}

/// What a successful run produces.
#[derive(Debug)]
pub struct Generated {
    /// The IR the files were emitted from.
    pub api: ir::Api,
    /// The files of the generated crate.
    pub files: Vec<GeneratedFile>,
    pub warnings: Diagnostics,
}

/// The whole pipeline: the generated crate's files, or the diagnostics
/// that stopped it. Warnings come back with the files.
pub fn generate(sources: &Sources, options: &Options) -> Result<Generated, Diagnostics> {
    let (api, mut diags) = build_ir(sources);
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
                Diagnostic::error(&loc, internal)
                    .help("this is a bug in the generator; please report it"),
            );
            Err(diags)
        }
    }
}
