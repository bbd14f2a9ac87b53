//! The scheduler's inputs and outputs for a project: what it reads of the items (their
//! work, dates, progress and depends-on links), the dates it computed for each item (so
//! queries can filter on float and the critical path), and baselines.

use crate::{Backend, Conn, Result, codec};
use callsheet_core::Date;
use callsheet_core::item::{DepType, Priority, StatusCategory};
use sqlx::Row;

/// What the scheduler needs of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanItem {
    pub id: i64,
    pub number: i64,
    pub kind: String,
    pub title: String,
    pub category: StatusCategory,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub estimate_minutes: Option<i64>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub parent_id: Option<i64>,
    pub milestone_id: Option<i64>,
    pub started_on: Option<Date>,
    pub finished_on: Option<Date>,
}

/// Every item of a project that is not cancelled, in number order.
pub async fn plan_items(conn: &mut Conn, project_id: i64) -> Result<Vec<PlanItem>> {
    let rows = sqlx::query(
        "SELECT i.id, i.number, i.kind, i.title, i.category, i.priority, i.assignee_id,
                i.estimate_minutes, i.start_date, i.due_date, i.parent_id, i.milestone_id,
                g.started_on, g.finished_on
         FROM items i LEFT JOIN item_progress g ON g.item_id = i.id
         WHERE i.project_id = $1 AND i.category <> 'cancelled'
         ORDER BY i.number",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PlanItem {
                id: row.try_get("id")?,
                number: row.try_get("number")?,
                kind: row.try_get("kind")?,
                title: row.try_get("title")?,
                category: codec::enum_of(row, "category", StatusCategory::parse)?,
                priority: Priority::from_rank(row.try_get("priority")?).unwrap_or(Priority::Medium),
                assignee_id: row.try_get("assignee_id")?,
                estimate_minutes: row.try_get("estimate_minutes")?,
                start: codec::date_of(row, "start_date")?,
                due: codec::date_of(row, "due_date")?,
                parent_id: row.try_get("parent_id")?,
                milestone_id: row.try_get("milestone_id")?,
                started_on: codec::date_of(row, "started_on")?,
                finished_on: codec::date_of(row, "finished_on")?,
            })
        })
        .collect()
}

/// A depends-on link inside a project: `after` waits on `before`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependency {
    pub before: i64,
    pub after: i64,
    pub kind: DepType,
    pub lag_days: i64,
}

/// The project's depends-on links between its own items.
pub async fn dependencies(conn: &mut Conn, project_id: i64) -> Result<Vec<Dependency>> {
    let rows = sqlx::query(
        "SELECT l.src_id, l.dst_id, l.dep_type, l.lag_days
         FROM item_links l JOIN items s ON s.id = l.src_id JOIN items d ON d.id = l.dst_id
         WHERE l.kind = 'depends_on' AND s.project_id = $1 AND d.project_id = $1",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: Option<String> = row.try_get("dep_type")?;
            Ok(Dependency {
                after: row.try_get("src_id")?,
                before: row.try_get("dst_id")?,
                kind: kind
                    .and_then(|k| DepType::parse(&k).ok())
                    .unwrap_or(DepType::FinishToStart),
                lag_days: row.try_get("lag_days")?,
            })
        })
        .collect()
}

/// Records that work on an item started or finished (None clears it).
pub async fn set_progress(
    conn: &mut Conn,
    item_id: i64,
    started_on: Option<Date>,
    finished_on: Option<Date>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO item_progress (item_id, started_on, finished_on) VALUES ($1, $2, $3)
         ON CONFLICT (item_id) DO UPDATE SET started_on = $2, finished_on = $3",
    )
    .bind(item_id)
    .bind(codec::date_text(started_on))
    .bind(codec::date_text(finished_on))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An item's progress dates: (started, finished).
pub async fn progress(conn: &mut Conn, item_id: i64) -> Result<(Option<Date>, Option<Date>)> {
    let row = sqlx::query("SELECT started_on, finished_on FROM item_progress WHERE item_id = $1")
        .bind(item_id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok((
            codec::date_of(&row, "started_on")?,
            codec::date_of(&row, "finished_on")?,
        )),
        None => Ok((None, None)),
    }
}

/// One item's computed dates, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ItemDates {
    #[serde(skip)]
    pub item_id: i64,
    pub early_start: String,
    pub early_finish: String,
    pub late_start: String,
    pub late_finish: String,
    /// Working minutes.
    pub total_float: i64,
    pub free_float: i64,
    pub critical: bool,
    /// Working minutes later than the current baseline; None without one.
    pub finish_slip: Option<i64>,
}

const DATES: &str = "item_id, early_start, early_finish, late_start, late_finish, total_float, \
                     free_float, critical, finish_slip";

fn dates(row: &sqlx::any::AnyRow) -> Result<ItemDates> {
    let critical: i64 = row.try_get("critical")?;
    Ok(ItemDates {
        item_id: row.try_get("item_id")?,
        early_start: row.try_get("early_start")?,
        early_finish: row.try_get("early_finish")?,
        late_start: row.try_get("late_start")?,
        late_finish: row.try_get("late_finish")?,
        total_float: row.try_get("total_float")?,
        free_float: row.try_get("free_float")?,
        critical: critical != 0,
        finish_slip: row.try_get("finish_slip")?,
    })
}

/// The stored dates of every item of a project.
pub async fn stored(conn: &mut Conn, project_id: i64) -> Result<Vec<ItemDates>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DATES} FROM item_schedule WHERE project_id = $1"
    )))
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(dates).collect()
}

/// One item's stored dates.
pub async fn of_item(conn: &mut Conn, item_id: i64) -> Result<Option<ItemDates>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {DATES} FROM item_schedule WHERE item_id = $1"
    )))
    .bind(item_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(dates).transpose()
}

/// Writes a project's computed dates: rows that changed are written (many to a
/// statement), rows for items no longer scheduled are removed. Returns how many changed.
pub async fn save(conn: &mut Conn, project_id: i64, rows: &[ItemDates]) -> Result<usize> {
    let before = stored(conn, project_id).await?;
    let old: std::collections::HashMap<i64, &ItemDates> =
        before.iter().map(|d| (d.item_id, d)).collect();
    let changed: Vec<&ItemDates> = rows
        .iter()
        .filter(|d| old.get(&d.item_id) != Some(d))
        .collect();
    let keep: std::collections::HashSet<i64> = rows.iter().map(|d| d.item_id).collect();
    for gone in before.iter().filter(|d| !keep.contains(&d.item_id)) {
        sqlx::query("DELETE FROM item_schedule WHERE item_id = $1")
            .bind(gone.item_id)
            .execute(&mut *conn)
            .await?;
    }
    let backend = Backend::of_conn(conn);
    for chunk in changed.chunks(500) {
        let sql = crate::insert_values(
            "INSERT INTO item_schedule (item_id, project_id, early_start, early_finish, \
             late_start, late_finish, total_float, free_float, critical, finish_slip)",
            backend,
            chunk.len(),
            10,
            " ON CONFLICT (item_id) DO UPDATE SET early_start = excluded.early_start, \
             early_finish = excluded.early_finish, late_start = excluded.late_start, \
             late_finish = excluded.late_finish, total_float = excluded.total_float, \
             free_float = excluded.free_float, critical = excluded.critical, \
             finish_slip = excluded.finish_slip",
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for d in chunk {
            query = query
                .bind(d.item_id)
                .bind(project_id)
                .bind(d.early_start.clone())
                .bind(d.early_finish.clone())
                .bind(d.late_start.clone())
                .bind(d.late_finish.clone())
                .bind(d.total_float)
                .bind(d.free_float)
                .bind(i64::from(d.critical))
                .bind(d.finish_slip);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(changed.len())
}

/// A project's schedule as a whole.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProjectDates {
    pub start_on: String,
    pub finish: String,
    /// Deadlines missed and constraints not met, as JSON: `[{"key", "message"}]`.
    pub warnings: String,
    pub computed_at: i64,
}

pub async fn save_project(conn: &mut Conn, project_id: i64, dates: &ProjectDates) -> Result<()> {
    sqlx::query(
        "INSERT INTO project_schedule (project_id, start_on, finish, warnings, computed_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (project_id) DO UPDATE SET start_on = $2, finish = $3, warnings = $4,
             computed_at = $5",
    )
    .bind(project_id)
    .bind(dates.start_on.clone())
    .bind(dates.finish.clone())
    .bind(dates.warnings.clone())
    .bind(dates.computed_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn project(conn: &mut Conn, project_id: i64) -> Result<Option<ProjectDates>> {
    let row = sqlx::query(
        "SELECT start_on, finish, warnings, computed_at FROM project_schedule WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(ProjectDates {
            start_on: row.try_get("start_on")?,
            finish: row.try_get("finish")?,
            warnings: row.try_get("warnings")?,
            computed_at: row.try_get("computed_at")?,
        })
    })
    .transpose()
}

/// A saved baseline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Baseline {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub taken_at: i64,
    pub taken_by: Option<String>,
    /// Slips in the schedule and the `slipped` query field are measured against it.
    pub current: bool,
}

/// Saves a baseline of the given (item, start, finish) dates and makes it current.
pub async fn insert_baseline(
    conn: &mut Conn,
    project_id: i64,
    name: &str,
    taken_by: Option<i64>,
    now_ms: i64,
    items: &[(i64, String, String)],
) -> Result<i64> {
    sqlx::query("UPDATE baselines SET is_current = 0 WHERE project_id = $1")
        .bind(project_id)
        .execute(&mut *conn)
        .await?;
    let row = sqlx::query(
        "INSERT INTO baselines (project_id, name, taken_at, taken_by, is_current)
         VALUES ($1, $2, $3, $4, 1) RETURNING id",
    )
    .bind(project_id)
    .bind(name)
    .bind(now_ms)
    .bind(taken_by)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    let backend = Backend::of_conn(conn);
    for chunk in items.chunks(1000) {
        let sql = crate::insert_values(
            "INSERT INTO baseline_items (baseline_id, item_id, start_at, finish_at)",
            backend,
            chunk.len(),
            4,
            "",
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (item, start, finish) in chunk {
            query = query
                .bind(id)
                .bind(*item)
                .bind(start.clone())
                .bind(finish.clone());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(id)
}

/// A project's baselines, newest first.
pub async fn baselines(conn: &mut Conn, project_id: i64) -> Result<Vec<Baseline>> {
    let rows = sqlx::query(
        "SELECT b.id, b.name, b.taken_at, p.handle, b.is_current
         FROM baselines b LEFT JOIN people p ON p.id = b.taken_by
         WHERE b.project_id = $1 ORDER BY b.taken_at DESC, b.id DESC",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let current: i64 = row.try_get("is_current")?;
            Ok(Baseline {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                taken_at: row.try_get("taken_at")?,
                taken_by: row.try_get("handle")?,
                current: current != 0,
            })
        })
        .collect()
}

/// Makes a baseline the one slips are measured against.
pub async fn set_current(conn: &mut Conn, project_id: i64, baseline_id: i64) -> Result<()> {
    sqlx::query("UPDATE baselines SET is_current = CASE WHEN id = $2 THEN 1 ELSE 0 END WHERE project_id = $1")
        .bind(project_id)
        .bind(baseline_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A baseline's dates: (item id, start, finish).
pub async fn baseline_items(
    conn: &mut Conn,
    baseline_id: i64,
) -> Result<Vec<(i64, String, String)>> {
    let rows = sqlx::query(
        "SELECT item_id, start_at, finish_at FROM baseline_items WHERE baseline_id = $1",
    )
    .bind(baseline_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("item_id")?,
                row.try_get("start_at")?,
                row.try_get("finish_at")?,
            ))
        })
        .collect()
}
