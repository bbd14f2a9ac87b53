//! The item list: a query bar (errors shown where they are), chosen columns, sorting by
//! a column, saved views, a create form, and bulk edit of the selected rows. With htmx
//! the same template renders only its results block.

use super::form::{Form, Pairs, QueryPairs, encode};
use super::item::patch_of;
use super::look::ItemCard;
use super::{Chrome, PageResult, Viewer, is_htmx, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use callsheet_app::AppError;
use callsheet_app::input::NewItemInput;
use callsheet_app::views::{LIST_COLUMNS, NewView, parse_columns};
use callsheet_core::page::Page;
use callsheet_core::project::SavedView;
use callsheet_core::query::QueryError;

/// Rows per page.
const PAGE_SIZE: i64 = 50;

/// A column heading with the link that sorts by it.
pub(crate) struct Heading {
    pub name: &'static str,
    pub href: String,
    /// "ascending", "descending" or "none", for `aria-sort`.
    pub sorted: &'static str,
}

/// A query error drawn under the query: the line, a caret at the column, the message.
pub(crate) struct QueryProblem {
    pub line: String,
    pub caret: String,
    pub message: String,
}

impl QueryProblem {
    fn of(text: &str, e: &QueryError) -> Self {
        let line = text.lines().nth(e.line.saturating_sub(1)).unwrap_or(text);
        QueryProblem {
            line: line.to_string(),
            caret: format!("{}^", " ".repeat(e.column.saturating_sub(1))),
            message: format!("{} (line {}, column {})", e.message, e.line, e.column),
        }
    }
}

#[derive(Template)]
#[template(path = "items.html")]
struct ItemsPage {
    chrome: Chrome,
    key: String,
    q: String,
    columns: Vec<&'static str>,
    columns_param: String,
    all_columns: &'static [&'static str],
    headings: Vec<Heading>,
    items: Vec<ItemCard>,
    problem: Option<QueryProblem>,
    views: Vec<SavedView>,
    view: i64,
    offset: i64,
    last: i64,
    next: String,
    prev: String,
    notice: String,
    alert: String,
    creating: bool,
    /// The same query as a board.
    board: String,
    kinds: Vec<String>,
    statuses: Vec<String>,
    members: Vec<String>,
    here: String,
}

#[derive(Template)]
#[template(path = "items.html", block = "results")]
struct ItemsResults {
    key: String,
    columns: Vec<&'static str>,
    headings: Vec<Heading>,
    items: Vec<ItemCard>,
    problem: Option<QueryProblem>,
    offset: i64,
    last: i64,
    next: String,
    prev: String,
    statuses: Vec<String>,
    members: Vec<String>,
    here: String,
}

/// The query text with any `ORDER BY` part removed, and that part.
fn split_order(q: &str) -> (&str, &str) {
    match q.to_ascii_lowercase().rfind("order by") {
        Some(at) => (q[..at].trim_end(), q[at..].trim()),
        None => (q.trim(), ""),
    }
}

/// The list's URL for a query, columns, view and offset.
fn list_url(key: &str, q: &str, columns: &str, view: i64, offset: i64) -> String {
    let mut url = format!(
        "/projects/{key}/items?q={}&columns={}",
        encode(q),
        encode(columns)
    );
    if view > 0 {
        url.push_str(&format!("&view={view}"));
    }
    if offset > 0 {
        url.push_str(&format!("&offset={offset}"));
    }
    url
}

/// `GET /projects/{key}/items`.
pub(crate) async fn items(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(key): Path<String>,
    QueryPairs(params): QueryPairs,
) -> PageResult {
    let app = &state.app;
    let ctx = &viewer.ctx;
    let project = app.project(ctx, &key).await?;
    let key = project.key.clone();
    let views = app.saved_views(ctx, &key).await?;
    let view: i64 = params.get("view").parse().unwrap_or(0);
    let chosen = views.iter().find(|v| v.id == view);
    let mut q = if params.has("q") {
        params.get("q").to_string()
    } else {
        chosen.map(|v| v.query.clone()).unwrap_or_default()
    };
    let raw_columns = match params.all("columns").join(",") {
        c if !c.trim().is_empty() => c,
        _ => chosen.map(|v| v.columns.clone()).unwrap_or_default(),
    };
    let columns_param = parse_columns(&raw_columns)?;
    let columns: Vec<&'static str> = columns_param
        .split(',')
        .filter_map(|c| LIST_COLUMNS.iter().find(|k| **k == c).copied())
        .collect();
    let sort = params.get("sort");
    if let Some(name) = LIST_COLUMNS.iter().find(|c| **c == sort) {
        let dir = if params.get("dir") == "desc" {
            "DESC"
        } else {
            "ASC"
        };
        q = format!("{} ORDER BY {name} {dir}", split_order(&q).0)
            .trim()
            .to_string();
    }
    let offset: i64 = params.get("offset").parse().unwrap_or(0).max(0);
    let page = Page {
        limit: PAGE_SIZE,
        offset,
    };
    let (items, problem, more) = match app.list_items(ctx, Some(&key), &q, page).await {
        Ok(p) => (
            ItemCard::many(&p.items, ctx.now_ms),
            None,
            p.next_offset.is_some(),
        ),
        Err(AppError::Query(e)) => (Vec::new(), Some(QueryProblem::of(&q, &e)), false),
        Err(other) => return Err(other.into()),
    };
    let order = split_order(&q).1.to_ascii_lowercase();
    let headings = columns
        .iter()
        .map(|name| {
            let (sorted, next_dir) =
                if order == format!("order by {name} asc") || order == format!("order by {name}") {
                    ("ascending", "desc")
                } else if order == format!("order by {name} desc") {
                    ("descending", "asc")
                } else {
                    ("none", "asc")
                };
            Heading {
                name,
                href: format!(
                    "{}&sort={name}&dir={next_dir}",
                    list_url(&key, split_order(&q).0, &columns_param, view, 0)
                ),
                sorted,
            }
        })
        .collect();
    let last = offset + items.len() as i64;
    let here = list_url(&key, &q, &columns_param, view, offset);
    let next = if more {
        list_url(&key, &q, &columns_param, view, offset + PAGE_SIZE)
    } else {
        String::new()
    };
    let prev = if offset > 0 {
        list_url(&key, &q, &columns_param, view, (offset - PAGE_SIZE).max(0))
    } else {
        String::new()
    };
    let workflow = app.workflow(ctx, &key).await?;
    let statuses = workflow.statuses.iter().map(|s| s.name.clone()).collect();
    let members = app
        .members(ctx, &key)
        .await?
        .into_iter()
        .map(|m| m.handle)
        .collect();
    if is_htmx(&headers) {
        return render(&ItemsResults {
            key,
            columns,
            headings,
            items,
            problem,
            offset,
            last,
            next,
            prev,
            statuses,
            members,
            here,
        });
    }
    let creating = params.has("new");
    let kinds = if creating {
        app.kinds(ctx, &key).await?
    } else {
        Vec::new()
    };
    let chrome = Chrome::new(&state, &viewer, &key, "items", "Items").await?;
    let board = format!("/projects/{key}/board?q={}", encode(&q));
    render(&ItemsPage {
        chrome,
        key,
        q,
        columns,
        columns_param,
        all_columns: LIST_COLUMNS,
        headings,
        items,
        problem,
        views,
        view,
        offset,
        last,
        next,
        prev,
        notice: params.get("notice").to_string(),
        alert: params.get("alert").to_string(),
        creating,
        board,
        kinds,
        statuses,
        members,
        here,
    })
}

/// Back to a list URL from a form, with a message; only this project's list is accepted.
fn back_to(key: &str, f: &Pairs, name: &str, message: &str) -> axum::response::Response {
    let prefix = format!("/projects/{key}/items");
    let back = f.get("back");
    let base = if back.starts_with(&prefix) {
        back.to_string()
    } else {
        prefix
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{base}{sep}{name}={}", encode(message))).into_response()
}

/// `POST /projects/{key}/items`: the create form.
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    Form(f): Form,
) -> PageResult {
    let opt = |name: &str| Some(f.get(name).trim().to_string()).filter(|v| !v.is_empty());
    let input = NewItemInput {
        kind: f.get("kind").to_string(),
        title: f.get("title").to_string(),
        description: f.get("description").to_string(),
        priority: opt("priority"),
        assignee: opt("assignee"),
        due: opt("due"),
        ..NewItemInput::default()
    };
    match state.app.create_item(&viewer.ctx, &key, &input).await {
        Ok(item) => Ok(Redirect::to(&format!("/items/{}", item.key)).into_response()),
        Err(e @ AppError::Invalid(_)) => {
            let mut f = f.clone();
            f.0.push(("back".into(), format!("/projects/{key}/items?new=1")));
            Ok(back_to(&key, &f, "alert", &e.to_string()))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /projects/{key}/items/bulk`: one change to every selected item, all or nothing.
pub(crate) async fn bulk(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    Form(f): Form,
) -> PageResult {
    let keys = f.all("keys");
    if keys.is_empty() {
        return Ok(back_to(&key, &f, "alert", "select at least one item first"));
    }
    let patch = match patch_of(f.get("field"), f.get("value")) {
        Ok(p) => p,
        Err(message) => return Ok(back_to(&key, &f, "alert", &message)),
    };
    match state.app.update_items(&viewer.ctx, &keys, &patch).await {
        Ok(done) => Ok(back_to(
            &key,
            &f,
            "notice",
            &format!("changed {} of {} items", done.len(), keys.len()),
        )),
        // Not allowed, or not there for this person: the same answer as for one item.
        Err(AppError::InBatch { cause, .. })
            if matches!(*cause, AppError::Forbidden(_) | AppError::NotFound { .. }) =>
        {
            Err((*cause).into())
        }
        Err(AppError::InBatch { index, cause }) => {
            let which = keys.get(index).cloned().unwrap_or_default();
            Ok(back_to(
                &key,
                &f,
                "alert",
                &format!("nothing was changed: {which}: {cause}"),
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /projects/{key}/views`: saves the current query and columns as a view.
pub(crate) async fn save_view(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    Form(f): Form,
) -> PageResult {
    let view = NewView {
        name: f.get("name").to_string(),
        query: f.get("q").to_string(),
        columns: f.get("columns").to_string(),
        shared: f.get("shared") == "on",
    };
    match state.app.save_view(&viewer.ctx, &key, &view).await {
        Ok(saved) => Ok(
            Redirect::to(&list_url(&key, &saved.query, &saved.columns, saved.id, 0))
                .into_response(),
        ),
        Err(
            e @ (AppError::Invalid(_)
            | AppError::Query(_)
            | AppError::Conflict(_)
            | AppError::Forbidden(_)),
        ) => Ok(back_to(&key, &f, "alert", &e.to_string())),
        Err(other) => Err(other.into()),
    }
}

/// `POST /projects/{key}/views/{id}/delete`.
pub(crate) async fn delete_view(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((key, id)): Path<(String, i64)>,
) -> PageResult {
    state.app.delete_view(&viewer.ctx, &key, id).await?;
    Ok(Redirect::to(&format!("/projects/{key}/items?notice=view+deleted")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_by_is_split_off_whatever_its_case() {
        assert_eq!(
            split_order("kind = bug Order By due DESC"),
            ("kind = bug", "Order By due DESC")
        );
        assert_eq!(split_order(" kind = bug "), ("kind = bug", ""));
    }

    #[test]
    fn a_query_error_points_at_its_column() {
        let e = QueryError {
            message: "expected a value".into(),
            line: 1,
            column: 10,
            offset: 9,
        };
        let p = QueryProblem::of("priority >= ", &e);
        assert_eq!(p.caret, "         ^");
        assert!(p.message.contains("column 10"));
    }
}
