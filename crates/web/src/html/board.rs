//! The Kanban board: one column per workflow status, cards that drag between columns
//! (the move is checked against the workflow by the use case, and refused moves snap
//! back), swimlanes by assignee, department or epic, and work-in-progress limits.

use super::form::{Form, QueryPairs};
use super::look::{ItemCard, category_label};
use super::{Chrome, PageError, PageResult, Viewer, is_htmx, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use callsheet_app::AppError;
use callsheet_app::views::BOARD_LIMIT;
use callsheet_core::item::ItemRow;

/// A column as drawn: its status, how full it is against its limit, and its cards.
pub(crate) struct Column {
    pub status: String,
    pub category: &'static str,
    pub category_label: &'static str,
    pub count: usize,
    pub limit: String,
    pub over: bool,
    pub cards: Vec<ItemCard>,
}

/// One swimlane: a row of columns for one assignee, department or epic (or everything).
pub(crate) struct Lane {
    pub title: String,
    pub columns: Vec<Column>,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    chrome: Chrome,
    key: String,
    q: String,
    views: Vec<callsheet_core::project::SavedView>,
    view: i64,
    lanes_by: String,
    lanes: Vec<Lane>,
    statuses: Vec<String>,
    truncated: bool,
    limit: i64,
    problem: String,
}

#[derive(Template)]
#[template(path = "board.html", block = "board")]
struct BoardFragment {
    lanes: Vec<Lane>,
    statuses: Vec<String>,
    truncated: bool,
    limit: i64,
    problem: String,
}

/// The lane an item belongs to.
fn lane_of(row: &ItemRow, by: &str) -> String {
    let value = match by {
        "assignee" => row.assignee.clone(),
        "department" => row.department.clone(),
        "epic" => row.parent.clone(),
        _ => return String::new(),
    };
    value.unwrap_or_default()
}

fn lane_title(by: &str, value: &str) -> String {
    match (by, value.is_empty()) {
        ("assignee", true) => "Unassigned".into(),
        ("department", true) => "No department".into(),
        ("epic", true) => "No epic".into(),
        ("epic", false) => format!("Epic {value}"),
        _ => value.to_string(),
    }
}

/// `GET /projects/{key}/board?q=&lanes=assignee|department|epic`.
pub(crate) async fn board(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(key): Path<String>,
    QueryPairs(params): QueryPairs,
) -> PageResult {
    let ctx = &viewer.ctx;
    let project = state.app.project(ctx, &key).await?;
    let key = project.key.clone();
    // A saved view's query drives the board too (`?view=ID`), unless a query is given.
    let views = state.app.saved_views(ctx, &key).await?;
    let view: i64 = params.get("view").parse().unwrap_or(0);
    let q = match views.iter().find(|v| v.id == view) {
        Some(v) if !params.has("q") => v.query.clone(),
        _ => params.get("q").to_string(),
    };
    let lanes_by = match params.get("lanes") {
        by @ ("assignee" | "department" | "epic") => by.to_string(),
        _ => String::new(),
    };
    let (board, problem) = match state.app.board(ctx, &key, &q).await {
        Ok(b) => (Some(b), String::new()),
        Err(e @ AppError::Query(_)) => (None, e.to_string()),
        Err(other) => return Err(other.into()),
    };
    let mut lanes = Vec::new();
    let mut statuses = Vec::new();
    let mut truncated = false;
    if let Some(board) = board {
        truncated = board.truncated;
        statuses = board.columns.iter().map(|c| c.status.clone()).collect();
        let mut values: Vec<String> = board
            .columns
            .iter()
            .flat_map(|c| c.items.iter().map(|r| lane_of(r, &lanes_by)))
            .collect();
        values.sort_by(|a, b| (a.is_empty(), a).cmp(&(b.is_empty(), b)));
        values.dedup();
        if values.is_empty() {
            values.push(String::new());
        }
        for value in values {
            let columns = board
                .columns
                .iter()
                .map(|c| {
                    let rows: Vec<ItemRow> = c
                        .items
                        .iter()
                        .filter(|r| lane_of(r, &lanes_by) == value)
                        .cloned()
                        .collect();
                    Column {
                        status: c.status.clone(),
                        category: c.category.as_str(),
                        category_label: category_label(c.category),
                        count: c.items.len(),
                        limit: c.wip_limit.map(|n| n.to_string()).unwrap_or_default(),
                        over: c.over_limit(),
                        cards: ItemCard::many(&rows, ctx.now_ms),
                    }
                })
                .collect();
            lanes.push(Lane {
                title: lane_title(&lanes_by, &value),
                columns,
            });
        }
    }
    if is_htmx(&headers) {
        return render(&BoardFragment {
            lanes,
            statuses,
            truncated,
            limit: BOARD_LIMIT,
            problem,
        });
    }
    let chrome = Chrome::new(&state, &viewer, &key, "board", "Board").await?;
    render(&BoardPage {
        chrome,
        key,
        q,
        views,
        view,
        lanes_by,
        lanes,
        statuses,
        truncated,
        limit: BOARD_LIMIT,
        problem,
    })
}

/// `POST /items/{key}/move` (`status`, `version`): a card dropped in another column.
/// 204 when moved; otherwise the reason as text, and the card goes back.
pub(crate) async fn move_card(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    Form(f): Form,
) -> Result<axum::response::Response, PageError> {
    let version = f.get("version").parse::<i64>().ok();
    match state
        .app
        .move_item(&viewer.ctx, &key, f.get("status"), version)
        .await
    {
        Ok(_) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(AppError::Store(e)) => Err(AppError::Store(e).into()),
        Err(e) => {
            let message = e.to_string();
            let status = crate::Problem::from(e).status;
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            Ok((code, message).into_response())
        }
    }
}
