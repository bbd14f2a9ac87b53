//! `callsheet schedule PLAN`: schedules a plan file without any database and prints
//! each task's dates, float and critical flag as a table, JSON or CSV.

use anyhow::{Context, Result};
use callsheet_core::schedule::plan_file::work_minutes;
use callsheet_core::schedule::{
    PlanError, PlanFile, Slip, parse_plan, report, schedule, slip_impact,
};

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

/// Reads and checks a plan file, naming the place of any mistake.
fn read(path: &str) -> Result<PlanFile> {
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
    Ok(file)
}

/// `--slip ID=3d` or `--slip ID@2027-03-04`: what the slip moves, nothing saved.
pub fn what_if(path: &str, slip: &str, format: Format) -> Result<()> {
    let file = read(path)?;
    let refuse = |reason: &str| PlanFileError(format!("--slip {slip:?}: {reason}"));
    let (id, how) = if let Some((id, by)) = slip.split_once('=') {
        let minutes = work_minutes(by, file.plan.calendar.minutes_per_day)
            .filter(|m| *m >= 0)
            .ok_or_else(|| refuse("expected ID=3d, working time after the ="))?;
        (id, Slip::By(minutes))
    } else if let Some((id, date)) = slip.split_once('@') {
        let date = callsheet_core::parse_date("--slip", date)
            .map_err(|_| refuse("expected ID@YYYY-MM-DD"))?;
        (id, Slip::FinishOn(date))
    } else {
        return Err(refuse("expected ID=3d or ID@YYYY-MM-DD").into());
    };
    let task = file
        .plan
        .tasks
        .iter()
        .position(|t| t.id == id.trim())
        .ok_or_else(|| refuse("no task in the plan has this id"))?;
    let impact =
        slip_impact(&file.plan, task, how).map_err(|e| PlanFileError(format!("{path}: {e}")))?;
    let per_day = file.plan.calendar.minutes_per_day.max(1) as f64;
    let days = |m: i64| (m as f64 / per_day * 100.0).round() / 100.0;
    let span = |m: i64| {
        let d = days(m);
        format!("{d} working day{}", if d == 1.0 { "" } else { "s" })
    };
    let name = |i: usize| format!("{} {}", file.plan.tasks[i].id, file.plan.tasks[i].name);
    let after = report(&file.plan, &impact.after);
    if format == Format::Json {
        let moved = |list: &[callsheet_core::schedule::whatif::Moved]| {
            list.iter()
                .map(|m| {
                    serde_json::json!({
                        "id": file.plan.tasks[m.task].id,
                        "finish_moved_days": days(m.finish_moved),
                        "finish": after.tasks[m.task].finish,
                        "float_before_days": days(m.float_before),
                        "float_after_days": days(m.float_after),
                        "now_critical": m.now_critical,
                    })
                })
                .collect::<Vec<_>>()
        };
        say!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "task": file.plan.tasks[task].id,
                "slip_days": days(impact.slip),
                "finish_moved_days": days(impact.finish_moved),
                "finish": after.finish,
                "milestones": moved(&impact.milestones),
                "float_lost": moved(&impact.float_lost),
            }))?
        );
        return Ok(());
    }
    say!("If {} finishes {} later:", name(task), span(impact.slip));
    if impact.finish_moved > 0 {
        say!(
            "  the project finishes {} later, {}",
            span(impact.finish_moved),
            after.finish.replace('T', " ")
        );
    } else {
        say!(
            "  the project finish does not move ({})",
            after.finish.replace('T', " ")
        );
    }
    for m in &impact.milestones {
        say!(
            "  milestone {} moves {}, to {}",
            name(m.task),
            span(m.finish_moved),
            after.tasks[m.task].finish.replace('T', " ")
        );
    }
    for m in &impact.float_lost {
        say!(
            "  {} loses float: {} -> {} days{}",
            name(m.task),
            days(m.float_before),
            days(m.float_after),
            if m.now_critical { ", now critical" } else { "" }
        );
    }
    if impact.milestones.is_empty() && impact.float_lost.is_empty() {
        say!("  nothing else moves: the slip fits in the task's float");
    }
    Ok(())
}

pub fn run(path: &str, format: Format) -> Result<()> {
    let file = read(path)?;
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
