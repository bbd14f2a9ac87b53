//! How SQLite finds a list's first page. Left to itself, its planner often reads every
//! item matching a filter and sorts them, or walks a sort's index through a filter that
//! matches almost nothing. Which is right depends on how many items match. So a list
//! with a sort that has an index first walks that index, in order, through at most
//! [`WALK_BUDGET`] items and keeps the matches: when matches are many the page fills
//! after about `page × items / matches` rows. When the budget runs out first, matches are
//! few, and the list finds them through the filter's indexes and sorts only them.
//! PostgreSQL's planner is left alone.

use super::{Backend, ResolvedQuery, Scope};
use callsheet_core::query::ast::{BuiltinField, CmpOp};
use callsheet_core::query::resolve::{Filter, Order, Sort, Target};

/// Items a walk along a sort's index reads at most before it gives way to finding the
/// matches by the filter (about 2 ms of reading on this machine).
pub const WALK_BUDGET: i64 = 4_000;

/// How the first page is found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Walk {
    /// The database's planner decides.
    #[default]
    Planner,
    /// Walk this index in the sort's order and filter on the way, within the budget.
    SortIndex(&'static str),
    /// For a sort by a person (assignee or reporter, by handle): walk the people in
    /// handle order and each one's items in the project through this index, then the
    /// items with nobody, filtering on the way, within the budget.
    People(PersonSort),
    /// Find the matches through the filter's indexes, then sort them.
    FilterFirst,
}

/// A sort by a person: the item's column naming them and the index of a project's items
/// by that column (ties by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonSort {
    pub column: &'static str,
    pub index: &'static str,
    pub descending: bool,
}

impl Walk {
    /// Whether this walk reads items already in the list's order.
    pub fn in_order(self) -> bool {
        matches!(self, Walk::SortIndex(_) | Walk::People(_))
    }
}

/// The person walk for a list sorted by assignee or reporter alone.
pub fn person_sort(sort: &[Sort]) -> Option<PersonSort> {
    let [only] = sort else {
        return None;
    };
    let (column, index) = match only.target {
        Target::Builtin(BuiltinField::Assignee) => ("assignee_id", "items_sort_assignee"),
        Target::Builtin(BuiltinField::Reporter) => ("reporter_id", "items_sort_reporter"),
        _ => return None,
    };
    Some(PersonSort {
        column,
        index,
        descending: only.order == Order::Desc,
    })
}

/// The index that holds a project's items in this sort's order (ties by id), if any.
/// Fields that can be empty sort empty values last in both directions, which one index
/// serves in one direction only: due, start and department ascending, severity
/// descending (the way producers read them). Status sorts by its id within a project.
/// Sorts by a person walk people first ([`person_sort`]); sorts by key or by a custom
/// field have none.
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
        BuiltinField::Status => Some("items_sort_status"),
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

/// Whether every match must have one named person or one parent: a person's own work or
/// an epic's children are a small share of a project, too few for a walk to fill a page
/// within its budget.
fn names_one_owner(filter: &Filter) -> bool {
    match filter {
        Filter::And(parts) => parts.iter().any(names_one_owner),
        Filter::Compare {
            target: Target::Builtin(field),
            op: CmpOp::Eq,
            ..
        }
        | Filter::In {
            target: Target::Builtin(field),
            negated: false,
            ..
        } => matches!(
            field,
            BuiltinField::Assignee | BuiltinField::Reporter | BuiltinField::Parent
        ),
        _ => false,
    }
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
pub fn choose(query: &ResolvedQuery, scope: &Scope, backend: Backend) -> Walk {
    if backend != Backend::Sqlite || scope.project_id.is_none() || query.filter.is_none() {
        return Walk::Planner;
    }
    let walk = match (sort_index(&query.sort), person_sort(&query.sort)) {
        (Some(index), _) => Walk::SortIndex(index),
        (None, Some(person)) => Walk::People(person),
        (None, None) => return Walk::Planner,
    };
    let sorted_by = match query.sort.first().map(|s| &s.target) {
        None => Some(BuiltinField::Updated),
        Some(Target::Builtin(field)) => Some(*field),
        Some(_) => None,
    };
    if query
        .filter
        .as_ref()
        .is_some_and(|f| ranges_another_date(f, sorted_by) || names_one_owner(f))
    {
        return Walk::FilterFirst;
    }
    walk
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Visibility;
    use callsheet_core::query::{Context, compile};

    fn walk_of(text: &str, project: Option<i64>, backend: Backend) -> Walk {
        let ctx = Context {
            now_ms: 1_795_000_000_000,
            today: callsheet_core::utc_date(1_795_000_000_000),
            me: Some("pat".into()),
        };
        let q = compile(text, &[], &ctx).unwrap_or_else(|e| panic!("{text}: {e}"));
        let scope = Scope {
            project_id: project,
            visibility: Visibility::All,
        };
        choose(&q, &scope, backend)
    }

    #[test]
    fn dense_filters_walk_the_sorts_index_and_owners_dates_and_the_rest_do_not() {
        let one = Some(1);
        let sqlite = Backend::Sqlite;
        for (text, expected) in [
            ("kind = bug", Walk::SortIndex("items_updated")),
            (
                "kind = bug ORDER BY priority DESC",
                Walk::SortIndex("items_sort_priority"),
            ),
            (
                "status = Done ORDER BY status",
                Walk::SortIndex("items_sort_status"),
            ),
            ("kind = bug ORDER BY due", Walk::SortIndex("items_due")),
            // Empty values last: one index serves one direction.
            ("kind = bug ORDER BY due DESC", Walk::Planner),
            (
                "kind = bug ORDER BY severity DESC",
                Walk::SortIndex("items_sort_severity"),
            ),
            ("kind = bug ORDER BY severity", Walk::Planner),
            // One person's or one epic's work is sparse: find it, then sort.
            (
                "assignee = ada AND kind = bug ORDER BY due",
                Walk::FilterFirst,
            ),
            ("parent = NJ-4 ORDER BY priority", Walk::FilterFirst),
            // Dates move together.
            ("start >= 2027-01-01 ORDER BY due", Walk::FilterFirst),
            (
                "due >= 2027-01-01 ORDER BY due",
                Walk::SortIndex("items_due"),
            ),
            // A sort by a person walks the people in handle order.
            (
                "kind = bug ORDER BY assignee DESC",
                Walk::People(PersonSort {
                    column: "assignee_id",
                    index: "items_sort_assignee",
                    descending: true,
                }),
            ),
            // Sorts without an index, no filter: the planner.
            ("kind = bug ORDER BY key", Walk::Planner),
            ("ORDER BY priority", Walk::Planner),
        ] {
            assert_eq!(walk_of(text, one, sqlite), expected, "{text}");
        }
        // Across projects, and on PostgreSQL, the planner decides.
        assert_eq!(walk_of("kind = bug", None, sqlite), Walk::Planner);
        assert_eq!(walk_of("kind = bug", one, Backend::Postgres), Walk::Planner);
    }
}
