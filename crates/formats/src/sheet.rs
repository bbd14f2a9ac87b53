//! A string table as rows of cells, whatever carries them (CSV or XLSX): a key column, a
//! source column, one column per target locale named by its code, and optional context,
//! notes, max-length and tags columns. Common header names are recognised (`key`/`id`,
//! `source` or the source locale's code, `max_length`/`maxlen`/`limit`,
//! `notes`/`comment`, `context`); options override them. Spreadsheet formula escapes
//! (`'=`, `'+10 Armor`) are undone on reading and added on writing.

use crate::FormatError;
use callsheet_core::loc::Locale;
use callsheet_core::loc::table::{Entry, Status, Table, Translation};

/// What to read a table as, when its headers do not say.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub key_column: Option<String>,
    pub source_column: Option<String>,
}

const KEY: &[&str] = &["key", "id", "string_id", "string id", "name"];
const NOTES: &[&str] = &[
    "notes",
    "note",
    "comment",
    "comments",
    "description",
    "developer notes",
];
const CONTEXT: &[&str] = &["context", "msgctxt"];
const MAX: &[&str] = &[
    "max_length",
    "maxlen",
    "max length",
    "max_len",
    "limit",
    "max",
];
const TAGS: &[&str] = &["tags", "labels"];

/// The characters that make a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// A cell a spreadsheet will show as text: one that would start a formula gets a `'`
/// in front. Every CSV we write passes its user-written cells through this.
pub fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn escape(cell: &str) -> String {
    formula_safe(cell).into_owned()
}

/// Builds a table from a header row and data rows, each with its line (CSV) or row
/// (spreadsheet) number for errors.
pub(crate) fn read_rows(
    formula_escapes: bool,
    headers: &[String],
    rows: impl Iterator<Item = Result<(usize, Vec<String>), FormatError>>,
    source_locale: &Locale,
    options: &Options,
) -> Result<Table, FormatError> {
    let at = |line: usize, column: usize, message: String| FormatError {
        line,
        column,
        message,
    };
    let headers: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    let lower: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    let find = |wanted: &Option<String>, names: &[&str]| -> Option<usize> {
        match wanted {
            Some(w) => lower.iter().position(|h| *h == w.to_ascii_lowercase()),
            None => lower.iter().position(|h| names.contains(&h.as_str())),
        }
    };
    let key_col = find(&options.key_column, KEY).ok_or_else(|| {
        at(
            1,
            1,
            format!(
                "no key column: name one key or id, or say which with --key-column (headers: {})",
                headers.join(", ")
            ),
        )
    })?;
    let source_names = ["source", source_locale.as_str(), source_locale.language()];
    let source_col = match &options.source_column {
        Some(_) => find(&options.source_column, &[]),
        None => lower.iter().position(|h| {
            source_names.contains(&h.as_str())
                || Locale::parse(h).is_ok_and(|l| l == *source_locale)
        }),
    }
    .ok_or_else(|| {
        at(1, 1, format!(
            "no source column: name one source or {source_locale}, or say which with --source-column"
        ))
    })?;
    let notes_col = find(&None, NOTES);
    let context_col = find(&None, CONTEXT);
    let max_col = find(&None, MAX);
    let tags_col = find(&None, TAGS);
    let known = [
        Some(key_col),
        Some(source_col),
        notes_col,
        context_col,
        max_col,
        tags_col,
    ];
    let mut table = Table::new(source_locale.clone());
    let mut locale_cols = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if known.contains(&Some(i)) {
            continue;
        }
        if let Ok(l) = Locale::parse(h) {
            table.locales.push(l.clone());
            locale_cols.push((i, l));
        }
    }
    let mut seen = std::collections::HashMap::new();
    for row in rows {
        let (line, mut record) = row?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // Each cell is read once, so it is moved out of the row rather than copied.
        let mut cell = |i: usize| {
            let raw = record.get_mut(i).map(std::mem::take).unwrap_or_default();
            match (formula_escapes, unescape(&raw).len() < raw.len()) {
                (true, true) => raw[1..].to_string(),
                _ => raw,
            }
        };
        let key = cell(key_col).trim().to_string();
        if key.is_empty() {
            return Err(at(
                line,
                key_col + 1,
                format!("column {}: every row needs a key", headers[key_col]),
            ));
        }
        if let Some(first) = seen.insert(key.clone(), line) {
            return Err(at(
                line,
                key_col + 1,
                format!("key {key:?} is already on line {first}"),
            ));
        }
        let max_length = match max_col.map(&mut cell) {
            Some(m) if !m.trim().is_empty() => Some(m.trim().parse::<usize>().map_err(|_| {
                at(
                    line,
                    max_col.unwrap_or(0) + 1,
                    format!(
                        "column {}: {m:?} is not a whole number",
                        headers[max_col.unwrap_or(0)]
                    ),
                )
            })?),
            _ => None,
        };
        let mut e = Entry {
            key,
            source: cell(source_col),
            notes: notes_col.map(&mut cell).unwrap_or_default(),
            context: context_col.map(&mut cell).unwrap_or_default(),
            max_length,
            tags: tags_col
                .map(&mut cell)
                .unwrap_or_default()
                .split([',', ' '])
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            ..Entry::default()
        };
        for (i, l) in &locale_cols {
            let t = cell(*i);
            if !t.is_empty() {
                e.translations.insert(
                    l.clone(),
                    Translation {
                        text: t,
                        status: Status::Translated,
                    },
                );
            }
        }
        table.entries.push(e);
    }
    Ok(table)
}

/// The table as rows: a header (key, the source locale, context, notes, max_length, tags,
/// then each locale) and one row per entry, formula-escaped for CSV.
pub(crate) fn write_rows(table: &Table, formula_escapes: bool) -> Vec<Vec<String>> {
    let escape = |cell: &str| {
        if formula_escapes {
            escape(cell)
        } else {
            cell.to_string()
        }
    };
    let mut header = vec![
        "key".to_string(),
        table.source_locale.to_string(),
        "context".into(),
        "notes".into(),
        "max_length".into(),
        "tags".into(),
    ];
    header.extend(table.locales.iter().map(|l| l.to_string()));
    let mut rows = vec![header];
    for e in &table.entries {
        let mut row = vec![
            escape(&e.key),
            escape(&e.source),
            escape(&e.context),
            escape(&e.notes),
            e.max_length.map(|m| m.to_string()).unwrap_or_default(),
            e.tags.join(" "),
        ];
        for l in &table.locales {
            row.push(escape(
                e.translations.get(l).map_or("", |t| t.text.as_str()),
            ));
        }
        rows.push(row);
    }
    rows
}
