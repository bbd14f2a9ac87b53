//! Conversions between domain values and the portable column types: civil dates as
//! `YYYY-MM-DD` text, instants as epoch milliseconds, enums as text, JSON as text.

use crate::{Result, StoreError};
use callsheet_core::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Writes a date as stored.
pub fn date_text(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

/// Reads a stored date column.
pub fn date_of(row: &AnyRow, column: &str) -> Result<Option<Date>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| {
        t.parse::<Date>()
            .map_err(|_| StoreError::Corrupt(format!("{column} holds {t:?}, not a date")))
    })
    .transpose()
}

/// Reads a text enum column through the domain's parser.
pub fn enum_of<T>(
    row: &AnyRow,
    column: &str,
    parse: impl Fn(&str) -> Result<T, callsheet_core::ValueError>,
) -> Result<T> {
    let text: String = row.try_get(column)?;
    parse(&text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Escapes `%`, `_` and `\` so a user's text is matched literally inside `LIKE ... ESCAPE '\'`.
pub fn like_contains(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_literally() {
        assert_eq!(like_contains("50%_A\\"), "%50\\%\\_a\\\\%");
    }
}
