//! Callsheet's HTTP edge. Handlers stay thin: read the request, call one use case in
//! `callsheet-app` as the signed-in person, and render JSON. Every permission is
//! decided in `app`; every error becomes an RFC 9457 problem document here.

mod api;
mod caller;
mod extract;
mod html;
mod limits;
mod metrics;
mod problem;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, header};
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use callsheet_app::App;

pub use limits::RateLimit;
pub use problem::Problem;

/// What every handler shares: the use cases.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    metrics: metrics::Metrics,
    limiter: limits::Limiter,
}

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The largest file accepted by the string-table upload routes (imports, deliveries).
pub const MAX_FILE_BYTES: usize = 64 << 20;

/// Every route, by path. The router is built from this list, and the role test walks
/// it, so a route added here without an entry in that test's table fails the test.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/healthz", get(|| async { "ok" })),
        ("/readyz", get(ready)),
        ("/metrics", get(metrics::render)),
        (
            "/api/v1/session",
            post(api::session::log_in).delete(api::session::log_out),
        ),
        ("/api/openapi.json", get(api::openapi::serve)),
        (
            "/api/v1/tokens",
            get(api::tokens::list).post(api::tokens::create),
        ),
        ("/api/v1/tokens/{id}", delete(api::tokens::revoke)),
        (
            "/api/v1/people",
            get(api::people::list).post(api::people::create),
        ),
        (
            "/api/v1/people/{handle}/studio-role",
            put(api::people::set_studio_role),
        ),
        (
            "/api/v1/projects",
            get(api::projects::list).post(api::projects::create),
        ),
        ("/api/v1/projects/{key}", get(api::projects::show)),
        (
            "/api/v1/projects/{key}/members",
            get(api::projects::members),
        ),
        (
            "/api/v1/projects/{key}/members/{handle}",
            put(api::projects::set_member),
        ),
        (
            "/api/v1/projects/{key}/fields",
            get(api::projects::fields).post(api::projects::define_field),
        ),
        (
            "/api/v1/projects/{key}/workflow",
            get(api::projects::workflow),
        ),
        (
            "/api/v1/projects/{key}/workflow/statuses",
            post(api::projects::add_status),
        ),
        (
            "/api/v1/projects/{key}/workflow/statuses/{status}",
            patch(api::projects::set_column),
        ),
        (
            "/api/v1/projects/{key}/workflow/transitions",
            post(api::projects::set_transition),
        ),
        (
            "/api/v1/projects/{key}/views",
            get(api::projects::views).post(api::projects::save_view),
        ),
        (
            "/api/v1/projects/{key}/views/{id}",
            delete(api::projects::delete_view),
        ),
        (
            "/api/v1/projects/{key}/items",
            get(api::items::list).post(api::items::create),
        ),
        ("/api/v1/projects/{key}/schedule", get(api::schedule::show)),
        (
            "/api/v1/projects/{key}/schedule/what-if",
            post(api::schedule::what_if),
        ),
        (
            "/api/v1/projects/{key}/schedule.xml",
            get(api::schedule::mspdi),
        ),
        (
            "/api/v1/projects/{key}/baselines",
            get(api::schedule::baselines).post(api::schedule::take_baseline),
        ),
        (
            "/api/v1/projects/{key}/baselines/{name}/current",
            post(api::schedule::use_baseline),
        ),
        ("/api/v1/projects/{key}/strings", get(api::loc::list)),
        (
            "/api/v1/projects/{key}/strings/import",
            post(api::loc::import).layer(DefaultBodyLimit::max(MAX_FILE_BYTES)),
        ),
        (
            "/api/v1/projects/{key}/strings/export",
            get(api::loc::export),
        ),
        (
            "/api/v1/projects/{key}/strings/pseudo",
            get(api::loc::pseudo),
        ),
        (
            "/api/v1/projects/{key}/strings/{string}",
            get(api::loc::show).put(api::loc::set_source),
        ),
        (
            "/api/v1/projects/{key}/strings/{string}/translations/{locale}",
            put(api::loc::set_translation),
        ),
        (
            "/api/v1/projects/{key}/loc/settings",
            get(api::loc::settings).put(api::loc::set_settings),
        ),
        (
            "/api/v1/projects/{key}/loc/allow",
            get(api::loc::allow_list).post(api::loc::allow),
        ),
        (
            "/api/v1/projects/{key}/loc/allow/{id}",
            delete(api::loc::disallow),
        ),
        (
            "/api/v1/projects/{key}/loc/runs",
            get(api::loc::runs).post(api::loc::run),
        ),
        (
            "/api/v1/projects/{key}/handoffs",
            get(api::loc::handoffs).post(api::loc::hand_off),
        ),
        (
            "/api/v1/projects/{key}/deliveries/preview",
            post(api::loc::preview).layer(DefaultBodyLimit::max(MAX_FILE_BYTES)),
        ),
        (
            "/api/v1/projects/{key}/deliveries",
            post(api::loc::deliver).layer(DefaultBodyLimit::max(MAX_FILE_BYTES)),
        ),
        ("/api/v1/items", get(api::items::search)),
        (
            "/api/v1/items/{key}",
            get(api::items::show).patch(api::items::update),
        ),
        ("/api/v1/items/{key}/comments", post(api::items::comment)),
        ("/api/v1/items/{key}/history", get(api::items::history)),
        ("/api/v1/items/{key}/links", post(api::items::link)),
        (
            "/api/v1/items/{key}/links/{kind}/{to}",
            delete(api::items::unlink),
        ),
        (
            "/api/v1/items/{key}/watchers/{handle}",
            put(api::items::watch).delete(api::items::unwatch),
        ),
    ]
    .into_iter()
    .chain(html::pages())
    .collect()
}

/// The OpenAPI 3.1 document of the JSON API, as committed in `docs/openapi.json`.
pub fn openapi_document() -> String {
    api::openapi::document()
}

/// Builds the router with the default rate limit.
pub fn router(app: App) -> Router {
    router_with(app, RateLimit::default())
}

/// Builds the router: health checks, the web pages, and the JSON API under `/api/v1`.
pub fn router_with(app: App, limit: RateLimit) -> Router {
    let state = AppState {
        app,
        metrics: metrics::Metrics::default(),
        limiter: limits::Limiter::new(limit),
    };
    routes()
        .into_iter()
        .fold(Router::new(), |router, (path, route)| {
            router.route(path, route)
        })
        .fallback(|| async { Problem::new(axum::http::StatusCode::NOT_FOUND, "no such route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Ready when the database answers.
async fn ready(State(state): State<AppState>) -> Result<&'static str, Problem> {
    state.app.ping().await.map_err(|e| {
        Problem::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            &format!("database: {e}"),
        )
    })?;
    Ok("ready")
}

/// Headers every response carries.
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Now, in epoch milliseconds: the edge reads the clock, the core never does.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
