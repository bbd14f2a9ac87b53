//! Labels: a project's distinct label names, and which items carry them.

use crate::{Conn, Result};
use sqlx::Row;
use std::collections::HashMap;

/// Ensures labels exist in a project; returns each name's id.
pub async fn ensure(
    conn: &mut Conn,
    project_id: i64,
    names: &[String],
) -> Result<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    for name in names {
        if ids.contains_key(name) {
            continue;
        }
        sqlx::query("INSERT INTO labels (project_id, name) VALUES ($1, $2) ON CONFLICT (project_id, name) DO NOTHING")
            .bind(project_id)
            .bind(name.clone())
            .execute(&mut *conn)
            .await?;
        let row = sqlx::query("SELECT id FROM labels WHERE project_id = $1 AND name = $2")
            .bind(project_id)
            .bind(name.clone())
            .fetch_one(&mut *conn)
            .await?;
        ids.insert(name.clone(), row.try_get::<i64, _>("id")?);
    }
    Ok(ids)
}

/// Attaches labels to items in multi-row statements: (item id, label id) pairs.
pub async fn attach_many(conn: &mut Conn, pairs: &[(i64, i64)]) -> Result<()> {
    let backend = crate::Backend::of_conn(conn);
    for chunk in pairs.chunks(1000) {
        let sql = crate::insert_values(
            "INSERT INTO item_labels (item_id, label_id)",
            backend,
            chunk.len(),
            2,
            " ON CONFLICT (item_id, label_id) DO NOTHING",
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (item, label) in chunk {
            query = query.bind(*item).bind(*label);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn detach(conn: &mut Conn, item_id: i64, label_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM item_labels WHERE item_id = $1 AND label_id = $2")
        .bind(item_id)
        .bind(label_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An item's labels, sorted, with their ids.
pub async fn of_item(conn: &mut Conn, item_id: i64) -> Result<Vec<(i64, String)>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT l.id, l.name FROM item_labels il JOIN labels l ON l.id = il.label_id WHERE il.item_id = $1 ORDER BY l.name")
            .bind(item_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows)
}
