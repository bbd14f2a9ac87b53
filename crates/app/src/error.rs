//! The errors a use case returns, each with one message naming the thing and the value.

use callsheet_core::ValueError;
use callsheet_core::hierarchy::ParentCycle;
use callsheet_core::query::QueryError;
use callsheet_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("no {what} {key:?}")]
    NotFound { what: &'static str, key: String },
    #[error(transparent)]
    Invalid(#[from] ValueError),
    /// Not `#[from]`: a source would print its message twice in `{:#}` chains.
    #[error("query: {0}")]
    Query(QueryError),
    #[error(transparent)]
    Cycle(#[from] ParentCycle),
    #[error(
        "{key} was changed by someone else since you read it (you had version {expected}, it is now at {actual}); nothing was saved: reload and try again"
    )]
    Stale {
        key: String,
        expected: i64,
        actual: i64,
    },
    #[error("{0}")]
    Conflict(String),
    /// Too many failed sign-ins for a handle; try again after the wait.
    #[error("too many failed sign-ins for {handle}; try again in {retry_after_s} seconds")]
    Throttled { handle: String, retry_after_s: i64 },
    /// The actor can see the thing but their role does not allow the change.
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An error in one item of a batch; `index` is 0-based.
    #[error("item {}: {cause}", .index + 1)]
    InBatch { index: usize, cause: Box<AppError> },
}

impl From<QueryError> for AppError {
    fn from(e: QueryError) -> Self {
        AppError::Query(e)
    }
}

impl AppError {
    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        AppError::NotFound {
            what,
            key: key.into(),
        }
    }

    pub fn invalid(field: &str, value: &str, reason: impl Into<String>) -> Self {
        AppError::Invalid(ValueError::new(field, value, reason))
    }

    /// A stable exit code per kind of error, for scripts.
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::NotFound { .. } => 3,
            AppError::Invalid(_) | AppError::Query(_) | AppError::Cycle(_) => 4,
            AppError::Stale { .. } | AppError::Conflict(_) => 5,
            AppError::Store(_) => 1,
            AppError::Forbidden(_) | AppError::Throttled { .. } => 6,
            AppError::InBatch { cause, .. } => cause.exit_code(),
        }
    }
}
