//! String tables as CSV (what a spreadsheet exports), in the columns of [`crate::sheet`].
//! UTF-8 with or without a BOM; `,`, `;` or tab between fields, whichever the header uses.

use crate::FormatError;
pub use crate::sheet::Options;
use crate::sheet::{read_rows, write_rows};
use callsheet_core::loc::Locale;
use callsheet_core::loc::table::Table;

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
    let line_of =
        |p: Option<&csv::Position>| p.map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FormatError {
            line: 1,
            column: 1,
            message: format!("the header row is not CSV: {e}"),
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader.records().map(|record| {
        let record = record.map_err(|e| FormatError {
            line: line_of(e.position()),
            column: 1,
            message: format!("not CSV: {e}"),
        })?;
        Ok((
            line_of(record.position()),
            record.iter().map(str::to_string).collect(),
        ))
    });
    read_rows(true, &headers, rows, source_locale, options)
}

/// Writes a table as CSV.
pub fn write(table: &Table) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in write_rows(table, true) {
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_and_formula_escapes_undone() {
        let csv = "\u{feff}ID;EN;fr_FR;de;Comment;Context;MaxLen\nmenu.play;Play;Jouer;Spielen;Title screen;verb;6\nshop.armor;'+10 Armor;'+10 Armure;;;;\n";
        let en = Locale::parse("en").unwrap();
        let t = read(csv, &en, &Options::default()).unwrap();
        let fr = Locale::parse("fr-FR").unwrap();
        assert_eq!(t.locales, vec![fr.clone(), Locale::parse("de").unwrap()]);
        assert_eq!(t.entries[0].notes, "Title screen");
        assert_eq!(t.entries[0].context, "verb");
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
    fn cells_starting_with_tab_or_carriage_return_are_escaped_and_read_back() {
        let en = Locale::parse("en").unwrap();
        let mut t = read("key,en\na,x\n", &en, &Options::default()).unwrap();
        t.entries[0].source = "\t=cmd|' /C calc'!A0".into();
        t.entries[0].notes = "\r@SUM(1)".into();
        let written = write(&t);
        assert!(written.contains("'\t=cmd"), "{written:?}");
        assert!(written.contains("'\r@SUM"), "{written:?}");
        let again = read(&written, &en, &Options::default()).unwrap();
        assert_eq!(again.entries, t.entries);
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
