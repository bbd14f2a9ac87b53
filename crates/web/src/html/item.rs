//! The item page: every field editable in place (saved on Enter or when it loses focus,
//! undone with Esc, and a stale edit shows who changed it and both values), the
//! Markdown description with a preview, comments, links, children and the history
//! from the activity log.

use super::form::{Form, QueryPairs};
use super::look::{Avatar, ItemCard, ago, category_label};
use super::{Chrome, PageResult, Viewer, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect};
use callsheet_app::AppError;
use callsheet_app::input::ItemPatch;
use callsheet_app::items::ItemDetail;
use callsheet_core::page::Page;

/// Markdown to HTML. Raw HTML in the text is dropped and unsafe link schemes are
/// removed, so what a person writes cannot run in another person's browser.
pub(crate) fn markdown(text: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    comrak::markdown_to_html(text, &options)
}

/// The fields the item page edits in place, with their labels.
const FIELDS: &[(&str, &str)] = &[
    ("status", "Status"),
    ("priority", "Priority"),
    ("severity", "Severity"),
    ("assignee", "Assignee"),
    ("reporter", "Reporter"),
    ("department", "Department"),
    ("estimate", "Estimate"),
    ("start", "Start"),
    ("due", "Due"),
    ("milestone", "Milestone"),
    ("parent", "Parent"),
    ("kind", "Kind"),
];

/// A change to one field as a patch: what the edit form, and bulk edit, send.
/// `custom:Name` is a custom field; `add_label` adds a label.
pub(crate) fn patch_of(field: &str, value: &str) -> Result<ItemPatch, String> {
    let mut patch = ItemPatch::default();
    let trimmed = value.trim().to_string();
    let known = match field {
        // Markdown keeps its spacing.
        "description" => patch.set(field, value.to_string()),
        "add_label" => {
            patch.add_labels = vec![trimmed];
            true
        }
        "remove_label" => {
            patch.remove_labels = vec![trimmed];
            true
        }
        other => match other.strip_prefix("custom:") {
            Some(name) => {
                patch.custom = vec![(name.to_string(), trimmed)];
                true
            }
            None => patch.set(other, trimmed),
        },
    };
    if known {
        Ok(patch)
    } else {
        Err(format!(
            "field: {field:?} is not a field that can be changed"
        ))
    }
}

/// One editable property.
pub(crate) struct Prop {
    pub field: String,
    /// The field as an element id: letters, digits and dashes.
    pub slug: String,
    pub label: String,
    /// The value as typed into the editor.
    pub value: String,
    /// `select`, `date`, `text` or `textarea`.
    pub input: &'static str,
    pub options: Vec<String>,
    /// For a status: its category, for the pill.
    pub category: &'static str,
    pub person: Option<Avatar>,
    pub editing: bool,
    pub error: String,
    /// When someone else saved first: who, when, and their value.
    pub stale: String,
}

/// What the editors need to know about the project.
struct Choices {
    statuses: Vec<(String, &'static str)>,
    members: Vec<String>,
    kinds: Vec<String>,
}

impl Choices {
    async fn load(state: &AppState, viewer: &Viewer, project: &str) -> Result<Self, AppError> {
        let workflow = state.app.workflow(&viewer.ctx, project).await?;
        let members = state
            .app
            .members(&viewer.ctx, project)
            .await?
            .into_iter()
            .map(|m| m.handle)
            .collect();
        let kinds = state.app.kinds(&viewer.ctx, project).await?;
        Ok(Choices {
            statuses: workflow
                .statuses
                .iter()
                .map(|s| (s.name.clone(), s.category.as_str()))
                .collect(),
            members,
            kinds,
        })
    }
}

fn prop(detail: &ItemDetail, field: &str, choices: &Choices) -> Prop {
    let it = &detail.item;
    let label = FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, l)| l.to_string())
        .or_else(|| field.strip_prefix("custom:").map(str::to_string))
        .unwrap_or_else(|| field.to_string());
    let card = ItemCard::of(it, callsheet_core::Date::constant(1970, 1, 1), 0);
    let none = Vec::new;
    let (value, input, options) = match field {
        "title" => (it.title.clone(), "text", none()),
        "description" => (it.description.clone(), "textarea", none()),
        "status" => (
            it.status.clone(),
            "select",
            choices.statuses.iter().map(|(s, _)| s.clone()).collect(),
        ),
        "priority" => (
            card.priority.to_string(),
            "select",
            ["highest", "high", "medium", "low", "lowest"]
                .map(String::from)
                .to_vec(),
        ),
        "severity" => (
            card.severity.clone(),
            "select",
            ["", "blocker", "critical", "major", "minor", "trivial"]
                .map(String::from)
                .to_vec(),
        ),
        "assignee" | "reporter" => {
            let mut options = vec![String::new()];
            options.extend(choices.members.iter().cloned());
            let value = if field == "assignee" {
                card.assignee.as_ref().map(|a| a.handle.clone())
            } else {
                it.reporter.clone()
            };
            (value.unwrap_or_default(), "select", options)
        }
        "kind" => (it.kind.clone(), "select", choices.kinds.clone()),
        "department" => (card.department.clone(), "text", none()),
        "estimate" => (card.estimate.clone(), "text", none()),
        "start" => (card.start.clone(), "date", none()),
        "due" => (card.due.clone(), "date", none()),
        "milestone" => (card.milestone.clone(), "text", none()),
        "parent" => (card.parent.clone(), "text", none()),
        other => {
            let name = other.strip_prefix("custom:").unwrap_or(other);
            let value = detail
                .fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (value, "text", none())
        }
    };
    let person = match field {
        "assignee" | "reporter" if !value.is_empty() => Some(Avatar::handle(&value)),
        _ => None,
    };
    Prop {
        field: field.to_string(),
        slug: field
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect(),
        label,
        category: if field == "status" {
            it.category.as_str()
        } else {
            ""
        },
        value,
        input,
        options,
        person,
        editing: false,
        error: String::new(),
        stale: String::new(),
    }
}

/// A history entry as the page shows it.
pub(crate) struct Entry {
    pub who: String,
    pub when: String,
    pub action: String,
    pub changes: Vec<(String, String, String)>,
}

/// A link as the page shows it.
pub(crate) struct LinkLine {
    pub relation: String,
    pub key: String,
    pub title: String,
}

/// A comment as the page shows it.
pub(crate) struct CommentView {
    pub author: String,
    pub when: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "item.html")]
struct ItemPage {
    chrome: Chrome,
    key: String,
    project: String,
    version: i64,
    title: Prop,
    description: Prop,
    description_html: String,
    category_label: &'static str,
    props: Vec<Prop>,
    labels: Vec<String>,
    links: Vec<LinkLine>,
    children: Vec<String>,
    watchers: Vec<String>,
    comments: Vec<CommentView>,
    history: Vec<Entry>,
    created: String,
    updated: String,
    /// Its place in the schedule, as (label, value) lines; empty when cancelled.
    schedule: Vec<(&'static str, String)>,
    critical: bool,
}

/// An item's schedule as lines for people: dates to the minute, float in days.
fn schedule_lines(d: &callsheet_core::schedule::tracked::ItemDates) -> Vec<(&'static str, String)> {
    let days = |m: i64| format!("{} d", callsheet_core::schedule::report::days(m, 480));
    let mut out = vec![
        ("Start", d.early_start.replace('T', " ")),
        ("Finish", d.early_finish.replace('T', " ")),
        ("Latest start", d.late_start.replace('T', " ")),
        ("Latest finish", d.late_finish.replace('T', " ")),
        ("Float", days(d.total_float)),
        ("Free float", days(d.free_float)),
    ];
    if let Some(slip) = d.finish_slip {
        out.push(("Slip vs baseline", days(slip)));
    }
    out
}

#[derive(Template)]
#[template(path = "prop.html")]
struct PropFragment {
    key: String,
    p: Prop,
    version: i64,
    oob: bool,
    description_html: String,
}

fn field_list(detail: &ItemDetail) -> Vec<String> {
    let mut fields: Vec<String> = FIELDS
        .iter()
        .map(|(f, _)| f.to_string())
        .filter(|f| f != "severity" || detail.item.kind == "bug" || detail.item.severity.is_some())
        .collect();
    fields.extend(detail.fields.iter().map(|(n, _)| format!("custom:{n}")));
    fields
}

/// `GET /items/{key}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
) -> PageResult {
    let detail = state.app.item(&viewer.ctx, &key).await?;
    let it = &detail.item;
    let choices = Choices::load(&state, &viewer, &it.project).await?;
    let events = state
        .app
        .history(
            &viewer.ctx,
            &it.key,
            Page {
                limit: 500,
                offset: 0,
            },
        )
        .await?;
    let now = viewer.ctx.now_ms;
    let history = events
        .into_iter()
        .rev()
        .map(|e| Entry {
            who: e.actor.unwrap_or_else(|| "system".into()),
            when: ago(now, e.at),
            action: e.action,
            changes: e
                .changes
                .into_iter()
                .map(|c| {
                    (
                        c.field,
                        c.before.unwrap_or_default(),
                        c.after.unwrap_or_default(),
                    )
                })
                .collect(),
        })
        .collect();
    let links = detail
        .links
        .iter()
        .map(|l| {
            let relation = match (l.kind.as_str(), l.outward) {
                ("blocks", true) => "blocks",
                ("blocks", false) => "is blocked by",
                ("depends_on", true) => "depends on",
                ("depends_on", false) => "is needed by",
                ("duplicates", true) => "duplicates",
                ("duplicates", false) => "is duplicated by",
                _ => "relates to",
            };
            LinkLine {
                relation: relation.to_string(),
                key: l.other.clone(),
                title: l.other_title.clone(),
            }
        })
        .collect();
    let comments = detail
        .comments
        .iter()
        .map(|c| CommentView {
            author: c.author.clone().unwrap_or_else(|| "system".into()),
            when: ago(now, c.created_at),
            html: markdown(&c.body),
        })
        .collect();
    let props = field_list(&detail)
        .iter()
        .map(|f| prop(&detail, f, &choices))
        .collect();
    let chrome = Chrome::new(&state, &viewer, &it.project, "items", &it.key).await?;
    render(&ItemPage {
        chrome,
        key: it.key.clone(),
        project: it.project.clone(),
        version: it.version,
        title: prop(&detail, "title", &choices),
        description: prop(&detail, "description", &choices),
        description_html: markdown(&it.description),
        category_label: category_label(it.category),
        props,
        labels: detail.labels.clone(),
        links,
        children: detail.children.clone(),
        watchers: detail.watchers.clone(),
        comments,
        history,
        created: ago(now, it.created_at),
        updated: ago(now, it.updated_at),
        schedule: detail
            .schedule
            .as_ref()
            .map(schedule_lines)
            .unwrap_or_default(),
        critical: detail.schedule.as_ref().is_some_and(|d| d.critical),
    })
}

/// The property fragment after an edit (or to start or cancel one).
fn fragment(detail: &ItemDetail, p: Prop, oob: bool) -> PageResult {
    render(&PropFragment {
        key: detail.item.key.clone(),
        description_html: markdown(&detail.item.description),
        p,
        version: detail.item.version,
        oob,
    })
}

/// The item as it is now, and one of its fields as the page shows it.
async fn current(
    state: &AppState,
    viewer: &Viewer,
    key: &str,
    field: &str,
) -> Result<(ItemDetail, Prop), AppError> {
    let detail = state.app.item(&viewer.ctx, key).await?;
    let choices = Choices::load(state, viewer, &detail.item.project).await?;
    let p = prop(&detail, field, &choices);
    Ok((detail, p))
}

/// `GET /items/{key}/field/{field}` (`?edit=1` for the editor).
pub(crate) async fn field(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((key, field)): Path<(String, String)>,
    QueryPairs(q): QueryPairs,
) -> PageResult {
    let (detail, mut p) = current(&state, &viewer, &key, &field).await?;
    p.editing = q.has("edit");
    fragment(&detail, p, false)
}

/// `POST /items/{key}/field/{field}` (`value`, `version`): saves one field.
pub(crate) async fn save_field(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((key, field)): Path<(String, String)>,
    Form(f): Form,
) -> PageResult {
    let mut patch = match patch_of(&field, f.get("value")) {
        Ok(p) => p,
        Err(message) => return Err(super::PageError::bad_request(&message)),
    };
    patch.expected_version = f.get("version").parse().ok();
    match state.app.update_item(&viewer.ctx, &key, &patch).await {
        Ok(_) => {
            let (detail, p) = current(&state, &viewer, &key, &field).await?;
            fragment(&detail, p, true)
        }
        Err(AppError::Stale { .. }) => {
            let (detail, mut p) = current(&state, &viewer, &key, &field).await?;
            let (who, when) = state
                .app
                .last_change(&viewer.ctx, &key)
                .await?
                .map(|e| {
                    (
                        e.actor.clone().unwrap_or_else(|| "someone".into()),
                        ago(viewer.ctx.now_ms, e.at),
                    )
                })
                .unwrap_or_default();
            p.stale = format!(
                "Changed by {who} {when}: their value is \u{201c}{}\u{201d}, yours was \u{201c}{}\u{201d}. Save again to keep yours.",
                p.value,
                f.get("value")
            );
            p.value = f.get("value").to_string();
            p.editing = true;
            // The fresh version goes out of band, so saving again overwrites knowingly.
            fragment(&detail, p, true)
        }
        Err(AppError::NotFound {
            what: "item",
            key: missing,
        }) if missing.eq_ignore_ascii_case(&key) => {
            Err(AppError::not_found("item", missing).into())
        }
        Err(
            e @ (AppError::Invalid(_)
            | AppError::NotFound { .. }
            | AppError::Cycle(_)
            | AppError::Conflict(_)),
        ) => {
            let (detail, mut p) = current(&state, &viewer, &key, &field).await?;
            p.value = f.get("value").to_string();
            p.editing = true;
            p.error = e.to_string();
            fragment(&detail, p, false)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /items/{key}/comment`.
pub(crate) async fn comment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    Form(f): Form,
) -> PageResult {
    state.app.comment(&viewer.ctx, &key, f.get("body")).await?;
    Ok(Redirect::to(&format!("/items/{key}#comments")).into_response())
}

/// `POST /preview` (`value`): Markdown rendered as the page would show it.
pub(crate) async fn preview(_viewer: Viewer, Form(f): Form) -> PageResult {
    Ok(Html(markdown(f.get("value"))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_drops_raw_html_and_script_links() {
        let html = markdown("**bold** <script>alert(1)</script> [x](javascript:alert(1))");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(!html.contains("<script>"));
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn edits_name_the_field_they_change() {
        assert_eq!(
            patch_of("due", " 2027-01-02 ").unwrap().due.as_deref(),
            Some("2027-01-02")
        );
        assert_eq!(
            patch_of("custom:Platform", "PS5").unwrap().custom,
            vec![("Platform".to_string(), "PS5".to_string())]
        );
        assert!(patch_of("colour", "red").unwrap_err().contains("colour"));
    }
}
