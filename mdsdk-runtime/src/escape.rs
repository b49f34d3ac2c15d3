//! Text from a server, made safe to print: an error message with an ANSI
//! escape could recolour or clear a terminal, one with a newline could
//! forge a log line, and bidirectional overrides could reorder what is shown.

use std::fmt::{self, Write};

/// A writer that passes text on with those characters escaped
/// (`\u{1b}`, `\n`, `\u{202e}`).
pub(crate) struct Escaping<'a, 'b>(pub(crate) &'a mut fmt::Formatter<'b>);

impl Write for Escaping<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut rest = text;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| is_unsafe(c)) {
            self.0.write_str(&rest[..at])?;
            write!(self.0, "{}", c.escape_default())?;
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

/// Control characters, and the invisible marks that change text direction.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Shown<'a>(&'a str);

    impl fmt::Display for Shown<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            Escaping(f).write_str(self.0)
        }
    }

    #[test]
    fn control_and_direction_characters_are_escaped() {
        assert_eq!(
            Shown("a\u{1b}[2Jb\r\nc\td\u{202e}é").to_string(),
            r"a\u{1b}[2Jb\r\nc\td\u{202e}é"
        );
        assert_eq!(Shown("plain text").to_string(), "plain text");
    }
}
