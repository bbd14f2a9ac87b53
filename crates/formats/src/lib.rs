//! Readers and writers of other tools' file formats: bytes in, core values out, and the
//! reverse. Every reading error names its place in the file as a line and a column.

pub mod csv_table;
pub mod mspdi;
pub mod po;
mod sheet;
pub mod strings;
pub mod xliff;
pub mod xlsx_table;
mod xml;
pub mod zip_guard;

pub use sheet::formula_safe;

/// The most strings one string-table file may hold, whatever its format. A game's largest
/// locale files hold tens of thousands; a bigger table imports in parts.
pub const MAX_ENTRIES: usize = 100_000;

/// What is wrong with a file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct FormatError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl FormatError {
    /// An error at a byte offset of `text`.
    pub(crate) fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        FormatError {
            line,
            column,
            message: message.into(),
        }
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "<a>\n  <bé>x</bé>\n</a>";
        let e = FormatError::at(text, text.find('x').unwrap(), "bad");
        assert_eq!((e.line, e.column), (2, 7));
        assert_eq!(e.to_string(), "line 2, column 7: bad");
    }
}
