//! `callsheet loc check FILE...`: runs the string QA checks on files, without any
//! database, and fails (exit code 7) when error findings remain, so a build can be gated
//! on it.

use anyhow::{Context, Result};
use callsheet_core::loc::Locale;
use callsheet_core::loc::checks::Severity;
use callsheet_core::loc::table::{Allow, Qa, check_table_with};

/// A file that cannot be read as a string table, with the place (exit code 4).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LocFileError(String);

/// Error findings remain (exit code 7).
#[derive(Debug, thiserror::Error)]
#[error("{count} error finding{s}: the strings are not ready to ship", count = .0, s = if *.0 == 1 { "" } else { "s" })]
pub struct ChecksFailed(usize);

impl ChecksFailed {
    pub fn exit_code(&self) -> u8 {
        7
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Reads a string table from a PO or CSV file, naming the place of any mistake.
fn read_table(
    path: &str,
    source: &Locale,
    columns: &callsheet_formats::csv_table::Options,
) -> Result<callsheet_core::loc::table::Table> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let place = |e: callsheet_formats::FormatError| {
        LocFileError(format!("{path}:{}:{}: {}", e.line, e.column, e.message))
    };
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".po") || lower.ends_with(".pot") {
        Ok(callsheet_formats::po::read(&text, source).map_err(place)?)
    } else if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        Ok(callsheet_formats::csv_table::read(&text, source, columns).map_err(place)?)
    } else {
        Err(LocFileError(format!(
            "{path}: expected a gettext PO file (.po) or a CSV string table (.csv); XLIFF and XLSX are still to come"
        ))
        .into())
    }
}

/// `callsheet loc pseudo FILE`: the table as CSV with a pseudo-locale column made from
/// the source (accented, lengthened, bracketed), for an overflow test build.
pub fn pseudo(
    path: &str,
    source_locale: &str,
    locale: &str,
    grow: u32,
    columns: &callsheet_formats::csv_table::Options,
) -> Result<()> {
    let source =
        Locale::parse(source_locale).map_err(|e| LocFileError(format!("--source-locale: {e}")))?;
    let target = Locale::parse(locale).map_err(|e| LocFileError(format!("--locale: {e}")))?;
    let mut table = read_table(path, &source, columns)?;
    for e in &mut table.entries {
        let text = callsheet_core::loc::pseudo::pseudo(&e.source, grow);
        e.translations.insert(
            target.clone(),
            callsheet_core::loc::table::Translation {
                text,
                status: callsheet_core::loc::table::Status::Translated,
            },
        );
    }
    if !table.locales.contains(&target) {
        table.locales.push(target);
    }
    say_raw!("{}", callsheet_formats::csv_table::write(&table));
    Ok(())
}

/// The glossary and allow list from the command line.
pub fn qa(do_not_translate: &[String], allow: &[String]) -> Result<Qa> {
    let mut out = Qa {
        do_not_translate: do_not_translate.to_vec(),
        allow: Vec::new(),
    };
    for a in allow {
        let (key, check) = a
            .rsplit_once(':')
            .filter(|(k, c)| !k.is_empty() && !c.is_empty())
            .ok_or_else(|| LocFileError(format!("--allow {a:?}: expected KEY:CHECK or *:CHECK")))?;
        out.allow.push(Allow {
            key: (key != "*").then(|| key.to_string()),
            check: check.to_string(),
            reason: "allowed on the command line".into(),
        });
    }
    Ok(out)
}

pub fn check(
    files: &[String],
    source_locale: &str,
    columns: &callsheet_formats::csv_table::Options,
    qa: &Qa,
    format: Format,
) -> Result<()> {
    let source =
        Locale::parse(source_locale).map_err(|e| LocFileError(format!("--source-locale: {e}")))?;
    let mut findings = Vec::new();
    for path in files {
        let table = read_table(path, &source, columns)?;
        findings.extend(check_table_with(&table, qa));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    match format {
        Format::Json => say!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "findings": findings }))?
        ),
        Format::Text => {
            for f in &findings {
                let sev = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                say!("{sev}: {} [{}] {}: {}", f.key, f.locale, f.check, f.message);
            }
            say!(
                "{} findings: {errors} errors, {} warnings",
                findings.len(),
                findings.len() - errors
            );
        }
    }
    if errors > 0 {
        return Err(ChecksFailed(errors).into());
    }
    Ok(())
}
