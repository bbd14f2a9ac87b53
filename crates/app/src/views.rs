//! What the list and board pages show: saved views (a query and its columns, kept by one
//! person or shared with the project), counts by status category, and the Kanban board.

use crate::access::project_for;
use crate::projects::project_event;
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::activity::ChangeSet;
use callsheet_core::item::ItemRow;
use callsheet_core::item::StatusCategory;
use callsheet_core::page::Page;
use callsheet_core::policy::Action;
use callsheet_core::project::SavedView;
use callsheet_store::{commit, views, workflow};

/// The columns an item list can show, in their default order.
pub const LIST_COLUMNS: &[&str] = &[
    "key",
    "title",
    "kind",
    "status",
    "priority",
    "severity",
    "assignee",
    "reporter",
    "department",
    "estimate",
    "start",
    "due",
    "milestone",
    "parent",
    "updated",
];

/// The columns a list shows when nobody has chosen.
pub const DEFAULT_COLUMNS: &str = "key,title,status,priority,assignee,due";

/// The most cards a board loads; beyond that it says so and asks for a narrower query.
/// (A card is about 800 bytes of HTML; 500 of them is already a long page to scroll.)
pub const BOARD_LIMIT: i64 = 500;

/// Checks a comma-separated column list and returns it tidied (trimmed, no repeats).
pub fn parse_columns(raw: &str) -> Result<String> {
    let mut chosen: Vec<&str> = Vec::new();
    for name in raw.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let Some(known) = LIST_COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) else {
            return Err(AppError::invalid(
                "columns",
                name,
                format!("unknown column; choose from {}", LIST_COLUMNS.join(", ")),
            ));
        };
        if !chosen.contains(known) {
            chosen.push(known);
        }
    }
    if chosen.is_empty() {
        return Ok(DEFAULT_COLUMNS.to_string());
    }
    Ok(chosen.join(","))
}

/// A view to save.
#[derive(Debug, Clone, Default)]
pub struct NewView {
    pub name: String,
    pub query: String,
    pub columns: String,
    /// Shared with everyone in the project (producers only), or kept for oneself.
    pub shared: bool,
}

/// One board column: a workflow status and its cards.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BoardColumn {
    pub status: String,
    pub category: StatusCategory,
    pub wip_limit: Option<i64>,
    pub items: Vec<ItemRow>,
}

impl BoardColumn {
    /// More cards than the column's work-in-progress limit allows.
    pub fn over_limit(&self) -> bool {
        self.wip_limit
            .is_some_and(|limit| self.items.len() as i64 > limit)
    }
}

/// A project's board for a query: one column per status, in workflow order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Board {
    pub columns: Vec<BoardColumn>,
    /// More items matched than the board loads.
    pub truncated: bool,
}

impl App {
    /// The project's shared views and the actor's own.
    pub async fn saved_views(&self, ctx: &Ctx, project_key: &str) -> Result<Vec<SavedView>> {
        let mut tx = self.read().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        let me = actor_id(&mut tx, ctx).await?;
        Ok(views::visible(&mut tx, project.id, me).await?)
    }

    /// One saved view the actor may use.
    pub async fn saved_view(&self, ctx: &Ctx, project_key: &str, id: i64) -> Result<SavedView> {
        self.saved_views(ctx, project_key)
            .await?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| AppError::not_found("view", id.to_string()))
    }

    /// Saves a view after checking its query and columns. Shared views need a producer.
    pub async fn save_view(
        &self,
        ctx: &Ctx,
        project_key: &str,
        view: &NewView,
    ) -> Result<SavedView> {
        let name = view.name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AppError::invalid(
                "name",
                &view.name,
                "a view needs a name of 1 to 80 characters",
            ));
        }
        let columns = parse_columns(&view.columns)?;
        let mut tx = self.begin().await?;
        let action = if view.shared {
            Action::ManageProject
        } else {
            Action::ReadItems
        };
        let (project, _) = project_for(&mut tx, ctx, project_key, action).await?;
        self.resolve_query(&mut tx, ctx, Some(project_key), &view.query)
            .await?;
        let me = actor_id(&mut tx, ctx).await?;
        let owner = if view.shared { None } else { me };
        let existing = views::visible(&mut tx, project.id, me).await?;
        if existing
            .iter()
            .any(|v| v.name.eq_ignore_ascii_case(name) && v.owner_id == owner)
        {
            return Err(AppError::Conflict(format!(
                "there is already a view named {name:?}; pick another name"
            )));
        }
        let id = views::insert(
            &mut tx,
            project.id,
            owner,
            name,
            view.query.trim(),
            &columns,
            ctx.now_ms,
        )
        .await?;
        let saved = views::by_id(&mut tx, project.id, id)
            .await?
            .ok_or_else(|| AppError::not_found("view", id.to_string()))?;
        commit(tx).await?;
        Ok(saved)
    }

    /// Deletes a view: one's own, or a shared one as a producer.
    pub async fn delete_view(&self, ctx: &Ctx, project_key: &str, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        let me = actor_id(&mut tx, ctx).await?;
        let view = views::visible(&mut tx, project.id, me)
            .await?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| AppError::not_found("view", id.to_string()))?;
        if view.shared {
            project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        }
        views::delete(&mut tx, id).await?;
        commit(tx).await?;
        Ok(())
    }

    /// How many items match a query in each status category (vendors count only what they see).
    pub async fn item_counts(
        &self,
        ctx: &Ctx,
        project_key: &str,
        query_text: &str,
    ) -> Result<Vec<(StatusCategory, i64)>> {
        let mut tx = self.read().await?;
        let (scope, resolved) = self
            .resolve_query(&mut tx, ctx, Some(project_key), query_text)
            .await?;
        Ok(callsheet_store::query::counts(&mut tx, &resolved, scope).await?)
    }

    /// The board: the query's items (up to [`BOARD_LIMIT`]) in one column per status.
    pub async fn board(&self, ctx: &Ctx, project_key: &str, query_text: &str) -> Result<Board> {
        let mut tx = self.read().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ReadItems).await?;
        let stored = workflow::load(&mut tx, project.id).await?;
        let (scope, resolved) = self
            .resolve_query(&mut tx, ctx, Some(project_key), query_text)
            .await?;
        let page = Page {
            limit: BOARD_LIMIT + 1,
            offset: 0,
        };
        let mut rows = callsheet_store::query::list(&mut tx, &resolved, scope, page).await?;
        let truncated = rows.len() as i64 > BOARD_LIMIT;
        rows.truncate(BOARD_LIMIT as usize);
        let mut columns: Vec<BoardColumn> = stored
            .workflow
            .statuses
            .iter()
            .zip(&stored.wip_limits)
            .map(|(s, limit)| BoardColumn {
                status: s.name.clone(),
                category: s.category,
                wip_limit: *limit,
                items: Vec::new(),
            })
            .collect();
        for row in rows {
            if let Some(column) = columns.iter_mut().find(|c| c.status == row.status) {
                column.items.push(row);
            }
        }
        Ok(Board { columns, truncated })
    }

    /// Sets or clears a board column's work-in-progress limit (producers).
    pub async fn set_wip_limit(
        &self,
        ctx: &Ctx,
        project_key: &str,
        status: &str,
        limit: Option<i64>,
    ) -> Result<()> {
        if let Some(n) = limit.filter(|n| *n < 1) {
            return Err(AppError::invalid(
                "wip_limit",
                &n.to_string(),
                "a limit is at least 1; leave it empty for none",
            ));
        }
        let mut tx = self.begin().await?;
        let (project, _) = project_for(&mut tx, ctx, project_key, Action::ManageProject).await?;
        let stored = workflow::load(&mut tx, project.id).await?;
        let name = stored.workflow.status(status)?.name.clone();
        let index = stored
            .workflow
            .statuses
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| AppError::not_found("status", status))?;
        let (Some(id), Some(before)) = (stored.status_ids.get(index), stored.wip_limits.get(index))
        else {
            return Err(AppError::not_found("status", status));
        };
        workflow::set_wip_limit(&mut tx, *id, limit).await?;
        let mut changes = ChangeSet::new();
        changes.record(
            &format!("wip limit {name}"),
            before.map(|n| n.to_string()),
            limit.map(|n| n.to_string()),
        );
        project_event(&mut tx, ctx, &project, "workflow", changes).await?;
        commit(tx).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_checked_and_tidied() {
        assert_eq!(
            parse_columns(" Key, title,key ,due").unwrap(),
            "key,title,due"
        );
        assert_eq!(parse_columns("").unwrap(), DEFAULT_COLUMNS);
        let err = parse_columns("key,colour").unwrap_err().to_string();
        assert!(
            err.contains("colour") && err.contains("choose from"),
            "{err}"
        );
    }
}
