//! Test helpers: a fresh, migrated database per test.
//!
//! [`backends`] gives a SQLite database always, plus a PostgreSQL one when
//! `CALLSHEET_TEST_DATABASE_URL` names a server (each test gets its own database,
//! dropped afterwards). Contract tests loop over what it returns, so the same
//! scenario runs on every backend.

#![allow(clippy::expect_used)] // a test helper: failing loudly is its job

use callsheet_store::Store;
use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);
static SKIP_NOTICE: Once = Once::new();

/// One test database; removed when dropped.
pub struct TestDb {
    pub store: Store,
    pub label: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("callsheet_t_{}_{n}_{nanos}", std::process::id())
}

impl TestDb {
    /// A migrated SQLite database in a temporary file.
    pub async fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
        let store = Store::open(&format!("sqlite://{}", path.display()), true)
            .await
            .expect("open test SQLite");
        store.migrate().await.expect("migrate test SQLite");
        Self {
            store,
            label: "sqlite",
            cleanup: Cleanup::File(path),
        }
    }

    /// A migrated, freshly created PostgreSQL database on the server `admin_url` names.
    pub async fn postgres(admin_url: &str) -> Self {
        let name = unique_name();
        let admin = Store::open(admin_url, false)
            .await
            .expect("connect to CALLSHEET_TEST_DATABASE_URL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(admin.pool())
            .await
            .expect("create test database");
        admin.close().await;
        let store = Store::open(&with_database(admin_url, &name), false)
            .await
            .expect("open test database");
        store.migrate().await.expect("migrate test PostgreSQL");
        Self {
            store,
            label: "postgres",
            cleanup: Cleanup::Postgres {
                admin_url: admin_url.to_string(),
                name,
            },
        }
    }
}

/// The same server URL, pointing at another database.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].rfind('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs outside async, maybe on the test's own runtime thread: a
                // runtime on another thread drops the database, and FORCE ends the test's
                // connections server-side, so nothing waits on the blocked runtime.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async move {
                        if let Ok(admin) = Store::open(&admin_url, false).await {
                            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                                .execute(admin.pool())
                                .await;
                            admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The PostgreSQL server to test against, if one is configured.
pub fn postgres_url() -> Option<String> {
    std::env::var("CALLSHEET_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// Whether every peer must be there (`CALLSHEET_REQUIRE_PEERS=1`, as in CI): then a
/// test that compares with PostgreSQL, tj3, MPXJ or translate-toolkit fails without it
/// instead of passing early.
pub fn peers_required() -> bool {
    std::env::var("CALLSHEET_REQUIRE_PEERS").as_deref() == Ok("1")
}

/// Says a comparison is skipped because `peer` is missing, and how to get it; with
/// `CALLSHEET_REQUIRE_PEERS=1` that is a failure instead.
pub fn skip_without(peer: &str, how: &str) {
    assert!(
        !peers_required(),
        "CALLSHEET_REQUIRE_PEERS=1 but {peer} is missing: {how}"
    );
    let _ = writeln!(
        std::io::stderr(),
        "NOTE: skipped the {peer} comparison: {how} to run it"
    );
}

/// Every backend to run a contract test on: SQLite always, PostgreSQL when configured.
pub async fn backends() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite().await];
    match postgres_url() {
        Some(url) => dbs.push(TestDb::postgres(&url).await),
        None if peers_required() => panic!(
            "CALLSHEET_REQUIRE_PEERS=1 but CALLSHEET_TEST_DATABASE_URL is not set: point it at a PostgreSQL server"
        ),
        None => SKIP_NOTICE.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "NOTE: PostgreSQL store tests skipped: set CALLSHEET_TEST_DATABASE_URL=postgres://127.0.0.1:5432/test to run them"
            );
        }),
    }
    dbs
}
