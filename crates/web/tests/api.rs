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
    app.set_studio_role(&sys, "pat", "producer").await.unwrap();
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

/// The schedule inside the tracker: dates, float and the critical path follow the items,
/// queries read them, a what-if moves nothing, a loop is refused, baselines measure slips.
#[tokio::test]
async fn the_schedule_follows_the_items_and_answers_what_if() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let (pat, vic, vera) = setup(&app).await;
        let r = callsheet_web::router(app.clone());
        let auth = [("authorization", pat.as_str())];
        let post = |uri: &'static str, body: Value| {
            let r = r.clone();
            async move { call(&r, Method::POST, uri, &auth, Some(body)).await }
        };
        // Blockout (3d) -> Lighting (2d) -> the Alpha milestone; Props (1d) on the side.
        for (kind, title, estimate) in [
            ("task", "Hangar blockout", "3d"),
            ("task", "Hangar lighting", "2d"),
            ("milestone", "Alpha", ""),
            ("task", "Hangar props", "1d"),
        ] {
            let mut body = json!({"kind": kind, "title": title});
            if !estimate.is_empty() {
                body["estimate"] = json!(estimate);
            }
            let made = post("/api/v1/projects/NJ/items", body).await;
            assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        }
        // NJ-3 blockout, NJ-4 lighting, NJ-5 Alpha, NJ-6 props.
        let linked = post(
            "/api/v1/items/NJ-4/links",
            json!({"kind": "depends_on", "to": "NJ-3"}),
        )
        .await;
        assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.body);
        let patch = |key: &'static str, body: Value| {
            let r = r.clone();
            async move {
                let uri = format!("/api/v1/items/{key}");
                let read = call(&r, Method::GET, &uri, &auth, None).await;
                let etag = read.headers[header::ETAG].to_str().unwrap().to_string();
                call(
                    &r,
                    Method::PATCH,
                    &uri,
                    &[auth[0], ("if-match", etag.as_str())],
                    Some(body),
                )
                .await
            }
        };
        for key in ["NJ-4", "NJ-6"] {
            let patched = patch(key, json!({"milestone": "NJ-5"})).await;
            assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
        }
        let s = call(&r, Method::GET, "/api/v1/projects/NJ/schedule", &auth, None).await;
        assert_eq!(s.status, StatusCode::OK, "{}", s.body);
        let line = |s: &Value, key: &str| {
            s["lines"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["key"] == key)
                .cloned()
                .unwrap()
        };
        assert_eq!(line(&s.body, "NJ-3")["critical"], true);
        assert_eq!(line(&s.body, "NJ-4")["critical"], true);
        assert_eq!(line(&s.body, "NJ-5")["milestone"], true);
        assert_eq!(line(&s.body, "NJ-6")["total_float_days"], 4.0);
        assert_eq!(line(&s.body, "NJ-1")["guessed"], true, "no estimate: a day");

        // Queries read the schedule like any other field.
        let keys = |reply: &Reply| -> Vec<String> {
            let mut k: Vec<String> = reply.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["key"].as_str().unwrap().to_string())
                .collect();
            k.sort();
            k
        };
        let q = |query: &str| {
            format!(
                "/api/v1/projects/NJ/items?q={}",
                query
                    .replace(' ', "%20")
                    .replace('<', "%3C")
                    .replace('>', "%3E")
                    .replace('=', "%3D")
            )
        };
        let critical = call(
            &r,
            Method::GET,
            &q("critical = true AND kind != bug"),
            &auth,
            None,
        )
        .await;
        assert_eq!(critical.status, StatusCode::OK, "{}", critical.body);
        assert!(
            keys(&critical).contains(&"NJ-5".to_string()),
            "{}",
            critical.body
        );
        assert!(!keys(&critical).contains(&"NJ-6".to_string()));
        let slack = call(
            &r,
            Method::GET,
            &q("float > 2d AND kind = task"),
            &auth,
            None,
        )
        .await;
        assert_eq!(keys(&slack), ["NJ-6"], "{}", slack.body);

        // What if the blockout slips three days: Alpha moves three days, nothing saved.
        let w = post(
            "/api/v1/projects/NJ/schedule/what-if",
            json!({"item": "NJ-3", "slip": "3d"}),
        )
        .await;
        assert_eq!(w.status, StatusCode::OK, "{}", w.body);
        assert_eq!(w.body["finish_moved_days"], 3.0);
        assert_eq!(w.body["milestones"][0]["key"], "NJ-5");
        assert_eq!(w.body["milestones"][0]["finish_moved_days"], 3.0);
        let props = w.body["float_lost"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["key"] == "NJ-6");
        assert!(
            props.is_none(),
            "the props keep their float: the milestone moved too"
        );
        let again = call(&r, Method::GET, "/api/v1/projects/NJ/schedule", &auth, None).await;
        assert_eq!(
            again.body["finish"], s.body["finish"],
            "a what-if saves nothing"
        );
        let bad = post(
            "/api/v1/projects/NJ/schedule/what-if",
            json!({"item": "NJ-3", "slip": "3d", "finish": "2027-01-01"}),
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);

        // A link that closes a loop is refused by name, and nothing is saved.
        let cycle = post(
            "/api/v1/items/NJ-3/links",
            json!({"kind": "depends_on", "to": "NJ-4"}),
        )
        .await;
        assert_eq!(cycle.status, StatusCode::BAD_REQUEST, "{}", cycle.body);
        let detail = cycle.body["detail"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            detail.contains("NJ-3") && detail.contains("NJ-4") && detail.contains("cycle"),
            "{detail}"
        );
        let item = call(&r, Method::GET, "/api/v1/items/NJ-3", &auth, None).await;
        assert_eq!(item.body["schedule"]["critical"], true, "{}", item.body);
        assert_eq!(item.body["schedule"]["total_float"], 0);
        let links = item.body["links"].as_array().unwrap();
        assert_eq!(links.len(), 1, "only NJ-4's own link: {}", item.body);
        assert_eq!(links[0]["outward"], false);

        // A baseline, then the blockout grows: the slip shows, and `slipped` finds it.
        let b = post(
            "/api/v1/projects/NJ/baselines",
            json!({"name": "Alpha plan"}),
        )
        .await;
        assert_eq!(b.status, StatusCode::CREATED, "{}", b.body);
        assert_eq!(b.body["current"], true);
        let viewer_try = call(
            &r,
            Method::POST,
            "/api/v1/projects/NJ/baselines",
            &[("authorization", vic.as_str())],
            Some(json!({"name": "Mine"})),
        )
        .await;
        assert_eq!(viewer_try.status, StatusCode::FORBIDDEN);
        let grown = patch("NJ-3", json!({"estimate": "5d"})).await;
        assert_eq!(grown.status, StatusCode::OK, "{}", grown.body);
        let slipped = call(&r, Method::GET, &q("slipped > 0d"), &auth, None).await;
        assert_eq!(keys(&slipped), ["NJ-3", "NJ-4", "NJ-5"], "{}", slipped.body);
        let s = call(&r, Method::GET, "/api/v1/projects/NJ/schedule", &auth, None).await;
        assert_eq!(line(&s.body, "NJ-5")["finish_slip_days"], 2.0);
        assert_eq!(s.body["baseline"]["name"], "Alpha plan");

        // Vendors see their own items, not the whole schedule; MS Project XML comes out.
        let vendor = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/schedule",
            &[("authorization", vera.as_str())],
            None,
        )
        .await;
        assert_eq!(vendor.status, StatusCode::FORBIDDEN);
        let xml = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/schedule.xml",
            &auth,
            None,
        )
        .await;
        assert_eq!(xml.status, StatusCode::OK);
        let text = xml.body.as_str().unwrap_or_default();
        assert!(text.contains("<Name>Hangar blockout</Name>"), "{text}");
        let back = callsheet_formats::mspdi::read(text).unwrap();
        assert_eq!(back.plan.tasks.len(), 6);
    }
}

/// Sends a file as the request body.
async fn upload(router: &Router, uri: &str, auth: &[(&str, &str)], file: &[u8]) -> Reply {
    let mut req = Request::builder().method(Method::POST).uri(uri);
    for (k, v) in auth {
        req = req.header(*k, *v);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::from(file.to_vec())).unwrap())
        .await
        .unwrap();
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

#[tokio::test]
async fn strings_are_imported_checked_handed_off_and_delivered_over_the_api() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let (pat, vic, vera) = setup(&app).await;
        let r = callsheet_web::router(app.clone());
        let auth = [("authorization", pat.as_str())];
        let csv = "key,en,max_length,fr,de\nmenu.play,Play %s,,Jouer,Spielen %s\nmenu.quit,Quit,6,,Ende\n";
        let up = upload(
            &r,
            "/api/v1/projects/NJ/strings/import?name=strings.csv",
            &auth,
            csv.as_bytes(),
        )
        .await;
        assert_eq!(up.status, StatusCode::OK, "{}", up.body);
        assert_eq!(up.body["strings_added"], 2, "{}", db.label);
        assert_eq!(up.body["translations_set"], 3);
        // A broken file: its place, and nothing saved.
        let bad = upload(
            &r,
            "/api/v1/projects/NJ/strings/import?name=more.csv",
            &auth,
            b"key,en\n,Orphan\n",
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(
            bad.body["detail"]
                .as_str()
                .unwrap()
                .contains("more.csv:2:1: column key: every row needs a key"),
            "{}",
            bad.body
        );
        let list = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/strings?check=placeholders",
            &auth,
            None,
        )
        .await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert_eq!(list.body["matching"], 1);
        assert_eq!(list.body["strings"][0]["key"], "menu.play");
        let fr = list.body["completeness"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["locale"] == "fr")
            .unwrap()
            .clone();
        assert_eq!(
            (
                fr["translated"].as_u64(),
                fr["new"].as_u64(),
                fr["failing"].as_u64()
            ),
            (Some(1), Some(1), Some(2)),
            "{fr}"
        );
        let bad = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/strings?status=done",
            &auth,
            None,
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        // The viewer reads; the vendor is refused the table.
        let viewer = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/strings/menu.play",
            &[("authorization", vic.as_str())],
            None,
        )
        .await;
        assert_eq!(viewer.status, StatusCode::OK);
        assert_eq!(viewer.body["string"]["translations"]["fr"]["text"], "Jouer");
        let vendor = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/strings",
            &[("authorization", vera.as_str())],
            None,
        )
        .await;
        assert_eq!(vendor.status, StatusCode::FORBIDDEN);
        // A pseudo locale for an overflow build, nothing saved.
        let p = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/strings/pseudo?grow=50",
            &auth,
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::OK);
        let csv = p.body.as_str().unwrap();
        assert!(
            csv.starts_with("key,en,") && csv.contains(",en-XA"),
            "{csv}"
        );
        assert!(csv.contains("⟦Pĺáý %s~·~·⟧"), "placeholders kept: {csv}");
        let p = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/strings/pseudo?grow=900",
            &auth,
            None,
        )
        .await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST);
        // A check run files one bug per failing key.
        let run = call(
            &r,
            Method::POST,
            "/api/v1/projects/NJ/loc/runs",
            &auth,
            Some(json!({"build": "0.9.1", "file_bugs": true})),
        )
        .await;
        assert_eq!(run.status, StatusCode::CREATED, "{}", run.body);
        assert_eq!(run.body["errors"], 2);
        assert_eq!(run.body["bugs_filed"].as_array().unwrap().len(), 2);
        // Hand off fr to a vendor, as XLIFF 2.0.
        let h = call(
            &r,
            Method::POST,
            "/api/v1/projects/NJ/handoffs",
            &auth,
            Some(
                json!({"locale": "fr", "format": "xliff2", "vendor": "Lingo", "due": "2026-11-25"}),
            ),
        )
        .await;
        assert_eq!(h.status, StatusCode::CREATED, "{}", h.body);
        let id = h.headers["x-handoff"].to_str().unwrap().to_string();
        let xml = h.body.as_str().unwrap().to_string();
        assert!(
            xml.contains("version=\"2.0\"") && xml.contains("name=\"menu.quit\""),
            "{xml}"
        );
        assert!(
            !xml.contains("menu.play"),
            "fr has menu.play translated: {xml}"
        );
        let delivered = xml.replace("<source xml:space=\"preserve\">Quit</source>", "<source xml:space=\"preserve\">Quit</source>\n        <target xml:space=\"preserve\">Sortir</target>");
        let p = upload(
            &r,
            "/api/v1/projects/NJ/deliveries/preview?name=fr.xlf",
            &auth,
            delivered.as_bytes(),
        )
        .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
        assert_eq!(p.body["rows"][0]["change"], "added");
        let done = upload(
            &r,
            &format!("/api/v1/projects/NJ/deliveries?name=fr.xlf&handoff={id}"),
            &auth,
            delivered.as_bytes(),
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(done.body["to_apply"], 1);
        let hs = call(&r, Method::GET, "/api/v1/projects/NJ/handoffs", &auth, None).await;
        assert_eq!(hs.body[0]["applied"], 1, "{}", hs.body);
        let s = call(
            &r,
            Method::GET,
            "/api/v1/projects/NJ/strings/menu.quit",
            &auth,
            None,
        )
        .await;
        assert_eq!(s.body["string"]["translations"]["fr"]["text"], "Sortir");
        assert_eq!(
            s.body["history"].as_array().unwrap().last().unwrap()["action"],
            "delivered"
        );
    }
}
