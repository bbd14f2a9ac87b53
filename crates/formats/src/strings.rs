//! One door to every string-table format: which format a file is (by its name, or by
//! what the caller asks for), reading bytes into a table and writing a table out. The
//! command line and the server both come through here.

use crate::FormatError;
use crate::sheet::Options;
use crate::xliff::Version;
use callsheet_core::loc::Locale;
use callsheet_core::loc::table::Table;

/// A string-table file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Po,
    Csv,
    Xlsx,
    Xliff(Version),
}

impl TableFormat {
    /// The format a file name says (`.po`, `.pot`, `.csv`, `.tsv`, `.xlsx`, `.xlf`,
    /// `.xliff`; XLIFF is read as whichever version it is and written as 1.2).
    pub fn of_path(path: &str) -> Option<TableFormat> {
        let lower = path.to_ascii_lowercase();
        let ext = lower.rsplit('.').next().unwrap_or("");
        match ext {
            "po" | "pot" => Some(TableFormat::Po),
            "csv" | "tsv" | "txt" => Some(TableFormat::Csv),
            "xlsx" => Some(TableFormat::Xlsx),
            "xlf" | "xliff" | "xlf2" => Some(TableFormat::Xliff(if ext == "xlf2" {
                Version::V20
            } else {
                Version::V12
            })),
            _ => None,
        }
    }

    /// The format by name: `po`, `csv`, `xlsx`, `xliff` (1.2), `xliff12`, `xliff2`.
    pub fn parse(name: &str) -> Option<TableFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "po" | "gettext" => Some(TableFormat::Po),
            "csv" => Some(TableFormat::Csv),
            "xlsx" | "excel" => Some(TableFormat::Xlsx),
            "xliff" | "xliff12" | "xliff1.2" | "xlf" => Some(TableFormat::Xliff(Version::V12)),
            "xliff2" | "xliff20" | "xliff2.0" => Some(TableFormat::Xliff(Version::V20)),
            _ => None,
        }
    }

    /// The file extension a download in this format gets.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Po => "po",
            TableFormat::Csv => "csv",
            TableFormat::Xlsx => "xlsx",
            TableFormat::Xliff(_) => "xlf",
        }
    }

    /// The media type of a download in this format.
    pub fn media_type(self) -> &'static str {
        match self {
            TableFormat::Po => "text/x-gettext-translation; charset=utf-8",
            TableFormat::Csv => "text/csv; charset=utf-8",
            TableFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            TableFormat::Xliff(_) => "application/xliff+xml",
        }
    }

    /// Whether one file holds one target locale (PO, XLIFF) rather than columns of them.
    pub fn one_locale(self) -> bool {
        matches!(self, TableFormat::Po | TableFormat::Xliff(_))
    }
}

/// What a reader needs beyond the bytes.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The source language when the file does not say.
    pub source_locale: Locale,
    /// The target language when a PO or XLIFF file does not say.
    pub target_locale: Option<Locale>,
    pub columns: Options,
}

/// Refuses a text file with more entries than [`MAX_ENTRIES`] before reading it, by
/// counting what starts one (a line, `msgid`, a unit): cheap, and never too few.
fn check_entries(text: &str, format: TableFormat) -> Result<(), FormatError> {
    let count = match format {
        TableFormat::Csv => text.bytes().filter(|b| *b == b'\n').count(),
        TableFormat::Po => text.matches("msgid ").count(),
        TableFormat::Xliff(_) => {
            text.matches("<trans-unit").count() + text.matches("<unit").count()
        }
        TableFormat::Xlsx => 0,
    };
    if count > MAX_ENTRIES + 1 {
        return Err(FormatError {
            line: 1,
            column: 1,
            message: format!(
                "the file holds more than {MAX_ENTRIES} strings ({count} {}); split it into smaller files",
                match format {
                    TableFormat::Csv => "lines",
                    TableFormat::Po => "messages",
                    _ => "units",
                }
            ),
        });
    }
    Ok(())
}

pub use crate::MAX_ENTRIES;

/// Reads a string table. Text formats must be UTF-8 (a BOM is allowed). Every format
/// is bounded: at most [`MAX_ENTRIES`] strings, and a workbook by its unzipped size and
/// cells (see [`crate::zip_guard`]).
pub fn read(bytes: &[u8], format: TableFormat, o: &ReadOptions) -> Result<Table, FormatError> {
    if format != TableFormat::Xlsx {
        check_entries(utf8(bytes)?, format)?;
    }
    match format {
        TableFormat::Xlsx => crate::xlsx_table::read(bytes, &o.source_locale, &o.columns),
        TableFormat::Po => {
            crate::po::read(utf8(bytes)?, &o.source_locale, o.target_locale.as_ref())
        }
        TableFormat::Csv => crate::csv_table::read(utf8(bytes)?, &o.source_locale, &o.columns),
        TableFormat::Xliff(_) => {
            crate::xliff::read(utf8(bytes)?, &o.source_locale, o.target_locale.as_ref())
        }
    }
}

/// The bytes as text without a BOM, or the place where they stop being UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str, FormatError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..at]);
        FormatError::at(&before, at, "the file is not UTF-8 text")
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Writes a table. PO and XLIFF hold one locale: `locale`, or the table's first.
pub fn write(
    table: &Table,
    format: TableFormat,
    locale: Option<&Locale>,
) -> Result<Vec<u8>, String> {
    let one = || {
        locale.or(table.locales.first()).cloned().ok_or_else(|| {
            format!(
                "a {} file holds one target locale; say which",
                format.extension()
            )
        })
    };
    match format {
        TableFormat::Po => Ok(crate::po::write(table, &one()?).into_bytes()),
        TableFormat::Csv => Ok(crate::csv_table::write(table).into_bytes()),
        TableFormat::Xlsx => crate::xlsx_table::write(table),
        TableFormat::Xliff(v) => Ok(crate::xliff::write(table, &one()?, v).into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_more_strings_than_one_import_takes_is_refused_before_it_is_read() {
        let o = ReadOptions {
            source_locale: callsheet_core::loc::Locale::parse("en").unwrap(),
            target_locale: None,
            columns: Default::default(),
        };
        let mut csv = String::from("key,en\n");
        for i in 0..MAX_ENTRIES + 5 {
            csv.push_str(&format!("k{i},x\n"));
        }
        let e = read(csv.as_bytes(), TableFormat::Csv, &o).unwrap_err();
        assert!(e.message.contains("more than 100000 strings"), "{e}");
        let po = "msgid \"a\"\nmsgstr \"b\"\n\n".repeat(MAX_ENTRIES + 5);
        let e = read(po.as_bytes(), TableFormat::Po, &o).unwrap_err();
        assert!(e.message.contains("messages"), "{e}");
    }
}
