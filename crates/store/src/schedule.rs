//! The scheduler's inputs and outputs for a project: what it reads of the items (their
//! work, dates, progress and depends-on links), the dates it computed for each item (so
//! queries can filter on float and the critical path), and baselines.

use crate::{Backend, Conn, Result, codec};
use callsheet_core::Date;
use callsheet_core::item::{DepType, Priority, StatusCategory};
use callsheet_core::schedule::tracked::{Baseline, Dependency, ItemDates, PlanItem, ProjectDates};
use sqlx::Row;

/// One statement that returns a whole column set as a single text, a line per row and
/// `|` between fields (NULL as empty): reading 5,000 rows one value at a time through
/// sqlx's `Any` driver costs more than the scheduling itself. Fields must not hold `|`
/// or line breaks (numbers, dates, slugs, moments).
fn packed(backend: Backend, fields: &[&str], from: &str) -> String {
    let row = fields
        .iter()
        .map(|f| match backend {
            // SQLite turns numbers into text for `||` by itself.
            Backend::Sqlite => format!("ifnull({f}, '')"),
            Backend::Postgres => format!("COALESCE(CAST({f} AS TEXT), '')"),
        })
        .collect::<Vec<_>>()
        .join(" || '|' || ");
    let agg = match backend {
        Backend::Sqlite => format!("group_concat({row}, char(10))"),
        Backend::Postgres => format!("string_agg({row}, chr(10))"),
    };
    format!("SELECT {agg} AS packed {from}")
}

async fn unpack(
    conn: &mut Conn,
    fields: &[&str],
    from: &str,
    project_id: i64,
) -> Result<Vec<Vec<String>>> {
    let sql = packed(Backend::of_conn(conn), fields, from);
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project_id)
        .fetch_one(&mut *conn)
        .await?;
    let text: Option<String> = row.try_get("packed")?;
    Ok(text
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect())
}

fn corrupt(what: &str, value: &str) -> crate::StoreError {
    crate::StoreError::Corrupt(format!("{what} holds {value:?}"))
}

fn int(field: &str, what: &str) -> Result<i64> {
    field.parse().map_err(|_| corrupt(what, field))
}

fn opt_int(field: &str, what: &str) -> Result<Option<i64>> {
    if field.is_empty() {
        Ok(None)
    } else {
        int(field, what).map(Some)
    }
}

fn opt_date(field: &str, what: &str) -> Result<Option<Date>> {
    if field.is_empty() {
        Ok(None)
    } else {
        field.parse().map(Some).map_err(|_| corrupt(what, field))
    }
}

/// What rescheduling needs of every item that is not cancelled, in number order,
/// read in one packed statement; titles are left empty.
pub async fn plan_items_untitled(conn: &mut Conn, project_id: i64) -> Result<Vec<PlanItem>> {
    let rows = unpack(
        conn,
        &[
            "i.id",
            "i.number",
            "i.kind",
            "i.category",
            "i.priority",
            "i.assignee_id",
            "i.estimate_minutes",
            "i.start_date",
            "i.due_date",
            "i.parent_id",
            "i.milestone_id",
            "g.started_on",
            "g.finished_on",
        ],
        "FROM items i LEFT JOIN item_progress g ON g.item_id = i.id
         WHERE i.project_id = $1 AND i.category <> 'cancelled'",
        project_id,
    )
    .await?;
    let mut items = rows
        .iter()
        .map(|f| {
            if f.len() != 13 {
                return Err(corrupt("a packed item row", &f.join("|")));
            }
            Ok(PlanItem {
                id: int(&f[0], "items.id")?,
                number: int(&f[1], "items.number")?,
                kind: f[2].clone(),
                title: String::new(),
                category: StatusCategory::parse(&f[3])
                    .map_err(|_| corrupt("items.category", &f[3]))?,
                priority: Priority::from_rank(int(&f[4], "items.priority")?)
                    .unwrap_or(Priority::Medium),
                assignee_id: opt_int(&f[5], "items.assignee_id")?,
                estimate_minutes: opt_int(&f[6], "items.estimate_minutes")?,
                start: opt_date(&f[7], "items.start_date")?,
                due: opt_date(&f[8], "items.due_date")?,
                parent_id: opt_int(&f[9], "items.parent_id")?,
                milestone_id: opt_int(&f[10], "items.milestone_id")?,
                started_on: opt_date(&f[11], "item_progress.started_on")?,
                finished_on: opt_date(&f[12], "item_progress.finished_on")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    items.sort_by_key(|i| i.number);
    Ok(items)
}

/// Every item of a project that is not cancelled, in number order, with its title.
pub async fn plan_items(conn: &mut Conn, project_id: i64) -> Result<Vec<PlanItem>> {
    let mut items = plan_items_untitled(conn, project_id).await?;
    // Titles may hold `|` and line breaks, so they come apart from the packed read.
    let rows = sqlx::query(
        "SELECT id, title FROM items WHERE project_id = $1 AND category <> 'cancelled'",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut titles = std::collections::HashMap::with_capacity(rows.len());
    for row in &rows {
        titles.insert(
            row.try_get::<i64, _>("id")?,
            row.try_get::<String, _>("title")?,
        );
    }
    for item in &mut items {
        if let Some(t) = titles.remove(&item.id) {
            item.title = t;
        }
    }
    Ok(items)
}

/// Whether the project has numbered more than `limit` items (cancelled ones included):
/// read from its counter, so it costs nothing however large the project (it runs on
/// every change; counting live items took 5 to 18 ms at 100,000).
pub async fn has_more_items_than(conn: &mut Conn, project_id: i64, limit: i64) -> Result<bool> {
    let row = sqlx::query("SELECT next_number - 1 AS n FROM projects WHERE id = $1")
        .bind(project_id)
        .fetch_one(&mut *conn)
        .await?;
    let n: i64 = row.try_get("n")?;
    Ok(n > limit)
}

/// The depends-on links from the project's items (some may point outside it).
pub async fn dependencies(conn: &mut Conn, project_id: i64) -> Result<Vec<Dependency>> {
    let rows = unpack(
        conn,
        &["l.src_id", "l.dst_id", "l.dep_type", "l.lag_days"],
        // Links leaving the project are dropped by the caller, which knows its items.
        "FROM item_links l JOIN items s ON s.id = l.src_id
         WHERE l.kind = 'depends_on' AND s.project_id = $1",
        project_id,
    )
    .await?;
    let mut deps = rows
        .iter()
        .map(|f| {
            if f.len() != 4 {
                return Err(corrupt("a packed link row", &f.join("|")));
            }
            Ok(Dependency {
                after: int(&f[0], "item_links.src_id")?,
                before: int(&f[1], "item_links.dst_id")?,
                kind: DepType::parse(&f[2]).unwrap_or(DepType::FinishToStart),
                lag_days: int(&f[3], "item_links.lag_days")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // The aggregate's order is the database's; the plan's must not be.
    deps.sort_by_key(|d| (d.after, d.before));
    Ok(deps)
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

/// The stored dates of every item of a project, read in one packed statement.
pub async fn stored(conn: &mut Conn, project_id: i64) -> Result<Vec<ItemDates>> {
    let rows = unpack(
        conn,
        &[
            "item_id",
            "early_start",
            "early_finish",
            "late_start",
            "late_finish",
            "total_float",
            "free_float",
            "critical",
            "finish_slip",
        ],
        "FROM item_schedule WHERE project_id = $1",
        project_id,
    )
    .await?;
    rows.iter()
        .map(|f| {
            if f.len() != 9 {
                return Err(corrupt("a packed schedule row", &f.join("|")));
            }
            Ok(ItemDates {
                item_id: int(&f[0], "item_schedule.item_id")?,
                early_start: f[1].clone(),
                early_finish: f[2].clone(),
                late_start: f[3].clone(),
                late_finish: f[4].clone(),
                total_float: int(&f[5], "item_schedule.total_float")?,
                free_float: int(&f[6], "item_schedule.free_float")?,
                critical: f[7] == "1",
                finish_slip: opt_int(&f[8], "item_schedule.finish_slip")?,
            })
        })
        .collect()
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

/// A row's fingerprint, to tell which rows changed since the last save.
fn digest(d: &ItemDates) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    d.hash(&mut h);
    h.finish()
}

/// Writes a project's computed dates and its summary: rows whose fingerprint changed
/// since the last save are written (many to a statement), rows for items no longer
/// scheduled are removed. Returns how many rows were written.
pub async fn save(
    conn: &mut Conn,
    project_id: i64,
    rows: &[ItemDates],
    summary: &ProjectDates,
) -> Result<usize> {
    let previous = sqlx::query("SELECT digests FROM project_schedule WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(&mut *conn)
        .await?;
    let previous: String = match previous {
        Some(row) => row.try_get("digests")?,
        None => String::new(),
    };
    let old: std::collections::HashMap<i64, u64> = previous
        .split(',')
        .filter_map(|pair| {
            let (item, hash) = pair.split_once(':')?;
            Some((item.parse().ok()?, u64::from_str_radix(hash, 16).ok()?))
        })
        .collect();
    let digests: Vec<(i64, u64)> = rows.iter().map(|d| (d.item_id, digest(d))).collect();
    let changed: Vec<&ItemDates> = rows
        .iter()
        .zip(&digests)
        .filter(|(d, (_, h))| old.get(&d.item_id) != Some(h))
        .map(|(d, _)| d)
        .collect();
    let keep: std::collections::HashSet<i64> = rows.iter().map(|d| d.item_id).collect();
    for gone in old.keys().filter(|id| !keep.contains(id)) {
        sqlx::query("DELETE FROM item_schedule WHERE item_id = $1")
            .bind(*gone)
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
    let digests = digests
        .iter()
        .map(|(id, h)| format!("{id}:{h:x}"))
        .collect::<Vec<_>>()
        .join(",");
    sqlx::query(
        "INSERT INTO project_schedule (project_id, start_on, finish, warnings, digests, computed_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (project_id) DO UPDATE SET start_on = $2, finish = $3, warnings = $4,
             digests = $5, computed_at = $6",
    )
    .bind(project_id)
    .bind(summary.start_on.clone())
    .bind(summary.finish.clone())
    .bind(summary.warnings.clone())
    .bind(digests)
    .bind(summary.computed_at)
    .execute(&mut *conn)
    .await?;
    Ok(changed.len())
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
