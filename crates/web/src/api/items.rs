//! Items: list by query with cursor pagination, create, read with an `ETag`, change
//! with `If-Match` (a stale version gets 412 and changes nothing), comment, history.

use crate::caller::Caller;
use crate::extract::{Body, Params};
use crate::{AppState, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use callsheet_app::AppError;
use callsheet_app::input::{ItemJson, ItemPatch, ItemRef, field_values};
use callsheet_core::ValueError;
use callsheet_store::query::Page;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    limit: Option<i64>,
    cursor: Option<String>,
}

/// Cursors are opaque to clients; today they carry the offset of the next page.
fn offset_of(cursor: Option<&str>) -> Result<i64, Problem> {
    match cursor {
        None | Some("") => Ok(0),
        Some(c) => c.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                &format!("cursor: {c:?} is not a cursor this server gave out"),
            )
        }),
    }
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"v{version}\"")).unwrap_or(HeaderValue::from_static("\"v0\""))
}

pub async fn list(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(params): Params<ListParams>,
) -> Result<Json<serde_json::Value>, Problem> {
    let page = Page {
        limit: params.limit.unwrap_or(50).clamp(1, 500),
        offset: offset_of(params.cursor.as_deref())?,
    };
    let result = state
        .app
        .list_items(&ctx, Some(&key), &params.q, page)
        .await?;
    Ok(Json(
        serde_json::json!({"items": result.items, "next_cursor": result.next_offset.map(|o| o.to_string())}),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<ItemJson>,
) -> Result<Response, Problem> {
    // Over the API every reference is an item key.
    let input = body
        .into_input(|_, key| Ok::<_, ValueError>(ItemRef::Key(key.to_string())))
        .map_err(AppError::from)?;
    let row = state.app.create_item(&ctx, &key, &input).await?;
    let mut response = (StatusCode::CREATED, Json(&row)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/items/{}", row.key)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
        .headers_mut()
        .insert(header::ETAG, etag(row.version));
    Ok(response)
}

pub async fn show(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    let detail = state.app.item(&ctx, &key).await?;
    let version = detail.item.version;
    let mut response = Json(detail).into_response();
    response.headers_mut().insert(header::ETAG, etag(version));
    Ok(response)
}

/// A change to an item; a field left out is left alone, `""` or `null` clears it.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PatchBody {
    kind: Option<String>,
    title: Option<String>,
    description: Option<String>,
    status: Option<String>,
    priority: Option<String>,
    severity: Option<Option<String>>,
    assignee: Option<Option<String>>,
    reporter: Option<Option<String>>,
    department: Option<Option<String>>,
    estimate: Option<Option<String>>,
    start: Option<Option<String>>,
    due: Option<Option<String>>,
    parent: Option<Option<String>>,
    milestone: Option<Option<String>>,
    #[serde(default)]
    add_labels: Vec<String>,
    #[serde(default)]
    remove_labels: Vec<String>,
    #[serde(default)]
    fields: BTreeMap<String, serde_json::Value>,
}

/// `Some(None)` (JSON null) clears a field: the use case reads that as "".
fn clearable(value: Option<Option<String>>) -> Option<String> {
    value.map(Option::unwrap_or_default)
}

/// The version an `If-Match: "v3"` header names.
fn if_match(headers: &HeaderMap) -> Result<i64, Problem> {
    let raw = headers.get(header::IF_MATCH).ok_or_else(|| {
        Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "send If-Match with the ETag you read, so no one's change is lost",
        )
    })?;
    raw.to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.strip_prefix('v'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "If-Match: expected an ETag this server gave out, like \"v3\"",
            )
        })
}

pub async fn update(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    headers: HeaderMap,
    Body(body): Body<PatchBody>,
) -> Result<Response, Problem> {
    let patch = ItemPatch {
        kind: body.kind,
        title: body.title,
        description: body.description,
        status: body.status,
        priority: body.priority,
        severity: clearable(body.severity),
        assignee: clearable(body.assignee),
        reporter: clearable(body.reporter),
        department: clearable(body.department),
        estimate: clearable(body.estimate),
        start: clearable(body.start),
        due: clearable(body.due),
        parent: clearable(body.parent),
        milestone: clearable(body.milestone),
        add_labels: body.add_labels,
        remove_labels: body.remove_labels,
        custom: field_values(&body.fields).map_err(AppError::from)?,
        expected_version: Some(if_match(&headers)?),
    };
    let row = state.app.update_item(&ctx, &key, &patch).await?;
    let mut response = Json(&row).into_response();
    response
        .headers_mut()
        .insert(header::ETAG, etag(row.version));
    Ok(response)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    body: String,
}

pub async fn comment(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<CommentBody>,
) -> Result<Response, Problem> {
    let comment = state.app.comment(&ctx, &key, &body.body).await?;
    Ok((StatusCode::CREATED, Json(comment)).into_response())
}

#[derive(Deserialize)]
pub struct PageParams {
    limit: Option<i64>,
    cursor: Option<String>,
}

pub async fn history(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(params): Params<PageParams>,
) -> Result<Json<serde_json::Value>, Problem> {
    let limit = params.limit.unwrap_or(100).clamp(1, 500);
    let offset = offset_of(params.cursor.as_deref())?;
    let mut events = state
        .app
        .history(
            &ctx,
            &key,
            Page {
                limit: limit + 1,
                offset,
            },
        )
        .await?;
    let more = events.len() as i64 > limit;
    events.truncate(limit as usize);
    let next = more.then(|| (offset + limit).to_string());
    Ok(Json(
        serde_json::json!({"events": events, "next_cursor": next}),
    ))
}
