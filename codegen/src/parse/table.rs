//! Tables matched by their header row, not by column position.

use crate::markdown::Inline;

/// A table's columns by header name (compared case-insensitively).
pub struct Columns<'t> {
    header: &'t [Inline],
}

impl<'t> Columns<'t> {
    pub fn new(header: &'t [Inline]) -> Self {
        Columns { header }
    }

    /// The index of the column with this header.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.text.trim().eq_ignore_ascii_case(name))
    }

    /// The names of the required columns that the header lacks.
    pub fn missing<'n>(&self, required: &[&'n str]) -> Vec<&'n str> {
        required
            .iter()
            .copied()
            .filter(|name| self.find(name).is_none())
            .collect()
    }

    /// Headers not in `known`, with their index: extra columns to keep.
    pub fn others(&self, known: &[&str]) -> Vec<(usize, String)> {
        self.header
            .iter()
            .enumerate()
            .filter(|(_, h)| !known.iter().any(|k| h.text.trim().eq_ignore_ascii_case(k)))
            .map(|(i, h)| (i, h.text.trim().to_owned()))
            .collect()
    }
}

/// How many cells a row has as written: Markdown pads a short row with
/// empty cells and drops the extra ones of a long row, so the parsed row
/// cannot tell. Counted on the row's line of `source`: the `|`s that are
/// not escaped, less a leading and a trailing one. `None` when the row has
/// no cell to find its line by.
pub fn written_cells(source: &str, row: &[Inline]) -> Option<usize> {
    let at = row
        .iter()
        .map(|c| c.span.start)
        .find(|&s| s < source.len())?;
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = source[start..end].trim();
    let mut pipes = Vec::new();
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => pipes.push(i),
            _ => {}
        }
    }
    let leading = usize::from(pipes.first() == Some(&0));
    let trailing = usize::from(pipes.len() > leading && pipes.last() == Some(&(line.len() - 1)));
    Some(pipes.len() + 1 - leading - trailing)
}

/// What is wrong with a row of `written` cells under `header`: the columns
/// it lacks, or how many cells it has past the last column.
pub fn row_shape_problem(header: &[Inline], written: usize) -> Option<String> {
    let columns = header.len();
    if written < columns {
        let missing: Vec<String> = header[written..]
            .iter()
            .map(|h| format!("`{}`", h.text.trim()))
            .collect();
        Some(format!(
            "has {written} cells where the header has {columns}: no {} cell",
            missing.join(", ")
        ))
    } else if written > columns {
        Some(format!(
            "has {written} cells where the header has {columns}: {} cell(s) past the last column, `{}`",
            written - columns,
            header.last().map_or("", |h| h.text.trim())
        ))
    } else {
        None
    }
}

/// The cell at a column, or an empty one when the row is short.
pub fn cell(row: &[Inline], index: Option<usize>) -> Option<&Inline> {
    index.and_then(|i| row.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(doc: &str) -> (Vec<Inline>, Vec<Vec<Inline>>) {
        match crate::markdown::blocks(doc).into_iter().next() {
            Some(crate::markdown::Block::Table { header, rows, .. }) => (header, rows),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rows_are_counted_as_written() {
        let doc = "| Name | Type | Required |\n| --- | --- | --- |\n\
                   | a | string | Y |\n\
                   | b | string |\n\
                   b2 | string | Y\n\
                   | c | `x\\|y` | Y | extra |\n";
        let (header, rows) = rows(doc);
        let written: Vec<Option<usize>> = rows.iter().map(|r| written_cells(doc, r)).collect();
        assert_eq!(written, [Some(3), Some(2), Some(3), Some(4)]);
        assert_eq!(row_shape_problem(&header, 3), None);
        assert_eq!(
            row_shape_problem(&header, 2).unwrap(),
            "has 2 cells where the header has 3: no `Required` cell"
        );
        assert_eq!(
            row_shape_problem(&header, 4).unwrap(),
            "has 4 cells where the header has 3: 1 cell(s) past the last column, `Required`"
        );
    }
}
