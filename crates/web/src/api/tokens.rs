//! Personal API tokens: create (the secret is shown once), list, revoke.

use crate::caller::Caller;
use crate::extract::Body;
use crate::{AppState, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

/// The caller's tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "session",
    responses((status = 200, description = "id, name, created_at, last_used_at, revoked_at", body = Object)))]
pub async fn list(State(state): State<AppState>, Caller(ctx): Caller) -> Result<Response, Problem> {
    Ok(Json(state.app.tokens(&ctx).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, e.g. "build bot".
    name: String,
}

/// Creates a token for `Authorization: Bearer`. The secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "session", request_body = NewToken,
    responses((status = 201, description = "`token` (the secret, shown once) and its `id`, `name`", body = Object)))]
pub async fn create(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Body(body): Body<NewToken>,
) -> Result<Response, Problem> {
    let (info, secret) = state.app.create_token(&ctx, &body.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"id": info.id, "name": info.name, "token": secret})),
    )
        .into_response())
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "session",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204, description = "Revoked."), (status = 404, description = "Not one of the caller's tokens.")))]
pub async fn revoke(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    state.app.revoke_token(&ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
