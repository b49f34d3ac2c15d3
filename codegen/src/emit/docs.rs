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

/// `#![cfg_attr(predicate, doc = …)]` attributes: `text` in the docs of
/// the builds where `predicate` holds (an example that needs a feature).
/// One attribute, its lines each indented as `//!` lines are.
pub fn inner_if(predicate: &TokenStream, text: &str) -> TokenStream {
    let text = bidi_shown(text);
    let lines: Vec<String> = (text.trim_end().lines())
        .map(|line| match line {
            "" => String::new(),
            line => format!(" {line}"),
        })
        .collect();
    let text = raw_literal(&lines.join("\n"));
    quote!(#![cfg_attr(#predicate, doc = #text)])
}

/// Each line as a raw string literal (`r" text"`): the formatter reads it
/// back without unescaping, which matters when docs are a third of the
/// bytes of a generated crate.
fn lines(text: &str) -> Vec<proc_macro2::Literal> {
    let text = bidi_shown(text);
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
    if text.bytes().any(maybe_control) && text.chars().any(|c| c.is_control() && !held(c))
        || has_bidi(text)
    {
        // `Literal::string` writes both as `\u{…}` escapes.
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

/// The codepoints that change the direction of text (U+202A to U+202E,
/// U+2066 to U+2069): rustc refuses them written in a comment or a
/// literal (`text_direction_codepoint_in_comment`), since they can make
/// code read otherwise than it compiles.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn has_bidi(text: &str) -> bool {
    // (Bytes first: all of them start with 0xE2.)
    text.as_bytes().contains(&0xe2) && text.chars().any(is_bidi)
}

/// Doc text with each direction-changing codepoint shown as its escape
/// (`\u{202E}`): a doc comment cannot hold one, and shown it tells the
/// reader the docs had one.
fn bidi_shown(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_bidi(text) {
        return text.into();
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_bidi(c) {
            shown.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown.into()
}

/// Prose from the docs as rustdoc Markdown: brackets and angle brackets
/// escaped (so they are not read as links or HTML), bare URLs made links
/// (`(https://x.io/a).` to `(<https://x.io/a>).`), wherever they start in
/// a word, so rustdoc finds none bare.
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
        let mut rest = word;
        while let Some((start, end)) = url(rest) {
            escape_word(&rest[..start], &mut out);
            out.push('<');
            out.push_str(&rest[start..end]);
            out.push('>');
            rest = &rest[end..];
        }
        escape_word(rest, &mut out);
    }
    out
}

/// Where the first URL in `word` starts and ends: `http://` or `https://`
/// at its start or after a character that is not a letter or digit, up to
/// what an autolink cannot hold (a quote, a backtick, white space or a
/// control) and without the punctuation that ends a sentence or closes
/// what the URL stands in (a `)` only when the URL opened none).
fn url(word: &str) -> Option<(usize, usize)> {
    let start = ["http://", "https://"]
        .iter()
        .flat_map(|scheme| word.match_indices(scheme).map(|(at, _)| at))
        .filter(|&at| {
            word[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
        .min()?;
    let len = word[start..]
        .find(|c: char| matches!(c, '<' | '>' | '"' | '`') || c.is_whitespace() || c.is_control())
        .unwrap_or(word.len() - start);
    let mut url = &word[start..start + len];
    while let Some(last) = url.chars().next_back() {
        let closes_nothing = last == ')' && url.matches('(').count() < url.matches(')').count();
        if closes_nothing || matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']') {
            url = &url[..url.len() - 1];
        } else {
            break;
        }
    }
    // A scheme alone is no link.
    let scheme = if url.starts_with("https") { 8 } else { 7 };
    (url.len() > scheme).then_some((start, start + url.len()))
}

/// A word of prose with what rustdoc would read as Markdown escaped.
fn escape_word(word: &str, out: &mut String) {
    if !word.contains(['[', ']', '*', '_', '`', '\\', '<', '>']) {
        out.push_str(word);
        return;
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

/// The text ending in a full stop, so notes can follow it.
pub fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() || text.ends_with(['.', '!', '?', ':']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// A code span that holds any text: its fence one backtick longer than the
/// longest run of them in the text, which therefore cannot close it.
pub fn code(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` as a fenced code block tagged `lang` (`json`: rustdoc shows it
/// as code and, not being Rust, does not test it), shown as written:
/// nothing in a code block is read as Markdown, so nothing is escaped.
///
/// The fence is three backticks, or one more than the longest run of them
/// in the text, so no line of it can close the block. Its lines are those
/// Markdown sees (ended by `\n`, `\r\n` or a lone `\r`, which a `///`
/// comment could not hold), without the spaces and tabs that end them
/// (which the printer drops from doc comments anyway) and without blank
/// lines before the first or after the last.
pub fn code_block(lang: &str, text: &str) -> String {
    let lines: Vec<&str> = text
        .split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
        .map(|line| line.trim_end_matches([' ', '\t']))
        .collect();
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    let lines = match (first, last) {
        (Some(first), Some(last)) => &lines[first..=last],
        _ => &[],
    };
    let fence = "`".repeat(3.max(longest_backtick_run(text) + 1));
    let mut block = String::with_capacity(text.len() + 2 * fence.len() + lang.len() + 2);
    block.push_str(&fence);
    block.push_str(lang);
    block.push('\n');
    for line in lines {
        block.push_str(line);
        block.push('\n');
    }
    block.push_str(&fence);
    block
}

/// The length of the longest run of backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
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
    fn direction_changes_are_shown_not_written() {
        let hostile = "admin\u{202e} \u{2066}x\u{2069}";
        let printed = outer(hostile).to_string() + &raw_literal(hostile).to_string();
        assert!(!printed.chars().any(is_bidi), "{printed}");
        assert!(printed.contains(r"admin\u{202E}"), "{printed}");
        assert!(printed.contains(r"\u{202e}"), "{printed}");
        // Text without them is left as it was.
        assert_eq!(bidi_shown("a\u{2060}b"), "a\u{2060}b");
    }

    #[test]
    fn prose_cannot_break_rustdoc() {
        assert_eq!(escape("see [x] <b> a_b"), "see \\[x\\] &lt;b&gt; a\\_b");
        assert_eq!(escape("at https://x.io/a."), "at <https://x.io/a>.");
        // A URL that does not start its word is one too.
        assert_eq!(
            escape("(https://x.io/a_b), \"http://x.io\"; [https://x.io]"),
            "(<https://x.io/a_b>), \"<http://x.io>\"; \\[<https://x.io>\\]"
        );
        assert_eq!(
            escape("https://w.org/F_(b)). x<https://x.io/a>y"),
            "<https://w.org/F_(b)>). x&lt;<https://x.io/a>&gt;y"
        );
        // Twice in a word; not inside another word; not a scheme alone.
        assert_eq!(
            escape("\"https://a.io\",\"https://b.io\" xhttps://c.io http:// https://a.io//"),
            "\"<https://a.io>\",\"<https://b.io>\" xhttps://c.io http:// <https://a.io//>"
        );
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`"), "`` ` ``");
        // A run as long as a two-backtick fence would have closed it.
        assert_eq!(code("a``b"), "```a``b```");
    }

    #[test]
    fn a_code_block_is_fenced_and_tagged() {
        assert_eq!(
            code_block("json", "{\n  \"a\": [1, \"<b>\"]\n}"),
            "```json\n{\n  \"a\": [1, \"<b>\"]\n}\n```"
        );
        // A run of backticks in the text makes the fence longer than it.
        assert_eq!(
            code_block("json", "```\n\"````\""),
            "`````json\n```\n\"````\"\n`````"
        );
        // Markdown's line endings; the spaces that end a line and the blank
        // lines around the text go, the indentation of its first line stays.
        assert_eq!(
            code_block("json", "\n \t\n  [1,  \r\n  2,\r  3]\t\n\n"),
            "```json\n  [1,\n  2,\n  3]\n```"
        );
        assert_eq!(code_block("json", " \n"), "```json\n```");
    }

    /// What rustdoc reads from `#[doc]` attributes as printed in the
    /// generated file: the printed `///` lines parsed back, their values
    /// joined by line and unindented by the indentation common to the
    /// lines that are not blank.
    fn rustdoc_text(doc: &TokenStream) -> String {
        let item: syn::File = syn::parse_quote!(#doc pub struct A;);
        let printed = prettyplease::unparse(&item);
        for line in printed.lines().take_while(|l| !l.starts_with("pub struct")) {
            assert!(line.starts_with("/// ") || line == "///", "{line:?}");
        }
        let reparsed: syn::File = syn::parse_str(&printed).unwrap();
        let syn::Item::Struct(item) = &reparsed.items[0] else {
            panic!()
        };
        let lines: Vec<String> = item
            .attrs
            .iter()
            .map(|attribute| {
                let syn::Meta::NameValue(meta) = &attribute.meta else {
                    panic!()
                };
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(lit),
                    ..
                }) = &meta.value
                else {
                    panic!()
                };
                lit.value()
            })
            .collect();
        let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
        let common = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indent(l))
            .min()
            .unwrap_or(0);
        lines
            .iter()
            .map(|l| l.get(common..).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The code blocks of Markdown `text` as CommonMark reads it (as
    /// rustdoc does): the info string and the content of each, and the text
    /// outside them.
    fn code_blocks(text: &str) -> (Vec<(String, String)>, String) {
        use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
        let (mut blocks, mut outside) = (Vec::new(), String::new());
        let mut open: Option<(String, String)> = None;
        for event in Parser::new(text) {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => "(indented)".to_owned(),
                    };
                    open = Some((info, String::new()));
                }
                Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    match &mut open {
                        Some((_, content)) => content.push_str(&t),
                        None => outside.push_str(&t),
                    }
                }
                _ => {}
            }
        }
        assert!(open.is_none(), "an unclosed block in {text:?}");
        (blocks, outside)
    }

    #[test]
    fn a_hostile_example_stays_in_its_block() {
        let long = format!("[{}1]", "1, ".repeat(20_000));
        for example in [
            "```\n{ \"a\": \"```\" }\n```",
            "````json\n~~~\n    ``` indented\n   ```",
            "# not a heading\n#[derive(Debug)]\n## fn main() {}",
            "*/ /* <b>&lt; [x](y) \\[ _a_ https://x.io\n</pre>\n<!--",
            "\"#  \"## r#\"x\"# \\u{0}",
            "{\r\n  \"crlf\": 1,\r  \"cr\": 2\n}",
            "\ttab\u{7}bell \u{85} \u{feff}",
            "/// a doc comment\n//! an inner one\n/",
            &long,
        ] {
            let doc = outer(&format!(
                "Prose \\[x\\].\n\n# Example\n\n{}\n\nSchema: `x#`.",
                code_block("json", example)
            ));
            let text = rustdoc_text(&doc);
            let (blocks, outside) = code_blocks(&text);
            let lines: Vec<&str> = example
                .split("\r\n")
                .flat_map(|l| l.split(['\r', '\n']))
                .map(|l| l.trim_end_matches([' ', '\t']))
                .collect();
            let expected = format!("{}\n", lines.join("\n"));
            assert_eq!(blocks, [("json".to_owned(), expected)], "{example:?}");
            // The text around the block is read as before it.
            assert_eq!(outside, "Prose [x].ExampleSchema: x#.", "{example:?}");
        }
    }
}
