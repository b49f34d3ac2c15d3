//! The check: every runtime item a generated crate's public API shows,
//! directly or through another such item, is one the crate re-exports,
//! and every other crate whose types it shows is re-exported too.

use std::collections::{BTreeSet, HashMap, HashSet};

use proc_macro2::TokenStream;
use syn::Item;

use crate::paths::{GeneratedScope, Target, paths};
use crate::runtime::{self, Runtime, Source, flatten};
use crate::surface::{self, is_pub};

/// What a generated crate makes nameable of the runtime.
struct Offered {
    items: HashSet<String>,
    crates: HashSet<String>,
}

/// The problems found in the generated crate of `sources` (its `src/`
/// files), each a sentence naming what to add where.
pub fn check(runtime: &Runtime, sources: &[Source]) -> BTreeSet<String> {
    let files: Vec<(String, Vec<Item>)> = sources
        .iter()
        .map(|s| (s.0.clone(), runtime::parse(s)))
        .collect();
    let offered = offered(runtime, &files);
    let mut walk = Walk {
        runtime,
        offered: &offered,
        queue: Vec::new(),
        seen: HashSet::new(),
        problems: BTreeSet::new(),
    };
    let own_modules: HashSet<String> = files
        .iter()
        .flat_map(|(_, items)| items)
        .filter_map(|item| match item {
            Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    for name in offered.items.difference(&offered.crates) {
        let owner = format!("the re-export of `mdsdk_runtime::{name}`");
        walk.queue.push((name.clone(), owner));
    }
    for (path, items) in &files {
        walk.generated(path, items, &own_modules);
    }
    walk.run();
    walk.problems
}

/// The runtime's items and crates the generated crate re-exports, by
/// glob or by name, and the items it names as its own aliases
/// (`pub type Error = mdsdk_runtime::Error<...>`).
fn offered(runtime: &Runtime, files: &[(String, Vec<Item>)]) -> Offered {
    let mut names = HashSet::new();
    for item in files.iter().flat_map(|(_, items)| all_items(items)) {
        match item {
            Item::Use(u) if is_pub(&u.vis) => {
                let mut uses = std::collections::HashMap::new();
                flatten(&u.tree, &mut Vec::new(), &mut uses);
                for path in uses.values() {
                    if path.first().is_some_and(|p| p == "mdsdk_runtime") {
                        names.insert(path.last().cloned().unwrap_or_default());
                    }
                }
                let mut module = Vec::new();
                if let Some(glob) = glob_of(&u.tree, &mut module)
                    && glob.first().is_some_and(|p| p == "mdsdk_runtime")
                {
                    let module = glob[1..].join("/");
                    names.extend(runtime.module_names(&module).unwrap_or_default());
                }
            }
            Item::Type(alias) if is_pub(&alias.vis) => {
                if let syn::Type::Path(p) = &*alias.ty {
                    let segments: Vec<String> = p
                        .path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect();
                    if segments.first().is_some_and(|s| s == "mdsdk_runtime") {
                        names.extend(segments.last().cloned());
                    }
                }
            }
            _ => {}
        }
    }
    let crates = names.intersection(&runtime.crates).cloned().collect();
    Offered {
        items: names,
        crates,
    }
}

/// The module path of a glob `use` (`mdsdk_runtime::exports::*`).
fn glob_of(tree: &syn::UseTree, prefix: &mut Vec<String>) -> Option<Vec<String>> {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            glob_of(&p.tree, prefix)
        }
        syn::UseTree::Glob(_) => Some(prefix.clone()),
        _ => None,
    }
}

/// The items of a file and of its inline modules.
fn all_items(items: &[Item]) -> Vec<&Item> {
    let mut all = Vec::new();
    for item in items {
        all.push(item);
        if let Item::Mod(m) = item
            && let Some((_, inner)) = &m.content
        {
            all.extend(all_items(inner));
        }
    }
    all
}

struct Walk<'a> {
    runtime: &'a Runtime,
    offered: &'a Offered,
    /// Runtime items to look at, each with what shows it.
    queue: Vec<(String, String)>,
    seen: HashSet<String>,
    problems: BTreeSet<String>,
}

impl Walk<'_> {
    /// The runtime items and crates the generated code shows.
    fn generated(&mut self, path: &str, items: &[Item], own_modules: &HashSet<String>) {
        let (uses, defined) = self.names(items);
        let scope = GeneratedScope {
            uses: &uses,
            defined: &defined,
            own_modules,
            crates: &self.runtime.crates,
        };
        for item in all_items(items) {
            let (owner, shown, generics) = match item {
                Item::Impl(block) => {
                    let block = surface::impl_block(block);
                    let owner = format!("{path}: impl of {}", block.self_name.unwrap_or_default());
                    let mut shown = block.surface.tokens;
                    shown.extend(block.trait_path);
                    (owner, shown, block.surface.generics)
                }
                Item::Macro(m) => {
                    let segments: Vec<String> = m
                        .mac
                        .path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect();
                    let segments = scope.full(&segments);
                    if segments.first().is_none_or(|s| s != "mdsdk_runtime") {
                        continue;
                    }
                    let name = segments.last().cloned().unwrap_or_default();
                    self.expansion(&format!("{path}: mdsdk_runtime::{name}!"), &name);
                    continue;
                }
                item => match surface::item(item) {
                    Some((name, shown)) => {
                        (format!("{path}: {name}"), shown.tokens, shown.generics)
                    }
                    None => continue,
                },
            };
            for tokens in shown {
                for p in paths(tokens) {
                    if generics.contains(&p[0]) {
                        continue;
                    }
                    self.reach(&owner, scope.resolve(&p));
                }
            }
        }
    }

    /// The names a generated file brings into scope: its own items, and
    /// those of its `use` items, globs of the runtime's modules included
    /// (`mock.rs` names `RecordedCall` through `pub use
    /// ::mdsdk_runtime::mock::*;`) but shadowed, as in Rust, by the
    /// file's items and named imports.
    fn names(&self, items: &[Item]) -> (HashMap<String, Vec<String>>, HashSet<String>) {
        let items = all_items(items);
        let (mut uses, defined) = runtime::names(items.iter().copied());
        for item in items {
            let Item::Use(u) = item else { continue };
            let Some(glob) = glob_of(&u.tree, &mut Vec::new()) else {
                continue;
            };
            if glob.first().is_none_or(|p| p != "mdsdk_runtime") {
                continue;
            }
            let module = glob[1..].join("/");
            for name in self.runtime.module_names(&module).unwrap_or_default() {
                if !defined.contains(&name) {
                    let path = glob.iter().chain([&name]).cloned().collect();
                    uses.entry(name).or_insert(path);
                }
            }
        }
        (uses, defined)
    }

    /// What the expansion of the runtime macro `name` shows.
    fn expansion(&mut self, owner: &str, name: &str) {
        let Some(shown) = self.runtime.macros.get(name) else {
            self.problems
                .insert(format!("{owner}: the runtime has no macro `{name}`"));
            return;
        };
        let scope = self.runtime.scope(self.runtime.root());
        let targets: Vec<Target> = shown
            .iter()
            .flat_map(|tokens| paths(tokens.clone()))
            .filter(|p| p[0] == "crate")
            .map(|p| scope.resolve(&p, &[]))
            .collect();
        for target in targets {
            self.reach(owner, target);
        }
    }

    fn reach(&mut self, owner: &str, target: Target) {
        match target {
            Target::Runtime(name) => self.queue.push((name, owner.to_owned())),
            // Another crate's item is nameable when the crate is
            // re-exported, or the item itself (`Stream`, from futures).
            Target::Crate(krate, item)
                if !self.offered.crates.contains(&krate) && !self.offered.items.contains(&item) =>
            {
                self.problems.insert(format!(
                    "{owner} shows `{krate}::{item}`, which the generated crate does not \
                     re-export: add `pub use {krate};` to mdsdk-runtime/src/crates.rs, or the \
                     item to exports.rs"
                ));
            }
            Target::Unknown(name) => {
                self.problems
                    .insert(format!("{owner}: cannot tell where `{name}` comes from"));
            }
            Target::Crate(..) | Target::Nothing => {}
        }
    }

    /// Looks at each runtime item shown, and at what it shows in turn.
    fn run(&mut self) {
        while let Some((name, owner)) = self.queue.pop() {
            if !self.seen.insert(name.clone()) {
                continue;
            }
            let defs = self
                .runtime
                .defs
                .get(&name)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            if defs.is_empty() {
                self.root_reexport(&owner, &name);
                continue;
            }
            if !self.offered.items.contains(&name) {
                self.problems.insert(format!(
                    "{owner} shows `mdsdk_runtime::{name}`, which the generated crate does not \
                     re-export: add it to mdsdk-runtime/src/exports.rs"
                ));
            }
            let owner = format!("mdsdk_runtime::{name}");
            let mut shown: Vec<(usize, TokenStream, Vec<String>)> = Vec::new();
            for (file, surface) in defs {
                for tokens in &surface.tokens {
                    shown.push((*file, tokens.clone(), surface.generics.clone()));
                }
            }
            for (file, block) in &self.runtime.impls {
                if block.self_name.as_deref() == Some(name.as_str()) {
                    for tokens in block.surface.tokens.iter().chain(&block.trait_path) {
                        shown.push((*file, tokens.clone(), block.surface.generics.clone()));
                    }
                }
            }
            for (file, tokens, generics) in shown {
                let scope = self.runtime.scope(file);
                for p in paths(tokens) {
                    let target = scope.resolve(&p, &generics);
                    self.reach(&owner, target);
                }
            }
        }
    }

    /// A name the runtime has no item of: one it re-exports from another
    /// crate (`Method` from reqwest, `Stream` from futures), or nothing
    /// it has.
    fn root_reexport(&mut self, owner: &str, name: &str) {
        let found = (self.runtime.files.iter().enumerate())
            .find_map(|(index, file)| Some((index, file.uses.get(name)?)));
        match found {
            Some((file, path)) => {
                let target = self.runtime.scope(file).resolve_used(path);
                self.reach(owner, target);
            }
            None => {
                self.problems.insert(format!(
                    "{owner} shows `mdsdk_runtime::{name}`, which the runtime does not have"
                ));
            }
        }
    }
}
