//! Prometheus text metrics at `/metrics`: requests and latency by route, method and
//! status, and the database pool. Counters live in this process: each app server
//! reports its own, as Prometheus expects. The same middleware gives every request an id
//! (`X-Request-Id`, kept from a proxy when sane) and logs it with the route, status and time.

use crate::AppState;
use crate::problem::Fault;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Default)]
struct Series {
    count: u64,
    sum_seconds: f64,
    /// Cumulative counts per bucket, as Prometheus wants them.
    buckets: [u64; BUCKETS.len()],
}

/// (method, route pattern, status)
type SeriesKey = (String, String, u16);

/// Request counters keyed by method, route and status.
#[derive(Clone, Default)]
pub struct Metrics(Arc<Mutex<BTreeMap<SeriesKey, Series>>>);

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let Ok(mut map) = self.0.lock() else { return };
        let series = map
            .entry((method.to_string(), route.to_string(), status))
            .or_default();
        series.count += 1;
        series.sum_seconds += seconds;
        for (bucket, bound) in series.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    fn render(&self, pool_size: u32, pool_idle: usize) -> String {
        let mut out = String::new();
        out.push_str("# HELP callsheet_http_requests_total HTTP requests by route, method and status.\n# TYPE callsheet_http_requests_total counter\n");
        let map = match self.0.lock() {
            Ok(map) => map,
            Err(poisoned) => poisoned.into_inner(),
        };
        for ((method, route, status), s) in map.iter() {
            let _ = writeln!(
                out,
                "callsheet_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}",
                s.count
            );
        }
        out.push_str("# HELP callsheet_http_request_seconds Time to answer, by route and method.\n# TYPE callsheet_http_request_seconds histogram\n");
        let mut by_route: BTreeMap<(&str, &str), Series> = BTreeMap::new();
        for ((method, route, _), s) in map.iter() {
            let agg = by_route.entry((method, route)).or_default();
            agg.count += s.count;
            agg.sum_seconds += s.sum_seconds;
            for (a, b) in agg.buckets.iter_mut().zip(s.buckets) {
                *a += b;
            }
        }
        for ((method, route), s) in &by_route {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            for (bound, count) in BUCKETS.iter().zip(s.buckets) {
                let _ = writeln!(
                    out,
                    "callsheet_http_request_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "callsheet_http_request_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "callsheet_http_request_seconds_sum{{{labels}}} {}",
                s.sum_seconds
            );
            let _ = writeln!(
                out,
                "callsheet_http_request_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        let _ = writeln!(
            out,
            "# HELP callsheet_db_pool_connections Open database connections.\n# TYPE callsheet_db_pool_connections gauge\ncallsheet_db_pool_connections {pool_size}"
        );
        let _ = writeln!(
            out,
            "# HELP callsheet_db_pool_idle Idle database connections.\n# TYPE callsheet_db_pool_idle gauge\ncallsheet_db_pool_idle {pool_idle}"
        );
        out
    }
}

/// Times every request and counts it under its route pattern (never the raw path,
/// so item keys do not explode the label set).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let id = request_id(request.headers());
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let status = response.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    state.metrics.record(method, &route, status, seconds);
    if status >= 500 {
        let cause = response
            .extensions()
            .get::<Fault>()
            .map_or("(no cause recorded)", |f| f.0.as_str());
        tracing::error!(request_id = %id, method, route = %route, path = %path, status, cause, "server error");
    }
    tracing::info!(
        request_id = %id,
        method,
        route = %route,
        path = %path,
        status,
        ms = (seconds * 1000.0).round() as u64,
        "request"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The method as a metrics label, from a closed set: a client inventing methods must not
/// invent series.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// The caller's `X-Request-Id` when it is a sane token (a proxy's), or a new one:
/// the process's start time and a counter, so ids do not repeat across restarts.
fn request_id(headers: &HeaderMap) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static BOOT: OnceLock<u64> = OnceLock::new();
    if let Some(given) = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .filter(|v| {
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
    {
        return given.to_string();
    }
    let boot = *BOOT.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{:08x}-{n:06x}", boot & 0xffff_ffff)
}

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    let (open, idle) = state.app.connections();
    let body = state.metrics.render(open, idle);
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        body,
    )
}
