//! Callsheet's use cases: "create an item", "move NJ-12 to In Review", "link two items".
//!
//! Each use case opens one transaction, loads what it needs through `store`, checks
//! the change with `core`, saves it, appends activity events, and commits. A use case
//! that fails at any point returns an error and the transaction rolls back, so a
//! refused change leaves the database exactly as it was.

mod access;
pub mod auth;
mod catalog;
pub mod edit;
pub mod error;
pub mod input;
pub mod items;
pub mod loc;
mod lookup;
pub mod people;
pub mod projects;
pub mod relations;
pub mod schedule;
mod sight;
pub mod views;
pub mod workflows;

pub use error::AppError;
pub use items::MAX_BATCH;

use callsheet_store::{Store, Tx, people as people_store};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Who is acting, and when. Callers pass the time in, so seeding and tests are deterministic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctx {
    /// The acting person's handle; `None` is the system (an admin at the command line).
    pub actor: Option<String>,
    pub now_ms: i64,
    /// The actor's id when the caller already knows it (the server, from the session),
    /// which saves looking the handle up again in every use case.
    actor_id: Option<i64>,
}

impl Ctx {
    pub fn system(now_ms: i64) -> Self {
        Self {
            actor: None,
            now_ms,
            actor_id: None,
        }
    }

    pub fn person(handle: &str, now_ms: i64) -> Self {
        Self {
            actor: Some(handle.to_string()),
            now_ms,
            actor_id: None,
        }
    }

    /// A person just authenticated: their handle and id come from the same row.
    pub fn signed_in(person: &callsheet_core::person::Person, now_ms: i64) -> Self {
        Self {
            actor: Some(person.handle.clone()),
            now_ms,
            actor_id: Some(person.id),
        }
    }
}

/// The application: a store and the use cases over it.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    hasher: auth::Hasher,
}

impl App {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            hasher: auth::Hasher::new(),
        }
    }

    /// Opens the database a URL names (a SQLite path, or `postgres://...`), creating a
    /// SQLite file when `create`. Nothing is migrated: see [`App::migrate`].
    pub async fn open(url: &str, create: bool) -> Result<Self> {
        Ok(Self::new(Store::open(url, create).await?))
    }

    /// Brings the schema to this build's version; returns the versions applied.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        Ok(self.store.migrate().await?)
    }

    /// The newest schema version applied to the database (0 for an empty one).
    pub async fn schema_version(&self) -> i64 {
        callsheet_store::migrate::applied_versions(self.store.pool())
            .await
            .unwrap_or_default()
            .into_iter()
            .max()
            .unwrap_or(0)
    }

    /// Refreshes the planner's statistics where they are missing or stale (cheap; the
    /// server does it when it starts and every few hours).
    pub async fn optimize(&self) -> Result<()> {
        Ok(self.store.optimize().await?)
    }

    /// Whether the database answers: what `/readyz` asks.
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store.ping().await?)
    }

    /// Open and idle database connections, for `/metrics`.
    pub fn connections(&self) -> (u32, usize) {
        let pool = self.store.pool();
        (pool.size(), pool.num_idle())
    }

    /// Closes the database after the work in flight.
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// The store underneath, for tests and benchmarks that seed it directly.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A transaction for a change.
    async fn begin(&self) -> Result<Tx> {
        Ok(self.store.begin().await?)
    }

    /// A transaction for reading only: a consistent snapshot, no write lock.
    async fn read(&self) -> Result<Tx> {
        Ok(self.store.read().await?)
    }
}

/// The newest schema version this build knows.
pub fn latest_schema_version() -> i64 {
    callsheet_store::migrate::latest_version()
}

/// Resolves the acting person's id, refusing a handle that does not exist.
async fn actor_id(tx: &mut Tx, ctx: &Ctx) -> Result<Option<i64>> {
    if let Some(id) = ctx.actor_id {
        return Ok(Some(id));
    }
    match &ctx.actor {
        None => Ok(None),
        Some(handle) => {
            let person = people_store::by_handle(tx, handle)
                .await?
                .ok_or_else(|| AppError::not_found("person", handle))?;
            Ok(Some(person.id))
        }
    }
}
