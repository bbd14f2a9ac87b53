//! String tables as CSV (what a spreadsheet exports): a key column, a source column, one
//! column per target locale named by its code, and optional notes and max-length columns.
//! Common header names are recognised (`key`/`id`, `source` or the source locale's code,
//! `max_length`/`maxlen`/`limit`, `notes`/`comment`/`context`); options override them.
//! UTF-8 with or without a BOM; `,`, `;` or tab between fields, whichever the header uses;
//! spreadsheet formula escapes (`'=`, `'+10 Armor`) are undone on reading and added on
//! writing.

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
    "context",
    "description",
];
const MAX: &[&str] = &[
    "max_length",
    "maxlen",
    "max length",
    "max_len",
    "limit",
    "max",
];

fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

fn escape(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Reads a CSV string table whose source strings are in `source_locale`.
pub fn read(text: &str, source_locale: &Locale, options: &Options) -> Result<Table, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let at = |line: u64, column: usize, message: String| FormatError {
        line: usize::try_from(line).unwrap_or(0),
        column,
        message,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| at(1, 1, format!("the header row is not CSV: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
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
    let max_col = find(&None, MAX);
    let mut table = Table::new(source_locale.clone());
    let mut locale_cols = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if [Some(key_col), Some(source_col), notes_col, max_col].contains(&Some(i)) {
            continue;
        }
        if let Ok(l) = Locale::parse(h) {
            table.locales.push(l.clone());
            locale_cols.push((i, l));
        }
    }
    let mut seen = std::collections::HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            at(line, 1, format!("not CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| unescape(record.get(i).unwrap_or("")).to_string();
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
        let max_length = match max_col.map(cell) {
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
            notes: notes_col.map(cell).unwrap_or_default(),
            max_length,
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

/// Writes a table as CSV: key, the source locale, notes, max_length, then each locale.
pub fn write(table: &Table) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "key".to_string(),
        table.source_locale.to_string(),
        "notes".into(),
        "max_length".into(),
    ];
    header.extend(table.locales.iter().map(|l| l.to_string()));
    let _ = w.write_record(&header);
    for e in &table.entries {
        let mut row = vec![
            escape(&e.key),
            escape(&e.source),
            escape(&e.notes),
            e.max_length.map(|m| m.to_string()).unwrap_or_default(),
        ];
        for l in &table.locales {
            row.push(escape(
                e.translations.get(l).map_or("", |t| t.text.as_str()),
            ));
        }
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_and_formula_escapes_undone() {
        let csv = "\u{feff}ID;EN;fr_FR;de;Comment;MaxLen\nmenu.play;Play;Jouer;Spielen;Title screen;6\nshop.armor;'+10 Armor;'+10 Armure;;;\n";
        let en = Locale::parse("en").unwrap();
        let t = read(csv, &en, &Options::default()).unwrap();
        let fr = Locale::parse("fr-FR").unwrap();
        assert_eq!(t.locales, vec![fr.clone(), Locale::parse("de").unwrap()]);
        assert_eq!(t.entries[0].notes, "Title screen");
        assert_eq!(t.entries[0].max_length, Some(6));
        assert_eq!(t.entries[1].source, "+10 Armor");
        assert_eq!(t.entries[1].translations[&fr].text, "+10 Armure");
        assert!(
            !t.entries[1]
                .translations
                .contains_key(&Locale::parse("de").unwrap())
        );
        let again = read(&write(&t), &en, &Options::default()).unwrap();
        assert_eq!(again.entries, t.entries);
        assert!(write(&t).contains("'+10 Armor"));
    }

    #[test]
    fn mistakes_say_where() {
        let en = Locale::parse("en").unwrap();
        let e = read("key,en,fr\na,A,B\na,A2,B2\n", &en, &Options::default()).unwrap_err();
        assert_eq!((e.line, e.column), (3, 1), "{e}");
        assert!(e.message.contains("already on line 2"), "{e}");
        let e = read("key,en,limit\na,A,six\n", &en, &Options::default()).unwrap_err();
        assert!(e.message.contains("\"six\" is not a whole number"), "{e}");
        let e = read("word,text\na,A\n", &en, &Options::default()).unwrap_err();
        assert!(e.message.contains("no key column"), "{e}");
        let t = read(
            "word,text,ja\na,A,エー\n",
            &en,
            &Options {
                key_column: Some("word".into()),
                source_column: Some("text".into()),
            },
        )
        .unwrap();
        assert_eq!(t.entries[0].translations.len(), 1);
    }
}
