//! What a person may see of other items: the one check every reference passes.
//!
//! A reference (parent, milestone, link, depends-on, duplicate, child) names another item.
//! Setting one to an item the person may not see, or reading one, must answer exactly as
//! if that item did not exist: the same "no item NJ-100" for a key that is unshared as for
//! a key that was never made, and no key, title or child shown. Every use case that sets or
//! shows a reference asks [`Sight`], so the rule lives in one place.

use crate::{AppError, Ctx, Result, actor_id};
use callsheet_core::policy::sees_only_shared;
use callsheet_store::items::ItemRow;
use callsheet_store::query::Visibility;
use callsheet_store::{Tx, projects, query};
use std::collections::HashSet;

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

    /// Refuses a reference to an item the actor may not see exactly as a missing one.
    pub async fn require(&self, tx: &mut Tx, id: i64, key: &str) -> Result<()> {
        if self.sees(tx, id).await? {
            Ok(())
        } else {
            Err(AppError::not_found("item", key))
        }
    }
}
