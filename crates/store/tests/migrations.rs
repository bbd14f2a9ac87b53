//! The SQLite and PostgreSQL migrations stay in step: same versions, and after
//! migrating, the same tables, columns and named indexes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use callsheet_store::migrate::{MIGRATIONS, latest_version};
use callsheet_testkit::{TestDb, backends, postgres_url};
use sqlx::Row;
use std::collections::BTreeSet;

fn versions_in(folder: &str) -> BTreeSet<i64> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(folder);
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".sql"))
        .map(|n| n.split('_').next().unwrap().parse::<i64>().unwrap())
        .collect()
}

#[test]
fn both_backends_have_the_same_migration_versions() {
    let sqlite = versions_in("sqlite");
    let postgres = versions_in("postgres");
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres differ"
    );
    let embedded: BTreeSet<i64> = MIGRATIONS.iter().map(|m| m.0).collect();
    assert_eq!(
        embedded, sqlite,
        "migrate::MIGRATIONS does not embed every file"
    );
    assert_eq!(latest_version(), *sqlite.last().unwrap());
}

/// (table, column) pairs and named indexes of a migrated database.
async fn shape(db: &TestDb) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let pool = db.store.pool();
    let (columns_sql, indexes_sql) = match db.label {
        "sqlite" => (
            "SELECT m.name AS t, c.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
            "SELECT name AS i FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'",
        ),
        _ => (
            "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
            "SELECT CAST(indexname AS TEXT) AS i FROM pg_indexes WHERE schemaname = 'public' \
             AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' AND indexname NOT LIKE '_sqlx%'",
        ),
    };
    let columns = sqlx::query(columns_sql)
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get::<String, _>("t").unwrap(),
                r.try_get::<String, _>("c").unwrap(),
            )
        })
        .collect();
    let indexes = sqlx::query(indexes_sql)
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>("i").unwrap())
        .collect();
    (columns, indexes)
}

#[tokio::test]
async fn migrated_schemas_match_and_migrating_again_changes_nothing() {
    let dbs = backends().await;
    let mut shapes = Vec::new();
    for db in &dbs {
        assert!(
            db.store.migrate().await.unwrap().is_empty(),
            "second migrate applied something on {}",
            db.label
        );
        let (columns, indexes) = shape(db).await;
        assert!(
            columns.contains(&("items".to_string(), "due_date".to_string())),
            "{}",
            db.label
        );
        assert!(indexes.contains("items_due"), "{}", db.label);
        shapes.push((db.label, columns, indexes));
    }
    if postgres_url().is_none() {
        return;
    }
    // The text index is each backend's own: FTS5 tables on SQLite, pg_trgm indexes on
    // PostgreSQL (store/migrations/*/0008_text_index.sql). Everything else matches.
    let (_, lite_cols, lite_idx) = &shapes[0];
    let (_, pg_cols, pg_idx) = &shapes[1];
    let lite_cols: BTreeSet<_> = lite_cols
        .iter()
        .filter(|(table, _)| !table.starts_with("items_text"))
        .cloned()
        .collect();
    let pg_idx: BTreeSet<_> = pg_idx
        .iter()
        .filter(|index| !index.ends_with("_trgm"))
        .cloned()
        .collect();
    let (lite_cols, pg_idx) = (&lite_cols, &pg_idx);
    assert_eq!(
        lite_cols, pg_cols,
        "tables and columns differ between SQLite and PostgreSQL"
    );
    assert_eq!(
        lite_idx, pg_idx,
        "named indexes differ between SQLite and PostgreSQL"
    );
}
