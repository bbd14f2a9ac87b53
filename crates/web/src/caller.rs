//! Who is calling: an `Authorization: Bearer` token, or the session cookie. A
//! request that changes something with the cookie must come from our own origin
//! (checked through `Sec-Fetch-Site` or `Origin`), so other sites cannot act for a
//! signed-in browser.

use crate::{AppState, Problem, now_ms};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use callsheet_app::Ctx;
use callsheet_store::people::Person;

/// The cookie that carries a browser session.
pub const SESSION_COOKIE: &str = "callsheet_session";

/// A signed-in caller, as the use cases see them.
pub struct Caller(pub Ctx);

/// A cookie's value from the request headers.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

fn same_origin(parts: &Parts) -> bool {
    if let Some(site) = parts
        .headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
    {
        return matches!(site, "same-origin" | "none");
    }
    match (
        parts
            .headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok()),
        parts
            .headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host),
        // No Origin and no Sec-Fetch-Site: not a browser's cross-site request.
        (None, _) => true,
        _ => false,
    }
}

/// Who sent a request: the person behind its bearer token or session cookie. Refuses
/// a cookie-carrying change that did not come from our own pages.
pub(crate) async fn identify(parts: &Parts, state: &AppState) -> Result<Person, Problem> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let (secret, by_cookie) = match bearer {
        Some(token) => (token.to_string(), false),
        None => match cookie(&parts.headers, SESSION_COOKIE) {
            Some(session) => (session, true),
            None => {
                return Err(Problem::new(
                    StatusCode::UNAUTHORIZED,
                    "sign in, or send Authorization: Bearer <token>",
                ));
            }
        },
    };
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if by_cookie && unsafe_method && !same_origin(parts) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "cross-site request refused",
        ));
    }
    let person = state
        .app
        .authenticate(&secret, now_ms())
        .await
        .map_err(Problem::from)?;
    person.ok_or_else(|| {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "that session or token is not valid (expired, revoked or unknown)",
        )
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let person = identify(parts, state).await?;
        Ok(Caller(Ctx::signed_in(&person, now_ms())))
    }
}
