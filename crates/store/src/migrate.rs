//! The schema's migrations, embedded in the binary: one folder per backend with the
//! same version numbers (a test keeps them in step).

use crate::{Backend, Result};
use sqlx::AnyPool;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

/// (version, description, SQLite DDL, PostgreSQL DDL)
pub const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/sqlite/0001_foundation.sql"),
        include_str!("../migrations/postgres/0001_foundation.sql"),
    ),
    (
        2,
        "auth",
        include_str!("../migrations/sqlite/0002_auth.sql"),
        include_str!("../migrations/postgres/0002_auth.sql"),
    ),
    (
        3,
        "login throttle",
        include_str!("../migrations/sqlite/0003_login_throttle.sql"),
        include_str!("../migrations/postgres/0003_login_throttle.sql"),
    ),
    (
        4,
        "views, WIP limits, organisations, setup links",
        include_str!("../migrations/sqlite/0004_views.sql"),
        include_str!("../migrations/postgres/0004_views.sql"),
    ),
    (
        5,
        "schedule: progress, computed dates, baselines",
        include_str!("../migrations/sqlite/0005_schedule.sql"),
        include_str!("../migrations/postgres/0005_schedule.sql"),
    ),
    (
        6,
        "localization: string tables, translations, allow lists, check runs, hand-offs",
        include_str!("../migrations/sqlite/0006_localization.sql"),
        include_str!("../migrations/postgres/0006_localization.sql"),
    ),
    (
        7,
        "studio roles; sign-in failures per client",
        include_str!("../migrations/sqlite/0007_studio_roles.sql"),
        include_str!("../migrations/postgres/0007_studio_roles.sql"),
    ),
    (
        8,
        "a text index for ~ on titles and descriptions",
        include_str!("../migrations/sqlite/0008_text_index.sql"),
        include_str!("../migrations/postgres/0008_text_index.sql"),
    ),
    (
        9,
        "indexes for sorting a project's items by priority, severity, title and department",
        include_str!("../migrations/sqlite/0009_sort_indexes.sql"),
        include_str!("../migrations/postgres/0009_sort_indexes.sql"),
    ),
    (
        10,
        "stored QA findings and totals of each string table",
        include_str!("../migrations/sqlite/0010_loc_findings.sql"),
        include_str!("../migrations/postgres/0010_loc_findings.sql"),
    ),
    (
        11,
        "indexes for sorting a project's items by assignee and by reporter",
        include_str!("../migrations/sqlite/0011_person_sort.sql"),
        include_str!("../migrations/postgres/0011_person_sort.sql"),
    ),
];

/// The newest schema version this build knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.iter().map(|m| m.0).max().unwrap_or(0)
}

fn migrator(backend: Backend) -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|(version, description, sqlite, postgres)| {
            let sql = match backend {
                Backend::Sqlite => *sqlite,
                Backend::Postgres => *postgres,
            };
            Migration::new(
                *version,
                Cow::Borrowed(*description),
                MigrationType::Simple,
                sqlx::SqlSafeStr::into_sql_str(sql),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

/// Applies every migration not yet applied, each in its own transaction.
pub async fn run(pool: &AnyPool, backend: Backend) -> Result<Vec<i64>> {
    let before = applied_versions(pool).await.unwrap_or_default();
    migrator(backend).run(pool).await?;
    let after = applied_versions(pool).await?;
    Ok(after.into_iter().filter(|v| !before.contains(v)).collect())
}

/// The versions already applied to a database.
pub async fn applied_versions(pool: &AnyPool) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(v,)| v).collect())
}
