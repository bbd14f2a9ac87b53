//! The API's OpenAPI 3.1 description, built from the handlers' annotations and served at
//! `/api/openapi.json`. The same document is committed as `docs/openapi.json`; a test
//! fails when the two drift or when a route is missing from it.

use super::{items, loc, people, projects, schedule, session, tokens};
use axum::Json;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Callsheet API",
        description = "Production coordination: projects, work items, workflows, saved views. Errors are RFC 9457 problem documents; lists page with `cursor`; updates need `If-Match`. Sign in with the session cookie (`POST /api/v1/session`) or send `Authorization: Bearer <token>`.",
        license(name = "MIT")
    ),
    paths(
        session::log_in, session::log_out,
        tokens::list, tokens::create, tokens::revoke,
        people::list, people::create, people::set_studio_role,
        projects::list, projects::create, projects::show,
        projects::members, projects::set_member,
        projects::fields, projects::define_field,
        projects::workflow, projects::add_status, projects::set_column, projects::set_transition,
        projects::views, projects::save_view, projects::delete_view,
        items::list, items::search, items::create, items::show, items::update,
        items::comment, items::history, items::link, items::unlink, items::watch, items::unwatch,
        schedule::show, schedule::what_if, schedule::mspdi,
        schedule::baselines, schedule::take_baseline, schedule::use_baseline,
        loc::list, loc::import, loc::export, loc::pseudo, loc::show, loc::set_source, loc::set_translation,
        loc::settings, loc::set_settings, loc::allow_list, loc::allow, loc::disallow,
        loc::runs, loc::run, loc::handoffs, loc::hand_off, loc::preview, loc::deliver,
    ),
    tags(
        (name = "session", description = "Signing in, and personal API tokens"),
        (name = "people", description = "The studio's people and their studio roles"),
        (name = "projects", description = "Projects, members and custom fields"),
        (name = "workflow", description = "Statuses, transitions and board WIP limits"),
        (name = "views", description = "Saved views: a query and its columns"),
        (name = "items", description = "Work items, comments, links, watchers, history"),
        (name = "schedule", description = "Critical path, float, what-if slips, baselines, MS Project XML"),
        (name = "localization", description = "String tables, translations, QA check runs, vendor hand-offs and deliveries"),
    )
)]
pub struct ApiDoc;

/// The document as committed: pretty JSON with a final newline.
pub fn document() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        Json(ApiDoc::openapi()),
    )
        .into_response()
}
