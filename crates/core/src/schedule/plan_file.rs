//! Callsheet's own plan file: JSON that a person can write by hand. Syntax errors carry
//! the line and column; errors in values name the field by its path and quote the value
//! (`tasks[3].duration: "5x" is not valid: ...`). See `docs/schedule.md` for the format.
//!
//! ```json
//! { "start": "2027-02-01",
//!   "calendar": { "days": ["mon","tue","wed","thu","fri"], "hours": ["08:00-12:00", "13:00-17:00"],
//!                 "holidays": ["2027-04-05"] },
//!   "resources": [ { "id": "ines" }, { "id": "raj" } ],
//!   "tasks": [
//!     { "id": "1", "name": "Design", "duration": "5d" },
//!     { "id": "2", "name": "Build", "effort": "10d", "assign": ["ines", "raj"], "after": ["1"] },
//!     { "id": "3", "name": "Test", "duration": "3d", "depends": [ { "on": "2", "type": "ss", "lag": "2d" } ] },
//!     { "id": "4", "name": "Ship", "milestone": true, "after": ["3"], "deadline": "2027-03-01" } ] }
//! ```
//!
//! Resources may have a `capacity` (`"50%"`) and `time_off` dates; tasks a `priority`
//! (0-1000) and, once work begins, `started`, `finished` and `remaining`, scheduled around
//! the plan's `status_date`:
//!
//! ```json
//! { "id": "2", "name": "Build", "effort": "10d", "started": "2027-02-08", "remaining": "3d" }
//! ```

use super::{Actual, Calendar, Constraint, Link, Plan, Resource, Shift, Task, Work};
use crate::Date;
use crate::item::DepType;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};

/// What is wrong with a plan file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {value:?} is not valid: {reason}")]
    Value {
        path: String,
        value: String,
        reason: String,
    },
}

fn bad(path: impl Into<String>, value: &str, reason: impl Into<String>) -> PlanError {
    PlanError::Value {
        path: path.into(),
        value: value.to_string(),
        reason: reason.into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    start: String,
    #[serde(default)]
    status_date: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    calendar: Option<RawCalendar>,
    #[serde(default)]
    resources: Vec<RawResource>,
    tasks: Vec<RawTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[serde(default)]
    days: Option<Vec<String>>,
    #[serde(default)]
    hours: Option<Vec<String>>,
    #[serde(default)]
    holidays: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    id: String,
    #[serde(default)]
    name: Option<String>,
    /// `50%` for half-time; `300%` for a team of three.
    #[serde(default)]
    capacity: Option<String>,
    #[serde(default)]
    time_off: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    duration: Option<String>,
    #[serde(default)]
    effort: Option<String>,
    #[serde(default)]
    milestone: bool,
    #[serde(default)]
    assign: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    depends: Vec<RawDepends>,
    #[serde(default)]
    start_no_earlier_than: Option<String>,
    #[serde(default)]
    must_start_on: Option<String>,
    #[serde(default)]
    deadline: Option<String>,
    #[serde(default)]
    priority: Option<u16>,
    #[serde(default)]
    started: Option<String>,
    #[serde(default)]
    finished: Option<String>,
    #[serde(default)]
    remaining: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepends {
    on: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    lag: Option<String>,
}

/// A plan read from a file, with its name.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFile {
    pub name: String,
    pub plan: Plan,
}

/// Working time written `5d`, `3.5h`, `90m`, `1w`, or `-2d` (a lead): minutes of the
/// calendar's working time, where a day is `minutes_per_day` and a week five days.
pub fn work_minutes(raw: &str, minutes_per_day: i64) -> Option<i64> {
    let text = raw.trim();
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let amount: f64 = number.trim().parse().ok()?;
    let per = match unit.to_ascii_lowercase().as_str() {
        "m" | "min" => 1.0,
        "h" => 60.0,
        "d" => minutes_per_day as f64,
        "w" => 5.0 * minutes_per_day as f64,
        _ => return None,
    };
    let minutes = (amount * per).round();
    (minutes.is_finite() && minutes.abs() <= 1e12).then_some(minutes as i64)
}

/// `50%` or `50`: a whole percentage from 1 to 1000.
fn percent(raw: &str) -> Option<u32> {
    raw.trim()
        .trim_end_matches('%')
        .trim()
        .parse()
        .ok()
        .filter(|u| (1..=1000).contains(u))
}

fn work_error(path: String, raw: &str) -> PlanError {
    bad(path, raw, "expected working time like 5d, 3.5h, 90m or 1w")
}

fn date(path: &str, raw: &str) -> Result<Date, PlanError> {
    crate::parse_date(path, raw).map_err(|e| bad(path, raw, e.reason))
}

fn clock(path: &str, raw: &str) -> Result<u16, PlanError> {
    let fail = || bad(path, raw, "expected a time of day like 08:00");
    let (h, m) = raw.trim().split_once(':').ok_or_else(fail)?;
    let (h, m): (u16, u16) = (
        h.parse().map_err(|_| fail())?,
        m.parse().map_err(|_| fail())?,
    );
    if h > 24 || m > 59 || h * 60 + m > 24 * 60 {
        return Err(fail());
    }
    Ok(h * 60 + m)
}

fn calendar(raw: Option<RawCalendar>) -> Result<Calendar, PlanError> {
    let mut cal = Calendar::default();
    let Some(raw) = raw else {
        return Ok(cal);
    };
    let shifts = match raw.hours {
        None => cal.week[0].clone(),
        Some(hours) => {
            let mut shifts = Vec::new();
            for (i, h) in hours.iter().enumerate() {
                let path = format!("calendar.hours[{i}]");
                let (a, b) = h
                    .split_once('-')
                    .ok_or_else(|| bad(&path, h, "expected a span like 08:00-12:00"))?;
                let (start, end) = (clock(&path, a)?, clock(&path, b)?);
                if end <= start || shifts.last().is_some_and(|s: &Shift| s.end > start) {
                    return Err(bad(
                        &path,
                        h,
                        "spans run forward, in order, without overlap",
                    ));
                }
                shifts.push(Shift { start, end });
            }
            shifts
        }
    };
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let days: Vec<String> = raw
        .days
        .unwrap_or_else(|| names[..5].iter().map(|d| d.to_string()).collect());
    let mut week: [Vec<Shift>; 7] = Default::default();
    for (i, d) in days.iter().enumerate() {
        let key = d.trim().to_ascii_lowercase();
        let at = names
            .iter()
            .position(|n| key.starts_with(n))
            .ok_or_else(|| {
                bad(
                    format!("calendar.days[{i}]"),
                    d,
                    "expected mon, tue, ... sun",
                )
            })?;
        week[at] = shifts.clone();
    }
    cal.minutes_per_day = shifts
        .iter()
        .map(|s| i64::from(s.end - s.start))
        .sum::<i64>()
        .max(1);
    cal.week = week;
    cal.holidays = raw
        .holidays
        .iter()
        .enumerate()
        .map(|(i, h)| date(&format!("calendar.holidays[{i}]"), h))
        .collect::<Result<BTreeSet<_>, _>>()?;
    if !cal.has_working_time() {
        return Err(bad("calendar", "", "it has no working time at all"));
    }
    Ok(cal)
}

/// Reads a plan file.
pub fn parse_plan(text: &str) -> Result<PlanFile, PlanError> {
    let raw: RawPlan = serde_json::from_str(text).map_err(|e| PlanError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or("")
            .to_string(),
    })?;
    let calendar = calendar(raw.calendar)?;
    let per_day = calendar.minutes_per_day;
    let start = date("start", &raw.start)?;
    let mut resource_index = HashMap::new();
    let mut resources = Vec::with_capacity(raw.resources.len());
    for (i, r) in raw.resources.iter().enumerate() {
        if resource_index.insert(r.id.clone(), i).is_some() {
            return Err(bad(
                format!("resources[{i}].id"),
                &r.id,
                "another resource has this id",
            ));
        }
        let mut resource = Resource::new(&r.id, r.name.as_deref().unwrap_or(&r.id));
        if let Some(c) = &r.capacity {
            resource.capacity = percent(c).ok_or_else(|| {
                bad(
                    format!("resources[{i}].capacity"),
                    c,
                    "expected a percentage from 1% to 1000%, like 50%",
                )
            })?;
        }
        for (k, d) in r.time_off.iter().enumerate() {
            resource
                .time_off
                .insert(date(&format!("resources[{i}].time_off[{k}]"), d)?);
        }
        resources.push(resource);
    }
    let mut index = HashMap::new();
    for (i, t) in raw.tasks.iter().enumerate() {
        if t.id.trim().is_empty() {
            return Err(bad(
                format!("tasks[{i}].id"),
                &t.id,
                "every task needs an id",
            ));
        }
        if index.insert(t.id.clone(), i).is_some() {
            return Err(bad(
                format!("tasks[{i}].id"),
                &t.id,
                "another task has this id",
            ));
        }
    }
    // Paths are only spelled out when something is wrong: a plan may hold 100,000 tasks.
    let find = |path: &dyn Fn() -> String, id: &str| -> Result<usize, PlanError> {
        index
            .get(id)
            .copied()
            .ok_or_else(|| bad(path(), id, "no task has this id"))
    };
    let mut tasks = Vec::with_capacity(raw.tasks.len());
    let mut links = Vec::new();
    for (i, t) in raw.tasks.iter().enumerate() {
        let at = |field: &str| format!("tasks[{i}].{field}");
        let work = match (&t.duration, &t.effort, t.milestone) {
            (_, _, true) => Work::Milestone,
            (Some(d), None, false) => Work::Duration(
                work_minutes(d, per_day).ok_or_else(|| work_error(at("duration"), d))?,
            ),
            (None, Some(e), false) => {
                Work::Effort(work_minutes(e, per_day).ok_or_else(|| work_error(at("effort"), e))?)
            }
            (None, None, false) => Work::Duration(0),
            (Some(d), Some(_), false) => {
                return Err(bad(
                    at("duration"),
                    d,
                    "give a duration or an effort, not both",
                ));
            }
        };
        if let Work::Duration(m) | Work::Effort(m) = work
            && m < 0
        {
            return Err(bad(
                at("duration"),
                &m.to_string(),
                "work cannot be negative",
            ));
        }
        let mut task = Task::new(&t.id, t.name.as_deref().unwrap_or(&t.id), work);
        task.parent = match &t.parent {
            Some(p) => Some(find(&|| at("parent"), p)?),
            None => None,
        };
        task.constraint = match (&t.start_no_earlier_than, &t.must_start_on) {
            (Some(d), None) => Some(Constraint::StartNoEarlierThan(date(
                &at("start_no_earlier_than"),
                d,
            )?)),
            (None, Some(d)) => Some(Constraint::MustStartOn(date(&at("must_start_on"), d)?)),
            (None, None) => None,
            (Some(d), Some(_)) => {
                return Err(bad(at("must_start_on"), d, "one start constraint per task"));
            }
        };
        if let Some(p) = t.priority {
            if p > 1000 {
                return Err(bad(
                    at("priority"),
                    &p.to_string(),
                    "priorities run from 0 to 1000",
                ));
            }
            task.priority = p;
        }
        task.actual = match (&t.started, &t.finished, &t.remaining) {
            (None, None, None) => None,
            (Some(started), finished, remaining) => Some(Actual {
                start: date(&at("started"), started)?,
                finish: match finished {
                    Some(f) => Some(date(&at("finished"), f)?),
                    None => None,
                },
                remaining: match remaining {
                    Some(r) => Some(
                        work_minutes(r, per_day)
                            .filter(|m| *m >= 0)
                            .ok_or_else(|| work_error(at("remaining"), r))?,
                    ),
                    None => None,
                },
            }),
            (None, Some(f), _) | (None, None, Some(f)) => {
                return Err(bad(
                    at(if t.finished.is_some() {
                        "finished"
                    } else {
                        "remaining"
                    }),
                    f,
                    "give the date work started as well",
                ));
            }
        };
        task.deadline = match &t.deadline {
            Some(d) => Some(date(&at("deadline"), d)?),
            None => None,
        };
        for (k, who) in t.assign.iter().enumerate() {
            let (name, units) = match who.split_once('@') {
                Some((n, u)) => {
                    let units = percent(u).ok_or_else(|| {
                        bad(
                            at(&format!("assign[{k}]")),
                            who,
                            "expected units like ines@50%",
                        )
                    })?;
                    (n.trim(), units)
                }
                None => (who.trim(), 100),
            };
            let r = resource_index
                .get(name)
                .copied()
                .ok_or_else(|| bad(at(&format!("assign[{k}]")), who, "no resource has this id"))?;
            task.assignments.push((r, units));
        }
        for (k, pred) in t.after.iter().enumerate() {
            links.push(Link {
                from: find(&|| at(&format!("after[{k}]")), pred)?,
                to: i,
                kind: DepType::FinishToStart,
                lag: 0,
            });
        }
        for (k, d) in t.depends.iter().enumerate() {
            let path = |field: &str| at(&format!("depends[{k}].{field}"));
            links.push(Link {
                from: find(&|| path("on"), &d.on)?,
                to: i,
                kind: match &d.kind {
                    Some(kind) => DepType::parse(kind)
                        .map_err(|_| bad(path("type"), kind, "expected fs, ss, ff or sf"))?,
                    None => DepType::FinishToStart,
                },
                lag: match &d.lag {
                    Some(l) => {
                        work_minutes(l, per_day).ok_or_else(|| work_error(path("lag"), l))?
                    }
                    None => 0,
                },
            });
        }
        tasks.push(task);
    }
    Ok(PlanFile {
        name: raw.name.unwrap_or_default(),
        plan: Plan {
            start,
            calendar,
            tasks,
            links,
            resources,
            ms_project_start: false,
            status_date: match &raw.status_date {
                Some(d) => Some(date("status_date", d)?),
                None => None,
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{
  "start": "2027-02-01",
  "calendar": { "hours": ["09:00-13:00", "14:00-17:30"], "holidays": ["2027-02-08"] },
  "resources": [ { "id": "ines" }, { "id": "raj" } ],
  "tasks": [
    { "id": "1", "name": "Design", "duration": "5d" },
    { "id": "2", "name": "Build", "effort": "10d", "assign": ["ines", "raj@50%"], "after": ["1"] },
    { "id": "3", "name": "Test", "duration": "3d", "depends": [ { "on": "2", "type": "ss", "lag": "2d" } ] },
    { "id": "4", "name": "Ship", "milestone": true, "after": ["3"], "deadline": "2027-03-01" }
  ]
}"#;

    #[test]
    fn the_documented_example_reads() {
        let f = parse_plan(EXAMPLE).unwrap();
        assert_eq!(f.plan.calendar.minutes_per_day, 450);
        assert_eq!(f.plan.tasks.len(), 4);
        assert_eq!(f.plan.tasks[1].work, Work::Effort(10 * 450));
        assert_eq!(f.plan.tasks[1].assignments, vec![(0, 100), (1, 50)]);
        assert_eq!(f.plan.links[1].kind, DepType::StartToStart);
        assert_eq!(f.plan.links[1].lag, 900);
        let names: Vec<&str> = f.plan.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["ines", "raj"]);
    }

    #[test]
    fn errors_say_where() {
        let syntax =
            parse_plan("{\n  \"start\": \"2027-02-01\",\n  \"tasks\": [ { \"id\": 1 } ]\n}")
                .unwrap_err();
        assert!(
            matches!(syntax, PlanError::Syntax { line: 3, .. }),
            "{syntax}"
        );
        let value = parse_plan(r#"{"start":"2027-02-01","tasks":[{"id":"a","duration":"5x"}]}"#)
            .unwrap_err();
        assert_eq!(
            value.to_string(),
            "tasks[0].duration: \"5x\" is not valid: expected working time like 5d, 3.5h, 90m or 1w"
        );
        let missing = parse_plan(r#"{"start":"2027-02-01","tasks":[{"id":"a","after":["zz"]}]}"#)
            .unwrap_err();
        assert!(
            missing.to_string().starts_with("tasks[0].after[0]: \"zz\""),
            "{missing}"
        );
        let unknown = parse_plan(r#"{"start":"2027-02-01","tasks":[{"id":"a","colour":"red"}]}"#)
            .unwrap_err();
        assert!(
            unknown.to_string().contains("unknown field `colour`"),
            "{unknown}"
        );
    }
}
