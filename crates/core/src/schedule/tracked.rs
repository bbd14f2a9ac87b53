//! The schedule as the tracker keeps it: each item's computed dates, the project's
//! finish and warnings, and saved baselines. The engine computes them; the store keeps
//! them with the items, so queries (`critical = true`, `float < 2d`) read them directly.

use crate::Date;
use crate::item::{DepType, Priority, StatusCategory};
use serde::Serialize;

/// One item's computed dates, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ItemDates {
    #[serde(skip)]
    pub item_id: i64,
    pub early_start: String,
    pub early_finish: String,
    pub late_start: String,
    pub late_finish: String,
    /// Working minutes.
    pub total_float: i64,
    pub free_float: i64,
    pub critical: bool,
    /// Working minutes later than the current baseline; None without one.
    pub finish_slip: Option<i64>,
}

/// A project's schedule as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectDates {
    pub start_on: String,
    pub finish: String,
    /// Deadlines missed and constraints not met, as JSON: `[{"key", "message"}]`.
    pub warnings: String,
    pub computed_at: i64,
}

/// A saved baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Baseline {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub taken_at: i64,
    pub taken_by: Option<String>,
    /// Slips in the schedule and the `slipped` query field are measured against it.
    pub current: bool,
}

/// What the scheduler needs of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanItem {
    pub id: i64,
    pub number: i64,
    pub kind: String,
    pub title: String,
    pub category: StatusCategory,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub estimate_minutes: Option<i64>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub parent_id: Option<i64>,
    pub milestone_id: Option<i64>,
    pub started_on: Option<Date>,
    pub finished_on: Option<Date>,
}

/// A depends-on link inside a project: `after` waits on `before`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependency {
    pub before: i64,
    pub after: i64,
    pub kind: DepType,
    pub lag_days: i64,
}
