//! The studio's people: list them, add one (studio admins), and set a studio role
//! (admin, producer or member; see `docs/permissions.md`).

use crate::caller::Caller;
use crate::extract::{Body, Params};
use crate::{AppState, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use callsheet_core::item::StudioRole;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize)]
pub struct ListParams {
    #[serde(default = "default_limit")]
    limit: i64,
    #[serde(default)]
    offset: i64,
}

fn default_limit() -> i64 {
    500
}

/// The studio's people, by handle. Vendors are refused the directory.
#[utoipa::path(get, path = "/api/v1/people", tag = "people",
    params(("limit" = Option<i64>, Query, description = "At most this many (default 500)"),
           ("offset" = Option<i64>, Query, description = "Skip this many")),
    responses((status = 200, description = "handle, display_name, email, organisation, studio_role", body = Object),
              (status = 403, description = "Vendors do not see the studio's directory.")))]
pub async fn list(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Params(p): Params<ListParams>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.list_people(&ctx, p.limit, p.offset).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    /// Lower-case letters, digits, `.`, `_` and `-`, e.g. "ada".
    handle: String,
    name: String,
    #[serde(default)]
    email: Option<String>,
    /// admin, producer or member (the default).
    #[serde(default)]
    studio_role: Option<String>,
    /// At least 10 characters; without one, the person cannot sign in yet.
    #[serde(default)]
    password: Option<String>,
}

/// Adds a person to the studio (studio admins only).
#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = NewPerson,
    responses((status = 201, description = "The person", body = Object),
              (status = 403, description = "Only studio admins add people."),
              (status = 409, description = "The handle is taken.")))]
pub async fn create(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Body(body): Body<NewPerson>,
) -> Result<Response, Problem> {
    let role = body
        .studio_role
        .as_deref()
        .map(StudioRole::parse)
        .transpose()
        .map_err(|e| Problem::new(StatusCode::BAD_REQUEST, &e.to_string()))?
        .unwrap_or(StudioRole::Member);
    // Nothing is created when the password would be refused.
    if let Some(p) = &body.password
        && p.chars().count() < callsheet_app::auth::MIN_PASSWORD
    {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            &format!(
                "password: use at least {} characters",
                callsheet_app::auth::MIN_PASSWORD
            ),
        ));
    }
    let person = state
        .app
        .add_person(&ctx, &body.handle, &body.name, body.email.as_deref(), role)
        .await?;
    if let Some(password) = &body.password {
        state
            .app
            .set_password(&ctx, &person.handle, password)
            .await?;
    }
    Ok((StatusCode::CREATED, Json(person)).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StudioRoleBody {
    /// admin, producer or member.
    studio_role: String,
}

/// Gives a person a studio role (studio admins only); the last admin keeps theirs.
#[utoipa::path(put, path = "/api/v1/people/{handle}/studio-role", tag = "people",
    params(("handle" = String, Path, description = "The person's handle")),
    request_body = StudioRoleBody,
    responses((status = 200, description = "The person", body = Object),
              (status = 403, description = "Only studio admins set studio roles."),
              (status = 409, description = "That would leave the studio without an admin.")))]
pub async fn set_studio_role(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(handle): Path<String>,
    Body(body): Body<StudioRoleBody>,
) -> Result<Response, Problem> {
    let person = state
        .app
        .set_studio_role(&ctx, &handle, &body.studio_role)
        .await?;
    Ok(Json(person).into_response())
}
