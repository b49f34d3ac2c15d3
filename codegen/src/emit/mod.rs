//! IR to Rust source: the files of the generated crate.
//!
//! Code is built as token streams with `quote!` and printed by prettyplease,
//! so the output is formatted and byte-for-byte deterministic. Generated
//! code is thin: one method, one `const` endpoint and one macro-declared
//! request type per action, over the hand-written `mdsdk-runtime` crate.

mod cargo_toml;
mod crate_root;
mod docs;
mod example;
mod features;
mod field;
mod ir_file;
mod mock;
mod models;
mod params;
mod readme;
mod resource;
mod round_trips;
mod showcase;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::Api;
use crate::types::TypeRef;
use features::{Features, Gate};

pub use cargo_toml::{ManifestError, package_version};
pub use features::check::{FeatureError, check_features};
pub use ir_file::{IrError, read_file_list, read_ir, read_runtime_version};

/// One file of the generated crate, its path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// What the emitter needs besides the IR. Made by [`Options::new`], so
/// that a field added later breaks no caller.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The path from the generated crate to `mdsdk-runtime`, for its
    /// Cargo.toml.
    pub runtime_path: String,
    /// The version of that runtime (`0.1.0`): the generated crate requires
    /// at least it, from crates.io once published.
    pub runtime_version: String,
    /// Format the models (half the work on large docs) on a thread of
    /// their own while the other files are made. The files are the same
    /// either way; it pays where there is a second core.
    pub parallel: bool,
    /// The previous generation's names, kept for the items that still
    /// exist (empty: every name derived from the docs).
    pub lock: crate::Lock,
}

impl Options {
    /// The options of a crate whose runtime is at `runtime_path` (from the
    /// crate's directory) in version `runtime_version`; the models made on
    /// a second thread where the machine has a second core.
    pub fn new(runtime_path: impl Into<String>, runtime_version: impl Into<String>) -> Options {
        Options {
            runtime_path: runtime_path.into(),
            runtime_version: runtime_version.into(),
            parallel: std::thread::available_parallelism().is_ok_and(|n| n.get() > 1),
            lock: crate::Lock::default(),
        }
    }

    /// Keep the names of `lock` (read from the previous generation's
    /// `api.json`) for the items that still exist.
    pub fn keeping(mut self, lock: crate::Lock) -> Options {
        self.lock = lock;
        self
    }

    /// Whether the models are made on a thread of their own.
    pub fn parallel(mut self, parallel: bool) -> Options {
        self.parallel = parallel;
        self
    }
}

/// The name of the serialized IR beside the generated code: what the next
/// run compares the new docs with to report their changes.
pub const IR_FILE: &str = "api.json";

/// The generated crate's README, which is also its crate doc.
const README: &str = "README.md";

/// A generated file that does not come out right: a bug in the generator.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("internal error: the code generated for {path} does not parse: {error}")]
    Unparsable { path: String, error: syn::Error },
    #[error("internal error: two generated files have the path {0}")]
    SamePath(String),
    #[error("internal error: the IR does not serialize: {0}")]
    Ir(#[from] serde_json::Error),
}

pub fn emit(api: &Api, options: &Options) -> Result<Vec<GeneratedFile>, EmitError> {
    let features = &Features::of(api);
    let (models, others) = if options.parallel {
        std::thread::scope(|scope| {
            let models = scope.spawn(|| models_file(api, features));
            let others = other_files(api, options, features);
            let models = models
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (models, others)
        })
    } else {
        (
            models_file(api, features),
            other_files(api, options, features),
        )
    };
    let mut files = others?;
    files.push(models?);
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    paths.push(IR_FILE);
    paths.sort_unstable();
    let ir = ir_file::write(api, &paths, &options.runtime_version)?;
    files.push(ir);
    // In path order, as the IR lists them and the writer reports them.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    distinct_paths(&files)?;
    Ok(files)
}

fn models_file(api: &Api, features: &Features) -> Result<GeneratedFile, EmitError> {
    let mut models = RustFile::new("src/models.rs");
    models::emit(api, features, &mut models)?;
    Ok(models.finish(&schema_files(api)))
}

/// Every file but the models and the IR.
fn other_files(
    api: &Api,
    options: &Options,
    features: &Features,
) -> Result<Vec<GeneratedFile>, EmitError> {
    let showcase = showcase::Showcase::pick(api);
    let mut lib = RustFile::new("src/lib.rs");
    lib.push(crate_root::emit(api, features, showcase.as_ref()))?;
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".into(),
            contents: cargo_toml::emit(api, options, features),
        },
        lib.finish(&[crate::parse::overlay::FILE_NAME]),
    ];
    if !api.enums.is_empty() {
        let mut params = RustFile::new("src/params.rs");
        params::emit(api, features, &mut params)?;
        files.push(params.finish(&enum_files(api)));
    }
    for resource in &api.resources {
        let mut file = RustFile::new(&format!("src/{}.rs", resource.idents.module));
        file.push(resource::emit(api, resource))?;
        // A resource only the overlay declares (its streams) came from it alone.
        let overlay = crate::parse::overlay::FILE_NAME;
        let sources: &[&str] = if &*resource.loc.file == overlay {
            &[overlay]
        } else {
            &[&resource.loc.file, overlay]
        };
        files.push(file.finish(sources));
    }
    let mut mock = RustFile::new("src/mock.rs");
    mock.push(mock::emit(api, features, showcase.as_ref()))?;
    files.push(mock.finish(&action_files(api)));
    let mut readme_sources = action_files(api);
    readme_sources.extend(schema_files(api));
    files.push(GeneratedFile {
        path: README.into(),
        contents: markdown_header(&readme_sources) + &readme::emit(api, showcase.as_ref()),
    });
    files.extend(round_trips::emit(api, features)?);
    Ok(files)
}

/// The naming pass gives each module its own name, so no two files share
/// a path; this makes sure of it (compared as a case-insensitive file
/// system would).
fn distinct_paths(files: &[GeneratedFile]) -> Result<(), EmitError> {
    let mut seen = std::collections::HashSet::new();
    for file in files {
        if !seen.insert(file.path.to_ascii_lowercase()) {
            return Err(EmitError::SamePath(file.path.clone()));
        }
    }
    Ok(())
}

/// The action docs that list the parameter enums' values.
fn enum_files(api: &Api) -> Vec<&str> {
    let mut files: Vec<&str> = api
        .resources
        .iter()
        .filter(|r| {
            api.enums
                .iter()
                .any(|e| e.uses.iter().any(|u| u.resource == r.accessor))
        })
        .map(|r| &*r.loc.file)
        .collect();
    files.dedup();
    files
}

/// The action docs, and the overlay that routes their actions.
fn action_files(api: &Api) -> Vec<&str> {
    let overlay = crate::parse::overlay::FILE_NAME;
    // A resource only the overlay declares (its streams) has no doc.
    let mut files: Vec<&str> = (api.resources.iter())
        .map(|r| &*r.loc.file)
        .filter(|file| *file != overlay)
        .collect();
    files.dedup();
    files.push(overlay);
    files
}

fn schema_files(api: &Api) -> Vec<&str> {
    let mut files: Vec<&str> = api.schemas.iter().map(|s| &*s.loc.file).collect();
    files.dedup();
    files
}

/// A Rust file, formatted piece by piece as its items are made.
///
/// Each piece is parsed and printed on its own and its tokens dropped, so
/// the largest token buffer alive is one type's, not the whole models
/// file's: on docs of the full API's size that is most of the memory the
/// generator used, and of its time (the kernel zeroing fresh pages).
/// prettyplease prints each item on its own lines, so the text is the same
/// as printing the file whole.
struct RustFile {
    path: String,
    code: String,
}

impl RustFile {
    fn new(path: &str) -> RustFile {
        RustFile {
            path: path.to_owned(),
            code: String::new(),
        }
    }

    /// Formats `tokens` (items, and inner attributes at the start of the
    /// file) and appends them.
    fn push(&mut self, tokens: TokenStream) -> Result<(), EmitError> {
        let text = self.format(tokens)?;
        self.code.push_str(&text);
        Ok(())
    }

    /// Formats `tokens` (items) and appends them, each item compiled only
    /// in the builds of `gate`: its `#[cfg]` after its docs, and the
    /// docs.rs note for those rustdoc shows (public ones).
    fn push_gated(
        &mut self,
        tokens: TokenStream,
        gate: &Gate,
        features: &Features,
    ) -> Result<(), EmitError> {
        let Some(predicate) = features.predicate(gate) else {
            return self.push(tokens);
        };
        let mut file = self.parse(tokens)?;
        let cfg = || -> syn::Attribute { syn::parse_quote!(#[cfg(#predicate)]) };
        let shown =
            || -> syn::Attribute { syn::parse_quote!(#[cfg_attr(docsrs, doc(cfg(#predicate)))]) };
        for item in &mut file.items {
            let (attrs, public) = match item {
                syn::Item::Struct(i) => (&mut i.attrs, is_pub(&i.vis)),
                syn::Item::Enum(i) => (&mut i.attrs, is_pub(&i.vis)),
                syn::Item::Type(i) => (&mut i.attrs, is_pub(&i.vis)),
                syn::Item::Fn(i) => (&mut i.attrs, is_pub(&i.vis)),
                syn::Item::Mod(i) => (&mut i.attrs, is_pub(&i.vis)),
                syn::Item::Const(i) => (&mut i.attrs, is_pub(&i.vis)),
                syn::Item::Use(i) => (&mut i.attrs, false),
                syn::Item::Impl(i) => (&mut i.attrs, false),
                syn::Item::Macro(i) => (&mut i.attrs, false),
                _ => unreachable!("the generator gates no other kind of item"),
            };
            let at = attrs
                .iter()
                .take_while(|a| a.path().is_ident("doc"))
                .count();
            let gates = std::iter::once(cfg()).chain(public.then(shown));
            attrs.splice(at..at, gates);
        }
        self.code.push_str(&prettyplease::unparse(&file));
        Ok(())
    }

    /// Formats `tokens` and puts them at byte `at` of the code so far.
    fn insert(&mut self, at: usize, tokens: TokenStream) -> Result<(), EmitError> {
        let text = self.format(tokens)?;
        self.code.insert_str(at, &text);
        Ok(())
    }

    fn len(&self) -> usize {
        self.code.len()
    }

    fn format(&self, tokens: TokenStream) -> Result<String, EmitError> {
        Ok(prettyplease::unparse(&self.parse(tokens)?))
    }

    fn parse(&self, tokens: TokenStream) -> Result<syn::File, EmitError> {
        syn::parse2(tokens).map_err(|error| EmitError::Unparsable {
            path: self.path.clone(),
            error,
        })
    }

    /// The file, with blank lines between items and the `@generated`
    /// header naming the docs it came from.
    fn finish(self, sources: &[&str]) -> GeneratedFile {
        let mut contents = header("//", sources);
        space_items(&self.code, &mut contents);
        GeneratedFile {
            contents,
            path: self.path,
        }
    }
}

/// Whether an item is public, so rustdoc shows it.
fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The first lines of every generated file: what made it, from what, and
/// that it is not to be edited.
fn header(comment: &str, sources: &[&str]) -> String {
    let from = if sources.is_empty() {
        String::new()
    } else {
        format!(" from {}", sources.join(", "))
    };
    format!(
        "{comment} @generated {GENERATED_BY}{from}.\n\
         {comment} Do not edit by hand: change the docs in the spec directory and rerun it.\n\n"
    )
}

/// [`header`] in Markdown: HTML comments, which crates.io, repositories
/// and rustdoc do not show.
fn markdown_header(sources: &[&str]) -> String {
    let lines = header("", sources);
    let lines = lines.lines().map(|line| match line {
        "" => "\n".to_owned(),
        line => format!("<!--{line} -->\n"),
    });
    lines.collect()
}

/// An identifier from a name the naming module made (maybe `r#type`).
fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// Names a model type could take that would shadow what generated code
/// spells by its short name.
const SHADOWABLE: &[&str] = &[
    "String",
    "Option",
    "Vec",
    "Box",
    "Value",
    "Map",
    "BTreeMap",
    "Serialize",
    "Deserialize",
    "Some",
    "None",
    "Nullable",
];

/// How one module of the generated crate spells types: short names where
/// nothing can shadow them (readable, and fewer tokens to format and
/// compile), full paths where a model type could.
pub(crate) struct Spelling {
    /// The path to the models module from here: `models::`, or nothing
    /// inside it.
    models: TokenStream,
    /// `String`, `Option`, `Vec` and `Box` by their prelude names.
    prelude: bool,
    /// `Value`, `Map`, `BTreeMap`, `Serialize`, `Deserialize` and
    /// `Nullable` as the module imports them; which of those were used, and
    /// in which builds (those of the items that used each), for the
    /// imports.
    imports: Option<std::cell::RefCell<std::collections::BTreeMap<&'static str, Gate>>>,
    /// The imports the item being made has used so far, a bit each (by
    /// their place in [`IMPORTS`]).
    used: std::cell::Cell<u8>,
    /// The tokens of each type spelled so far, and the imports they use: a
    /// few dozen types make up the fields of hundreds of structs.
    spelled: std::cell::RefCell<rustc_hash::FxHashMap<TypeRef, (TokenStream, u8)>>,
}

/// What a module spelling by [`Spelling::imported`] may import.
const IMPORTS: [&str; 6] = [
    "BTreeMap",
    "Nullable",
    "Deserialize",
    "Serialize",
    "Map",
    "Value",
];

impl Spelling {
    /// Inside `models.rs`, whose own type names may shadow.
    fn models(api: &Api) -> Spelling {
        let short = !api
            .types
            .iter()
            .any(|t| SHADOWABLE.contains(&t.name.as_str()));
        Spelling {
            models: TokenStream::new(),
            prelude: short,
            imports: short.then(Default::default),
            used: Default::default(),
            spelled: Default::default(),
        }
    }

    /// In a module that names models as `models::X`.
    fn outside_models() -> Spelling {
        Spelling {
            models: quote!(models::),
            prelude: true,
            imports: None,
            used: Default::default(),
            spelled: Default::default(),
        }
    }

    /// A path the module imports when it can: `Value` or `::serde_json::Value`.
    fn imported(&self, name: &'static str, full: impl FnOnce() -> TokenStream) -> TokenStream {
        if self.imports.is_none() {
            return full();
        }
        if let Some(bit) = IMPORTS.iter().position(|n| *n == name) {
            self.used.set(self.used.get() | 1 << bit);
        }
        let name = format_ident!("{}", name);
        quote!(#name)
    }

    /// `make`'s item, compiled in the builds of `gate`: the imports it
    /// uses are needed in those.
    fn item<T>(&self, gate: &Gate, make: impl FnOnce() -> T) -> T {
        self.used.set(0);
        let item = make();
        if let Some(imports) = &self.imports {
            let mut imports = imports.borrow_mut();
            let used = self.used.get();
            for (bit, name) in IMPORTS.iter().enumerate() {
                if used & 1 << bit != 0 {
                    match imports.get_mut(name) {
                        Some(needed) => needed.union(gate),
                        None => {
                            imports.insert(name, gate.clone());
                        }
                    }
                }
            }
        }
        item
    }

    /// The `use` items for what [`Spelling::imported`] handed out, each
    /// compiled in the builds of the items that use it.
    fn use_items(&self, features: &Features) -> TokenStream {
        let Some(used) = &self.imports else {
            return TokenStream::new();
        };
        let used = used.borrow();
        // The names of one path in one `use` where the same builds need
        // them.
        let group = |path: TokenStream, names: &[&str], braces: bool| {
            let mut groups: Vec<(&Gate, Vec<proc_macro2::Ident>)> = Vec::new();
            for name in names {
                let Some(gate) = used.get(name) else { continue };
                let name = format_ident!("{}", name);
                match groups.iter_mut().find(|(g, _)| *g == gate) {
                    Some((_, names)) => names.push(name),
                    None => groups.push((gate, vec![name])),
                }
            }
            let items = groups.into_iter().map(|(gate, names)| {
                let cfg = features.cfg(gate);
                if braces {
                    quote!(#cfg use #path::{#(#names),*};)
                } else {
                    quote!(#cfg use #path::#(#names)*;)
                }
            });
            items.collect::<TokenStream>()
        };
        let map = group(quote!(::std::collections), &["BTreeMap"], false);
        let nullable = group(quote!(::mdsdk_runtime), &["Nullable"], false);
        let serde = group(quote!(::serde), &["Deserialize", "Serialize"], true);
        let json = group(quote!(::serde_json), &["Map", "Value"], true);
        quote!(#map #nullable #serde #json)
    }

    fn prelude(
        &self,
        short: impl FnOnce() -> TokenStream,
        full: impl FnOnce() -> TokenStream,
    ) -> TokenStream {
        if self.prelude { short() } else { full() }
    }

    /// `Option<inner>`.
    fn option(&self, inner: TokenStream) -> TokenStream {
        let option = self.prelude(|| quote!(Option), || quote!(::std::option::Option));
        quote!(#option<#inner>)
    }
}

/// A type as the module of `scope` spells it.
fn type_tokens(ty: &TypeRef, scope: &Spelling) -> TokenStream {
    if let Some((tokens, used)) = scope.spelled.borrow().get(ty) {
        scope.used.set(scope.used.get() | used);
        return tokens.clone();
    }
    // The imports of this type alone, then added to the item's.
    let item = scope.used.replace(0);
    let tokens = spell(ty, scope);
    let used = scope.used.get();
    scope.used.set(item | used);
    scope
        .spelled
        .borrow_mut()
        .insert(ty.clone(), (tokens.clone(), used));
    tokens
}

fn spell(ty: &TypeRef, scope: &Spelling) -> TokenStream {
    match ty {
        TypeRef::String => scope.prelude(|| quote!(String), || quote!(::std::string::String)),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Value => scope.imported("Value", || quote!(::serde_json::Value)),
        TypeRef::Unit => quote!(()),
        TypeRef::Vec(item) => {
            let item = type_tokens(item, scope);
            let vec = scope.prelude(|| quote!(Vec), || quote!(::std::vec::Vec));
            quote!(#vec<#item>)
        }
        TypeRef::Map(value) if **value == TypeRef::Value => {
            let map = scope.imported("Map", || quote!(::serde_json::Map));
            let string = type_tokens(&TypeRef::String, scope);
            let value = type_tokens(value, scope);
            quote!(#map<#string, #value>)
        }
        TypeRef::Map(value) => {
            let map = scope.imported("BTreeMap", || quote!(::std::collections::BTreeMap));
            let string = type_tokens(&TypeRef::String, scope);
            let value = type_tokens(value, scope);
            quote!(#map<#string, #value>)
        }
        TypeRef::Option(inner) => scope.option(type_tokens(inner, scope)),
        TypeRef::Box(inner) => {
            let inner = type_tokens(inner, scope);
            let boxed = scope.prelude(|| quote!(Box), || quote!(::std::boxed::Box));
            quote!(#boxed<#inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            let models = &scope.models;
            quote!(#models #name)
        }
    }
}

/// A blank line between items, which prettyplease does not print: the
/// generated files are read in review, item by item.
fn space_items(code: &str, out: &mut String) {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(crate) ",
        "impl",
        "fn ",
        "const ",
        "type ",
        "struct ",
        "enum ",
        "mod ",
        "::",
    ];
    out.reserve(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    for line in code.lines() {
        let text = line.trim_start();
        if let Some(prev) = previous {
            let indent = line.len() - text.len();
            let prev_text = prev.trim_start();
            let same_level = prev.len() - prev_text.len() == indent;
            let after_item = !prev_text.starts_with("//")
                && (prev_text == "}" || prev_text.ends_with(';') || prev_text.starts_with("#!["));
            let after_docs = prev_text.starts_with("//!") && !text.starts_with("//!");
            let starts_item = ITEM_STARTS.iter().any(|s| text.starts_with(s));
            let grouped = prev_text.ends_with(';')
                && text.starts_with("pub mod ")
                && prev_text.starts_with("pub mod ");
            if (same_level && after_item && starts_item && !grouped) || after_docs {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
}

/// Whether a file's first lines carry the header every generated file
/// has (in `api.json`, its `@generated` key): a file that lost it was
/// taken over by hand, and the generator leaves it alone.
pub fn is_generated(contents: &[u8]) -> bool {
    contents
        .split(|&b| b == b'\n')
        .take(2)
        .map(String::from_utf8_lossy)
        .any(|line| line.contains("@generated") && line.contains(GENERATED_BY))
}

/// What the header of every generated file says made it.
const GENERATED_BY: &str = "by `cargo xtask codegen`";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_files_on_one_path_are_an_internal_error() {
        let file = |path: &str| GeneratedFile {
            path: path.into(),
            contents: String::new(),
        };
        assert!(distinct_paths(&[file("src/lib.rs"), file("src/org.rs")]).is_ok());
        let error = distinct_paths(&[file("src/org.rs"), file("src/Org.rs")]).unwrap_err();
        assert!(error.to_string().contains("src/Org.rs"), "{error}");
    }
}
