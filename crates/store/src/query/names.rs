//! The people and statuses a query names, looked up before it is compiled. The list's
//! SQL then says `assignee_id IN (4)` rather than `IN (SELECT … WHERE handle = 'ada')`:
//! the database's statistics can weigh a value, not a sub-select, so it picks the index
//! that finds the fewest items. Names nobody has match nothing, as the sub-select did.

use super::{Backend, Bind, ResolvedQuery, bound};
use crate::{Conn, Result};
use callsheet_core::query::ast::BuiltinField;
use callsheet_core::query::resolve::{Filter, Operand, Target};
use std::collections::{BTreeSet, HashMap};

/// Ids by the name a query typed: people by handle, statuses by name as typed (every
/// workflow's status of that name, whatever its case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub people: HashMap<String, Vec<i64>>,
    pub statuses: HashMap<String, Vec<i64>>,
}

/// The handles and status names a filter compares with.
fn named(filter: &Filter, people: &mut BTreeSet<String>, statuses: &mut BTreeSet<String>) {
    let mut note = |target: &Target, value: &Operand| {
        let Operand::Text(text) = value else {
            return;
        };
        match target {
            Target::Builtin(BuiltinField::Assignee | BuiltinField::Reporter) => {
                people.insert(text.clone());
            }
            Target::Builtin(BuiltinField::Status) => {
                statuses.insert(text.clone());
            }
            _ => {}
        }
    };
    match filter {
        Filter::And(parts) | Filter::Or(parts) => {
            for p in parts {
                named(p, people, statuses);
            }
        }
        Filter::Not(inner) => named(inner, people, statuses),
        Filter::Compare { target, value, .. } => note(target, value),
        Filter::In { target, values, .. } => {
            for v in values {
                note(target, v);
            }
        }
        _ => {}
    }
}

/// Looks up every person and status the query names: people in one statement, each
/// status name in one (as typed, matched without case the way the database lowers it).
pub async fn look_up(conn: &mut Conn, query: &ResolvedQuery) -> Result<Names> {
    let mut names = Names::default();
    let Some(filter) = &query.filter else {
        return Ok(names);
    };
    let (mut people, mut statuses) = (BTreeSet::new(), BTreeSet::new());
    named(filter, &mut people, &mut statuses);
    let backend = Backend::of_conn(conn);
    let people: Vec<String> = people.into_iter().collect();
    for chunk in people.chunks(200) {
        for handle in chunk {
            names.people.insert(handle.clone(), Vec::new());
        }
        let sql = format!(
            "SELECT id, handle FROM people WHERE handle IN {}",
            crate::parameter_list(backend, 1, chunk.len())
        );
        let binds = chunk.iter().map(|n| Bind::Text(n.clone())).collect();
        for row in bound(sql, binds).fetch_all(&mut *conn).await? {
            let handle: String = sqlx::Row::try_get(&row, "handle")?;
            names
                .people
                .entry(handle)
                .or_default()
                .push(sqlx::Row::try_get(&row, "id")?);
        }
    }
    for status in statuses {
        let sql = "SELECT id FROM statuses WHERE LOWER(name) = LOWER($1) ORDER BY id".to_string();
        let rows = bound(sql, vec![Bind::Text(status.clone())])
            .fetch_all(&mut *conn)
            .await?;
        let ids = rows
            .iter()
            .map(|r| sqlx::Row::try_get(r, "id"))
            .collect::<std::result::Result<Vec<i64>, _>>()?;
        names.statuses.insert(status, ids);
    }
    Ok(names)
}
