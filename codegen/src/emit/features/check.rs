//! The generator's check of its own gating: the files it made, read back,
//! against the resources that reach each item, found here from the IR
//! on their own (a walk per resource, not the emitter's graph).
//!
//! Each item's `#[cfg]` is evaluated in the builds that matter: with no
//! resource, with each resource alone, and with `full`, each build's
//! features as the generated `Cargo.toml` turns them on. An item must be
//! compiled in every build that has a resource reaching it, with `full`,
//! and in every build if the client names it or every resource reaches
//! it; and in no other of those builds (so that a build of a few
//! resources compiles no more than they need). A public item with a
//! `#[cfg]` must have the docs.rs note of the same predicate.

use std::collections::{BTreeSet, HashMap, HashSet};

use quote::ToTokens;
use syn::punctuated::Punctuated;

use super::{FULL, OTHERS};
use crate::emit::GeneratedFile;
use crate::ir::{Action, Api, ArgType};
use crate::types::{TypeDef, TypeKind, TypeRef};

/// What the check found wrong, a line each.
#[derive(Debug, thiserror::Error)]
#[error("the resource features of the generated crate are wrong:\n{}", .0.join("\n"))]
pub struct FeatureError(pub Vec<String>);

/// Checks the resource features of `files`, generated from `api`.
pub fn check_features(api: &Api, files: &[GeneratedFile]) -> Result<(), FeatureError> {
    let mut problems = Vec::new();
    let file = |path: &str| files.iter().find(|f| f.path == path);
    let Some(manifest) = file("Cargo.toml") else {
        return Err(FeatureError(vec!["there is no Cargo.toml".into()]));
    };
    let builds = match Builds::of(api, &manifest.contents) {
        Ok(builds) => builds,
        Err(problem) => return Err(FeatureError(vec![problem])),
    };
    let reach = Reach::of(api);
    let mut checker = Checker {
        builds: &builds,
        problems: &mut problems,
    };
    for (path, items) in [
        ("src/models.rs", Items::Models),
        ("src/params.rs", Items::Params),
        ("src/lib.rs", Items::Root),
        ("src/mock.rs", Items::Mock),
        ("tests/examples.rs", Items::Tests),
    ] {
        let Some(file) = file(path) else { continue };
        match syn::parse_file(&file.contents) {
            Ok(parsed) => checker.file(path, &parsed.items, items, &reach, api),
            Err(e) => checker.problems.push(format!("{path} does not parse: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(FeatureError(problems))
    }
}

/// The builds an item's gate is evaluated in: the features each turns on.
struct Builds {
    /// Each feature of the crate, by name, to its index.
    index: HashMap<String, usize>,
    /// Each resource's feature, by the resource's place in the IR.
    resources: Vec<usize>,
    /// The features on in each build: none, each resource alone, `full`.
    on: Vec<Vec<bool>>,
}

/// Which of [`Builds::on`] a build is.
#[derive(Clone, Copy)]
enum Build {
    None,
    Alone(usize),
    Full,
}

impl Builds {
    /// Reads the crate's features; a resource whose feature is missing,
    /// not its own, or left out of `full` is a problem.
    fn of(api: &Api, manifest: &str) -> Result<Builds, String> {
        let table: toml::Table =
            toml::from_str(manifest).map_err(|e| format!("Cargo.toml is not TOML: {e}"))?;
        let features = table
            .get("features")
            .and_then(toml::Value::as_table)
            .ok_or("Cargo.toml has no [features]")?;
        let listed = |name: &str| -> Result<Vec<&str>, String> {
            let list = features
                .get(name)
                .and_then(toml::Value::as_array)
                .ok_or_else(|| format!("Cargo.toml has no feature `{name}`"))?;
            Ok(list.iter().filter_map(toml::Value::as_str).collect())
        };
        let mut problems = Vec::new();
        let full: BTreeSet<&str> = listed(FULL)?.into_iter().collect();
        let modules: BTreeSet<&str> = (api.resources.iter())
            .map(|r| r.idents.module.as_str())
            .collect();
        if full != modules {
            problems.push(format!(
                "`{FULL}` turns on {full:?}, not every resource's feature {modules:?}"
            ));
        }
        if !listed("default")?.contains(&FULL) {
            problems.push(format!("`{FULL}` is not a default feature"));
        }
        for resource in &api.resources {
            let module = &resource.idents.module;
            if OTHERS.contains(&module.as_str())
                || OTHERS.iter().any(|o| o.replace('-', "_") == *module)
            {
                problems.push(format!(
                    "the feature of resource `{}` is `{module}`, which the crate has for another purpose",
                    resource.name
                ));
            } else if !listed(module)?.is_empty() {
                problems.push(format!(
                    "the feature `{module}` of resource `{}` turns on more than the resource",
                    resource.name
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("\n"));
        }
        let names: Vec<&String> = features.keys().collect();
        let index: HashMap<String, usize> = (names.iter().enumerate())
            .map(|(i, name)| ((*name).clone(), i))
            .collect();
        let resources = (api.resources.iter())
            .map(|r| index[&r.idents.module])
            .collect::<Vec<_>>();
        // The features a build turns on, each with those it lists.
        let closure = |start: Vec<&str>| {
            let mut on = vec![false; names.len()];
            let mut pending = start;
            while let Some(name) = pending.pop() {
                let Some(&i) = index.get(name) else { continue };
                if !std::mem::replace(&mut on[i], true) {
                    pending.extend(listed(name).unwrap_or_default());
                }
            }
            on
        };
        let mut on = vec![closure(Vec::new())];
        on.extend((api.resources.iter()).map(|r| closure(vec![r.idents.module.as_str()])));
        on.push(closure(vec![FULL]));
        Ok(Builds {
            index,
            resources,
            on,
        })
    }

    fn each(&self) -> impl Iterator<Item = Build> {
        std::iter::once(Build::None)
            .chain((0..self.resources.len()).map(Build::Alone))
            .chain([Build::Full])
    }

    fn on(&self, build: Build) -> &[bool] {
        match build {
            Build::None => &self.on[0],
            Build::Alone(r) => &self.on[1 + r],
            Build::Full => &self.on[self.on.len() - 1],
        }
    }

    fn describe(&self, build: Build, api: &Api) -> String {
        match build {
            Build::None => "the build with no resource".into(),
            Build::Alone(r) => format!("the build with `{}` alone", api.resources[r].idents.module),
            Build::Full => format!("the build with `{FULL}`"),
        }
    }
}

/// The resources that reach each type and parameter enum, and what the
/// client itself names.
struct Reach {
    /// By type name: the resources, by their place in the IR.
    types: HashMap<String, BTreeSet<usize>>,
    /// By parameter enum name (an alias's too).
    enums: HashMap<String, BTreeSet<usize>>,
    /// The types the client names: the error body and what it names.
    client: HashSet<String>,
    /// Each resource's accessor and module, to its place.
    accessors: HashMap<String, usize>,
    modules: HashMap<String, usize>,
    resources: usize,
}

impl Reach {
    fn of(api: &Api) -> Reach {
        let defs: HashMap<&str, &TypeDef> =
            api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut types: HashMap<String, BTreeSet<usize>> = HashMap::new();
        let mut enums: HashMap<String, BTreeSet<usize>> = HashMap::new();
        for (r, resource) in api.resources.iter().enumerate() {
            let mut seen = HashSet::new();
            let mut taken = HashSet::new();
            for action in &resource.actions {
                for ty in used_by(action) {
                    visit(&ty, &defs, &mut seen);
                }
                for param in &action.params {
                    if let ArgType::Enum(name) = &param.arg {
                        taken.insert(name.clone());
                    }
                }
            }
            // An enum is taken under any of its names.
            for e in &api.enums {
                let names = || std::iter::once(&e.ident).chain(&e.aliases);
                if names().any(|n| taken.contains(n)) {
                    taken.extend(names().cloned());
                }
            }
            for name in seen {
                types.entry(name).or_default().insert(r);
            }
            for name in taken {
                enums.entry(name).or_default().insert(r);
            }
        }
        let mut client = HashSet::new();
        visit(&api.error_type, &defs, &mut client);
        Reach {
            types,
            enums,
            client,
            accessors: (api.resources.iter().enumerate())
                .map(|(r, res)| (crate::naming::unraw(&res.idents.accessor).to_owned(), r))
                .collect(),
            modules: (api.resources.iter().enumerate())
                .map(|(r, res)| (res.idents.module.clone(), r))
                .collect(),
            resources: api.resources.len(),
        }
    }

    /// Who needs the model type `name`.
    fn of_type(&self, name: &str) -> Needed {
        if self.client.contains(name) {
            return Needed::Always;
        }
        self.needed(self.types.get(name))
    }

    /// Who needs the parameter enum `name`.
    fn of_enum(&self, name: &str) -> Needed {
        self.needed(self.enums.get(name))
    }

    fn needed(&self, reached: Option<&BTreeSet<usize>>) -> Needed {
        match reached {
            None => Needed::Full,
            Some(r) if r.len() == self.resources => Needed::Always,
            Some(r) => Needed::Resources(r.clone()),
        }
    }

    fn resource(&self, r: usize) -> Needed {
        Needed::Resources(BTreeSet::from([r]))
    }
}

/// Each type an action names, found anew: its parameters', its
/// responses', its success's, its pages'.
fn used_by(action: &Action) -> Vec<TypeRef> {
    let mut types: Vec<TypeRef> = action
        .params
        .iter()
        .filter_map(|p| match &p.arg {
            ArgType::Model(ty) => Some(ty.clone()),
            _ => None,
        })
        .collect();
    types.extend(action.success.iter().map(|r| r.rust.clone()));
    types.extend(action.errors.iter().map(|r| r.rust.clone()));
    if let Some(name) = &action.idents.responses {
        types.push(TypeRef::Named(name.clone()));
    }
    if let Some(paging) = &action.paging {
        types.push(paging.page.clone());
        types.push(paging.item.clone());
    }
    types.extend(
        (action.stream.iter())
            .flat_map(|s| &s.events)
            .map(|e| e.rust.clone()),
    );
    types
}

/// Marks the named types `ty` reaches in `seen`.
fn visit(ty: &TypeRef, defs: &HashMap<&str, &TypeDef>, seen: &mut HashSet<String>) {
    match ty {
        TypeRef::Named(name) => {
            if !seen.insert(name.clone()) {
                return;
            }
            let Some(def) = defs.get(name.as_str()) else {
                return;
            };
            match &def.kind {
                TypeKind::Struct { fields, additional } => {
                    for field in fields {
                        visit(&field.ty, defs, seen);
                    }
                    if let Some(additional) = additional {
                        visit(additional, defs, seen);
                    }
                }
                TypeKind::Union { variants } => {
                    variants.iter().for_each(|v| visit(&v.ty, defs, seen))
                }
                TypeKind::ByStatus { variants } => {
                    variants.iter().for_each(|v| visit(&v.ty, defs, seen))
                }
                TypeKind::Alias { target } => visit(target, defs, seen),
                TypeKind::Enum { .. } => {}
            }
        }
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => visit(inner, defs, seen),
        _ => {}
    }
}

/// The builds that must compile an item.
#[derive(Debug)]
enum Needed {
    /// Every build.
    Always,
    /// Those with one of these resources, or `full`.
    Resources(BTreeSet<usize>),
    /// Those with `full`.
    Full,
    /// A build of the crate's own choosing (`mock`): not checked.
    Unchecked,
}

impl Needed {
    fn in_build(&self, build: Build) -> bool {
        match (self, build) {
            (Needed::Always | Needed::Unchecked, _) | (_, Build::Full) => true,
            (Needed::Resources(r), Build::Alone(alone)) => r.contains(&alone),
            _ => false,
        }
    }
}

/// Which file's items.
#[derive(Clone, Copy, PartialEq)]
enum Items {
    Models,
    Params,
    Root,
    Mock,
    Tests,
}

struct Checker<'a> {
    builds: &'a Builds,
    problems: &'a mut Vec<String>,
}

impl Checker<'_> {
    fn file(&mut self, path: &str, items: &[syn::Item], kind: Items, reach: &Reach, api: &Api) {
        for item in items {
            let (attrs, what, needed) = match (kind, item) {
                // Imports follow the items that use them: a build that
                // lacks one fails to compile, which the builds test.
                (_, syn::Item::Use(_)) => continue,
                (Items::Models | Items::Params, _) => {
                    let Some(name) = declared(item) else {
                        self.problems
                            .push(format!("{path}: an item names no type: {}", head(item)));
                        continue;
                    };
                    let known = match kind {
                        Items::Models => api.types.iter().any(|t| t.name == name),
                        _ => {
                            (api.enums.iter()).any(|e| e.ident == name || e.aliases.contains(&name))
                        }
                    };
                    if !known {
                        self.problems
                            .push(format!("{path}: `{name}` is not of the IR"));
                        continue;
                    }
                    let needed = match kind {
                        Items::Models => reach.of_type(&name),
                        _ => reach.of_enum(&name),
                    };
                    (attrs(item), format!("`{name}`"), needed)
                }
                (Items::Root | Items::Mock, syn::Item::Mod(m)) => {
                    let name = m.ident.to_string();
                    let needed = match reach.modules.get(&name) {
                        Some(&r) => reach.resource(r),
                        None if name == "mock" => Needed::Unchecked,
                        None => Needed::Always,
                    };
                    (m.attrs.as_slice(), format!("module `{name}`"), needed)
                }
                (Items::Root | Items::Mock, syn::Item::Impl(block)) => {
                    self.gate(path, &block.attrs, "an impl", &Needed::Always, api);
                    for member in &block.items {
                        if let syn::ImplItem::Fn(f) = member {
                            let name = f.sig.ident.to_string();
                            let needed = match reach.accessors.get(crate::naming::unraw(&name)) {
                                Some(&r) => reach.resource(r),
                                None => Needed::Always,
                            };
                            let public = matches!(f.vis, syn::Visibility::Public(_));
                            self.gate(path, &f.attrs, &format!("method `{name}`"), &needed, api);
                            self.shown(path, &f.attrs, &format!("method `{name}`"), public);
                        }
                    }
                    continue;
                }
                (Items::Root | Items::Mock, item) => (attrs(item), head(item), Needed::Always),
                (Items::Tests, syn::Item::Fn(test)) => {
                    let tokens = test.block.to_token_stream();
                    let needed = match model_in(tokens) {
                        Some(name) => reach.of_type(&name),
                        None => Needed::Always,
                    };
                    (
                        test.attrs.as_slice(),
                        format!("test `{}`", test.sig.ident),
                        needed,
                    )
                }
                (Items::Tests, item) => (attrs(item), head(item), Needed::Always),
            };
            self.gate(path, attrs, &what, &needed, api);
            self.shown(path, attrs, &what, is_public(item));
        }
    }

    /// The item's `#[cfg]` against the builds that need it.
    fn gate(
        &mut self,
        path: &str,
        attrs: &[syn::Attribute],
        what: &str,
        needed: &Needed,
        api: &Api,
    ) {
        if let Needed::Unchecked = needed {
            return;
        }
        let cfgs: Vec<Predicate> = match cfgs(attrs, &self.builds.index) {
            Ok(cfgs) => cfgs,
            Err(e) => {
                self.problems.push(format!("{path}: {what}: {e}"));
                return;
            }
        };
        for build in self.builds.each() {
            let on = self.builds.on(build);
            let compiled = cfgs.iter().all(|p| p.holds(on));
            let wanted = needed.in_build(build);
            if compiled != wanted {
                self.problems.push(format!(
                    "{path}: {what} is {} in {}, which {}",
                    if compiled { "compiled" } else { "left out" },
                    self.builds.describe(build, api),
                    match (wanted, needed) {
                        (true, Needed::Always) =>
                            "needs it: the client names it or every resource reaches it".to_owned(),
                        (true, _) => "reaches it".to_owned(),
                        (false, _) =>
                            format!("does not reach it (it needs {})", describe(needed, api)),
                    }
                ));
            }
        }
    }

    /// A public item with a `#[cfg]` notes it for docs.rs, the same.
    fn shown(&mut self, path: &str, attrs: &[syn::Attribute], what: &str, public: bool) {
        if !public {
            return;
        }
        let tokens = |a: &syn::Attribute| a.meta.to_token_stream().to_string();
        for cfg in attrs.iter().filter(|a| a.path().is_ident("cfg")) {
            let syn::Meta::List(list) = &cfg.meta else {
                continue;
            };
            let predicate = &list.tokens;
            let note: syn::Attribute = syn::parse_quote!(#[cfg_attr(docsrs, doc(cfg(#predicate)))]);
            if !attrs.iter().any(|a| tokens(a) == tokens(&note)) {
                self.problems.push(format!(
                    "{path}: {what} is compiled only if `{predicate}` but docs.rs does not say so"
                ));
            }
        }
    }
}

fn describe(needed: &Needed, api: &Api) -> String {
    match needed {
        Needed::Always | Needed::Unchecked => "every build".into(),
        Needed::Full => format!("`{FULL}`: no action reaches it"),
        Needed::Resources(r) => {
            let names: Vec<String> = r
                .iter()
                .map(|&r| format!("`{}`", api.resources[r].idents.module))
                .collect();
            names.join(" or ")
        }
    }
}

/// A cfg predicate, its features by index.
enum Predicate {
    Feature(Option<usize>),
    Any(Vec<Predicate>),
    All(Vec<Predicate>),
    Not(Box<Predicate>),
}

impl Predicate {
    fn holds(&self, on: &[bool]) -> bool {
        match self {
            Predicate::Feature(i) => i.is_some_and(|i| on[i]),
            Predicate::Any(all) => all.iter().any(|p| p.holds(on)),
            Predicate::All(all) => all.iter().all(|p| p.holds(on)),
            Predicate::Not(p) => !p.holds(on),
        }
    }

    fn parse(meta: &syn::Meta, index: &HashMap<String, usize>) -> Result<Predicate, String> {
        let shown = || meta.to_token_stream().to_string();
        match meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => match index.get(&s.value()) {
                    Some(&i) => Ok(Predicate::Feature(Some(i))),
                    None => Err(format!("`{}` is no feature of the crate", s.value())),
                },
                _ => Err(format!("`{}` is not a feature", shown())),
            },
            // A cfg no cargo feature sets (`docsrs`, `test`).
            syn::Meta::Path(_) => Ok(Predicate::Feature(None)),
            syn::Meta::List(list) => {
                let nested = list
                    .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                    .map_err(|e| format!("`{}`: {e}", shown()))?;
                let nested = nested
                    .iter()
                    .map(|m| Predicate::parse(m, index))
                    .collect::<Result<Vec<_>, _>>()?;
                match list.path.get_ident().map(ToString::to_string).as_deref() {
                    Some("any") => Ok(Predicate::Any(nested)),
                    Some("all") => Ok(Predicate::All(nested)),
                    Some("not") if nested.len() == 1 => Ok(Predicate::Not(Box::new(
                        nested.into_iter().next().expect("one"),
                    ))),
                    _ => Err(format!("`{}` is not a cfg predicate", shown())),
                }
            }
            _ => Err(format!("`{}` is not a cfg predicate", shown())),
        }
    }
}

/// The item's `#[cfg]` predicates, all of which must hold.
fn cfgs(
    attrs: &[syn::Attribute],
    index: &HashMap<String, usize>,
) -> Result<Vec<Predicate>, String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .map(|a| {
            let predicate: syn::Meta = a.parse_args().map_err(|e| e.to_string())?;
            Predicate::parse(&predicate, index)
        })
        .collect()
}

/// The type an item of the models or params declares or is for: the
/// type's own name, an impl's type, a runtime macro's first word.
fn declared(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(i) => Some(i.ident.to_string()),
        syn::Item::Enum(i) => Some(i.ident.to_string()),
        syn::Item::Type(i) => Some(i.ident.to_string()),
        syn::Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        syn::Item::Macro(m) => m.mac.tokens.clone().into_iter().find_map(|t| match t {
            proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
            _ => None,
        }),
        _ => None,
    }
}

/// The first `models::Name` a test's body names.
fn model_in(tokens: proc_macro2::TokenStream) -> Option<String> {
    let tokens: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            proc_macro2::TokenTree::Group(group) => {
                if let Some(found) = model_in(group.stream()) {
                    return Some(found);
                }
            }
            proc_macro2::TokenTree::Ident(ident) if ident == "models" => {
                if let Some(proc_macro2::TokenTree::Ident(name)) = tokens.get(i + 3) {
                    return Some(name.to_string());
                }
            }
            _ => {}
        }
    }
    None
}

fn attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

fn is_public(item: &syn::Item) -> bool {
    let vis = match item {
        syn::Item::Struct(i) => &i.vis,
        syn::Item::Enum(i) => &i.vis,
        syn::Item::Type(i) => &i.vis,
        syn::Item::Fn(i) => &i.vis,
        syn::Item::Mod(i) => &i.vis,
        syn::Item::Const(i) => &i.vis,
        _ => return false,
    };
    matches!(vis, syn::Visibility::Public(_))
}

/// The start of an item, to name it in a problem.
fn head(item: &syn::Item) -> String {
    let text = item.to_token_stream().to_string();
    let end = text.char_indices().nth(60).map_or(text.len(), |(i, _)| i);
    format!("`{}`", &text[..end])
}
