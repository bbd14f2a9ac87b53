//! Signing in and out with a form, and the first-run setup page that creates the first
//! person from the one-time link `serve` prints on an empty database.

use super::form::{Form, QueryPairs};
use super::{PageResult, assets, render};
use crate::api::session::{secure, session_cookie};
use crate::caller::{Client, SESSION_COOKIE, cookie, cross_site, same_origin};
use crate::{AppState, now_ms};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use callsheet_app::AppError;
use callsheet_app::auth::{SESSION_DAYS, Session};

#[derive(Template, Default)]
#[template(path = "login.html")]
struct LoginPage {
    css: String,
    heading: String,
    intro: String,
    button: String,
    action: String,
    error: String,
    next: String,
    token: String,
    handle: String,
    name: String,
    setup: bool,
}

/// Only paths on this site are followed after signing in, never another site. Browsers
/// drop tabs and line breaks from a URL and read `\\` as `/`, so `/\t/evil.example` is
/// `//evil.example` to them: a path with any control character or whitespace, or one that
/// starts `//` or `/\\`, leads home instead. Longer than a URL a page would make: home too.
pub(crate) fn local(next: &str) -> String {
    let safe = next.len() <= 2_048
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if safe {
        next.to_string()
    } else {
        "/".to_string()
    }
}

fn sign_in_page(next: &str, handle: &str, error: &str) -> LoginPage {
    LoginPage {
        css: assets::url("app.css"),
        heading: "Sign in".into(),
        intro: "Your studio's schedule, work and reviews in one place.".into(),
        button: "Sign in".into(),
        action: "/login".into(),
        error: error.into(),
        next: next.into(),
        handle: handle.into(),
        ..LoginPage::default()
    }
}

/// `GET /login`.
pub(crate) async fn login_page(QueryPairs(q): QueryPairs) -> PageResult {
    render(&sign_in_page(&local(q.get("next")), "", ""))
}

/// Sets the session cookie and sends the browser on.
fn signed_in(session: &Session, headers: &HeaderMap, to: &str) -> PageResult {
    let cookie = session_cookie(&session.secret, SESSION_DAYS * 86_400, secure(headers))
        .map_err(super::PageError)?;
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// `POST /login`: a wrong password shows the form again with the reason.
pub(crate) async fn log_in(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    Form(f): Form,
) -> PageResult {
    refuse_cross_site(&headers)?;
    let next = local(f.get("next"));
    match state
        .app
        .log_in(f.get("handle"), f.get("password"), &client, now_ms())
        .await
    {
        Ok(session) => signed_in(&session, &headers, &next),
        Err(e @ (AppError::Forbidden(_) | AppError::Throttled { .. })) => {
            let page = sign_in_page(&next, f.get("handle"), &e.to_string());
            let mut response = render(&page)?;
            *response.status_mut() = match e {
                AppError::Throttled { .. } => axum::http::StatusCode::TOO_MANY_REQUESTS,
                _ => axum::http::StatusCode::UNAUTHORIZED,
            };
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

/// Sign-in, sign-out and setup forms set or clear the session cookie: another site
/// must not post them for a browser.
fn refuse_cross_site(headers: &HeaderMap) -> Result<(), super::PageError> {
    if same_origin(headers) {
        Ok(())
    } else {
        Err(super::PageError(cross_site()))
    }
}

/// `POST /logout`.
pub(crate) async fn log_out(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    refuse_cross_site(&headers)?;
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        state.app.log_out(&secret).await?;
    }
    let mut response: Response = Redirect::to("/login").into_response();
    let clear = session_cookie("", 0, secure(&headers)).map_err(super::PageError)?;
    response.headers_mut().insert(header::SET_COOKIE, clear);
    Ok(response)
}

fn setup_form(token: &str, handle: &str, name: &str, error: &str) -> LoginPage {
    LoginPage {
        css: assets::url("app.css"),
        heading: "Set up Callsheet".into(),
        intro: "Create the first account. It can then add people and projects.".into(),
        button: "Create account and sign in".into(),
        action: "/setup".into(),
        error: error.into(),
        next: "/".into(),
        token: token.into(),
        handle: handle.into(),
        name: name.into(),
        setup: true,
    }
}

/// `GET /setup?token=...`: the first-run form.
pub(crate) async fn setup_page(QueryPairs(q): QueryPairs) -> PageResult {
    render(&setup_form(q.get("token"), "", "", ""))
}

/// `POST /setup`.
pub(crate) async fn set_up(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form,
) -> PageResult {
    refuse_cross_site(&headers)?;
    match state
        .app
        .set_up(
            f.get("token"),
            f.get("handle"),
            f.get("name"),
            f.get("password"),
            now_ms(),
        )
        .await
    {
        Ok(session) => signed_in(&session, &headers, "/"),
        Err(e @ (AppError::Forbidden(_) | AppError::Invalid(_) | AppError::Conflict(_))) => {
            let page = setup_form(
                f.get("token"),
                f.get("handle"),
                f.get("name"),
                &e.to_string(),
            );
            let mut response = render(&page)?;
            *response.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::local;

    #[test]
    fn only_same_origin_paths_are_followed_after_sign_in() {
        for ok in [
            "/",
            "/projects/NJ/items?q=kind%20%3D%20bug",
            "/items/NJ-1#c3",
        ] {
            assert_eq!(local(ok), ok);
        }
        for off in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/x\r\nSet-Cookie: a=b",
            "https://evil.example",
            "evil.example",
            "",
            "/ /evil",
            "/\u{2028}/evil",
        ] {
            assert_eq!(local(off), "/", "{off:?}");
        }
    }
}
