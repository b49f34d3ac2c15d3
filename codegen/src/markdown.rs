//! Markdown to a flat list of blocks, with byte offsets.
//!
//! The docs of this family are flat: headings, paragraphs, fenced code,
//! tables and one list. Turning pulldown-cmark's event stream into that list
//! once keeps the doc parsers free of event plumbing; they read blocks in
//! order, like a person reads the page.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Inline content flattened to text, keeping the first link it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// The text with entities decoded and `<br/>` turned into a space.
    pub text: String,
    /// The destination and text of the first link, if any.
    pub link: Option<Link>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        text: Inline,
        /// `<a name="x"></a>` anchors inside the heading.
        anchor: Option<String>,
    },
    Paragraph(Inline),
    Code {
        /// The info string's first word (`python`, `json`, `javascript`).
        lang: String,
        text: String,
        /// Offset of the first byte of the content, after the opening fence.
        content_start: usize,
        span: Range<usize>,
    },
    Table {
        header: Vec<Inline>,
        rows: Vec<Vec<Inline>>,
        span: Range<usize>,
    },
    /// A list, one entry per item (nested lists are flattened into it).
    List {
        items: Vec<Inline>,
        span: Range<usize>,
    },
    /// A block of raw HTML; its `<a name>` anchor if it holds one.
    Html {
        anchor: Option<String>,
        span: Range<usize>,
    },
}

/// Reads the document into blocks. Never fails: anything that is not one of
/// the block kinds above is passed over.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut reader = Reader {
        source: text,
        ..Reader::default()
    };
    let readable = tabs_in_delimiter_rows_as_spaces(text);
    let parser = Parser::new_ext(&readable, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        reader.event(event, range);
    }
    reader.blocks
}

/// `text` with each tab of a table's delimiter row (`| ---- |\t---- |`)
/// made a space. A tab there is white space to CommonMark's tables, and to
/// GitHub, but pulldown-cmark reads no table at all; a space is one byte
/// as a tab is, so every offset still points at the same text.
fn tabs_in_delimiter_rows_as_spaces(text: &str) -> Cow<'_, str> {
    if !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let is_delimiter_row = |line: &str| {
        line.contains('|')
            && line.contains('-')
            && line.contains('\t')
            && line
                .trim_end_matches(['\r', '\n'])
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    };
    if !text.split_inclusive('\n').any(is_delimiter_row) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split_inclusive('\n')
            .map(|line| match is_delimiter_row(line) {
                true => Cow::Owned(line.replace('\t', " ")),
                false => Cow::Borrowed(line),
            })
            .collect(),
    )
}

/// A table being read: header, rows, start.
type TableParts = (Vec<Inline>, Vec<Vec<Inline>>, Range<usize>);

#[derive(Default)]
struct Reader<'s> {
    source: &'s str,
    blocks: Vec<Block>,
    /// The inline content being collected (heading, paragraph, cell, item).
    inline: Option<Inline>,
    /// The link being read: its destination, and its text so far.
    link: Option<Link>,
    anchor: Option<String>,
    code: Option<(String, Option<usize>, Range<usize>)>,
    table: Option<TableParts>,
    row: Vec<Inline>,
    /// The top-level list being read: its items, its span, and how deep
    /// the reader is in it (nested lists add to their item's text).
    list: Option<(Vec<Inline>, Range<usize>, usize)>,
}

impl Reader<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => self.push_text(&code, range),
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", range),
            Event::InlineHtml(html) | Event::Html(html) => self.html(&html, range),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { .. } | Tag::Paragraph | Tag::TableCell => {
                self.anchor = None;
                // Paragraphs inside list items add to the item's text.
                if self.inline.is_none() {
                    self.inline = Some(Inline {
                        span: range,
                        ..Inline::default()
                    });
                }
            }
            Tag::Item => {
                if let Some((_, _, depth)) = &self.list {
                    if *depth == 1 {
                        self.inline = Some(Inline {
                            span: range,
                            ..Inline::default()
                        });
                    }
                }
            }
            Tag::List(_) => match &mut self.list {
                Some((_, _, depth)) => *depth += 1,
                None => self.list = Some((Vec::new(), range, 1)),
            },
            Tag::Link { dest_url, .. } => {
                self.link = Some(Link {
                    dest: dest_url.into_string(),
                    text: String::new(),
                    span: range,
                });
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, None, range));
                self.inline = Some(Inline::default());
            }
            Tag::Table(_) => self.table = Some((Vec::new(), Vec::new(), range)),
            Tag::TableRow => self.row.clear(),
            Tag::HtmlBlock => {}
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(level) => {
                if let Some(mut text) = self.inline.take() {
                    text.span = range;
                    text.text = text.text.trim().to_owned();
                    self.blocks.push(Block::Heading {
                        level: level as u8,
                        text,
                        anchor: self.anchor.take(),
                    });
                }
            }
            TagEnd::Paragraph if self.list.is_none() => {
                if let Some(mut text) = self.inline.take() {
                    text.span = range;
                    text.text = text.text.trim().to_owned();
                    // `<a name="x"></a>` alone on its line is a paragraph of inline HTML.
                    let anchor = self.anchor.take();
                    if text.text.is_empty() {
                        self.blocks.push(Block::Html {
                            anchor,
                            span: text.span,
                        });
                    } else {
                        self.blocks.push(Block::Paragraph(text));
                    }
                }
            }
            TagEnd::Item => {
                if let Some((items, _, 1)) = &mut self.list {
                    if let Some(mut text) = self.inline.take() {
                        text.span = range;
                        text.text = text.text.trim().to_owned();
                        items.push(text);
                    }
                }
            }
            TagEnd::List(_) => {
                if let Some((items, span, depth)) = &mut self.list {
                    *depth -= 1;
                    if *depth == 0 {
                        let items = std::mem::take(items);
                        let span = span.start..range.end;
                        self.list = None;
                        self.blocks.push(Block::List { items, span });
                    }
                }
            }
            TagEnd::Link => {
                if let (Some(link), Some(inline)) = (self.link.take(), self.inline.as_mut()) {
                    if inline.link.is_none() {
                        inline.link = Some(link);
                    }
                }
            }
            TagEnd::CodeBlock => {
                if let (Some((lang, content_start, span)), Some(inline)) =
                    (self.code.take(), self.inline.take())
                {
                    self.blocks.push(Block::Code {
                        lang,
                        text: inline.text,
                        content_start: content_start.unwrap_or(span.end),
                        span: span.start..range.end,
                    });
                }
            }
            TagEnd::TableCell => {
                if let Some(mut cell) = self.inline.take() {
                    cell.span = trim_span(self.source, range);
                    cell.text = cell.text.trim().to_owned();
                    self.row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some((header, _, _)) = &mut self.table {
                    *header = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some((_, rows, _)) = &mut self.table {
                    rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::Table => {
                if let Some((header, rows, span)) = self.table.take() {
                    self.blocks.push(Block::Table {
                        header,
                        rows,
                        span: span.start..range.end,
                    });
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if let Some((_, start @ None, _)) = &mut self.code {
            *start = Some(range.start);
        }
        self.push_text(text, range);
    }

    fn push_text(&mut self, text: &str, _range: Range<usize>) {
        if let Some(link) = &mut self.link {
            link.text.push_str(text);
        }
        if let Some(inline) = &mut self.inline {
            inline.text.push_str(text);
        }
    }

    fn html(&mut self, html: &str, range: Range<usize>) {
        let anchor = anchor_name(html);
        if self.inline.is_some() {
            if html.trim_start().starts_with("<br") {
                self.push_text(" ", range);
            }
            if anchor.is_some() {
                self.anchor = anchor;
            }
            return;
        }
        // A raw HTML block: merge consecutive chunks of one block.
        if let Some(Block::Html { anchor: a, span }) = self.blocks.last_mut() {
            if span.end == range.start {
                span.end = range.end;
                if a.is_none() {
                    *a = anchor;
                }
                return;
            }
        }
        self.blocks.push(Block::Html {
            anchor,
            span: range,
        });
    }
}

/// The span without the white space at either end.
fn trim_span(source: &str, span: Range<usize>) -> Range<usize> {
    let Some(text) = source.get(span.clone()) else {
        return span;
    };
    let start = span.start + (text.len() - text.trim_start().len());
    let end = span.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

/// The `name` (or `id`) of an `<a name="...">` tag.
fn anchor_name(html: &str) -> Option<String> {
    let rest = html.trim_start().strip_prefix("<a")?;
    for key in ["name=", "id="] {
        if let Some(at) = rest.find(key) {
            let value = &rest[at + key.len()..];
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &value[1..];
                return value.find(quote).map(|end| value[..end].to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_block_kinds_of_an_action_doc() {
        let doc = "# Org Actions\n\nSome *text*\nmore &#x27;x&#x27;\n\n\
                   *   [Delete](#delete)\n*   [Get](#get)\n\n<br/>\n\n\
                   ```python\nclient.org.get(orgId=x)\n```\n\n\
                   | Name | Type |\n| --- | --- |\n| orgId | [Error](_schemas.md#error) |\n";
        let blocks = blocks(doc);
        assert_eq!(blocks.len(), 6, "{blocks:#?}");
        assert!(
            matches!(&blocks[0], Block::Heading { level: 1, text, .. } if text.text == "Org Actions")
        );
        assert!(matches!(&blocks[1], Block::Paragraph(p) if p.text == "Some text more 'x'"));
        let Block::List { items, .. } = &blocks[2] else {
            panic!()
        };
        assert_eq!(items[1].text, "Get");
        assert_eq!(items[1].link.as_ref().unwrap().dest, "#get");
        assert!(matches!(&blocks[3], Block::Html { anchor: None, .. }));
        let Block::Code {
            lang,
            text,
            content_start,
            ..
        } = &blocks[4]
        else {
            panic!()
        };
        assert_eq!(
            (lang.as_str(), text.as_str()),
            ("python", "client.org.get(orgId=x)\n")
        );
        assert_eq!(&doc[*content_start..*content_start + 6], "client");
        let Block::Table { header, rows, .. } = &blocks[5] else {
            panic!()
        };
        assert_eq!(header[1].text, "Type");
        assert_eq!(rows[0][1].link.as_ref().unwrap().dest, "_schemas.md#error");
        assert_eq!(&doc[rows[0][0].span.clone()], "orgId");
    }

    #[test]
    fn a_tab_in_a_delimiter_row_is_white_space() {
        let doc = "Text\twith a tab.\n\n| Name | Type |\n| ---- |\t---- |\n| a\tb | `x\ty` |\n";
        let blocks = blocks(doc);
        let Block::Table { header, rows, .. } = &blocks[1] else {
            panic!("{blocks:#?}")
        };
        assert_eq!(header[1].text, "Type");
        // Tabs elsewhere are left as they are, and spans still point at
        // the doc's own text.
        assert_eq!(rows[0][0].text, "a\tb");
        assert_eq!(&doc[rows[0][1].span.clone()], "`x\ty`");
        assert!(matches!(&blocks[0], Block::Paragraph(p) if p.text == "Text\twith a tab."));
    }

    #[test]
    fn finds_anchors_in_headings_and_html_blocks() {
        let blocks = blocks("## <a name=\"x-y\"></a> Title\n\n<a name='z'></a>\n");
        assert!(
            matches!(&blocks[0], Block::Heading { text, anchor: Some(a), .. } if text.text == "Title" && a == "x-y")
        );
        assert!(matches!(&blocks[1], Block::Html { anchor: Some(a), .. } if a == "z"));
    }
}
