//! Localization over the API: the string table with filters and completeness, imports
//! (the file is the request body; all or nothing), edits, settings and the allow list,
//! hand-off exports, vendor deliveries (preview, then apply) and check runs for builds.

use crate::caller::Caller;
use crate::extract::{Body, Params};
use crate::{AppState, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use callsheet_app::AppError;
use callsheet_app::loc::handoff::{Export, ExportRequest, parse_format};
use callsheet_app::loc::{Settings, StringFilter, parse_status};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// new, translated, reviewed, final or stale (in `locale`, or in any locale).
    status: Option<String>,
    /// A target locale: `fr`, `pt-BR`.
    locale: Option<String>,
    /// A check id: only strings with that finding (`placeholders`, `max_length` ...).
    check: Option<String>,
    /// Words in the key, source, context, notes or translations, or a whole tag.
    q: Option<String>,
    /// At most this many strings (default 500).
    limit: Option<usize>,
}

impl ListParams {
    /// The parameters as a page's query string gives them (empty is absent).
    pub(crate) fn of(status: &str, locale: &str, check: &str, q: &str) -> Self {
        let some = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
        ListParams {
            status: some(status),
            locale: some(locale),
            check: some(check),
            q: some(q),
            limit: None,
        }
    }
}

/// Reads the filter of a string-table request.
pub(crate) fn filter_of(p: ListParams) -> Result<StringFilter, AppError> {
    let status = match p.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_status("status", s)?),
        None => None,
    };
    Ok(StringFilter {
        status,
        locale: p.locale.filter(|l| !l.is_empty()),
        check: p.check.filter(|c| !c.is_empty()),
        text: p.q.filter(|q| !q.trim().is_empty()),
        limit: p.limit.unwrap_or(500).min(5000),
    })
}

/// The string table: strings (filtered), every locale's completeness, error and warning
/// counts.
#[utoipa::path(get, path = "/api/v1/projects/{key}/strings", tag = "localization",
    params(("key" = String, Path, description = "Project key"), ListParams),
    responses((status = 200, description = "project, source_locale, locales, total, matching, strings, completeness, errors, warnings", body = Object),
              (status = 403, description = "Vendors work from hand-off files, not the table.")))]
pub async fn list(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(p): Params<ListParams>,
) -> Result<Response, Problem> {
    let filter = filter_of(p)?;
    Ok(Json(state.app.loc_strings(&ctx, &key, &filter).await?).into_response())
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FileParams {
    /// The file's name, which says its format: `strings.csv`, `fr.po`, `fr.xlf`, `all.xlsx`.
    name: String,
    /// The locale a PO or XLIFF file holds when it does not say; for a delivery in CSV
    /// or XLSX, which column is delivered.
    locale: Option<String>,
    /// For a delivery: the hand-off it answers, marked delivered (on time or late).
    handoff: Option<i64>,
}

/// Imports a string table (the request body is the file): new keys are added, changed
/// sources turn their translations stale, every non-empty translation is set. A broken
/// file is refused with `file:line:column` and nothing is saved.
#[utoipa::path(post, path = "/api/v1/projects/{key}/strings/import", tag = "localization",
    params(("key" = String, Path, description = "Project key"), FileParams),
    request_body(content = String, description = "The file: PO, CSV, XLSX, XLIFF 1.2 or 2.0", content_type = "application/octet-stream"),
    responses((status = 200, description = "strings_added, sources_changed, translations_set, marked_stale, locales", body = Object),
              (status = 400, description = "The file's mistake, with its place.")))]
pub async fn import(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(p): Params<FileParams>,
    body: Bytes,
) -> Result<Response, Problem> {
    let report = state
        .app
        .loc_import(&ctx, &key, &p.name, &body, None, p.locale.as_deref())
        .await?;
    Ok(Json(report).into_response())
}

/// One string: its translations (with who and when), findings and history.
#[utoipa::path(get, path = "/api/v1/projects/{key}/strings/{string}", tag = "localization",
    params(("key" = String, Path, description = "Project key"), ("string" = String, Path, description = "String key")),
    responses((status = 200, description = "string, source_hash, history", body = Object),
              (status = 404, description = "No such string.")))]
pub async fn show(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, string)): Path<(String, String)>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.loc_string(&ctx, &key, &string).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEdit {
    /// The new source text; every translation of the string turns stale.
    source: String,
}

/// Sets a string's source text, adding the string when the key is new.
#[utoipa::path(put, path = "/api/v1/projects/{key}/strings/{string}", tag = "localization",
    params(("key" = String, Path, description = "Project key"), ("string" = String, Path, description = "String key")),
    request_body = SourceEdit,
    responses((status = 200, description = "The string, as GET gives it.", body = Object)))]
pub async fn set_source(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, string)): Path<(String, String)>,
    Body(body): Body<SourceEdit>,
) -> Result<Response, Problem> {
    Ok(Json(
        state
            .app
            .set_loc_source(&ctx, &key, &string, &body.source)
            .await?,
    )
    .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationEdit {
    text: String,
    /// new, translated, reviewed, final or stale (default: translated, or new when empty).
    #[serde(default)]
    status: Option<String>,
}

/// Sets one locale's translation of a string.
#[utoipa::path(put, path = "/api/v1/projects/{key}/strings/{string}/translations/{locale}", tag = "localization",
    params(("key" = String, Path, description = "Project key"), ("string" = String, Path, description = "String key"),
           ("locale" = String, Path, description = "Target locale")),
    request_body = TranslationEdit,
    responses((status = 200, description = "The string, as GET gives it.", body = Object),
              (status = 400, description = "A locale the project does not translate into, or a bad status.")))]
pub async fn set_translation(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, string, locale)): Path<(String, String, String)>,
    Body(body): Body<TranslationEdit>,
) -> Result<Response, Problem> {
    let d = state
        .app
        .set_translation(
            &ctx,
            &key,
            &string,
            &locale,
            &body.text,
            body.status.as_deref(),
        )
        .await?;
    Ok(Json(d).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// The language the source strings are written in: `en`.
    source_locale: String,
    /// codepoints, graphemes, utf8 or utf16.
    length_unit: String,
    /// The target locales: `["fr", "pt-BR"]`.
    locales: Vec<String>,
    /// Terms never translated.
    #[serde(default)]
    do_not_translate: Vec<String>,
}

/// The project's localization settings.
#[utoipa::path(get, path = "/api/v1/projects/{key}/loc/settings", tag = "localization",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "source_locale, length_unit, locales, do_not_translate", body = Object)))]
pub async fn settings(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    let s = state.app.loc_settings(&ctx, &key).await?;
    Ok(Json(settings_json(&s)).into_response())
}

fn settings_json(s: &Settings) -> serde_json::Value {
    serde_json::json!({
        "source_locale": s.source_locale,
        "length_unit": s.length_unit,
        "locales": s.locales,
        "do_not_translate": s.do_not_translate,
    })
}

/// Sets the source locale, target locales, length unit and glossary (producers).
#[utoipa::path(put, path = "/api/v1/projects/{key}/loc/settings", tag = "localization",
    params(("key" = String, Path, description = "Project key")),
    request_body = SettingsBody,
    responses((status = 200, description = "The settings, canonicalised.", body = Object)))]
pub async fn set_settings(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(b): Body<SettingsBody>,
) -> Result<Response, Problem> {
    let wanted = Settings {
        source_locale: b.source_locale,
        length_unit: b.length_unit,
        locales: b.locales,
        do_not_translate: b.do_not_translate,
    };
    let s = state.app.set_loc_settings(&ctx, &key, &wanted).await?;
    Ok(Json(settings_json(&s)).into_response())
}

/// The allow list: findings muted for a key or the whole project, with reasons.
#[utoipa::path(get, path = "/api/v1/projects/{key}/loc/allow", tag = "localization",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "id, key, check, reason, by, at", body = Object)))]
pub async fn allow_list(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.loc_allow_list(&ctx, &key).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllowBody {
    /// The string key; without one, the check is muted for the whole project.
    #[serde(default)]
    key: Option<String>,
    check: String,
    reason: String,
}

/// Mutes a check for a key or the project, with a reason (producers).
#[utoipa::path(post, path = "/api/v1/projects/{key}/loc/allow", tag = "localization",
    params(("key" = String, Path, description = "Project key")),
    request_body = AllowBody,
    responses((status = 201, description = "The whole list.", body = Object),
              (status = 400, description = "An unknown check, or no reason.")))]
pub async fn allow(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(b): Body<AllowBody>,
) -> Result<Response, Problem> {
    let list = state
        .app
        .loc_allow(&ctx, &key, b.key.as_deref(), &b.check, &b.reason)
        .await?;
    Ok((StatusCode::CREATED, Json(list)).into_response())
}

/// Removes an entry from the allow list.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/loc/allow/{id}", tag = "localization",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "Entry id")),
    responses((status = 204, description = "Removed."), (status = 404, description = "No such entry.")))]
pub async fn disallow(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, id)): Path<(String, i64)>,
) -> Result<StatusCode, Problem> {
    state.app.loc_disallow(&ctx, &key, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportBody {
    locale: String,
    /// needed (new and stale strings; the default) or all.
    #[serde(default)]
    scope: Option<String>,
    /// xliff (1.2, the default), xliff2, xlsx, po or csv.
    #[serde(default)]
    format: Option<String>,
    /// Who it goes to; with a vendor, the hand-off is recorded.
    #[serde(default)]
    vendor: Option<String>,
    /// The delivery deadline: `2027-03-01`.
    #[serde(default)]
    due: Option<String>,
}

impl ExportBody {
    /// The fields as a page's form gives them (empty is absent).
    pub(crate) fn of(locale: &str, scope: &str, format: &str, vendor: &str, due: &str) -> Self {
        let some = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
        ExportBody {
            locale: locale.to_string(),
            scope: some(scope),
            format: some(format),
            vendor: some(vendor),
            due: some(due),
        }
    }
}

/// Reads what an export asks for.
pub(crate) fn export_request(b: ExportBody) -> Result<ExportRequest, AppError> {
    ExportRequest::from_names(
        "",
        &b.locale,
        b.scope.as_deref().unwrap_or(""),
        b.format.as_deref().unwrap_or(""),
        b.vendor,
        b.due,
    )
}

/// A download of an export.
pub(crate) fn download(e: Export) -> Response {
    (
        [
            (header::CONTENT_TYPE, e.media_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", e.file_name),
            ),
        ],
        e.bytes,
    )
        .into_response()
}

/// Downloads what a locale needs (or everything) for translation; nothing is recorded.
#[utoipa::path(get, path = "/api/v1/projects/{key}/strings/export", tag = "localization",
    params(("key" = String, Path, description = "Project key"), ExportBody),
    responses((status = 200, description = "The file, with notes, context and length limits.", content_type = "application/octet-stream")))]
pub async fn export(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(b): Params<ExportBody>,
) -> Result<Response, Problem> {
    let req = ExportRequest {
        vendor: None,
        due: None,
        ..export_request(b)?
    };
    Ok(download(state.app.loc_export(&ctx, &key, &req).await?))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PseudoParams {
    /// The pseudo locale's code (default `en-XA`).
    locale: Option<String>,
    /// How much longer, in percent (default 30, at most 300).
    grow: Option<u32>,
    /// csv (default), xlsx, po, xliff or xliff2.
    format: Option<String>,
}

/// A pseudo locale made from every source string (accented, longer, bracketed) for a
/// test build that shows overflow before any translation arrives. Nothing is saved.
#[utoipa::path(get, path = "/api/v1/projects/{key}/strings/pseudo", tag = "localization",
    params(("key" = String, Path, description = "Project key"), PseudoParams),
    responses((status = 200, description = "The file.", content_type = "application/octet-stream")))]
pub async fn pseudo(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(p): Params<PseudoParams>,
) -> Result<Response, Problem> {
    let format = parse_format("format", p.format.as_deref().unwrap_or("csv"))?;
    let e = state
        .app
        .loc_pseudo(
            &ctx,
            &key,
            p.locale.as_deref().unwrap_or("en-XA"),
            p.grow.unwrap_or(30),
            format,
        )
        .await?;
    Ok(download(e))
}

/// The project's vendor hand-offs, newest first, with delivery against the deadline.
#[utoipa::path(get, path = "/api/v1/projects/{key}/handoffs", tag = "localization",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "id, locale, vendor, format, scope, strings, due, sent_on, delivered_on, applied, days_late", body = Object)))]
pub async fn handoffs(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.loc_handoffs(&ctx, &key).await?).into_response())
}

/// Hands a locale off to a vendor: the file to send, and the hand-off recorded with its
/// deadline (its id is in the `X-Handoff` header).
#[utoipa::path(post, path = "/api/v1/projects/{key}/handoffs", tag = "localization",
    params(("key" = String, Path, description = "Project key")),
    request_body = ExportBody,
    responses((status = 201, description = "The file to send.", content_type = "application/octet-stream"),
              (status = 400, description = "No vendor, an unknown locale, format or date.")))]
pub async fn hand_off(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(b): Body<ExportBody>,
) -> Result<Response, Problem> {
    let req = export_request(b)?;
    if req.vendor.as_deref().is_none_or(|v| v.trim().is_empty()) {
        return Err(AppError::invalid("vendor", "", "a hand-off names who it goes to").into());
    }
    let e = state.app.loc_export(&ctx, &key, &req).await?;
    let id = e.handoff.unwrap_or_default();
    let mut response = download(e);
    *response.status_mut() = StatusCode::CREATED;
    if let Ok(v) = header::HeaderValue::from_str(&id.to_string()) {
        response.headers_mut().insert("x-handoff", v);
    }
    Ok(response)
}

/// Reads a vendor's file against the table: each string added, changed, unchanged,
/// outdated (made for an older source) or unknown. Nothing is saved.
#[utoipa::path(post, path = "/api/v1/projects/{key}/deliveries/preview", tag = "localization",
    params(("key" = String, Path, description = "Project key"), FileParams),
    request_body(content = String, description = "The vendor's file", content_type = "application/octet-stream"),
    responses((status = 200, description = "locale, rows (key, change, before, after, status_before, status_after), to_apply", body = Object)))]
pub async fn preview(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(p): Params<FileParams>,
    body: Bytes,
) -> Result<Response, Problem> {
    let d = state
        .app
        .loc_delivery_preview(&ctx, &key, &p.name, &body, p.locale.as_deref())
        .await?;
    Ok(Json(d).into_response())
}

/// Applies a vendor's file, and marks its hand-off delivered (`days_late` past the
/// deadline, if any).
#[utoipa::path(post, path = "/api/v1/projects/{key}/deliveries", tag = "localization",
    params(("key" = String, Path, description = "Project key"), FileParams),
    request_body(content = String, description = "The vendor's file", content_type = "application/octet-stream"),
    responses((status = 200, description = "The diff applied, with handoff and days_late.", body = Object)))]
pub async fn deliver(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(p): Params<FileParams>,
    body: Bytes,
) -> Result<Response, Problem> {
    let d = state
        .app
        .loc_delivery_apply(&ctx, &key, &p.name, &body, p.locale.as_deref(), p.handoff)
        .await?;
    Ok(Json(d).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunBody {
    /// The build label: `2027.03.1-rc2`.
    build: String,
    /// File (or update) one bug per failing key.
    #[serde(default)]
    file_bugs: bool,
}

/// Checks every string for a build and records the run; exit-code style: `errors` > 0
/// means the build should not ship.
#[utoipa::path(post, path = "/api/v1/projects/{key}/loc/runs", tag = "localization",
    params(("key" = String, Path, description = "Project key")),
    request_body = RunBody,
    responses((status = 201, description = "id, build, errors, warnings, findings, bugs_filed, bugs_updated", body = Object)))]
pub async fn run(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(b): Body<RunBody>,
) -> Result<Response, Problem> {
    let r = state
        .app
        .loc_check_run(&ctx, &key, &b.build, b.file_bugs)
        .await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

/// The project's check runs, newest first.
#[utoipa::path(get, path = "/api/v1/projects/{key}/loc/runs", tag = "localization",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "id, build, at, by, errors, warnings", body = Object)))]
pub async fn runs(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.loc_runs(&ctx, &key).await?).into_response())
}
