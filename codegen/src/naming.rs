//! Names: doc text to Rust identifiers, and heading text to anchors.
//!
//! The rules, in the order they apply (`docs/names.md` lists them for
//! maintainers):
//!
//! 1. **Any script to ASCII.** Text is transliterated with `deunicode`
//!    (`größe` to `grosse`, `x²` to `x2`, `٣` and `①` to `3` and `1`,
//!    `北京` to `Bei Jing`), so every identifier is ASCII: valid whatever
//!    the docs' script, and free of the compiler's lints on uncommon or
//!    confusable code points.
//! 2. **Case.** [`snake`] for modules, methods, parameters and fields
//!    (`orgId` to `org_id`), [`pascal`] for types and variants
//!    (`Invite Member` to `InviteMember`); what is left besides ASCII
//!    letters, digits and `_` is dropped.
//! 3. **Never empty, never a digit first.** An empty name is `field` (or
//!    `Value`); a leading digit gets `_` (`2fa` to `_2fa`) or `V` (`10` to
//!    `V10`), and a name of digits only `n` (`٣` to `n3`).
//! 4. **Keywords.** A keyword is raw (`type` to `r#type`); those that
//!    cannot be raw get a trailing `_` (`self` to `self_`, `Self` to
//!    `Self_`).
//! 5. **Reserved names.** Each [`Scope`] knows the names the generated code
//!    itself uses there (the `models` module, `Client::new`, the local
//!    `call`, the runtime macros' `Visitor`...); a doc name equal to one
//!    gets a trailing `_` (`new` to `new_`).
//! 6. **Clashes.** In one scope, the second of two names that became one
//!    identifier (`userId` and `user_id`, titles `Widget` and `WIDGET`) is
//!    numbered in doc order: `user_id_2`, `Widget2`. A request type named
//!    like its resource's handle is `<Name>Request`.
//!
//! The naming pass ([`crate::identifiers`]) applies these once, after the
//! checks, and stores every identifier in the IR; the emitter only reads
//! them.

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::types::Variant;
/// Keywords that `r#` can escape.
pub const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const PLAIN_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

/// `orgId` to `org_id`, escaped when it is a keyword (`type` to `r#type`).
pub fn snake(name: &str) -> String {
    escape(fallback(
        identifier_chars(&ascii(name).to_snake_case()),
        "field",
    ))
}

/// `Organization Invitation Post` to `OrganizationInvitationPost`.
pub fn pascal(name: &str) -> String {
    let mut out = fallback(
        identifier_chars(&ascii(name).to_upper_camel_case()),
        "Value",
    );
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if PLAIN_KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A resource's or action's key as the IR and the overlay's routes know
/// it, whichever way the docs' examples spell it: the Python samples'
/// `invite_member` and the JavaScript samples' `inviteMember` are both
/// `invite_member`, so switching flavour of docs renames nothing.
pub fn key(name: &str) -> String {
    let mixed = name.chars().any(char::is_lowercase) && name.chars().any(char::is_uppercase);
    let words = name.contains(|c: char| !c.is_alphanumeric() && c != '_');
    match mixed || words {
        // camelCase: `inviteMember`. A name in one case (`MODELS`,
        // `invite_member`) is kept, so names that differ only in case
        // stay apart.
        true => identifier_chars(&ascii(name).to_snake_case()),
        false => name.to_owned(),
    }
}

/// The identifier without its `r#` prefix, as used for collision checks.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The text in ASCII, transliterated; characters without a
/// transliteration become word breaks.
fn ascii(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return text.into();
    }
    deunicode::deunicode_with_tofu(text, " ").into()
}

/// Only what an identifier may hold: ASCII letters, digits and `_`.
fn identifier_chars(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn fallback(name: String, empty: &str) -> String {
    if name.is_empty() {
        empty.to_owned()
    } else {
        name
    }
}

fn escape(mut ident: String) -> String {
    if ident.chars().all(|c| c.is_ascii_digit() || c == '_') {
        // `_3` would be a name clippy rejects (`just_underscores_and_digits`).
        ident.insert(0, 'n');
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if PLAIN_KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        ident.insert_str(0, "r#");
    }
    ident
}

/// How a scope numbers the second of two equal names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `user_id_2`.
    Snake,
    /// `Widget2`.
    Pascal,
}

/// The identifiers of one Rust scope (a module's types, a type's methods,
/// a function's parameters): what the generated code reserves there, and
/// what doc names have claimed so far.
#[derive(Debug, Clone)]
pub struct Scope {
    case: Case,
    reserved: &'static [&'static str],
    taken: HashSet<String>,
    /// Names the previous generation gave items that may still exist:
    /// a new name avoids them, and only [`Scope::take`] takes one.
    held: HashSet<String>,
    /// The next number to try for each stem, so that many names on one stem
    /// are numbered in linear time.
    next: HashMap<String, usize>,
}

impl Scope {
    pub fn new(case: Case, reserved: &'static [&'static str]) -> Self {
        Scope {
            case,
            reserved,
            taken: HashSet::new(),
            held: HashSet::new(),
            next: HashMap::new(),
        }
    }

    /// Holds `names` for the items that had them (the names lock): no new
    /// name is one of them.
    pub fn hold<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        self.held
            .extend(names.into_iter().map(|n| unraw(n).to_owned()));
    }

    /// Whether `ident` (with or without `r#`) is reserved, claimed or held.
    pub fn contains(&self, ident: &str) -> bool {
        let plain = unraw(ident);
        self.reserved.contains(&plain) || self.taken.contains(plain) || self.held.contains(plain)
    }

    /// Whether no name claimed or held is `ident` (a reserved one is free:
    /// [`Scope::claim`] gives it its `_`).
    pub fn is_free(&self, ident: &str) -> bool {
        let plain = unraw(ident);
        !self.taken.contains(plain) && !self.held.contains(plain)
    }

    /// Takes `ident` exactly, as the names lock keeps it: false when it is
    /// reserved or claimed (a held name is taken).
    pub fn take(&mut self, ident: &str) -> bool {
        self.take_avoiding(ident, &[])
    }

    /// [`Scope::take`], with `also` reserved for this one name.
    pub fn take_avoiding(&mut self, ident: &str, also: &[&str]) -> bool {
        let plain = unraw(ident);
        if self.reserved.contains(&plain) || also.contains(&plain) || self.taken.contains(plain) {
            return false;
        }
        self.held.remove(plain);
        self.taken.insert(plain.to_owned());
        true
    }

    /// Claims `ident` (as [`snake`] or [`pascal`] made it) in this scope:
    /// `ident_` when the generated code reserves it, numbered from 2 when
    /// another name claimed it first. Returns the identifier to use.
    pub fn claim(&mut self, ident: &str) -> String {
        self.claim_avoiding(ident, &[])
    }

    /// [`Scope::claim`], with `also` reserved for this one name (a setter
    /// must not be `send`; the argument of the same parameter may).
    pub fn claim_avoiding(&mut self, ident: &str, also: &[&str]) -> String {
        let plain = unraw(ident);
        let mut candidate = if self.reserved.contains(&plain) || also.contains(&plain) {
            format!("{plain}_")
        } else {
            ident.to_owned()
        };
        let stem = plain.trim_end_matches('_');
        let mut n = self.next.get(stem).copied().unwrap_or(2);
        while self.contains(&candidate) || also.contains(&unraw(&candidate)) {
            candidate = match self.case {
                Case::Snake => format!("{stem}_{n}"),
                Case::Pascal => format!("{stem}{n}"),
            };
            n += 1;
        }
        self.next.insert(stem.to_owned(), n);
        self.taken.insert(unraw(&candidate).to_owned());
        candidate
    }

    /// Claims `first` if it is free, else what [`Scope::claim`] makes of
    /// `fallback`.
    pub fn claim_or(&mut self, first: &str, fallback: &str) -> String {
        if self.contains(first) {
            self.claim(fallback)
        } else {
            self.claim(first)
        }
    }
}

/// The anchor the docs generator gives a heading: lower case, spaces to
/// hyphens, punctuation other than `-` and `_` dropped.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Variant names for a string enum's wire values, unique even when values
/// differ only in case (`asc`, `ASC`: `Asc`, `AscUpper`) or are empty
/// (`Empty`); never `Unknown`, the variant that keeps other values. A
/// value listed twice is one variant. A value `kept` names (the names
/// lock) keeps its name and its place: the kept variants first, in their
/// order, then the new ones in doc order, so a variant never moves (the
/// enums derive an order) and a new value never takes an old one's name.
pub fn variants<'v>(values: impl IntoIterator<Item = &'v str>, kept: &[Variant]) -> Vec<Variant> {
    let mut wires: HashSet<&str> = HashSet::new();
    let values: Vec<&str> = values.into_iter().filter(|w| wires.insert(w)).collect();
    let kept: Vec<&Variant> = kept
        .iter()
        .filter(|v| wires.contains(v.wire.as_str()))
        .collect();
    let mut names: HashSet<String> = HashSet::from(["Unknown".to_owned()]);
    names.extend(kept.iter().map(|v| v.name.clone()));
    // The next number to try for each base name: linear in the values.
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Variant> = Vec::new();
    for wire in values {
        if let Some(kept) = kept.iter().find(|v| v.wire == wire) {
            out.push((*kept).clone());
            continue;
        }
        let base = if wire.is_empty() {
            "Empty".to_owned()
        } else {
            pascal(wire)
        };
        let mut name = base.clone();
        // `ASC` beside `asc` reads as `AscUpper`; other clashes are numbered.
        if names.contains(&name)
            && wire.chars().any(|c| c.is_alphabetic())
            && !wire.chars().any(char::is_lowercase)
        {
            name = format!("{base}Upper");
        }
        let mut n = next.get(&base).copied().unwrap_or(2);
        // `Self_` is numbered `Self2`: `Self_2` is not camel case.
        let stem = base.trim_end_matches('_');
        while names.contains(&name) {
            name = format!("{stem}{n}");
            n += 1;
        }
        next.insert(base, n);
        names.insert(name.clone());
        out.push(Variant {
            name,
            wire: wire.to_owned(),
        });
    }
    let order: Vec<&str> = kept.iter().map(|v| v.wire.as_str()).collect();
    crate::identifiers::kept_order(out, &order, |v| v.wire.as_str())
}

/// A plain English singular of the last word (`members` to `member`,
/// `Invitations` to `Invitation`), for naming the items of an array.
pub fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let cut = if lower.ends_with("ies") && word.len() > 4 {
        return Some(format!("{}y", &word[..word.len() - 3]));
    } else if lower.ends_with("sses") || lower.ends_with("xes") || lower.ends_with("ches") {
        2
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && word.len() > 3
    {
        1
    } else {
        return None;
    };
    Some(word[..word.len() - cut].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake("orgId"), "org_id");
        assert_eq!(snake("_actions"), "actions");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(snake("$"), "field");
        assert_eq!(
            pascal("Organization Invitation Post"),
            "OrganizationInvitationPost"
        );
        assert_eq!(pascal("asc"), pascal("ASC"));
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal("10"), "V10");
        assert_eq!(pascal(""), "Value");
    }

    #[test]
    fn any_script_becomes_an_ascii_identifier() {
        assert_eq!(snake("٣"), "n3");
        assert_eq!(snake("①"), "n1");
        assert_eq!(snake("x²"), "x2");
        assert_eq!(snake("größe"), "grosse");
        assert_eq!(snake("北京"), "bei_jing");
        assert_eq!(snake("\u{e000}"), "field");
        assert_eq!(pascal("٣"), "V3");
        assert_eq!(pascal("x²"), "X2");
        assert_eq!(pascal("café au lait"), "CafeAuLait");
        for name in ["٣", "①", "x²", "🎉", "\u{300}", "a\u{200d}b", "ǅ"] {
            for ident in [snake(name), pascal(name)] {
                let plain = unraw(&ident);
                assert!(plain.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
                assert!(
                    syn::parse_str::<syn::Ident>(&ident).is_ok(),
                    "{name:?}: {ident}"
                );
            }
        }
    }

    #[test]
    fn scopes_rename_reserved_and_clashing_names() {
        let mut methods = Scope::new(Case::Snake, &["new", "call"]);
        assert_eq!(methods.claim("get"), "get");
        assert_eq!(methods.claim("new"), "new_");
        assert_eq!(methods.claim("new_"), "new_2");
        assert_eq!(methods.claim("get"), "get_2");
        assert_eq!(methods.claim("r#type"), "r#type");
        assert_eq!(methods.claim("r#type"), "type_2");
        let mut types = Scope::new(Case::Pascal, &["Visitor"]);
        assert_eq!(types.claim("Widget"), "Widget");
        assert_eq!(types.claim("Widget"), "Widget2");
        assert_eq!(types.claim("Visitor"), "Visitor_");
        assert_eq!(types.claim_or("Widget", "WidgetRequest"), "WidgetRequest");
        assert_eq!(types.claim_or("Other", "OtherRequest"), "Other");
    }

    #[test]
    fn many_names_on_one_stem_are_numbered_in_linear_time() {
        let mut fields = Scope::new(Case::Snake, &[]);
        let names: Vec<String> = (0..200_000).map(|_| fields.claim("field")).collect();
        assert_eq!(names[0], "field");
        assert_eq!(names[1], "field_2");
        assert_eq!(names[199_999], "field_200000");
    }

    #[test]
    fn variants_are_unique_camel_case_names() {
        let names: Vec<String> =
            variants(["asc", "ASC", "", "self", "Self", "unknown", "asc"], &[])
                .into_iter()
                .map(|v| v.name)
                .collect();
        assert_eq!(
            names,
            ["Asc", "AscUpper", "Empty", "Self_", "Self2", "Unknown2"]
        );
        // With the names lock: `Asc` was `ASC`'s; the old values keep
        // their names and come first, the new ones follow.
        let kept = [("ASC", "Asc"), ("desc", "Desc")].map(|(wire, name)| Variant {
            wire: wire.into(),
            name: name.into(),
        });
        let now: Vec<(String, String)> = variants(["asc", "desc", "ASC", "gone"], &kept)
            .into_iter()
            .map(|v| (v.wire, v.name))
            .collect();
        let expected = [
            ("ASC", "Asc"),
            ("desc", "Desc"),
            ("asc", "Asc2"),
            ("gone", "Gone"),
        ];
        assert_eq!(now, expected.map(|(w, n)| (w.to_owned(), n.to_owned())));
    }

    #[test]
    fn keys_are_one_whichever_way_the_samples_spell_them() {
        assert_eq!(key("inviteMember"), "invite_member");
        assert_eq!(key("invite_member"), "invite_member");
        assert_eq!(key("applicationApiToken"), "application_api_token");
        assert_eq!(key("MODELS"), "MODELS");
        // A heading, for an action without an example.
        assert_eq!(key("DELETE ALL"), "delete_all");
        assert_eq!(key("Invite Member"), "invite_member");
        assert_eq!(key("models"), "models");
    }

    #[test]
    fn anchors_and_plurals() {
        assert_eq!(anchor("Invite Member"), "invite-member");
        assert_eq!(anchor("Org's (Old) Member"), "orgs-old-member");
        assert_eq!(singular("members").as_deref(), Some("member"));
        assert_eq!(singular("Invitations").as_deref(), Some("Invitation"));
        assert_eq!(singular("Categories").as_deref(), Some("Category"));
        assert_eq!(singular("Boxes").as_deref(), Some("Box"));
        assert_eq!(singular("status"), None);
        assert_eq!(singular("data"), None);
    }
}
