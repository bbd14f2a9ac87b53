//! The web UI: server-rendered askama pages and the htmx fragments cut from them. A
//! page handler asks the use cases as the signed-in person, shapes the answer into a
//! template's fields, and renders. Permissions are the use cases' business; a page only
//! turns their refusals into something a person can act on.

pub(crate) mod assets;
mod auth;
mod board;
mod form;
mod home;
mod item;
mod list;
mod look;
mod project;
mod schedule;
mod strings;

use crate::caller::identify;
use crate::{AppState, Problem, now_ms};
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use callsheet_app::{AppError, Ctx};
use callsheet_core::person::Person;

pub(crate) use look::Avatar;

/// Every page and fragment route, by path (the router and the role test walk this list).
pub(crate) fn pages() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(home::studio)),
        ("/login", get(auth::login_page).post(auth::log_in)),
        ("/logout", post(auth::log_out)),
        ("/setup", get(auth::setup_page).post(auth::set_up)),
        ("/my", get(home::my_work)),
        ("/assets/{file}", get(assets::serve)),
        ("/preview", post(item::preview)),
        ("/projects/{key}", get(project::overview)),
        ("/projects/{key}/items", get(list::items).post(list::create)),
        ("/projects/{key}/items/bulk", post(list::bulk)),
        ("/projects/{key}/views", post(list::save_view)),
        ("/projects/{key}/views/{id}/delete", post(list::delete_view)),
        ("/projects/{key}/board", get(board::board)),
        ("/projects/{key}/schedule", get(schedule::gantt)),
        ("/projects/{key}/milestones", get(schedule::milestones)),
        ("/projects/{key}/workload", get(schedule::workload)),
        ("/projects/{key}/strings", get(strings::strings)),
        ("/projects/{key}/strings/runs", post(strings::run)),
        ("/projects/{key}/strings/{string}", get(strings::string)),
        (
            "/projects/{key}/strings/{string}/translations/{locale}",
            post(strings::save_translation),
        ),
        (
            "/projects/{key}/handoffs",
            get(strings::handoffs).post(strings::hand_off),
        ),
        (
            "/projects/{key}/deliveries/preview",
            post(strings::delivery_preview)
                .layer(axum::extract::DefaultBodyLimit::max(crate::MAX_FILE_BYTES)),
        ),
        ("/items/{key}", get(item::page)),
        (
            "/items/{key}/field/{field}",
            get(item::field).post(item::save_field),
        ),
        ("/items/{key}/move", post(board::move_card)),
        ("/items/{key}/comment", post(item::comment)),
    ]
}

/// The signed-in person looking at a page. Without a valid session the browser is sent
/// to the sign-in page and brought back afterwards.
pub(crate) struct Viewer {
    pub person: Person,
    pub ctx: Ctx,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match identify(parts, state).await {
            Ok(person) => Ok(Viewer {
                ctx: Ctx::signed_in(&person, now_ms()),
                person,
            }),
            Err(problem) if problem.status == StatusCode::UNAUTHORIZED.as_u16() => {
                let back = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                let next: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
                let to = format!("/login?next={next}");
                if parts.headers.contains_key("hx-request") {
                    // htmx follows HX-Redirect with a full page load.
                    let mut r = StatusCode::UNAUTHORIZED.into_response();
                    if let Ok(v) = header::HeaderValue::from_str(&to) {
                        r.headers_mut().insert("hx-redirect", v);
                    }
                    return Err(r);
                }
                Err(Redirect::to(&to).into_response())
            }
            Err(problem) => Err(error_page(problem)),
        }
    }
}

/// What went wrong with a page, shown as a page that says what to do next.
pub(crate) struct PageError(Problem);

impl From<AppError> for PageError {
    fn from(err: AppError) -> Self {
        PageError(Problem::from(err))
    }
}

impl From<askama::Error> for PageError {
    fn from(err: askama::Error) -> Self {
        PageError(Problem::internal(
            "this page could not be drawn; try again",
            format!("template: {err}"),
        ))
    }
}

impl PageError {
    pub fn bad_request(detail: &str) -> Self {
        PageError(Problem::new(StatusCode::BAD_REQUEST, detail))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.0)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    title: String,
    detail: String,
}

fn error_page(problem: Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let fault = problem.fault();
    let page = ErrorPage {
        status: problem.status,
        title: match status {
            StatusCode::NOT_FOUND => "Not found".to_string(),
            StatusCode::FORBIDDEN => "Not allowed".to_string(),
            _ => problem.title.clone(),
        },
        detail: problem.detail,
    };
    let mut response = match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => (status, page.detail).into_response(),
    };
    if let Some(fault) = fault {
        response.extensions_mut().insert(fault);
    }
    response
}

pub(crate) type PageResult = Result<Response, PageError>;

/// Renders a template as an HTML response.
pub(crate) fn render(page: &impl Template) -> PageResult {
    Ok(Html(page.render()?).into_response())
}

/// Whether htmx sent this request (so a fragment, not a whole page, is wanted).
pub(crate) fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

/// A link in the rail.
pub(crate) struct ProjectLink {
    pub key: String,
    pub name: String,
}

/// What every page's frame shows: who is signed in, their projects, where they are.
pub(crate) struct Chrome {
    pub me: Avatar,
    pub handle: String,
    pub projects: Vec<ProjectLink>,
    /// The project being looked at, if any.
    pub project: String,
    /// Which rail entry is current: home, my, overview, items, board, schedule,
    /// milestones, workload.
    pub section: &'static str,
    pub title: String,
    /// Whether the viewer may open the current project's whole-project pages (schedule,
    /// milestones, workload, strings, hand-offs); vendors are not offered them.
    pub whole_project: bool,
    pub css: String,
    pub js: String,
    pub htmx: String,
    pub sortable: String,
}

impl Chrome {
    pub async fn new(
        state: &AppState,
        viewer: &Viewer,
        project: &str,
        section: &'static str,
        title: &str,
    ) -> Result<Self, PageError> {
        let mine = state.app.my_projects(&viewer.ctx).await?;
        // The whole-project pages are offered only to a role that may open them.
        let whole_project = mine.iter().any(|(p, role)| {
            p.key == project && role.is_none_or(callsheet_core::policy::sees_whole_project)
        });
        let projects = mine
            .into_iter()
            .map(|(p, _)| ProjectLink {
                key: p.key,
                name: p.name,
            })
            .collect();
        Ok(Chrome {
            whole_project,
            me: Avatar::of(&viewer.person.handle, &viewer.person.display_name),
            handle: viewer.person.handle.clone(),
            projects,
            project: project.to_string(),
            section,
            title: title.to_string(),
            css: assets::url("app.css"),
            js: assets::url("app.js"),
            htmx: assets::url("htmx.js"),
            sortable: assets::url("sortable.js"),
        })
    }

    /// `aria-current="page"` for the rail entry of this page.
    pub fn current(&self, project: &str, section: &str) -> &'static str {
        if self.project == project && self.section == section {
            "page"
        } else {
            "false"
        }
    }
}
