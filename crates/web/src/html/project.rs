//! A project's overview: where its items stand by status category, what is mine and
//! open, what is overdue, and what changed lately.

use super::home::{Slice, slices};
use super::look::ItemCard;
use super::{Chrome, PageResult, Viewer, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use callsheet_core::page::Page;

#[derive(Template)]
#[template(path = "overview.html")]
struct Overview {
    chrome: Chrome,
    key: String,
    name: String,
    total: i64,
    slices: Vec<Slice>,
    overdue: i64,
    blocked: i64,
    mine: Vec<ItemCard>,
    recent: Vec<ItemCard>,
}

const OPEN: &str = "status.category NOT IN (done, cancelled)";

/// `GET /projects/{key}`.
pub(crate) async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
) -> PageResult {
    let project = state.app.project(&viewer.ctx, &key).await?;
    let chrome = Chrome::new(&state, &viewer, &project.key, "overview", &project.name).await?;
    let app = &state.app;
    let ctx = &viewer.ctx;
    let (slices, total) = slices(&app.item_counts(ctx, &project.key, "").await?);
    let mut open_counts = Vec::new();
    for q in [
        format!("due < now() AND {OPEN}"),
        format!("blocked AND {OPEN}"),
    ] {
        let counts = app.item_counts(ctx, &project.key, &q).await?;
        open_counts.push(counts.iter().map(|(_, n)| n).sum::<i64>());
    }
    let (overdue, blocked) = (open_counts[0], open_counts[1]);
    let ten = Page {
        limit: 10,
        offset: 0,
    };
    let mine = app
        .list_items(
            ctx,
            Some(&project.key),
            &format!("assignee = me() AND {OPEN} ORDER BY priority DESC, due"),
            ten,
        )
        .await?
        .items;
    let recent = app
        .list_items(ctx, Some(&project.key), "ORDER BY updated DESC", ten)
        .await?
        .items;
    render(&Overview {
        chrome,
        key: project.key.clone(),
        name: project.name.clone(),
        total,
        slices,
        overdue,
        blocked,
        mine: ItemCard::many(&mine, ctx.now_ms),
        recent: ItemCard::many(&recent, ctx.now_ms),
    })
}
