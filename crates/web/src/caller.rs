//! Who is calling: an `Authorization: Bearer` token, or the session cookie. A
//! request that changes something with the cookie must come from our own origin
//! (checked through `Sec-Fetch-Site` or `Origin`), so other sites cannot act for a
//! signed-in browser.

use crate::{AppState, Problem, now_ms};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use callsheet_app::Ctx;
use callsheet_core::person::Person;

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

/// Whether a browser says this request came from our own pages (or from no page at all,
/// as a script's does). Cookie-setting and cookie-carrying writes require it.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host),
        // No Origin and no Sec-Fetch-Site: not a browser's cross-site request.
        (None, _) => true,
        _ => false,
    }
}

/// The answer to a cookie write from another site.
pub(crate) fn cross_site() -> Problem {
    Problem::new(StatusCode::FORBIDDEN, "cross-site request refused")
}

/// The secret a request carries: its bearer token, else its session cookie (and whether
/// it came as the cookie).
pub(crate) fn credential(headers: &HeaderMap) -> Option<(String, bool)> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match bearer {
        Some(token) => Some((token.chars().take(256).collect(), false)),
        None => cookie(headers, SESSION_COOKIE).map(|c| (c.chars().take(256).collect(), true)),
    }
}

/// The person the rate limiter already verified for this request, so it is looked up once.
#[derive(Clone)]
pub(crate) struct Verified(pub Person);

/// The address a request came from (`local` in process, as in tests), for throttles and
/// rate limits when no verified person is behind it.
pub(crate) fn client_address(extensions: &axum::http::Extensions) -> String {
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "local".to_string(), |c| c.0.ip().to_string())
}

/// The address a request came from, as an extractor.
pub(crate) struct Client(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client(client_address(&parts.extensions)))
    }
}

/// Who sent a request: the person behind its bearer token or session cookie. Refuses
/// a cookie-carrying change that did not come from our own pages.
pub(crate) async fn identify(parts: &Parts, state: &AppState) -> Result<Person, Problem> {
    let Some((secret, by_cookie)) = credential(&parts.headers) else {
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "sign in, or send Authorization: Bearer <token>",
        ));
    };
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if by_cookie && unsafe_method && !same_origin(&parts.headers) {
        return Err(cross_site());
    }
    if let Some(Verified(person)) = parts.extensions.get::<Verified>() {
        return Ok(person.clone());
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
