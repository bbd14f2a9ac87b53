//! How SQLite finds a list's first page. Left to itself, its planner often reads every
//! item matching a filter and sorts them, or walks a sort's index through a filter that
//! matches almost nothing. Which is right depends on how many items match, which the
//! planner's statistics do not know for a status by name or a person by handle. So we
//! ask: a probe counts matches up to [`DENSE`]. Many matches: walk the sort's index in
//! order and stop at the page's end (about `page × items / matches` rows). Few: find them
//! by the filter's indexes and sort only them. PostgreSQL's planner is left alone.

use super::{Backend, Bind, Compiler, Names, ResolvedQuery, Scope, bound, from_where};
use crate::{Conn, Result};
use callsheet_core::query::ast::{BuiltinField, CmpOp};
use callsheet_core::query::resolve::{Filter, Order, Sort, Target};

/// Matches at or above which walking the sort's index beats sorting the matches.
pub const DENSE: i64 = 1_500;

/// How the first page is found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Walk {
    /// The database's planner decides.
    #[default]
    Planner,
    /// Walk this index in the sort's order and filter on the way.
    SortIndex(&'static str),
    /// Find the matches through the filter's indexes, then sort them.
    FilterFirst,
}

/// The index that holds a project's items in this sort's order (ties by id), if any.
/// Fields that can be empty sort empty values last in both directions, which one index
/// serves in one direction only: due, start and department ascending, severity
/// descending (the way producers read them). Sorts by a looked-up name (status,
/// assignee, reporter), by key, or by a custom field have none here.
pub fn sort_index(sort: &[Sort]) -> Option<&'static str> {
    let Some(first) = sort.first() else {
        return Some("items_updated");
    };
    if sort.len() > 1 {
        return None;
    }
    let Target::Builtin(field) = first.target else {
        return None;
    };
    let asc = first.order == Order::Asc;
    match field {
        BuiltinField::Updated => Some("items_updated"),
        BuiltinField::Created => Some("items_created"),
        BuiltinField::Priority => Some("items_sort_priority"),
        BuiltinField::Title => Some("items_sort_title"),
        BuiltinField::Due if asc => Some("items_due"),
        BuiltinField::Start if asc => Some("items_start"),
        BuiltinField::Department if asc => Some("items_sort_department"),
        BuiltinField::Severity if !asc => Some("items_sort_severity"),
        _ => None,
    }
}

/// The date fields, which move together (work starts before it is due, is updated
/// after it is created): a range on one says little about where its matches sit in
/// another's order, so walking that order could pass most items before the first match.
fn date(field: BuiltinField) -> bool {
    matches!(
        field,
        BuiltinField::Due | BuiltinField::Start | BuiltinField::Created | BuiltinField::Updated
    )
}

/// Whether the filter holds a range on a date other than the sort's.
fn ranges_another_date(filter: &Filter, sort: Option<BuiltinField>) -> bool {
    match filter {
        Filter::And(parts) | Filter::Or(parts) => {
            parts.iter().any(|p| ranges_another_date(p, sort))
        }
        Filter::Not(inner) => ranges_another_date(inner, sort),
        Filter::Compare {
            target: Target::Builtin(field),
            op,
            ..
        } => {
            date(*field)
                && Some(*field) != sort
                && matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge)
        }
        _ => false,
    }
}

/// Chooses the walk for one project's filtered, sorted list on SQLite.
pub async fn choose(
    conn: &mut Conn,
    query: &ResolvedQuery,
    scope: &Scope,
    names: &Names,
) -> Result<Walk> {
    let backend = Backend::of_conn(conn);
    if backend != Backend::Sqlite || scope.project_id.is_none() || query.filter.is_none() {
        return Ok(Walk::Planner);
    }
    let Some(index) = sort_index(&query.sort) else {
        return Ok(Walk::Planner);
    };
    let sorted_by = match query.sort.first().map(|s| &s.target) {
        None => Some(BuiltinField::Updated),
        Some(Target::Builtin(field)) => Some(*field),
        Some(_) => None,
    };
    if query
        .filter
        .as_ref()
        .is_some_and(|f| ranges_another_date(f, sorted_by))
    {
        return Ok(Walk::FilterFirst);
    }
    let mut c = Compiler::new(backend, "SELECT COUNT(*) AS n FROM (SELECT 1");
    c.names = names.clone();
    from_where(&mut c, query, scope.clone());
    let limit = c.bind(Bind::Int(DENSE));
    c.sql.push_str(&format!(" LIMIT {limit})"));
    let row = bound(c.sql, c.binds).fetch_one(&mut *conn).await?;
    let matches: i64 = sqlx::Row::try_get(&row, "n")?;
    Ok(if matches >= DENSE {
        Walk::SortIndex(index)
    } else {
        Walk::FilterFirst
    })
}
