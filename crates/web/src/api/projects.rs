//! Projects the caller belongs to.

use crate::caller::Caller;
use crate::{AppState, Problem};
use axum::Json;
use axum::extract::{Path, State};
use callsheet_store::projects::Project;

pub async fn list(
    State(state): State<AppState>,
    Caller(ctx): Caller,
) -> Result<Json<Vec<Project>>, Problem> {
    Ok(Json(state.app.projects(&ctx).await?))
}

pub async fn show(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Json<serde_json::Value>, Problem> {
    let project = state.app.project(&ctx, &key).await?;
    let members = state.app.members(&ctx, &key).await?;
    let kinds = state.app.kinds(&ctx, &key).await?;
    let fields = state.app.fields(&ctx, &key).await?;
    let workflow = state.app.workflow(&ctx, &key).await?;
    Ok(Json(
        serde_json::json!({"project": project, "members": members, "kinds": kinds, "fields": fields, "workflow": workflow}),
    ))
}
