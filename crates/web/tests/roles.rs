//! Every route, called by every kind of caller, with the answer each must get. A
//! route added to `callsheet_web::routes()` without a row here fails this test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use callsheet_app::input::NewItemInput;
use callsheet_app::{App, Ctx};
use callsheet_testkit::TestDb;
use std::collections::BTreeSet;
use tower::ServiceExt;

/// Callers, in the order of each row's expected statuses.
const CALLERS: [&str; 7] = [
    "anonymous",
    "outsider",
    "viewer",
    "vendor",
    "member",
    "producer",
    "admin",
];

/// (method, route, concrete path, body, expected status per caller). NJ-1 is not
/// shared with the vendor; NJ-2 is assigned to them.
/// (method, route, concrete path, body, expected status per caller)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    [u16; 7],
);

fn table() -> Vec<Row> {
    vec![
        (
            "GET",
            "/healthz",
            "/healthz",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/readyz",
            "/readyz",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/metrics",
            "/metrics",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/session",
            "/api/v1/session",
            Some(r#"{"handle":"nobody","password":"wrong password"}"#),
            [401, 401, 401, 401, 401, 429, 429],
        ),
        (
            "DELETE",
            "/api/v1/session",
            "/api/v1/session",
            None,
            [204, 204, 204, 204, 204, 204, 204],
        ),
        (
            "GET",
            "/api/v1/projects",
            "/api/v1/projects",
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}",
            "/api/v1/projects/NJ",
            None,
            [401, 404, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/items",
            "/api/v1/projects/NJ/items",
            None,
            [401, 404, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/items",
            "/api/v1/projects/NJ/items",
            Some(r#"{"title":"New"}"#),
            [401, 404, 403, 201, 201, 201, 201],
        ),
        (
            "GET",
            "/api/v1/items/{key}",
            "/api/v1/items/NJ-1",
            None,
            [401, 404, 200, 404, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/items/{key}",
            "/api/v1/items/NJ-2",
            None,
            [401, 404, 200, 200, 200, 200, 200],
        ),
        (
            "PATCH",
            "/api/v1/items/{key}",
            "/api/v1/items/NJ-1",
            Some(r#"{"priority":"high"}"#),
            [401, 404, 403, 404, 200, 200, 200],
        ),
        (
            "PATCH",
            "/api/v1/items/{key}",
            "/api/v1/items/NJ-2",
            Some(r#"{"priority":"low"}"#),
            [401, 404, 403, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/items/{key}/comments",
            "/api/v1/items/NJ-1/comments",
            Some(r#"{"body":"hi"}"#),
            [401, 404, 403, 404, 201, 201, 201],
        ),
        (
            "GET",
            "/api/v1/items/{key}/history",
            "/api/v1/items/NJ-1/history",
            None,
            [401, 404, 200, 404, 200, 200, 200],
        ),
        (
            "GET",
            "/api/openapi.json",
            "/api/openapi.json",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/tokens",
            "/api/v1/tokens",
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/tokens",
            "/api/v1/tokens",
            Some(r#"{"name":"bot"}"#),
            [401, 201, 201, 201, 201, 201, 201],
        ),
        (
            "DELETE",
            "/api/v1/tokens/{id}",
            "/api/v1/tokens/99999",
            None,
            [401, 404, 404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/api/v1/projects",
            "/api/v1/projects",
            Some(r#"{"key":"1","name":"Bad key"}"#),
            [401, 400, 400, 400, 400, 400, 400],
        ),
        (
            "GET",
            "/api/v1/people",
            "/api/v1/people",
            None,
            [401, 200, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/people",
            "/api/v1/people",
            Some(r#"{"handle":"newbie","name":"New Bie","studio_role":"member"}"#),
            [401, 403, 403, 403, 403, 403, 201],
        ),
        (
            "PUT",
            "/api/v1/people/{handle}/studio-role",
            "/api/v1/people/mo/studio-role",
            Some(r#"{"studio_role":"member"}"#),
            [401, 403, 403, 403, 403, 403, 200],
        ),
        (
            "POST",
            "/api/v1/projects",
            "/api/v1/projects",
            Some(r#"{"key":"ZZ","name":"Side project"}"#),
            [401, 403, 403, 403, 403, 403, 201],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/members",
            "/api/v1/projects/NJ/members",
            None,
            [401, 404, 200, 200, 200, 200, 200],
        ),
        (
            "PUT",
            "/api/v1/projects/{key}/members/{handle}",
            "/api/v1/projects/NJ/members/mo",
            Some(r#"{"role":"member"}"#),
            [401, 404, 403, 403, 403, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/fields",
            "/api/v1/projects/NJ/fields",
            None,
            [401, 404, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/fields",
            "/api/v1/projects/NJ/fields",
            Some(r#"{"name":"Region","type":"text"}"#),
            [401, 404, 403, 403, 403, 201, 409],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/workflow",
            "/api/v1/projects/NJ/workflow",
            None,
            [401, 404, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/workflow/statuses",
            "/api/v1/projects/NJ/workflow/statuses",
            Some(r#"{"name":"QA Verify","category":"review"}"#),
            [401, 404, 403, 403, 403, 201, 409],
        ),
        (
            "PATCH",
            "/api/v1/projects/{key}/workflow/statuses/{status}",
            "/api/v1/projects/NJ/workflow/statuses/Backlog",
            Some(r#"{"wip_limit":5}"#),
            [401, 404, 403, 403, 403, 204, 204],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/workflow/transitions",
            "/api/v1/projects/NJ/workflow/transitions",
            Some(r#"{"from":"*","to":"Backlog","allow":true}"#),
            [401, 404, 403, 403, 403, 409, 409],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/views",
            "/api/v1/projects/NJ/views",
            None,
            [401, 404, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/views",
            "/api/v1/projects/NJ/views",
            Some(r#"{"name":"Bugs","query":"kind = bug","columns":"key,title"}"#),
            [401, 404, 201, 201, 201, 201, 201],
        ),
        (
            "DELETE",
            "/api/v1/projects/{key}/views/{id}",
            "/api/v1/projects/NJ/views/99999",
            None,
            [401, 404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/schedule",
            "/api/v1/projects/NJ/schedule",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/schedule/what-if",
            "/api/v1/projects/NJ/schedule/what-if",
            Some(r#"{"item":"NJ-1","slip":"2d"}"#),
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/schedule.xml",
            "/api/v1/projects/NJ/schedule.xml",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/baselines",
            "/api/v1/projects/NJ/baselines",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/baselines",
            "/api/v1/projects/NJ/baselines",
            Some(r#"{"name":"Plan"}"#),
            [401, 404, 403, 403, 403, 201, 409],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/baselines/{name}/current",
            "/api/v1/projects/NJ/baselines/Plan/current",
            None,
            [401, 404, 403, 403, 403, 204, 204],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/strings",
            "/api/v1/projects/NJ/strings?status=new&locale=fr",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/strings/import",
            "/api/v1/projects/NJ/strings/import?name=strings.csv",
            Some("key,en,fr\nmenu.play,Play %s,Jouer %s\nmenu.quit,Quit,\n"),
            [401, 404, 403, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/strings/export",
            "/api/v1/projects/NJ/strings/export?locale=fr&format=xlsx",
            None,
            [401, 404, 403, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/strings/pseudo",
            "/api/v1/projects/NJ/strings/pseudo?grow=50&format=xliff2",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/strings/{string}",
            "/api/v1/projects/NJ/strings/menu.play",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "PUT",
            "/api/v1/projects/{key}/strings/{string}",
            "/api/v1/projects/NJ/strings/menu.play",
            Some(r#"{"source":"Play %s!"}"#),
            [401, 404, 403, 403, 200, 200, 200],
        ),
        (
            "PUT",
            "/api/v1/projects/{key}/strings/{string}/translations/{locale}",
            "/api/v1/projects/NJ/strings/menu.play/translations/fr",
            Some(r#"{"text":"Jouer %s !","status":"reviewed"}"#),
            [401, 404, 403, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/loc/settings",
            "/api/v1/projects/NJ/loc/settings",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "PUT",
            "/api/v1/projects/{key}/loc/settings",
            "/api/v1/projects/NJ/loc/settings",
            Some(r#"{"source_locale":"en","length_unit":"codepoints","locales":["fr","de"]}"#),
            [401, 404, 403, 403, 403, 200, 200],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/loc/allow",
            "/api/v1/projects/NJ/loc/allow",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/loc/allow",
            "/api/v1/projects/NJ/loc/allow",
            Some(r#"{"check":"identical","reason":"brand names stay"}"#),
            [401, 404, 403, 403, 403, 201, 201],
        ),
        (
            "DELETE",
            "/api/v1/projects/{key}/loc/allow/{id}",
            "/api/v1/projects/NJ/loc/allow/99999",
            None,
            [401, 404, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/loc/runs",
            "/api/v1/projects/NJ/loc/runs",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/loc/runs",
            "/api/v1/projects/NJ/loc/runs",
            Some(r#"{"build":"2026.11.1"}"#),
            [401, 404, 403, 403, 201, 201, 201],
        ),
        (
            "GET",
            "/api/v1/projects/{key}/handoffs",
            "/api/v1/projects/NJ/handoffs",
            None,
            [401, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/handoffs",
            "/api/v1/projects/NJ/handoffs",
            Some(r#"{"locale":"fr","vendor":"Lingo Studio","due":"2026-12-01"}"#),
            [401, 404, 403, 403, 201, 201, 201],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/deliveries/preview",
            "/api/v1/projects/NJ/deliveries/preview?name=fr.csv&locale=fr",
            Some("key,en,fr\nmenu.quit,Quit,Quitter\n"),
            [401, 404, 403, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/projects/{key}/deliveries",
            "/api/v1/projects/NJ/deliveries?name=fr.csv&locale=fr",
            Some("key,en,fr\nmenu.quit,Quit,Quitter\n"),
            [401, 404, 403, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/api/v1/items",
            "/api/v1/items?q=kind+%3D+task",
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/items/{key}/links",
            "/api/v1/items/NJ-1/links",
            Some(r#"{"kind":"relates","to":"NJ-2"}"#),
            [401, 404, 403, 404, 201, 409, 409],
        ),
        (
            "DELETE",
            "/api/v1/items/{key}/links/{kind}/{to}",
            "/api/v1/items/NJ-1/links/blocks/NJ-2",
            None,
            [401, 404, 403, 404, 404, 404, 404],
        ),
        (
            "PUT",
            "/api/v1/items/{key}/watchers/{handle}",
            "/api/v1/items/NJ-1/watchers/mo",
            None,
            [401, 404, 403, 404, 204, 204, 204],
        ),
        (
            "DELETE",
            "/api/v1/items/{key}/watchers/{handle}",
            "/api/v1/items/NJ-1/watchers/mo",
            None,
            [401, 404, 403, 404, 204, 204, 204],
        ),
        // Pages: without a session the browser goes to the sign-in page (303).
        ("GET", "/", "/", None, [303, 200, 200, 200, 200, 200, 200]),
        (
            "GET",
            "/login",
            "/login",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/login",
            "/login",
            Some("handle=nobody2&password=wrong+password"),
            [401, 401, 401, 401, 401, 429, 429],
        ),
        (
            "POST",
            "/logout",
            "/logout",
            None,
            [303, 303, 303, 303, 303, 303, 303],
        ),
        (
            "GET",
            "/setup",
            "/setup",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/setup",
            "/setup",
            Some("token=cs_setup_forged&handle=eve&name=Eve&password=long+enough+pw"),
            [400, 400, 400, 400, 400, 400, 400],
        ),
        (
            "GET",
            "/my",
            "/my",
            None,
            [303, 200, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/assets/{file}",
            "/assets/app.css",
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/preview",
            "/preview",
            Some("value=**hi**"),
            [303, 200, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/projects/{key}",
            "/projects/NJ",
            None,
            [303, 404, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/projects/{key}/items",
            "/projects/NJ/items",
            None,
            [303, 404, 200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/projects/{key}/items",
            "/projects/NJ/items",
            Some("title=From+a+page&kind=task"),
            [303, 404, 403, 303, 303, 303, 303],
        ),
        (
            "POST",
            "/projects/{key}/items/bulk",
            "/projects/NJ/items/bulk",
            Some("keys=NJ-1&field=priority&value=high"),
            [303, 404, 403, 404, 303, 303, 303],
        ),
        (
            "POST",
            "/projects/{key}/views",
            "/projects/NJ/views",
            Some("name=Mine&q=kind+%3D+bug&columns=key,title"),
            [303, 404, 303, 303, 303, 303, 303],
        ),
        (
            "POST",
            "/projects/{key}/views/{id}/delete",
            "/projects/NJ/views/999/delete",
            None,
            [303, 404, 404, 404, 404, 404, 404],
        ),
        (
            "GET",
            "/projects/{key}/board",
            "/projects/NJ/board",
            None,
            [303, 404, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/projects/{key}/schedule",
            "/projects/NJ/schedule?zoom=month&item=NJ-1&slip=2d",
            None,
            [303, 404, 200, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/projects/{key}/milestones",
            "/projects/NJ/milestones",
            None,
            [303, 404, 200, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/projects/{key}/workload",
            "/projects/NJ/workload?by=department",
            None,
            [303, 404, 200, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/projects/{key}/strings",
            "/projects/NJ/strings?locale=fr&status=new",
            None,
            [303, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/projects/{key}/strings/runs",
            "/projects/NJ/strings/runs",
            Some("build=2026.11.2&file_bugs=1"),
            [303, 404, 403, 403, 303, 303, 303],
        ),
        (
            "GET",
            "/projects/{key}/strings/{string}",
            "/projects/NJ/strings/menu.play",
            None,
            [303, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/projects/{key}/strings/{string}/translations/{locale}",
            "/projects/NJ/strings/menu.play/translations/fr",
            Some("text=Jouer+%25s&status=final"),
            [303, 404, 403, 403, 303, 303, 303],
        ),
        (
            "GET",
            "/projects/{key}/handoffs",
            "/projects/NJ/handoffs",
            None,
            [303, 404, 200, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/projects/{key}/handoffs",
            "/projects/NJ/handoffs",
            Some("locale=fr&scope=all&format=xlsx"),
            [303, 404, 403, 403, 200, 200, 200],
        ),
        (
            "POST",
            "/projects/{key}/deliveries/preview",
            "/projects/NJ/deliveries/preview?name=fr.csv&locale=fr",
            Some("key,en,fr\nmenu.quit,Quit,Sortir\n"),
            [303, 404, 403, 403, 200, 200, 200],
        ),
        (
            "GET",
            "/items/{key}",
            "/items/NJ-1",
            None,
            [303, 404, 200, 404, 200, 200, 200],
        ),
        (
            "GET",
            "/items/{key}",
            "/items/NJ-2",
            None,
            [303, 404, 200, 200, 200, 200, 200],
        ),
        (
            "GET",
            "/items/{key}/field/{field}",
            "/items/NJ-1/field/priority?edit=1",
            None,
            [303, 404, 200, 404, 200, 200, 200],
        ),
        (
            "POST",
            "/items/{key}/field/{field}",
            "/items/NJ-1/field/priority",
            Some("value=high"),
            [303, 404, 403, 404, 200, 200, 200],
        ),
        (
            "POST",
            "/items/{key}/move",
            "/items/NJ-2/move",
            Some("status=In+Progress"),
            [303, 404, 403, 204, 204, 204, 204],
        ),
        (
            "POST",
            "/items/{key}/comment",
            "/items/NJ-1/comment",
            Some("body=hi"),
            [303, 404, 403, 404, 303, 303, 303],
        ),
    ]
}

#[test]
fn every_route_has_a_row() {
    let routed: BTreeSet<&str> = callsheet_web::routes()
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    let tabled: BTreeSet<&str> = table().into_iter().map(|row| row.1).collect();
    assert_eq!(routed, tabled, "add a row to the table for every route");
}

#[tokio::test]
async fn every_caller_gets_the_answer_their_role_allows() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    let sys = Ctx::system(1_795_000_000_000);
    for h in ["ola", "vic", "vera", "mo", "pam", "ada"] {
        app.create_person(&sys, h, h, None).await.unwrap();
    }
    app.set_studio_role(&sys, "ada", "admin").await.unwrap();
    let ada = Ctx::person("ada", sys.now_ms);
    app.create_project(&ada, "NJ", "Nightjar").await.unwrap();
    for (h, role) in [
        ("vic", "viewer"),
        ("vera", "vendor"),
        ("mo", "member"),
        ("pam", "producer"),
    ] {
        app.set_member(&ada, "NJ", h, role, None).await.unwrap();
    }
    let items = [
        NewItemInput {
            kind: "task".into(),
            title: "Internal".into(),
            ..NewItemInput::default()
        },
        NewItemInput {
            kind: "deliverable".into(),
            title: "Vendor brief".into(),
            assignee: Some("vera".into()),
            ..NewItemInput::default()
        },
    ];
    app.create_items(&ada, "NJ", &items).await.unwrap();
    let mut auth = vec![None];
    for h in ["ola", "vic", "vera", "mo", "pam", "ada"] {
        auth.push(Some(
            app.create_token(&Ctx::person(h, sys.now_ms), "t")
                .await
                .unwrap()
                .1,
        ));
    }
    let router = callsheet_web::router(app.clone());
    let mut failures = Vec::new();
    for (method, _, path, body, expected) in table() {
        for (caller, (token, want)) in CALLERS.iter().zip(auth.iter().zip(expected)) {
            let mut req = Request::builder().method(method).uri(path);
            if let Some(t) = token {
                req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
            }
            if method == "PATCH" && path.starts_with("/api/v1/items/") {
                // Always the current version, so only the role decides.
                let key = path.rsplit('/').next().unwrap();
                let version = app.item(&Ctx::system(0), key).await.unwrap().item.version;
                req = req.header(header::IF_MATCH, format!("\"v{version}\""));
            }
            let req = match body {
                Some(b) => req
                    .header(
                        header::CONTENT_TYPE,
                        if b.starts_with('{') {
                            "application/json"
                        } else {
                            "application/x-www-form-urlencoded"
                        },
                    )
                    .body(Body::from(b))
                    .unwrap(),
                None => req.body(Body::empty()).unwrap(),
            };
            let got = router.clone().oneshot(req).await.unwrap().status();
            if got != StatusCode::from_u16(want).unwrap() {
                failures.push(format!(
                    "{method} {path} as {caller}: got {got}, want {want}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Replaces item keys, numbers, versions and times in an answer, so answers about
/// different keys (and made at different moments) compare.
fn normalised(status: StatusCode, body: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(body).to_ascii_lowercase();
    for marker in [
        "nj-",
        "\"number\":",
        "\"version\":",
        "\"created_at\":",
        "\"updated_at\":",
    ] {
        let mut out = String::new();
        let mut rest: &str = &text;
        while let Some(at) = rest.find(marker) {
            out.push_str(&rest[..at + marker.len()]);
            out.push('#');
            rest = rest[at + marker.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        text = out;
    }
    format!("{status} {text}")
}

async fn send(
    router: &axum::Router,
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
    if_match: Option<i64>,
) -> (StatusCode, Vec<u8>) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(v) = if_match {
        req = req.header(header::IF_MATCH, format!("\"v{v}\""));
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
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, bytes.to_vec())
}

/// The reference-probe matrix. For every field an item's PATCH accepts (read from the
/// OpenAPI document, so a new field is probed without touching this test), for every
/// field of a create, and for every link kind, a vendor naming an unshared item (NJ-1, an
/// internal task; NJ-3, a milestone) must get exactly the answer a missing key (NJ-404)
/// gets; and what the vendor reads never shows an unshared item.
#[tokio::test]
async fn a_vendor_learns_nothing_through_references() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    let sys = Ctx::system(1_795_000_000_000);
    for h in ["pam", "vera"] {
        app.create_person(&sys, h, h, None).await.unwrap();
    }
    app.set_studio_role(&sys, "pam", "producer").await.unwrap();
    app.set_organisation(&sys, "vera", Some("Lumen VFX"))
        .await
        .unwrap();
    let pam = Ctx::person("pam", sys.now_ms);
    app.create_project(&pam, "NJ", "Nightjar").await.unwrap();
    app.set_member(&pam, "NJ", "vera", "vendor", None)
        .await
        .unwrap();
    let item = |kind: &str, title: &str, assignee: Option<&str>| NewItemInput {
        kind: kind.into(),
        title: title.into(),
        assignee: assignee.map(str::to_string),
        ..NewItemInput::default()
    };
    app.create_items(
        &pam,
        "NJ",
        &[
            item("task", "Secret epic", None),
            item("deliverable", "Vendor brief", Some("vera")),
            item("milestone", "Secret milestone", None),
            item("task", "Secret child", None),
        ],
    )
    .await
    .unwrap();
    // The producer ties the vendor's brief to things the vendor may not see.
    let tie = callsheet_app::input::ItemPatch {
        parent: Some("NJ-1".into()),
        milestone: Some("NJ-3".into()),
        ..Default::default()
    };
    app.update_item(&pam, "NJ-2", &tie).await.unwrap();
    let child = callsheet_app::input::ItemPatch {
        parent: Some("NJ-2".into()),
        ..Default::default()
    };
    app.update_item(&pam, "NJ-4", &child).await.unwrap();
    app.link(
        &pam,
        &callsheet_app::input::LinkRequest::new("NJ-2", "blocks", "NJ-1"),
        false,
    )
    .await
    .unwrap();
    let vera = app
        .create_token(&Ctx::person("vera", sys.now_ms), "t")
        .await
        .unwrap()
        .1;
    let router = callsheet_web::router(app.clone());
    let secrets = ["NJ-1", "NJ-3", "NJ-4", "Secret"];
    let shows_a_secret = |body: &[u8]| {
        let text = String::from_utf8_lossy(body).to_string();
        secrets
            .iter()
            .find(|s| {
                text.contains(&format!("\"{s}\""))
                    || text.contains(&format!("{s}<"))
                    || text.contains(&format!(">{s}"))
                    || (s.starts_with("Secret") && text.contains(*s))
            })
            .map(|s| format!("{s} in {text}"))
    };

    // Reading: the brief, the project's list, the cross-project search, the item page.
    let mut leaks = Vec::new();
    for path in [
        "/api/v1/items/NJ-2",
        "/api/v1/projects/NJ/items",
        "/api/v1/items?q=",
        "/api/v1/items/NJ-2/history",
        "/items/NJ-2",
        "/projects/NJ/items",
        "/my",
    ] {
        let (status, body) = send(&router, "GET", path, &vera, None, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        if let Some(leak) = shows_a_secret(&body) {
            leaks.push(format!("GET {path}: {leak}"));
        }
    }

    // Setting: every PATCH field, every create field, every link kind.
    let doc: serde_json::Value = serde_json::from_str(&callsheet_web::openapi_document()).unwrap();
    let patch_fields: Vec<String> = doc["components"]["schemas"]["PatchBody"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(patch_fields.contains(&"parent".to_string()));
    let mut differ = Vec::new();
    for field in &patch_fields {
        let value = |key: &str| match field.as_str() {
            "add_labels" | "remove_labels" => serde_json::json!([key]),
            "fields" => serde_json::json!({ key: key }),
            _ => serde_json::json!(key),
        };
        let mut answers = Vec::new();
        for key in ["NJ-1", "NJ-3", "NJ-404"] {
            let version = app.item(&sys, "NJ-2").await.unwrap().item.version;
            let (status, body) = send(
                &router,
                "PATCH",
                "/api/v1/items/NJ-2",
                &vera,
                Some(serde_json::json!({ field.as_str(): value(key) })),
                Some(version),
            )
            .await;
            answers.push(normalised(status, &body));
        }
        if answers[0] != answers[2] || answers[1] != answers[2] {
            differ.push(format!("PATCH {field}: {answers:#?}"));
        }
    }
    for field in patch_fields
        .iter()
        .filter(|f| !["add_labels", "remove_labels", "kind", "title"].contains(&f.as_str()))
    {
        let mut answers = Vec::new();
        for key in ["NJ-1", "NJ-3", "NJ-404"] {
            let mut body =
                serde_json::json!({"kind": "deliverable", "title": "Probe", "assignee": "vera"});
            body[field.as_str()] = if field == "fields" {
                serde_json::json!({ key: key })
            } else {
                serde_json::json!(key)
            };
            let (status, body) = send(
                &router,
                "POST",
                "/api/v1/projects/NJ/items",
                &vera,
                Some(body),
                None,
            )
            .await;
            answers.push(normalised(status, &body));
        }
        if answers[0] != answers[2] || answers[1] != answers[2] {
            differ.push(format!("create with {field}: {answers:#?}"));
        }
    }
    for kind in callsheet_core::item::LinkKind::ALL {
        let mut create = Vec::new();
        let mut link = Vec::new();
        for key in ["NJ-1", "NJ-3", "NJ-404"] {
            let body = serde_json::json!({"kind": "deliverable", "title": "Probe", "assignee": "vera",
                "links": [{"kind": kind.as_str(), "to": key}]});
            let (s, b) = send(
                &router,
                "POST",
                "/api/v1/projects/NJ/items",
                &vera,
                Some(body),
                None,
            )
            .await;
            create.push(normalised(s, &b));
            let body = serde_json::json!({"kind": kind.as_str(), "to": key});
            let (s, b) = send(
                &router,
                "POST",
                "/api/v1/items/NJ-2/links",
                &vera,
                Some(body),
                None,
            )
            .await;
            link.push(normalised(s, &b));
        }
        for (what, answers) in [("create with link", create), ("link", link)] {
            if answers[0] != answers[2] || answers[1] != answers[2] {
                differ.push(format!("{what} {kind}: {answers:#?}"));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "unshared keys answered unlike missing ones:\n{}",
        differ.join("\n")
    );
    // Nothing the vendor tried reached the unshared items.
    let secret = app.item(&sys, "NJ-1").await.unwrap();
    assert!(
        secret.links.iter().all(|l| l.other == "NJ-2"),
        "{:?}",
        secret.links
    );
    assert_eq!(
        secret.children,
        vec!["NJ-2".to_string()],
        "only the producer's"
    );
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));

    // The vendor is offered only the pages their role opens; the producer all of them.
    let pam_token = app
        .create_token(&Ctx::person("pam", sys.now_ms), "t")
        .await
        .unwrap()
        .1;
    let whole = ["schedule", "milestones", "workload", "strings", "handoffs"];
    for (who, token, offered) in [("vendor", &vera, false), ("producer", &pam_token, true)] {
        let (_, page) = send(&router, "GET", "/projects/NJ/items", token, None, None).await;
        let page = String::from_utf8_lossy(&page).to_string();
        for section in whole {
            let link = format!("href=\"/projects/NJ/{section}\"");
            assert_eq!(page.contains(&link), offered, "{who}: {section}");
        }
        assert!(page.contains("href=\"/projects/NJ/board\""), "{who}");
    }
}
