//! Baselines: a saved snapshot of every task's start and finish, and how far the current
//! schedule has slipped from it. Slips are in working time on the plan's calendar:
//! positive is later than the baseline, negative earlier.

use super::{Moment, Plan, Schedule, Timeline, report};
use std::collections::HashMap;

/// One task's dates in a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub start: Moment,
    pub finish: Moment,
}

/// How far a task has moved from its baseline, in working minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variance {
    pub start_slip: i64,
    pub finish_slip: i64,
}

/// Every task's dates as the schedule has them now, by task id: what a baseline keeps.
pub fn snapshot(plan: &Plan, schedule: &Schedule) -> Vec<(String, Snapshot)> {
    let r = report(plan, schedule);
    r.tasks
        .into_iter()
        .filter_map(|line| {
            Some((
                line.id,
                Snapshot {
                    start: Moment::parse(&line.start)?,
                    finish: Moment::parse(&line.finish)?,
                },
            ))
        })
        .collect()
}

/// Each task's slip against a baseline (None for a task the baseline does not have).
pub fn variance(
    plan: &Plan,
    schedule: &Schedule,
    baseline: &HashMap<String, Snapshot>,
) -> Vec<Option<Variance>> {
    let mut timeline = Timeline::new(plan.calendar.clone(), plan.start);
    let now = snapshot(plan, schedule);
    let mut now_of: HashMap<&str, Snapshot> = HashMap::with_capacity(now.len());
    for (id, s) in &now {
        now_of.insert(id.as_str(), *s);
    }
    plan.tasks
        .iter()
        .map(|t| {
            let was = baseline.get(&t.id)?;
            let is = now_of.get(t.id.as_str())?;
            Some(Variance {
                start_slip: timeline.minute_at(is.start)? - timeline.minute_at(was.start)?,
                finish_slip: timeline.minute_at(is.finish)? - timeline.minute_at(was.finish)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Calendar, Link, Task, Work, schedule};
    use super::*;
    use crate::Date;
    use crate::item::DepType;

    #[test]
    fn a_slip_shows_against_the_baseline_in_working_days() {
        let mut plan = Plan {
            start: Date::constant(2027, 2, 1),
            calendar: Calendar::default(),
            tasks: vec![
                Task::new("A", "A", Work::Duration(3 * 480)),
                Task::new("B", "B", Work::Duration(2 * 480)),
                Task::new("M", "Alpha", Work::Milestone),
            ],
            links: vec![
                Link {
                    from: 0,
                    to: 1,
                    kind: DepType::FinishToStart,
                    lag: 0,
                },
                Link {
                    from: 1,
                    to: 2,
                    kind: DepType::FinishToStart,
                    lag: 0,
                },
            ],
            resources: Vec::new(),
            ms_project_start: false,
            status_date: None,
        };
        let base: HashMap<String, Snapshot> = snapshot(&plan, &schedule(&plan).unwrap())
            .into_iter()
            .collect();
        assert_eq!(base["M"].finish.to_string(), "2027-02-05T17:00");
        // A grows by two days, over the weekend: B and the milestone slip two working days.
        plan.tasks[0].work = Work::Duration(5 * 480);
        let s = schedule(&plan).unwrap();
        let v = variance(&plan, &s, &base);
        assert_eq!(
            v[0],
            Some(Variance {
                start_slip: 0,
                finish_slip: 960
            })
        );
        assert_eq!(
            v[2],
            Some(Variance {
                start_slip: 960,
                finish_slip: 960
            })
        );
        // A plan that now starts later still measures against the same dates.
        plan.start = Date::constant(2027, 2, 2);
        plan.tasks[0].work = Work::Duration(4 * 480);
        let v = variance(&plan, &schedule(&plan).unwrap(), &base);
        assert_eq!(v[2].map(|v| v.finish_slip), Some(960));
    }
}
