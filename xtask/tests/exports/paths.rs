//! The paths written in tokens, and where each one leads.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Spacing, TokenStream, TokenTree};

/// Every path written in `tokens`, as its segments: `::mdsdk_runtime::Error<E>`
/// gives `["mdsdk_runtime", "Error"]` and `["E"]`. `$crate` is `crate`;
/// another macro variable, a lifetime or a keyword is no path.
pub fn paths(tokens: TokenStream) -> Vec<Vec<String>> {
    let mut walker = Walker::default();
    walker.walk(tokens);
    walker.paths
}

#[derive(Default)]
struct Walker {
    paths: Vec<Vec<String>>,
    current: Vec<String>,
    /// After `::`: the next identifier continues the path.
    joined: bool,
    /// After `'` or `$`: the next identifier is a lifetime or a variable.
    skip_ident: bool,
}

/// Keywords that end a path and start none (`self`, `Self`, `crate` and
/// `super` are path segments).
const KEYWORDS: &[&str] = &[
    "as", "async", "const", "dyn", "enum", "extern", "fn", "for", "if", "impl", "in", "let",
    "match", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "type", "unsafe",
    "use", "where", "_",
];

impl Walker {
    fn walk(&mut self, tokens: TokenStream) {
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Ident(ident) => {
                    let ident = ident.to_string();
                    if std::mem::take(&mut self.skip_ident) || KEYWORDS.contains(&&*ident) {
                        self.flush();
                    } else if std::mem::take(&mut self.joined) {
                        self.current.push(ident);
                    } else {
                        self.flush();
                        self.current.push(ident);
                    }
                }
                TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint => {
                    tokens.next();
                    self.joined = true;
                }
                // `Output = T` in `Future<Output = T>`: a binding's name.
                TokenTree::Punct(p) if p.as_char() == '=' && self.current.len() == 1 => {
                    self.current.clear();
                    self.joined = false;
                }
                TokenTree::Punct(p) if p.as_char() == '\'' => {
                    self.flush();
                    self.skip_ident = true;
                }
                TokenTree::Punct(p) if p.as_char() == '$' => {
                    self.flush();
                    match tokens.peek() {
                        Some(TokenTree::Ident(next)) if next == "crate" => {
                            tokens.next();
                            self.current.push("crate".into());
                        }
                        Some(TokenTree::Ident(_)) => self.skip_ident = true,
                        _ => {}
                    }
                }
                TokenTree::Group(group) => {
                    self.flush();
                    self.walk(group.stream());
                }
                TokenTree::Punct(_) | TokenTree::Literal(_) => self.flush(),
            }
        }
        self.flush();
    }

    fn flush(&mut self) {
        self.joined = false;
        if !self.current.is_empty() {
            self.paths.push(std::mem::take(&mut self.current));
        }
    }
}

/// Where a path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// An item of the runtime, by name.
    Runtime(String),
    /// An item of another crate (not the standard library): the crate,
    /// and the item's name.
    Crate(String, String),
    /// The standard library, a generic parameter, `Self`, or the
    /// generated crate's own items: nothing to re-export.
    Nothing,
    /// A name this check cannot place: it fails rather than guess.
    Unknown(String),
}

/// How a file of the runtime names things: its `use` items and its own
/// items, and the crates the runtime re-exports (`crate::serde::...`
/// leads to serde).
pub struct RuntimeScope<'a> {
    pub uses: &'a HashMap<String, Vec<String>>,
    pub defined: &'a HashSet<String>,
    pub crates: &'a HashSet<String>,
}

/// Names every module has without a `use`.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Copy",
    "Clone",
    "Default",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Future",
    "IntoFuture",
    "bool",
    "char",
    "str",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
];

const STD: &[&str] = &["std", "core", "alloc"];

impl RuntimeScope<'_> {
    pub fn resolve(&self, path: &[String], generics: &[String]) -> Target {
        let first = path[0].as_str();
        if first == "Self" || generics.iter().any(|g| g == first) {
            return Target::Nothing;
        }
        if matches!(first, "crate" | "self" | "super") {
            return match &path[1..] {
                [krate, .., last] if self.crates.contains(krate) => {
                    Target::Crate(krate.clone(), last.clone())
                }
                [.., last] => Target::Runtime(last.clone()),
                [] => Target::Nothing,
            };
        }
        if let Some(full) = self.uses.get(first) {
            let path: Vec<String> = full.iter().chain(&path[1..]).cloned().collect();
            return self.resolve_used(&path);
        }
        match path {
            [name] if self.defined.contains(name) => Target::Runtime(name.clone()),
            [name] if PRELUDE.contains(&name.as_str()) => Target::Nothing,
            [name] => Target::Unknown(name.clone()),
            [krate, ..] if STD.contains(&krate.as_str()) => Target::Nothing,
            [krate, .., last] => Target::Crate(krate.clone(), last.clone()),
            [] => Target::Nothing,
        }
    }

    /// A path as a `use` item wrote it: from the crate root, `super`, or
    /// another crate.
    pub fn resolve_used(&self, path: &[String]) -> Target {
        match path {
            [first, ..] if matches!(first.as_str(), "crate" | "self" | "super") => {
                self.resolve(path, &[])
            }
            [krate, ..] if STD.contains(&krate.as_str()) => Target::Nothing,
            [krate, .., last] => Target::Crate(krate.clone(), last.clone()),
            [_] | [] => Target::Nothing,
        }
    }
}

/// How a file of a generated crate names things: its `use` items (those
/// of its inline modules included), its own items, and the crate's
/// modules. Most generated paths are whole (`::mdsdk_runtime::X`,
/// `crate::models::Y`), but `models.rs` imports `Nullable` and `Value`
/// and names them bare, so a bare name is followed through the `use`
/// items as the runtime's are, and one that is neither imported, defined
/// nor in the prelude fails the test.
pub struct GeneratedScope<'a> {
    pub uses: &'a HashMap<String, Vec<String>>,
    pub defined: &'a HashSet<String>,
    pub own_modules: &'a HashSet<String>,
    pub crates: &'a HashSet<String>,
}

impl GeneratedScope<'_> {
    /// `path` with its first segment replaced by the path a `use` item
    /// gave it: `Nullable<T>` after `use ::mdsdk_runtime::Nullable;` is
    /// `mdsdk_runtime::Nullable`.
    pub fn full(&self, path: &[String]) -> Vec<String> {
        match self.uses.get(&path[0]) {
            Some(full) => full.iter().chain(&path[1..]).cloned().collect(),
            None => path.to_vec(),
        }
    }

    pub fn resolve(&self, path: &[String]) -> Target {
        match self.full(path).as_slice() {
            [runtime, krate, .., last]
                if runtime == "mdsdk_runtime" && self.crates.contains(krate) =>
            {
                Target::Crate(krate.clone(), last.clone())
            }
            [runtime, .., last] if runtime == "mdsdk_runtime" => Target::Runtime(last.clone()),
            [name]
                if name == "Self"
                    || self.defined.contains(name)
                    || PRELUDE.contains(&name.as_str()) =>
            {
                Target::Nothing
            }
            [name] => Target::Unknown(name.clone()),
            [first, ..]
                if self.own_modules.contains(first)
                    || matches!(first.as_str(), "crate" | "self" | "super" | "Self")
                    || STD.contains(&first.as_str()) =>
            {
                Target::Nothing
            }
            [first, .., last] => Target::Crate(first.clone(), last.clone()),
            [] => Target::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_from_tokens() {
        let tokens: TokenStream =
            "::mdsdk_runtime::Error<E>, &'a mut crate::x::Y, impl $crate::Z for $name, dyn Future<Output = u8>"
                .parse()
                .unwrap();
        let found: Vec<String> = paths(tokens).iter().map(|p| p.join("::")).collect();
        assert_eq!(
            found,
            [
                "mdsdk_runtime::Error",
                "E",
                "crate::x::Y",
                "crate::Z",
                "Future",
                "u8"
            ]
        );
    }
}
