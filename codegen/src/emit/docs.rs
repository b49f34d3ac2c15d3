//! Doc text from the API docs, made safe for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

use crate::types::{Measure, Note};

/// `#[doc]` attributes, one per line, which prettyplease prints as `///`.
pub fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` attributes, printed as `//!`.
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote!(#(#![doc = #lines])*)
}

/// Each line as a raw string literal (`r" text"`): the formatter reads it
/// back without unescaping, which matters when docs are a third of the
/// bytes of a generated crate.
fn lines(text: &str) -> Vec<proc_macro2::Literal> {
    text.trim_end()
        .lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            raw_literal(&line)
        })
        .collect()
}

/// `text` as a raw string literal (`r#"…"#`), which reads as written in
/// the generated code and costs the formatter no unescaping; a text a raw
/// literal cannot hold (a carriage return or another control character
/// but a tab or a line feed) is escaped instead.
pub(super) fn raw_literal(text: &str) -> proc_macro2::Literal {
    // (Bytes first: C1 controls all start with 0xC2.)
    let held = |c: char| c == '\t' || c == '\n';
    let maybe_control = |b: u8| (b < 0x20 && !held(b.into())) || b == 0x7f || b == 0xc2;
    if text.bytes().any(maybe_control) && text.chars().any(|c| c.is_control() && !held(c)) {
        return proc_macro2::Literal::string(text);
    }
    // One `#` more than the longest run of them after a quote, so the text
    // cannot end the literal.
    let hashes = if text.contains('"') {
        text.split('"')
            .skip(1)
            .map(|after| after.len() - after.trim_start_matches('#').len())
            .max()
            .unwrap_or(0)
            + 1
    } else {
        0
    };
    let mut raw = String::with_capacity(text.len() + 2 * hashes + 3);
    raw.push('r');
    raw.extend(std::iter::repeat_n('#', hashes));
    raw.push('"');
    raw.push_str(text);
    raw.push('"');
    raw.extend(std::iter::repeat_n('#', hashes));
    raw.parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

/// Prose from the docs as rustdoc Markdown: brackets and angle brackets
/// escaped (so they are not read as links or HTML), bare URLs made links.
pub fn escape(text: &str) -> String {
    // Most doc text has nothing to escape: one scan, one copy.
    let special = |b: u8| matches!(b, b'[' | b']' | b'*' | b'_' | b'`' | b'\\' | b'<' | b'>');
    if !text.bytes().any(special) && !text.contains("http") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("http://") || word.starts_with("https://") {
            let end = word.trim_end_matches(['.', ',', ')', ';', ':']).len();
            out.push('<');
            out.push_str(&word[..end]);
            out.push('>');
            out.push_str(&word[end..]);
            continue;
        }
        if !word.contains(['[', ']', '*', '_', '`', '\\', '<', '>']) {
            out.push_str(word);
            continue;
        }
        for c in word.chars() {
            match c {
                '[' | ']' | '*' | '_' | '`' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// The text ending in a full stop, so notes can follow it.
pub fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() || text.ends_with(['.', '!', '?', ':']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// A code span that holds any text.
pub fn code(text: &str) -> String {
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A constraint of a property as a sentence of its docs:
/// ``Format: `email`.``, ``Length: 1 to 255.``
pub fn note(note: &Note) -> String {
    match note {
        Note::Format(format) => format!("Format: {}.", code(format)),
        Note::Pattern(pattern) => format!("Pattern: {}.", code(pattern)),
        Note::Bounds { of, min, max } => {
            let what = match of {
                Measure::Length => "Length",
                Measure::Items => "Items",
                Measure::Value => "Value",
            };
            match (min, max) {
                (Some(min), Some(max)) => format!("{what}: {min} to {max}."),
                (Some(min), None) => format!("{what}: at least {min}."),
                (None, Some(max)) => format!("{what}: at most {max}."),
                (None, None) => String::new(),
            }
        }
        Note::OneOf(values) => {
            let listed: Vec<String> = values.iter().map(|v| code(&v.to_string())).collect();
            format!("One of: {}.", listed.join(", "))
        }
        Note::Default(value) => format!("Default: {}.", code(&value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_keep_any_text() {
        for text in [
            "plain",
            "a \"quote\"",
            "ends \"#",
            "a\\b",
            "tab\tand \u{7}bell",
            "r#\"x\"#",
            "\"## then \"# then \"###",
            "é, ü and a next line \u{85} (a C1 control)",
        ] {
            let tokens = outer(text);
            let attribute: syn::Attribute = syn::parse_quote!(#tokens);
            let syn::Meta::NameValue(meta) = attribute.meta else {
                panic!()
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(lit),
                ..
            }) = meta.value
            else {
                panic!()
            };
            assert_eq!(lit.value(), format!(" {text}"));
        }
    }

    #[test]
    fn prose_cannot_break_rustdoc() {
        assert_eq!(escape("see [x] <b> a_b"), "see \\[x\\] &lt;b&gt; a\\_b");
        assert_eq!(escape("at https://x.io/a."), "at <https://x.io/a>.");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`"), "`` ` ``");
    }
}
