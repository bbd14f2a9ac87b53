//! The append-only activity log. This module only inserts and reads: there is no
//! update or delete here, and triggers in the schema refuse them anyway.

use crate::{Conn, Result, StoreError};
use callsheet_core::activity::{Entity, Event, FieldChange};
use sqlx::Row;

/// One event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub project_id: Option<i64>,
    pub entity: Entity,
    pub entity_id: i64,
    /// created, updated, moved, commented, linked, unlinked, labelled, watched ...
    pub action: String,
    pub changes: Vec<FieldChange>,
}

impl NewEvent {
    /// An event about an item.
    pub fn item(
        at: i64,
        actor_id: Option<i64>,
        project_id: i64,
        item_id: i64,
        action: &str,
        changes: Vec<FieldChange>,
    ) -> Self {
        Self {
            at,
            actor_id,
            project_id: Some(project_id),
            entity: Entity::Item,
            entity_id: item_id,
            action: action.to_string(),
            changes,
        }
    }

    /// An event about a person (created, password changed, organisation set).
    pub fn person(
        at: i64,
        actor_id: Option<i64>,
        person_id: i64,
        action: &str,
        changes: Vec<FieldChange>,
    ) -> Self {
        Self {
            at,
            actor_id,
            project_id: None,
            entity: Entity::Person,
            entity_id: person_id,
            action: action.to_string(),
            changes,
        }
    }
}

/// Appends events in multi-row statements.
pub async fn append(conn: &mut Conn, events: &[NewEvent]) -> Result<()> {
    let backend = crate::Backend::of_conn(conn);
    for chunk in events.chunks(1000) {
        let sql = crate::insert_values(
            "INSERT INTO activity (at, actor_id, project_id, entity_type, entity_id, action, changes)",
            backend,
            chunk.len(),
            7,
            "",
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for e in chunk {
            let changes = serde_json::to_string(&e.changes)
                .map_err(|err| StoreError::Corrupt(err.to_string()))?;
            query = query
                .bind(e.at)
                .bind(e.actor_id)
                .bind(e.project_id)
                .bind(e.entity.as_str())
                .bind(e.entity_id)
                .bind(e.action.clone())
                .bind(changes);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// An entity's history, oldest first.
pub async fn history(
    conn: &mut Conn,
    entity: Entity,
    entity_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<Event>> {
    let sql = format!("{EVENT_SELECT} ORDER BY e.id LIMIT $3 OFFSET $4");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(entity.as_str())
        .bind(entity_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(event).collect()
}

/// The newest event about a thing: who touched it last, and when.
pub async fn latest(conn: &mut Conn, entity: Entity, entity_id: i64) -> Result<Option<Event>> {
    let sql = format!("{EVENT_SELECT} ORDER BY e.id DESC LIMIT 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(entity.as_str())
        .bind(entity_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(event).transpose()
}

const EVENT_SELECT: &str = "SELECT e.id, e.at, p.handle, e.action, e.changes FROM activity e LEFT JOIN people p ON p.id = e.actor_id \
     WHERE e.entity_type = $1 AND e.entity_id = $2";

fn event(row: &sqlx::any::AnyRow) -> Result<Event> {
    let changes: String = row.try_get("changes")?;
    Ok(Event {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor: row.try_get("handle")?,
        action: row.try_get("action")?,
        changes: serde_json::from_str(&changes)
            .map_err(|e| StoreError::Corrupt(format!("activity changes: {e}")))?,
    })
}

/// How many events the log holds in all.
pub async fn count(conn: &mut Conn) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM activity")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("n")?)
}
