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
use callsheet_app::input::{ItemJson, ItemPatch, ItemRef, LinkRequest, field_values};
use callsheet_core::ValueError;
use callsheet_core::page::Page;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// Query-language text, e.g. `kind = bug AND status.category != done ORDER BY priority DESC`.
    #[serde(default)]
    q: String,
    /// Items per page, 1 to 500 (default 50).
    limit: Option<i64>,
    /// `next_cursor` from the previous page.
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

/// One page of a query, in one project or across the caller's projects.
async fn query_page(
    state: &AppState,
    ctx: &callsheet_app::Ctx,
    project: Option<&str>,
    params: &ListParams,
) -> Result<Json<serde_json::Value>, Problem> {
    let page = Page {
        limit: params.limit.unwrap_or(50).clamp(1, 500),
        offset: offset_of(params.cursor.as_deref())?,
    };
    let result = state.app.list_items(ctx, project, &params.q, page).await?;
    Ok(Json(
        serde_json::json!({"items": result.items, "next_cursor": result.next_offset.map(|o| o.to_string())}),
    ))
}

/// A project's items matching a query, one page at a time.
#[utoipa::path(get, path = "/api/v1/projects/{key}/items", tag = "items",
    params(("key" = String, Path, description = "Project key"), ListParams),
    responses((status = 200, description = "`items` and `next_cursor` (null on the last page)", body = Object),
              (status = 400, description = "A query error with its line and column.")))]
pub async fn list(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Params(params): Params<ListParams>,
) -> Result<Json<serde_json::Value>, Problem> {
    query_page(&state, &ctx, Some(&key), &params).await
}

/// Items matching a query across every project the caller belongs to.
#[utoipa::path(get, path = "/api/v1/items", tag = "items",
    params(ListParams),
    responses((status = 200, description = "`items` and `next_cursor`", body = Object),
              (status = 400, description = "A query error with its line and column.")))]
pub async fn search(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Params(params): Params<ListParams>,
) -> Result<Json<serde_json::Value>, Problem> {
    query_page(&state, &ctx, None, &params).await
}

/// Creates an item. References (parent, milestone, link targets) are item keys.
#[utoipa::path(post, path = "/api/v1/projects/{key}/items", tag = "items",
    params(("key" = String, Path, description = "Project key")),
    request_body(content = Object, description = "kind, title, description, status, priority, severity, assignee, reporter, department, labels, estimate, start, due, parent, milestone, fields {name: value}, links [{kind, to}], watchers", example = json!({"kind": "bug", "title": "Cape clips through armour", "priority": "high", "severity": "major", "labels": ["playtest"], "fields": {"Platform": "PS5"}})),
    responses((status = 201, description = "The item, with `Location` and `ETag`.", body = Object),
              (status = 400, description = "A bad field, named with its value.")))]
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

/// An item with its labels, custom fields, links, children, watchers and comments.
#[utoipa::path(get, path = "/api/v1/items/{key}", tag = "items",
    params(("key" = String, Path, description = "Item key, e.g. NJ-7")),
    responses((status = 200, description = "The item; `ETag` carries its version.", body = Object),
              (status = 404, description = "No such item, or not visible to the caller.")))]
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

/// A change to an item; a field left out is left alone, `""` or `null` clears it. Its fields
/// are [`ItemPatch::FIELDS`] (declared once, in the app), `add_labels`, `remove_labels` and
/// `fields` (custom fields by name).
#[derive(Deserialize, Default)]
#[serde(transparent)]
pub struct PatchBody(serde_json::Map<String, serde_json::Value>);

impl utoipa::PartialSchema for PatchBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
        let text_or_null = |doc: &str| {
            ObjectBuilder::new()
                .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                .description((!doc.is_empty()).then(|| doc.trim().to_string()))
        };
        let labels = || ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String));
        let mut object = ObjectBuilder::new()
            .description(Some(
                "A change to an item; a field left out is left alone, `\"\"` or `null` clears it.",
            ))
            .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::<
                utoipa::openapi::schema::Schema,
            >::FreeForm(false)));
        for (name, doc) in ItemPatch::FIELDS {
            object = object.property(*name, text_or_null(doc));
        }
        object = object
            .property("add_labels", labels())
            .property("remove_labels", labels())
            .property(
                "fields",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .description(Some("Custom fields by name.")),
            );
        utoipa::openapi::RefOr::T(utoipa::openapi::schema::Schema::Object(object.build()))
    }
}

impl utoipa::ToSchema for PatchBody {}

impl PatchBody {
    /// The change as the use case takes it, naming the field of any value that does not fit.
    fn into_patch(self) -> Result<ItemPatch, Problem> {
        let bad = |field: &str, why: &str| {
            Problem::new(StatusCode::BAD_REQUEST, &format!("{field}: {why}"))
        };
        let mut patch = ItemPatch::default();
        for (field, value) in self.0 {
            match (field.as_str(), value) {
                ("add_labels" | "remove_labels", serde_json::Value::Array(values)) => {
                    let labels = values
                        .into_iter()
                        .map(|v| match v {
                            serde_json::Value::String(s) => Ok(s),
                            _ => Err(bad(&field, "expected a list of labels (text)")),
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    if field == "add_labels" {
                        patch.add_labels = labels;
                    } else {
                        patch.remove_labels = labels;
                    }
                }
                ("fields", serde_json::Value::Object(map)) => {
                    let map: BTreeMap<String, serde_json::Value> = map.into_iter().collect();
                    patch.custom = field_values(&map).map_err(AppError::from)?;
                }
                (name, serde_json::Value::String(text)) if patch.set(name, text.clone()) => {}
                // `null` clears the field: the use case reads that as "".
                (name, serde_json::Value::Null) if patch.set(name, String::new()) => {}
                (name, _) if ItemPatch::FIELDS.iter().any(|(f, _)| *f == name) => {
                    return Err(bad(name, "expected text or null"));
                }
                (name, _) => {
                    let known: Vec<&str> = ItemPatch::FIELDS.iter().map(|(f, _)| *f).collect();
                    return Err(bad(
                        name,
                        &format!(
                            "unknown field; an item's change takes {}, add_labels, remove_labels and fields",
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(patch)
    }
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

/// Changes fields of an item. `If-Match` must carry the ETag read; a stale one is 412.
#[utoipa::path(patch, path = "/api/v1/items/{key}", tag = "items",
    params(("key" = String, Path, description = "Item key"),
           ("If-Match" = String, Header, description = "The ETag read, e.g. \"v3\"")),
    request_body = PatchBody,
    responses((status = 200, description = "The item after the change, with its new ETag.", body = Object),
              (status = 412, description = "Someone changed it since; nothing was written."),
              (status = 428, description = "If-Match is missing.")))]
pub async fn update(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    headers: HeaderMap,
    Body(body): Body<PatchBody>,
) -> Result<Response, Problem> {
    let patch = ItemPatch {
        expected_version: Some(if_match(&headers)?),
        ..body.into_patch()?
    };
    let row = state.app.update_item(&ctx, &key, &patch).await?;
    let mut response = Json(&row).into_response();
    response
        .headers_mut()
        .insert(header::ETAG, etag(row.version));
    Ok(response)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// Markdown.
    body: String,
}

/// Adds a comment.
#[utoipa::path(post, path = "/api/v1/items/{key}/comments", tag = "items",
    params(("key" = String, Path, description = "Item key")), request_body = CommentBody,
    responses((status = 201, description = "The comment.", body = Object)))]
pub async fn comment(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<CommentBody>,
) -> Result<Response, Problem> {
    let comment = state.app.comment(&ctx, &key, &body.body).await?;
    Ok((StatusCode::CREATED, Json(comment)).into_response())
}

#[derive(Deserialize, IntoParams)]
pub struct PageParams {
    /// Events per page, 1 to 500 (default 100).
    limit: Option<i64>,
    /// `next_cursor` from the previous page.
    cursor: Option<String>,
}

/// The item's history from the activity log, oldest first.
#[utoipa::path(get, path = "/api/v1/items/{key}/history", tag = "items",
    params(("key" = String, Path, description = "Item key"), PageParams),
    responses((status = 200, description = "`events` (at, actor, action, changes [{field, before, after}]) and `next_cursor`", body = Object)))]
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkBody {
    /// blocks, relates, duplicates or depends_on: "this KIND to".
    kind: String,
    to: String,
    /// For depends_on: fs, ss, ff or sf (default fs).
    dep_type: Option<String>,
    /// For depends_on: days between the two.
    #[serde(default)]
    lag_days: i64,
}

/// Links this item to another: `NJ-3 depends_on NJ-2`.
#[utoipa::path(post, path = "/api/v1/items/{key}/links", tag = "items",
    params(("key" = String, Path, description = "Item key")), request_body = LinkBody,
    responses((status = 201, description = "Linked."),
              (status = 400, description = "A dependency cycle, named item by item, or a bad kind.")))]
pub async fn link(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<LinkBody>,
) -> Result<StatusCode, Problem> {
    let request = LinkRequest {
        from: key,
        kind: body.kind,
        to: body.to,
        dep_type: body.dep_type,
        lag_days: body.lag_days,
    };
    state.app.link(&ctx, &request, false).await?;
    Ok(StatusCode::CREATED)
}

/// Removes a link.
#[utoipa::path(delete, path = "/api/v1/items/{key}/links/{kind}/{to}", tag = "items",
    params(("key" = String, Path, description = "Item key"), ("kind" = String, Path, description = "Link kind"),
           ("to" = String, Path, description = "The other item's key")),
    responses((status = 204, description = "Unlinked."), (status = 404, description = "No such link.")))]
pub async fn unlink(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, kind, to)): Path<(String, String, String)>,
) -> Result<StatusCode, Problem> {
    let request = LinkRequest::new(&key, &kind, &to);
    state.app.link(&ctx, &request, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a watcher: oneself (anyone who sees the item), or someone else (those who may edit it).
#[utoipa::path(put, path = "/api/v1/items/{key}/watchers/{handle}", tag = "items",
    params(("key" = String, Path, description = "Item key"), ("handle" = String, Path, description = "Person")),
    responses((status = 204, description = "Watching.")))]
pub async fn watch(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, handle)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    state.app.watch(&ctx, &key, &handle, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a watcher.
#[utoipa::path(delete, path = "/api/v1/items/{key}/watchers/{handle}", tag = "items",
    params(("key" = String, Path, description = "Item key"), ("handle" = String, Path, description = "Person")),
    responses((status = 204, description = "Not watching.")))]
pub async fn unwatch(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, handle)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    state.app.watch(&ctx, &key, &handle, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
