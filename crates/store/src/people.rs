//! People in the studio: handle, display name, e-mail.

use crate::{Conn, Result};
use serde_json::json;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub email: Option<String>,
    /// The company they work for, when not the studio: vendors see what is shared with it.
    pub organisation: Option<String>,
}

const COLUMNS: &str = "id, handle, display_name, email, organisation";

/// Reads a person from a row with `id, handle, display_name, email, organisation` columns.
pub(crate) fn person(row: &sqlx::any::AnyRow) -> Result<Person> {
    Ok(Person {
        id: row.try_get("id")?,
        handle: row.try_get("handle")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        organisation: row.try_get("organisation")?,
    })
}

pub async fn insert(
    conn: &mut Conn,
    handle: &str,
    display_name: &str,
    email: Option<&str>,
    now_ms: i64,
) -> Result<Person> {
    let row = sqlx::query("INSERT INTO people (handle, display_name, email, created_at) VALUES ($1, $2, $3, $4) RETURNING id, handle, display_name, email, organisation")
        .bind(handle)
        .bind(display_name)
        .bind(email)
        .bind(now_ms)
        .fetch_one(&mut *conn)
        .await?;
    person(&row)
}

/// Sets (or clears) the organisation a person works for; false when there is no such person.
pub async fn set_organisation(
    conn: &mut Conn,
    handle: &str,
    organisation: Option<&str>,
) -> Result<bool> {
    let done = sqlx::query("UPDATE people SET organisation = $1 WHERE handle = $2")
        .bind(organisation)
        .bind(handle)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn by_handle(conn: &mut Conn, handle: &str) -> Result<Option<Person>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM people WHERE handle = $1"));
    let row = sqlx::query(sql)
        .bind(handle)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(person).transpose()
}

pub async fn list(conn: &mut Conn, limit: i64, offset: i64) -> Result<Vec<Person>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM people ORDER BY handle LIMIT $1 OFFSET $2"
    ));
    let rows = sqlx::query(sql)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(person).collect()
}

/// The values an activity event records for a new person.
pub fn snapshot(p: &Person) -> serde_json::Value {
    json!({"handle": p.handle, "display_name": p.display_name, "email": p.email, "organisation": p.organisation})
}
