//! Callsheet's storage: one sqlx `Any` code path for SQLite and PostgreSQL.
//!
//! Every function takes a connection, usually a transaction the caller opened with
//! [`Store::begin`], so a use case in `app` composes many calls into one atomic
//! change. Business rules live in `app` and `core`; this crate stores and loads.
//! The only per-backend SQL is the DDL in `migrations/` and the few [`Backend`]
//! matches (ordering of empty values, parameter limits).

pub mod activity;
pub mod auth;
pub mod codec;
pub mod comments;
pub mod fields;
pub mod items;
pub mod labels;
pub mod links;
pub mod loc;
pub mod migrate;
pub mod people;
pub mod projects;
pub mod query;
pub mod schedule;
pub mod views;
pub mod workflow;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor};
use std::str::FromStr;

pub use sqlx::AnyConnection as Conn;

/// An open transaction; dropping it without `commit` rolls everything back. On SQLite a
/// writing one also holds the process's write turn until it commits or drops: SQLite
/// takes one writer at a time, and waiting in line here is cheaper and fairer than
/// spinning on the busy timeout.
pub struct Tx {
    inner: sqlx::Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.inner
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.inner
    }
}

/// How long a writer waits for its turn before giving up, as SQLite's busy timeout did.
const WRITE_TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Reads the backend from a database URL.
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::BadUrl(url.to_string()))
        }
    }

    /// The backend a connection talks to.
    pub fn of_conn(conn: &Conn) -> Self {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The most bind parameters one statement may carry.
    pub fn max_params(self) -> usize {
        match self {
            Backend::Sqlite => 32_000,
            Backend::Postgres => 65_000,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL {0:?} is not sqlite://PATH or postgres://...")]
    BadUrl(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether the database refused the change because a unique key already exists.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Db(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A pool of connections to one database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite's one writer at a time, as a turn writers wait for in this process.
    write_turn: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// Turns a plain file path into a SQLite URL; leaves URLs alone.
pub fn normalize_url(url_or_path: &str) -> String {
    if url_or_path.contains("://") || url_or_path.starts_with("sqlite:") {
        url_or_path.to_string()
    } else {
        format!("sqlite://{url_or_path}")
    }
}

impl Store {
    /// Connects. With `create`, a missing SQLite file (and its folder), or a missing
    /// PostgreSQL database on a reachable server, is created.
    pub async fn open(url: &str, create: bool) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let url = normalize_url(url);
        let backend = Backend::of_url(&url)?;
        let mut url = url;
        if backend == Backend::Sqlite {
            let path = sqlite_path(&url);
            if create {
                if let Some(dir) = std::path::Path::new(&path)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(dir).map_err(|e| StoreError::Db(sqlx::Error::Io(e)))?;
                }
                if !url.contains("mode=") {
                    url.push_str(if url.contains('?') {
                        "&mode=rwc"
                    } else {
                        "?mode=rwc"
                    });
                }
            } else if path != ":memory:" && !std::path::Path::new(&path).exists() {
                return Err(StoreError::Db(sqlx::Error::Configuration(
                    format!("no database at {path}: run `callsheet init` first").into(),
                )));
            }
        }
        if backend == Backend::Postgres && create {
            use sqlx::migrate::MigrateDatabase;
            if !sqlx::Any::database_exists(&url).await? {
                sqlx::Any::create_database(&url).await?;
            }
        }
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Self {
            pool,
            backend,
            write_turn: std::sync::Arc::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Opens a transaction. Every multi-row change runs inside one.
    ///
    /// On SQLite it is `BEGIN IMMEDIATE`: a transaction that reads and then writes
    /// takes the write lock up front, so concurrent writers wait (busy_timeout)
    /// instead of failing with "database is locked" when they upgrade.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => {
                let turn =
                    tokio::time::timeout(WRITE_TURN_WAIT, self.write_turn.clone().lock_owned())
                        .await
                        .map_err(|_| StoreError::Db(sqlx::Error::PoolTimedOut))?;
                Tx {
                    inner: self.pool.begin_with("BEGIN IMMEDIATE").await?,
                    _turn: Some(turn),
                }
            }
            Backend::Postgres => Tx {
                inner: self.pool.begin().await?,
                _turn: None,
            },
        })
    }

    /// Opens a read-only transaction: a consistent snapshot that takes no write lock.
    pub async fn read(&self) -> Result<Tx> {
        Ok(Tx {
            inner: self.pool.begin().await?,
            _turn: None,
        })
    }

    /// A connection for one read that needs no snapshot (a single statement): no
    /// BEGIN and COMMIT round trips, which matters on the path every request takes.
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// Brings the schema to the current version; returns the versions applied now.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        migrate::run(&self.pool, self.backend).await
    }

    /// Refreshes the planner's statistics; worth running after a large import.
    pub async fn analyze(&self) -> Result<()> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// Keeps the planner's statistics fresh without reading whole tables: on SQLite,
    /// `PRAGMA optimize` analyzes (from a bounded sample) the tables whose statistics are
    /// missing or stale; PostgreSQL's autovacuum already does this. The list queries'
    /// choice of index rests on these statistics.
    pub async fn optimize(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            let mut conn = self.pool.acquire().await?;
            sqlx::query("PRAGMA analysis_limit = 1000")
                .execute(&mut *conn)
                .await?;
            sqlx::query("PRAGMA optimize = 0x10002")
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn sqlite_path(url: &str) -> String {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    rest.split('?').next().unwrap_or(rest).to_string()
}

/// `(?, ?, …)` or `($first, $first+1, …)`: a list of `n` parameters for `IN`, numbered
/// from `first` on PostgreSQL.
pub(crate) fn parameter_list(backend: Backend, first: usize, n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| match backend {
            Backend::Sqlite => "?".to_string(),
            Backend::Postgres => format!("${}", first + i),
        })
        .collect();
    format!("({})", items.join(", "))
}

/// `{head} VALUES (..),(..) {tail}`: a multi-row INSERT of `rows` rows of `width`
/// parameters. PostgreSQL gets `$n` placeholders; SQLite gets anonymous `?` ones,
/// because it looks up a numbered parameter's name with a linear scan, which makes
/// binding a 20,000-parameter statement quadratic (12 times slower end to end).
pub(crate) fn insert_values(
    head: &str,
    backend: Backend,
    rows: usize,
    width: usize,
    tail: &str,
) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * width * 4 + 8);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ",(" });
        for col in 0..width {
            if col > 0 {
                sql.push(',');
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    let _ = write!(sql, "${}", row * width + col + 1);
                }
            }
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

/// Commits a transaction.
pub async fn commit(tx: Tx) -> Result<()> {
    Ok(tx.inner.commit().await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_inserts_number_postgres_parameters_in_order() {
        assert_eq!(
            insert_values(
                "INSERT INTO t (a, b)",
                Backend::Postgres,
                2,
                2,
                " RETURNING a"
            ),
            "INSERT INTO t (a, b) VALUES ($1,$2),($3,$4) RETURNING a"
        );
        assert_eq!(
            insert_values("INSERT INTO t (a, b)", Backend::Sqlite, 2, 2, ""),
            "INSERT INTO t (a, b) VALUES (?,?),(?,?)"
        );
    }

    #[test]
    fn paths_become_sqlite_urls() {
        assert_eq!(normalize_url("data/c.db"), "sqlite://data/c.db");
        assert_eq!(normalize_url("postgres://h/db"), "postgres://h/db");
        assert_eq!(sqlite_path("sqlite://data/c.db?mode=rwc"), "data/c.db");
        assert!(Backend::of_url("mysql://x").is_err());
    }
}
