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

pub mod calendar;
mod cpm;
pub mod plan_file;
pub mod report;
pub mod whatif;

pub use calendar::{Calendar, Moment, Shift, Timeline};
pub use cpm::schedule;
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
