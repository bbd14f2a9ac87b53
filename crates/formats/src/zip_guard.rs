//! Bounds on a zipped document (XLSX) before anything inflates it for real: how many
//! entries it holds, what each declares, and what each really inflates to, measured by
//! inflating it into nothing with a hard stop. A 1 KB file that claims a million rows, or
//! a 400 KB zip that holds a 300 MB sheet, is refused here with a clear message instead of
//! costing the server its memory.

use crate::FormatError;
use std::io::{Cursor, Read};

/// The most a workbook may inflate to, all entries together.
pub const MAX_UNZIPPED_BYTES: u64 = 160 << 20;
/// The most entries a workbook may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// The most strings a workbook's shared-string table may declare.
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;

fn refuse(message: String) -> FormatError {
    FormatError {
        line: 1,
        column: 1,
        message,
    }
}

/// Checks a zipped document against the bounds, entry by entry.
pub fn check(bytes: &[u8]) -> Result<(), FormatError> {
    check_within(bytes, MAX_UNZIPPED_BYTES)
}

fn check_within(bytes: &[u8], max_unzipped: u64) -> Result<(), FormatError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| refuse(format!("not an XLSX workbook (not a zip archive: {e})")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(refuse(format!(
            "the workbook holds {} parts, at most {MAX_ENTRIES}",
            archive.len()
        )));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| refuse(format!("part {i} of the workbook cannot be read: {e}")))?;
        let name = entry
            .name()
            .map_or_else(|_| format!("part {i}"), |n| n.to_string());
        let room = max_unzipped - total;
        if entry.size() > room {
            return Err(too_big(
                &name,
                total.saturating_add(entry.size()),
                max_unzipped,
            ));
        }
        let mut head = Vec::new();
        let shared_strings = name.ends_with("sharedStrings.xml");
        if shared_strings {
            (&mut entry)
                .take(4096)
                .read_to_end(&mut head)
                .map_err(|e| refuse(format!("{name}: {e}")))?;
            check_string_count(&name, &head)?;
        }
        let limit = (room + 1).saturating_sub(head.len() as u64);
        let rest = std::io::copy(&mut (&mut entry).take(limit), &mut std::io::sink())
            .map_err(|e| refuse(format!("{name} cannot be unzipped: {e}")))?;
        total += head.len() as u64 + rest;
        if total > max_unzipped {
            return Err(too_big(&name, total, max_unzipped));
        }
    }
    Ok(())
}

fn too_big(name: &str, bytes: u64, max_unzipped: u64) -> FormatError {
    refuse(format!(
        "the workbook unzips to more than {} MiB (at {name}: {} MiB so far); split it into smaller files",
        max_unzipped >> 20,
        bytes >> 20
    ))
}

/// The reader sets aside room for as many strings as `<sst uniqueCount="...">` says, so a
/// made-up count is refused before it is believed.
fn check_string_count(name: &str, head: &[u8]) -> Result<(), FormatError> {
    let text = String::from_utf8_lossy(head);
    let Some(sst) = text.find("<sst") else {
        return Ok(());
    };
    let tag = &text[sst..text[sst..].find('>').map_or(text.len(), |e| sst + e)];
    for attr in ["uniqueCount=\""] {
        let Some(at) = tag.find(attr) else { continue };
        let digits: String = tag[at + attr.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let n = digits.parse::<u64>().unwrap_or(u64::MAX);
        if n > MAX_SHARED_STRINGS {
            return Err(refuse(format!(
                "{name} declares {digits} strings, at most {MAX_SHARED_STRINGS}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zipped(name: &str, parts: usize, part: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(name, options).unwrap();
        for _ in 0..parts {
            zip.write_all(part).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_it_really_unzips_to() {
        let bomb = zipped(
            "xl/worksheets/sheet1.xml",
            5,
            &vec![b' '; 1 << 20],
            zip::CompressionMethod::Deflated,
        );
        assert!(bomb.len() < 64 << 10, "a small file: {}", bomb.len());
        let e = check_within(&bomb, 4 << 20).unwrap_err();
        assert!(e.message.contains("unzips to more than 4 MiB"), "{e}");
        assert!(e.message.contains("sheet1.xml"), "{e}");
        assert!(check_within(&bomb, 8 << 20).is_ok());
    }

    #[test]
    fn a_made_up_string_count_is_refused_before_it_is_believed() {
        let sst = br#"<?xml version="1.0"?><sst xmlns="x" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>"#;
        let bytes = zipped(
            "xl/sharedStrings.xml",
            1,
            sst,
            zip::CompressionMethod::Stored,
        );
        let e = check(&bytes).unwrap_err();
        assert!(e.message.contains("declares 4000000000 strings"), "{e}");
    }

    #[test]
    fn text_that_is_not_a_zip_says_so() {
        let e = check(b"key,en\n").unwrap_err();
        assert!(e.message.contains("not an XLSX workbook"), "{e}");
    }
}
