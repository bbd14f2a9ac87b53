//! A project's string table and its localization records: settings, strings with their
//! per-locale translations, allow lists, QA check runs attached to builds, the one bug
//! per failing key, and vendor hand-offs. Rows in, rows out; the rules live in the app.

use crate::{Conn, Result};
use callsheet_core::loc::{AllowRow, Settings};
use sqlx::Row;

pub async fn settings(conn: &mut Conn, project_id: i64) -> Result<Option<Settings>> {
    let row = sqlx::query(
        "SELECT source_locale, length_unit, locales, do_not_translate FROM loc_settings WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        let locales: String = r.try_get("locales")?;
        let terms: String = r.try_get("do_not_translate")?;
        Ok(Settings {
            source_locale: r.try_get("source_locale")?,
            length_unit: r.try_get("length_unit")?,
            locales: locales.split_whitespace().map(str::to_string).collect(),
            do_not_translate: terms
                .lines()
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string)
                .collect(),
        })
    })
    .transpose()
}

pub async fn save_settings(conn: &mut Conn, project_id: i64, s: &Settings) -> Result<()> {
    sqlx::query(
        "INSERT INTO loc_settings (project_id, source_locale, length_unit, locales, do_not_translate)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (project_id) DO UPDATE SET source_locale = excluded.source_locale,
           length_unit = excluded.length_unit, locales = excluded.locales,
           do_not_translate = excluded.do_not_translate",
    )
    .bind(project_id)
    .bind(s.source_locale.clone())
    .bind(s.length_unit.clone())
    .bind(s.locales.join(" "))
    .bind(s.do_not_translate.join("\n"))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A string of the table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StringRow {
    pub id: i64,
    pub key: String,
    pub source: String,
    pub context: String,
    pub notes: String,
    pub max_length: Option<i64>,
    /// Space-separated.
    pub tags: String,
    pub source_hash: String,
    pub updated_at: i64,
}

const STRING_COLUMNS: &str =
    "id, string_key, source, context, notes, max_length, tags, source_hash, updated_at";

fn string_row(r: &sqlx::any::AnyRow) -> Result<StringRow> {
    Ok(StringRow {
        id: r.try_get("id")?,
        key: r.try_get("string_key")?,
        source: r.try_get("source")?,
        context: r.try_get("context")?,
        notes: r.try_get("notes")?,
        max_length: r.try_get("max_length")?,
        tags: r.try_get("tags")?,
        source_hash: r.try_get("source_hash")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// Every string of a project, by key.
pub async fn strings(conn: &mut Conn, project_id: i64) -> Result<Vec<StringRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {STRING_COLUMNS} FROM loc_strings WHERE project_id = $1 ORDER BY string_key"
    )))
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(string_row).collect()
}

/// The strings of a project with these keys (any order); keys it lacks are left out.
pub async fn strings_by_keys(
    conn: &mut Conn,
    project_id: i64,
    keys: &[&str],
) -> Result<Vec<StringRow>> {
    let backend = crate::Backend::of_conn(conn);
    let mut found = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(500) {
        let sql = format!(
            "SELECT {STRING_COLUMNS} FROM loc_strings WHERE project_id = {} AND string_key IN {}",
            crate::parameter_list(backend, 1, 1),
            crate::parameter_list(backend, 2, chunk.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(project_id);
        for key in chunk {
            query = query.bind(key.to_string());
        }
        for row in query.fetch_all(&mut *conn).await? {
            found.push(string_row(&row)?);
        }
    }
    Ok(found)
}

/// The strings of a project whose source is exactly `source` (any order): all that one
/// string's checks need of the rest of the table. Found through the source's hash;
/// sorting here would lead SQLite to walk every key in order instead.
pub async fn strings_with_source(
    conn: &mut Conn,
    project_id: i64,
    source: &str,
) -> Result<Vec<StringRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {STRING_COLUMNS} FROM loc_strings WHERE project_id = $1 AND source_hash = $3 AND source = $2"
    )))
    .bind(project_id)
    .bind(source.to_string())
    .bind(callsheet_core::loc::table::source_hash(source))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(string_row).collect()
}

pub async fn string_by_key(
    conn: &mut Conn,
    project_id: i64,
    key: &str,
) -> Result<Option<StringRow>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {STRING_COLUMNS} FROM loc_strings WHERE project_id = $1 AND string_key = $2"
    )))
    .bind(project_id)
    .bind(key.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(string_row).transpose()
}

/// A string to insert or update (by key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewString {
    pub key: String,
    pub source: String,
    pub context: String,
    pub notes: String,
    pub max_length: Option<i64>,
    pub tags: String,
    pub source_hash: String,
}

/// Inserts new strings in multi-row statements.
pub async fn insert_strings(
    conn: &mut Conn,
    project_id: i64,
    rows: &[NewString],
    at: i64,
) -> Result<()> {
    let backend = crate::Backend::of_conn(conn);
    for chunk in rows.chunks(500) {
        let sql = crate::insert_values(
            "INSERT INTO loc_strings (project_id, string_key, source, context, notes, max_length, tags, source_hash, updated_at)",
            backend,
            chunk.len(),
            9,
            "",
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for s in chunk {
            q = q
                .bind(project_id)
                .bind(s.key.clone())
                .bind(s.source.clone())
                .bind(s.context.clone())
                .bind(s.notes.clone())
                .bind(s.max_length)
                .bind(s.tags.clone())
                .bind(s.source_hash.clone())
                .bind(at);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Rewrites a string's text and details.
pub async fn update_string(conn: &mut Conn, id: i64, s: &NewString, at: i64) -> Result<()> {
    sqlx::query(
        "UPDATE loc_strings SET source = $1, context = $2, notes = $3, max_length = $4, tags = $5,
           source_hash = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(s.source.clone())
    .bind(s.context.clone())
    .bind(s.notes.clone())
    .bind(s.max_length)
    .bind(s.tags.clone())
    .bind(s.source_hash.clone())
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Turns every translation of a string with text stale; returns the locales it touched.
pub async fn mark_stale(conn: &mut Conn, string_id: i64) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT locale FROM loc_translations WHERE string_id = $1 AND text <> '' AND status <> 'stale' ORDER BY locale",
    )
    .bind(string_id)
    .fetch_all(&mut *conn)
    .await?;
    let locales = rows
        .iter()
        .map(|r| r.try_get("locale"))
        .collect::<std::result::Result<Vec<String>, _>>()?;
    sqlx::query("UPDATE loc_translations SET status = 'stale' WHERE string_id = $1 AND text <> ''")
        .bind(string_id)
        .execute(&mut *conn)
        .await?;
    Ok(locales)
}

/// One locale's translation of a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationRow {
    pub string_id: i64,
    pub locale: String,
    pub text: String,
    pub status: String,
    pub source_hash: String,
    /// The handle of who set it.
    pub by: Option<String>,
    pub at: i64,
}

fn translation_row(r: &sqlx::any::AnyRow) -> Result<TranslationRow> {
    Ok(TranslationRow {
        string_id: r.try_get("string_id")?,
        locale: r.try_get("locale")?,
        text: r.try_get("text")?,
        status: r.try_get("status")?,
        source_hash: r.try_get("source_hash")?,
        by: r.try_get("handle")?,
        at: r.try_get("at")?,
    })
}

const TRANSLATION_SELECT: &str =
    "SELECT t.string_id, t.locale, t.text, t.status, t.source_hash, p.handle, t.at
     FROM loc_translations t LEFT JOIN people p ON p.id = t.by_id";

/// Every translation in a project.
pub async fn translations(conn: &mut Conn, project_id: i64) -> Result<Vec<TranslationRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{TRANSLATION_SELECT} JOIN loc_strings s ON s.id = t.string_id WHERE s.project_id = $1"
    )))
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(translation_row).collect()
}

/// The translations of these strings (any order).
pub async fn translations_of_strings(
    conn: &mut Conn,
    string_ids: &[i64],
) -> Result<Vec<TranslationRow>> {
    let backend = crate::Backend::of_conn(conn);
    let mut found = Vec::new();
    for chunk in string_ids.chunks(500) {
        let sql = format!(
            "{TRANSLATION_SELECT} WHERE t.string_id IN {}",
            crate::parameter_list(backend, 1, chunk.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            found.push(translation_row(&row)?);
        }
    }
    Ok(found)
}

/// The translations of the strings whose source is exactly `source`.
pub async fn translations_with_source(
    conn: &mut Conn,
    project_id: i64,
    source: &str,
) -> Result<Vec<TranslationRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{TRANSLATION_SELECT} JOIN loc_strings s ON s.id = t.string_id WHERE s.project_id = $1 AND s.source_hash = $3 AND s.source = $2"
    )))
    .bind(project_id)
    .bind(source.to_string())
    .bind(callsheet_core::loc::table::source_hash(source))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(translation_row).collect()
}

/// The translations of one string.
pub async fn translations_of(conn: &mut Conn, string_id: i64) -> Result<Vec<TranslationRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{TRANSLATION_SELECT} WHERE t.string_id = $1 ORDER BY t.locale"
    )))
    .bind(string_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(translation_row).collect()
}

/// A translation to write (replacing the string's translation in that locale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTranslation {
    pub string_id: i64,
    pub locale: String,
    pub text: String,
    pub status: String,
    pub source_hash: String,
    pub by_id: Option<i64>,
}

/// Writes translations in multi-row statements, replacing what was there.
pub async fn put_translations(conn: &mut Conn, rows: &[NewTranslation], at: i64) -> Result<()> {
    let backend = crate::Backend::of_conn(conn);
    for chunk in rows.chunks(500) {
        let sql = crate::insert_values(
            "INSERT INTO loc_translations (string_id, locale, text, status, source_hash, by_id, at)",
            backend,
            chunk.len(),
            7,
            " ON CONFLICT (string_id, locale) DO UPDATE SET text = excluded.text, status = excluded.status,
               source_hash = excluded.source_hash, by_id = excluded.by_id, at = excluded.at",
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for t in chunk {
            q = q
                .bind(t.string_id)
                .bind(t.locale.clone())
                .bind(t.text.clone())
                .bind(t.status.clone())
                .bind(t.source_hash.clone())
                .bind(t.by_id)
                .bind(at);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn allow_list(conn: &mut Conn, project_id: i64) -> Result<Vec<AllowRow>> {
    let rows = sqlx::query(
        "SELECT a.id, a.string_key, a.check_id, a.reason, p.handle, a.at FROM loc_allow a
         LEFT JOIN people p ON p.id = a.by_id WHERE a.project_id = $1 ORDER BY a.id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AllowRow {
                id: r.try_get("id")?,
                key: r.try_get("string_key")?,
                check: r.try_get("check_id")?,
                reason: r.try_get("reason")?,
                by: r.try_get("handle")?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}

pub async fn add_allow(
    conn: &mut Conn,
    project_id: i64,
    key: Option<&str>,
    check: &str,
    reason: &str,
    by_id: Option<i64>,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO loc_allow (project_id, string_key, check_id, reason, by_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(project_id)
    .bind(key.map(str::to_string))
    .bind(check.to_string())
    .bind(reason.to_string())
    .bind(by_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes an allow-list entry; false when the project has none with that id.
pub async fn remove_allow(conn: &mut Conn, project_id: i64, id: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM loc_allow WHERE project_id = $1 AND id = $2")
        .bind(project_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A QA check run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRow {
    pub id: i64,
    pub build: String,
    pub at: i64,
    pub by: Option<String>,
    pub errors: i64,
    pub warnings: i64,
    /// JSON: the findings.
    pub findings: String,
}

/// A check run to record.
pub struct NewRun<'a> {
    pub build: &'a str,
    pub at: i64,
    pub by_id: Option<i64>,
    pub errors: i64,
    pub warnings: i64,
    /// JSON: the findings.
    pub findings: &'a str,
}

pub async fn insert_run(conn: &mut Conn, project_id: i64, run: &NewRun<'_>) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO loc_runs (project_id, build, at, by_id, errors, warnings, findings)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(project_id)
    .bind(run.build.to_string())
    .bind(run.at)
    .bind(run.by_id)
    .bind(run.errors)
    .bind(run.warnings)
    .bind(run.findings.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// A project's check runs, newest first; with `findings` only when `whole`.
pub async fn runs(conn: &mut Conn, project_id: i64, whole: bool) -> Result<Vec<RunRow>> {
    let findings = if whole { "r.findings" } else { "''" };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT r.id, r.build, r.at, p.handle, r.errors, r.warnings, {findings} AS findings
         FROM loc_runs r LEFT JOIN people p ON p.id = r.by_id WHERE r.project_id = $1 ORDER BY r.id DESC"
    )))
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RunRow {
                id: r.try_get("id")?,
                build: r.try_get("build")?,
                at: r.try_get("at")?,
                by: r.try_get("handle")?,
                errors: r.try_get("errors")?,
                warnings: r.try_get("warnings")?,
                findings: r.try_get("findings")?,
            })
        })
        .collect()
}

/// The bug filed for a failing key, if any.
pub async fn bug_for(conn: &mut Conn, project_id: i64, key: &str) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT item_id FROM loc_bugs WHERE project_id = $1 AND string_key = $2")
        .bind(project_id)
        .bind(key.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| r.try_get("item_id")).transpose()?)
}

pub async fn set_bug(conn: &mut Conn, project_id: i64, key: &str, item_id: i64) -> Result<()> {
    sqlx::query("INSERT INTO loc_bugs (project_id, string_key, item_id) VALUES ($1, $2, $3)")
        .bind(project_id)
        .bind(key.to_string())
        .bind(item_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A vendor hand-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffRow {
    pub id: i64,
    pub locale: String,
    pub vendor: String,
    pub format: String,
    pub scope: String,
    pub strings: i64,
    /// YYYY-MM-DD.
    pub due: Option<String>,
    pub sent_at: i64,
    pub sent_by: Option<String>,
    pub delivered_at: Option<i64>,
    pub applied: Option<i64>,
}

pub struct NewHandoff<'a> {
    pub locale: &'a str,
    pub vendor: &'a str,
    pub format: &'a str,
    pub scope: &'a str,
    pub strings: i64,
    pub due: Option<String>,
}

pub async fn insert_handoff(
    conn: &mut Conn,
    project_id: i64,
    h: &NewHandoff<'_>,
    at: i64,
    by_id: Option<i64>,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO loc_handoffs (project_id, locale, vendor, format, scope, strings, due, sent_at, sent_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(project_id)
    .bind(h.locale.to_string())
    .bind(h.vendor.to_string())
    .bind(h.format.to_string())
    .bind(h.scope.to_string())
    .bind(h.strings)
    .bind(h.due.clone())
    .bind(at)
    .bind(by_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

pub async fn handoffs(conn: &mut Conn, project_id: i64) -> Result<Vec<HandoffRow>> {
    let rows = sqlx::query(
        "SELECT h.id, h.locale, h.vendor, h.format, h.scope, h.strings, h.due, h.sent_at, p.handle,
                h.delivered_at, h.applied
         FROM loc_handoffs h LEFT JOIN people p ON p.id = h.sent_by WHERE h.project_id = $1 ORDER BY h.id DESC",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HandoffRow {
                id: r.try_get("id")?,
                locale: r.try_get("locale")?,
                vendor: r.try_get("vendor")?,
                format: r.try_get("format")?,
                scope: r.try_get("scope")?,
                strings: r.try_get("strings")?,
                due: r.try_get("due")?,
                sent_at: r.try_get("sent_at")?,
                sent_by: r.try_get("handle")?,
                delivered_at: r.try_get("delivered_at")?,
                applied: r.try_get("applied")?,
            })
        })
        .collect()
}

/// Marks a hand-off delivered, with how many strings the delivery changed.
pub async fn deliver(
    conn: &mut Conn,
    project_id: i64,
    id: i64,
    at: i64,
    by_id: Option<i64>,
    applied: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE loc_handoffs SET delivered_at = $1, delivered_by = $2, applied = $3 WHERE project_id = $4 AND id = $5",
    )
    .bind(at)
    .bind(by_id)
    .bind(applied)
    .bind(project_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A page of a project's strings in key order: the first `limit`.
pub async fn strings_page(
    conn: &mut Conn,
    project_id: i64,
    limit: usize,
) -> Result<Vec<StringRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {STRING_COLUMNS} FROM loc_strings WHERE project_id = $1 ORDER BY string_key LIMIT $2"
    )))
    .bind(project_id)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(string_row).collect()
}

/// A stored QA finding of one string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub string_id: i64,
    pub locale: String,
    pub check: String,
    /// `error` or `warning`.
    pub severity: String,
    pub message: String,
}

fn finding_row(r: &sqlx::any::AnyRow) -> Result<FindingRow> {
    Ok(FindingRow {
        string_id: r.try_get("string_id")?,
        locale: r.try_get("locale")?,
        check: r.try_get("check_id")?,
        severity: r.try_get("severity")?,
        message: r.try_get("message")?,
    })
}

const FINDING_SELECT: &str =
    "SELECT string_id, locale, check_id, severity, message FROM loc_findings";

/// The stored findings of these strings, each string's in the order the checks gave them.
pub async fn findings_of(conn: &mut Conn, string_ids: &[i64]) -> Result<Vec<FindingRow>> {
    let backend = crate::Backend::of_conn(conn);
    let mut found = Vec::new();
    for chunk in string_ids.chunks(500) {
        let sql = format!(
            "{FINDING_SELECT} WHERE string_id IN {} ORDER BY string_id, seq",
            crate::parameter_list(backend, 1, chunk.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            found.push(finding_row(&row)?);
        }
    }
    Ok(found)
}

/// Every stored finding of a project.
pub async fn project_findings(conn: &mut Conn, project_id: i64) -> Result<Vec<FindingRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{FINDING_SELECT} WHERE project_id = $1 ORDER BY string_id, seq"
    )))
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(finding_row).collect()
}

/// Replaces the stored findings of these strings (`None`: every string of the project)
/// with `rows`, which must belong to them.
pub async fn replace_findings(
    conn: &mut Conn,
    project_id: i64,
    strings: Option<&[i64]>,
    rows: &[FindingRow],
) -> Result<()> {
    let backend = crate::Backend::of_conn(conn);
    match strings {
        None => {
            sqlx::query("DELETE FROM loc_findings WHERE project_id = $1")
                .bind(project_id)
                .execute(&mut *conn)
                .await?;
        }
        Some(ids) => {
            for chunk in ids.chunks(500) {
                let sql = format!(
                    "DELETE FROM loc_findings WHERE string_id IN {}",
                    crate::parameter_list(backend, 1, chunk.len())
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    query = query.bind(*id);
                }
                query.execute(&mut *conn).await?;
            }
        }
    }
    let mut seq: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for chunk in rows.chunks(1000) {
        let sql = crate::insert_values(
            "INSERT INTO loc_findings (string_id, project_id, seq, locale, check_id, severity, message)",
            backend,
            chunk.len(),
            7,
            "",
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for f in chunk {
            let n = seq.entry(f.string_id).or_insert(0);
            *n += 1;
            query = query
                .bind(f.string_id)
                .bind(project_id)
                .bind(*n)
                .bind(f.locale.clone())
                .bind(f.check.clone())
                .bind(f.severity.clone())
                .bind(f.message.clone());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A project's stored string-table totals (JSON), if it has been checked. With `lock`,
/// PostgreSQL holds the row until the transaction ends, so that two changes adding to
/// the totals take turns (SQLite's writers already do).
pub async fn tally(conn: &mut Conn, project_id: i64, lock: bool) -> Result<Option<String>> {
    let lock = if lock && crate::Backend::of_conn(conn) == crate::Backend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT tally FROM loc_tally WHERE project_id = $1{lock}"
    )))
    .bind(project_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| r.try_get("tally")).transpose()?)
}

/// Stores a project's string-table totals.
pub async fn save_tally(conn: &mut Conn, project_id: i64, tally: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO loc_tally (project_id, tally) VALUES ($1, $2) \
         ON CONFLICT (project_id) DO UPDATE SET tally = excluded.tally",
    )
    .bind(project_id)
    .bind(tally.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The strings of a project with a stored finding of this check (`errors`: any error
/// check), in this locale or in any.
pub async fn strings_with_finding(
    conn: &mut Conn,
    project_id: i64,
    check: &str,
    locale: Option<&str>,
) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT DISTINCT string_id FROM loc_findings WHERE project_id = $1 \
         AND (check_id = $2 OR ($2 = 'errors' AND severity = 'error')) \
         AND ($3 = '' OR locale = $3)",
    )
    .bind(project_id)
    .bind(check.to_string())
    .bind(locale.unwrap_or_default().to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("string_id"))
        .collect::<std::result::Result<_, _>>()?)
}

/// The strings with these ids (any order).
pub async fn strings_by_ids(conn: &mut Conn, ids: &[i64]) -> Result<Vec<StringRow>> {
    let backend = crate::Backend::of_conn(conn);
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT {STRING_COLUMNS} FROM loc_strings WHERE id IN {}",
            crate::parameter_list(backend, 1, chunk.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            found.push(string_row(&row)?);
        }
    }
    Ok(found)
}
