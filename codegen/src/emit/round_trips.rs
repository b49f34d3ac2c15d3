//! `tests/examples.rs`: a test per documented example that its type reads
//! back as written ([`crate::examples`]), so the crate's own tests show
//! that its types keep what the docs show, and a docs change brings its
//! tests along; each in the builds that have its type. No file when the
//! docs have no such example.

use quote::quote;

use super::{EmitError, Features, GeneratedFile, RustFile, Spelling, docs, ident, type_tokens};
use crate::examples::{self, Example, Of};
use crate::ir::Api;
use crate::naming::{self, Case};

/// The file's path in the generated crate.
const PATH: &str = "tests/examples.rs";

/// Names the tests cannot take: the harness's entry point and the imports.
const RESERVED: &[&str] = &["main", "models", "assert_round_trip"];

pub(super) fn emit(api: &Api, features: &Features) -> Result<Option<GeneratedFile>, EmitError> {
    let examples = examples::round_tripping(api);
    if examples.is_empty() {
        return Ok(None);
    }
    let krate = ident(&api.meta.crate_ident());
    let doc = docs::inner(
        "Every example of the docs that is JSON of a generated type, decoded\n\
         into that type and encoded again: it must come back as written\n\
         (numbers compared by value). Examples that contradict their schema\n\
         are left out, with a warning of `cargo xtask codegen`.",
    );
    let mut file = RustFile::new(PATH);
    file.push(quote! {
        #doc
        // Formatted by the generator (prettyplease), not by rustfmt.
        #![cfg_attr(rustfmt, rustfmt::skip)]
    })?;
    // The imports, in the builds of any test.
    let mut any = features.type_ref(examples[0].ty).clone();
    for example in &examples[1..] {
        any.union(features.type_ref(example.ty));
    }
    file.push_gated(
        quote! {
            use ::#krate::models;
            use ::mdsdk_runtime::assert_round_trip;
        },
        &any,
        features,
    )?;
    let here = Spelling::outside_models();
    let mut names = naming::Scope::new(Case::Snake, RESERVED);
    let mut sources: Vec<&str> = Vec::new();
    for example in &examples {
        let loc = example.of.loc();
        if !sources.contains(&&*loc.file) {
            sources.push(&loc.file);
        }
        let name = ident(&names.claim(&naming::snake(&test_name(example))));
        let what = example.of.describe();
        let doc = docs::outer(&format!(
            "{}{} ({}:{}).",
            what[..1].to_ascii_uppercase(),
            &what[1..],
            loc.file,
            loc.line
        ));
        let ty = type_tokens(example.ty, &here);
        let json = docs::raw_literal(example.json.trim());
        let test = quote! {
            #doc
            #[test]
            fn #name() {
                let json = #json;
                assert_round_trip::<#ty>(json);
            }
        };
        file.push_gated(test, features.type_ref(example.ty), features)?;
    }
    Ok(Some(file.finish(&sources)))
}

/// `widget` for a schema's example, `widgets_patch_widget` for a
/// parameter's.
fn test_name(example: &Example) -> String {
    match &example.of {
        Of::Schema(schema) => schema.ident.clone(),
        Of::Param {
            resource,
            action,
            param,
        } => format!(
            "{}_{}_{}",
            resource.idents.module,
            naming::unraw(&action.idents.method),
            naming::unraw(&param.ident)
        ),
    }
}
