//! A schedule as people read it: each task's start and finish as dates and times of
//! day, float in working days, and the critical flag.

use super::{Plan, Schedule, Timeline, Violation};

/// One task's line of the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line {
    pub id: String,
    pub name: String,
    /// ISO 8601 local date-time of the first working instant: `2027-02-01T08:00`.
    pub start: String,
    /// ISO 8601 local date-time of the last working instant: `2027-02-05T17:00`.
    pub finish: String,
    pub late_start: String,
    pub late_finish: String,
    pub total_float_days: f64,
    pub free_float_days: f64,
    pub critical: bool,
}

/// Something not honoured, in words, for the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Warning {
    pub task: String,
    pub message: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub finish: String,
    pub tasks: Vec<Line>,
    pub warnings: Vec<Warning>,
}

/// Working minutes as days of `per_day` minutes, to two decimals.
pub fn days(minutes: i64, per_day: i64) -> f64 {
    (minutes as f64 / per_day.max(1) as f64 * 100.0).round() / 100.0
}

/// Turns a schedule's working-minute counts into moments on the plan's calendar.
pub fn report(plan: &Plan, schedule: &Schedule) -> Report {
    let mut t = Timeline::new(plan.calendar.clone(), plan.start);
    let per_day = plan.calendar.minutes_per_day.max(1);
    let mut text = |start: bool, minute: i64, zero: bool| {
        // A zero-length task (a milestone) starts and finishes at one moment: the end of
        // the working time before it (17:00), as MS Project shows a milestone after its
        // predecessor, or the project's start when no work comes before it.
        let m = match (start, zero) {
            (true, false) => t.start_of(minute),
            (false, false) => t.finish_of(minute),
            (_, true) => t.end_of(minute),
        };
        m.map(|m| m.to_string()).unwrap_or_default()
    };
    let tasks = plan
        .tasks
        .iter()
        .zip(&schedule.tasks)
        .map(|(task, d)| {
            let zero = d.early_finish == d.early_start;
            let late_zero = d.late_finish == d.late_start;
            Line {
                id: task.id.clone(),
                name: task.name.clone(),
                start: text(true, d.early_start, zero),
                finish: text(false, d.early_finish, zero),
                late_start: text(true, d.late_start, late_zero),
                late_finish: text(false, d.late_finish, late_zero),
                total_float_days: days(d.total_float, per_day),
                free_float_days: days(d.free_float, per_day),
                critical: d.critical,
            }
        })
        .collect();
    let warnings = schedule
        .violations
        .iter()
        .map(|v| match v {
            Violation::DeadlineMissed { task, by } => Warning {
                task: plan.tasks[*task].id.clone(),
                message: format!("finishes {} working days after its deadline", days(*by, per_day)),
            },
            Violation::ConstraintConflict { task, by } => Warning {
                task: plan.tasks[*task].id.clone(),
                message: format!(
                    "must start on its date, but its predecessors would start it {} working days later",
                    days(*by, per_day)
                ),
            },
        })
        .collect();
    Report {
        finish: text(false, schedule.finish, false),
        tasks,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::cpm::schedule;
    use crate::schedule::plan_file::parse_plan;

    /// A milestone at the project's start, one after a week of work, and one with float.
    const PLAN: &str = include_str!("../../../../docs/examples/gates.json");

    fn line<'a>(r: &'a Report, id: &str) -> &'a Line {
        r.tasks.iter().find(|l| l.id == id).unwrap()
    }

    #[test]
    fn a_milestone_starts_and_finishes_at_one_moment() {
        let plan = parse_plan(PLAN).unwrap().plan;
        let r = report(&plan, &schedule(&plan).unwrap());
        let kickoff = line(&r, "kickoff");
        assert_eq!(kickoff.start, "2025-01-06T08:00");
        assert_eq!(kickoff.finish, kickoff.start);
        assert_eq!(kickoff.late_finish, kickoff.late_start);
        let ship = line(&r, "ship");
        assert_eq!(
            (ship.start.as_str(), ship.finish.as_str()),
            ("2025-01-10T17:00", "2025-01-10T17:00")
        );
        // With float, its late dates are one moment too (after the slack, at 17:00).
        let early = line(&r, "early");
        assert_eq!(
            (early.start.as_str(), early.finish.as_str()),
            ("2025-01-07T17:00", "2025-01-07T17:00")
        );
        assert_eq!(early.late_start, "2025-01-10T17:00");
        assert_eq!(early.late_finish, early.late_start);
        // Work keeps its ordinary moments: 08:00 on its first day to 17:00 on its last.
        let build = line(&r, "build");
        assert_eq!(
            (build.start.as_str(), build.finish.as_str()),
            ("2025-01-06T08:00", "2025-01-10T17:00")
        );
    }
}
