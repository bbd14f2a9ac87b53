//! `callsheet schedule PLAN`: schedules a plan file without any database and prints
//! each task's dates, float and critical flag as a table, JSON or CSV.

use anyhow::{Context, Result};
use callsheet_core::schedule::plan_file::work_minutes;
use callsheet_core::schedule::report::days;
use callsheet_core::schedule::{
    Leveled, Plan, PlanError, PlanFile, Schedule, Slip, level, parse_plan, report, schedule,
    slip_impact,
};

/// A plan file that cannot be scheduled, with the place in it (exit code 4).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PlanFileError(String);

pub use crate::args::ScheduleFormat as Format;

/// Quotes a CSV field when it holds a comma, a quote or a line break, after a `'` in front
/// of anything a spreadsheet would take for a formula.
fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    let text = callsheet_formats::formula_safe(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text
    }
}

/// `1 working day`, `2.5 working days`.
fn span(minutes: i64, per_day: i64) -> String {
    let d = days(minutes, per_day);
    format!("{d} working day{}", if d == 1.0 { "" } else { "s" })
}

/// One row of the schedule CSV.
struct CsvRow<'a> {
    id: &'a str,
    name: &'a str,
    start: &'a str,
    finish: &'a str,
    float_days: f64,
    critical: bool,
}

/// The schedule as CSV, `id,name,start,finish,total_float_days,critical`, built as one
/// string: a plan may hold 100,000 tasks.
fn csv<'a>(rows: impl ExactSizeIterator<Item = CsvRow<'a>>) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(64 * (rows.len() + 1));
    out.push_str("id,name,start,finish,total_float_days,critical\n");
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            csv_field(r.id),
            csv_field(r.name),
            r.start,
            r.finish,
            r.float_days,
            r.critical
        );
    }
    out
}

/// Reads `ID=3d` or `ID@2027-03-04` (working days of `per_day` minutes).
fn parse_slip(slip: &str, per_day: i64) -> std::result::Result<(String, Slip), PlanFileError> {
    let refuse = |reason: &str| PlanFileError(format!("--slip {slip:?}: {reason}"));
    if let Some((id, by)) = slip.split_once('=') {
        let minutes = work_minutes(by, per_day)
            .filter(|m| *m >= 0)
            .ok_or_else(|| refuse("expected ID=3d, working time after the ="))?;
        Ok((id.trim().to_string(), Slip::By(minutes)))
    } else if let Some((id, date)) = slip.split_once('@') {
        let date = callsheet_core::parse_date("--slip", date)
            .map_err(|_| refuse("expected ID@YYYY-MM-DD"))?;
        Ok((id.trim().to_string(), Slip::FinishOn(date)))
    } else {
        Err(refuse("expected ID=3d or ID@YYYY-MM-DD"))
    }
}

/// `callsheet project schedule NJ`: the tracker's schedule of a project, a what-if on
/// it, or a new baseline.
pub async fn project(
    app: &callsheet_app::App,
    ctx: &callsheet_app::Ctx,
    key: &str,
    format: Format,
    slip: Option<&str>,
    baseline: Option<&str>,
) -> Result<()> {
    if let Some(name) = baseline {
        let b = app.take_baseline(ctx, key, name).await?;
        if format == Format::Json {
            say!("{}", serde_json::to_string_pretty(&b)?);
        } else {
            say!(
                "Baseline {:?} saved; slips in {key} are now measured against it.",
                b.name
            );
        }
        return Ok(());
    }
    if let Some(slip) = slip {
        let (item, how) = parse_slip(slip, 480)?;
        let w = app.what_if(ctx, key, &item, how).await?;
        if format == Format::Json {
            say!("{}", serde_json::to_string_pretty(&w)?);
            return Ok(());
        }
        say!(
            "If {} {} finishes {} later:",
            w.item,
            w.title,
            span((w.slip_days * 480.0).round() as i64, 480)
        );
        if w.finish_moved_days > 0.0 {
            say!(
                "  the project finishes {} later, {}",
                span((w.finish_moved_days * 480.0).round() as i64, 480),
                w.finish_after.replace('T', " ")
            );
        } else {
            say!(
                "  the project finish does not move ({})",
                w.finish_after.replace('T', " ")
            );
        }
        for m in &w.milestones {
            say!(
                "  milestone {} {} moves {} days",
                m.key,
                m.title,
                m.finish_moved_days
            );
        }
        for m in &w.float_lost {
            say!(
                "  {} {} loses float: {} -> {} days{}",
                m.key,
                m.title,
                m.float_before_days,
                m.float_after_days,
                if m.now_critical { ", now critical" } else { "" }
            );
        }
        return Ok(());
    }
    if format == Format::Mspdi {
        let (name, plan, schedule) = app.schedule_plan(ctx, key).await?;
        say_raw!(
            "{}",
            callsheet_formats::mspdi::write(&name, &plan, &schedule)
        );
        return Ok(());
    }
    let s = app.project_schedule(ctx, key).await?;
    match format {
        Format::Json | Format::Mspdi => say!("{}", serde_json::to_string_pretty(&s)?),
        Format::Csv => say_raw!(
            "{}",
            csv(s.lines.iter().map(|l| CsvRow {
                id: &l.key,
                name: &l.title,
                start: &l.start,
                finish: &l.finish,
                float_days: l.total_float_days,
                critical: l.critical,
            }))
        ),
        Format::Table => {
            let rows: Vec<Vec<String>> = s
                .lines
                .iter()
                .map(|l| {
                    vec![
                        l.key.clone(),
                        format!("{}{}", "  ".repeat(l.level), l.title),
                        l.start.replace('T', " "),
                        l.finish.replace('T', " "),
                        format!("{}", l.total_float_days),
                        if l.critical {
                            "critical".into()
                        } else {
                            String::new()
                        },
                        l.finish_slip_days
                            .map(|d| format!("{d:+}"))
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            say_raw!(
                "{}",
                crate::output::table(
                    &[
                        "KEY",
                        "ITEM",
                        "START",
                        "FINISH",
                        "FLOAT (d)",
                        "",
                        "SLIP (d)"
                    ],
                    &rows
                )
            );
            say!("Finish: {}", s.finish.replace('T', " "));
            for w in &s.warnings {
                say!("warning: {}: {}", w.key, w.message);
            }
        }
    }
    Ok(())
}

/// Reads and checks a plan: MS Project XML (MSPDI) when it looks like XML, Callsheet's
/// JSON plan format otherwise. Any mistake names its place in the file.
fn read(path: &str) -> Result<PlanFile> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim_start().starts_with('<') {
        let imported = callsheet_formats::mspdi::read(text)
            .map_err(|e| PlanFileError(format!("{path}:{}:{}: {}", e.line, e.column, e.message)))?;
        for note in &imported.notes {
            eprintln!("note: {path}: {note}");
        }
        return Ok(PlanFile {
            name: imported.name,
            plan: imported.plan,
        });
    }
    let file = parse_plan(text).map_err(|e| {
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

/// The plan leveled, when asked: the what-if then starts from the leveled order.
fn leveled(path: &str, file: &PlanFile) -> Result<Leveled> {
    Ok(level(&file.plan).map_err(|e| PlanFileError(format!("{path}: {e}")))?)
}

/// `--slip ID=3d` or `--slip ID@2027-03-04`: what the slip moves, nothing saved.
pub fn what_if(path: &str, slip: &str, leveling: bool, format: Format) -> Result<()> {
    let mut file = read(path)?;
    if leveling {
        file.plan = leveled(path, &file)?.plan;
    }
    let (id, how) = parse_slip(slip, file.plan.calendar.minutes_per_day)?;
    let refuse = |reason: &str| PlanFileError(format!("--slip {slip:?}: {reason}"));
    let task = file
        .plan
        .tasks
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| refuse("no task in the plan has this id"))?;
    let impact =
        slip_impact(&file.plan, task, how).map_err(|e| PlanFileError(format!("{path}: {e}")))?;
    let per_day = file.plan.calendar.minutes_per_day;
    let days = |m: i64| days(m, per_day);
    let span = |m: i64| span(m, per_day);
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

/// What leveling did, in words for the table and as values for JSON.
fn leveling_lines(plan: &Plan, before: &Schedule, l: &Leveled) -> (Vec<String>, serde_json::Value) {
    let per_day = plan.calendar.minutes_per_day;
    let days = |m: i64| days(m, per_day);
    let task = |i: usize| format!("{} {}", plan.tasks[i].id, plan.tasks[i].name);
    let person = |r: usize| plan.resources.get(r).map_or("?", |p| p.name.as_str());
    let mut lines = Vec::new();
    let over_people: std::collections::BTreeSet<usize> =
        l.before.iter().map(|d| d.resource).collect();
    for r in &over_people {
        let dates: Vec<_> = l.before.iter().filter(|d| d.resource == *r).collect();
        lines.push(format!(
            "before leveling {} was over-allocated on {} day{} ({} to {})",
            person(*r),
            dates.len(),
            if dates.len() == 1 { "" } else { "s" },
            dates
                .first()
                .map(|d| d.date.to_string())
                .unwrap_or_default(),
            dates.last().map(|d| d.date.to_string()).unwrap_or_default(),
        ));
    }
    for d in &l.delays {
        lines.push(format!(
            "{} waits {} for {}{}",
            task(d.task),
            span(d.by, per_day),
            person(d.resource),
            d.behind
                .map(|b| format!(" (busy on {})", task(b)))
                .unwrap_or_default()
        ));
    }
    for d in &l.after {
        lines.push(format!(
            "still over-allocated: {} on {} (must-start-on tasks overlap)",
            person(d.resource),
            d.date
        ));
    }
    lines.push(match l.schedule.finish - before.finish {
        0 => "leveling does not move the finish".to_string(),
        moved => format!("leveling moves the finish {} later", span(moved, per_day)),
    });
    let json = serde_json::json!({
        "finish_moved_days": days(l.schedule.finish - before.finish),
        "over_allocated_before": l.before.iter().map(|d| serde_json::json!({
            "resource": plan.resources.get(d.resource).map(|p| p.id.clone()),
            "date": d.date.to_string(),
            "booked_hours": d.booked as f64 / 60.0,
            "available_hours": d.available as f64 / 60.0,
        })).collect::<Vec<_>>(),
        "delays": l.delays.iter().map(|d| serde_json::json!({
            "id": plan.tasks[d.task].id,
            "days": days(d.by),
            "waits_for": plan.resources.get(d.resource).map(|p| p.id.clone()),
            "behind": d.behind.map(|b| plan.tasks[b].id.clone()),
        })).collect::<Vec<_>>(),
        "still_over_allocated": l.after.len(),
    });
    (lines, json)
}

pub fn run(path: &str, leveling: bool, format: Format) -> Result<()> {
    let file = read(path)?;
    let result = schedule(&file.plan).map_err(|e| PlanFileError(format!("{path}: {e}")))?;
    let (plan, result, notes) = if leveling {
        let l = leveled(path, &file)?;
        let notes = leveling_lines(&file.plan, &result, &l);
        (l.plan, l.schedule, Some(notes))
    } else {
        (file.plan, result, None)
    };
    if format == Format::Mspdi {
        say_raw!(
            "{}",
            callsheet_formats::mspdi::write(&file.name, &plan, &result)
        );
        return Ok(());
    }
    let r = report(&plan, &result);
    match format {
        Format::Mspdi => {}
        Format::Json => {
            let mut value = serde_json::to_value(&r)?;
            if let (Some((_, leveling)), Some(map)) = (notes, value.as_object_mut()) {
                map.insert("leveling".into(), leveling);
            }
            say!("{}", serde_json::to_string_pretty(&value)?)
        }
        Format::Csv => say_raw!(
            "{}",
            csv(r.tasks.iter().map(|t| CsvRow {
                id: &t.id,
                name: &t.name,
                start: &t.start,
                finish: &t.finish,
                float_days: t.total_float_days,
                critical: t.critical,
            }))
        ),
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
            for line in notes.map(|n| n.0).unwrap_or_default() {
                say!("{line}");
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
        assert_eq!(csv_field("=HYPERLINK(x)"), "'=HYPERLINK(x)");
        assert_eq!(csv_field("\t=1+1"), "'\t=1+1");
        assert_eq!(csv_field("\r=1,2"), "\"'\r=1,2\"");
    }
}
