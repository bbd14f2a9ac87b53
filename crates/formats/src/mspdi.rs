//! MS Project XML (MSPDI), both ways: a plan read from a file MS Project or MPXJ wrote,
//! and a scheduled plan written so they read it back with the same tasks, links and dates.
//!
//! Read: tasks with their outline (parents), durations, milestones, constraints (must
//! start on, start no earlier than, finish no later than and deadlines), priorities,
//! manually scheduled tasks (held at their start), predecessor links with their types
//! and lags; the project calendar with its working week and exceptions; work resources
//! with their maximum units and, from their own calendars, time off; assignments with
//! units. Dates of automatically scheduled tasks are ignored: the scheduler computes
//! them. What the plan cannot hold is named in [`Imported::notes`], never silently lost.
//!
//! The task id is the MSPDI UID.

use crate::FormatError;
use crate::xml::{Node, Part, records};
use callsheet_core::Date;
use callsheet_core::item::DepType;
use callsheet_core::schedule::{
    Actual, Calendar, Constraint, Link, Plan, Resource, Schedule, Shift, Task, Timeline, Work,
    report,
};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// A plan read from MSPDI, with what it could not carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub name: String,
    pub plan: Plan,
    /// Things in the file the plan does not hold, one line each.
    pub notes: Vec<String>,
}

/// The longest calendar exception read, in days (ten years).
const MAX_EXCEPTION_DAYS: i32 = 3660;

struct Reading<'a> {
    text: &'a str,
    notes: BTreeSet<String>,
}

impl<'a> Reading<'a> {
    fn fail(&self, node: &Node, message: impl Into<String>) -> FormatError {
        FormatError::at(self.text, node.at, message)
    }

    fn int(&self, node: &Node, field: &str) -> Result<Option<i64>, FormatError> {
        match node.text_of(field) {
            None => Ok(None),
            Some(raw) => raw.parse().map(Some).map_err(|_| {
                self.fail(
                    node.child(field).unwrap_or(node),
                    format!("<{field}> {raw:?} is not a whole number"),
                )
            }),
        }
    }

    fn number(&self, node: &Node, field: &str) -> Result<Option<f64>, FormatError> {
        match node.text_of(field) {
            None => Ok(None),
            Some(raw) => raw
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    self.fail(
                        node.child(field).unwrap_or(node),
                        format!("<{field}> {raw:?} is not a number"),
                    )
                }),
        }
    }

    fn flag(&self, node: &Node, field: &str) -> Result<bool, FormatError> {
        Ok(self.int(node, field)?.is_some_and(|v| v != 0))
    }

    /// The date part of a date-time like `2027-02-01T08:00:00`.
    fn date(&self, node: &Node, field: &str) -> Result<Option<Date>, FormatError> {
        match node.text_of(field) {
            None => Ok(None),
            Some(raw) => raw
                .get(..10)
                .and_then(|d| d.parse::<Date>().ok())
                .map(Some)
                .ok_or_else(|| {
                    self.fail(
                        node.child(field).unwrap_or(node),
                        format!("<{field}> {raw:?} is not a date-time like 2027-02-01T08:00:00"),
                    )
                }),
        }
    }

    /// Minutes of a duration like `PT40H0M0S`.
    fn duration(&self, node: &Node, field: &str) -> Result<Option<i64>, FormatError> {
        match node.text_of(field) {
            None => Ok(None),
            Some(raw) => parse_duration(raw).map(Some).ok_or_else(|| {
                self.fail(
                    node.child(field).unwrap_or(node),
                    format!("<{field}> {raw:?} is not a duration like PT40H0M0S"),
                )
            }),
        }
    }

    fn time(&self, node: &Node, field: &str) -> Result<u16, FormatError> {
        let raw = node.text_of(field).unwrap_or("");
        let mut parts = raw.split(':');
        let hours: Option<u16> = parts.next().and_then(|h| h.parse().ok());
        let minutes: Option<u16> = parts.next().and_then(|m| m.parse().ok());
        match (hours, minutes) {
            (Some(h), Some(m)) if h <= 24 && m < 60 && h * 60 + m <= 24 * 60 => Ok(h * 60 + m),
            _ => Err(self.fail(
                node.child(field).unwrap_or(node),
                format!("<{field}> {raw:?} is not a time like 08:00:00"),
            )),
        }
    }

    fn note(&mut self, text: impl Into<String>) {
        self.notes.insert(text.into());
    }
}

/// `PT40H0M0S`, `PT7H30M`, `PT0.5H`: working minutes, rounded.
fn parse_duration(raw: &str) -> Option<i64> {
    let rest = raw.trim().strip_prefix("PT")?;
    let mut minutes = 0.0f64;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let v: f64 = number.parse().ok()?;
                minutes += v * match c {
                    'H' => 60.0,
                    'M' => 1.0,
                    _ => 1.0 / 60.0,
                };
                number.clear();
            }
            _ => return None,
        }
    }
    (number.is_empty() && minutes.is_finite() && minutes < 1e12).then(|| minutes.round() as i64)
}

/// Our weekday index (Monday first) of an MSPDI DayType (1 is Sunday).
fn weekday(day_type: i64) -> Option<usize> {
    match day_type {
        1 => Some(6),
        2..=7 => Some((day_type - 2) as usize),
        _ => None,
    }
}

fn standard_day() -> Vec<Shift> {
    Calendar::default().week[0].clone()
}

/// Every date from `from` to `to`, inclusive, at most ten years of them.
fn dates(from: Date, to: Date) -> impl Iterator<Item = Date> {
    let mut at = Some(from);
    let mut left = MAX_EXCEPTION_DAYS;
    std::iter::from_fn(move || {
        let d = at.filter(|d| *d <= to && left > 0)?;
        left -= 1;
        at = d.tomorrow().ok();
        Some(d)
    })
}

impl<'a> Reading<'a> {
    /// A calendar: its base calendar's, then its own working week and exceptions.
    fn calendar(
        &mut self,
        node: &Node,
        by_uid: &HashMap<i64, &Node>,
        minutes_per_day: i64,
        depth: usize,
    ) -> Result<Calendar, FormatError> {
        let mut cal = match self.int(node, "BaseCalendarUID")? {
            Some(base) if depth < 8 => match by_uid.get(&base) {
                Some(b) => self.calendar(b, by_uid, minutes_per_day, depth + 1)?,
                None => Calendar::default(),
            },
            _ => Calendar::default(),
        };
        cal.minutes_per_day = minutes_per_day;
        for day in node
            .child("WeekDays")
            .into_iter()
            .flat_map(|w| w.all("WeekDay"))
        {
            let day_type = self.int(day, "DayType")?.unwrap_or(-1);
            let working = self.flag(day, "DayWorking")?;
            if day_type == 0 {
                // An exception written the pre-2007 way, with a time period.
                self.exception(day, working, &mut cal)?;
                continue;
            }
            let Some(at) = weekday(day_type) else {
                return Err(self.fail(day, format!("<DayType> {day_type} is not 0 to 7")));
            };
            cal.week[at] = if working {
                self.shifts(day)?.unwrap_or_else(standard_day)
            } else {
                Vec::new()
            };
        }
        for ex in node
            .child("Exceptions")
            .into_iter()
            .flat_map(|e| e.all("Exception"))
        {
            let working = self.flag(ex, "DayWorking")?;
            if self.int(ex, "Type")?.is_some_and(|t| t != 1) {
                self.note("recurring calendar exceptions are read as every day of their range");
            }
            self.exception(ex, working, &mut cal)?;
        }
        Ok(cal)
    }

    fn shifts(&self, day: &Node) -> Result<Option<Vec<Shift>>, FormatError> {
        let Some(times) = day.child("WorkingTimes") else {
            return Ok(None);
        };
        let mut shifts = Vec::new();
        for t in times.all("WorkingTime") {
            let start = self.time(t, "FromTime")?;
            let mut end = self.time(t, "ToTime")?;
            // MS Project writes a shift to midnight as 00:00:00.
            if end == 0 {
                end = 24 * 60;
            }
            if end <= start {
                return Err(self.fail(t, "a working time must end after it starts"));
            }
            shifts.push(Shift { start, end });
        }
        shifts.sort_by_key(|s| s.start);
        Ok(Some(shifts))
    }

    fn exception(
        &mut self,
        node: &Node,
        working: bool,
        cal: &mut Calendar,
    ) -> Result<(), FormatError> {
        let Some(period) = node.child("TimePeriod") else {
            return Ok(());
        };
        let (Some(from), Some(to)) = (self.date(period, "FromDate")?, self.date(period, "ToDate")?)
        else {
            return Err(self.fail(period, "a time period needs <FromDate> and <ToDate>"));
        };
        if working {
            self.note("working exceptions (extra working days) are not read");
            return Ok(());
        }
        cal.holidays.extend(dates(from, to));
        Ok(())
    }
}

/// A predecessor link as read, before the task it names is looked up.
struct PendingLink {
    to: usize,
    pred: i64,
    kind: DepType,
    lag: i64,
    at: usize,
}

/// An assignment as read: task UID, resource UID and units in percent.
struct PendingAssignment {
    task: i64,
    resource: i64,
    units: u32,
}

/// What the stream gathers before the plan can be put together: the project's fields,
/// its calendars and resources (few, kept as read), and tasks, links and assignments
/// (many, read into values as each closes).
#[derive(Default)]
struct Gathered<'a> {
    root: Node<'a>,
    calendars: Vec<Node<'a>>,
    resources: Vec<Node<'a>>,
    tasks: Vec<Task>,
    index: HashMap<i64, usize>,
    outline: Vec<(i64, usize)>,
    links: Vec<PendingLink>,
    assignments: Vec<PendingAssignment>,
}

impl<'a> Reading<'a> {
    /// Reads one `<Task>`: its parent from its outline level, its work, constraint,
    /// actual dates and predecessor links.
    fn task(&mut self, t: &Node, g: &mut Gathered) -> Result<(), FormatError> {
        let uid = self
            .int(t, "UID")?
            .ok_or_else(|| self.fail(t, "a task has no <UID>"))?;
        let level = self.int(t, "OutlineLevel")?.unwrap_or(1);
        if uid == 0 || level == 0 || self.flag(t, "IsNull")? {
            return Ok(()); // the project summary task, or an empty row
        }
        if self.int(t, "Active")? == Some(0) {
            self.note("inactive tasks are left out");
            return Ok(());
        }
        if g.index.insert(uid, g.tasks.len()).is_some() {
            return Err(self.fail(t, format!("another task has UID {uid}")));
        }
        let work = if self.flag(t, "Milestone")? {
            Work::Milestone
        } else {
            Work::Duration(self.duration(t, "Duration")?.unwrap_or(0))
        };
        let mut task = Task::new(&uid.to_string(), t.text_of("Name").unwrap_or(""), work);
        while g.outline.last().is_some_and(|(l, _)| *l >= level) {
            g.outline.pop();
        }
        task.parent = g.outline.last().map(|(_, i)| *i);
        g.outline.push((level, g.tasks.len()));
        if let Some(p) = self.int(t, "Priority")? {
            task.priority = p.clamp(0, 1000) as u16;
        }
        self.task_dates(t, &mut task)?;
        for link in t.all("PredecessorLink") {
            let pending = self.link(link, g.tasks.len())?;
            g.links.push(pending);
        }
        g.tasks.push(task);
        Ok(())
    }

    /// A task's constraint, deadline, manual placement and actual dates.
    fn task_dates(&mut self, t: &Node, task: &mut Task) -> Result<(), FormatError> {
        let constraint_date = self.date(t, "ConstraintDate")?;
        match (self.int(t, "ConstraintType")?.unwrap_or(0), constraint_date) {
            (0, _) => {}
            (2, Some(d)) => task.constraint = Some(Constraint::MustStartOn(d)),
            (4, Some(d)) => task.constraint = Some(Constraint::StartNoEarlierThan(d)),
            (7, Some(d)) => task.deadline = Some(d),
            (1, _) => self.note("as-late-as-possible tasks are scheduled as soon as possible"),
            (kind, _) => self.note(format!(
                "constraint type {kind} (must finish on, finish no earlier than, start no later than) is not read"
            )),
        }
        if let Some(d) = self.date(t, "Deadline")? {
            task.deadline = Some(task.deadline.map_or(d, |c| c.min(d)));
        }
        if self.flag(t, "Manual")? {
            // A manually scheduled task stays where it was put.
            if let Some(d) = self.date(t, "Start")? {
                task.constraint = Some(Constraint::MustStartOn(d));
            }
        }
        if let Some(start) = self.date(t, "ActualStart")? {
            task.actual = Some(Actual {
                start,
                finish: self.date(t, "ActualFinish")?,
                remaining: None,
            });
        }
        Ok(())
    }

    /// A `<PredecessorLink>` of the task at `to`.
    fn link(&mut self, node: &Node, to: usize) -> Result<PendingLink, FormatError> {
        let pred = self
            .int(node, "PredecessorUID")?
            .ok_or_else(|| self.fail(node, "a predecessor link has no <PredecessorUID>"))?;
        let kind = match self.int(node, "Type")?.unwrap_or(1) {
            0 => DepType::FinishToFinish,
            1 => DepType::FinishToStart,
            2 => DepType::StartToFinish,
            3 => DepType::StartToStart,
            other => {
                return Err(self.fail(node, format!("link <Type> {other} is not 0 to 3")));
            }
        };
        // LinkLag is in tenths of a minute.
        let mut lag = self.int(node, "LinkLag")?.unwrap_or(0) / 10;
        match self.int(node, "LagFormat")?.unwrap_or(7) {
            4 | 6 | 8 | 10 | 12 | 36 | 38 | 40 | 42 | 44 => {
                self.note("elapsed lags are read as working time")
            }
            19 | 20 | 51 | 52 => {
                self.note("percentage lags are read as no lag");
                lag = 0;
            }
            _ => {}
        }
        Ok(PendingLink {
            to,
            pred,
            kind,
            lag,
            at: node.at,
        })
    }

    /// An `<Assignment>`; those at 0% are left out.
    fn assignment(&mut self, a: &Node, g: &mut Gathered) -> Result<(), FormatError> {
        let (Some(task), Some(resource)) = (self.int(a, "TaskUID")?, self.int(a, "ResourceUID")?)
        else {
            return Err(self.fail(a, "an assignment needs <TaskUID> and <ResourceUID>"));
        };
        let units = (self.number(a, "Units")?.unwrap_or(1.0) * 100.0).round();
        if units < 1.0 {
            self.note("assignments at 0% are left out");
            return Ok(());
        }
        g.assignments.push(PendingAssignment {
            task,
            resource,
            units: units.min(1000.0) as u32,
        });
        Ok(())
    }

    /// Each link's predecessor, looked up now that every task is read.
    fn links(&self, g: &Gathered) -> Result<Vec<Link>, FormatError> {
        let mut links = Vec::with_capacity(g.links.len());
        for l in &g.links {
            let from = *g.index.get(&l.pred).ok_or_else(|| {
                FormatError::at(
                    self.text,
                    l.at,
                    format!(
                        "task UID {}: <PredecessorUID> {} names no task",
                        g.tasks[l.to].id, l.pred
                    ),
                )
            })?;
            if from == l.to {
                return Err(FormatError::at(
                    self.text,
                    l.at,
                    format!("task UID {} depends on itself", l.pred),
                ));
            }
            links.push(Link {
                from,
                to: l.to,
                kind: l.kind,
                lag: l.lag,
            });
        }
        Ok(links)
    }

    /// Work resources, their capacity and time off beyond the project calendar's.
    fn resources(
        &mut self,
        g: &Gathered,
        by_uid: &HashMap<i64, &Node>,
        calendar: &Calendar,
    ) -> Result<(Vec<Resource>, HashMap<i64, usize>), FormatError> {
        let minutes_per_day = calendar.minutes_per_day;
        let mut resources: Vec<Resource> = Vec::new();
        let mut resource_index: HashMap<i64, usize> = HashMap::new();
        for res in &g.resources {
            let uid = self
                .int(res, "UID")?
                .ok_or_else(|| self.fail(res, "a resource has no <UID>"))?;
            if uid <= 0 || self.flag(res, "IsNull")? {
                continue;
            }
            if self.int(res, "Type")?.is_some_and(|t| t != 1) {
                self.note("material and cost resources are left out");
                continue;
            }
            let name = res
                .text_of("Name")
                .map_or_else(|| format!("Resource {uid}"), str::to_string);
            let mut resource = Resource::new(&uid.to_string(), &name);
            if let Some(max) = self.number(res, "MaxUnits")? {
                resource.capacity = (max * 100.0).round().clamp(1.0, 1000.0) as u32;
            }
            if let Some(cal) = self.int(res, "CalendarUID")?.and_then(|u| by_uid.get(&u)) {
                let own = self.calendar(cal, by_uid, minutes_per_day, 0)?;
                resource.time_off = own
                    .holidays
                    .difference(&calendar.holidays)
                    .copied()
                    .collect();
                if own.week != calendar.week {
                    self.note(
                        "a resource's own working week is not read; its time off and maximum units are",
                    );
                }
            }
            if resource_index.insert(uid, resources.len()).is_some() {
                return Err(self.fail(res, format!("another resource has UID {uid}")));
            }
            resources.push(resource);
        }
        Ok((resources, resource_index))
    }

    /// The project calendar, by the project's `<CalendarUID>` or else the first base
    /// calendar, and the calendars by UID for resources.
    fn project_calendar<'g>(
        &mut self,
        g: &'g Gathered<'a>,
    ) -> Result<(Calendar, HashMap<i64, &'g Node<'a>>), FormatError> {
        let root = &g.root;
        let minutes_per_day = self.int(root, "MinutesPerDay")?.unwrap_or(480);
        if !(1..=1440).contains(&minutes_per_day) {
            return Err(self.fail(
                root.child("MinutesPerDay").unwrap_or(root),
                format!("<MinutesPerDay> {minutes_per_day} is not 1 to 1440"),
            ));
        }
        let mut by_uid = HashMap::new();
        for c in &g.calendars {
            if let Some(uid) = self.int(c, "UID")? {
                by_uid.insert(uid, c);
            }
        }
        let chosen = match self.int(root, "CalendarUID")? {
            Some(uid) => by_uid.get(&uid).copied(),
            None => None,
        }
        .or_else(|| {
            g.calendars
                .iter()
                .find(|c| c.text_of("IsBaseCalendar") == Some("1"))
        });
        let calendar = match chosen {
            Some(c) => self.calendar(c, &by_uid, minutes_per_day, 0)?,
            None => Calendar {
                minutes_per_day,
                ..Calendar::default()
            },
        };
        if !calendar.has_working_time() {
            return Err(self.fail(
                chosen.unwrap_or(root),
                "the project calendar has no working time",
            ));
        }
        Ok((calendar, by_uid))
    }
}

/// Reads an MSPDI file into a plan, streaming: tasks, links and assignments are read as
/// each closes, and no tree of the whole document is built. A file that is not
/// well-formed, or a value that is not what MSPDI says it is, is an error at its line and
/// column.
pub fn read(text: &str) -> Result<Imported, FormatError> {
    let mut r = Reading {
        text,
        notes: BTreeSet::new(),
    };
    let mut g = Gathered::default();
    records(text, |part| match part {
        Part::Root(root) if root.name != "Project" => Err(r.fail(
            &root,
            format!(
                "expected an MS Project XML <Project>, found <{}>",
                root.name
            ),
        )),
        Part::Root(root) => {
            g.root = root;
            Ok(())
        }
        Part::Field(field) => {
            g.root.children.push(field);
            Ok(())
        }
        Part::Record(list, node) => match (&*list, &*node.name) {
            ("Calendars", "Calendar") => {
                g.calendars.push(node);
                Ok(())
            }
            ("Resources", "Resource") => {
                g.resources.push(node);
                Ok(())
            }
            ("Tasks", "Task") => r.task(&node, &mut g),
            ("Assignments", "Assignment") => r.assignment(&node, &mut g),
            _ => Ok(()),
        },
    })?;
    let root = &g.root;
    let name = root
        .text_of("Name")
        .or_else(|| root.text_of("Title"))
        .unwrap_or("")
        .to_string();
    let start = r
        .date(root, "StartDate")?
        .ok_or_else(|| r.fail(root, "the project has no <StartDate>"))?;
    let (calendar, by_uid) = r.project_calendar(&g)?;
    let links = r.links(&g)?;
    let (resources, resource_index) = r.resources(&g, &by_uid, &calendar)?;
    let Gathered {
        mut tasks,
        index,
        assignments,
        ..
    } = g;
    // A summary's own duration means nothing: it spans its children.
    let parents: BTreeSet<usize> = tasks.iter().filter_map(|t| t.parent).collect();
    for p in parents {
        tasks[p].work = Work::Duration(0);
    }
    for a in assignments {
        // A left-out task or resource, or MS Project's "unassigned", is passed over.
        if let (Some(&t), Some(&p)) = (index.get(&a.task), resource_index.get(&a.resource)) {
            tasks[t].assignments.push((p, a.units));
        }
    }
    Ok(Imported {
        name,
        plan: Plan {
            start,
            calendar,
            tasks,
            links,
            resources,
            ms_project_start: true,
            status_date: None,
        },
        notes: r.notes.into_iter().collect(),
    })
}

fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// Minutes as an MSPDI duration: `PT40H0M0S`.
fn duration_text(minutes: i64) -> String {
    format!("PT{}H{}M0S", minutes / 60, minutes % 60)
}

fn clock(minute: u16) -> String {
    format!("{:02}:{:02}:00", minute / 60, minute % 60)
}

/// MSPDI's constraint type and date for a task.
fn constraint(task: &Task, timeline: &mut Timeline) -> Option<(u8, String)> {
    match task.constraint? {
        Constraint::MustStartOn(d) => Some((2, format!("{d}T00:00:00"))),
        Constraint::StartNoEarlierThan(d) => Some((4, format!("{d}T00:00:00"))),
        Constraint::StartNotBefore(minute) => {
            timeline.start_of(minute).map(|m| (4, format!("{m}:00")))
        }
    }
}

/// Writes a scheduled plan as MSPDI. UIDs are the task ids when every id is a distinct
/// positive whole number (as read from MSPDI), and plan order from 1 otherwise.
pub fn write(name: &str, plan: &Plan, schedule: &Schedule) -> String {
    let n = plan.tasks.len();
    let numeric: Vec<Option<u32>> = plan
        .tasks
        .iter()
        .map(|t| t.id.parse().ok().filter(|u| *u > 0))
        .collect();
    let distinct: BTreeSet<u32> = numeric.iter().flatten().copied().collect();
    let uids: Vec<u32> = if distinct.len() == n {
        numeric.iter().map(|u| u.unwrap_or(0)).collect()
    } else {
        (1..=n as u32).collect()
    };
    let lines = report(plan, schedule);
    let mut timeline = Timeline::new(plan.calendar.clone(), plan.start);
    let start = timeline
        .start_of(0)
        .map_or_else(|| format!("{}T00:00:00", plan.start), |m| format!("{m}:00"));
    let is_summary = plan.summaries();
    let level: Vec<usize> = plan.depths().iter().map(|d| d + 1).collect();
    let cal = &plan.calendar;
    let mut x = String::with_capacity(600 * (n + 10));
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    x.push_str("<Project xmlns=\"http://schemas.microsoft.com/project\">\n");
    let _ = write!(
        x,
        "<SaveVersion>14</SaveVersion><Name>{}</Name><Title>{}</Title><ScheduleFromStart>1</ScheduleFromStart>\
         <StartDate>{start}</StartDate><FinishDate>{}:00</FinishDate><CalendarUID>1</CalendarUID>\
         <MinutesPerDay>{}</MinutesPerDay><MinutesPerWeek>{}</MinutesPerWeek><DaysPerMonth>20</DaysPerMonth>",
        escape(name),
        escape(name),
        lines.finish,
        cal.minutes_per_day,
        cal.minutes_per_day * 5
    );
    x.push('\n');
    // The project calendar, then one per person with time off, based on it.
    x.push_str("<Calendars>\n");
    let week_days = |x: &mut String| {
        x.push_str("<WeekDays>");
        for day_type in 1..=7 {
            let shifts = weekday(day_type).map_or(&[][..], |d| &cal.week[d][..]);
            let _ = write!(
                x,
                "<WeekDay><DayType>{day_type}</DayType><DayWorking>{}</DayWorking>",
                u8::from(!shifts.is_empty())
            );
            if !shifts.is_empty() {
                x.push_str("<WorkingTimes>");
                for s in shifts {
                    let _ = write!(
                        x,
                        "<WorkingTime><FromTime>{}</FromTime><ToTime>{}</ToTime></WorkingTime>",
                        clock(s.start),
                        clock(s.end % (24 * 60))
                    );
                }
                x.push_str("</WorkingTimes>");
            }
            x.push_str("</WeekDay>");
        }
        x.push_str("</WeekDays>");
    };
    let exceptions = |x: &mut String, days: &BTreeSet<Date>| {
        if days.is_empty() {
            return;
        }
        x.push_str("<Exceptions>");
        for d in days {
            let _ = write!(
                x,
                "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>\
                 <FromDate>{d}T00:00:00</FromDate><ToDate>{d}T23:59:00</ToDate></TimePeriod>\
                 <Occurrences>1</Occurrences><Name>Day off</Name><Type>1</Type><DayWorking>0</DayWorking></Exception>"
            );
        }
        x.push_str("</Exceptions>");
    };
    x.push_str(
        "<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID>",
    );
    week_days(&mut x);
    exceptions(&mut x, &cal.holidays);
    x.push_str("</Calendar>\n");
    let mut calendar_of = vec![None; plan.resources.len()];
    for (k, r) in plan.resources.iter().enumerate() {
        if r.time_off.is_empty() {
            continue;
        }
        let uid = k + 2;
        calendar_of[k] = Some(uid);
        let _ = write!(
            x,
            "<Calendar><UID>{uid}</UID><Name>{}</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>",
            escape(&r.name)
        );
        exceptions(&mut x, &r.time_off);
        x.push_str("</Calendar>\n");
    }
    x.push_str("</Calendars>\n<Tasks>\n");
    let kind = |k: DepType| match k {
        DepType::FinishToFinish => 0,
        DepType::FinishToStart => 1,
        DepType::StartToFinish => 2,
        DepType::StartToStart => 3,
    };
    let mut predecessors: Vec<Vec<&Link>> = vec![Vec::new(); n];
    for l in &plan.links {
        if l.to < n && l.from < n {
            predecessors[l.to].push(l);
        }
    }
    for (i, t) in plan.tasks.iter().enumerate() {
        let line = &lines.tasks[i];
        let dates = &schedule.tasks[i];
        let span = duration_text(if is_summary[i] {
            dates.early_finish - dates.early_start
        } else {
            plan.duration_of(i).unwrap_or(0)
        });
        let _ = write!(
            x,
            "<Task><UID>{}</UID><ID>{}</ID><Name>{}</Name><Type>{}</Type><IsNull>0</IsNull><Manual>0</Manual>\
             <OutlineLevel>{}</OutlineLevel><Priority>{}</Priority><Start>{}:00</Start><Finish>{}:00</Finish>\
             <Duration>{span}</Duration><DurationFormat>7</DurationFormat><ActualDuration>PT0H0M0S</ActualDuration>\
             <RemainingDuration>{span}</RemainingDuration>\
             <Milestone>{}</Milestone><Summary>{}</Summary>\
             <Critical>{}</Critical><LateStart>{}:00</LateStart><LateFinish>{}:00</LateFinish>\
             <TotalSlack>{}</TotalSlack><FreeSlack>{}</FreeSlack>",
            uids[i],
            i + 1,
            escape(&t.name),
            if matches!(t.work, Work::Effort(_)) {
                2
            } else {
                0
            },
            level[i],
            t.priority,
            line.start,
            line.finish,
            u8::from(t.work == Work::Milestone),
            u8::from(is_summary[i]),
            u8::from(dates.critical),
            line.late_start,
            line.late_finish,
            dates.total_float * 10,
            dates.free_float * 10,
        );
        match t.actual {
            Some(Actual {
                finish: Some(_), ..
            }) => {
                let _ = write!(
                    x,
                    "<ActualStart>{}:00</ActualStart><ActualFinish>{}:00</ActualFinish><PercentComplete>100</PercentComplete>",
                    line.start, line.finish
                );
            }
            Some(_) => {
                let _ = write!(
                    x,
                    "<ActualStart>{}:00</ActualStart><PercentComplete>50</PercentComplete>",
                    line.start
                );
            }
            None => x.push_str("<PercentComplete>0</PercentComplete>"),
        }
        if let Work::Effort(e) = t.work {
            let _ = write!(
                x,
                "<EffortDriven>1</EffortDriven><Work>{}</Work>",
                duration_text(e)
            );
        }
        match constraint(t, &mut timeline) {
            Some((k, date)) => {
                let _ = write!(
                    x,
                    "<ConstraintType>{k}</ConstraintType><ConstraintDate>{date}</ConstraintDate>"
                );
            }
            None => x.push_str("<ConstraintType>0</ConstraintType>"),
        }
        if let Some(d) = t.deadline {
            let _ = write!(x, "<Deadline>{d}T17:00:00</Deadline>");
        }
        for l in &predecessors[i] {
            let _ = write!(
                x,
                "<PredecessorLink><PredecessorUID>{}</PredecessorUID><Type>{}</Type>\
                 <LinkLag>{}</LinkLag><LagFormat>7</LagFormat></PredecessorLink>",
                uids[l.from],
                kind(l.kind),
                l.lag * 10
            );
        }
        x.push_str("</Task>\n");
    }
    x.push_str("</Tasks>\n<Resources>\n");
    for (k, r) in plan.resources.iter().enumerate() {
        let _ = write!(
            x,
            "<Resource><UID>{}</UID><ID>{}</ID><Name>{}</Name><Type>1</Type><MaxUnits>{:.2}</MaxUnits>",
            k + 1,
            k + 1,
            escape(&r.name),
            f64::from(r.capacity) / 100.0
        );
        if let Some(uid) = calendar_of[k] {
            let _ = write!(x, "<CalendarUID>{uid}</CalendarUID>");
        }
        x.push_str("</Resource>\n");
    }
    x.push_str("</Resources>\n<Assignments>\n");
    let mut uid = 0;
    for (i, task_uid) in uids.iter().enumerate() {
        let span = plan.duration_of(i).unwrap_or(0);
        for (r, units) in plan.units_of(i) {
            uid += 1;
            let work = duration_text(span * i64::from(units) / 100);
            let _ = write!(
                x,
                "<Assignment><UID>{uid}</UID><TaskUID>{}</TaskUID><ResourceUID>{}</ResourceUID>\
                 <Units>{:.2}</Units><Work>{work}</Work><ActualWork>PT0H0M0S</ActualWork>\
                 <RemainingWork>{work}</RemainingWork></Assignment>",
                task_uid,
                r + 1,
                f64::from(units) / 100.0,
            );
            x.push('\n');
        }
    }
    x.push_str("</Assignments>\n</Project>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use callsheet_core::schedule::schedule;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
<Name>Hangar</Name><StartDate>2027-02-01T08:00:00</StartDate><CalendarUID>1</CalendarUID>
<MinutesPerDay>480</MinutesPerDay>
<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
<WeekDays>
<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>09:00:00</FromTime><ToTime>13:00:00</ToTime></WorkingTime><WorkingTime><FromTime>14:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
</WeekDays>
<Exceptions><Exception><TimePeriod><FromDate>2027-02-03T00:00:00</FromDate><ToDate>2027-02-04T23:59:00</ToDate></TimePeriod><Type>1</Type><DayWorking>0</DayWorking></Exception></Exceptions>
</Calendar>
<Calendar><UID>2</UID><Name>Ines</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
<Exceptions><Exception><TimePeriod><FromDate>2027-02-09T00:00:00</FromDate><ToDate>2027-02-09T23:59:00</ToDate></TimePeriod><DayWorking>0</DayWorking></Exception></Exceptions>
</Calendar></Calendars>
<Tasks>
<Task><UID>0</UID><ID>0</ID><Name>Hangar</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>
<Task><UID>10</UID><ID>1</ID><Name>Blockout &amp; lighting</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>
<Task><UID>11</UID><ID>2</ID><Name>Blockout</Name><OutlineLevel>2</OutlineLevel><Duration>PT16H0M0S</Duration><Start>2030-01-01T08:00:00</Start></Task>
<Task><UID>13</UID><ID>5</ID><Name>Props</Name><OutlineLevel>2</OutlineLevel><Duration>PT16H0M0S</Duration><ActualStart>2027-02-02T09:00:00</ActualStart><ActualFinish>2027-02-05T18:00:00</ActualFinish></Task>
<Task><UID>12</UID><ID>3</ID><Name>Lighting</Name><OutlineLevel>2</OutlineLevel><Duration>PT8H0M0S</Duration>
  <PredecessorLink><PredecessorUID>11</PredecessorUID><Type>3</Type><LinkLag>4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
<Task><UID>20</UID><ID>4</ID><Name>Review</Name><OutlineLevel>1</OutlineLevel><Milestone>1</Milestone><Duration>PT0H0M0S</Duration>
  <Deadline>2027-02-05T17:00:00</Deadline>
  <PredecessorLink><PredecessorUID>10</PredecessorUID><Type>1</Type></PredecessorLink></Task>
</Tasks>
<Resources><Resource><UID>0</UID><Name>Unassigned</Name></Resource>
<Resource><UID>1</UID><Name>Inês</Name><Type>1</Type><MaxUnits>0.50</MaxUnits><CalendarUID>2</CalendarUID></Resource></Resources>
<Assignments><Assignment><TaskUID>12</TaskUID><ResourceUID>1</ResourceUID><Units>0.5</Units></Assignment></Assignments>
</Project>"#;

    #[test]
    fn a_project_reads_with_its_outline_links_calendar_and_people() {
        let got = read(SMALL).unwrap();
        let p = &got.plan;
        assert_eq!(got.name, "Hangar");
        let ids: Vec<&str> = p.tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["10", "11", "13", "12", "20"]);
        assert_eq!(p.tasks[0].name, "Blockout & lighting");
        assert_eq!(p.tasks[1].parent, Some(0));
        assert_eq!(p.tasks[3].parent, Some(0));
        assert_eq!(p.tasks[4].parent, None);
        assert_eq!(p.tasks[1].work, Work::Duration(960));
        assert_eq!(p.tasks[4].work, Work::Milestone);
        assert_eq!(p.tasks[4].deadline, Some(Date::constant(2027, 2, 5)));
        assert_eq!(
            p.tasks[2].actual,
            Some(Actual {
                start: Date::constant(2027, 2, 2),
                finish: Some(Date::constant(2027, 2, 5)),
                remaining: None
            })
        );
        assert_eq!(p.links.len(), 2);
        assert_eq!(p.links[0].kind, DepType::StartToStart);
        assert_eq!(p.links[0].lag, 480);
        assert_eq!((p.links[1].from, p.links[1].to), (0, 4));
        // Monday is 09:00-13:00 and 14:00-18:00; Tuesday (DayType 3) keeps the standard.
        assert_eq!(
            p.calendar.week[0][0],
            Shift {
                start: 540,
                end: 780
            }
        );
        assert!(p.calendar.holidays.contains(&Date::constant(2027, 2, 4)));
        assert_eq!(
            p.resources.len(),
            1,
            "the unassigned placeholder is left out"
        );
        assert_eq!(p.resources[0].capacity, 50);
        assert_eq!(
            p.resources[0].time_off.iter().collect::<Vec<_>>(),
            [&Date::constant(2027, 2, 9)]
        );
        assert_eq!(p.tasks[3].assignments, vec![(0, 50)]);
        // The blockout's written start (2030) is ignored: the scheduler decides.
        let s = schedule(p).unwrap();
        assert_eq!(s.tasks[1].early_start, 0);
    }

    #[test]
    fn bad_values_say_where() {
        let bad = SMALL.replace(
            "<Duration>PT16H0M0S</Duration>",
            "<Duration>two days</Duration>",
        );
        let err = read(&bad).unwrap_err();
        assert_eq!((err.line, err.column), (19, 81), "{err}");
        let bad_date = SMALL.replace("<ActualStart>2027-02-02T09:00:00", "<ActualStart>yesterday");
        let date_err = read(&bad_date).unwrap_err();
        assert!(
            date_err
                .message
                .contains("<ActualStart> \"yesterday\" is not a date-time"),
            "{date_err}"
        );
        assert!(
            err.message.contains("\"two days\" is not a duration"),
            "{err}"
        );
        let missing = SMALL.replace(
            "<PredecessorUID>11</PredecessorUID>",
            "<PredecessorUID>99</PredecessorUID>",
        );
        let err = read(&missing).unwrap_err();
        assert!(
            err.message
                .contains("task UID 12: <PredecessorUID> 99 names no task"),
            "{err}"
        );
        let err = read("<Project><Name>x</Name></Project>").unwrap_err();
        assert!(err.message.contains("no <StartDate>"), "{err}");
        let err = read("<Tasks/>").unwrap_err();
        assert!(
            err.message.contains("expected an MS Project XML <Project>"),
            "{err}"
        );
    }

    #[test]
    fn what_we_write_reads_back_the_same() {
        let got = read(SMALL).unwrap();
        let s = schedule(&got.plan).unwrap();
        let text = write(&got.name, &got.plan, &s);
        let again = read(&text).unwrap();
        assert_eq!(again.plan, got.plan);
        assert_eq!(schedule(&again.plan).unwrap(), s);
        assert!(again.notes.is_empty(), "{:?}", again.notes);
    }

    #[test]
    fn durations_read_like_ms_project_writes_them() {
        assert_eq!(parse_duration("PT40H0M0S"), Some(2400));
        assert_eq!(parse_duration("PT7H30M"), Some(450));
        assert_eq!(parse_duration("PT0.5H"), Some(30));
        assert_eq!(parse_duration("P1D"), None);
        assert_eq!(parse_duration("PT8"), None);
    }
}
