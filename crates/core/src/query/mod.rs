//! The query language: one text language for the search bar, saved views, automation
//! conditions and `?q=` on the API.
//!
//! `kind = bug AND status.category != done AND (priority >= high OR label = cert) ORDER BY due`
//!
//! Text goes through three steps, each pure: [`lexer`] makes tokens, [`parser`] makes
//! an [`ast::Query`] of names and literals, and [`resolve`] checks names and types
//! against the project's fields and turns relative dates into real ones, giving a
//! [`resolve::Filter`] that the store compiles to parameterised SQL.

pub mod ast;
pub mod lexer;
pub mod parser;
pub mod resolve;

pub use ast::{BuiltinField, CmpOp};
pub use resolve::{Context, Filter, Operand, Order, ResolvedQuery, Sort, resolve};

/// A query that cannot be read or does not fit the fields: what was expected, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {line}:{column}")]
pub struct QueryError {
    pub message: String,
    /// 1-based line and column (in characters) of the offending token.
    pub line: usize,
    pub column: usize,
    /// Byte offset into the query text.
    pub offset: usize,
}

impl QueryError {
    pub(crate) fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before
            .get(line_start..)
            .map_or(1, |s| s.chars().count() + 1);
        Self {
            message: message.into(),
            line,
            column,
            offset,
        }
    }
}

/// Parses and resolves in one call: what callers outside core use.
pub fn compile(
    text: &str,
    fields: &[crate::field::FieldDef],
    ctx: &Context,
) -> Result<ResolvedQuery, QueryError> {
    let query = parser::parse(text)?;
    resolve(text, &query, fields, ctx)
}
