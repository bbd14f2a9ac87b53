//! The schedule pages: the Gantt chart (with collapse, zoom and a what-if form), the
//! milestones against their baselines and due dates with what drives them, and each
//! person's workload per week.

use super::form::QueryPairs;
use super::{Chrome, PageResult, Viewer, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use callsheet_app::AppError;
use callsheet_app::schedule::{ProjectSchedule, ScheduleLine, WhatIf, Workload};
use callsheet_core::chart::gantt::{Arrow, Bar, Gantt, Shape, Zoom, draw};
use callsheet_core::item::StatusCategory;
use callsheet_core::schedule::{Moment, Slip};
use std::collections::{BTreeSet, HashMap};

/// One label row beside the chart.
pub(crate) struct Label {
    pub key: String,
    pub title: String,
    pub indent: usize,
    pub summary: bool,
    pub collapsed: bool,
    /// The page's address with this summary folded or unfolded.
    pub toggle: String,
    pub critical: bool,
    pub float: String,
}

#[derive(Template)]
#[template(path = "gantt.html")]
struct GanttPage {
    chrome: Chrome,
    key: String,
    zoom: &'static str,
    zooms: Vec<(&'static str, String, bool)>,
    labels: Vec<Label>,
    header: String,
    body: String,
    finish: String,
    critical_count: usize,
    warnings: Vec<callsheet_app::schedule::Warning>,
    baseline: String,
    whatif_item: String,
    whatif_slip: String,
    whatif: Option<WhatIf>,
    whatif_finish: String,
    whatif_problem: String,
    shown: usize,
    total: usize,
}

fn query_string(zoom: &str, collapsed: &BTreeSet<String>) -> String {
    let mut q = format!("?zoom={zoom}");
    if !collapsed.is_empty() {
        q.push_str("&collapse=");
        q.push_str(&collapsed.iter().cloned().collect::<Vec<_>>().join(","));
    }
    q
}

/// Lines whose ancestors are all unfolded, in outline order.
fn visible<'a>(s: &'a ProjectSchedule, collapsed: &BTreeSet<String>) -> Vec<&'a ScheduleLine> {
    let parent: HashMap<&str, Option<&str>> = s
        .lines
        .iter()
        .map(|l| (l.key.as_str(), l.parent.as_deref()))
        .collect();
    let hidden = |l: &ScheduleLine| {
        let mut at = l.parent.as_deref();
        let mut steps = 0;
        while let Some(p) = at {
            if collapsed.contains(p) {
                return true;
            }
            steps += 1;
            if steps > s.lines.len() {
                break;
            }
            at = parent.get(p).copied().flatten();
        }
        false
    };
    // Outline order: each summary followed by its children, depth first.
    let mut children: HashMap<Option<&str>, Vec<&ScheduleLine>> = HashMap::new();
    for l in &s.lines {
        children.entry(l.parent.as_deref()).or_default().push(l);
    }
    let mut out = Vec::with_capacity(s.lines.len());
    let mut stack: Vec<&ScheduleLine> = children
        .get(&None)
        .map(|v| v.iter().rev().copied().collect())
        .unwrap_or_default();
    while let Some(l) = stack.pop() {
        if out.len() > s.lines.len() {
            break;
        }
        if !hidden(l) {
            out.push(l);
        }
        if let Some(kids) = children.get(&Some(l.key.as_str())) {
            stack.extend(kids.iter().rev().copied());
        }
    }
    out
}

/// `GET /projects/{key}/schedule?zoom=day|week|month|quarter&collapse=NJ-6,NJ-40`, and
/// `&item=NJ-12&slip=3d` for a what-if.
pub(crate) async fn gantt(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    QueryPairs(params): QueryPairs,
) -> PageResult {
    let ctx = &viewer.ctx;
    let s = state.app.project_schedule(ctx, &key).await?;
    let key = s.project.clone();
    let zoom = Zoom::parse(params.get("zoom"));
    let collapsed: BTreeSet<String> = params
        .get("collapse")
        .split(',')
        .map(|k| k.trim().to_ascii_uppercase())
        .filter(|k| !k.is_empty())
        .collect();
    let lines = visible(&s, &collapsed);
    let row_of: HashMap<&str, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.key.as_str(), i))
        .collect();
    let moment = |text: &str| {
        Moment::parse(text).unwrap_or(Moment {
            date: s.status_date,
            minute: 0,
        })
    };
    let bars = lines
        .iter()
        .map(|l| Bar {
            key: l.key.clone(),
            title: l.title.clone(),
            start: moment(&l.start),
            finish: moment(&l.finish),
            shape: if l.milestone {
                Shape::Milestone
            } else if l.summary {
                Shape::Summary
            } else {
                Shape::Task
            },
            critical: l.critical,
            done: l.category == StatusCategory::Done,
            baseline: l
                .baseline_start
                .as_deref()
                .zip(l.baseline_finish.as_deref())
                .map(|(a, b)| (moment(a), moment(b))),
            href: format!("/items/{}", l.key),
        })
        .collect();
    let arrows = s
        .links
        .iter()
        .filter_map(|l| {
            Some(Arrow {
                from: *row_of.get(l.from.as_str())?,
                to: *row_of.get(l.to.as_str())?,
                kind: l.kind,
            })
        })
        .collect();
    let drawn = draw(&Gantt {
        bars,
        arrows,
        today: s.status_date,
        zoom,
    });
    let labels = lines
        .iter()
        .map(|l| {
            let mut toggled = collapsed.clone();
            if !toggled.remove(&l.key) {
                toggled.insert(l.key.clone());
            }
            Label {
                key: l.key.clone(),
                title: l.title.clone(),
                indent: l.level,
                summary: l.summary,
                collapsed: collapsed.contains(&l.key),
                toggle: format!(
                    "/projects/{key}/schedule{}",
                    query_string(zoom.as_str(), &toggled)
                ),
                critical: l.critical,
                float: format!("{}", l.total_float_days),
            }
        })
        .collect();
    let zooms = [Zoom::Day, Zoom::Week, Zoom::Month, Zoom::Quarter]
        .iter()
        .map(|z| {
            (
                z.as_str(),
                format!(
                    "/projects/{key}/schedule{}",
                    query_string(z.as_str(), &collapsed)
                ),
                *z == zoom,
            )
        })
        .collect();
    // A what-if, when asked: nothing is saved.
    let whatif_item = params.get("item").trim().to_string();
    let whatif_slip = params.get("slip").trim().to_string();
    let (mut whatif, mut whatif_problem) = (None, String::new());
    if !whatif_item.is_empty() {
        let slip = if let Ok(date) = callsheet_core::parse_date("slip", &whatif_slip) {
            Some(Slip::FinishOn(date))
        } else {
            callsheet_core::schedule::plan_file::work_minutes(&whatif_slip, 480)
                .filter(|m| *m >= 0)
                .map(Slip::By)
        };
        match slip {
            None => {
                whatif_problem =
                    format!("{whatif_slip:?}: give working time like 3d, or a date it finishes on")
            }
            Some(slip) => match state.app.what_if(ctx, &key, &whatif_item, slip).await {
                Ok(w) => whatif = Some(w),
                Err(e @ (AppError::NotFound { .. } | AppError::Conflict(_))) => {
                    whatif_problem = e.to_string()
                }
                Err(other) => return Err(other.into()),
            },
        }
    }
    let chrome = Chrome::new(&state, &viewer, &key, "schedule", "Schedule").await?;
    render(&GanttPage {
        chrome,
        zoom: zoom.as_str(),
        zooms,
        shown: lines.len(),
        total: s.lines.len(),
        labels,
        header: drawn.header,
        body: drawn.body,
        finish: s.finish.replace('T', " "),
        critical_count: s.lines.iter().filter(|l| l.critical).count(),
        warnings: s.warnings.clone(),
        baseline: s
            .baseline
            .as_ref()
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        whatif_item,
        whatif_slip,
        whatif_finish: whatif
            .as_ref()
            .map(|w| w.finish_after.replace('T', " "))
            .unwrap_or_default(),
        whatif,
        whatif_problem,
        key,
    })
}

/// A milestone as the milestone view shows it.
pub(crate) struct MilestoneRow {
    pub key: String,
    pub title: String,
    pub forecast: String,
    pub baseline: String,
    pub due: String,
    pub slip: String,
    pub late: bool,
    pub float: String,
    pub critical: bool,
    pub chain: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "milestones.html")]
struct MilestonesPage {
    chrome: Chrome,
    key: String,
    baseline: String,
    rows: Vec<MilestoneRow>,
}

/// `GET /projects/{key}/milestones`.
pub(crate) async fn milestones(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
) -> PageResult {
    let s = state.app.project_schedule(&viewer.ctx, &key).await?;
    let key = s.project.clone();
    let title_of: HashMap<&str, &str> = s
        .lines
        .iter()
        .map(|l| (l.key.as_str(), l.title.as_str()))
        .collect();
    let rows = s
        .lines
        .iter()
        .filter(|l| l.milestone)
        .map(|l| {
            let forecast_day = l.finish.get(..10).unwrap_or("").to_string();
            let late = l.due.is_some_and(|d| d.to_string() < forecast_day);
            MilestoneRow {
                key: l.key.clone(),
                title: l.title.clone(),
                forecast: l.finish.replace('T', " "),
                baseline: l
                    .baseline_finish
                    .clone()
                    .unwrap_or_default()
                    .replace('T', " "),
                due: l.due.map(|d| d.to_string()).unwrap_or_default(),
                slip: l
                    .finish_slip_days
                    .map(|d| format!("{d:+}"))
                    .unwrap_or_default(),
                late,
                float: format!("{}", l.total_float_days),
                critical: l.critical,
                chain: l
                    .driven_by
                    .iter()
                    .map(|k| {
                        (
                            k.clone(),
                            title_of.get(k.as_str()).unwrap_or(&"").to_string(),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let chrome = Chrome::new(&state, &viewer, &key, "milestones", "Milestones").await?;
    render(&MilestonesPage {
        chrome,
        baseline: s
            .baseline
            .as_ref()
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        rows,
        key,
    })
}

#[derive(Template)]
#[template(path = "workload.html")]
struct WorkloadPage {
    chrome: Chrome,
    key: String,
    load: Workload,
    by_department: bool,
}

/// `GET /projects/{key}/workload?by=person|department`: hours per week for 12 weeks.
pub(crate) async fn workload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    QueryPairs(params): QueryPairs,
) -> PageResult {
    let project = state.app.project(&viewer.ctx, &key).await?;
    let key = project.key.clone();
    let mut load = state.app.workload(&viewer.ctx, &key, 12).await?;
    let by_department = params.get("by") == "department";
    if by_department {
        // One row per department: the sum of its people's weeks.
        let mut departments: Vec<callsheet_app::schedule::PersonLoad> = Vec::new();
        for p in &load.people {
            let name = p
                .department
                .clone()
                .unwrap_or_else(|| "No department".into());
            match departments.iter_mut().find(|d| d.handle == name) {
                Some(d) => {
                    for (w, x) in d.weeks.iter_mut().zip(&p.weeks) {
                        w.booked_hours += x.booked_hours;
                        w.available_hours += x.available_hours;
                        w.over = w.booked_hours > w.available_hours;
                    }
                }
                None => departments.push(callsheet_app::schedule::PersonLoad {
                    handle: name.clone(),
                    name,
                    department: None,
                    weeks: p.weeks.clone(),
                }),
            }
        }
        load.people = departments;
    }
    let chrome = Chrome::new(&state, &viewer, &key, "workload", "Workload").await?;
    render(&WorkloadPage {
        chrome,
        key,
        load,
        by_department,
    })
}
