//! The scheduler: the critical path method over a plan of tasks and dependencies, in
//! working time. Pure: a [`Plan`] goes in, a [`Schedule`] comes out, nothing is read
//! from a clock or a database.
//!
//! - Durations and lags are working minutes on the plan's [`Calendar`]; a day is the
//!   calendar's `minutes_per_day`.
//! - Effort-driven tasks take `effort / (sum of assignment units)`: ten days of effort by
//!   two people at 100% take five days.
//! - Dependencies are finish-to-start, start-to-start, finish-to-finish or start-to-finish,
//!   with positive or negative lags, between tasks or summaries (a summary's children start
//!   no earlier than the summary may, and the summary finishes when its last child does).
//! - Constraints: start no earlier than, must start on, and a deadline (finish no later
//!   than), which is reported when missed rather than silently honoured.
//! - Forward and backward passes give early and late dates, total and free float, and the
//!   critical path (total float of zero or less).

pub mod baseline;
pub mod calendar;
mod cpm;
pub mod drivers;
pub mod level;
pub mod load;
pub mod plan_file;
pub mod report;
mod time_off;
pub mod tracked;
pub mod whatif;

pub use calendar::{Calendar, Moment, Shift, Timeline};
pub use cpm::schedule;
pub use drivers::driving_chain;
pub use level::{Delay, Leveled, level};
pub use load::{DayLoad, daily_load, overloads};
pub use plan_file::{PlanError, PlanFile, parse_plan};
pub use report::{Report, report};
pub use whatif::{Impact, Slip, slip_impact};

use crate::Date;
use crate::item::DepType;

/// How much work a task is.
#[derive(Debug, Clone, PartialEq)]
pub enum Work {
    /// A fixed duration in working minutes.
    Duration(i64),
    /// Effort in working minutes, shared by the task's assignments.
    Effort(i64),
    /// A point in time: zero duration.
    Milestone,
}

/// A date the task is pinned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// Start no earlier than the start of this date.
    StartNoEarlierThan(Date),
    /// Start exactly at the start of this date, whatever its predecessors say.
    MustStartOn(Date),
    /// Start no earlier than this working minute from the plan's start (what-if keeps a
    /// slipping task's start here, so a longer task finishes later rather than starting
    /// earlier under a finish-to-finish link).
    StartNotBefore(i64),
}

/// One task of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The task's id as the plan names it (an MSPDI UID, a plan-file id, an item key).
    pub id: String,
    pub name: String,
    /// Index of the summary task this one belongs to.
    pub parent: Option<usize>,
    pub work: Work,
    pub constraint: Option<Constraint>,
    /// Finish no later than the end of this date; missing it is reported.
    pub deadline: Option<Date>,
    /// (resource index, units in percent) for effort-driven work and leveling.
    pub assignments: Vec<(usize, u32)>,
    /// Leveling serves higher priorities first: 0 to 1000, 500 by default (as MS Project).
    pub priority: u16,
    /// What has really happened: a task under way or done keeps its dates.
    pub actual: Option<Actual>,
}

/// A task's real dates, for work under way or done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actual {
    /// The day work started; the task starts at the start of it, whatever its links say.
    pub start: Date,
    /// The day it finished, when it has; it finishes at the end of it.
    pub finish: Option<Date>,
    /// Working minutes still to do, when someone said so: scheduled from the status date
    /// (or the start, if later). Otherwise the task runs its whole duration from its start.
    pub remaining: Option<i64>,
}

impl Task {
    /// A task of a fixed duration, with nothing else set.
    pub fn new(id: &str, name: &str, work: Work) -> Self {
        Task {
            id: id.to_string(),
            name: name.to_string(),
            parent: None,
            work,
            constraint: None,
            deadline: None,
            assignments: Vec::new(),
            priority: 500,
            actual: None,
        }
    }
}

/// A person (or a team) that tasks are assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    pub name: String,
    /// How much of a full-time person this is, in percent: 50 is half-time, 300 a team of
    /// three. An assignment above it works at this rate.
    pub capacity: u32,
    /// Days this person does not work although the calendar does; their tasks pause.
    pub time_off: std::collections::BTreeSet<Date>,
}

impl Resource {
    /// A full-time resource with no time off.
    pub fn new(id: &str, name: &str) -> Self {
        Resource {
            id: id.to_string(),
            name: name.to_string(),
            capacity: 100,
            time_off: Default::default(),
        }
    }
}

/// `to` depends on `from`: for finish-to-start, `to` starts after `from` finishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub kind: DepType,
    /// Working minutes; negative is lead time.
    pub lag: i64,
}

/// A plan to schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Work starts at the first working minute on or after this date.
    pub start: Date,
    pub calendar: Calendar,
    pub tasks: Vec<Task>,
    pub links: Vec<Link>,
    /// Who `Task::assignments` point at.
    pub resources: Vec<Resource>,
    /// MS Project's rule for the project start: a task with predecessors starts where
    /// they put it, even before the project starts (a lead, or a long task finishing with
    /// a short one), and summaries do not hold their children back. Plans read from
    /// MSPDI use it, so they schedule as MS Project does. Otherwise nothing starts before
    /// the project, and adding a dependency can never bring the finish forward.
    pub ms_project_start: bool,
    /// "Today" for a plan with progress: work not started yet starts no earlier, and the
    /// remaining work of tasks under way is scheduled from it.
    pub status_date: Option<Date>,
}

impl Plan {
    /// Which tasks are summaries: another task names them as its parent.
    pub fn summaries(&self) -> Vec<bool> {
        let n = self.tasks.len();
        let mut out = vec![false; n];
        for t in &self.tasks {
            if let Some(p) = t.parent.filter(|p| *p < n) {
                out[p] = true;
            }
        }
        out
    }

    /// Each task's depth in the outline, 0 at the top. A parent chain that loops (the
    /// scheduler refuses those) stops after as many steps as there are tasks.
    pub fn depths(&self) -> Vec<usize> {
        let n = self.tasks.len();
        self.tasks
            .iter()
            .map(|t| {
                let mut depth = 0;
                let mut at = t.parent;
                while let Some(p) = at.filter(|p| *p < n && depth < n) {
                    depth += 1;
                    at = self.tasks[p].parent;
                }
                depth
            })
            .collect()
    }

    /// A task's working duration in minutes: its duration, or its effort shared by its
    /// people (ten days of effort by two people at 100% take five days). Time off may
    /// stretch the task beyond this; the scheduler pauses it.
    pub fn duration_of(&self, i: usize) -> Result<i64, ScheduleError> {
        let task = &self.tasks[i];
        let bad = |reason: &str| ScheduleError::BadTask {
            task: task.id.clone(),
            reason: reason.to_string(),
        };
        match task.work {
            Work::Milestone => Ok(0),
            Work::Duration(d) if d < 0 => Err(bad("a duration cannot be negative")),
            Work::Duration(d) => Ok(d),
            Work::Effort(e) if e < 0 => Err(bad("effort cannot be negative")),
            Work::Effort(e) => {
                let units: i64 = self.units_of(i).iter().map(|(_, u)| i64::from(*u)).sum();
                if task.assignments.is_empty() {
                    Ok(e)
                } else if units <= 0 {
                    Err(bad("effort-driven work needs assignments above 0%"))
                } else {
                    // Round up: a task is not done until its last minute of effort is.
                    Ok((e * 100 + units - 1) / units)
                }
            }
        }
    }

    /// A task's assignments at the units each person can give: an assignment above a
    /// resource's capacity works at the capacity (a half-time person at 100% gives 50%).
    /// Repeated assignments of one person to one task add up.
    pub fn units_of(&self, task: usize) -> Vec<(usize, u32)> {
        let mut out: Vec<(usize, u32)> = Vec::new();
        for &(r, units) in &self.tasks[task].assignments {
            match out.iter_mut().find(|(o, _)| *o == r) {
                Some((_, u)) => *u = u.saturating_add(units),
                None => out.push((r, units)),
            }
        }
        for (r, u) in &mut out {
            if let Some(res) = self.resources.get(*r) {
                *u = (*u).min(res.capacity);
            }
        }
        out
    }
}

/// One task's computed dates, in working minutes from the plan's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    pub early_start: i64,
    pub early_finish: i64,
    pub late_start: i64,
    pub late_finish: i64,
    /// How far the task can slip without moving the project finish or a deadline.
    pub total_float: i64,
    /// How far it can slip without moving any successor.
    pub free_float: i64,
    pub critical: bool,
}

/// Something the schedule could not honour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A task finishes after its deadline, by this many working minutes.
    DeadlineMissed { task: usize, by: i64 },
    /// Predecessors would start a must-start-on task later than its date.
    ConstraintConflict { task: usize, by: i64 },
}

/// The result: dates per task in plan order, the project finish, what was not honoured.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub tasks: Vec<Dates>,
    /// The latest early finish, in working minutes from the start.
    pub finish: i64,
    pub violations: Vec<Violation>,
}

/// Why a plan cannot be scheduled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("dependency cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
    #[error("task {task}: {reason}")]
    BadTask { task: String, reason: String },
    #[error("the calendar has no working time")]
    NoWorkingTime,
}
