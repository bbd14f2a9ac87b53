//! Saved views: a named query and column set that one person keeps for themself or
//! shares with everyone in the project.

use crate::{Conn, Result};
use callsheet_core::project::SavedView;
use sqlx::Row;

const COLUMNS: &str = "id, name, query, columns, owner_id";

fn view(row: &sqlx::any::AnyRow) -> Result<SavedView> {
    let owner_id: Option<i64> = row.try_get("owner_id")?;
    Ok(SavedView {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        query: row.try_get("query")?,
        columns: row.try_get("columns")?,
        shared: owner_id.is_none(),
        owner_id,
    })
}

/// Saves a view: `owner_id` None shares it with the project.
pub async fn insert(
    conn: &mut Conn,
    project_id: i64,
    owner_id: Option<i64>,
    name: &str,
    query: &str,
    columns: &str,
    now_ms: i64,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO saved_views (project_id, owner_id, name, query, columns, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(project_id)
    .bind(owner_id)
    .bind(name)
    .bind(query)
    .bind(columns)
    .bind(now_ms)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// The project's shared views and the person's own, by name.
pub async fn visible(
    conn: &mut Conn,
    project_id: i64,
    person_id: Option<i64>,
) -> Result<Vec<SavedView>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM saved_views WHERE project_id = $1 AND (owner_id IS NULL OR owner_id = $2)
         ORDER BY name, id"
    ));
    let rows = sqlx::query(sql)
        .bind(project_id)
        .bind(person_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(view).collect()
}

/// One view of a project by id.
pub async fn by_id(conn: &mut Conn, project_id: i64, id: i64) -> Result<Option<SavedView>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM saved_views WHERE project_id = $1 AND id = $2"
    ));
    let row = sqlx::query(sql)
        .bind(project_id)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(view).transpose()
}

/// Deletes a view; false when it was not there.
pub async fn delete(conn: &mut Conn, id: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM saved_views WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
