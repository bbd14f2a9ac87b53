//! String tables as XLSX workbooks, in the columns of [`crate::sheet`]: read with calamine
//! from the first worksheet, written with rust_xlsxwriter (bold frozen header, wrapped
//! text, and a text-length rule on every cell of a row with a length limit, so a
//! translator's spreadsheet refuses an overlong string as it is typed).

use crate::FormatError;
use crate::sheet::{Options, read_rows, write_rows};
use calamine::{Data, Reader};
use callsheet_core::loc::Locale;
use callsheet_core::loc::table::Table;

/// Reads the first worksheet of an XLSX workbook. Errors give the row as the line and
/// the spreadsheet column as the column.
pub fn read(bytes: &[u8], source_locale: &Locale, options: &Options) -> Result<Table, FormatError> {
    let fail = |message: String| FormatError {
        line: 1,
        column: 1,
        message,
    };
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| fail(format!("not an XLSX workbook: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| fail("the workbook has no worksheet".into()))?
        .map_err(|e| fail(format!("the first worksheet cannot be read: {e}")))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => other.to_string(),
    };
    let pad = |row: &[Data]| {
        let mut cells = vec![String::new(); usize::try_from(left).unwrap_or(0)];
        cells.extend(row.iter().map(text));
        cells
    };
    let mut rows = range.rows();
    let headers = rows.next().map(pad).unwrap_or_default();
    let first_data_row = usize::try_from(top).unwrap_or(0) + 2;
    let rows = rows
        .enumerate()
        .map(|(i, row)| Ok((first_data_row + i, pad(row))));
    read_rows(false, &headers, rows, source_locale, options).map_err(|mut e| {
        if e.line <= 1 {
            e.line = usize::try_from(top).unwrap_or(0) + 1;
        }
        e
    })
}

/// Writes a table as an XLSX workbook with one worksheet, `Strings`.
pub fn write(table: &Table) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    sheet.set_name("Strings").map_err(err)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let rows = write_rows(table, false);
    let locale_from = u16::try_from(rows.first().map_or(0, Vec::len) - table.locales.len())
        .map_err(|e| e.to_string())?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).map_err(|e| e.to_string())?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| e.to_string())?;
            if cell.is_empty() {
                continue;
            }
            let format = if r == 0 { &bold } else { &wrap };
            sheet
                .write_string_with_format(r, c, cell, format)
                .map_err(err)?;
        }
    }
    for (i, e) in table.entries.iter().enumerate() {
        let (Some(max), false) = (e.max_length, table.locales.is_empty()) else {
            continue;
        };
        let r = u32::try_from(i + 1).map_err(|e| e.to_string())?;
        let limit = u32::try_from(max).unwrap_or(u32::MAX);
        let rule = DataValidation::new()
            .allow_text_length(DataValidationRule::LessThanOrEqualTo(limit))
            .set_error_title(format!("At most {max} characters"))
            .map_err(err)?;
        let last =
            locale_from + u16::try_from(table.locales.len() - 1).map_err(|e| e.to_string())?;
        sheet
            .add_data_validation(r, locale_from, r, last, &rule)
            .map_err(err)?;
    }
    sheet.set_freeze_panes(1, 2).map_err(err)?;
    sheet.set_column_width(0, 28).map_err(err)?;
    for c in 1..rows.first().map_or(0, Vec::len) {
        let c = u16::try_from(c).map_err(|e| e.to_string())?;
        let width = if c >= locale_from || c == 1 { 48 } else { 18 };
        sheet.set_column_width(c, width).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use callsheet_core::loc::table::{Entry, Status, Translation};

    #[test]
    fn a_workbook_round_trips_with_context_notes_limits_and_tags() {
        let en = Locale::parse("en").unwrap();
        let ja = Locale::parse("ja").unwrap();
        let mut t = Table::new(en.clone());
        t.locales = vec![ja.clone()];
        t.entries.push(Entry {
            key: "shop.armor".into(),
            source: "+10 Armor".into(),
            context: "shop".into(),
            notes: "A stat line".into(),
            max_length: Some(12),
            tags: vec!["ui".into(), "shop".into()],
            ..Entry::default()
        });
        t.entries.push(Entry {
            key: "count".into(),
            source: "=SUM(A1)".into(),
            ..Entry::default()
        });
        t.entries[0].translations.insert(
            ja.clone(),
            Translation {
                text: "防御力+10".into(),
                status: Status::Translated,
            },
        );
        let bytes = write(&t).unwrap();
        let back = read(&bytes, &en, &Options::default()).unwrap();
        assert_eq!(back.locales, t.locales);
        assert_eq!(back.entries, t.entries);
    }

    #[test]
    fn a_file_that_is_not_a_workbook_says_so() {
        let en = Locale::parse("en").unwrap();
        let e = read(b"key,en\n", &en, &Options::default()).unwrap_err();
        assert!(e.message.contains("not an XLSX workbook"), "{e}");
    }
}
