//! What a person may see of other items: the one check every reference passes.
//!
//! A reference (parent, milestone, link, depends-on, duplicate, child) names another item.
//! Setting one to an item the person may not see, or reading one, must answer exactly as
//! if that item did not exist: the same "no item NJ-100" for a key that is unshared as for
//! a key that was never made, and no key, title or child shown. Every use case that sets or
//! shows a reference asks [`Sight`], so the rule lives in one place.

use crate::{AppError, Ctx, Result, actor_id};
use callsheet_core::activity::Event;
use callsheet_core::activity::FieldChange;
use callsheet_core::ids::ItemKey;
use callsheet_core::item::ItemRow;
use callsheet_core::item::LinkKind;
use callsheet_core::policy::sees_only_shared;
use callsheet_store::items;
use callsheet_store::query::Visibility;
use callsheet_store::{Tx, projects, query};
use std::collections::{HashMap, HashSet};

/// The item keys a recorded change names: parent, milestone and links (`NJ-4 (SS +2d)`).
fn referenced_keys(change: &FieldChange) -> Vec<String> {
    let field = change.field.trim_end_matches(" (inward)");
    let reference = matches!(field, "parent" | "milestone") || LinkKind::parse(field).is_ok();
    if !reference {
        return Vec::new();
    }
    [&change.before, &change.after]
        .into_iter()
        .flatten()
        .filter_map(|v| v.split_whitespace().next())
        .map(|k| k.to_ascii_uppercase())
        .collect()
}

/// Clears an item's parent and milestone when they are not among the `seen` items.
pub(crate) fn hide_unseen(item: &mut ItemRow, seen: &HashSet<i64>) {
    if item.parent_id.is_some_and(|id| !seen.contains(&id)) {
        item.parent_id = None;
        item.parent = None;
    }
    if item.milestone_id.is_some_and(|id| !seen.contains(&id)) {
        item.milestone_id = None;
        item.milestone = None;
    }
}

/// The items the acting person may see, across every project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sight(Visibility);

impl Sight {
    /// The sight a query scope already implies (a vendor's project scope, say).
    pub fn new(visibility: Visibility) -> Self {
        Sight(visibility)
    }

    /// What the actor sees: everything for the system, otherwise the items of projects
    /// they are a member of (only the shared ones where they are a vendor).
    pub async fn of(tx: &mut Tx, ctx: &Ctx) -> Result<Self> {
        let Some(person) = actor_id(tx, ctx).await? else {
            return Ok(Sight(Visibility::All));
        };
        let (mut full, mut shared) = (Vec::new(), Vec::new());
        for (project, role) in projects::roles_of(tx, person).await? {
            if sees_only_shared(role) {
                shared.push(project);
            } else {
                full.push(project);
            }
        }
        Ok(Sight(Visibility::Projects {
            person,
            full,
            shared,
        }))
    }

    /// The visibility the query compiler applies for this actor.
    pub fn visibility(&self) -> &Visibility {
        &self.0
    }

    /// Which of these items the actor sees.
    pub async fn among(&self, tx: &mut Tx, ids: &[i64]) -> Result<HashSet<i64>> {
        Ok(query::visible_among(tx, ids, &self.0).await?)
    }

    /// Whether the actor sees this item.
    pub async fn sees(&self, tx: &mut Tx, id: i64) -> Result<bool> {
        Ok(self.among(tx, &[id]).await?.contains(&id))
    }

    /// Whether this actor is a vendor anywhere, so that what they read needs sifting.
    fn sifts(&self) -> bool {
        match &self.0 {
            Visibility::All => false,
            Visibility::SharedWith(_) => true,
            Visibility::Projects { shared, .. } => !shared.is_empty(),
        }
    }

    /// Clears the parent and milestone of items the actor reads when those are hidden
    /// from them (a vendor's brief may sit under an epic they are not shown). Parents and
    /// milestones are always of the item's own project, so only vendors need the check.
    pub async fn sift(&self, tx: &mut Tx, rows: &mut [ItemRow]) -> Result<()> {
        if !self.sifts() {
            return Ok(());
        }
        let referenced: Vec<i64> = rows
            .iter()
            .flat_map(|r| r.parent_id.into_iter().chain(r.milestone_id))
            .collect();
        let seen = self.among(tx, &referenced).await?;
        for row in rows {
            hide_unseen(row, &seen);
        }
        Ok(())
    }

    /// [`Sight::sift`] for the actor, working out their sight only when a row has a
    /// parent or milestone to check.
    pub async fn sift_rows(tx: &mut Tx, ctx: &Ctx, rows: &mut [ItemRow]) -> Result<()> {
        if rows
            .iter()
            .all(|r| r.parent_id.is_none() && r.milestone_id.is_none())
        {
            return Ok(());
        }
        Sight::of(tx, ctx).await?.sift(tx, rows).await
    }

    /// Leaves out of an item's history every change that names an item the actor may not
    /// see (a parent, milestone or link set by someone else), and events left empty.
    pub async fn sift_history(&self, tx: &mut Tx, events: &mut Vec<Event>) -> Result<()> {
        if !self.sifts() {
            return Ok(());
        }
        let mut keys: HashMap<String, Option<(String, i64)>> = HashMap::new();
        for change in events.iter().flat_map(|e| &e.changes) {
            for key in referenced_keys(change) {
                let parsed = key
                    .parse::<ItemKey>()
                    .ok()
                    .map(|k| (k.project.to_string(), k.number));
                keys.entry(key).or_insert(parsed);
            }
        }
        let wanted: Vec<(String, i64)> = keys.values().flatten().cloned().collect();
        let found = items::ids_of(tx, &wanted).await?;
        let ids: HashMap<String, Option<i64>> = keys
            .into_iter()
            .map(|(key, parsed)| (key, parsed.and_then(|k| found.get(&k).copied())))
            .collect();
        let known: Vec<i64> = ids.values().flatten().copied().collect();
        let seen = self.among(tx, &known).await?;
        let visible = |key: &String| {
            ids.get(key)
                .copied()
                .flatten()
                .is_some_and(|id| seen.contains(&id))
        };
        for event in events.iter_mut() {
            event
                .changes
                .retain(|c| referenced_keys(c).iter().all(visible));
        }
        events.retain(|e| !e.changes.is_empty());
        Ok(())
    }

    /// Refuses a reference to an item the actor may not see exactly as a missing one.
    pub async fn require(&self, tx: &mut Tx, id: i64, key: &str) -> Result<()> {
        if self.sees(tx, id).await? {
            Ok(())
        } else {
            Err(AppError::not_found("item", key))
        }
    }
}
