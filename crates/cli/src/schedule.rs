//! `callsheet schedule PLAN`: schedules a plan file without any database and prints
//! each task's dates, float and critical flag as a table, JSON or CSV.

use anyhow::{Context, Result};
use callsheet_core::schedule::{PlanError, parse_plan, report, schedule};

/// A plan file that cannot be scheduled, with the place in it (exit code 4).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PlanFileError(String);

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Quotes a CSV field when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}

pub fn run(path: &str, format: Format) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let file = parse_plan(text.strip_prefix('\u{feff}').unwrap_or(&text)).map_err(|e| {
        PlanFileError(match e {
            PlanError::Syntax {
                line,
                column,
                message,
            } => format!("{path}:{line}:{column}: {message}"),
            value => format!("{path}: {value}"),
        })
    })?;
    let result = schedule(&file.plan).map_err(|e| PlanFileError(format!("{path}: {e}")))?;
    let r = report(&file.plan, &result);
    match format {
        Format::Json => say!("{}", serde_json::to_string_pretty(&r)?),
        Format::Csv => {
            // One write: a plan may hold 100,000 tasks.
            let mut out = String::with_capacity(64 * (r.tasks.len() + 1));
            out.push_str("id,name,start,finish,total_float_days,critical\n");
            for t in &r.tasks {
                use std::fmt::Write as _;
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{}",
                    csv_field(&t.id),
                    csv_field(&t.name),
                    t.start,
                    t.finish,
                    t.total_float_days,
                    t.critical
                );
            }
            say_raw!("{out}");
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = r
                .tasks
                .iter()
                .map(|t| {
                    vec![
                        t.id.clone(),
                        t.name.clone(),
                        t.start.replace('T', " "),
                        t.finish.replace('T', " "),
                        format!("{}", t.total_float_days),
                        if t.critical {
                            "critical".into()
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect();
            say_raw!(
                "{}",
                crate::output::table(&["ID", "TASK", "START", "FINISH", "FLOAT (d)", ""], &rows)
            );
            say!("Finish: {}", r.finish.replace('T', " "));
            for w in &r.warnings {
                say!("warning: {}: {}", w.task, w.message);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("Design"), "Design");
        assert_eq!(csv_field("Rig, skin"), "\"Rig, skin\"");
        assert_eq!(csv_field("The \"hero\""), "\"The \"\"hero\"\"\"");
    }
}
