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
        let shared_strings = name.ends_with("sharedStrings.xml");
        let limit = room + 1;
        let rest = if shared_strings {
            scan_string_counts(&name, &mut (&mut entry).take(limit))?
        } else {
            std::io::copy(&mut (&mut entry).take(limit), &mut std::io::sink())
                .map_err(|e| refuse(format!("{name} cannot be unzipped: {e}")))?
        };
        total += rest;
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
/// made-up count is refused before it is believed. The whole part is scanned as it
/// unzips (the tag may follow any amount of comment), and every `uniqueCount` counts,
/// whatever quotes or spaces surround its value. Returns the bytes read.
fn scan_string_counts(name: &str, part: &mut impl Read) -> Result<u64, FormatError> {
    const WORD: &[u8] = b"uniqueCount";
    const KEEP: usize = 64;
    let mut buf = vec![0u8; 64 << 10];
    let mut window: Vec<u8> = Vec::with_capacity(buf.len() + KEEP);
    let mut total = 0u64;
    loop {
        let n = part
            .read(&mut buf)
            .map_err(|e| refuse(format!("{name} cannot be unzipped: {e}")))?;
        if n == 0 {
            check_counts(name, &window, WORD)?;
            return Ok(total);
        }
        total += n as u64;
        window.extend_from_slice(&buf[..n]);
        check_counts(name, &window, WORD)?;
        let keep_from = window.len().saturating_sub(KEEP);
        window.drain(..keep_from);
    }
}

fn check_counts(name: &str, text: &[u8], word: &[u8]) -> Result<(), FormatError> {
    let mut at = 0;
    while let Some(found) = text[at..].windows(word.len()).position(|w| w == word) {
        let mut i = at + found + word.len();
        at = i;
        let skip = |i: &mut usize, what: &[u8]| {
            while text.get(*i).is_some_and(|c| what.contains(c)) {
                *i += 1;
            }
        };
        skip(&mut i, b" \t\r\n");
        if text.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        skip(&mut i, b" \t\r\n\"'");
        let digits: Vec<u8> = text[i..]
            .iter()
            .copied()
            .take_while(u8::is_ascii_digit)
            .take(24)
            .collect();
        let n = std::str::from_utf8(&digits)
            .ok()
            .and_then(|d| d.parse::<u64>().ok())
            .unwrap_or(if digits.is_empty() { 0 } else { u64::MAX });
        if n > MAX_SHARED_STRINGS {
            return Err(refuse(format!(
                "{name} declares {} strings, at most {MAX_SHARED_STRINGS}",
                String::from_utf8_lossy(&digits)
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
        // Found by the fuzzer: a tag the first `>` seemed to end, a count after it, and
        // one written with single quotes behind a long comment.
        for sst in [
            r#"<sst xmlns="http://x="H1" s="1" t="s"><v>7</v>ats" count="19" uniqueCount="99999999999"uniqueCount="19"><si><t>a</t></si></sst>"#.to_string(),
            format!("<!--{}--><sst uniqueCount = '99999999999'></sst>", "x".repeat(200_000)),
        ] {
            let bytes = zipped("xl/sharedStrings.xml", 1, sst.as_bytes(), zip::CompressionMethod::Deflated);
            let e = check(&bytes).unwrap_err();
            assert!(e.message.contains("declares 99999999999 strings"), "{e}");
        }
    }

    #[test]
    fn text_that_is_not_a_zip_says_so() {
        let e = check(b"key,en\n").unwrap_err();
        assert!(e.message.contains("not an XLSX workbook"), "{e}");
    }
}
