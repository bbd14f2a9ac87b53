//! Comments on items, oldest first.

use crate::{Conn, Result};
use callsheet_core::item::Comment;
use sqlx::Row;

pub async fn insert(
    conn: &mut Conn,
    item_id: i64,
    author_id: Option<i64>,
    body: &str,
    now_ms: i64,
) -> Result<i64> {
    let row = sqlx::query("INSERT INTO comments (item_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(item_id)
        .bind(author_id)
        .bind(body)
        .bind(now_ms)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("id")?)
}

pub async fn of_item(
    conn: &mut Conn,
    item_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<Comment>> {
    let rows = sqlx::query(
        "SELECT c.id, p.handle, c.body, c.created_at FROM comments c LEFT JOIN people p ON p.id = c.author_id
         WHERE c.item_id = $1 ORDER BY c.id LIMIT $2 OFFSET $3",
    )
    .bind(item_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Comment {
                id: row.try_get("id")?,
                author: row.try_get("handle")?,
                body: row.try_get("body")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}
