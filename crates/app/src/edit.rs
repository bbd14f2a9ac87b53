//! Changing an item: its fields (with optimistic concurrency), its status along the
//! workflow, and its parent and milestone, each change one activity event.

use crate::access::item_in_project;
use crate::catalog::{Catalog, Needs};
use crate::input::{ItemPatch, blank_to_none};
use crate::items::{handles_of, shown};
use crate::lookup::load_item;
use crate::sight::Sight;
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::activity::ChangeSet;
use callsheet_core::hierarchy::check_parent;
use callsheet_core::ids::ItemKey;
use callsheet_core::item::{ItemFields, ItemRow};
use callsheet_core::item::{check_dates, parse_label, parse_title};
use callsheet_core::policy::Action;
use callsheet_core::project::Project;
use callsheet_store::activity::NewEvent;
use callsheet_store::{Tx, activity, commit, fields, items, labels};
use std::collections::HashMap;

impl App {
    /// Changes fields of an item. With `expected_version`, a stale edit is refused.
    pub async fn update_item(&self, ctx: &Ctx, key: &str, patch: &ItemPatch) -> Result<ItemRow> {
        again_if_overtaken(patch, || self.update_item_once(ctx, key, patch)).await
    }

    async fn update_item_once(&self, ctx: &Ctx, key: &str, patch: &ItemPatch) -> Result<ItemRow> {
        let mut tx = self.begin().await?;
        let (mut after, moved) = update_in(&mut tx, ctx, key, patch).await?;
        if let Some(project) = moved {
            crate::schedule::reschedule_in(&mut tx, &project, ctx.now_ms).await?;
        }
        Sight::sift_rows(&mut tx, ctx, std::slice::from_mut(&mut after)).await?;
        commit(tx).await?;
        Ok(after)
    }

    /// Applies one change to many items, all or nothing: the first item that refuses it
    /// (permission, workflow, a bad value) is named and nothing is saved.
    pub async fn update_items(
        &self,
        ctx: &Ctx,
        keys: &[String],
        patch: &ItemPatch,
    ) -> Result<Vec<ItemRow>> {
        again_if_overtaken(patch, || self.update_items_once(ctx, keys, patch)).await
    }

    async fn update_items_once(
        &self,
        ctx: &Ctx,
        keys: &[String],
        patch: &ItemPatch,
    ) -> Result<Vec<ItemRow>> {
        let mut tx = self.begin().await?;
        let mut done = Vec::with_capacity(keys.len());
        let mut projects = std::collections::BTreeMap::new();
        for (index, key) in keys.iter().enumerate() {
            let (row, moved) =
                update_in(&mut tx, ctx, key, patch)
                    .await
                    .map_err(|cause| AppError::InBatch {
                        index,
                        cause: Box::new(cause),
                    })?;
            if let Some(project) = moved {
                projects.insert(project.id, project);
            }
            done.push(row);
        }
        // One recompute per project, however many items changed.
        for project in projects.values() {
            crate::schedule::reschedule_in(&mut tx, project, ctx.now_ms).await?;
        }
        Sight::sift_rows(&mut tx, ctx, &mut done).await?;
        commit(tx).await?;
        Ok(done)
    }

    /// Moves an item to another status, if the workflow allows it.
    pub async fn move_item(
        &self,
        ctx: &Ctx,
        key: &str,
        status: &str,
        expected_version: Option<i64>,
    ) -> Result<ItemRow> {
        let patch = ItemPatch {
            status: Some(status.to_string()),
            expected_version,
            ..ItemPatch::default()
        };
        self.update_item(ctx, key, &patch).await
    }
}

/// Runs a change again when another writer changed the item between its read and its
/// write (PostgreSQL lets both read the same version). A caller that named the version it
/// saw gets the refusal instead: it asked not to overwrite what it has not seen.
async fn again_if_overtaken<T, F, Fut>(patch: &ItemPatch, mut change: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    const TRIES: usize = 8;
    let mut tried = 1;
    loop {
        match change().await {
            Err(e) if patch.expected_version.is_none() && tried < TRIES && overtaken(&e) => {
                tried += 1;
            }
            other => return other,
        }
    }
}

fn overtaken(e: &AppError) -> bool {
    match e {
        AppError::Stale { .. } => true,
        AppError::InBatch { cause, .. } => overtaken(cause),
        _ => false,
    }
}

/// Recomputes the schedule of the project with this key, inside the transaction.
pub(crate) async fn reschedule_project(tx: &mut Tx, project_key: &str, now_ms: i64) -> Result<()> {
    let project = crate::lookup::load_project(tx, project_key).await?;
    crate::schedule::reschedule_in(tx, &project, now_ms).await
}

/// What of the project's catalog a change reads: only what its fields need.
fn needs(patch: &ItemPatch) -> Needs {
    let custom = !patch.custom.is_empty();
    Needs {
        workflow: patch.status.is_some(),
        kinds: patch.kind.is_some(),
        departments: patch.department.is_some(),
        fields: custom,
        members: patch.assignee.is_some() || patch.reporter.is_some() || custom,
    }
}

/// Changes fields of one item inside a transaction the caller commits. The project comes
/// back when the change can move the schedule (the caller recomputes it once). The item
/// and its project are read once, and only the catalog entries the change needs.
pub(crate) async fn update_in(
    tx: &mut Tx,
    ctx: &Ctx,
    key: &str,
    patch: &ItemPatch,
) -> Result<(ItemRow, Option<Project>)> {
    let (before, project, _) = item_in_project(tx, ctx, key, Action::EditItems).await?;
    if let Some(expected) = patch.expected_version
        && expected != before.version
    {
        return Err(AppError::Stale {
            key: before.key,
            expected,
            actual: before.version,
        });
    }
    let mut catalog = Catalog::for_project(tx, project, ctx, needs(patch)).await?;
    let actor = actor_id(tx, ctx).await?;
    let mut f = before.fields();
    let mut status_name = before.status.clone();
    let mut parent_key = before.parent.clone();
    let mut milestone_key = before.milestone.clone();
    if let Some(kind) = &patch.kind {
        f.kind = catalog.kind(kind)?;
    }
    if let Some(title) = &patch.title {
        f.title = parse_title(title)?;
    }
    if let Some(description) = &patch.description {
        f.description = description.clone();
    }
    if let Some(status) = &patch.status {
        let target = catalog
            .workflow
            .workflow
            .check_move(&before.status, status)?
            .clone();
        f.status_id = catalog
            .workflow
            .id_of(&target.name)
            .ok_or_else(|| AppError::not_found("status", status))?;
        f.category = target.category;
        status_name = target.name;
    }
    if let Some(p) = &patch.priority {
        f.priority = catalog.priority(Some(p))?;
    }
    if let Some(s) = &patch.severity {
        f.severity = catalog.severity(Some(s), &f.kind)?;
    } else if f.severity.is_some() && f.kind != "bug" {
        return Err(AppError::invalid(
            "kind",
            &f.kind,
            "a bug with a severity cannot change kind: clear its severity first",
        ));
    }
    if let Some(a) = &patch.assignee {
        f.assignee_id = catalog.optional_member("assignee", Some(a))?;
    }
    if let Some(r) = &patch.reporter {
        f.reporter_id = catalog.optional_member("reporter", Some(r))?;
    }
    if let Some(d) = &patch.department {
        f.department = catalog.department(Some(d))?;
    }
    if let Some(e) = &patch.estimate {
        f.estimate_minutes = Catalog::estimate(Some(e))?;
    }
    if let Some(s) = &patch.start {
        f.start = Catalog::date("start", Some(s))?;
    }
    if let Some(d) = &patch.due {
        f.due = Catalog::date("due", Some(d))?;
    }
    check_dates(f.start, f.due)?;
    if let Some(p) = &patch.parent {
        match blank_to_none(p) {
            None => {
                f.parent_id = None;
                parent_key = None;
            }
            Some(raw) => {
                let (pid, _, pkey) = catalog.item(tx, "parent", raw).await?;
                let ancestors: Vec<ItemKey> = items::ancestors(tx, pid)
                    .await?
                    .into_iter()
                    .filter_map(|(_, k)| k.parse().ok())
                    .collect();
                let this: ItemKey = before.key.parse()?;
                check_parent(&this, &pkey.parse()?, &ancestors)?;
                f.parent_id = Some(pid);
                parent_key = Some(pkey);
            }
        }
    }
    if let Some(m) = &patch.milestone {
        match blank_to_none(m) {
            None => {
                f.milestone_id = None;
                milestone_key = None;
            }
            Some(raw) => {
                let (mid, mkey) = catalog.milestone(tx, raw).await?;
                f.milestone_id = Some(mid);
                milestone_key = Some(mkey);
            }
        }
    }
    let mut handles = handles_of(&catalog);
    handles.extend(before.assignee_id.zip(before.assignee.clone()));
    handles.extend(before.reporter_id.zip(before.reporter.clone()));
    let mut changes = ChangeSet::new();
    let old = shown(
        &before.fields(),
        &before.status,
        &handles,
        before.parent.as_deref(),
        before.milestone.as_deref(),
    );
    let names = Names {
        status: status_name,
        parent: parent_key,
        milestone: milestone_key,
        handles,
    };
    let new = shown(
        &f,
        &names.status,
        &names.handles,
        names.parent.as_deref(),
        names.milestone.as_deref(),
    );
    for ((field, was), (_, now)) in old.into_iter().zip(new) {
        changes.record(field, was, now);
    }
    // Labels and custom fields live in their own tables.
    change_labels(tx, &before, patch, &mut changes).await?;
    change_custom(tx, &before, patch, &catalog, &mut changes).await?;
    if changes.is_empty() {
        return Ok((before, None));
    }
    let moves_schedule = moves_schedule(&before.fields(), &f);
    let after = save(tx, ctx, actor, before, f, names, changes).await?;
    Ok((after, moves_schedule.then_some(catalog.project)))
}

/// The names shown next to an item's ids after a change.
struct Names {
    status: String,
    parent: Option<String>,
    milestone: Option<String>,
    handles: HashMap<i64, String>,
}

/// Whether a change can move dates in the schedule.
fn moves_schedule(was: &ItemFields, now: &ItemFields) -> bool {
    was.category != now.category
        || was.estimate_minutes != now.estimate_minutes
        || was.start != now.start
        || was.due != now.due
        || was.assignee_id != now.assignee_id
        || was.parent_id != now.parent_id
        || was.milestone_id != now.milestone_id
        || was.kind != now.kind
        || was.priority != now.priority
}

/// Adds and removes labels as the patch says, recording the change; reads nothing when
/// the patch leaves labels alone.
async fn change_labels(
    tx: &mut Tx,
    before: &ItemRow,
    patch: &ItemPatch,
    changes: &mut ChangeSet,
) -> Result<()> {
    if patch.add_labels.is_empty() && patch.remove_labels.is_empty() {
        return Ok(());
    }
    let current = labels::of_item(tx, before.id).await?;
    let mut names: Vec<String> = current.iter().map(|(_, n)| n.clone()).collect();
    let old_names = names.join(", ");
    let mut to_attach = Vec::new();
    for raw in &patch.add_labels {
        let label = parse_label(raw)?;
        if !names.contains(&label) {
            names.push(label.clone());
            to_attach.push(label);
        }
    }
    for raw in &patch.remove_labels {
        let label = parse_label(raw)?;
        if let Some((id, _)) = current.iter().find(|(_, n)| *n == label) {
            labels::detach(tx, before.id, *id).await?;
            names.retain(|n| *n != label);
        }
    }
    if !to_attach.is_empty() {
        let ids = labels::ensure(tx, before.project_id, &to_attach).await?;
        let pairs: Vec<(i64, i64)> = ids.values().map(|l| (before.id, *l)).collect();
        labels::attach_many(tx, &pairs).await?;
    }
    names.sort();
    changes.record(
        "labels",
        Some(old_names).filter(|s| !s.is_empty()),
        Some(names.join(", ")).filter(|s| !s.is_empty()),
    );
    Ok(())
}

/// Sets custom field values as the patch says, recording each change.
async fn change_custom(
    tx: &mut Tx,
    before: &ItemRow,
    patch: &ItemPatch,
    catalog: &Catalog,
    changes: &mut ChangeSet,
) -> Result<()> {
    if patch.custom.is_empty() {
        return Ok(());
    }
    let old_values: HashMap<String, String> =
        fields::values(tx, before.id).await?.into_iter().collect();
    for (name, raw) in &patch.custom {
        let (field_id, name, value) = catalog.custom(name, raw)?;
        fields::set_value(tx, before.id, field_id, value.as_ref()).await?;
        changes.record(
            &name,
            old_values.get(&name).cloned(),
            value.map(|v| v.display()),
        );
    }
    Ok(())
}

/// Writes the changed fields (refusing a stale version), the progress dates a status
/// move sets, and the activity event; returns the item as it now is, without reading it.
async fn save(
    tx: &mut Tx,
    ctx: &Ctx,
    actor: Option<i64>,
    before: ItemRow,
    f: ItemFields,
    names: Names,
    changes: ChangeSet,
) -> Result<ItemRow> {
    let today = callsheet_core::utc_date(ctx.now_ms);
    crate::schedule::record_progress(tx, before.id, before.category, f.category, today).await?;
    let Some(version) = items::update(tx, before.id, before.version, &f, ctx.now_ms).await? else {
        let now = load_item(tx, &before.key).await?;
        return Err(AppError::Stale {
            key: before.key,
            expected: before.version,
            actual: now.version,
        });
    };
    let action = if changes.changes().iter().all(|c| c.field == "status") {
        "moved"
    } else {
        "updated"
    };
    let event = NewEvent::item(
        ctx.now_ms,
        actor,
        before.project_id,
        before.id,
        action,
        changes.into_changes(),
    );
    activity::append(tx, &[event]).await?;
    let handle = |id: Option<i64>| id.and_then(|i| names.handles.get(&i).cloned());
    Ok(ItemRow {
        assignee: handle(f.assignee_id),
        reporter: handle(f.reporter_id),
        status: names.status,
        parent: names.parent,
        milestone: names.milestone,
        updated_at: ctx.now_ms,
        version,
        kind: f.kind,
        title: f.title,
        description: f.description,
        status_id: f.status_id,
        category: f.category,
        priority: f.priority,
        severity: f.severity,
        assignee_id: f.assignee_id,
        reporter_id: f.reporter_id,
        department: f.department,
        estimate_minutes: f.estimate_minutes,
        start: f.start,
        due: f.due,
        parent_id: f.parent_id,
        milestone_id: f.milestone_id,
        ..before
    })
}
