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

/// The cell at a column, or an empty one when the row is short.
pub fn cell(row: &[Inline], index: Option<usize>) -> Option<&Inline> {
    index.and_then(|i| row.get(i))
}
