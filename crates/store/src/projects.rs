//! Projects, their members and roles, their item kinds, and the studio's departments.

use crate::{Conn, Result, codec};
use callsheet_core::item::Role;
use callsheet_core::project::{Member, Project};
use sqlx::Row;

fn project(row: &sqlx::any::AnyRow) -> Result<Project> {
    Ok(Project {
        id: row.try_get("id")?,
        key: row.try_get("key")?,
        name: row.try_get("name")?,
        version: row.try_get("version")?,
    })
}

pub async fn insert(conn: &mut Conn, key: &str, name: &str, now_ms: i64) -> Result<Project> {
    let row = sqlx::query("INSERT INTO projects (key, name, created_at) VALUES ($1, $2, $3) RETURNING id, key, name, version")
        .bind(key)
        .bind(name)
        .bind(now_ms)
        .fetch_one(&mut *conn)
        .await?;
    project(&row)
}

pub async fn by_key(conn: &mut Conn, key: &str) -> Result<Option<Project>> {
    let row = sqlx::query("SELECT id, key, name, version FROM projects WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(project).transpose()
}

pub async fn list(conn: &mut Conn) -> Result<Vec<Project>> {
    let rows = sqlx::query("SELECT id, key, name, version FROM projects ORDER BY key")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(project).collect()
}

/// Reserves `count` item numbers and returns the first. Runs inside the caller's
/// transaction, so concurrent creators never share a number.
pub async fn reserve_numbers(conn: &mut Conn, project_id: i64, count: i64) -> Result<i64> {
    let row = sqlx::query(
        "UPDATE projects SET next_number = next_number + $1 WHERE id = $2 RETURNING next_number",
    )
    .bind(count)
    .bind(project_id)
    .fetch_one(&mut *conn)
    .await?;
    let next: i64 = row.try_get("next_number")?;
    Ok(next - count)
}

/// Adds a member or changes their role and department.
pub async fn upsert_member(
    conn: &mut Conn,
    project_id: i64,
    person_id: i64,
    role: Role,
    department: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO project_members (project_id, person_id, role, department) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, person_id) DO UPDATE SET role = excluded.role, department = excluded.department",
    )
    .bind(project_id)
    .bind(person_id)
    .bind(role.as_str())
    .bind(department)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn member(conn: &mut Conn, project_id: i64, person_id: i64) -> Result<Option<Member>> {
    let row = sqlx::query(
        "SELECT m.person_id, p.handle, p.display_name, m.role, m.department FROM project_members m
         JOIN people p ON p.id = m.person_id WHERE m.project_id = $1 AND m.person_id = $2",
    )
    .bind(project_id)
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(member_of).transpose()
}

fn member_of(row: &sqlx::any::AnyRow) -> Result<Member> {
    Ok(Member {
        person_id: row.try_get("person_id")?,
        handle: row.try_get("handle")?,
        display_name: row.try_get("display_name")?,
        role: codec::enum_of(row, "role", Role::parse)?,
        department: row.try_get("department")?,
    })
}

pub async fn members(conn: &mut Conn, project_id: i64) -> Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT m.person_id, p.handle, p.display_name, m.role, m.department FROM project_members m
         JOIN people p ON p.id = m.person_id WHERE m.project_id = $1 ORDER BY p.handle",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(member_of).collect()
}

pub async fn add_kind(conn: &mut Conn, project_id: i64, kind: &str) -> Result<()> {
    sqlx::query("INSERT INTO item_kinds (project_id, name) VALUES ($1, $2) ON CONFLICT (project_id, name) DO NOTHING")
        .bind(project_id)
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn kinds(conn: &mut Conn, project_id: i64) -> Result<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM item_kinds WHERE project_id = $1 ORDER BY name")
            .bind(project_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

pub async fn add_department(conn: &mut Conn, name: &str) -> Result<bool> {
    let done =
        sqlx::query("INSERT INTO departments (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn departments(conn: &mut Conn) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT name FROM departments ORDER BY name")
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

/// Projects a person is a member of.
/// Each project a person belongs to, with their role there.
pub async fn roles_of(conn: &mut Conn, person_id: i64) -> Result<Vec<(i64, Role)>> {
    let rows = sqlx::query("SELECT project_id, role FROM project_members WHERE person_id = $1")
        .bind(person_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("project_id")?,
                codec::enum_of(r, "role", Role::parse)?,
            ))
        })
        .collect()
}

pub async fn of_person(conn: &mut Conn, person_id: i64) -> Result<Vec<Project>> {
    Ok(memberships(conn, person_id)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect())
}

/// The projects a person belongs to, with their role in each, by key.
pub async fn memberships(conn: &mut Conn, person_id: i64) -> Result<Vec<(Project, Role)>> {
    let rows = sqlx::query(
        "SELECT p.id, p.key, p.name, p.version, m.role FROM projects p JOIN project_members m ON m.project_id = p.id
         WHERE m.person_id = $1 ORDER BY p.key",
    )
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((project(r)?, codec::enum_of(r, "role", Role::parse)?)))
        .collect()
}
