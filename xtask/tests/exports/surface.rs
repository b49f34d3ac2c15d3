//! What an item shows its users: the tokens of the types and bounds in its
//! public signature, without the names it gives its arguments, and
//! without what it hides (`#[doc(hidden)]`) or keeps private.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{
    Attribute, Fields, FnArg, GenericParam, Generics, ImplItem, Item, ReturnType, Signature,
    TraitItem, Visibility,
};

/// The tokens an item shows, and the generic parameters they may name.
#[derive(Default)]
pub struct Surface {
    pub tokens: Vec<TokenStream>,
    pub generics: Vec<String>,
}

impl Surface {
    fn add(&mut self, tokens: impl ToTokens) {
        self.tokens.push(tokens.to_token_stream());
    }

    fn generics(&mut self, generics: &Generics) {
        for param in &generics.params {
            match param {
                GenericParam::Type(t) => self.generics.push(t.ident.to_string()),
                GenericParam::Const(c) => self.generics.push(c.ident.to_string()),
                GenericParam::Lifetime(_) => {}
            }
        }
        self.add(generics);
        self.add(&generics.where_clause);
    }

    fn signature(&mut self, sig: &Signature) {
        self.generics(&sig.generics);
        for input in &sig.inputs {
            if let FnArg::Typed(arg) = input {
                self.add(&arg.ty);
            }
        }
        if let ReturnType::Type(_, ty) = &sig.output {
            self.add(ty);
        }
    }

    fn fields(&mut self, fields: &Fields, all: bool) {
        for field in fields {
            if all || is_pub(&field.vis) {
                self.add(&field.ty);
            }
        }
    }
}

pub fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

pub fn is_hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| list_is(a, "doc", "hidden"))
}

pub fn is_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| list_is(a, "cfg", "test"))
}

/// Whether `attr` is exactly `#[name(word)]`: `#[doc(hidden)]`, not a
/// doc comment that says "hidden", nor `#[cfg(not(test))]`.
fn list_is(attr: &Attribute, name: &str, word: &str) -> bool {
    match &attr.meta {
        syn::Meta::List(list) if list.path.is_ident(name) => list.tokens.to_string() == word,
        _ => false,
    }
}

/// The name of a public item that is a type, trait, constant or function,
/// and what it shows.
pub fn item(item: &Item) -> Option<(String, Surface)> {
    let mut s = Surface::default();
    let (attrs, name) = match item {
        Item::Struct(i) if is_pub(&i.vis) => {
            s.generics(&i.generics);
            s.fields(&i.fields, false);
            (&i.attrs, &i.ident)
        }
        Item::Enum(i) if is_pub(&i.vis) => {
            s.generics(&i.generics);
            for variant in i.variants.iter().filter(|v| !is_hidden(&v.attrs)) {
                s.fields(&variant.fields, true);
            }
            (&i.attrs, &i.ident)
        }
        Item::Trait(i) if is_pub(&i.vis) => {
            s.generics(&i.generics);
            s.add(&i.supertraits);
            for member in &i.items {
                trait_member(member, &mut s);
            }
            (&i.attrs, &i.ident)
        }
        Item::Type(i) if is_pub(&i.vis) => {
            s.generics(&i.generics);
            s.add(&i.ty);
            (&i.attrs, &i.ident)
        }
        Item::Const(i) if is_pub(&i.vis) => {
            s.add(&i.ty);
            (&i.attrs, &i.ident)
        }
        Item::Static(i) if is_pub(&i.vis) => {
            s.add(&i.ty);
            (&i.attrs, &i.ident)
        }
        Item::Fn(i) if is_pub(&i.vis) => {
            s.signature(&i.sig);
            (&i.attrs, &i.sig.ident)
        }
        _ => return None,
    };
    (!is_hidden(attrs)).then(|| (name.to_string(), s))
}

fn trait_member(member: &TraitItem, s: &mut Surface) {
    match member {
        TraitItem::Fn(f) if !is_hidden(&f.attrs) => s.signature(&f.sig),
        TraitItem::Type(t) if !is_hidden(&t.attrs) => {
            s.generics(&t.generics);
            s.add(&t.bounds);
            if let Some((_, ty)) = &t.default {
                s.add(ty);
            }
        }
        TraitItem::Const(c) if !is_hidden(&c.attrs) => s.add(&c.ty),
        _ => {}
    }
}

/// An `impl` block: the name of the type it is for (the last segment of
/// its path), the trait it implements, and what it shows: an inherent
/// impl's public methods, a trait impl's associated types.
pub struct Impl {
    pub self_name: Option<String>,
    pub trait_path: Option<TokenStream>,
    pub surface: Surface,
}

pub fn impl_block(block: &syn::ItemImpl) -> Impl {
    let mut s = Surface::default();
    s.generics(&block.generics);
    for member in &block.items {
        match member {
            ImplItem::Fn(f) if is_pub(&f.vis) && !is_hidden(&f.attrs) => s.signature(&f.sig),
            ImplItem::Type(t) if block.trait_.is_some() => s.add(&t.ty),
            ImplItem::Const(c) if is_pub(&c.vis) && !is_hidden(&c.attrs) => s.add(&c.ty),
            _ => {}
        }
    }
    let self_name = match &*block.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|seg| seg.ident.to_string()),
        _ => None,
    };
    Impl {
        self_name,
        trait_path: block
            .trait_
            .as_ref()
            .map(|(path, _)| path.to_token_stream()),
        surface: s,
    }
}

/// What the expansion of a `macro_rules!` body shows: the headers of the
/// `impl` blocks it writes, its `pub fn` signatures and its associated
/// types; never a function body, nor a function that is not `pub` (a
/// trait's method, whose signature the trait shows).
pub fn macro_expansion(body: TokenStream) -> Vec<TokenStream> {
    let mut shown = Vec::new();
    scan(body, &mut shown);
    shown
}

fn scan(tokens: TokenStream, shown: &mut Vec<TokenStream>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(id) if id == "fn" => {
                let public = i > 0 && matches!(&tokens[i - 1], TokenTree::Ident(p) if p == "pub");
                let end = next_brace(&tokens, i);
                if public {
                    shown.push(tokens[i + 1..end].iter().cloned().collect());
                }
                i = end + 1;
            }
            TokenTree::Ident(id) if id == "impl" => {
                let end = next_brace(&tokens, i);
                shown.push(tokens[i + 1..end].iter().cloned().collect());
                if let Some(TokenTree::Group(body)) = tokens.get(end) {
                    scan(body.stream(), shown);
                }
                i = end + 1;
            }
            TokenTree::Ident(id) if id == "type" => {
                let end = (i..tokens.len())
                    .find(|&j| matches!(&tokens[j], TokenTree::Punct(p) if p.as_char() == ';'))
                    .unwrap_or(tokens.len());
                shown.push(tokens[i + 1..end].iter().cloned().collect());
                i = end + 1;
            }
            TokenTree::Group(group) => {
                scan(group.stream(), shown);
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// The index of the first `{ ... }` group after `from`.
fn next_brace(tokens: &[TokenTree], from: usize) -> usize {
    (from..tokens.len())
        .find(|&j| matches!(&tokens[j], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
        .unwrap_or(tokens.len())
}
