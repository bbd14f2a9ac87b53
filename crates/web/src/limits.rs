//! The API and page rate limit: each caller (the verified person behind a token or
//! session, or else the address) gets `per_second` requests a second with bursts of `burst`; beyond that the
//! answer is 429 with `Retry-After`. Health checks, metrics and static files are exempt.
//! The counts live in this process (each app server limits on its own), kept by `governor`.

use crate::caller::{Verified, client_address, credential};
use crate::{AppState, Problem, now_ms};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How fast one caller may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_second: u32,
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 50,
            burst: 200,
        }
    }
}

/// The limiter every request passes; `None` when limits are off (`per_second` 0).
#[derive(Clone)]
pub(crate) struct Limiter {
    limiter: Option<Arc<DefaultKeyedRateLimiter<String>>>,
    seen: Arc<AtomicU64>,
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Self {
        let limiter = NonZeroU32::new(limit.per_second).map(|rate| {
            let burst = NonZeroU32::new(limit.burst.max(limit.per_second)).unwrap_or(rate);
            Arc::new(RateLimiter::keyed(
                Quota::per_second(rate).allow_burst(burst),
            ))
        });
        Limiter {
            limiter,
            seen: Arc::new(AtomicU64::new(0)),
        }
    }
}

/// Who is asking, for counting: the person behind a valid token or session (verified
/// here, once, and handed on to the handler), or else the address the request came from.
/// Inventing credentials therefore never earns a fresh allowance.
async fn caller_key(state: &AppState, request: &mut Request) -> String {
    if let Some((secret, _)) = credential(request.headers())
        && let Ok(Some(person)) = state.app.authenticate(&secret, now_ms()).await
    {
        let key = format!("p:{}", person.id);
        request.extensions_mut().insert(Verified(person));
        return key;
    }
    format!("a:{}", client_address(request.extensions()))
}

fn exempt(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics") || path.starts_with("/assets/")
}

pub(crate) async fn limit(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(limiter) = &state.limiter.limiter else {
        return next.run(request).await;
    };
    if exempt(request.uri().path()) {
        return next.run(request).await;
    }
    // Forget idle callers now and then, so the table does not grow without end.
    if state.limiter.seen.fetch_add(1, Ordering::Relaxed) % 10_000 == 9_999 {
        limiter.retain_recent();
    }
    let key = caller_key(&state, &mut request).await;
    match limiter.check_key(&key) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let seconds = wait.as_secs().max(1);
            let mut response = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("too many requests from this caller; try again in {seconds} s"),
            )
            .into_response();
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
    }
}
