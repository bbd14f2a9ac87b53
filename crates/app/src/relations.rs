//! What ties an item to others and to people: comments, links and watchers.

use crate::access::{item_for, item_in_project};
use crate::catalog::{Catalog, Needs};
use crate::input::{LinkRequest, blank_to_none};
use crate::{App, AppError, Ctx, Result, actor_id};
use callsheet_core::activity::FieldChange;
use callsheet_core::item::Comment;
use callsheet_core::item::{DepType, LinkKind, LinkSpec};
use callsheet_core::policy::Action;
use callsheet_store::activity::NewEvent;
use callsheet_store::links::NewLink;
use callsheet_store::{activity, comments, commit, items, links};

impl App {
    /// Adds a comment (Markdown) to an item.
    pub async fn comment(&self, ctx: &Ctx, key: &str, body: &str) -> Result<Comment> {
        if body.trim().is_empty() {
            return Err(AppError::invalid(
                "comment",
                body,
                "a comment cannot be empty",
            ));
        }
        let mut tx = self.begin().await?;
        let (item, _) = item_for(&mut tx, ctx, key, Action::EditItems).await?;
        let actor = actor_id(&mut tx, ctx).await?;
        let id = comments::insert(&mut tx, item.id, actor, body, ctx.now_ms).await?;
        items::touch(&mut tx, item.id, ctx.now_ms).await?;
        let change = FieldChange {
            field: "comment".into(),
            before: None,
            after: Some(body.to_string()),
        };
        activity::append(
            &mut tx,
            &[NewEvent::item(
                ctx.now_ms,
                actor,
                item.project_id,
                item.id,
                "commented",
                vec![change],
            )],
        )
        .await?;
        commit(tx).await?;
        Ok(Comment {
            id,
            author: ctx.actor.clone(),
            body: body.to_string(),
            created_at: ctx.now_ms,
        })
    }

    /// Links two items (`NJ-1 blocks NJ-2`, `NJ-3 depends_on NJ-2 ss -2`), or with
    /// `remove`, unlinks them.
    pub async fn link(&self, ctx: &Ctx, request: &LinkRequest, remove: bool) -> Result<()> {
        let LinkRequest {
            from,
            kind,
            to,
            dep_type,
            lag_days,
        } = request;
        let lag_days = *lag_days;
        let kind = LinkKind::parse(kind)?;
        let dep = dep_type
            .as_deref()
            .and_then(blank_to_none)
            .map(DepType::parse)
            .transpose()?;
        let spec = LinkSpec::new(kind, dep, lag_days)?;
        let mut tx = self.begin().await?;
        let (src, _) = item_for(&mut tx, ctx, from, Action::EditItems).await?;
        let (dst, _) = item_for(&mut tx, ctx, to, Action::EditItems).await?;
        if src.id == dst.id {
            return Err(AppError::invalid(
                "link",
                &dst.key,
                "an item cannot link to itself",
            ));
        }
        let actor = actor_id(&mut tx, ctx).await?;
        let described = match spec.dep_type {
            Some(d) if spec.lag_days != 0 => format!(
                "{} ({} {:+}d)",
                dst.key,
                d.as_str().to_uppercase(),
                spec.lag_days
            ),
            Some(d) => format!("{} ({})", dst.key, d.as_str().to_uppercase()),
            None => dst.key.clone(),
        };
        let (action, before, after) = if remove {
            if !links::remove(&mut tx, src.id, dst.id, kind).await? {
                return Err(AppError::not_found(
                    "link",
                    format!("{} {kind} {}", src.key, dst.key),
                ));
            }
            ("unlinked", Some(dst.key.clone()), None)
        } else {
            let added = links::insert_many(
                &mut tx,
                &[NewLink {
                    src_id: src.id,
                    dst_id: dst.id,
                    kind,
                    dep_type: spec.dep_type,
                    lag_days: spec.lag_days,
                }],
                ctx.now_ms,
            )
            .await?;
            if added == 0 {
                return Err(AppError::Conflict(format!(
                    "{} already {kind} {}",
                    src.key, dst.key
                )));
            }
            ("linked", None, Some(described))
        };
        items::touch(&mut tx, src.id, ctx.now_ms).await?;
        items::touch(&mut tx, dst.id, ctx.now_ms).await?;
        let inward_before = before.as_ref().map(|_| src.key.clone());
        let inward_after = after.as_ref().map(|_| src.key.clone());
        let events = [
            NewEvent::item(
                ctx.now_ms,
                actor,
                src.project_id,
                src.id,
                action,
                vec![FieldChange {
                    field: kind.to_string(),
                    before,
                    after,
                }],
            ),
            NewEvent::item(
                ctx.now_ms,
                actor,
                dst.project_id,
                dst.id,
                action,
                vec![FieldChange {
                    field: format!("{kind} (inward)"),
                    before: inward_before,
                    after: inward_after,
                }],
            ),
        ];
        activity::append(&mut tx, &events).await?;
        // A dependency moves dates; one that closes a loop is refused here, by name.
        if kind == LinkKind::DependsOn && src.project == dst.project {
            crate::edit::reschedule_project(&mut tx, &src.project, ctx.now_ms).await?;
        }
        commit(tx).await?;
        Ok(())
    }

    /// Starts or stops a person watching an item.
    pub async fn watch(&self, ctx: &Ctx, key: &str, handle: &str, watching: bool) -> Result<bool> {
        let mut tx = self.begin().await?;
        // Watching yourself needs only sight of the item; signing others up is an edit.
        let yourself = ctx
            .actor
            .as_deref()
            .is_some_and(|me| me.eq_ignore_ascii_case(handle.trim()));
        let action = if yourself {
            Action::ReadItems
        } else {
            Action::EditItems
        };
        let (item, project, _) = item_in_project(&mut tx, ctx, key, action).await?;
        let catalog = Catalog::for_project(&mut tx, project, ctx, Needs::MEMBERS).await?;
        let person = catalog.member("watcher", handle)?;
        let changed = items::set_watching(&mut tx, item.id, person, watching).await?;
        if changed {
            let actor = actor_id(&mut tx, ctx).await?;
            let who = Some(handle.trim().to_ascii_lowercase());
            let (before, after) = if watching { (None, who) } else { (who, None) };
            activity::append(
                &mut tx,
                &[NewEvent::item(
                    ctx.now_ms,
                    actor,
                    item.project_id,
                    item.id,
                    "watchers",
                    vec![FieldChange {
                        field: "watcher".into(),
                        before,
                        after,
                    }],
                )],
            )
            .await?;
        }
        commit(tx).await?;
        Ok(changed)
    }
}
