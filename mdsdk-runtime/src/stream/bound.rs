//! The size limit of one event, counted on the bytes as they arrive, so
//! that the parser never holds more than the limit (and one chunk) of a
//! stream that never ends its event or its line.

/// Counts the bytes of the event being received and of its current line.
/// Comment lines (`: keep-alive`) count toward their line only: the parser
/// keeps nothing of them.
#[derive(Debug)]
pub(crate) struct Bound {
    limit: usize,
    /// Bytes of the current line so far, its end excluded.
    line: usize,
    /// Bytes of the field lines of the current event so far.
    event: usize,
    /// Whether the current line is a comment.
    comment: bool,
    /// The last byte seen was a CR: an LF next completes the same line end.
    after_cr: bool,
    /// The limit was crossed: the stream stops after the bytes before.
    pub(crate) crossed: bool,
}

/// The event or line being received passed the limit, this far into the
/// chunk: the bytes before are still the stream's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge {
    pub(crate) at: usize,
}

impl Bound {
    pub(crate) fn new(limit: usize) -> Self {
        Bound {
            limit,
            line: 0,
            event: 0,
            comment: false,
            after_cr: false,
            crossed: false,
        }
    }

    /// Counts `chunk`, the next bytes of the stream: one pass over its
    /// line ends (a searcher per chunk, not per line: events are short).
    pub(crate) fn count(&mut self, chunk: &[u8]) -> Result<(), TooLarge> {
        let mut start = 0;
        for end in memchr::memchr2_iter(b'\n', b'\r', chunk) {
            // The LF of a CRLF whose CR came last: the same line end.
            if end == start && std::mem::take(&mut self.after_cr) && chunk[end] == b'\n' {
                start = end + 1;
                continue;
            }
            self.text(&chunk[start..end], end)?;
            // An empty line ends the event.
            if self.line == 0 {
                self.event = 0;
            }
            self.line = 0;
            self.after_cr = chunk[end] == b'\r';
            start = end + 1;
        }
        self.text(&chunk[start..], chunk.len())
    }

    /// Counts the text of a line, or of its part in this chunk, which ends
    /// at `end` of the chunk.
    fn text(&mut self, text: &[u8], end: usize) -> Result<(), TooLarge> {
        let Some(&first) = text.first() else {
            return Ok(());
        };
        self.after_cr = false;
        if self.line == 0 {
            self.comment = first == b':';
        }
        self.line += text.len();
        if !self.comment {
            self.event += text.len();
        }
        if self.line > self.limit || self.event > self.limit {
            let over =
                (self.line.saturating_sub(self.limit)).max(self.event.saturating_sub(self.limit));
            return Err(TooLarge {
                at: end - over.min(text.len()),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(limit: usize, chunks: &[&str]) -> bool {
        let mut bound = Bound::new(limit);
        chunks
            .iter()
            .all(|chunk| bound.count(chunk.as_bytes()).is_ok())
    }

    #[test]
    fn an_event_is_counted_across_its_lines_and_chunks_and_ends_at_an_empty_line() {
        // 10 bytes of field lines, ended, then another 10.
        assert!(fits(10, &["data:", "12345\n\n", "data:12345\r\n\r\n"]));
        // 11 bytes in one event, over two lines.
        assert!(!fits(10, &["data:1\n", "data:", "6\n"]));
        // A CR, then the LF in the next chunk, is one line end: the next
        // line is empty and so ends the event.
        assert!(fits(10, &["data:12345\r", "\n\r\ndata:12345\n"]));
    }

    #[test]
    fn comment_lines_count_toward_their_line_only() {
        let keep_alive = ":\n".repeat(100);
        assert!(fits(12, &["data:1\n", &keep_alive, "data:2\n\n"]));
        assert!(!fits(11, &["data:1\n", &keep_alive, "data:2\n\n"]));
        assert!(!fits(10, &[": a comment longer than ten bytes\n"]));
    }

    #[test]
    fn the_refusal_says_where_the_limit_was_crossed() {
        let mut bound = Bound::new(10);
        let chunk = b"data:1\n\ndata:12345678";
        // The first event fits; the second crosses 10 bytes at its 11th.
        assert_eq!(bound.count(chunk), Err(TooLarge { at: 8 + 10 }));
    }

    #[test]
    fn a_line_that_never_ends_is_refused_once_past_the_limit() {
        let mut bound = Bound::new(1000);
        let mut refused = false;
        for _ in 0..1000 {
            if bound.count(b"xxxxxxxx").is_err() {
                refused = true;
                break;
            }
        }
        assert!(refused);
    }
}
