//! Every way SQLite may be told to find a list's first page (walk a sort's index within
//! a budget, or find the matches and sort them, or leave it to the planner) gives the same
//! items in the same order, on a project with many ties, for every built-in filter and sort.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use callsheet_app::input::NewItemInput;
use callsheet_app::{App, Ctx};
use callsheet_core::dice::Dice;
use callsheet_core::page::Page;
use callsheet_core::query::Context;
use callsheet_store::query::{
    Plan, Scope, Visibility, Walk, list_planned, look_up_names, person_sort, sort_index,
};
use callsheet_testkit::TestDb;

const NOW: i64 = 1_795_000_000_000;

/// 2,000 items with few distinct values per field, so sorts tie often.
async fn production(app: &App) -> Ctx {
    let sys = Ctx::system(NOW);
    for h in ["pat", "ada", "kofi"] {
        app.create_person(&sys, h, h, None).await.unwrap();
    }
    app.set_studio_role(&sys, "pat", "producer").await.unwrap();
    let pat = Ctx::person("pat", NOW);
    app.create_project(&pat, "NJ", "Nightjar").await.unwrap();
    for h in ["ada", "kofi"] {
        app.set_member(&pat, "NJ", h, "member", None).await.unwrap();
    }
    let mut dice = Dice::new(7);
    let mut pick =
        |options: &[&str]| options[dice.below(options.len() as u64) as usize].to_string();
    let items: Vec<NewItemInput> = (0..2_000)
        .map(|n| {
            let kind = pick(&["task", "task", "bug"]);
            let day = |d: String| format!("2027-01-{d:0>2}");
            NewItemInput {
                title: format!(
                    "{} {}",
                    pick(&["Hangar door", "Raven cape", "Boss arena"]),
                    n % 7
                ),
                severity: (kind == "bug").then(|| pick(&["minor", "major", "critical"])),
                kind,
                priority: Some(pick(&["low", "medium", "high"])),
                status: Some(pick(&["To Do", "In Progress", "Done"])),
                department: (n % 5 != 0).then(|| pick(&["art", "audio", "qa"])),
                assignee: (n % 4 != 0).then(|| pick(&["ada", "kofi"])),
                start: (n % 3 != 0).then(|| day(pick(&["4", "5", "11"]))),
                due: (n % 6 != 0).then(|| day(pick(&["12", "15", "20"]))),
                labels: vec![pick(&["cert", "ui", "perf"])],
                ..NewItemInput::default()
            }
        })
        .collect();
    for chunk in items.chunks(500) {
        app.create_items(&pat, "NJ", chunk).await.unwrap();
    }
    pat
}

#[tokio::test]
async fn every_walk_finds_the_same_page() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    production(&app).await;
    let mut conn = db.store.pool().acquire().await.unwrap();
    let context = Context {
        now_ms: NOW,
        today: callsheet_core::utc_date(NOW),
        me: Some("pat".into()),
    };
    let filters = [
        "kind = bug",
        "priority = high",
        "severity = major",
        "department = art",
        "status = \"In Progress\"",
        "assignee = ada",
        "assignee != kofi",
        "assignee IN (ada, nobody) AND reporter = pat",
        "assignee = nobody",
        "status != done",
        "label = cert",
        "due >= 2027-01-15",
        "start < 2027-01-11 AND kind = task",
        "kind = task AND priority != low",
        "title ~ \"raven\"",
    ];
    let sorts = [
        "",
        " ORDER BY updated",
        " ORDER BY created DESC",
        " ORDER BY priority DESC",
        " ORDER BY priority",
        " ORDER BY title",
        " ORDER BY due",
        " ORDER BY start",
        " ORDER BY department",
        " ORDER BY severity DESC",
        " ORDER BY key",
        " ORDER BY status",
        " ORDER BY status DESC",
        " ORDER BY assignee",
        " ORDER BY assignee DESC",
        " ORDER BY reporter",
    ];
    let scope = Scope {
        project_id: Some(1),
        visibility: Visibility::All,
    };
    let mut compared = 0;
    for filter in filters {
        for sort in sorts {
            let text = format!("{filter}{sort}");
            let q = callsheet_core::query::compile(&text, &[], &context).unwrap();
            let mut walks = vec![Walk::Planner, Walk::FilterFirst];
            walks.extend(sort_index(&q.sort).map(Walk::SortIndex));
            walks.extend(person_sort(&q.sort).map(Walk::People));
            for offset in [0, 100] {
                let page = Page { limit: 100, offset };
                let mut answers = Vec::new();
                let names = look_up_names(&mut conn, &q).await.unwrap();
                // Each walk with the names looked up, and the planner's without them.
                let mut plans: Vec<Plan> = walks
                    .iter()
                    .map(|walk| Plan {
                        walk: *walk,
                        names: names.clone(),
                        ..Plan::default()
                    })
                    .collect();
                // A walk whose budget runs out before the page fills gives way.
                let in_order = sort_index(&q.sort)
                    .map(Walk::SortIndex)
                    .or(person_sort(&q.sort).map(Walk::People));
                plans.extend(in_order.map(|walk| Plan {
                    walk,
                    names: names.clone(),
                    budget: 150,
                }));
                plans.push(Plan::default());
                for plan in &plans {
                    let rows = list_planned(&mut conn, &q, scope.clone(), page, plan)
                        .await
                        .unwrap();
                    answers.push((
                        plan.walk,
                        rows.into_iter().map(|r| r.key).collect::<Vec<_>>(),
                    ));
                }
                let (_, first) = &answers[0];
                let empty_is_right = offset > 0 || text.contains("nobody");
                assert!(!first.is_empty() || empty_is_right, "{text} finds nothing");
                for (walk, keys) in &answers[1..] {
                    assert_eq!(keys, first, "{text} (offset {offset}) walked {walk:?}");
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 300, "{compared}");
    // In one project, status sorts by its id; across projects by the workflow's position.
    // With one project in the studio the two orders must agree.
    let everywhere = Scope {
        project_id: None,
        visibility: Visibility::All,
    };
    for text in ["ORDER BY status", "kind = bug ORDER BY status DESC"] {
        let q = callsheet_core::query::compile(text, &[], &context).unwrap();
        let page = Page {
            limit: 300,
            offset: 0,
        };
        let keys = |rows: Vec<callsheet_core::item::ItemRow>| -> Vec<String> {
            rows.into_iter().map(|r| r.key).collect()
        };
        let one = list_planned(&mut conn, &q, scope.clone(), page, &Plan::default())
            .await
            .unwrap();
        let all = list_planned(&mut conn, &q, everywhere.clone(), page, &Plan::default())
            .await
            .unwrap();
        assert_eq!(keys(one), keys(all), "{text}");
    }
}

/// The server keeps the planner's statistics: on SQLite, `optimize` analyzes the items
/// table the lists plan by (PostgreSQL's autovacuum does it there; the call is harmless).
#[tokio::test]
async fn optimize_gives_the_planner_statistics_for_items() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    production(&app).await;
    app.optimize().await.unwrap();
    let mut conn = db.store.pool().acquire().await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'items'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert!(rows > 5, "{rows} statistics rows for items");
}
