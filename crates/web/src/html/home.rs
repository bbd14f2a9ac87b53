//! The studio home (the projects I belong to, with their progress) and My work (what is
//! assigned to me, what I watch, and what of that is overdue or blocked).

use super::look::{ItemCard, category_label};
use super::{Chrome, PageResult, Viewer, render};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use callsheet_core::item::StatusCategory;
use callsheet_core::page::Page;

/// A share of a project's items in one status category.
pub(crate) struct Slice {
    pub category: &'static str,
    pub label: &'static str,
    pub count: i64,
    /// Percent of the whole, for the bar's width.
    pub percent: i64,
}

/// The slices of a count by category, in workflow order, leaving out empty ones.
pub(crate) fn slices(counts: &[(StatusCategory, i64)]) -> (Vec<Slice>, i64) {
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    let slices = StatusCategory::ALL
        .iter()
        .filter_map(|cat| {
            let count = counts.iter().find(|(c, _)| c == cat).map(|(_, n)| *n)?;
            Some(Slice {
                category: cat.as_str(),
                label: category_label(*cat),
                count,
                percent: if total > 0 { count * 100 / total } else { 0 },
            })
        })
        .collect();
    (slices, total)
}

pub(crate) struct ProjectSummary {
    pub key: String,
    pub name: String,
    pub total: i64,
    pub open: i64,
    pub mine: i64,
    pub slices: Vec<Slice>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    chrome: Chrome,
    projects: Vec<ProjectSummary>,
}

const OPEN: &str = "status.category NOT IN (done, cancelled)";

/// `GET /`.
pub(crate) async fn studio(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let chrome = Chrome::new(&state, &viewer, "", "home", "Home").await?;
    let mut projects = Vec::new();
    for p in &chrome.projects {
        let counts = state.app.item_counts(&viewer.ctx, &p.key, "").await?;
        let mine: i64 = state
            .app
            .item_counts(&viewer.ctx, &p.key, &format!("assignee = me() AND {OPEN}"))
            .await?
            .iter()
            .map(|(_, n)| n)
            .sum();
        let (slices, total) = slices(&counts);
        let open = counts
            .iter()
            .filter(|(c, _)| !matches!(c, StatusCategory::Done | StatusCategory::Cancelled))
            .map(|(_, n)| n)
            .sum();
        projects.push(ProjectSummary {
            key: p.key.clone(),
            name: p.name.clone(),
            total,
            open,
            mine,
            slices,
        });
    }
    render(&Home { chrome, projects })
}

/// A titled list of items on My work.
pub(crate) struct Group {
    pub id: &'static str,
    pub title: &'static str,
    pub empty: &'static str,
    pub items: Vec<ItemCard>,
}

#[derive(Template)]
#[template(path = "my.html")]
struct MyWork {
    chrome: Chrome,
    groups: Vec<Group>,
    search: String,
    search_error: String,
    found: Vec<ItemCard>,
}

/// `GET /my` (and the top bar's search outside a project: `?q=`).
pub(crate) async fn my_work(
    State(state): State<AppState>,
    viewer: Viewer,
    super::form::QueryPairs(q): super::form::QueryPairs,
) -> PageResult {
    let chrome = Chrome::new(&state, &viewer, "", "my", "My work").await?;
    let page = Page {
        limit: 50,
        offset: 0,
    };
    let wanted = [
        (
            "attention",
            "Overdue or blocked",
            "Nothing of yours is overdue or blocked.",
            format!(
                "(assignee = me() OR watcher = me()) AND {OPEN} AND (due < now() OR blocked) ORDER BY due"
            ),
        ),
        (
            "assigned",
            "Assigned to me",
            "Nothing is assigned to you. Pick something up from a project's board.",
            format!("assignee = me() AND {OPEN} ORDER BY priority DESC, due"),
        ),
        (
            "watching",
            "Watching",
            "You are not watching anything open. Watch an item from its page to follow it here.",
            format!("watcher = me() AND {OPEN} ORDER BY updated DESC"),
        ),
    ];
    let mut groups = Vec::new();
    for (id, title, empty, query) in wanted {
        let rows = state
            .app
            .list_items(&viewer.ctx, None, &query, page)
            .await?
            .items;
        groups.push(Group {
            id,
            title,
            empty,
            items: ItemCard::many(&rows, viewer.ctx.now_ms),
        });
    }
    let search = q.get("q").trim().to_string();
    let (found, search_error) = if search.is_empty() {
        (Vec::new(), String::new())
    } else {
        match state.app.list_items(&viewer.ctx, None, &search, page).await {
            Ok(p) => (ItemCard::many(&p.items, viewer.ctx.now_ms), String::new()),
            Err(e @ callsheet_app::AppError::Query(_)) => (Vec::new(), e.to_string()),
            Err(other) => return Err(other.into()),
        }
    };
    render(&MyWork {
        chrome,
        groups,
        search,
        search_error,
        found,
    })
}
