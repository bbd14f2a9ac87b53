//! The schedule inside the tracker. A project's items become a plan: estimates are
//! work (effort when someone is assigned), parents are summaries, depends-on links and
//! milestones are dependencies, start dates hold work back, due dates are deadlines, and
//! work under way or done keeps its real dates. Every change that can move a date
//! recomputes the plan in the same transaction and stores each item's dates, float and
//! critical flag, so lists and queries (`critical = true`, `float < 2d`, `slipped > 0d`)
//! read them like any other field. A change that would make a dependency cycle is
//! refused, naming the cycle.

use crate::access::project_for;
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::item::{Priority, StatusCategory};
use callsheet_core::policy::Action;
use callsheet_core::project::Project;
use callsheet_core::schedule::baseline::{Snapshot, snapshot, variance};
use callsheet_core::schedule::tracked::Baseline;
use callsheet_core::schedule::tracked::ItemDates;
use callsheet_core::schedule::tracked::ProjectDates;
use callsheet_core::schedule::tracked::{Dependency, PlanItem};
use callsheet_core::schedule::whatif::Moved;
use callsheet_core::schedule::{
    Actual, Calendar, Link, Moment, Plan, Resource, Schedule, ScheduleError, Slip, Task, Violation,
    Work, daily_load, driving_chain, report, schedule, slip_impact,
};
use callsheet_core::{Date, utc_date};
use callsheet_store::schedule as store;
use callsheet_store::{Tx, commit};
use std::collections::HashMap;

/// A working day of estimate or lag: the tracker's calendar is eight hours a day.
const DAY: i64 = 480;

/// Projects with more items than this are not recomputed on every change (a bulk import
/// of a million bugs should not reschedule a million times); `callsheet schedule
/// reschedule` and the schedule views still compute them on request.
pub const AUTO_SCHEDULE_LIMIT: i64 = 20_000;

/// A project's items as a plan, with the item behind each task.
pub struct TrackerPlan {
    pub plan: Plan,
    /// The item id of each task, in plan order.
    pub items: Vec<i64>,
    /// Tasks whose duration is a guess: no estimate, so a day.
    pub guessed: Vec<bool>,
}

/// Builds the plan of a project's items. Pure: `today` is the status date.
pub fn tracker_plan(
    project_key: &str,
    items: &[PlanItem],
    deps: &[Dependency],
    today: Date,
) -> TrackerPlan {
    let index: HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();
    let mut people: Vec<i64> = items.iter().filter_map(|i| i.assignee_id).collect();
    people.sort_unstable();
    people.dedup();
    let person_index: HashMap<i64, usize> =
        people.iter().enumerate().map(|(k, p)| (*p, k)).collect();
    let mut start = today;
    let mut tasks = Vec::with_capacity(items.len());
    let mut guessed = Vec::with_capacity(items.len());
    for it in items {
        let milestone = it.kind == "milestone";
        let work = match (milestone, it.estimate_minutes) {
            (true, _) => Work::Milestone,
            (false, Some(e)) if it.assignee_id.is_some() => Work::Effort(e),
            (false, Some(e)) => Work::Duration(e),
            (false, None) => Work::Duration(DAY),
        };
        guessed.push(!milestone && it.estimate_minutes.is_none());
        let mut task = Task::new(&format!("{project_key}-{}", it.number), &it.title, work);
        task.parent = it.parent_id.and_then(|p| index.get(&p).copied());
        task.deadline = it.due;
        task.priority = task_priority(it.priority);
        if let Some(a) = it.assignee_id.and_then(|a| person_index.get(&a)) {
            task.assignments.push((*a, 100));
        }
        task.actual = match it.category {
            StatusCategory::InProgress | StatusCategory::Review => {
                let began = it.started_on.or(it.start).unwrap_or(today).min(today);
                Some(Actual {
                    start: began,
                    finish: None,
                    remaining: None,
                })
            }
            StatusCategory::Done => {
                let ended = it.finished_on.unwrap_or(today).min(today);
                Some(Actual {
                    start: it.started_on.unwrap_or(ended).min(ended),
                    finish: Some(ended),
                    remaining: None,
                })
            }
            _ => None,
        };
        if task.actual.is_none()
            && let Some(s) = it.start
        {
            task.constraint = Some(callsheet_core::schedule::Constraint::StartNoEarlierThan(s));
        }
        if let Some(a) = task.actual {
            start = start.min(a.start);
        }
        tasks.push(task);
    }
    let mut links: Vec<Link> = deps
        .iter()
        .filter_map(|d| {
            Some(Link {
                from: *index.get(&d.before)?,
                to: *index.get(&d.after)?,
                kind: d.kind,
                lag: d.lag_days * DAY,
            })
        })
        .collect();
    // Work for a milestone comes before it, unless the milestone is its own summary.
    for (i, it) in items.iter().enumerate() {
        let Some(m) = it.milestone_id.and_then(|m| index.get(&m).copied()) else {
            continue;
        };
        if m == i || is_ancestor(&tasks, m, i) || is_ancestor(&tasks, i, m) {
            continue;
        }
        links.push(Link {
            from: i,
            to: m,
            kind: callsheet_core::item::DepType::FinishToStart,
            lag: 0,
        });
    }
    TrackerPlan {
        plan: Plan {
            start,
            calendar: Calendar::default(),
            tasks,
            links,
            resources: people
                .iter()
                .map(|p| Resource::new(&p.to_string(), &p.to_string()))
                .collect(),
            ms_project_start: false,
            status_date: Some(today),
        },
        items: items.iter().map(|i| i.id).collect(),
        guessed,
    }
}

fn is_ancestor(tasks: &[Task], ancestor: usize, of: usize) -> bool {
    let mut at = tasks.get(of).and_then(|t| t.parent);
    let mut steps = 0;
    while let Some(p) = at {
        if p == ancestor {
            return true;
        }
        steps += 1;
        if steps > tasks.len() {
            return false;
        }
        at = tasks.get(p).and_then(|t| t.parent);
    }
    false
}

/// A plan, scheduled, with what the tracker keeps of it.
struct Computed {
    /// The items behind the tasks, in plan order.
    items: Vec<PlanItem>,
    built: TrackerPlan,
    schedule: Schedule,
    baseline: Option<(Baseline, HashMap<String, Snapshot>)>,
}

/// Reads and schedules a project. `titled` reads the items' titles too, for people to
/// read; a recompute on a change does without them (it is measured in milliseconds).
async fn compute(tx: &mut Tx, project: &Project, now_ms: i64, titled: bool) -> Result<Computed> {
    let items = if titled {
        store::plan_items(tx, project.id).await?
    } else {
        store::plan_items_untitled(tx, project.id).await?
    };
    let deps = store::dependencies(tx, project.id).await?;
    let built = tracker_plan(&project.key, &items, &deps, utc_date(now_ms));
    let schedule = schedule(&built.plan).map_err(|e| match e {
        ScheduleError::Cycle(keys) => AppError::invalid(
            "depends_on",
            &keys.join(" -> "),
            "these links would make a dependency cycle, so nothing could ever start",
        ),
        other => AppError::Conflict(format!("{}: {other}", project.key)),
    })?;
    let key_of: HashMap<i64, &str> = built
        .items
        .iter()
        .zip(&built.plan.tasks)
        .map(|(id, t)| (*id, t.id.as_str()))
        .collect();
    let baseline = match store::baselines(tx, project.id)
        .await?
        .into_iter()
        .find(|b| b.current)
    {
        Some(b) => {
            let mut snap = HashMap::new();
            for (item, start, finish) in store::baseline_items(tx, b.id).await? {
                if let (Some(key), Some(start), Some(finish)) = (
                    key_of.get(&item),
                    Moment::parse(&start),
                    Moment::parse(&finish),
                ) {
                    snap.insert(key.to_string(), Snapshot { start, finish });
                }
            }
            Some((b, snap))
        }
        None => None,
    };
    Ok(Computed {
        items,
        built,
        schedule,
        baseline,
    })
}

fn warnings(plan: &Plan, schedule: &Schedule) -> Vec<Warning> {
    schedule
        .violations
        .iter()
        .map(|v| match v {
            Violation::DeadlineMissed { task, by } => Warning {
                key: plan.tasks[*task].id.clone(),
                message: format!("finishes {} working days after its due date", days(*by)),
            },
            Violation::ConstraintConflict { task, by } => Warning {
                key: plan.tasks[*task].id.clone(),
                message: format!(
                    "its dependencies would start it {} working days after its start date",
                    days(*by)
                ),
            },
        })
        .collect()
}

/// Recomputes a project's schedule inside the caller's transaction and stores what
/// changed. A dependency cycle is an error, so the change that made it is refused.
pub(crate) async fn reschedule_in(tx: &mut Tx, project: &Project, now_ms: i64) -> Result<()> {
    if store::has_more_items_than(tx, project.id, AUTO_SCHEDULE_LIMIT).await? {
        return Ok(());
    }
    recompute_in(tx, project, now_ms).await
}

/// Recomputes and stores a project's schedule, however large.
async fn recompute_in(tx: &mut Tx, project: &Project, now_ms: i64) -> Result<()> {
    let c = compute(tx, project, now_ms, false).await?;
    persist(tx, project, &c, now_ms).await
}

/// Stores a computed schedule: each item's dates and slip, and the project's finish and
/// warnings (only rows that changed are written).
async fn persist(tx: &mut Tx, project: &Project, c: &Computed, now_ms: i64) -> Result<()> {
    let r = report(&c.built.plan, &c.schedule);
    let slips = match &c.baseline {
        Some((_, snap)) => variance(&c.built.plan, &c.schedule, snap),
        None => vec![None; c.built.plan.tasks.len()],
    };
    let rows: Vec<ItemDates> = r
        .tasks
        .iter()
        .zip(&c.schedule.tasks)
        .zip(&c.built.items)
        .zip(&slips)
        .map(|(((line, d), item), slip)| ItemDates {
            item_id: *item,
            early_start: line.start.clone(),
            early_finish: line.finish.clone(),
            late_start: line.late_start.clone(),
            late_finish: line.late_finish.clone(),
            total_float: d.total_float,
            free_float: d.free_float,
            critical: d.critical,
            finish_slip: slip.map(|s| s.finish_slip),
        })
        .collect();
    let warnings = warnings(&c.built.plan, &c.schedule);
    store::save(
        tx,
        project.id,
        &rows,
        &ProjectDates {
            start_on: c.built.plan.start.to_string(),
            finish: r.finish,
            warnings: serde_json::to_string(&warnings).unwrap_or_else(|_| "[]".into()),
            computed_at: now_ms,
        },
    )
    .await?;
    Ok(())
}

/// Something the schedule could not honour.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    pub key: String,
    pub message: String,
}

/// One item's line of the project schedule.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScheduleLine {
    pub key: String,
    pub title: String,
    pub kind: String,
    pub parent: Option<String>,
    /// Depth in the outline: 0 for top-level items.
    pub level: usize,
    pub summary: bool,
    pub milestone: bool,
    /// No estimate: scheduled as a day.
    pub guessed: bool,
    pub assignee_id: Option<i64>,
    pub category: StatusCategory,
    pub start: String,
    pub finish: String,
    pub late_start: String,
    pub late_finish: String,
    pub total_float_days: f64,
    pub free_float_days: f64,
    pub critical: bool,
    pub due: Option<Date>,
    pub baseline_start: Option<String>,
    pub baseline_finish: Option<String>,
    /// Working days later than the baseline (negative: earlier).
    pub finish_slip_days: Option<f64>,
    /// For a milestone: the keys of the chain of items that holds it where it is, nearest
    /// first.
    pub driven_by: Vec<String>,
}

/// What a slip moves: the project finish, milestones, and work that loses float.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WhatIf {
    pub item: String,
    pub title: String,
    pub slip_days: f64,
    pub finish_before: String,
    pub finish_after: String,
    pub finish_moved_days: f64,
    /// Milestones whose finish moves.
    pub milestones: Vec<MovedLine>,
    /// Items that lose float (and may become critical).
    pub float_lost: Vec<MovedLine>,
}

/// One item a slip moves.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MovedLine {
    pub key: String,
    pub title: String,
    pub finish_moved_days: f64,
    pub float_before_days: f64,
    pub float_after_days: f64,
    pub now_critical: bool,
}

/// Booked and available hours per person per week.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Workload {
    /// The Monday of each week shown.
    pub weeks: Vec<Date>,
    pub people: Vec<PersonLoad>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PersonLoad {
    pub handle: String,
    pub name: String,
    pub department: Option<String>,
    pub weeks: Vec<WeekLoad>,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct WeekLoad {
    pub booked_hours: f64,
    pub available_hours: f64,
    pub over: bool,
}

/// A dependency between two lines, for arrows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScheduleLink {
    pub from: String,
    pub to: String,
    pub kind: callsheet_core::item::DepType,
}

/// A project's schedule as the Gantt, workload and milestone views show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProjectSchedule {
    pub project: String,
    pub start: String,
    pub finish: String,
    pub status_date: Date,
    pub lines: Vec<ScheduleLine>,
    pub links: Vec<ScheduleLink>,
    pub warnings: Vec<Warning>,
    pub baseline: Option<Baseline>,
}

fn days(minutes: i64) -> f64 {
    callsheet_core::schedule::report::days(minutes, DAY)
}

/// Refuses the whole-project schedule to vendors: it shows everyone's work.
fn whole_project(access: &crate::access::Access, project: &Project) -> Result<()> {
    if access.sees_only_shared() {
        return Err(AppError::Forbidden(format!(
            "a vendor of {} sees the dates of their own items, not the whole schedule",
            project.key
        )));
    }
    Ok(())
}

impl App {
    /// The project's schedule, computed now from its items (nothing is saved).
    pub async fn project_schedule(&self, ctx: &Ctx, project_key: &str) -> Result<ProjectSchedule> {
        let mut tx = self.read().await?;
        let (project, access) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        whole_project(&access, &project)?;
        let c = compute(&mut tx, &project, ctx.now_ms, true).await?;
        Ok(present(&project, &c))
    }

    /// What a slip would move, computed and not saved.
    pub async fn what_if(
        &self,
        ctx: &Ctx,
        project_key: &str,
        item_key: &str,
        slip: Slip,
    ) -> Result<WhatIf> {
        let mut tx = self.read().await?;
        let (project, access) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        whole_project(&access, &project)?;
        let c = compute(&mut tx, &project, ctx.now_ms, true).await?;
        let plan = &c.built.plan;
        let task = plan
            .tasks
            .iter()
            .position(|t| t.id.eq_ignore_ascii_case(item_key.trim()))
            .ok_or_else(|| AppError::not_found("item in the schedule", item_key))?;
        let impact =
            slip_impact(plan, task, slip).map_err(|e| AppError::Conflict(e.to_string()))?;
        let moved = |list: &[Moved]| {
            list.iter()
                .map(|m| MovedLine {
                    key: plan.tasks[m.task].id.clone(),
                    title: plan.tasks[m.task].name.clone(),
                    finish_moved_days: days(m.finish_moved),
                    float_before_days: days(m.float_before),
                    float_after_days: days(m.float_after),
                    now_critical: m.now_critical,
                })
                .collect()
        };
        Ok(WhatIf {
            item: plan.tasks[task].id.clone(),
            title: plan.tasks[task].name.clone(),
            slip_days: days(impact.slip),
            finish_before: report(plan, &impact.before).finish,
            finish_after: report(plan, &impact.after).finish,
            finish_moved_days: days(impact.finish_moved),
            milestones: moved(&impact.milestones),
            float_lost: moved(&impact.float_lost),
        })
    }

    /// Each person's booked and available hours per week, from this week for `weeks`
    /// weeks: the workload view. A week is over-allocated when more is booked than
    /// available, or when on any day of it the person is asked for more than they can give.
    pub async fn workload(&self, ctx: &Ctx, project_key: &str, weeks: usize) -> Result<Workload> {
        let mut tx = self.read().await?;
        let (project, access) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        whole_project(&access, &project)?;
        let c = compute(&mut tx, &project, ctx.now_ms, false).await?;
        let members = callsheet_store::projects::members(&mut tx, project.id).await?;
        let plan = &c.built.plan;
        let today = plan.status_date.unwrap_or(plan.start);
        let monday = |d: Date| {
            let back = i64::from(d.weekday().to_monday_zero_offset());
            d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
        };
        let first = monday(today);
        let starts: Vec<Date> = (0..weeks)
            .filter_map(|w| first.checked_add(jiff::Span::new().weeks(w as i64)).ok())
            .collect();
        let week_of = |d: Date| {
            let m = monday(d);
            starts.iter().position(|s| *s == m)
        };
        let mut people: Vec<PersonLoad> = plan
            .resources
            .iter()
            .map(|r| {
                let member = members.iter().find(|m| m.person_id.to_string() == r.id);
                PersonLoad {
                    handle: member.map_or_else(|| r.name.clone(), |m| m.handle.clone()),
                    name: member.map_or_else(|| r.name.clone(), |m| m.display_name.clone()),
                    department: member.and_then(|m| m.department.clone()),
                    weeks: starts
                        .iter()
                        .map(|_| WeekLoad {
                            booked_hours: 0.0,
                            available_hours: 0.0,
                            over: false,
                        })
                        .collect(),
                }
            })
            .collect();
        // Available: each working day of each week, at the person's capacity.
        for (w, start) in starts.iter().enumerate() {
            for d in 0..7 {
                let Ok(day) = start.checked_add(jiff::Span::new().days(d)) else {
                    continue;
                };
                let minutes = plan.calendar.minutes_on(day) as f64;
                for (p, r) in people.iter_mut().zip(&plan.resources) {
                    if !r.time_off.contains(&day) {
                        p.weeks[w].available_hours +=
                            minutes * f64::from(r.capacity) / 100.0 / 60.0;
                    }
                }
            }
        }
        for load in daily_load(plan, &c.schedule) {
            if let (Some(w), Some(p)) = (week_of(load.date), people.get_mut(load.resource)) {
                p.weeks[w].booked_hours += load.booked as f64 / 60.0;
                // Two tasks on one day is over-allocation, even in a light week.
                p.weeks[w].over |= load.over;
            }
        }
        for p in &mut people {
            for w in &mut p.weeks {
                w.over |= w.booked_hours > w.available_hours + 1e-9;
                w.booked_hours = (w.booked_hours * 10.0).round() / 10.0;
                w.available_hours = (w.available_hours * 10.0).round() / 10.0;
            }
        }
        people.sort_by(|a, b| (&a.department, &a.handle).cmp(&(&b.department, &b.handle)));
        Ok(Workload {
            weeks: starts,
            people,
        })
    }

    /// The project's plan and schedule as values, for export: (project name, plan, schedule).
    pub async fn schedule_plan(
        &self,
        ctx: &Ctx,
        project_key: &str,
    ) -> Result<(String, Plan, Schedule)> {
        let mut tx = self.read().await?;
        let (project, access) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        whole_project(&access, &project)?;
        let c = compute(&mut tx, &project, ctx.now_ms, true).await?;
        Ok((project.name, c.built.plan, c.schedule))
    }

    /// Saves the schedule as it is now as a named baseline, and measures slips against it.
    pub async fn take_baseline(
        &self,
        ctx: &Ctx,
        project_key: &str,
        name: &str,
    ) -> Result<Baseline> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AppError::invalid(
                "name",
                name,
                "a baseline needs a name of 1 to 80 characters",
            ));
        }
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        if store::baselines(&mut tx, project.id)
            .await?
            .iter()
            .any(|b| b.name == name)
        {
            return Err(AppError::Conflict(format!(
                "{} already has a baseline called {name:?}",
                project.key
            )));
        }
        let mut c = compute(&mut tx, &project, ctx.now_ms, false).await?;
        let snap = snapshot(&c.built.plan, &c.schedule);
        let rows: Vec<(i64, String, String)> = snap
            .iter()
            .zip(&c.built.items)
            .map(|((_, s), item)| (*item, s.start.to_string(), s.finish.to_string()))
            .collect();
        let by = actor_id(&mut tx, ctx).await?;
        store::insert_baseline(&mut tx, project.id, name, by, ctx.now_ms, &rows).await?;
        let taken = store::baselines(&mut tx, project.id)
            .await?
            .into_iter()
            .find(|b| b.name == name)
            .ok_or_else(|| AppError::not_found("baseline", name))?;
        // Slips are now measured against it: all zero, and stored as such.
        c.baseline = Some((taken.clone(), snap.into_iter().collect()));
        persist(&mut tx, &project, &c, ctx.now_ms).await?;
        commit(tx).await?;
        Ok(taken)
    }

    /// The project's baselines, newest first.
    pub async fn baselines(&self, ctx: &Ctx, project_key: &str) -> Result<Vec<Baseline>> {
        let mut tx = self.read().await?;
        let (project, access) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        whole_project(&access, &project)?;
        Ok(store::baselines(&mut tx, project.id).await?)
    }

    /// Measures slips against another saved baseline.
    pub async fn use_baseline(&self, ctx: &Ctx, project_key: &str, name: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        let b = store::baselines(&mut tx, project.id)
            .await?
            .into_iter()
            .find(|b| b.name == name.trim())
            .ok_or_else(|| AppError::not_found("baseline", name))?;
        store::set_current(&mut tx, project.id, b.id).await?;
        reschedule_in(&mut tx, &project, ctx.now_ms).await?;
        commit(tx).await?;
        Ok(())
    }

    /// Recomputes a project's stored schedule (after an upgrade, or from the CLI).
    pub async fn reschedule(&self, ctx: &Ctx, project_key: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::EditItems).await?;
        recompute_in(&mut tx, &project, ctx.now_ms).await?;
        commit(tx).await?;
        Ok(())
    }
}

fn present(project: &Project, c: &Computed) -> ProjectSchedule {
    let items = &c.items;
    let plan = &c.built.plan;
    let r = report(plan, &c.schedule);
    let slips = match &c.baseline {
        Some((_, snap)) => variance(plan, &c.schedule, snap),
        None => vec![None; plan.tasks.len()],
    };
    let is_summary = plan.summaries();
    let level = plan.depths();
    let lines = r
        .tasks
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let d = &c.schedule.tasks[i];
            let it = &items[i];
            let base = c
                .baseline
                .as_ref()
                .and_then(|(_, snap)| snap.get(&plan.tasks[i].id));
            ScheduleLine {
                key: line.id.clone(),
                title: line.name.clone(),
                kind: it.kind.clone(),
                parent: plan.tasks[i].parent.map(|p| plan.tasks[p].id.clone()),
                level: level[i],
                summary: is_summary[i],
                milestone: plan.tasks[i].work == Work::Milestone,
                guessed: c.built.guessed[i] && !is_summary[i],
                assignee_id: it.assignee_id,
                category: it.category,
                start: line.start.clone(),
                finish: line.finish.clone(),
                late_start: line.late_start.clone(),
                late_finish: line.late_finish.clone(),
                total_float_days: days(d.total_float),
                free_float_days: days(d.free_float),
                critical: d.critical,
                due: it.due,
                baseline_start: base.map(|b| b.start.to_string()),
                baseline_finish: base.map(|b| b.finish.to_string()),
                finish_slip_days: slips[i].map(|s| days(s.finish_slip)),
                driven_by: if plan.tasks[i].work == Work::Milestone {
                    driving_chain(plan, &c.schedule, i)
                        .into_iter()
                        .map(|k| plan.tasks[k].id.clone())
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    ProjectSchedule {
        project: project.key.clone(),
        start: plan.start.to_string(),
        finish: r.finish,
        status_date: plan.status_date.unwrap_or(plan.start),
        lines,
        links: plan
            .links
            .iter()
            .map(|l| ScheduleLink {
                from: plan.tasks[l.from].id.clone(),
                to: plan.tasks[l.to].id.clone(),
                kind: l.kind,
            })
            .collect(),
        warnings: warnings(plan, &c.schedule),
        baseline: c.baseline.as_ref().map(|(b, _)| b.clone()),
    }
}

/// Keeps an item's progress dates in step with its status: entering work starts it,
/// entering done finishes it, and going back undoes what no longer holds.
pub(crate) async fn record_progress(
    tx: &mut Tx,
    item_id: i64,
    before: StatusCategory,
    after: StatusCategory,
    today: Date,
) -> Result<()> {
    if before == after {
        return Ok(());
    }
    let working =
        |c: StatusCategory| matches!(c, StatusCategory::InProgress | StatusCategory::Review);
    let (started, _) = store::progress(tx, item_id).await?;
    let (started, finished) = match after {
        StatusCategory::Done => (started.or(Some(today)), Some(today)),
        c if working(c) => (started.or(Some(today)), None),
        _ => (None, None),
    };
    store::set_progress(tx, item_id, started, finished).await?;
    Ok(())
}

/// The priority a task gets from its item, for leveling.
pub fn task_priority(p: Priority) -> u16 {
    (p.rank() * 200 - 100).clamp(0, 1000) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use callsheet_core::item::DepType;

    fn item(id: i64, kind: &str, estimate: Option<i64>) -> PlanItem {
        PlanItem {
            id,
            number: id,
            kind: kind.into(),
            title: format!("Item {id}"),
            category: StatusCategory::Todo,
            priority: Priority::Medium,
            assignee_id: None,
            estimate_minutes: estimate,
            start: None,
            due: None,
            parent_id: None,
            milestone_id: None,
            started_on: None,
            finished_on: None,
        }
    }

    #[test]
    fn items_become_a_plan_a_producer_would_draw() {
        let today = Date::constant(2027, 2, 3);
        let mut epic = item(1, "epic", None);
        epic.title = "Hangar".into();
        let mut a = item(2, "task", Some(3 * DAY));
        a.parent_id = Some(1);
        a.assignee_id = Some(40);
        a.category = StatusCategory::InProgress;
        a.started_on = Some(Date::constant(2027, 2, 1));
        let mut b = item(3, "task", None);
        b.parent_id = Some(1);
        b.milestone_id = Some(4);
        b.due = Some(Date::constant(2027, 2, 4));
        let m = item(4, "milestone", None);
        let deps = [Dependency {
            before: 2,
            after: 3,
            kind: DepType::FinishToStart,
            lag_days: 1,
        }];
        let t = tracker_plan("NJ", &[epic, a, b, m], &deps, today);
        let p = &t.plan;
        assert_eq!(
            p.start,
            Date::constant(2027, 2, 1),
            "work under way starts the plan"
        );
        assert_eq!(p.tasks[1].id, "NJ-2");
        assert_eq!(p.tasks[1].parent, Some(0));
        assert_eq!(p.tasks[1].work, Work::Effort(3 * DAY));
        assert_eq!(p.tasks[1].assignments, vec![(0, 100)]);
        assert!(t.guessed[2], "no estimate: a guessed day");
        assert_eq!(p.tasks[3].work, Work::Milestone);
        assert_eq!(
            p.links.len(),
            2,
            "the depends-on link and the milestone link"
        );
        assert_eq!(p.links[0].lag, DAY);
        let s = schedule(p).unwrap();
        // A started Monday and runs three days; B waits a day after it, then the milestone.
        assert_eq!(s.tasks[1].early_finish, 3 * DAY);
        assert_eq!(s.tasks[2].early_start, 4 * DAY);
        assert_eq!(s.tasks[3].early_start, 5 * DAY);
        assert_eq!(
            s.violations,
            vec![Violation::DeadlineMissed { task: 2, by: DAY }]
        );
    }
}
