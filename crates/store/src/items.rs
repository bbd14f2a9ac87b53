//! Work items: insert (one or many), load, update with optimistic concurrency.

use crate::{Backend, Conn, Result, StoreError, codec};
use callsheet_core::item::{ItemFields, ItemRow, Priority, Severity, StatusCategory};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A new item: its project, its number and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub project_id: i64,
    pub number: i64,
    pub fields: ItemFields,
}

/// The SELECT list and joins that load [`ItemRow`]s; `i` is the item.
/// The SELECT list that loads [`ItemRow`]s; `i` is the item and `p` its project.
///
/// Names shown next to ids (status, people, parent and milestone keys) are scalar
/// subqueries rather than joins: the planner then only orders two tables, which
/// keeps PostgreSQL's planning time flat, and they are looked up for result rows.
pub(crate) const SELECT_ROW: &str = "SELECT i.id, i.project_id, p.key AS project_key, i.number, i.kind, i.title, i.description, \
    i.status_id, (SELECT s.name FROM statuses s WHERE s.id = i.status_id) AS status_name, i.category, i.priority, i.severity, \
    i.assignee_id, (SELECT a.handle FROM people a WHERE a.id = i.assignee_id) AS assignee_handle, \
    i.reporter_id, (SELECT r.handle FROM people r WHERE r.id = i.reporter_id) AS reporter_handle, \
    i.department, i.estimate_minutes, i.start_date, i.due_date, \
    i.parent_id, (SELECT pp.key || '-' || CAST(pi.number AS TEXT) FROM items pi JOIN projects pp ON pp.id = pi.project_id WHERE pi.id = i.parent_id) AS parent_key, \
    i.milestone_id, (SELECT mp.key || '-' || CAST(mi.number AS TEXT) FROM items mi JOIN projects mp ON mp.id = mi.project_id WHERE mi.id = i.milestone_id) AS milestone_key, \
    i.created_at, i.updated_at, i.version \
    FROM items i JOIN projects p ON p.id = i.project_id";

pub(crate) fn item_row(row: &AnyRow) -> Result<ItemRow> {
    let project: String = row.try_get("project_key")?;
    let number: i64 = row.try_get("number")?;
    let corrupt = |what: &str, v: i64| StoreError::Corrupt(format!("{what} rank {v}"));
    let priority: i64 = row.try_get("priority")?;
    let severity: Option<i64> = row.try_get("severity")?;
    Ok(ItemRow {
        id: row.try_get("id")?,
        key: format!("{project}-{number}"),
        project_id: row.try_get("project_id")?,
        project,
        number,
        kind: row.try_get("kind")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        status_id: row.try_get("status_id")?,
        status: row.try_get("status_name")?,
        category: codec::enum_of(row, "category", StatusCategory::parse)?,
        priority: Priority::from_rank(priority).ok_or_else(|| corrupt("priority", priority))?,
        severity: severity
            .map(|s| Severity::from_rank(s).ok_or_else(|| corrupt("severity", s)))
            .transpose()?,
        assignee_id: row.try_get("assignee_id")?,
        assignee: row.try_get("assignee_handle")?,
        reporter_id: row.try_get("reporter_id")?,
        reporter: row.try_get("reporter_handle")?,
        department: row.try_get("department")?,
        estimate_minutes: row.try_get("estimate_minutes")?,
        start: codec::date_of(row, "start_date")?,
        due: codec::date_of(row, "due_date")?,
        parent_id: row.try_get("parent_id")?,
        parent: row.try_get("parent_key")?,
        milestone_id: row.try_get("milestone_id")?,
        milestone: row.try_get("milestone_key")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

const INSERT_COLUMNS: &str = "(project_id, number, kind, title, description, status_id, category, priority, severity, \
    assignee_id, reporter_id, department, estimate_minutes, start_date, due_date, parent_id, milestone_id, created_at, updated_at)";
const INSERT_WIDTH: usize = 19;

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds the editable fields in [`ItemFields`] order: kind, title, description,
/// status, category, priority, severity, assignee, reporter, department, estimate,
/// start, due, parent, milestone. INSERT and UPDATE list their columns the same way.
fn bind_fields<'q>(query: AnyQuery<'q>, f: &ItemFields) -> AnyQuery<'q> {
    query
        .bind(f.kind.clone())
        .bind(f.title.clone())
        .bind(f.description.clone())
        .bind(f.status_id)
        .bind(f.category.as_str())
        .bind(f.priority.rank())
        .bind(f.severity.map(Severity::rank))
        .bind(f.assignee_id)
        .bind(f.reporter_id)
        .bind(f.department.clone())
        .bind(f.estimate_minutes)
        .bind(codec::date_text(f.start))
        .bind(codec::date_text(f.due))
        .bind(f.parent_id)
        .bind(f.milestone_id)
}

/// Inserts items with multi-row statements, returning their ids in input order.
/// Call inside a transaction: a failure part way leaves nothing once rolled back.
pub async fn insert_many(conn: &mut Conn, items: &[NewItem], now_ms: i64) -> Result<Vec<i64>> {
    let backend = Backend::of_conn(conn);
    let per_statement = (backend.max_params() / INSERT_WIDTH).min(1000);
    let mut ids = Vec::with_capacity(items.len());
    for chunk in items.chunks(per_statement.max(1)) {
        let head = format!("INSERT INTO items {INSERT_COLUMNS}");
        let sql = crate::insert_values(
            &head,
            backend,
            chunk.len(),
            INSERT_WIDTH,
            " RETURNING id, number",
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for item in chunk {
            query = bind_fields(query.bind(item.project_id).bind(item.number), &item.fields)
                .bind(now_ms)
                .bind(now_ms);
        }
        let rows = query.fetch_all(&mut *conn).await?;
        // RETURNING order is not promised by SQL: map back through the unique number.
        let mut by_number = std::collections::HashMap::with_capacity(rows.len());
        for row in &rows {
            by_number.insert(
                row.try_get::<i64, _>("number")?,
                row.try_get::<i64, _>("id")?,
            );
        }
        for item in chunk {
            let id = by_number.get(&item.number).ok_or_else(|| {
                StoreError::Corrupt(format!("insert returned no id for number {}", item.number))
            })?;
            ids.push(*id);
        }
    }
    Ok(ids)
}

pub async fn by_key(conn: &mut Conn, project_key: &str, number: i64) -> Result<Option<ItemRow>> {
    let sql = sqlx::AssertSqlSafe(format!("{SELECT_ROW} WHERE p.key = $1 AND i.number = $2"));
    let row = sqlx::query(sql)
        .bind(project_key)
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(item_row).transpose()
}

/// The ids of items by key (`NJ-12`), in statements of up to 200 keys; keys of no item
/// are left out.
pub async fn ids_of(
    conn: &mut Conn,
    keys: &[(String, i64)],
) -> Result<std::collections::HashMap<(String, i64), i64>> {
    let mut found = std::collections::HashMap::new();
    for chunk in keys.chunks(200) {
        let wanted: Vec<String> = (0..chunk.len())
            .map(|n| format!("(p.key = ${} AND i.number = ${})", 2 * n + 1, 2 * n + 2))
            .collect();
        let sql = format!(
            "SELECT i.id AS id, p.key AS project_key, i.number AS number FROM items i \
             JOIN projects p ON p.id = i.project_id WHERE {}",
            wanted.join(" OR ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (project, number) in chunk {
            query = query.bind(project.clone()).bind(*number);
        }
        for row in query.fetch_all(&mut *conn).await? {
            let key = (row.try_get("project_key")?, row.try_get("number")?);
            found.insert(key, row.try_get("id")?);
        }
    }
    Ok(found)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<ItemRow>> {
    let sql = sqlx::AssertSqlSafe(format!("{SELECT_ROW} WHERE i.id = $1"));
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(item_row).transpose()
}

/// Saves new field values if the item is still at `expected_version`; returns the new
/// version, or `None` when someone else changed it first (nothing is written then).
pub async fn update(
    conn: &mut Conn,
    id: i64,
    expected_version: i64,
    f: &ItemFields,
    now_ms: i64,
) -> Result<Option<i64>> {
    let query = sqlx::query(
        "UPDATE items SET kind = $1, title = $2, description = $3, status_id = $4, category = $5, priority = $6,
         severity = $7, assignee_id = $8, reporter_id = $9, department = $10, estimate_minutes = $11, start_date = $12,
         due_date = $13, parent_id = $14, milestone_id = $15, updated_at = $16, version = version + 1
         WHERE id = $17 AND version = $18 RETURNING version",
    )
    ;
    let row = bind_fields(query, f)
        .bind(now_ms)
        .bind(id)
        .bind(expected_version)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.try_get::<i64, _>("version"))
        .transpose()
        .map_err(Into::into)
}

/// Marks an item changed (a comment, link or label) so `updated` and its version move.
pub async fn touch(conn: &mut Conn, id: i64, now_ms: i64) -> Result<()> {
    sqlx::query("UPDATE items SET updated_at = $1, version = version + 1 WHERE id = $2")
        .bind(now_ms)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The keys of an item's ancestors, nearest first (bounded, in case the data loops).
pub async fn ancestors(conn: &mut Conn, id: i64) -> Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    let mut current = id;
    for _ in 0..1000 {
        let row = sqlx::query(
            "SELECT x.id, p.key, x.number FROM items c JOIN items x ON x.id = c.parent_id
             JOIN projects p ON p.id = x.project_id WHERE c.id = $1",
        )
        .bind(current)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = row else { break };
        let parent: i64 = row.try_get("id")?;
        let key: String = row.try_get("key")?;
        let number: i64 = row.try_get("number")?;
        out.push((parent, format!("{key}-{number}")));
        current = parent;
    }
    Ok(out)
}

/// The direct children of an item, by key.
pub async fn children(conn: &mut Conn, id: i64) -> Result<Vec<ItemRow>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{SELECT_ROW} WHERE i.parent_id = $1 ORDER BY i.number LIMIT 500"
    ));
    let rows = sqlx::query(sql).bind(id).fetch_all(&mut *conn).await?;
    rows.iter().map(item_row).collect()
}

/// Watchers of an item, by handle.
pub async fn watchers(conn: &mut Conn, id: i64) -> Result<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT p.handle FROM watchers w JOIN people p ON p.id = w.person_id WHERE w.item_id = $1 ORDER BY p.handle")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(h,)| h).collect())
}

/// Adds or removes a watcher; returns whether anything changed.
pub async fn set_watching(
    conn: &mut Conn,
    item_id: i64,
    person_id: i64,
    watching: bool,
) -> Result<bool> {
    let done = if watching {
        sqlx::query("INSERT INTO watchers (item_id, person_id) VALUES ($1, $2) ON CONFLICT (item_id, person_id) DO NOTHING")
            .bind(item_id)
            .bind(person_id)
            .execute(&mut *conn)
            .await?
    } else {
        sqlx::query("DELETE FROM watchers WHERE item_id = $1 AND person_id = $2")
            .bind(item_id)
            .bind(person_id)
            .execute(&mut *conn)
            .await?
    };
    Ok(done.rows_affected() > 0)
}

/// Sets an item's parent without other changes (used after a bulk insert whose
/// parents were earlier items of the same batch).
pub async fn set_parent(conn: &mut Conn, id: i64, parent_id: i64) -> Result<()> {
    sqlx::query("UPDATE items SET parent_id = $1 WHERE id = $2")
        .bind(parent_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Adds watchers in one statement each; returns nothing new when already watching.
pub async fn add_watchers(conn: &mut Conn, pairs: &[(i64, i64)]) -> Result<()> {
    for (item, person) in pairs {
        set_watching(conn, *item, *person, true).await?;
    }
    Ok(())
}

/// Whether a person watches an item.
/// Whether an item is shared with a person or their organisation (as assignee, reporter
/// or watcher): what a vendor may see.
pub async fn is_shared_with(conn: &mut Conn, item_id: i64, person_id: i64) -> Result<bool> {
    let sql = format!(
        "SELECT 1 AS one FROM items i WHERE i.id = $1 AND {}",
        shared_with("$2")
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(item_id)
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}

/// The people an item may be shared with for a vendor: the vendor themself and everyone
/// in their organisation (a studio's whole team sees the studio's briefs).
fn sharing_circle(me: &str) -> String {
    format!(
        "(SELECT op.id FROM people op WHERE op.id = {me} \
         OR op.organisation = (SELECT mp.organisation FROM people mp WHERE mp.id = {me}))"
    )
}

/// The condition that an item is shared with a person's circle: assignee, reporter or watcher.
pub(crate) fn shared_with(me: &str) -> String {
    let circle = sharing_circle(me);
    format!(
        "(i.assignee_id IN {circle} OR i.reporter_id IN {circle} \
         OR EXISTS (SELECT 1 FROM watchers vw WHERE vw.item_id = i.id AND vw.person_id IN {circle}))"
    )
}
