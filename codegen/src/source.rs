//! Input files and positions in them.
//!
//! Every IR node keeps a [`Loc`] so that a check failing long after parsing
//! can still point the maintainer at the line of the doc that caused it.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One input file, kept whole so diagnostics can show a snippet of it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name relative to the spec directory (`org.md`), used in the IR.
    pub name: Arc<str>,
    /// The path as the user gave it (`spec/org.md`), used in messages.
    pub path: Arc<str>,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: &str, path: &str, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }

    /// The 0-based line that holds a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// The bytes of a 0-based line, without its line break.
    pub fn line_range(&self, index: usize) -> Range<usize> {
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where a 1-based line starts (clamped to the file).
    pub fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1).min(self.line_starts.len() - 1);
        self.line_starts[i]
    }

    /// A location for a byte range of this file.
    pub fn loc(&self, span: Range<usize>) -> Loc {
        let (line, column) = self.line_col(span.start);
        Loc {
            file: self.name.clone(),
            line,
            column,
            offset: span.start as u32,
            len: (span.end.saturating_sub(span.start)) as u32,
        }
    }
}

/// Where an IR node came from: a file of the spec directory and a position.
///
/// Serialized as `file:line:column`, which is what a reviewer of an IR
/// snapshot wants to read.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Loc {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
    /// Byte offset and length in the file, for underlining a snippet.
    pub offset: u32,
    pub len: u32,
}

impl Loc {
    pub fn span(&self) -> Range<usize> {
        self.offset as usize..(self.offset + self.len) as usize
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl fmt::Debug for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Loc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Loc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let mut parts = text.rsplitn(3, ':');
        let column = parts.next().and_then(|c| c.parse().ok());
        let line = parts.next().and_then(|l| l.parse().ok());
        match (parts.next(), line, column) {
            (Some(file), Some(line), Some(column)) => Ok(Loc {
                file: file.into(),
                line,
                column,
                offset: 0,
                len: 0,
            }),
            _ => Err(serde::de::Error::custom(format!(
                "expected `file:line:column`, found `{text}`"
            ))),
        }
    }
}

/// All input files of one run, looked up by name when rendering diagnostics.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> &SourceFile {
        self.files.push(file);
        self.files.last().expect("just pushed")
    }

    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| &*f.name == name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_offsets() {
        let f = SourceFile::new("a.md", "spec/a.md", "ab\ncdé\n\nx".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(2), (1, 3));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(7), (2, 4));
        assert_eq!(f.line_col(8), (3, 1));
        assert_eq!(f.line_col(9), (4, 1));
        assert_eq!(f.line_col(999), (4, 2));
    }

    #[test]
    fn loc_round_trips_through_serde() {
        let f = SourceFile::new("dir:x.md", "p", "a\nb".into());
        let loc = f.loc(2..3);
        let json = serde_json::to_string(&loc).unwrap();
        assert_eq!(json, "\"dir:x.md:2:1\"");
        let back: Loc = serde_json::from_str(&json).unwrap();
        assert_eq!((back.file, back.line, back.column), (loc.file, 2, 1));
    }
}

/// Where the value at a JSON `pointer` (`/properties/role`) stands in the
/// JSON `text`: its property name when the last step is a property, else
/// the value itself. `None` when the text has no such value.
///
/// For diagnostics about a schema: the doc's own JSON is scanned, so the
/// span points into the code block the maintainer wrote.
pub fn json_pointer_span(text: &str, pointer: &str) -> Option<Range<usize>> {
    let steps: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scanner.find(&steps, None)
}

/// The keys of `text` that repeat a key of the same object, each with its
/// span: the second `"name"` of `{"name": 1, "name": 2}`. JSON parsers
/// disagree on which one wins (serde_json keeps the last), so a schema
/// that repeats a key is read in a way its writer may not have meant.
///
/// `text` is JSON that has already parsed; the scan is iterative, so no
/// nesting deepens the stack.
pub fn duplicate_keys(text: &str) -> Vec<(String, Range<usize>)> {
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    // The keys of each open object; `None` for an open array.
    let mut open: Vec<Option<HashSet<Cow<'_, str>>>> = Vec::new();
    let mut duplicates = Vec::new();
    loop {
        scanner.skip_space();
        let Some(&byte) = scanner.bytes.get(scanner.at) else {
            return duplicates;
        };
        match byte {
            b'{' | b'[' => {
                open.push((byte == b'{').then(HashSet::new));
                scanner.at += 1;
            }
            b'}' | b']' => {
                open.pop();
                scanner.at += 1;
            }
            b',' | b':' => scanner.at += 1,
            b'"' => {
                let start = scanner.at;
                if scanner.skip_string().is_none() {
                    return duplicates;
                }
                let span = start..scanner.at;
                scanner.skip_space();
                let is_key = scanner.bytes.get(scanner.at) == Some(&b':');
                if let (true, Some(Some(keys))) = (is_key, open.last_mut()) {
                    let raw = &text[span.start + 1..span.end - 1];
                    let key = match raw.contains('\\') {
                        false => Cow::Borrowed(raw),
                        true => match serde_json::from_str::<String>(&text[span.clone()]) {
                            Ok(key) => Cow::Owned(key),
                            Err(_) => return duplicates,
                        },
                    };
                    if let Some(repeated) = keys.replace(key) {
                        duplicates.push((repeated.into_owned(), span));
                    }
                }
            }
            _ => {
                if scanner.skip_value().is_none() {
                    return duplicates;
                }
            }
        }
    }
}

struct JsonScanner<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl JsonScanner<'_> {
    fn skip_space(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// The span of the value at `steps` from here; `key` is the span of the
    /// property name this value belongs to.
    fn find(&mut self, steps: &[String], key: Option<Range<usize>>) -> Option<Range<usize>> {
        self.skip_space();
        let Some((step, rest)) = steps.split_first() else {
            let start = self.at;
            self.skip_value()?;
            return Some(key.unwrap_or(start..self.at));
        };
        match self.bytes.get(self.at)? {
            b'{' => {
                self.at += 1;
                loop {
                    self.skip_space();
                    if self.bytes.get(self.at)? == &b'}' {
                        return None;
                    }
                    let name_start = self.at;
                    let name = self.string()?;
                    let name_span = name_start..self.at;
                    self.skip_space();
                    if self.bytes.get(self.at)? != &b':' {
                        return None;
                    }
                    self.at += 1;
                    if &name == step {
                        return self.find(rest, Some(name_span));
                    }
                    self.skip_space();
                    self.skip_value()?;
                    self.skip_space();
                    if self.bytes.get(self.at)? == &b',' {
                        self.at += 1;
                    }
                }
            }
            b'[' => {
                let index: usize = step.parse().ok()?;
                self.at += 1;
                for i in 0.. {
                    self.skip_space();
                    if self.bytes.get(self.at)? == &b']' {
                        return None;
                    }
                    if i == index {
                        return self.find(rest, None);
                    }
                    self.skip_value()?;
                    self.skip_space();
                    if self.bytes.get(self.at)? == &b',' {
                        self.at += 1;
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// A string's value, the scanner left after its closing quote.
    fn string(&mut self) -> Option<String> {
        if self.bytes.get(self.at)? != &b'"' {
            return None;
        }
        let start = self.at;
        self.skip_value()?;
        serde_json::from_slice(&self.bytes[start..self.at]).ok()
    }

    /// Skips one value. Iterative: nested arrays and objects only count a
    /// depth, so no input deepens the stack.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.skip_space();
            match self.bytes.get(self.at)? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                    continue;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    self.at += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.at += 1;
                    continue;
                }
                _ => {
                    let start = self.at;
                    while self.bytes.get(self.at).is_some_and(|c| {
                        !matches!(c, b',' | b':' | b'{' | b'}' | b'[' | b']' | b'"')
                            && !c.is_ascii_whitespace()
                    }) {
                        self.at += 1;
                    }
                    if self.at == start {
                        return None;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        self.at += 1;
        loop {
            match self.bytes.get(self.at)? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }
}

#[cfg(test)]
mod json_tests {
    use super::{duplicate_keys, json_pointer_span};

    #[test]
    fn a_key_repeated_in_one_object_is_found_at_its_second_place() {
        let text = r#"{"properties": {"name": {"type": "string"}, "na\u006de": 1, "list": [{"name": 1}, {"name": 2}]}, "name": {}}"#;
        let found: Vec<(String, &str)> = duplicate_keys(text)
            .into_iter()
            .map(|(key, span)| (key, &text[span]))
            .collect();
        // Escapes are read; objects in a list and in other objects are
        // their own scopes; a value that is a string is not a key.
        assert_eq!(found, [("name".to_owned(), r#""na\u006de""#)]);
        let deep = format!(
            "{}{{\"a\": 1, \"a\": 2}}{}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(duplicate_keys(&deep).len(), 1);
    }

    #[test]
    fn pointers_find_property_names_and_elements() {
        let text = r#"{ "a": 1, "b\"c": { "d": [10, {"e": "x}"}, 30] }, "f": true }"#;
        let at = |pointer: &str| json_pointer_span(text, pointer).map(|r| &text[r]);
        assert_eq!(at("/a"), Some(r#""a""#));
        assert_eq!(at("/b\"c/d"), Some(r#""d""#));
        assert_eq!(at("/b\"c/d/1/e"), Some(r#""e""#));
        assert_eq!(at("/b\"c/d/2"), Some("30"));
        assert_eq!(at("/f"), Some(r#""f""#));
        assert_eq!(at(""), Some(text));
        assert_eq!(at("/missing"), None);
        assert_eq!(at("/b\"c/d/9"), None);
    }

    #[test]
    fn deep_nesting_does_not_deepen_the_stack() {
        let deep = format!(
            "{{\"a\": {}1{}, \"b\": 2}}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        assert_eq!(
            json_pointer_span(&deep, "/b").map(|r| &deep[r]),
            Some("\"b\"")
        );
        let unclosed = format!("{{\"a\": {}", "[".repeat(200_000));
        assert_eq!(json_pointer_span(&unclosed, "/b"), None);
    }
}
