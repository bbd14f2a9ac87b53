//! What a slip moves: reschedule with one task later, without saving anything, and
//! report which milestones and deadlines move and by how much, which tasks lose float,
//! and which become critical. The same function serves the CLI, and later the API and UI.

use super::{Constraint, Plan, Schedule, ScheduleError, Timeline, Work, schedule};
use crate::Date;

/// How a task slips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    /// It finishes this many working minutes later than planned.
    By(i64),
    /// It finishes at the end of this date.
    FinishOn(Date),
}

/// A task whose dates or float the slip changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub task: usize,
    /// How much later it finishes, in working minutes.
    pub finish_moved: i64,
    pub float_before: i64,
    pub float_after: i64,
    pub now_critical: bool,
}

/// What the slip does to the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// How many working minutes the slipping task itself moves (0 if it would not).
    pub slip: i64,
    /// How much later the project finishes, in working minutes.
    pub finish_moved: i64,
    /// Milestones and tasks with deadlines that finish later.
    pub milestones: Vec<Moved>,
    /// Other tasks that lose float (including those that become critical).
    pub float_lost: Vec<Moved>,
    pub before: Schedule,
    pub after: Schedule,
}

/// Reschedules `plan` with task `task` slipped, and compares.
pub fn slip_impact(plan: &Plan, task: usize, slip: Slip) -> Result<Impact, ScheduleError> {
    let before = schedule(plan)?;
    let target = plan.tasks.get(task).ok_or_else(|| ScheduleError::BadTask {
        task: task.to_string(),
        reason: "no such task in the plan".into(),
    })?;
    if plan.tasks.iter().any(|t| t.parent == Some(task)) {
        return Err(ScheduleError::BadTask {
            task: target.id.clone(),
            reason: "a summary slips through its tasks; slip one of them".into(),
        });
    }
    let was = before.tasks[task];
    let extra = match slip {
        Slip::By(m) => m.max(0),
        Slip::FinishOn(date) => {
            let mut timeline = Timeline::new(plan.calendar.clone(), plan.start);
            let end = timeline
                .minute_after_date(date)
                .ok_or(ScheduleError::NoWorkingTime)?;
            (end - was.early_finish).max(0)
        }
    };
    let mut slipped = plan.clone();
    slipped.tasks[task].work = Work::Duration(was.early_finish - was.early_start + extra);
    // The task keeps its start and finishes later; its other constraint, if any, already
    // holds at that start.
    if !matches!(
        plan.tasks[task].constraint,
        Some(Constraint::MustStartOn(_))
    ) {
        slipped.tasks[task].constraint = Some(Constraint::StartNotBefore(was.early_start));
    }
    let after = schedule(&slipped)?;
    let mut milestones = Vec::new();
    let mut float_lost = Vec::new();
    for (i, (b, a)) in before.tasks.iter().zip(&after.tasks).enumerate() {
        let moved = Moved {
            task: i,
            finish_moved: a.early_finish - b.early_finish,
            float_before: b.total_float,
            float_after: a.total_float,
            now_critical: a.critical && !b.critical,
        };
        let t = &plan.tasks[i];
        if i == task {
            continue; // the slip itself is the question, not part of the answer
        }
        if (t.work == Work::Milestone || t.deadline.is_some()) && moved.finish_moved > 0 {
            milestones.push(moved);
        } else if a.total_float < b.total_float {
            float_lost.push(moved);
        }
    }
    float_lost.sort_by_key(|m| (m.float_after, m.task));
    Ok(Impact {
        slip: extra,
        finish_moved: after.finish - before.finish,
        milestones,
        float_lost,
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Calendar, Link, Task};
    use super::*;
    use crate::item::DepType;

    const DAY: i64 = 480;

    fn plan() -> Plan {
        // A(5) -> B(3) -> M; A -> C(1) -> M. C has 2 days of float.
        let fs = |from, to| Link {
            from,
            to,
            kind: DepType::FinishToStart,
            lag: 0,
        };
        Plan {
            start: Date::constant(2027, 2, 1),
            calendar: Calendar::default(),
            tasks: vec![
                Task::new("A", "A", Work::Duration(5 * DAY)),
                Task::new("B", "B", Work::Duration(3 * DAY)),
                Task::new("C", "C", Work::Duration(DAY)),
                Task::new("M", "Alpha", Work::Milestone),
            ],
            links: vec![fs(0, 1), fs(1, 3), fs(0, 2), fs(2, 3)],
            resources: Vec::new(),
            ms_project_start: false,
            status_date: None,
        }
    }

    #[test]
    fn a_slip_inside_the_float_moves_nothing_but_eats_the_float() {
        let impact = slip_impact(&plan(), 2, Slip::By(DAY)).unwrap();
        assert_eq!(impact.finish_moved, 0);
        assert!(impact.milestones.is_empty());
        assert_eq!(impact.after.tasks[2].total_float, DAY);
    }

    #[test]
    fn a_slip_beyond_the_float_moves_the_milestone_and_makes_the_task_critical() {
        let impact = slip_impact(&plan(), 2, Slip::By(3 * DAY)).unwrap();
        assert_eq!(impact.finish_moved, DAY);
        assert_eq!(impact.milestones.len(), 1);
        assert_eq!(impact.milestones[0].task, 3);
        assert_eq!(impact.milestones[0].finish_moved, DAY);
        // B now has a day of float it did not have; nothing else loses float.
        assert!(impact.float_lost.is_empty());
        assert!(impact.after.tasks[2].critical);
    }

    proptest::proptest! {
        /// A slip never brings anything forward, and nothing moves further than the slip.
        #[test]
        fn a_slip_moves_nothing_earlier_and_nothing_further_than_itself(
            durations in proptest::collection::vec(0i64..8, 2..25),
            raw in proptest::collection::vec((0usize..25, 0usize..25, 0usize..4, 0i64..3), 0..40),
            who in 0usize..25,
            days in 0i64..10,
        ) {
            let n = durations.len();
            let kinds = [DepType::FinishToStart, DepType::StartToStart, DepType::FinishToFinish, DepType::StartToFinish];
            let p = Plan {
                start: Date::constant(2027, 2, 1),
                calendar: Calendar::default(),
                tasks: durations.iter().enumerate().map(|(i, d)| Task::new(&format!("T{i}"), "t", Work::Duration(d * DAY))).collect(),
                links: raw.iter().filter(|(a, b, _, _)| a % n != b % n).map(|(a, b, k, lag)| Link {
                    from: (a % n).min(b % n), to: (a % n).max(b % n), kind: kinds[*k], lag: lag * DAY,
                }).collect(),
                resources: Vec::new(),
                ms_project_start: false,
                status_date: None,
            };
            let impact = slip_impact(&p, who % n, Slip::By(days * DAY)).unwrap();
            proptest::prop_assert!(impact.finish_moved >= 0);
            proptest::prop_assert!(impact.finish_moved <= days * DAY);
            for (b, a) in impact.before.tasks.iter().zip(&impact.after.tasks) {
                proptest::prop_assert!(a.early_start >= b.early_start);
                proptest::prop_assert!(a.early_finish - b.early_finish <= days * DAY);
            }
        }
    }

    #[test]
    fn a_new_finish_date_is_a_slip_to_that_date() {
        // A finishes Friday 2027-02-05; finishing Tuesday 2027-02-09 is two days late.
        let impact = slip_impact(&plan(), 0, Slip::FinishOn(Date::constant(2027, 2, 9))).unwrap();
        assert_eq!(impact.slip, 2 * DAY);
        assert_eq!(impact.finish_moved, 2 * DAY);
        // C's float does not change: its chain moves with A.
        assert!(impact.float_lost.is_empty());
        let early = slip_impact(&plan(), 0, Slip::FinishOn(Date::constant(2027, 2, 3))).unwrap();
        assert_eq!(early.slip, 0);
    }
}
