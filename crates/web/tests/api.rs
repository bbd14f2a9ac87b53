//! The JSON API, in process: auth, problem documents, ETag/If-Match, roles. Runs on
//! SQLite, and on PostgreSQL when CALLSHEET_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use callsheet_app::input::NewItemInput;
use callsheet_app::{App, Ctx};
use callsheet_testkit::backends;
use serde_json::{Value, json};
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
}

async fn call(
    router: &Router,
    method: Method,
    uri: &str,
    auth: &[(&str, &str)],
    body: Option<Value>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in auth {
        req = req.header(*k, *v);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    };
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
    Reply {
        status,
        headers,
        body,
    }
}

/// A project NJ with a producer, a viewer and a vendor, each with a token.
async fn setup(app: &App) -> (String, String, String) {
    let sys = Ctx::system(1_795_000_000_000);
    for h in ["pat", "vic", "vera"] {
        app.create_person(&sys, h, h, None).await.unwrap();
    }
    let pat = Ctx::person("pat", sys.now_ms);
    app.create_project(&pat, "NJ", "Nightjar").await.unwrap();
    app.set_member(&pat, "NJ", "vic", "viewer", None)
        .await
        .unwrap();
    app.set_member(&pat, "NJ", "vera", "vendor", None)
        .await
        .unwrap();
    let items = [
        NewItemInput {
            kind: "bug".into(),
            title: "Cape clips".into(),
            priority: Some("high".into()),
            ..NewItemInput::default()
        },
        NewItemInput {
            kind: "deliverable".into(),
            title: "Vendor textures".into(),
            assignee: Some("vera".into()),
            ..NewItemInput::default()
        },
    ];
    app.create_items(&pat, "NJ", &items).await.unwrap();
    let mut tokens = Vec::new();
    for h in ["pat", "vic", "vera"] {
        tokens.push(format!(
            "Bearer {}",
            app.create_token(&Ctx::person(h, sys.now_ms), "test")
                .await
                .unwrap()
                .1
        ));
    }
    (tokens[0].clone(), tokens[1].clone(), tokens[2].clone())
}

#[tokio::test]
async fn the_api_reads_and_writes_items_without_losing_updates() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let (pat, _, _) = setup(&app).await;
        let r = callsheet_web::router(app.clone());
        let auth = [("authorization", pat.as_str())];

        let anonymous = call(&r, Method::GET, "/api/v1/projects", &[], None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            anonymous.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        assert_eq!(anonymous.body["status"], 401);
        assert_eq!(anonymous.headers["x-content-type-options"], "nosniff");

        let list = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/items?q=kind%20%3D%20bug&limit=1",
            &auth,
            None,
        )
        .await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert_eq!(list.body["items"][0]["key"], "NJ-1");
        let all = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/items?limit=1",
            &auth,
            None,
        )
        .await;
        let cursor = all.body["next_cursor"].as_str().unwrap().to_string();
        let next = call(
            &r,
            Method::GET,
            &format!("/api/v1/projects/NJ/items?limit=1&cursor={cursor}"),
            &auth,
            None,
        )
        .await;
        assert_ne!(
            next.body["items"][0]["key"], all.body["items"][0]["key"],
            "the cursor moves on"
        );
        let bad = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/items?q=due%20%3E%3D",
            &auth,
            None,
        )
        .await;
        assert_eq!(
            (bad.status, bad.body["detail"].as_str().unwrap()),
            (
                StatusCode::BAD_REQUEST,
                "query: expected a value after '>=' at 1:7"
            )
        );

        let created = call(
            &r,
            Method::POST,
            "/api/v1/projects/NJ/items",
            &auth,
            Some(json!({"kind": "task", "title": "Rig the raven", "labels": ["rig"]})),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        assert_eq!(created.headers[header::LOCATION], "/api/v1/items/NJ-3");
        let wrong = call(
            &r,
            Method::POST,
            "/api/v1/projects/NJ/items",
            &auth,
            Some(json!({"title": 5})),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            wrong.body["detail"]
                .as_str()
                .unwrap()
                .contains("title: invalid type"),
            "{}",
            wrong.body
        );

        let item = call(&r, Method::GET, "/api/v1/items/NJ-3", &auth, None).await;
        assert_eq!(item.headers[header::ETAG], "\"v1\"");
        let blind = call(
            &r,
            Method::PATCH,
            "/api/v1/items/NJ-3",
            &auth,
            Some(json!({"title": "Mine"})),
        )
        .await;
        assert_eq!(blind.status, StatusCode::PRECONDITION_REQUIRED);
        let first = call(
            &r,
            Method::PATCH,
            "/api/v1/items/NJ-3",
            &[auth[0], ("if-match", "\"v1\"")],
            Some(json!({"title": "Rig the raven v2", "assignee": null})),
        )
        .await;
        assert_eq!(
            (first.status, first.headers[header::ETAG].to_str().unwrap()),
            (StatusCode::OK, "\"v2\"")
        );
        let stale = call(
            &r,
            Method::PATCH,
            "/api/v1/items/NJ-3",
            &[auth[0], ("if-match", "\"v1\"")],
            Some(json!({"title": "Lost"})),
        )
        .await;
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
        assert!(
            stale.body["detail"]
                .as_str()
                .unwrap()
                .contains("changed by someone else")
        );
        let now = call(&r, Method::GET, "/api/v1/items/NJ-3", &auth, None).await;
        assert_eq!(
            now.body["title"], "Rig the raven v2",
            "the stale write changed nothing"
        );

        let comment = call(
            &r,
            Method::POST,
            "/api/v1/items/NJ-3/comments",
            &auth,
            Some(json!({"body": "Rig is in."})),
        )
        .await;
        assert_eq!(comment.status, StatusCode::CREATED);
        let history = call(&r, Method::GET, "/api/v1/items/NJ-3/history", &auth, None).await;
        let actions: Vec<&str> = history.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, vec!["created", "updated", "commented"]);
        let missing = call(&r, Method::GET, "/api/v1/items/NJ-99", &auth, None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let huge = call(
            &r,
            Method::POST,
            "/api/v1/items/NJ-3/comments",
            &auth,
            Some(json!({"body": "x".repeat(2 << 20)})),
        )
        .await;
        assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    }
}

#[tokio::test]
async fn roles_and_sessions_hold_at_the_edge() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let (_, vic, vera) = setup(&app).await;
        let r = callsheet_web::router(app.clone());

        let viewer = call(
            &r,
            Method::PATCH,
            "/api/v1/items/NJ-1",
            &[("authorization", vic.as_str()), ("if-match", "\"v1\"")],
            Some(json!({"title": "x"})),
        )
        .await;
        assert_eq!(viewer.status, StatusCode::FORBIDDEN);

        // A vendor cannot tell a hidden item from one that does not exist.
        let hidden = call(
            &r,
            Method::GET,
            "/api/v1/items/NJ-1",
            &[("authorization", vera.as_str())],
            None,
        )
        .await;
        let absent = call(
            &r,
            Method::GET,
            "/api/v1/items/NJ-404",
            &[("authorization", vera.as_str())],
            None,
        )
        .await;
        assert_eq!(
            (hidden.status, absent.status),
            (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
        );
        let theirs = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/items",
            &[("authorization", vera.as_str())],
            None,
        )
        .await;
        assert_eq!(theirs.body["items"].as_array().unwrap().len(), 1);

        app.set_password(&Ctx::system(0), "pat", "a long passphrase")
            .await
            .unwrap();
        let wrong = call(
            &r,
            Method::POST,
            "/api/v1/session",
            &[],
            Some(json!({"handle": "pat", "password": "nope nope nope"})),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        for _ in 0..4 {
            call(
                &r,
                Method::POST,
                "/api/v1/session",
                &[],
                Some(json!({"handle": "vic", "password": "guess guess guess"})),
            )
            .await;
        }
        let fifth = call(
            &r,
            Method::POST,
            "/api/v1/session",
            &[],
            Some(json!({"handle": "vic", "password": "guess guess guess"})),
        )
        .await;
        assert_eq!(
            fifth.status,
            StatusCode::UNAUTHORIZED,
            "the fifth miss is still only refused"
        );
        let locked = call(
            &r,
            Method::POST,
            "/api/v1/session",
            &[],
            Some(json!({"handle": "vic", "password": "guess guess guess"})),
        )
        .await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(locked.headers.contains_key(header::RETRY_AFTER));
        let login = call(
            &r,
            Method::POST,
            "/api/v1/session",
            &[],
            Some(json!({"handle": "pat", "password": "a long passphrase"})),
        )
        .await;
        assert_eq!(login.status, StatusCode::OK);
        let set_cookie = login.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
            "{set_cookie}"
        );
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        let read = call(
            &r,
            Method::GET,
            "/api/v1/items/NJ-1",
            &[("cookie", cookie.as_str())],
            None,
        )
        .await;
        assert_eq!(read.status, StatusCode::OK);
        let cross = call(
            &r,
            Method::POST,
            "/api/v1/items/NJ-1/comments",
            &[
                ("cookie", cookie.as_str()),
                ("sec-fetch-site", "cross-site"),
            ],
            Some(json!({"body": "csrf"})),
        )
        .await;
        assert_eq!(cross.status, StatusCode::FORBIDDEN);
        let same = call(
            &r,
            Method::POST,
            "/api/v1/items/NJ-1/comments",
            &[
                ("cookie", cookie.as_str()),
                ("sec-fetch-site", "same-origin"),
            ],
            Some(json!({"body": "ours"})),
        )
        .await;
        assert_eq!(same.status, StatusCode::CREATED);
        let out = call(
            &r,
            Method::DELETE,
            "/api/v1/session",
            &[
                ("cookie", cookie.as_str()),
                ("sec-fetch-site", "same-origin"),
            ],
            None,
        )
        .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        let after = call(
            &r,
            Method::GET,
            "/api/v1/items/NJ-1",
            &[("cookie", cookie.as_str())],
            None,
        )
        .await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            call(&r, Method::GET, "/readyz", &[], None).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn a_caller_past_the_rate_limit_is_told_when_to_come_back() {
    let db = callsheet_testkit::TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    let (pat, vic, _) = setup(&app).await;
    let limit = callsheet_web::RateLimit {
        per_second: 1,
        burst: 3,
    };
    let router = callsheet_web::router_with(app, limit);
    let auth = [("authorization", pat.as_str())];
    for _ in 0..3 {
        let r = call(&router, Method::GET, "/api/v1/projects", &auth, None).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = call(&router, Method::GET, "/api/v1/projects", &auth, None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.contains_key("retry-after"));
    assert!(
        r.body["detail"].as_str().unwrap().contains("try again"),
        "{:?}",
        r.body
    );
    // Another caller has their own allowance, and health checks are never limited.
    let r = call(
        &router,
        Method::GET,
        "/api/v1/projects",
        &[("authorization", vic.as_str())],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    for _ in 0..5 {
        let r = call(&router, Method::GET, "/healthz", &[], None).await;
        assert_eq!(r.status, StatusCode::OK);
    }
}
