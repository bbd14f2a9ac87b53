//! Projects and what producers manage in them: members and roles, custom fields, the
//! workflow (statuses, transitions, WIP limits) and saved views.

use crate::caller::Caller;
use crate::extract::Body;
use crate::{AppState, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use callsheet_app::views::NewView;
use serde::Deserialize;
use utoipa::ToSchema;

/// The projects the caller belongs to.
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects",
    responses((status = 200, description = "The caller's projects: key, name, created_at.", body = Object)))]
pub async fn list(State(state): State<AppState>, Caller(ctx): Caller) -> Result<Response, Problem> {
    Ok(Json(state.app.projects(&ctx).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProject {
    /// 2 to 10 capital letters or digits, starting with a letter: `NJ`.
    key: String,
    name: String,
}

/// Creates a project with the standard workflow; the caller becomes its admin.
#[utoipa::path(post, path = "/api/v1/projects", tag = "projects", request_body = NewProject,
    responses((status = 201, description = "The project.", body = Object),
              (status = 400, description = "A bad key or name, named in the problem."),
              (status = 409, description = "The key is taken.")))]
pub async fn create(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Body(body): Body<NewProject>,
) -> Result<Response, Problem> {
    let project = state
        .app
        .create_project(&ctx, &body.key, &body.name)
        .await?;
    Ok((StatusCode::CREATED, Json(project)).into_response())
}

/// A project with its members, kinds, custom fields and workflow.
#[utoipa::path(get, path = "/api/v1/projects/{key}", tag = "projects",
    params(("key" = String, Path, description = "Project key, e.g. NJ")),
    responses((status = 200, description = "project, members, kinds, fields, workflow", body = Object),
              (status = 404, description = "No such project, or the caller is not in it.")))]
pub async fn show(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    let project = state.app.project(&ctx, &key).await?;
    let members = state.app.members(&ctx, &key).await?;
    let kinds = state.app.kinds(&ctx, &key).await?;
    let fields = state.app.fields(&ctx, &key).await?;
    let workflow = state.app.workflow(&ctx, &key).await?;
    Ok(Json(
        serde_json::json!({"project": project, "members": members, "kinds": kinds, "fields": fields, "workflow": workflow}),
    )
    .into_response())
}

/// The project's members and their roles.
#[utoipa::path(get, path = "/api/v1/projects/{key}/members", tag = "projects",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "handle, display_name, role, department", body = Object)))]
pub async fn members(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.members(&ctx, &key).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberBody {
    /// admin, producer, member, vendor or viewer.
    role: String,
    department: Option<String>,
}

/// Adds a person to the project, or changes their role (producers).
#[utoipa::path(put, path = "/api/v1/projects/{key}/members/{handle}", tag = "projects",
    request_body = MemberBody,
    params(("key" = String, Path, description = "Project key"), ("handle" = String, Path, description = "Person")),
    responses((status = 200, description = "The membership.", body = Object),
              (status = 403, description = "Only producers manage members.")))]
pub async fn set_member(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, handle)): Path<(String, String)>,
    Body(body): Body<MemberBody>,
) -> Result<Response, Problem> {
    let member = state
        .app
        .set_member(&ctx, &key, &handle, &body.role, body.department.as_deref())
        .await?;
    Ok(Json(member).into_response())
}

/// The project's custom fields.
#[utoipa::path(get, path = "/api/v1/projects/{key}/fields", tag = "projects",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "name and type of each field", body = Object)))]
pub async fn fields(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.fields(&ctx, &key).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldBody {
    name: String,
    /// text, number, date, enum or person.
    #[serde(rename = "type")]
    field_type: String,
    /// For an enum: its values, comma-separated.
    options: Option<String>,
}

/// Defines a custom field (producers).
#[utoipa::path(post, path = "/api/v1/projects/{key}/fields", tag = "projects",
    request_body = FieldBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, description = "The field.", body = Object),
              (status = 409, description = "A field of that name exists.")))]
pub async fn define_field(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<FieldBody>,
) -> Result<Response, Problem> {
    let def = state
        .app
        .define_field(
            &ctx,
            &key,
            &body.name,
            &body.field_type,
            body.options.as_deref(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(def)).into_response())
}

/// The workflow with each board column's WIP limit.
#[utoipa::path(get, path = "/api/v1/projects/{key}/workflow", tag = "workflow",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "statuses (name, category) and transitions (from, to)", body = Object)))]
pub async fn workflow(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.workflow(&ctx, &key).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    name: String,
    /// backlog, todo, in_progress, review, done or cancelled.
    category: String,
}

/// Adds a status (producers); it is reachable from any status until transitions say otherwise.
#[utoipa::path(post, path = "/api/v1/projects/{key}/workflow/statuses", tag = "workflow",
    request_body = StatusBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, description = "The workflow after the change.", body = Object)))]
pub async fn add_status(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<StatusBody>,
) -> Result<Response, Problem> {
    let workflow = state
        .app
        .add_status(&ctx, &key, &body.name, &body.category)
        .await?;
    Ok((StatusCode::CREATED, Json(workflow)).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnBody {
    /// Cards the board column holds before it warns; null for no limit.
    wip_limit: Option<i64>,
}

/// Sets or clears a status's board WIP limit (producers).
#[utoipa::path(patch, path = "/api/v1/projects/{key}/workflow/statuses/{status}", tag = "workflow",
    request_body = ColumnBody,
    params(("key" = String, Path, description = "Project key"), ("status" = String, Path, description = "Status name")),
    responses((status = 204, description = "Set.")))]
pub async fn set_column(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, status)): Path<(String, String)>,
    Body(body): Body<ColumnBody>,
) -> Result<StatusCode, Problem> {
    state
        .app
        .set_wip_limit(&ctx, &key, &status, body.wip_limit)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionBody {
    /// A status, or `*` for any.
    from: String,
    to: String,
    /// true allows the move, false forbids it.
    allow: bool,
}

/// Allows or forbids a move between statuses (producers).
#[utoipa::path(post, path = "/api/v1/projects/{key}/workflow/transitions", tag = "workflow",
    request_body = TransitionBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "The workflow after the change.", body = Object),
              (status = 409, description = "Already allowed.")))]
pub async fn set_transition(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<TransitionBody>,
) -> Result<Response, Problem> {
    let workflow = state
        .app
        .set_transition(&ctx, &key, &body.from, &body.to, body.allow)
        .await?;
    Ok(Json(workflow).into_response())
}

/// The caller's saved views and the project's shared ones.
#[utoipa::path(get, path = "/api/v1/projects/{key}/views", tag = "views",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "id, name, query, columns, shared", body = Object)))]
pub async fn views(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.saved_views(&ctx, &key).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ViewBody {
    name: String,
    /// Query-language text.
    #[serde(default)]
    query: String,
    /// Column names, comma-separated.
    #[serde(default)]
    columns: String,
    /// Share with the project (producers); otherwise kept for the caller.
    #[serde(default)]
    shared: bool,
}

/// Saves a view after checking its query and columns.
#[utoipa::path(post, path = "/api/v1/projects/{key}/views", tag = "views",
    request_body = ViewBody,
    params(("key" = String, Path, description = "Project key")),
    responses((status = 201, description = "The view.", body = Object),
              (status = 400, description = "A bad query (with its line and column) or column.")))]
pub async fn save_view(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<ViewBody>,
) -> Result<Response, Problem> {
    let view = NewView {
        name: body.name,
        query: body.query,
        columns: body.columns,
        shared: body.shared,
    };
    let saved = state.app.save_view(&ctx, &key, &view).await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// Deletes one's own view, or a shared one as a producer.
#[utoipa::path(delete, path = "/api/v1/projects/{key}/views/{id}", tag = "views",
    params(("key" = String, Path, description = "Project key"), ("id" = i64, Path, description = "View id")),
    responses((status = 204, description = "Deleted."), (status = 404, description = "No such view for the caller.")))]
pub async fn delete_view(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, id)): Path<(String, i64)>,
) -> Result<StatusCode, Problem> {
    state.app.delete_view(&ctx, &key, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
