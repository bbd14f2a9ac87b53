//! `callsheet loc check FILE...`: runs the string QA checks on files, without any
//! database, and fails (exit code 7) when error findings remain, so a build can be gated
//! on it.

use anyhow::{Context, Result};
use callsheet_core::loc::Locale;
use callsheet_core::loc::checks::LengthUnit;
use callsheet_core::loc::checks::Severity;
use callsheet_core::loc::table::{Allow, Qa, Table, check_table_with};
use callsheet_formats::strings::{ReadOptions, TableFormat};

use crate::args::TableArgs;

/// A file that cannot be read as a string table, with the place (exit code 4).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LocFileError(String);

/// Error findings remain (exit code 7).
#[derive(Debug, thiserror::Error)]
#[error("{count} error finding{s}: the strings are not ready to ship", count = .0, s = if *.0 == 1 { "" } else { "s" })]
pub struct ChecksFailed(pub(crate) usize);

impl ChecksFailed {
    pub fn exit_code(&self) -> u8 {
        7
    }
}

pub use crate::args::LocFormat as Format;

fn locale(flag: &str, value: &str) -> Result<Locale> {
    Ok(Locale::parse(value).map_err(|e| LocFileError(format!("{flag}: {e}")))?)
}

/// How the table flags say to read files.
fn read_options(args: &TableArgs) -> Result<ReadOptions> {
    Ok(ReadOptions {
        source_locale: locale("--source-locale", &args.source_locale)?,
        target_locale: args
            .target_locale
            .as_deref()
            .map(|t| locale("--target-locale", t))
            .transpose()?,
        columns: callsheet_formats::csv_table::Options {
            key_column: args.key_column.clone(),
            source_column: args.source_column.clone(),
        },
    })
}

fn format_of(path: &str) -> Result<TableFormat> {
    Ok(TableFormat::of_path(path).ok_or_else(|| {
        LocFileError(format!(
            "{path}: not a string table by its name: use .po, .csv, .xlsx, .xlf or .xliff"
        ))
    })?)
}

/// Reads a string table, naming the place of any mistake.
fn read_table(path: &str, options: &ReadOptions) -> Result<Table> {
    let format = format_of(path)?;
    let bytes = std::fs::read(path).with_context(|| format!("reading {path}"))?;
    Ok(callsheet_formats::strings::read(&bytes, format, options)
        .map_err(|e| LocFileError(format!("{path}:{}:{}: {}", e.line, e.column, e.message)))?)
}

/// `callsheet loc pseudo FILE`: the table as CSV with a pseudo-locale column made from
/// the source (accented, lengthened, bracketed), for an overflow test build.
pub fn pseudo(path: &str, args: &TableArgs, pseudo_locale: &str, grow: u32) -> Result<()> {
    let target = locale("--locale", pseudo_locale)?;
    let mut table = read_table(path, &read_options(args)?)?;
    callsheet_core::loc::pseudo::add_locale(&mut table, &target, grow);
    say_raw!("{}", callsheet_formats::csv_table::write(&table));
    Ok(())
}

/// `callsheet loc convert FROM TO`: reads one format and writes another.
pub fn convert(
    from: &str,
    to: &str,
    args: &TableArgs,
    out_locale: Option<&str>,
    to_format: Option<&str>,
) -> Result<()> {
    let table = read_table(from, &read_options(args)?)?;
    let format = match to_format {
        Some(f) => TableFormat::parse(f).ok_or_else(|| {
            LocFileError(format!(
                "--to-format {f:?}: expected po, csv, xlsx, xliff or xliff2"
            ))
        })?,
        None => format_of(to)?,
    };
    let out_locale = out_locale.map(|l| locale("--locale", l)).transpose()?;
    let bytes = callsheet_formats::strings::write(&table, format, out_locale.as_ref())
        .map_err(|e| LocFileError(format!("{to}: {e}")))?;
    std::fs::write(to, bytes).with_context(|| format!("writing {to}"))?;
    say!(
        "{to}: {} strings, {} locale{}",
        table.entries.len(),
        table.locales.len(),
        if table.locales.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

/// The glossary and allow list from the command line.
pub fn qa(do_not_translate: &[String], allow: &[String], errors_only: bool) -> Result<Qa> {
    let mut out = Qa {
        do_not_translate: do_not_translate.to_vec(),
        allow: Vec::new(),
        errors_only,
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
    args: &TableArgs,
    length_unit: Option<&str>,
    qa: &Qa,
    format: Format,
) -> Result<()> {
    let options = read_options(args)?;
    let unit = length_unit
        .map(|u| {
            LengthUnit::parse(u).ok_or_else(|| {
                LocFileError(format!(
                    "--length-unit {u:?}: expected codepoints, graphemes, utf8 or utf16"
                ))
            })
        })
        .transpose()?;
    let mut findings = Vec::new();
    for path in files {
        let mut table = read_table(path, &options)?;
        if let Some(unit) = unit {
            table.length_unit = unit;
        }
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
