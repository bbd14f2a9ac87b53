//! A project's statuses and transitions, loaded as a [`Workflow`] value.

use crate::{Conn, Result, StoreError, codec};
use callsheet_core::item::StatusCategory;
use callsheet_core::workflow::{Status, Transition, Workflow};
use sqlx::Row;

/// A workflow with the ids of its statuses, in position order.
#[derive(Debug, Clone, Default)]
pub struct StoredWorkflow {
    pub workflow: Workflow,
    pub status_ids: Vec<i64>,
    /// Each status's work-in-progress limit on the board, in the same order.
    pub wip_limits: Vec<Option<i64>>,
}

impl StoredWorkflow {
    /// The id of a status by its exact name.
    pub fn id_of(&self, name: &str) -> Option<i64> {
        self.workflow
            .statuses
            .iter()
            .position(|s| s.name == name)
            .and_then(|i| self.status_ids.get(i).copied())
    }
}

/// Adds a status at the end of the project's workflow. Statuses are only ever added at the
/// end, so within a project their ids rank them as their positions do (the list's
/// `ORDER BY status` relies on it).
pub async fn add_status(
    conn: &mut Conn,
    project_id: i64,
    name: &str,
    category: StatusCategory,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO statuses (project_id, name, category, position)
         VALUES ($1, $2, $3, (SELECT COUNT(*) FROM statuses WHERE project_id = $1)) RETURNING id",
    )
    .bind(project_id)
    .bind(name)
    .bind(category.as_str())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

pub async fn add_transition(
    conn: &mut Conn,
    project_id: i64,
    from: Option<i64>,
    to: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO transitions (project_id, from_status_id, to_status_id) VALUES ($1, $2, $3)",
    )
    .bind(project_id)
    .bind(from)
    .bind(to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes a transition; returns whether one existed.
pub async fn remove_transition(
    conn: &mut Conn,
    project_id: i64,
    from: Option<i64>,
    to: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "DELETE FROM transitions WHERE project_id = $1 AND to_status_id = $2
         AND ((from_status_id IS NULL AND $3 IS NULL) OR from_status_id = $3)",
    )
    .bind(project_id)
    .bind(to)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn load(conn: &mut Conn, project_id: i64) -> Result<StoredWorkflow> {
    let rows = sqlx::query(
        "SELECT id, name, category, wip_limit FROM statuses WHERE project_id = $1 ORDER BY position, id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut statuses = Vec::with_capacity(rows.len());
    let mut status_ids = Vec::with_capacity(rows.len());
    let mut wip_limits = Vec::with_capacity(rows.len());
    for row in &rows {
        status_ids.push(row.try_get::<i64, _>("id")?);
        wip_limits.push(row.try_get::<Option<i64>, _>("wip_limit")?);
        statuses.push(Status {
            name: row.try_get("name")?,
            category: codec::enum_of(row, "category", StatusCategory::parse)?,
        });
    }
    let name_of = |id: i64| -> Result<String> {
        status_ids
            .iter()
            .position(|s| *s == id)
            .and_then(|i| statuses.get(i))
            .map(|s| s.name.clone())
            .ok_or_else(|| StoreError::Corrupt(format!("transition names missing status {id}")))
    };
    let rows = sqlx::query(
        "SELECT from_status_id, to_status_id FROM transitions WHERE project_id = $1 ORDER BY id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut transitions = Vec::with_capacity(rows.len());
    for row in &rows {
        let from: Option<i64> = row.try_get("from_status_id")?;
        let to: i64 = row.try_get("to_status_id")?;
        transitions.push(Transition {
            from: from.map(name_of).transpose()?,
            to: name_of(to)?,
        });
    }
    Ok(StoredWorkflow {
        workflow: Workflow {
            statuses,
            transitions,
        },
        status_ids,
        wip_limits,
    })
}

/// Sets (or clears) a status's work-in-progress limit.
pub async fn set_wip_limit(conn: &mut Conn, status_id: i64, limit: Option<i64>) -> Result<()> {
    sqlx::query("UPDATE statuses SET wip_limit = $1 WHERE id = $2")
        .bind(limit)
        .bind(status_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
