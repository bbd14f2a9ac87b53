//! The localization pages: the string table (completeness per locale, filters by
//! status, locale, check and text, import and check runs), one string (its translations
//! with who and when, findings, edits and history), and vendor hand-offs (export with a
//! deadline, delivery with a per-string diff before it is applied).

use super::form::{Form, QueryPairs};
use super::{Chrome, PageError, PageResult, Viewer, render};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect};
use callsheet_app::loc::handoff::{Delivery, Handoff};
use callsheet_app::loc::runs::RunSummary;
use callsheet_app::loc::{Completeness, StringView};
use callsheet_core::loc::checks::{CHECK_IDS, Severity};

/// Whether the viewer may change strings here (the forms are left out otherwise).
async fn may_edit(state: &AppState, viewer: &Viewer, key: &str) -> bool {
    state
        .app
        .may(&viewer.ctx, key, callsheet_core::policy::Action::EditItems)
        .await
        .unwrap_or(false)
}

/// One segment of a completeness bar, as SVG geometry (no inline styles: the CSP).
struct Segment {
    class: &'static str,
    x: String,
    width: String,
    label: String,
}

struct LocaleBar {
    locale: String,
    percent: u32,
    failing: usize,
    stale: usize,
    segments: Vec<Segment>,
    summary: String,
}

fn bar(c: &Completeness) -> LocaleBar {
    let total = c.total.max(1) as f64;
    let mut x = 0.0;
    let mut segments = Vec::new();
    for (class, n, name) in [
        ("final", c.final_, "final"),
        ("reviewed", c.reviewed, "reviewed"),
        ("translated", c.translated, "translated"),
        ("stale", c.stale, "stale"),
    ] {
        if n == 0 {
            continue;
        }
        let w = n as f64 * 100.0 / total;
        segments.push(Segment {
            class,
            x: format!("{x:.2}"),
            width: format!("{w:.2}"),
            label: format!("{n} {name}"),
        });
        x += w;
    }
    LocaleBar {
        locale: c.locale.clone(),
        percent: c.percent_done,
        failing: c.failing,
        stale: c.stale,
        summary: format!(
            "{} final, {} reviewed, {} translated, {} stale, {} to do",
            c.final_, c.reviewed, c.translated, c.stale, c.new
        ),
        segments,
    }
}

/// One translation cell of the table.
struct Cell {
    text: String,
    status: String,
    /// The error checks that fail here, if any.
    errors: String,
    warnings: usize,
}

struct Row {
    key: String,
    source: String,
    limit: String,
    cells: Vec<Cell>,
}

fn row(s: &StringView, locales: &[String]) -> Row {
    Row {
        key: s.key.clone(),
        source: s.source.clone(),
        limit: s.max_length.map(|m| m.to_string()).unwrap_or_default(),
        cells: locales
            .iter()
            .map(|l| {
                let t = s.translations.get(l).filter(|t| !t.text.trim().is_empty());
                let here = |sev: Severity| {
                    s.findings
                        .iter()
                        .filter(move |f| f.locale == *l && f.severity == sev)
                };
                let mut errors: Vec<&str> = here(Severity::Error).map(|f| f.check).collect();
                errors.dedup();
                Cell {
                    text: t.map(|t| t.text.clone()).unwrap_or_default(),
                    status: t.map_or("new", |t| t.status.as_str()).to_string(),
                    errors: errors.join(", "),
                    warnings: here(Severity::Warning).count(),
                }
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "strings.html")]
struct StringsPage {
    chrome: Chrome,
    key: String,
    source_locale: String,
    locales: Vec<String>,
    bars: Vec<LocaleBar>,
    rows: Vec<Row>,
    total: usize,
    matching: usize,
    errors: usize,
    warnings: usize,
    q: String,
    status: String,
    locale: String,
    check: String,
    checks: Vec<&'static str>,
    statuses: Vec<&'static str>,
    runs: Vec<RunSummary>,
    can_edit: bool,
}

/// `GET /projects/{key}/strings?q=&status=&locale=&check=`.
pub(crate) async fn strings(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    QueryPairs(q): QueryPairs,
) -> PageResult {
    let params = crate::api::loc::ListParams::of(
        q.get("status"),
        q.get("locale"),
        q.get("check"),
        q.get("q"),
    );
    let filter = crate::api::loc::filter_of(params)?;
    let t = state.app.loc_strings(&viewer.ctx, &key, &filter).await?;
    let runs = state.app.loc_runs(&viewer.ctx, &key).await?;
    let shown: Vec<String> = match filter.locale.as_deref() {
        Some(l) => t
            .locales
            .iter()
            .filter(|x| x.as_str() == l)
            .cloned()
            .collect(),
        None => t.locales.clone(),
    };
    let chrome = Chrome::new(&state, &viewer, &t.project, "strings", "Strings").await?;
    render(&StringsPage {
        chrome,
        can_edit: may_edit(&state, &viewer, &t.project).await,
        bars: t.completeness.iter().map(bar).collect(),
        rows: t.strings.iter().map(|s| row(s, &shown)).collect(),
        key: t.project,
        source_locale: t.source_locale,
        locales: shown,
        total: t.total,
        matching: t.matching,
        errors: t.errors,
        warnings: t.warnings,
        q: q.get("q").to_string(),
        status: q.get("status").to_string(),
        locale: q.get("locale").to_string(),
        check: q.get("check").to_string(),
        checks: CHECK_IDS.to_vec(),
        statuses: vec!["new", "translated", "reviewed", "final", "stale"],
        runs: runs.into_iter().take(5).collect(),
    })
}

/// `POST /projects/{key}/strings/runs` (`build`, `file_bugs`): a check run, then back to
/// the table.
pub(crate) async fn run(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    Form(f): Form,
) -> PageResult {
    state
        .app
        .loc_check_run(
            &viewer.ctx,
            &key,
            f.get("build"),
            !f.get("file_bugs").is_empty(),
        )
        .await?;
    Ok(Redirect::to(&format!("/projects/{key}/strings#runs")).into_response())
}

struct TranslationRow {
    locale: String,
    text: String,
    status: String,
    by: String,
    at: String,
    findings: Vec<(String, String, String)>,
}

struct HistoryRow {
    at: String,
    actor: String,
    action: String,
    changes: Vec<(String, String, String)>,
}

fn when(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "string.html")]
struct StringPage {
    chrome: Chrome,
    key: String,
    string_key: String,
    source: String,
    context: String,
    notes: String,
    limit: String,
    tags: String,
    translations: Vec<TranslationRow>,
    history: Vec<HistoryRow>,
    statuses: Vec<&'static str>,
    can_edit: bool,
}

/// `GET /projects/{key}/strings/{string}`.
pub(crate) async fn string(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((key, string_key)): Path<(String, String)>,
) -> PageResult {
    let d = state.app.loc_string(&viewer.ctx, &key, &string_key).await?;
    let settings = state.app.loc_settings(&viewer.ctx, &key).await?;
    let s = &d.string;
    let translations = settings
        .locales
        .iter()
        .map(|l| {
            let t = s.translations.get(l);
            TranslationRow {
                locale: l.clone(),
                text: t.map(|t| t.text.clone()).unwrap_or_default(),
                status: t.map_or("new", |t| t.status.as_str()).to_string(),
                by: t.and_then(|t| t.by.clone()).unwrap_or_default(),
                at: t
                    .filter(|t| t.at > 0)
                    .map(|t| when(t.at))
                    .unwrap_or_default(),
                findings: s
                    .findings
                    .iter()
                    .filter(|f| f.locale == *l)
                    .map(|f| {
                        let sev = match f.severity {
                            Severity::Error => "error",
                            Severity::Warning => "warning",
                        };
                        (sev.to_string(), f.check.to_string(), f.message.clone())
                    })
                    .collect(),
            }
        })
        .collect();
    let history = d
        .history
        .iter()
        .rev()
        .map(|e| HistoryRow {
            at: when(e.at),
            actor: e.actor.clone().unwrap_or_else(|| "system".into()),
            action: e.action.clone(),
            changes: e
                .changes
                .iter()
                .map(|c| {
                    (
                        c.field.clone(),
                        c.before.clone().unwrap_or_default(),
                        c.after.clone().unwrap_or_default(),
                    )
                })
                .collect(),
        })
        .collect();
    let chrome = Chrome::new(&state, &viewer, &key, "strings", &s.key).await?;
    render(&StringPage {
        chrome,
        can_edit: may_edit(&state, &viewer, &key).await,
        key: key.clone(),
        string_key: s.key.clone(),
        source: s.source.clone(),
        context: s.context.clone(),
        notes: s.notes.clone(),
        limit: s.max_length.map(|m| m.to_string()).unwrap_or_default(),
        tags: s.tags.join(" "),
        translations,
        history,
        statuses: vec!["new", "translated", "reviewed", "final", "stale"],
    })
}

/// `POST /projects/{key}/strings/{string}/translations/{locale}` (`text`, `status`).
pub(crate) async fn save_translation(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((key, string_key, locale)): Path<(String, String, String)>,
    Form(f): Form,
) -> PageResult {
    state
        .app
        .set_translation(
            &viewer.ctx,
            &key,
            &string_key,
            &locale,
            f.get("text"),
            Some(f.get("status")),
        )
        .await?;
    Ok(Redirect::to(&format!("/projects/{key}/strings/{string_key}#t-{locale}")).into_response())
}

#[derive(Template)]
#[template(path = "handoffs.html")]
struct HandoffsPage {
    chrome: Chrome,
    key: String,
    locales: Vec<String>,
    handoffs: Vec<Handoff>,
    can_edit: bool,
}

/// `GET /projects/{key}/handoffs`.
pub(crate) async fn handoffs(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
) -> PageResult {
    let handoffs = state.app.loc_handoffs(&viewer.ctx, &key).await?;
    let settings = state.app.loc_settings(&viewer.ctx, &key).await?;
    let chrome = Chrome::new(&state, &viewer, &key, "handoffs", "Hand-offs").await?;
    render(&HandoffsPage {
        chrome,
        can_edit: may_edit(&state, &viewer, &key).await,
        key,
        locales: settings.locales,
        handoffs,
    })
}

/// `POST /projects/{key}/handoffs` (`locale`, `scope`, `format`, `vendor`, `due`): the
/// file to send, with the hand-off recorded when a vendor is named.
pub(crate) async fn hand_off(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    Form(f): Form,
) -> PageResult {
    let body = crate::api::loc::ExportBody::of(
        f.get("locale"),
        f.get("scope"),
        f.get("format"),
        f.get("vendor"),
        f.get("due"),
    );
    let req = crate::api::loc::export_request(body)?;
    let e = state.app.loc_export(&viewer.ctx, &key, &req).await?;
    Ok(crate::api::loc::download(e))
}

#[derive(Template)]
#[template(path = "delivery.html")]
struct DeliveryFragment {
    d: Delivery,
    counts: Vec<(&'static str, usize)>,
}

/// `POST /projects/{key}/deliveries/preview?name=&locale=` with the vendor's file as the
/// body: the per-string diff, as a fragment the hand-offs page shows before applying.
pub(crate) async fn delivery_preview(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    QueryPairs(q): QueryPairs,
    body: Bytes,
) -> PageResult {
    let locale = Some(q.get("locale")).filter(|l| !l.is_empty());
    let d = state
        .app
        .loc_delivery_preview(&viewer.ctx, &key, q.get("name"), &body, locale)
        .await?;
    let counts = [
        "added",
        "changed",
        "outdated",
        "unchanged",
        "untranslated",
        "unknown",
    ]
    .into_iter()
    .map(|c| (c, d.rows.iter().filter(|r| r.change == c).count()))
    .filter(|(_, n)| *n > 0)
    .collect();
    let page = DeliveryFragment { d, counts };
    Ok(Html(page.render().map_err(PageError::from)?).into_response())
}
