//! The HTML pages in process: first-run setup, signing in with the form, the list's
//! query error and its htmx fragment, and an in-place edit that meets a stale version.
//! Runs on SQLite, and on PostgreSQL when CALLSHEET_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use callsheet_app::input::ItemPatch;
use callsheet_app::{App, Ctx};
use callsheet_testkit::backends;
use tower::ServiceExt;

struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(router: &Router, method: &str, uri: &str, cookie: &str, form: Option<&str>) -> Page {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("sec-fetch-site", "same-origin");
    if !cookie.is_empty() {
        req = req.header(header::COOKIE, cookie);
    }
    let req = match form {
        Some(f) => req
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(f.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    };
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    Page {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn session_of(page: &Page) -> String {
    let set = page.headers[header::SET_COOKIE].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn the_first_run_link_makes_one_account_and_then_stops_working() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let router = callsheet_web::router(app.clone());
        let now = callsheet_web::now_ms();
        let token = app
            .setup_link(now)
            .await
            .unwrap()
            .expect("an empty database gets a link");
        // A bad password keeps the form, says why, and spends nothing.
        let short = format!("token={token}&handle=ada&name=Ada&password=short");
        let page = send(&router, "POST", "/setup", "", Some(&short)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", db.label);
        assert!(
            page.body.contains("at least 10 characters"),
            "{}",
            page.body
        );
        let good = format!("token={token}&handle=ada&name=Ada+Lovelace&password=a+long+passphrase");
        let page = send(&router, "POST", "/setup", "", Some(&good)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let cookie = session_of(&page);
        let home = send(&router, "GET", "/", &cookie, None).await;
        assert!(home.body.contains("Ada Lovelace"), "{}", db.label);
        // Used once: it does not work again, and no new link is offered.
        let again = good.replace("handle=ada", "handle=eve");
        let page = send(&router, "POST", "/setup", "", Some(&again)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(app.setup_link(now).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn a_producer_signs_in_queries_and_meets_a_stale_edit() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let sys = Ctx::system(1_795_000_000_000);
        for h in ["pat", "ada"] {
            app.create_person(&sys, h, h, None).await.unwrap();
            app.set_password(&sys, h, "a long passphrase")
                .await
                .unwrap();
        }
        app.set_studio_role(&sys, "pat", "producer").await.unwrap();
        let pat = Ctx::person("pat", sys.now_ms);
        app.create_project(&pat, "NJ", "Nightjar").await.unwrap();
        app.set_member(&pat, "NJ", "ada", "member", None)
            .await
            .unwrap();
        let item = app
            .create_item(
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
        let router = callsheet_web::router(app.clone());

        // Without a session a page sends the browser to sign in, and back afterwards.
        let page = send(&router, "GET", "/projects/NJ/items", "", None).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(
            page.headers[header::LOCATION],
            "/login?next=%2Fprojects%2FNJ%2Fitems"
        );
        let wrong = send(
            &router,
            "POST",
            "/login",
            "",
            Some("handle=pat&password=nope"),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(wrong.body.contains("do not match"), "{}", wrong.body);
        let ok = send(
            &router,
            "POST",
            "/login",
            "",
            Some("handle=pat&password=a+long+passphrase&next=%2Fprojects%2FNJ%2Fitems"),
        )
        .await;
        assert_eq!(ok.headers[header::LOCATION], "/projects/NJ/items");
        let cookie = session_of(&ok);

        // A bad query is shown at its place; htmx gets only the results.
        let list = send(
            &router,
            "GET",
            "/projects/NJ/items?q=priority+%3E%3D",
            &cookie,
            None,
        )
        .await;
        assert!(list.body.contains("id=\"query-error\""), "{}", db.label);
        assert!(list.body.contains("column 12"), "{}", list.body);
        let mut req = Request::builder()
            .uri("/projects/NJ/items?q=title+~+hangar")
            .header(header::COOKIE, &cookie)
            .header("hx-request", "true");
        req = req.header("sec-fetch-site", "same-origin");
        let res = router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
            .await
            .unwrap();
        let fragment = String::from_utf8_lossy(&bytes);
        assert!(fragment.contains("Hangar lighting bake"));
        assert!(!fragment.contains("<html"), "a fragment, not a page");

        // A saved view drives the board as it drives the list.
        let other = callsheet_app::input::NewItemInput {
            kind: "bug".into(),
            title: "Cape clips through armour".into(),
            ..Default::default()
        };
        app.create_item(&pat, "NJ", &other).await.unwrap();
        let view = callsheet_app::views::NewView {
            name: "Bugs".into(),
            query: "kind = bug".into(),
            columns: String::new(),
            shared: false,
        };
        let saved = app.save_view(&pat, "NJ", &view).await.unwrap();
        let uri = format!("/projects/NJ/board?view={}", saved.id);
        let board = send(&router, "GET", &uri, &cookie, None).await;
        assert!(
            board.body.contains("Cape clips through armour"),
            "{}",
            db.label
        );
        assert!(!board.body.contains("Hangar lighting bake"), "{}", db.label);

        // A busy item: more than a thousand events before Ada's change, so "who changed
        // it last" must be read from the newest end of the log.
        for n in 0..1_001 {
            app.comment(&pat, &item.key, &format!("note {n}"))
                .await
                .unwrap();
        }
        // Ada saves first; Pat's edit from the older version is held and explained.
        let ada = Ctx::person("ada", sys.now_ms + 60_000);
        let patch = ItemPatch {
            priority: Some("high".into()),
            ..ItemPatch::default()
        };
        app.update_item(&ada, &item.key, &patch).await.unwrap();
        let stale = format!("value=low&version={}", item.version);
        let uri = format!("/items/{}/field/priority", item.key);
        let page = send(&router, "POST", &uri, &cookie, Some(&stale)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Changed by ada"), "{}", page.body);
        assert!(
            page.body.contains("their value is \u{201c}high\u{201d}"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("hx-swap-oob"),
            "the fresh version comes along"
        );
        let now = app.item(&pat, &item.key).await.unwrap().item;
        assert_eq!(now.priority.as_str(), "high", "nothing was overwritten");
        // Saving again with the fresh version keeps Pat's value.
        let fresh = format!("value=low&version={}", now.version);
        send(&router, "POST", &uri, &cookie, Some(&fresh)).await;
        let after = app.item(&pat, &item.key).await.unwrap().item;
        assert_eq!(after.priority.as_str(), "low", "{}", db.label);
    }
}

/// The schedule pages: the Gantt draws bars, arrows and the critical path and folds a
/// summary; a what-if from the form says what moves; milestones show what drives them;
/// the workload marks an over-allocated week.
#[tokio::test]
async fn the_schedule_pages_draw_the_plan_and_answer_what_if() {
    use callsheet_app::input::{ItemRef, LinkInput, NewItemInput};
    for db in backends().await {
        let app = App::new(db.store.clone());
        let now = callsheet_web::now_ms();
        let sys = Ctx::system(now);
        app.create_person(&sys, "pat", "Pat Producer", None)
            .await
            .unwrap();
        app.set_password(&sys, "pat", "a long passphrase")
            .await
            .unwrap();
        app.set_studio_role(&sys, "pat", "producer").await.unwrap();
        let pat = Ctx::person("pat", now);
        app.create_project(&pat, "NJ", "Nightjar").await.unwrap();
        let item = |kind: &str, title: &str, estimate: &str| NewItemInput {
            kind: kind.into(),
            title: title.into(),
            estimate: (!estimate.is_empty()).then(|| estimate.to_string()),
            ..NewItemInput::default()
        };
        let mut epic = item("deliverable", "Hangar level", "");
        epic.title = "Hangar level".into();
        app.create_items(&pat, "NJ", &[epic, item("milestone", "Alpha", "")])
            .await
            .unwrap();
        // NJ-3 blockout and NJ-4 lighting, both Pat's and under the epic, at once: Pat is
        // over-allocated. NJ-4 follows NJ-3; both are due for Alpha.
        let mut blockout = item("task", "Hangar blockout", "3d");
        let mut lighting = item("task", "Hangar lighting", "2d");
        for i in [&mut blockout, &mut lighting] {
            i.parent = Some(ItemRef::Key("NJ-1".into()));
            i.milestone = Some(ItemRef::Key("NJ-2".into()));
            i.assignee = Some("pat".into());
        }
        lighting.links.push(LinkInput {
            kind: "depends_on".into(),
            target: ItemRef::Key("NJ-3".into()),
            dep_type: Some("ss".into()),
            lag_days: 0,
        });
        app.create_items(&pat, "NJ", &[blockout, lighting])
            .await
            .unwrap();
        let router = callsheet_web::router(app.clone());
        let ok = send(
            &router,
            "POST",
            "/login",
            "",
            Some("handle=pat&password=a+long+passphrase"),
        )
        .await;
        let cookie = session_of(&ok);

        let page = send(
            &router,
            "GET",
            "/projects/NJ/schedule?zoom=day",
            &cookie,
            None,
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(r#"<svg class="gantt-body""#));
        assert!(
            page.body.contains(r#"class="g-bar crit""#),
            "the critical path is red"
        );
        assert!(
            page.body.contains(r#"class="g-ms crit""#),
            "Alpha is a diamond"
        );
        assert!(
            page.body.contains(r#"class="g-sum"#),
            "the epic is a summary bar"
        );
        assert!(page.body.contains(r#"class="g-arrow"#), "links are arrows");
        assert!(page.body.contains(r#"data-row="NJ-4""#));
        // Folding the epic hides its items, in the labels and the chart.
        let folded = send(
            &router,
            "GET",
            "/projects/NJ/schedule?collapse=NJ-1",
            &cookie,
            None,
        )
        .await;
        assert!(!folded.body.contains(r#"data-row="NJ-4""#));
        assert!(!folded.body.contains(r#"data-key="NJ-4""#));
        assert!(folded.body.contains(r#"aria-label="Unfold NJ-1""#));

        // What if the blockout slips two days: Alpha moves two days.
        let w = send(
            &router,
            "GET",
            "/projects/NJ/schedule?item=NJ-3&slip=2d",
            &cookie,
            None,
        )
        .await;
        assert!(w.body.contains("data-whatif"), "{}", w.body);
        assert!(
            w.body
                .contains("Milestone <a href=\"/items/NJ-2\">NJ-2</a> Alpha moves 2 working days"),
            "{}",
            w.body
        );
        let bad = send(
            &router,
            "GET",
            "/projects/NJ/schedule?item=NJ-3&slip=soon",
            &cookie,
            None,
        )
        .await;
        assert!(
            bad.body.contains("give working time like 3d"),
            "{}",
            bad.body
        );

        // Each item shows its own place in the schedule.
        let item = send(&router, "GET", "/items/NJ-3", &cookie, None).await;
        assert!(item.body.contains("data-item-schedule"), "{}", item.body);
        assert!(
            item.body
                .contains(r#"<span class="badge crit">critical</span>"#)
        );
        assert!(item.body.contains("<dt>Latest finish</dt>"));

        let ms = send(&router, "GET", "/projects/NJ/milestones", &cookie, None).await;
        assert_eq!(ms.status, StatusCode::OK);
        assert!(ms.body.contains(r#"data-milestone="NJ-2""#));
        assert!(
            ms.body
                .contains(r#"<a href="/items/NJ-3">NJ-3</a> Hangar blockout"#),
            "{}",
            ms.body
        );

        let load = send(&router, "GET", "/projects/NJ/workload", &cookie, None).await;
        assert_eq!(load.status, StatusCode::OK);
        assert!(load.body.contains(r#"data-person="pat""#), "{}", load.body);
        assert!(
            load.body.contains(r#"class="num over""#),
            "two tasks at once: {}",
            load.body
        );
    }
}

#[tokio::test]
async fn the_string_pages_show_completeness_filters_history_and_a_delivery_diff() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let now = callsheet_web::now_ms();
        let sys = Ctx::system(now);
        app.create_person(&sys, "pat", "Pat Producer", None)
            .await
            .unwrap();
        app.set_password(&sys, "pat", "a long passphrase")
            .await
            .unwrap();
        app.set_studio_role(&sys, "pat", "producer").await.unwrap();
        let pat = Ctx::person("pat", now);
        app.create_project(&pat, "NJ", "Nightjar").await.unwrap();
        let csv = "key,en,max_length,fr,de\nmenu.play,Play %s,,Jouer,Spielen %s\nmenu.quit,Quit,6,Quitter,Ende\ntip.a,Press <b>A</b>,,,\n";
        app.loc_import(&pat, "NJ", "s.csv", csv.as_bytes(), None, None)
            .await
            .unwrap();
        let router = callsheet_web::router(app.clone());
        let ok = send(
            &router,
            "POST",
            "/login",
            "",
            Some("handle=pat&password=a+long+passphrase"),
        )
        .await;
        let cookie = session_of(&ok);

        let page = send(&router, "GET", "/projects/NJ/strings", &cookie, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        // fr: 2 of 3 translated, 3 failing (a placeholder, the length, one missing).
        assert!(
            page.body.contains(r#"<tr data-locale="fr">"#),
            "{}",
            page.body
        );
        assert!(page.body.contains(r#"data-percent="66""#), "{}", page.body);
        assert!(page.body.contains("3 failing"));
        assert!(page.body.contains(r#"<rect class="seg translated""#));
        assert!(page.body.contains(r#"<tr data-string="menu.play">"#));
        assert!(
            page.body.contains(
                r#"<span class="badge late" title="error checks that fail">placeholders</span>"#
            ),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("data-upload"),
            "producers get the import form"
        );
        // Filters.
        let page = send(
            &router,
            "GET",
            "/projects/NJ/strings?check=max_length",
            &cookie,
            None,
        )
        .await;
        assert!(
            page.body.contains(r#"data-string="menu.quit""#)
                && !page.body.contains(r#"data-string="menu.play""#)
        );
        assert!(page.body.contains(r#"data-matching="1""#));
        let page = send(
            &router,
            "GET",
            "/projects/NJ/strings?locale=de&status=new",
            &cookie,
            None,
        )
        .await;
        assert!(
            page.body.contains(r#"data-string="tip.a""#)
                && !page.body.contains(r#"data-string="menu.quit""#),
            "{}",
            page.body
        );
        let page = send(
            &router,
            "GET",
            "/projects/NJ/strings?status=done",
            &cookie,
            None,
        )
        .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(page.body.contains("done"));

        // A translation saved from the string page shows in its history.
        let saved = send(
            &router,
            "POST",
            "/projects/NJ/strings/menu.play/translations/fr",
            &cookie,
            Some("text=Jouer+%25s&status=reviewed"),
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = send(
            &router,
            "GET",
            "/projects/NJ/strings/menu.play",
            &cookie,
            None,
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body
                .contains(r#"<span class="st st-reviewed">reviewed</span>"#)
        );
        assert!(
            page.body.contains("<del>Jouer</del> → <ins>Jouer %s</ins>"),
            "{}",
            page.body
        );
        assert!(page.body.contains(r#"data-action="created""#));

        // A check run from the page, listed with its build.
        let ran = send(
            &router,
            "POST",
            "/projects/NJ/strings/runs",
            &cookie,
            Some("build=0.3.1&file_bugs=1"),
        )
        .await;
        assert_eq!(ran.status, StatusCode::SEE_OTHER);
        let page = send(&router, "GET", "/projects/NJ/strings", &cookie, None).await;
        assert!(
            page.body.contains(r#"<tr data-run="0.3.1">"#),
            "{}",
            page.body
        );

        // Hand-off: the file downloads, the hand-off is listed, a delivery is diffed.
        let file = send(
            &router,
            "POST",
            "/projects/NJ/handoffs",
            &cookie,
            Some("locale=fr&scope=needed&format=xliff&vendor=Lingo&due=2020-01-01"),
        )
        .await;
        assert_eq!(file.status, StatusCode::OK);
        assert!(
            file.headers[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .contains("nj-fr-needed.xlf")
        );
        assert!(
            file.body.contains(r#"resname="tip.a""#)
                && !file.body.contains(r#"resname="menu.play""#),
            "{}",
            file.body
        );
        let page = send(&router, "GET", "/projects/NJ/handoffs", &cookie, None).await;
        assert!(
            page.body.contains("Lingo") && page.body.contains("d late"),
            "{}",
            page.body
        );
        let delivered = file.body.replace(
            "<source>Press &lt;b&gt;A&lt;/b&gt;</source>",
            "<source>Press &lt;b&gt;A&lt;/b&gt;</source><target state=\"translated\">Appuyez sur &lt;b&gt;A&lt;/b&gt;</target>",
        );
        let req = Request::builder()
            .method("POST")
            .uri("/projects/NJ/deliveries/preview?name=fr.xlf")
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, &cookie)
            .body(Body::from(delivered))
            .unwrap();
        let res = router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let html = String::from_utf8(
            axum::body::to_bytes(res.into_body(), 1 << 20)
                .await
                .unwrap()
                .to_vec(),
        )
        .unwrap();
        assert!(
            html.contains(r#"<tr data-key="tip.a" data-change="added""#),
            "{html}"
        );
        assert!(html.contains("data-apply-delivery"));
    }
}
