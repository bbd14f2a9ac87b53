//! Work-item use cases: create (one or many, all or nothing), show, list by query,
//! and history. Changing items is in `edit`; comments, links and watchers in `relations`.

use crate::access::{item_for, project_for};
use crate::catalog::{Catalog, Needs};
use crate::input::{ItemRef, NewItemInput, blank_to_none};
use crate::lookup::load_item;
use crate::sight::Sight;
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::activity::Entity;
use callsheet_core::activity::Event;
use callsheet_core::activity::{ChangeSet, FieldChange};
use callsheet_core::effort::format_estimate;
use callsheet_core::field::FieldValue;
use callsheet_core::item::Comment;
use callsheet_core::item::ItemFields;
use callsheet_core::item::ItemRow;
use callsheet_core::item::LinkView;
use callsheet_core::item::{DepType, LinkKind, LinkSpec, check_dates, parse_label, parse_title};
use callsheet_core::page::Page;
use callsheet_core::policy::Action;
use callsheet_core::query::{self, Context};
use callsheet_store::activity::NewEvent;
use callsheet_store::items::NewItem;
use callsheet_store::links::NewLink;
use callsheet_store::query::Scope;
use callsheet_store::{Tx, activity, comments, commit, fields, items, labels, links, projects};
use std::collections::HashMap;

/// An item with everything the item page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ItemDetail {
    #[serde(flatten)]
    pub item: ItemRow,
    pub labels: Vec<String>,
    pub fields: Vec<(String, String)>,
    pub links: Vec<LinkView>,
    pub children: Vec<String>,
    pub watchers: Vec<String>,
    pub comments: Vec<Comment>,
    /// Its dates in the project schedule: early and late start and finish, float (working
    /// minutes), critical, and slip against the current baseline. None when cancelled.
    pub schedule: Option<callsheet_core::schedule::tracked::ItemDates>,
}

/// One page of a query's results.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ItemPage {
    pub items: Vec<ItemRow>,
    /// Offset of the next page, when there is one.
    pub next_offset: Option<i64>,
}

/// The field values the activity log records, as people read them.
pub(crate) fn shown(
    f: &ItemFields,
    status: &str,
    handles: &HashMap<i64, String>,
    parent: Option<&str>,
    milestone: Option<&str>,
) -> Vec<(&'static str, Option<String>)> {
    let handle = |id: Option<i64>| id.and_then(|i| handles.get(&i).cloned());
    vec![
        ("kind", Some(f.kind.clone())),
        ("title", Some(f.title.clone())),
        (
            "description",
            Some(f.description.clone()).filter(|d| !d.is_empty()),
        ),
        ("status", Some(status.to_string())),
        ("priority", Some(f.priority.to_string())),
        ("severity", f.severity.map(|s| s.to_string())),
        ("assignee", handle(f.assignee_id)),
        ("reporter", handle(f.reporter_id)),
        ("department", f.department.clone()),
        ("estimate", f.estimate_minutes.map(format_estimate)),
        ("start", f.start.map(|d| d.to_string())),
        ("due", f.due.map(|d| d.to_string())),
        ("parent", parent.map(str::to_string)),
        ("milestone", milestone.map(str::to_string)),
    ]
}

pub(crate) fn handles_of(catalog: &Catalog) -> HashMap<i64, String> {
    catalog
        .members
        .iter()
        .map(|(h, id)| (*id, h.clone()))
        .collect()
}

/// A checked new item, waiting for ids.
struct Checked {
    fields: ItemFields,
    status: String,
    parent: Option<(ItemRef, String)>,
    milestone_key: Option<String>,
    labels: Vec<String>,
    custom: Vec<(i64, String, FieldValue)>,
    links: Vec<(LinkSpec, ItemRef)>,
    watchers: Vec<i64>,
}

/// Says which item of a batch an error is about, so a bad row can be found.
fn in_batch(index: usize, total: usize, err: AppError) -> AppError {
    if total == 1 {
        err
    } else {
        AppError::InBatch {
            index,
            cause: Box::new(err),
        }
    }
}

async fn check_new(
    tx: &mut Tx,
    catalog: &mut Catalog,
    actor: Option<i64>,
    index: usize,
    input: &NewItemInput,
) -> Result<Checked> {
    let kind = catalog.kind(&input.kind)?;
    let title = parse_title(&input.title)?;
    let status = match input.status.as_deref().and_then(blank_to_none) {
        Some(name) => catalog.workflow.workflow.status(name)?.clone(),
        None => catalog
            .workflow
            .workflow
            .initial()
            .cloned()
            .ok_or_else(|| {
                AppError::invalid("status", "", "the project's workflow has no statuses")
            })?,
    };
    let status_id = catalog
        .workflow
        .id_of(&status.name)
        .ok_or_else(|| AppError::not_found("status", status.name.clone()))?;
    let reporter_id = match input.reporter.as_deref().and_then(blank_to_none) {
        Some(h) => Some(catalog.member("reporter", h)?),
        None => actor,
    };
    let resolve_ref = |field: &str, r: &ItemRef| -> Result<()> {
        match r {
            ItemRef::Batch(i) if *i >= index => Err(AppError::invalid(
                field,
                &format!("#{}", i + 1),
                "must refer to an earlier item of the batch",
            )),
            _ => Ok(()),
        }
    };
    let mut parent = None;
    let mut parent_id = None;
    if let Some(r) = &input.parent {
        resolve_ref("parent", r)?;
        if let ItemRef::Key(k) = r {
            let (id, _, key) = catalog.item(tx, "parent", k).await?;
            parent_id = Some(id);
            parent = Some((r.clone(), key));
        } else {
            parent = Some((r.clone(), String::new()));
        }
    }
    let mut milestone_id = None;
    let mut milestone_key = None;
    if let Some(r) = &input.milestone {
        let ItemRef::Key(k) = r else {
            return Err(AppError::invalid(
                "milestone",
                "batch item",
                "a milestone must already exist",
            ));
        };
        let (id, key) = catalog.milestone(tx, k).await?;
        milestone_id = Some(id);
        milestone_key = Some(key);
    }
    let mut labels = Vec::new();
    for raw in &input.labels {
        let label = parse_label(raw)?;
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    let mut custom = Vec::new();
    for (name, raw) in &input.custom {
        if let (id, name, Some(value)) = catalog.custom(name, raw)? {
            custom.push((id, name, value));
        }
    }
    let mut link_specs = Vec::new();
    for link in &input.links {
        resolve_ref("link", &link.target)?;
        let kind = LinkKind::parse(&link.kind)?;
        let dep = link
            .dep_type
            .as_deref()
            .and_then(blank_to_none)
            .map(DepType::parse)
            .transpose()?;
        link_specs.push((
            LinkSpec::new(kind, dep, link.lag_days)?,
            link.target.clone(),
        ));
    }
    let mut watchers = Vec::new();
    for handle in &input.watchers {
        watchers.push(catalog.member("watcher", handle)?);
    }
    let fields = ItemFields {
        severity: catalog.severity(input.severity.as_deref(), &kind)?,
        kind,
        title,
        description: input.description.clone(),
        status_id,
        category: status.category,
        priority: catalog.priority(input.priority.as_deref())?,
        assignee_id: catalog.optional_member("assignee", input.assignee.as_deref())?,
        reporter_id,
        department: catalog.department(input.department.as_deref())?,
        estimate_minutes: Catalog::estimate(input.estimate.as_deref())?,
        start: Catalog::date("start", input.start.as_deref())?,
        due: Catalog::date("due", input.due.as_deref())?,
        parent_id,
        milestone_id,
    };
    check_dates(fields.start, fields.due)?;
    Ok(Checked {
        fields,
        status: status.name,
        parent,
        milestone_key,
        labels,
        custom,
        links: link_specs,
        watchers,
    })
}

/// Items one batch creates at most, as one transaction.
pub const MAX_BATCH: usize = 100_000;

impl App {
    /// Creates items in one transaction: every input is checked first, and any error
    /// leaves nothing behind. Returns the new keys in input order.
    pub async fn create_items(
        &self,
        ctx: &Ctx,
        project_key: &str,
        inputs: &[NewItemInput],
    ) -> Result<Vec<String>> {
        if inputs.len() > MAX_BATCH {
            return Err(AppError::invalid(
                "items",
                &inputs.len().to_string(),
                format!("one batch creates at most {MAX_BATCH} items; split it in parts"),
            ));
        }
        let mut tx = self.begin().await?;
        let keys = create_in(&mut tx, ctx, project_key, inputs).await?;
        commit(tx).await?;
        Ok(keys)
    }

    /// Creates one item and returns it.
    pub async fn create_item(
        &self,
        ctx: &Ctx,
        project_key: &str,
        input: &NewItemInput,
    ) -> Result<ItemRow> {
        let keys = self
            .create_items(ctx, project_key, std::slice::from_ref(input))
            .await?;
        let key = keys
            .first()
            .ok_or_else(|| AppError::not_found("item", "new"))?;
        let mut tx = self.begin().await?;
        load_item(&mut tx, key).await
    }

    /// An item with its labels, fields, links, children, watchers and comments.
    pub async fn item(&self, ctx: &Ctx, key: &str) -> Result<ItemDetail> {
        let mut tx = self.read().await?;
        let (mut item, _) = item_for(&mut tx, ctx, key, Action::ReadItems).await?;
        let labels = labels::of_item(&mut tx, item.id)
            .await?
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        let fields = fields::values(&mut tx, item.id).await?;
        let mut links = links::of_item(&mut tx, item.id).await?;
        let mut children = items::children(&mut tx, item.id).await?;
        // References show only what the reader may see; the rest is as if it were not there.
        let sight = Sight::of(&mut tx, ctx).await?;
        let referenced: Vec<i64> = links
            .iter()
            .map(|l| l.other_id)
            .chain(children.iter().map(|c| c.id))
            .chain(item.parent_id)
            .chain(item.milestone_id)
            .collect();
        let seen = sight.among(&mut tx, &referenced).await?;
        crate::sight::hide_unseen(&mut item, &seen);
        links.retain(|l| seen.contains(&l.other_id));
        children.retain(|c| seen.contains(&c.id));
        let children = children.into_iter().map(|c| c.key).collect();
        let watchers = items::watchers(&mut tx, item.id).await?;
        let comments = comments::of_item(&mut tx, item.id, 500, 0).await?;
        let schedule = callsheet_store::schedule::of_item(&mut tx, item.id).await?;
        Ok(ItemDetail {
            item,
            labels,
            fields,
            links,
            children,
            watchers,
            comments,
            schedule,
        })
    }

    /// Checks query text against the project's fields and the actor's access: (scope, resolved query).
    pub(crate) async fn resolve_query(
        &self,
        tx: &mut Tx,
        ctx: &Ctx,
        project_key: Option<&str>,
        query_text: &str,
    ) -> Result<(Scope, query::ResolvedQuery)> {
        let (scope, defs) = match project_key {
            Some(key) => {
                let (project, access) = project_for(tx, ctx, key, Action::ReadItems).await?;
                let defs = fields::list(tx, project.id)
                    .await?
                    .into_iter()
                    .map(|f| f.def)
                    .collect::<Vec<_>>();
                (access.scope(project.id), defs)
            }
            None => {
                let visibility = Sight::of(tx, ctx).await?.visibility().clone();
                (
                    Scope {
                        project_id: None,
                        visibility,
                    },
                    Vec::new(),
                )
            }
        };
        let context = Context {
            now_ms: ctx.now_ms,
            today: callsheet_core::utc_date(ctx.now_ms),
            me: ctx.actor.clone(),
        };
        Ok((scope, query::compile(query_text, &defs, &context)?))
    }

    /// Runs a query within a project (or across all projects) and returns one page.
    pub async fn list_items(
        &self,
        ctx: &Ctx,
        project_key: Option<&str>,
        query_text: &str,
        page: Page,
    ) -> Result<ItemPage> {
        let mut tx = self.read().await?;
        let (scope, resolved) = self
            .resolve_query(&mut tx, ctx, project_key, query_text)
            .await?;
        let ask = Page {
            limit: page.limit.clamp(1, 1000) + 1,
            offset: page.offset.max(0),
        };
        // The scope already says what the reader sees: no second look-up.
        let sight = Sight::new(scope.visibility.clone());
        let mut rows = callsheet_store::query::list(&mut tx, &resolved, scope, ask).await?;
        sight.sift(&mut tx, &mut rows).await?;
        let more = rows.len() as i64 > page.limit.clamp(1, 1000);
        rows.truncate(page.limit.clamp(1, 1000) as usize);
        let next_offset = more.then(|| page.offset.max(0) + rows.len() as i64);
        Ok(ItemPage {
            items: rows,
            next_offset,
        })
    }

    /// The database's plan for a query (for tuning): what `item list --explain` prints.
    pub async fn explain_items(
        &self,
        ctx: &Ctx,
        project_key: Option<&str>,
        query_text: &str,
    ) -> Result<Vec<String>> {
        let mut tx = self.read().await?;
        let (scope, resolved) = self
            .resolve_query(&mut tx, ctx, project_key, query_text)
            .await?;
        Ok(callsheet_store::query::explain(&mut tx, &resolved, scope, Page::default()).await?)
    }

    /// Who changed an item last, and when: what a stale edit is told.
    pub async fn last_change(&self, ctx: &Ctx, key: &str) -> Result<Option<Event>> {
        let mut tx = self.read().await?;
        let (item, _) = item_for(&mut tx, ctx, key, Action::ReadItems).await?;
        Ok(activity::latest(&mut tx, Entity::Item, item.id).await?)
    }

    /// An item's history from the activity log, oldest first.
    pub async fn history(&self, ctx: &Ctx, key: &str, page: Page) -> Result<Vec<Event>> {
        let mut tx = self.read().await?;
        let (item, access) = item_for(&mut tx, ctx, key, Action::ReadItems).await?;
        let mut events =
            activity::history(&mut tx, Entity::Item, item.id, page.limit, page.offset).await?;
        Sight::new(access.scope(item.project_id).visibility)
            .sift_history(&mut tx, &mut events)
            .await?;
        Ok(events)
    }
}

/// Creates items inside the caller's transaction (see [`App::create_items`]).
pub(crate) async fn create_in(
    tx: &mut Tx,
    ctx: &Ctx,
    project_key: &str,
    inputs: &[NewItemInput],
) -> Result<Vec<String>> {
    let tx = &mut *tx;
    let (project, _) = project_for(tx, ctx, project_key, Action::EditItems).await?;
    let mut catalog = Catalog::for_project(tx, project, ctx, Needs::ALL).await?;
    let actor = actor_id(tx, ctx).await?;
    let mut checked = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        checked.push(
            check_new(tx, &mut catalog, actor, i, input)
                .await
                .map_err(|e| in_batch(i, inputs.len(), e))?,
        );
    }
    let count = i64::try_from(checked.len())
        .map_err(|_| AppError::invalid("items", "", "too many items"))?;
    if count == 0 {
        return Ok(Vec::new());
    }
    let project = catalog.project.clone();
    let first = projects::reserve_numbers(tx, project.id, count).await?;
    let new_items: Vec<NewItem> = checked
        .iter()
        .enumerate()
        .map(|(i, c)| NewItem {
            project_id: project.id,
            number: first + i as i64,
            fields: c.fields.clone(),
        })
        .collect();
    let ids = items::insert_many(tx, &new_items, ctx.now_ms).await?;
    let keys: Vec<String> = new_items
        .iter()
        .map(|n| format!("{}-{}", project.key, n.number))
        .collect();
    let target_id = |r: &ItemRef| -> Result<(i64, String)> {
        match r {
            ItemRef::Batch(i) => Ok((
                ids.get(*i).copied().unwrap_or_default(),
                keys.get(*i).cloned().unwrap_or_default(),
            )),
            ItemRef::Key(k) => Err(AppError::invalid("link", k, "unresolved")),
        }
    };

    // Labels, custom values, watchers and links, each in multi-row statements.
    let all_labels: Vec<String> = checked
        .iter()
        .flat_map(|c| c.labels.iter().cloned())
        .collect();
    let label_ids = labels::ensure(tx, project.id, &all_labels).await?;
    let mut label_pairs = Vec::new();
    let mut values = Vec::new();
    let mut watcher_pairs = Vec::new();
    let mut new_links = Vec::new();
    let mut link_events: Vec<(i64, FieldChange)> = Vec::new();
    let handles = handles_of(&catalog);
    let mut events = Vec::with_capacity(checked.len());
    for (i, c) in checked.iter().enumerate() {
        let id = ids[i];
        let key = &keys[i];
        for label in &c.labels {
            if let Some(label_id) = label_ids.get(label) {
                label_pairs.push((id, *label_id));
            }
        }
        for (field_id, _, value) in &c.custom {
            values.push((id, *field_id, value.clone()));
        }
        for person in &c.watchers {
            watcher_pairs.push((id, *person));
        }
        let parent_key = match &c.parent {
            Some((ItemRef::Batch(p), _)) => {
                let (parent_id, parent_key) = target_id(&ItemRef::Batch(*p))?;
                items::set_parent(tx, id, parent_id).await?;
                Some(parent_key)
            }
            Some((ItemRef::Key(_), key)) => Some(key.clone()),
            None => None,
        };
        for (spec, target) in &c.links {
            let (other_id, other_key) = match target {
                ItemRef::Key(k) => {
                    let (oid, _, okey) = catalog.item(tx, "link", k).await?;
                    (oid, okey)
                }
                batch => target_id(batch)?,
            };
            if other_id == id {
                return Err(AppError::invalid(
                    "link",
                    &other_key,
                    "an item cannot link to itself",
                ));
            }
            new_links.push(NewLink {
                src_id: id,
                dst_id: other_id,
                kind: spec.kind,
                dep_type: spec.dep_type,
                lag_days: spec.lag_days,
            });
            link_events.push((
                other_id,
                FieldChange {
                    field: format!("{} (inward)", spec.kind),
                    before: None,
                    after: Some(key.clone()),
                },
            ));
        }
        let mut changes = ChangeSet::new();
        for (field, value) in shown(
            &c.fields,
            &c.status,
            &handles,
            parent_key.as_deref(),
            c.milestone_key.as_deref(),
        ) {
            changes.record(field, None, value);
        }
        if !c.labels.is_empty() {
            changes.record("labels", None, Some(c.labels.join(", ")));
        }
        for (_, name, value) in &c.custom {
            changes.record(name, None, Some(value.display()));
        }
        for (spec, target) in &c.links {
            let other = match target {
                ItemRef::Key(k) => k.to_ascii_uppercase(),
                batch => target_id(batch)?.1,
            };
            changes.record(spec.kind.as_str(), None, Some(other));
        }
        events.push(NewEvent::item(
            ctx.now_ms,
            actor,
            project.id,
            id,
            "created",
            changes.into_changes(),
        ));
    }
    labels::attach_many(tx, &label_pairs).await?;
    fields::insert_values_many(tx, &values).await?;
    items::add_watchers(tx, &watcher_pairs).await?;
    links::insert_many(tx, &new_links, ctx.now_ms).await?;
    for (other, change) in link_events {
        events.push(NewEvent::item(
            ctx.now_ms,
            actor,
            project.id,
            other,
            "linked",
            vec![change],
        ));
    }
    activity::append(tx, &events).await?;
    crate::schedule::reschedule_in(tx, &project, ctx.now_ms).await?;
    Ok(keys)
}
