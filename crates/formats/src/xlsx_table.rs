//! String tables as XLSX workbooks, in the columns of [`crate::sheet`]: read with calamine
//! from the first worksheet, written with rust_xlsxwriter (bold frozen header, wrapped
//! text, and a text-length rule on every cell of a row with a length limit, so a
//! translator's spreadsheet refuses an overlong string as it is typed).

use crate::FormatError;
use crate::sheet::{Options, read_rows, write_rows};
use calamine::{Data, DataRef, Reader};
use callsheet_core::loc::Locale;
use callsheet_core::loc::table::Table;
use std::collections::BTreeMap;

/// The most rows a worksheet may use.
pub const MAX_ROWS: u32 = 1_000_000;
/// The most columns a worksheet may use (a string table needs a few dozen).
pub const MAX_COLUMNS: u32 = 1_000;
/// The most non-empty cells a worksheet may hold.
pub const MAX_CELLS: usize = 2_000_000;

/// Reads the first worksheet of an XLSX workbook. Errors give the row as the line and
/// the spreadsheet column as the column.
///
/// The workbook is checked before it is believed: its parts' unzipped sizes (see
/// [`crate::zip_guard`]), the worksheet's declared dimensions, then every cell's real
/// place and the number of cells, read one by one. Only the cells there are are kept, so
/// a sheet with cells at A1 and XFD1048576 costs two cells, not a grid.
pub fn read(bytes: &[u8], source_locale: &Locale, options: &Options) -> Result<Table, FormatError> {
    crate::zip_guard::check(bytes)?;
    // calamine is not ours: should a hostile workbook make it panic (it did, on made-up
    // cell references, in builds with overflow checks), that is a refused file, not a
    // dropped connection.
    let (top, headers, rows) =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_cells(bytes)))
            .unwrap_or_else(|_| {
                Err(fail(
                    1,
                    1,
                    "the workbook's worksheet is malformed and cannot be read".into(),
                ))
            })?;
    let rows = rows.into_iter().map(Ok);
    read_rows(false, &headers, rows, source_locale, options).map_err(|mut e| {
        if e.line <= 1 {
            e.line = top + 1;
        }
        e
    })
}

/// The first worksheet's cells: the header row's number and cells, then each data row
/// with its number, every row as wide as the widest.
#[allow(clippy::type_complexity)]
fn read_cells(
    bytes: &[u8],
) -> Result<(usize, Vec<String>, Vec<(usize, Vec<String>)>), FormatError> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| fail(1, 1, format!("not an XLSX workbook: {e}")))?;
    let name = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| fail(1, 1, "the workbook has no worksheet".into()))?;
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|e| fail(1, 1, format!("the first worksheet cannot be read: {e}")))?;
    let declared = cells.dimensions();
    if declared.end.0 >= MAX_ROWS || declared.end.1 >= MAX_COLUMNS {
        return Err(fail(
            1,
            1,
            format!(
                "the worksheet declares {} rows and {} columns; a string table may use at most {MAX_ROWS} rows and {MAX_COLUMNS} columns",
                u64::from(declared.end.0) + 1,
                u64::from(declared.end.1) + 1
            ),
        ));
    }
    // Sparse: row -> (column, text), only for cells that hold something.
    let mut grid: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| fail(1, 1, format!("the first worksheet cannot be read: {e}")))?
    {
        let (row, col) = cell.get_position();
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(fail(
                row as usize + 1,
                col as usize + 1,
                format!(
                    "a cell lies outside the {MAX_ROWS} rows and {MAX_COLUMNS} columns a string table may use"
                ),
            ));
        }
        let value = text(cell.get_value());
        if value.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(fail(
                row as usize + 1,
                col as usize + 1,
                format!("the worksheet holds more than {MAX_CELLS} cells"),
            ));
        }
        let rows = grid.len();
        grid.entry(row).or_default().push((col, value));
        if rows > crate::MAX_ENTRIES + 1 {
            return Err(fail(
                row as usize + 1,
                1,
                format!(
                    "the worksheet holds more than {} strings; split it into smaller files",
                    crate::MAX_ENTRIES
                ),
            ));
        }
    }
    drop(cells);
    let width = grid
        .values()
        .flat_map(|r| r.iter().map(|(c, _)| *c as usize + 1))
        .max()
        .unwrap_or(0);
    let widen = |cells: Vec<(u32, String)>| {
        let mut row = vec![String::new(); width];
        for (c, v) in cells {
            row[c as usize] = v;
        }
        row
    };
    let mut rows = grid.into_iter();
    let (top, headers) = match rows.next() {
        Some((top, header)) => (top as usize, widen(header)),
        None => (0, Vec::new()),
    };
    let rows = rows
        .map(|(r, cells)| (r as usize + 1, widen(cells)))
        .collect();
    Ok((top, headers, rows))
}

fn fail(line: usize, column: usize, message: String) -> FormatError {
    FormatError {
        line,
        column,
        message,
    }
}

/// A cell's text as a string table reads it: whole numbers without `.0`.
fn text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => Data::from(other.clone()).to_string(),
    }
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

    fn en() -> Locale {
        Locale::parse("en").unwrap()
    }

    /// A workbook with the given (row, column, text) cells, written by rust_xlsxwriter.
    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, c, t) in cells {
            sheet.write_string(*r, *c, *t).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_sheet_with_cells_at_a1_and_xfd1048576_is_refused_without_a_grid() {
        let bytes = workbook(&[(0, 0, "key"), (1_048_575, 16_383, "x")]);
        assert!(bytes.len() < 8_000, "{}", bytes.len());
        let e = read(&bytes, &en(), &Options::default()).unwrap_err();
        assert!(
            e.message
                .contains("declares 1048576 rows and 16384 columns"),
            "{e}"
        );
    }

    #[test]
    fn sparse_cells_far_apart_read_as_the_cells_they_are() {
        // Rows 1 and 900,000 inside the bounds: two strings, not a 900,000-row grid.
        let bytes = workbook(&[
            (0, 0, "key"),
            (0, 1, "en"),
            (0, 2, "fr"),
            (1, 0, "menu.play"),
            (1, 1, "Play"),
            (1, 2, "Jouer"),
            (899_999, 0, "menu.quit"),
            (899_999, 1, "Quit"),
        ]);
        let t = read(&bytes, &en(), &Options::default()).unwrap();
        assert_eq!(t.entries.len(), 2);
        assert_eq!(t.entries[1].key, "menu.quit");
        let e = read(
            &workbook(&[(0, 0, "key"), (0, 1, "en"), (1, 0, "a"), (2, 0, "a")]),
            &en(),
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "rows keep their numbers: {e}");
    }

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
