//! People in the studio: handle, display name, e-mail, organisation, studio role.

use crate::{Conn, Result, codec};
use callsheet_core::item::StudioRole;
use callsheet_core::person::Person;
use sqlx::Row;

const COLUMNS: &str = "id, handle, display_name, email, organisation, studio_role";

/// Reads a person from a row with the [`COLUMNS`] (any table alias).
pub(crate) fn person(row: &sqlx::any::AnyRow) -> Result<Person> {
    Ok(Person {
        id: row.try_get("id")?,
        handle: row.try_get("handle")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        organisation: row.try_get("organisation")?,
        studio_role: codec::enum_of(row, "studio_role", StudioRole::parse)?,
    })
}

pub async fn insert(
    conn: &mut Conn,
    handle: &str,
    display_name: &str,
    email: Option<&str>,
    studio_role: StudioRole,
    now_ms: i64,
) -> Result<Person> {
    let sql = sqlx::AssertSqlSafe(format!(
        "INSERT INTO people (handle, display_name, email, studio_role, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
    ));
    let row = sqlx::query(sql)
        .bind(handle)
        .bind(display_name)
        .bind(email)
        .bind(studio_role.as_str())
        .bind(now_ms)
        .fetch_one(&mut *conn)
        .await?;
    person(&row)
}

/// Sets a person's studio role; false when there is no such person.
pub async fn set_studio_role(conn: &mut Conn, handle: &str, role: StudioRole) -> Result<bool> {
    let done = sqlx::query("UPDATE people SET studio_role = $1 WHERE handle = $2")
        .bind(role.as_str())
        .bind(handle)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
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

/// How many studio admins there are.
pub async fn count_admins(conn: &mut Conn) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM people WHERE studio_role = 'admin'")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("n")?)
}
