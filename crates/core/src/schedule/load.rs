//! Workload: how many minutes each person is booked for on each working day of a
//! schedule, against what they can give that day. The workload view sums it by week;
//! leveling reports the days it finds over-allocated.

use super::{Plan, Schedule, Timeline};
use crate::Date;
use std::collections::BTreeMap;

/// One person's booking on one working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayLoad {
    pub resource: usize,
    pub date: Date,
    /// Minutes of work booked, weighted by assignment units (a 50% assignment for a whole
    /// 8-hour day books 240).
    pub booked: i64,
    /// Minutes the person can work that day: the calendar's hours times their capacity,
    /// nothing on time off.
    pub available: i64,
    /// The tasks booked that day, in plan order.
    pub tasks: Vec<usize>,
    /// Whether the person is asked for more than they can give (compared before rounding
    /// to whole minutes, so a fraction of a minute too much still counts).
    pub over: bool,
}

/// Every (person, working day) with work booked, in person then date order. A task
/// pauses on a day any of its people has off, so it books nobody that day.
pub fn daily_load(plan: &Plan, schedule: &Schedule) -> Vec<DayLoad> {
    let mut timeline = Timeline::new(plan.calendar.clone(), plan.start);
    // (resource, date) -> (booked minute-percent, tasks)
    let mut days: BTreeMap<(usize, Date), (i64, Vec<usize>)> = BTreeMap::new();
    let is_summary = plan.summaries();
    for (i, dates) in schedule.tasks.iter().enumerate() {
        if is_summary[i] || plan.tasks[i].assignments.is_empty() {
            continue;
        }
        let units = plan.units_of(i);
        let people: Vec<&super::Resource> = units
            .iter()
            .filter_map(|(r, _)| plan.resources.get(*r))
            .collect();
        let mut at = dates.early_start;
        while at < dates.early_finish {
            let Some((date, _, end)) = timeline.working_day(at) else {
                break;
            };
            let overlap = end.min(dates.early_finish) - at;
            at = end.max(at + 1);
            if people.iter().any(|p| p.time_off.contains(&date)) {
                continue;
            }
            for &(r, u) in &units {
                let entry = days.entry((r, date)).or_default();
                entry.0 += overlap * i64::from(u);
                entry.1.push(i);
            }
        }
    }
    days.into_iter()
        .map(|((resource, date), (booked, tasks))| {
            let capacity = plan.resources.get(resource).map_or(100, |r| r.capacity);
            let off = plan
                .resources
                .get(resource)
                .is_some_and(|r| r.time_off.contains(&date));
            let available = if off {
                0
            } else {
                plan.calendar.minutes_on(date) * i64::from(capacity)
            };
            DayLoad {
                resource,
                date,
                booked: booked / 100,
                available: available / 100,
                tasks,
                over: booked > available,
            }
        })
        .collect()
}

/// The (person, day) pairs where someone is booked beyond what they can give.
pub fn overloads(plan: &Plan, schedule: &Schedule) -> Vec<DayLoad> {
    daily_load(plan, schedule)
        .into_iter()
        .filter(|d| d.over)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Calendar, Resource, Task, Work, schedule};
    use super::*;

    #[test]
    fn two_half_time_assignments_fill_a_day_and_a_third_overloads_it() {
        let mut plan = Plan {
            start: Date::constant(2027, 2, 1),
            calendar: Calendar::default(),
            tasks: Vec::new(),
            links: Vec::new(),
            resources: vec![Resource::new("ines", "Ines")],
            ms_project_start: false,
            status_date: None,
        };
        for (id, units) in [("A", 50), ("B", 50)] {
            let mut t = Task::new(id, id, Work::Duration(480));
            t.assignments = vec![(0, units)];
            plan.tasks.push(t);
        }
        let s = schedule(&plan).unwrap();
        let load = daily_load(&plan, &s);
        assert_eq!(load.len(), 1);
        assert_eq!((load[0].booked, load[0].available), (480, 480));
        assert!(overloads(&plan, &s).is_empty());
        let mut c = Task::new("C", "C", Work::Duration(240));
        c.assignments = vec![(0, 100)];
        plan.tasks.push(c);
        let s = schedule(&plan).unwrap();
        let over = overloads(&plan, &s);
        assert_eq!(over.len(), 1);
        assert_eq!(over[0].booked, 720);
        assert_eq!(over[0].tasks, vec![0, 1, 2]);
    }
}
