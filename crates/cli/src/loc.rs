//! `callsheet loc check FILE...`: runs the string QA checks on files, without any
//! database, and fails (exit code 7) when error findings remain, so a build can be gated
//! on it.

use anyhow::{Context, Result};
use callsheet_core::loc::Locale;
use callsheet_core::loc::checks::Severity;
use callsheet_core::loc::table::check_table;

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

pub fn check(files: &[String], source_locale: &str, format: Format) -> Result<()> {
    let source =
        Locale::parse(source_locale).map_err(|e| LocFileError(format!("--source-locale: {e}")))?;
    let mut findings = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
        let table = if path.ends_with(".po") || path.ends_with(".pot") {
            callsheet_formats::po::read(&text, &source).map_err(|e| {
                LocFileError(format!("{path}:{}:{}: {}", e.line, e.column, e.message))
            })?
        } else {
            return Err(LocFileError(format!(
                "{path}: only gettext PO files (.po) can be checked so far"
            ))
            .into());
        };
        findings.extend(check_table(&table));
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
