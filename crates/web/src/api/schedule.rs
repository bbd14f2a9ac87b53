//! The project schedule over the API: the computed schedule, what-if slips (nothing
//! saved), baselines, and the schedule as MS Project XML.

use crate::caller::Caller;
use crate::extract::Body;
use crate::{AppState, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use callsheet_app::AppError;
use callsheet_core::schedule::Slip;
use serde::Deserialize;
use utoipa::ToSchema;

/// The project's schedule: every item's dates, float and critical flag, the links, the
/// project finish, missed deadlines, and slips against the current baseline.
#[utoipa::path(get, path = "/api/v1/projects/{key}/schedule", tag = "schedule",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "project, start, finish, status_date, lines, links, warnings, baseline", body = Object),
              (status = 403, description = "Vendors see their own items' dates, not the whole schedule.")))]
pub async fn show(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.project_schedule(&ctx, &key).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatIf {
    /// The item that slips: `NJ-245`.
    item: String,
    /// How much later it finishes, in working time: `3d`, `4h`.
    #[serde(default)]
    slip: Option<String>,
    /// Or the date it now finishes on: `2027-03-04`.
    #[serde(default)]
    finish: Option<String>,
}

/// What a slip moves, computed and not saved: the project finish, the milestones that
/// move and by how much, and the items that lose float or become critical.
#[utoipa::path(post, path = "/api/v1/projects/{key}/schedule/what-if", tag = "schedule",
    params(("key" = String, Path, description = "Project key")),
    request_body = WhatIf,
    responses((status = 200, description = "item, slip_days, finish_moved_days, finish, milestones, float_lost", body = Object),
              (status = 400, description = "Neither or both of slip and finish, or a bad value."),
              (status = 404, description = "No such item in the schedule.")))]
pub async fn what_if(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<WhatIf>,
) -> Result<Response, Problem> {
    let slip = match (&body.slip, &body.finish) {
        (Some(by), None) => Slip::By(
            callsheet_core::schedule::plan_file::work_minutes(by, 480)
                .filter(|m| *m >= 0)
                .ok_or_else(|| {
                    AppError::invalid("slip", by, "expected working time like 3d or 4h")
                })?,
        ),
        (None, Some(date)) => {
            Slip::FinishOn(callsheet_core::parse_date("finish", date).map_err(AppError::from)?)
        }
        _ => {
            return Err(AppError::invalid(
                "slip",
                "",
                "give either slip (like 3d) or finish (a date), not both",
            )
            .into());
        }
    };
    Ok(Json(state.app.what_if(&ctx, &key, &body.item, slip).await?).into_response())
}

/// The project's baselines, newest first; slips are measured against the current one.
#[utoipa::path(get, path = "/api/v1/projects/{key}/baselines", tag = "schedule",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "name, taken_at, taken_by, current", body = Object)))]
pub async fn baselines(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.app.baselines(&ctx, &key).await?).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBaseline {
    /// 1 to 80 characters, unique in the project: `Alpha plan`.
    name: String,
}

/// Saves every item's dates as they are now as a baseline, and makes it current.
#[utoipa::path(post, path = "/api/v1/projects/{key}/baselines", tag = "schedule",
    params(("key" = String, Path, description = "Project key")),
    request_body = NewBaseline,
    responses((status = 201, description = "The baseline.", body = Object),
              (status = 403, description = "Only producers and admins take baselines."),
              (status = 409, description = "The name is taken.")))]
pub async fn take_baseline(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
    Body(body): Body<NewBaseline>,
) -> Result<Response, Problem> {
    let b = state.app.take_baseline(&ctx, &key, &body.name).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}

/// Measures slips against this baseline from now on.
#[utoipa::path(post, path = "/api/v1/projects/{key}/baselines/{name}/current", tag = "schedule",
    params(("key" = String, Path, description = "Project key"),
           ("name" = String, Path, description = "Baseline name")),
    responses((status = 204, description = "Slips now measure against it."),
              (status = 404, description = "No such baseline.")))]
pub async fn use_baseline(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path((key, name)): Path<(String, String)>,
) -> Result<StatusCode, Problem> {
    state.app.use_baseline(&ctx, &key, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The schedule as MS Project XML (MSPDI), for MS Project, MPXJ and friends.
#[utoipa::path(get, path = "/api/v1/projects/{key}/schedule.xml", tag = "schedule",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, description = "MSPDI: tasks by outline, links, calendar, resources, assignments.", content_type = "application/xml")))]
pub async fn mspdi(
    State(state): State<AppState>,
    Caller(ctx): Caller,
    Path(key): Path<String>,
) -> Result<Response, Problem> {
    let (name, plan, schedule) = state.app.schedule_plan(&ctx, &key).await?;
    let xml = callsheet_formats::mspdi::write(&name, &plan, &schedule);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{key}.xml\""),
            ),
        ],
        xml,
    )
        .into_response())
}
