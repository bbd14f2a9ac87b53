//! A signed-in person may be hostile. In process: queries built to exhaust the stack are
//! refused at every door that takes the language, sign-in resists guessing, forged
//! credentials and other sites, redirects stay on this site, and metric labels stay a
//! closed set. After every attack the server still answers; when the server itself fails,
//! the failure is logged with its request id and cause.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use callsheet_app::{App, Ctx};
use callsheet_testkit::TestDb;
use std::net::SocketAddr;
use tower::ServiceExt;

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

/// One request from `from` (an address), with optional headers and a form or JSON body.
async fn send(
    router: &Router,
    method: &str,
    uri: &str,
    from: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = match body {
        Some(b) => req
            .header(
                header::CONTENT_TYPE,
                if b.starts_with('{') {
                    "application/json"
                } else {
                    "application/x-www-form-urlencoded"
                },
            )
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    };
    let addr: SocketAddr = format!("{from}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A project NJ with a producer who can sign in, and a token for her.
async fn studio(app: &App) -> String {
    let sys = Ctx::system(callsheet_web::now_ms());
    app.add_person(
        &sys,
        "pat",
        "Pat",
        None,
        callsheet_core::item::StudioRole::Producer,
    )
    .await
    .unwrap();
    app.set_password(&sys, "pat", "a long passphrase")
        .await
        .unwrap();
    let pat = Ctx::person("pat", sys.now_ms);
    app.create_project(&pat, "NJ", "Nightjar").await.unwrap();
    app.create_item(
        &pat,
        "NJ",
        &callsheet_app::input::NewItemInput {
            kind: "task".into(),
            title: "Hangar lighting bake".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    app.create_token(&pat, "t").await.unwrap().1
}

#[tokio::test]
async fn queries_built_to_crash_the_server_get_400_at_every_door() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    let token = studio(&app).await;
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];
    let router = callsheet_web::router(app.clone());
    let hostile = [
        (
            "2,000 nested parentheses",
            format!("{}kind = bug{}", "(".repeat(2_000), ")".repeat(2_000)),
            "nests too deeply",
        ),
        (
            "10,000 NOTs",
            format!("{}kind = bug", "NOT ".repeat(10_000)),
            "too long",
        ),
        (
            "1,000 NOTs",
            format!("{}kind = bug", "NOT ".repeat(1_000)),
            "nests too deeply",
        ),
        (
            "3,000 ORed terms (as long as a URL may be)",
            vec!["kind = bug"; 3_000].join(" OR "),
            "too long",
        ),
        (
            "300 ORed terms",
            vec!["a=1"; 300].join(" OR "),
            "too many conditions",
        ),
    ];
    for (what, q, says) in &hostile {
        let q = encoded(q);
        for uri in [
            format!("/api/v1/projects/NJ/items?q={q}"),
            format!("/api/v1/items?q={q}"),
        ] {
            let r = send(&router, "GET", &uri, "192.0.2.1", &auth, None).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.body);
            assert!(r.body.contains(says), "{what}: {}", r.body);
            assert!(r.body.contains(" at 1:"), "names the place: {}", r.body);
        }
        let view = serde_json::json!({"name": "evil", "query": decode(&q)}).to_string();
        let r = send(
            &router,
            "POST",
            "/api/v1/projects/NJ/views",
            "192.0.2.1",
            &auth,
            Some(&view),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "saved view, {what}");
        // The pages show the error at its place instead of falling over.
        for uri in [
            format!("/my?q={q}"),
            format!("/projects/NJ/items?q={q}"),
            format!("/projects/NJ/board?q={q}"),
        ] {
            let r = send(&router, "GET", &uri, "192.0.2.1", &auth, None).await;
            assert!(r.status.as_u16() < 500, "{uri}: {}", r.status);
            assert!(r.body.contains(says), "{what} at {uri}");
        }
    }
    // Still up, and the largest accepted query runs.
    let widest = encoded(&vec!["title ~ hangar"; 128].join(" OR "));
    let r = send(
        &router,
        "GET",
        &format!("/api/v1/projects/NJ/items?q={widest}"),
        "192.0.2.1",
        &auth,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Hangar lighting bake"));

    // A PATCH names the field it cannot take, and changes nothing.
    for (body, says) in [
        (r#"{"colour":"red"}"#, "colour: unknown field"),
        (r#"{"priority":3}"#, "priority: expected text or null"),
        (
            r#"{"add_labels":[1]}"#,
            "add_labels: expected a list of labels",
        ),
    ] {
        let headers = [("authorization", bearer.as_str()), ("if-match", "\"v1\"")];
        let r = send(
            &router,
            "PATCH",
            "/api/v1/items/NJ-1",
            "192.0.2.1",
            &headers,
            Some(body),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        assert!(r.body.contains(says), "{body}: {}", r.body);
    }
    let headers = [("authorization", bearer.as_str()), ("if-match", "\"v1\"")];
    let r = send(
        &router,
        "PATCH",
        "/api/v1/items/NJ-1",
        "192.0.2.1",
        &headers,
        Some(r#"{"due":"2027-03-01","priority":"high"}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let headers = [("authorization", bearer.as_str()), ("if-match", "\"v2\"")];
    let r = send(
        &router,
        "PATCH",
        "/api/v1/items/NJ-1",
        "192.0.2.1",
        &headers,
        Some(r#"{"due":null}"#),
    )
    .await;
    assert!(
        r.body.contains("\"due\":null") && r.body.contains("\"priority\":\"high\""),
        "null clears only due: {}",
        r.body
    );
}

fn decode(q: &str) -> String {
    form_urlencoded::parse(format!("q={q}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn sign_in_resists_guessing_forgery_and_other_sites() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    studio(&app).await;
    let router = callsheet_web::router(app.clone());
    let same = [("sec-fetch-site", "same-origin")];
    let wrong = r#"{"handle":"pat","password":"not her password"}"#;
    let right = r#"{"handle":"pat","password":"a long passphrase"}"#;

    // Another site cannot sign a browser in (login CSRF), by form or by JSON.
    for (uri, body) in [
        ("/login", "handle=pat&password=a+long+passphrase"),
        ("/api/v1/session", right),
    ] {
        let cross = [("sec-fetch-site", "cross-site")];
        let r = send(&router, "POST", uri, "192.0.2.9", &cross, Some(body)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(!r.headers.contains_key(header::SET_COOKIE), "{uri}");
        let origin = [
            ("origin", "https://evil.example"),
            ("host", "callsheet.local"),
        ];
        let r = send(&router, "POST", uri, "192.0.2.9", &origin, Some(body)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
    }

    // A stranger's five guesses throttle the stranger, not Pat at her own desk.
    for _ in 0..5 {
        let r = send(
            &router,
            "POST",
            "/api/v1/session",
            "198.51.100.7",
            &same,
            Some(wrong),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = send(
        &router,
        "POST",
        "/api/v1/session",
        "198.51.100.7",
        &same,
        Some(right),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    let r = send(
        &router,
        "POST",
        "/api/v1/session",
        "192.0.2.20",
        &same,
        Some(right),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "Pat is not locked out: {}",
        r.body
    );

    // After signing in, only paths on this site are followed.
    for (next, to) in [
        ("%2F%09%2Fevil.example", "/"),
        ("%2F%2Fevil.example", "/"),
        ("%2F%5Cevil.example", "/"),
        ("https%3A%2F%2Fevil.example", "/"),
        ("%2Fx%0D%0ASet-Cookie%3A+a%3Db", "/"),
        ("%2Fprojects%2FNJ%2Fitems", "/projects/NJ/items"),
    ] {
        let form = format!("handle=pat&password=a+long+passphrase&next={next}");
        let r = send(&router, "POST", "/login", "192.0.2.30", &same, Some(&form)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}: {}", r.body);
        assert_eq!(r.headers[header::LOCATION], to, "{next}");
    }
}

#[tokio::test]
async fn forged_credentials_earn_no_fresh_allowance_and_labels_stay_closed() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    let token = studio(&app).await;
    let limit = callsheet_web::RateLimit {
        per_second: 1,
        burst: 3,
    };
    let router = callsheet_web::router_with(app.clone(), limit);
    // A new made-up token each time: still one caller, the address.
    let mut statuses = Vec::new();
    for n in 0..5 {
        let forged = format!("Bearer x{n}");
        let r = send(
            &router,
            "GET",
            "/api/v1/projects",
            "203.0.113.5",
            &[("authorization", forged.as_str())],
            None,
        )
        .await;
        statuses.push(r.status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429, 429]);
    // The verified person has their own allowance, wherever they call from.
    let bearer = format!("Bearer {token}");
    let r = send(
        &router,
        "GET",
        "/api/v1/projects",
        "203.0.113.5",
        &[("authorization", bearer.as_str())],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);

    // Invented methods do not invent metric series.
    let open = callsheet_web::router(app.clone());
    for method in ["FOO", "BAR1", "PROPFIND"] {
        send(&open, method, "/healthz", "203.0.113.6", &[], None).await;
    }
    let metrics = send(&open, "GET", "/metrics", "203.0.113.6", &[], None).await;
    assert!(
        metrics.body.contains("method=\"OTHER\""),
        "{}",
        metrics.body
    );
    for invented in ["FOO", "BAR1", "PROPFIND"] {
        assert!(!metrics.body.contains(invented), "{}", metrics.body);
    }
}

/// A log sink the test can read back.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_server_error_is_logged_with_its_request_id_and_cause() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    let token = studio(&app).await;
    let router = callsheet_web::router(app.clone());
    let log = Captured::default();
    let sink = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // The database goes away under a running server.
    app.close().await;
    let bearer = format!("Bearer {token}");
    let r = send(
        &router,
        "GET",
        "/api/v1/projects/NJ/items",
        "203.0.113.7",
        &[
            ("authorization", bearer.as_str()),
            ("x-request-id", "probe-5xx-7"),
        ],
        None,
    )
    .await;
    assert!(r.status.is_server_error(), "{} {}", r.status, r.body);
    assert_eq!(r.headers["x-request-id"], "probe-5xx-7");
    // The answer does not leak the cause; the log has it.
    assert!(!r.body.to_lowercase().contains("pool"), "{}", r.body);
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("server error"))
        .unwrap_or_else(|| panic!("no server error logged in:\n{text}"));
    assert!(line.contains("ERROR"), "{line}");
    assert!(line.contains("request_id=probe-5xx-7"), "{line}");
    assert!(
        line.contains("route=/api/v1/projects/{key}/items"),
        "{line}"
    );
    assert!(line.contains("status=500"), "{line}");
    assert!(
        line.to_lowercase().contains("pool"),
        "the cause is named: {line}"
    );
}
