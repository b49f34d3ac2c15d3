//! The runtime's sources, indexed: each file's `use` items and own items,
//! the public items by name with what each shows, the `impl` blocks, and
//! what each macro's expansion shows.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use syn::{Item, UseTree};

use crate::paths::RuntimeScope;
use crate::surface::{self, Impl, Surface, is_pub, is_test};

/// A Rust source: its path from the crate root (`src/mock/mod.rs`) and text.
pub type Source = (String, String);

pub struct File {
    pub path: String,
    /// `name -> full path` of each `use` item.
    pub uses: HashMap<String, Vec<String>>,
    /// The names of every item of the file (public or not).
    pub defined: HashSet<String>,
    pub items: Vec<Item>,
}

pub struct Runtime {
    pub files: Vec<File>,
    /// The public items by name: the file each is in, and what it shows.
    pub defs: HashMap<String, Vec<(usize, Surface)>>,
    pub impls: Vec<(usize, Impl)>,
    /// What each `macro_rules!` expansion shows, by macro name.
    pub macros: HashMap<String, Vec<TokenStream>>,
    /// The crates the runtime re-exports (its `crates` module).
    pub crates: HashSet<String>,
}

/// The Rust items of a source, those of `#[cfg(test)]` modules left out.
pub fn parse(source: &Source) -> Vec<Item> {
    let file = syn::parse_file(&source.1).unwrap_or_else(|e| panic!("{}: {e}", source.0));
    file.items
        .into_iter()
        .filter(|item| !matches!(item, Item::Mod(m) if is_test(&m.attrs)))
        .collect()
}

impl Runtime {
    pub fn new(sources: &[Source]) -> Runtime {
        let mut runtime = Runtime {
            files: sources.iter().map(file).collect(),
            defs: HashMap::new(),
            impls: Vec::new(),
            macros: HashMap::new(),
            crates: HashSet::new(),
        };
        runtime.crates = runtime.module_names("crates").unwrap_or_default();
        for (index, file) in runtime.files.iter().enumerate() {
            for item in &file.items {
                if let Some((name, shown)) = surface::item(item) {
                    runtime.defs.entry(name).or_default().push((index, shown));
                }
                match item {
                    Item::Impl(block) => runtime.impls.push((index, surface::impl_block(block))),
                    Item::Macro(m) => {
                        if let Some(name) = &m.ident {
                            let shown = surface::macro_expansion(m.mac.tokens.clone());
                            runtime.macros.insert(name.to_string(), shown);
                        }
                    }
                    _ => {}
                }
            }
        }
        runtime
    }

    /// The file of the crate root.
    pub fn root(&self) -> usize {
        self.index_of("src/lib.rs")
            .expect("the runtime has a src/lib.rs")
    }

    pub fn scope(&self, file: usize) -> RuntimeScope<'_> {
        RuntimeScope {
            uses: &self.files[file].uses,
            defined: &self.files[file].defined,
            crates: &self.crates,
        }
    }

    /// The names a module of the crate root offers (its public items and
    /// re-exports), or `None` when the runtime has no such module.
    pub fn module_names(&self, module: &str) -> Option<HashSet<String>> {
        let file = self
            .index_of(&format!("src/{module}.rs"))
            .or_else(|| self.index_of(&format!("src/{module}/mod.rs")))?;
        let mut names = HashSet::new();
        for item in &self.files[file].items {
            match item {
                Item::Use(u) if is_pub(&u.vis) => {
                    let mut uses = HashMap::new();
                    flatten(&u.tree, &mut Vec::new(), &mut uses);
                    names.extend(uses.into_keys());
                }
                item => names.extend(surface::item(item).map(|(name, _)| name)),
            }
        }
        Some(names)
    }

    fn index_of(&self, path: &str) -> Option<usize> {
        self.files.iter().position(|f| f.path == path)
    }
}

fn file(source: &Source) -> File {
    let items = parse(source);
    let (uses, defined) = names(&items);
    File {
        path: source.0.clone(),
        uses,
        defined,
        items,
    }
}

/// The names `items` bring into scope: those of the `use` items, each
/// with its full path, and those of the items themselves.
pub fn names<'a>(
    items: impl IntoIterator<Item = &'a Item>,
) -> (HashMap<String, Vec<String>>, HashSet<String>) {
    let mut uses = HashMap::new();
    let mut defined = HashSet::new();
    for item in items {
        let name = match item {
            Item::Use(u) => {
                flatten(&u.tree, &mut Vec::new(), &mut uses);
                continue;
            }
            Item::Struct(i) => &i.ident,
            Item::Enum(i) => &i.ident,
            Item::Trait(i) => &i.ident,
            Item::Type(i) => &i.ident,
            Item::Const(i) => &i.ident,
            _ => continue,
        };
        defined.insert(name.to_string());
    }
    (uses, defined)
}

/// The names a `use` tree brings in, each with its full path.
pub fn flatten(tree: &UseTree, prefix: &mut Vec<String>, out: &mut HashMap<String, Vec<String>>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) if n.ident == "self" => {
            if let Some(last) = prefix.last() {
                out.insert(last.clone(), prefix.clone());
            }
        }
        UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(n.ident.to_string());
            out.insert(n.ident.to_string(), path);
        }
        UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(r.ident.to_string());
            out.insert(r.rename.to_string(), path);
        }
        UseTree::Group(g) => {
            for tree in &g.items {
                flatten(tree, prefix, out);
            }
        }
        UseTree::Glob(_) => {}
    }
}
