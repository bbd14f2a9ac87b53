//! `callsheet item ...`: create, import, list, show, update, move, comment, link and watch.

use crate::args::{ItemCmd, ItemFieldArgs};
use crate::input::{field_pairs, text_arg};
use crate::output::{emit, print_json};
use crate::{import, output};
use anyhow::{Context as _, Result};
use callsheet_app::input::{ItemPatch, LinkRequest, NewItemInput};
use callsheet_app::{App, Ctx};
use callsheet_core::page::Page;
use std::io::Read;

/// `callsheet item ...`.
pub(crate) async fn item(app: &App, ctx: &Ctx, cmd: &ItemCmd, json: bool) -> Result<()> {
    match cmd {
        ItemCmd::Create {
            project,
            kind,
            fields,
            labels,
            watchers,
        } => {
            let patch = patch_of(fields, Some(kind.clone()))?;
            let input = NewItemInput::from_patch(patch, labels.clone(), watchers.clone());
            let row = app.create_item(ctx, project, &input).await?;
            emit(json, &row, format!("Created {}: {}", row.key, row.title))
        }
        ItemCmd::Import { project, file } => {
            let (text, name) = if file == "-" {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .context("reading standard input")?;
                (text, "<stdin>".to_string())
            } else {
                (
                    std::fs::read_to_string(file).with_context(|| format!("reading {file}"))?,
                    file.clone(),
                )
            };
            let parsed = import::parse_jsonl(&name, &text)?;
            let inputs: Vec<NewItemInput> = parsed.iter().map(|(_, input)| input.clone()).collect();
            let keys = app
                .create_items(ctx, project, &inputs)
                .await
                .map_err(|e| import::locate(&name, &parsed, e))?;
            if json {
                return print_json(&keys);
            }
            match (keys.first(), keys.last()) {
                (Some(first), Some(last)) => {
                    say!("Created {} items, {first} to {last}.", keys.len())
                }
                _ => say!("The file holds no items; nothing was created."),
            }
            Ok(())
        }
        ItemCmd::List {
            project,
            query,
            page,
        } => {
            let result = app
                .list_items(
                    ctx,
                    project.as_deref(),
                    query,
                    Page {
                        limit: page.limit,
                        offset: page.offset,
                    },
                )
                .await?;
            if json {
                return print_json(&result);
            }
            if result.items.is_empty() {
                say!("No items match.");
                return Ok(());
            }
            say_raw!("{}", output::item_table(&result.items));
            if let Some(next) = result.next_offset {
                say!("… more: add --offset {next}");
            }
            Ok(())
        }
        ItemCmd::Show { key } => {
            let detail = app.item(ctx, key).await?;
            emit(json, &detail, output::item_card(&detail))
        }
        ItemCmd::Update {
            key,
            kind,
            fields,
            add_labels,
            remove_labels,
            if_version,
        } => {
            let patch = ItemPatch {
                add_labels: add_labels.clone(),
                remove_labels: remove_labels.clone(),
                expected_version: *if_version,
                ..patch_of(fields, kind.clone())?
            };
            let row = app.update_item(ctx, key, &patch).await?;
            emit(
                json,
                &row,
                format!("Updated {} (version {}).", row.key, row.version),
            )
        }
        ItemCmd::Move {
            key,
            status,
            if_version,
        } => {
            let row = app.move_item(ctx, key, status, *if_version).await?;
            emit(json, &row, format!("{} is now {}.", row.key, row.status))
        }
        ItemCmd::Comment { key, body } => {
            let body = text_arg(Some(body.clone()))?.unwrap_or_default();
            let comment = app.comment(ctx, key, &body).await?;
            emit(
                json,
                &comment,
                format!("Commented on {}.", key.to_ascii_uppercase()),
            )
        }
        ItemCmd::Link {
            key,
            link_type,
            other,
            dep_type,
            lag,
        } => {
            let request = LinkRequest {
                from: key.clone(),
                kind: link_type.clone(),
                to: other.clone(),
                dep_type: dep_type.clone(),
                lag_days: *lag,
            };
            app.link(ctx, &request, false).await?;
            emit(
                json,
                &serde_json::json!({"linked": true}),
                format!(
                    "Linked: {} {link_type} {}.",
                    key.to_ascii_uppercase(),
                    other.to_ascii_uppercase()
                ),
            )
        }
        ItemCmd::Unlink {
            key,
            link_type,
            other,
        } => {
            app.link(ctx, &LinkRequest::new(key, link_type, other), true)
                .await?;
            emit(
                json,
                &serde_json::json!({"unlinked": true}),
                format!(
                    "Unlinked: {} {link_type} {}.",
                    key.to_ascii_uppercase(),
                    other.to_ascii_uppercase()
                ),
            )
        }
        ItemCmd::Watch { key, handle } | ItemCmd::Unwatch { key, handle } => {
            let watching = matches!(cmd, ItemCmd::Watch { .. });
            let who = handle
                .clone()
                .or_else(|| ctx.actor.clone())
                .ok_or_else(|| {
                    callsheet_app::AppError::invalid(
                        "handle",
                        "",
                        "name a person, or act as one with --as",
                    )
                })?;
            let changed = app.watch(ctx, key, &who, watching).await?;
            if json {
                return print_json(&serde_json::json!({"changed": changed}));
            }
            let state = if watching {
                "is watching"
            } else {
                "is not watching"
            };
            say!(
                "{who} {state} {}{}.",
                key.to_ascii_uppercase(),
                if changed { "" } else { " (already)" }
            );
            Ok(())
        }
        ItemCmd::History { key, page } => {
            let events = app
                .history(
                    ctx,
                    key,
                    Page {
                        limit: page.limit,
                        offset: page.offset,
                    },
                )
                .await?;
            emit(json, &events, output::history(&events))
        }
    }
}

/// The fields `item create` and `item update` share, as a change.
fn patch_of(f: &ItemFieldArgs, kind: Option<String>) -> Result<ItemPatch> {
    let f = f.clone();
    Ok(ItemPatch {
        kind,
        title: f.title,
        description: text_arg(f.description)?,
        status: f.status,
        priority: f.priority,
        severity: f.severity,
        assignee: f.assignee,
        reporter: f.reporter,
        department: f.department,
        estimate: f.estimate,
        start: f.start,
        due: f.due,
        parent: f.parent,
        milestone: f.milestone,
        custom: field_pairs(&f.fields)?,
        ..ItemPatch::default()
    })
}
