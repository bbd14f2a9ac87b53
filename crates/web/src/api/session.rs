//! `POST /api/v1/session` signs in with a handle and password and sets the session
//! cookie; `DELETE` signs out.

use crate::caller::{Client, SESSION_COOKIE, cookie, cross_site, same_origin};
use crate::extract::Body;
use crate::{AppState, Problem, now_ms};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use callsheet_app::auth::SESSION_DAYS;
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    handle: String,
    password: String,
}

/// `Secure` when the request came over TLS (directly or through a proxy that says so).
pub(crate) fn secure(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

pub(crate) fn session_cookie(
    value: &str,
    max_age_s: i64,
    secure: bool,
) -> Result<HeaderValue, Problem> {
    let flags = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{flags}"
    ))
    .map_err(|e| Problem::internal("could not set the session cookie", e))
}

/// Signs in and sets the session cookie (HttpOnly, SameSite=Lax, Secure behind TLS).
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = Credentials,
    responses((status = 200, description = "`handle` and `expires_at`; the cookie is set.", body = Object),
              (status = 401, description = "The handle and password do not match."),
              (status = 429, description = "Too many failures for this handle; see Retry-After.")))]
pub async fn log_in(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    Body(body): Body<Credentials>,
) -> Result<Response, Problem> {
    // Another site must not sign a browser in to an account of its choosing.
    if !same_origin(&headers) {
        return Err(cross_site());
    }
    let session = match state
        .app
        .log_in(&body.handle, &body.password, &client, now_ms())
        .await
    {
        Ok(session) => session,
        Err(callsheet_app::AppError::Forbidden(m)) => {
            return Err(Problem::new(StatusCode::UNAUTHORIZED, &m));
        }
        Err(err @ callsheet_app::AppError::Throttled { retry_after_s, .. }) => {
            let mut response = Problem::from(err).into_response();
            if let Ok(wait) = HeaderValue::from_str(&retry_after_s.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, wait);
            }
            return Ok(response);
        }
        Err(other) => return Err(other.into()),
    };
    let cookie = session_cookie(&session.secret, SESSION_DAYS * 86_400, secure(&headers))?;
    let mut response =
        Json(serde_json::json!({"handle": session.person, "expires_at": session.expires_ms}))
            .into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Signs out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Signed out (also when there was no session).")))]
pub async fn log_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    if !same_origin(&headers) {
        return Err(cross_site());
    }
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        state.app.log_out(&secret).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0, secure(&headers))?);
    Ok(response)
}
