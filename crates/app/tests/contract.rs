//! The store contract suite, driven through the use cases: every scenario runs on
//! SQLite, and on PostgreSQL when CALLSHEET_TEST_DATABASE_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use callsheet_app::input::{ItemPatch, ItemRef, LinkInput, LinkRequest, NewItemInput};
use callsheet_app::{App, AppError, Ctx};
use callsheet_core::page::Page;
use callsheet_testkit::backends;

const T0: i64 = 1_795_000_000_000; // 2026-11-18

fn at(day_offset: i64) -> i64 {
    T0 + day_offset * 86_400_000
}

fn item(kind: &str, title: &str) -> NewItemInput {
    NewItemInput {
        kind: kind.into(),
        title: title.into(),
        ..NewItemInput::default()
    }
}

/// A project NJ with three members, a custom field and a milestone.
async fn seeded(app: &App) -> Ctx {
    let sys = Ctx::system(at(0));
    for (handle, name) in [
        ("pat", "Pat Producer"),
        ("ada", "Ada Artist"),
        ("quinn", "Quinn QA"),
    ] {
        app.create_person(&sys, handle, name, None).await.unwrap();
    }
    app.set_studio_role(&sys, "pat", "admin").await.unwrap();
    let pat = Ctx::person("pat", at(0));
    app.create_project(&pat, "NJ", "Nightjar").await.unwrap();
    app.set_member(&pat, "NJ", "ada", "member", Some("art"))
        .await
        .unwrap();
    app.set_member(&pat, "NJ", "quinn", "member", Some("qa"))
        .await
        .unwrap();
    app.define_field(&pat, "NJ", "Poly Budget", "number", None)
        .await
        .unwrap();
    app.define_field(&pat, "NJ", "Region", "enum", Some("EU,NA,JP"))
        .await
        .unwrap();
    pat
}

async fn count(app: &App, ctx: &Ctx, q: &str) -> usize {
    app.list_items(
        ctx,
        Some("NJ"),
        q,
        Page {
            limit: 1000,
            offset: 0,
        },
    )
    .await
    .unwrap()
    .items
    .len()
}

async fn keys(app: &App, ctx: &Ctx, q: &str) -> Vec<String> {
    app.list_items(
        ctx,
        Some("NJ"),
        q,
        Page {
            limit: 1000,
            offset: 0,
        },
    )
    .await
    .unwrap()
    .items
    .into_iter()
    .map(|i| i.key)
    .collect()
}

#[tokio::test]
async fn an_item_carries_every_field_and_its_creation_is_logged() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let ms = app
            .create_item(&pat, "NJ", &item("milestone", "Alpha"))
            .await
            .unwrap();
        let epic = app
            .create_item(&pat, "NJ", &item("task", "Combat epic"))
            .await
            .unwrap();
        let input = NewItemInput {
            kind: "bug".into(),
            title: "Hero cape clips through armour".into(),
            description: "Repro: equip **Raven cape**".into(),
            priority: Some("high".into()),
            severity: Some("major".into()),
            assignee: Some("ada".into()),
            department: Some("art".into()),
            labels: vec!["cert".into(), "Cloth".into()],
            estimate: Some("1d 4h".into()),
            start: Some("2026-11-20".into()),
            due: Some("2026-11-25".into()),
            parent: Some(ItemRef::Key(epic.key.clone())),
            milestone: Some(ItemRef::Key(ms.key.clone())),
            custom: vec![
                ("poly budget".into(), "12000".into()),
                ("Region".into(), "eu".into()),
            ],
            watchers: vec!["quinn".into()],
            ..NewItemInput::default()
        };
        let bug = app.create_item(&pat, "NJ", &input).await.unwrap();
        assert_eq!(bug.key, "NJ-3", "{}", db.label);
        assert_eq!(bug.status, "Backlog");
        assert_eq!(
            bug.reporter.as_deref(),
            Some("pat"),
            "the reporter defaults to whoever files it"
        );
        let detail = app.item(&Ctx::system(T0), "nj-3").await.unwrap();
        assert_eq!(detail.labels, vec!["cert", "cloth"]);
        assert_eq!(
            detail.fields,
            vec![
                ("Poly Budget".to_string(), "12000".to_string()),
                ("Region".to_string(), "EU".to_string())
            ]
        );
        assert_eq!(detail.item.parent.as_deref(), Some("NJ-2"));
        assert_eq!(detail.item.milestone.as_deref(), Some("NJ-1"));
        assert_eq!(detail.item.estimate_minutes, Some(720));
        assert_eq!(detail.watchers, vec!["quinn"]);
        let history = app
            .history(&Ctx::system(T0), "NJ-3", Page::default())
            .await
            .unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].action, "created");
        assert_eq!(history[0].actor.as_deref(), Some("pat"));
        let fields: Vec<&str> = history[0]
            .changes
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        for expected in [
            "title",
            "priority",
            "severity",
            "assignee",
            "due",
            "parent",
            "milestone",
            "labels",
            "Poly Budget",
        ] {
            assert!(
                fields.contains(&expected),
                "{expected} missing from {fields:?} on {}",
                db.label
            );
        }
    }
}

#[tokio::test]
async fn updates_record_each_field_before_and_after() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        app.create_item(&pat, "NJ", &item("task", "Rig the raven"))
            .await
            .unwrap();
        let later = Ctx::person("ada", at(1));
        let patch = ItemPatch {
            title: Some("Rig the raven (v2)".into()),
            assignee: Some("ada".into()),
            add_labels: vec!["rigging".into()],
            custom: vec![("Region".into(), "JP".into())],
            expected_version: Some(1),
            ..ItemPatch::default()
        };
        let updated = app.update_item(&later, "NJ-1", &patch).await.unwrap();
        assert_eq!(updated.version, 2);
        assert_eq!(updated.updated_at, at(1));
        let history = app
            .history(&Ctx::system(T0), "NJ-1", Page::default())
            .await
            .unwrap();
        let last = history.last().unwrap();
        assert_eq!(last.action, "updated");
        assert_eq!(last.actor.as_deref(), Some("ada"));
        let title = last.changes.iter().find(|c| c.field == "title").unwrap();
        assert_eq!(title.before.as_deref(), Some("Rig the raven"));
        assert_eq!(title.after.as_deref(), Some("Rig the raven (v2)"));
        assert!(last.changes.iter().any(|c| c.field == "assignee"
            && c.before.is_none()
            && c.after.as_deref() == Some("ada")));
        assert!(
            last.changes
                .iter()
                .any(|c| c.field == "Region" && c.after.as_deref() == Some("JP"))
        );
        // Clearing a field with "" records the old value.
        app.update_item(
            &later,
            "NJ-1",
            &ItemPatch {
                assignee: Some(String::new()),
                ..ItemPatch::default()
            },
        )
        .await
        .unwrap();
        let history = app
            .history(&Ctx::system(T0), "NJ-1", Page::default())
            .await
            .unwrap();
        let cleared = &history.last().unwrap().changes[0];
        assert_eq!(
            (
                cleared.field.as_str(),
                cleared.before.as_deref(),
                cleared.after.as_deref()
            ),
            ("assignee", Some("ada"), None)
        );
    }
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        app.create_item(&pat, "NJ", &item("task", "Light the hangar"))
            .await
            .unwrap();
        app.update_item(
            &pat,
            "NJ-1",
            &ItemPatch {
                title: Some("Light the hangar at dusk".into()),
                expected_version: Some(1),
                ..ItemPatch::default()
            },
        )
        .await
        .unwrap();
        let stale = ItemPatch {
            title: Some("Mine".into()),
            expected_version: Some(1),
            ..ItemPatch::default()
        };
        let err = app.update_item(&pat, "NJ-1", &stale).await.unwrap_err();
        assert!(
            matches!(
                err,
                AppError::Stale {
                    expected: 1,
                    actual: 2,
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string().contains("NJ-1 was changed by someone else"),
            "{err}"
        );
        let detail = app.item(&Ctx::system(T0), "NJ-1").await.unwrap();
        assert_eq!(detail.item.title, "Light the hangar at dusk");
        assert_eq!(
            app.history(&Ctx::system(T0), "NJ-1", Page::default())
                .await
                .unwrap()
                .len(),
            2
        );
    }
}

#[tokio::test]
async fn workflow_transitions_are_enforced() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        app.add_status(&pat, "NJ", "QA Verify", "review")
            .await
            .unwrap();
        // Restrict: only To Do -> In Progress -> QA Verify -> Done, plus cancel from anywhere.
        for status in [
            "Backlog",
            "To Do",
            "In Progress",
            "In Review",
            "Done",
            "QA Verify",
        ] {
            app.set_transition(&pat, "NJ", "*", status, false)
                .await
                .unwrap();
        }
        for (from, to) in [
            ("Backlog", "To Do"),
            ("To Do", "In Progress"),
            ("In Progress", "QA Verify"),
            ("QA Verify", "Done"),
        ] {
            app.set_transition(&pat, "NJ", from, to, true)
                .await
                .unwrap();
        }
        app.create_item(&pat, "NJ", &item("task", "Boss arena lighting"))
            .await
            .unwrap();
        let err = app.move_item(&pat, "NJ-1", "Done", None).await.unwrap_err();
        assert_eq!(err.exit_code(), 4);
        assert!(
            err.to_string()
                .contains("does not allow \"Backlog\" -> \"Done\""),
            "{err}"
        );
        assert!(
            err.to_string().contains("can move to: To Do, Cancelled"),
            "{err}"
        );
        assert_eq!(
            app.item(&Ctx::system(T0), "NJ-1")
                .await
                .unwrap()
                .item
                .status,
            "Backlog"
        );
        for step in ["to do", "In Progress", "QA Verify", "Done"] {
            app.move_item(&pat, "NJ-1", step, None).await.unwrap();
        }
        let done = app.item(&Ctx::system(T0), "NJ-1").await.unwrap().item;
        assert_eq!(
            (done.status.as_str(), done.category.as_str()),
            ("Done", "done")
        );
        let history = app
            .history(&Ctx::system(T0), "NJ-1", Page::default())
            .await
            .unwrap();
        assert_eq!(history.iter().filter(|e| e.action == "moved").count(), 4);
    }
}

#[tokio::test]
async fn bad_input_names_the_field_and_value_and_changes_nothing() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        app.create_item(&pat, "NJ", &item("task", "Parent"))
            .await
            .unwrap();
        app.create_item(
            &pat,
            "NJ",
            &NewItemInput {
                parent: Some(ItemRef::Key("NJ-1".into())),
                ..item("task", "Child")
            },
        )
        .await
        .unwrap();
        let before = app
            .history(&Ctx::system(T0), "NJ-1", Page::default())
            .await
            .unwrap()
            .len();

        let wrong_type = ItemPatch {
            custom: vec![("Poly Budget".into(), "lots".into())],
            ..ItemPatch::default()
        };
        let err = app
            .update_item(&pat, "NJ-1", &wrong_type)
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(err, "Poly Budget: \"lots\" is not valid: expected a number");

        let cycle = ItemPatch {
            parent: Some("NJ-2".into()),
            ..ItemPatch::default()
        };
        let err = app
            .update_item(&pat, "NJ-1", &cycle)
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "parent: NJ-2 cannot be the parent of NJ-1: that makes a cycle (NJ-1 -> NJ-2 -> NJ-1)"
        );

        let err = app
            .update_item(&pat, "NJ-99", &ItemPatch::default())
            .await
            .unwrap_err();
        assert_eq!(
            (err.to_string().as_str(), err.exit_code()),
            ("no item \"NJ-99\"", 3)
        );
        let err = app
            .create_item(&pat, "XX", &item("task", "t"))
            .await
            .unwrap_err();
        assert_eq!(err.to_string(), "no project \"XX\"");
        let err = app
            .create_item(&pat, "NJ", &item("epic-ish", "t"))
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "kind: \"epic-ish\" is not valid: NJ has the kinds: action, bug, deliverable"
            ),
            "{err}"
        );
        let err = app
            .create_item(
                &pat,
                "NJ",
                &NewItemInput {
                    assignee: Some("zed".into()),
                    ..item("task", "t")
                },
            )
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "assignee: \"zed\" is not valid: zed is not a member of NJ"
        );
        let err = app
            .create_item(
                &pat,
                "NJ",
                &NewItemInput {
                    severity: Some("major".into()),
                    ..item("task", "t")
                },
            )
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("only bugs have a severity"), "{err}");
        let err = app
            .create_item(
                &pat,
                "NJ",
                &NewItemInput {
                    due: Some("2027-02-30".into()),
                    ..item("task", "t")
                },
            )
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "due: \"2027-02-30\" is not valid: expected a real date written YYYY-MM-DD"
        );
        let err = app.create_project(&pat, "NJ", "Again").await.unwrap_err();
        assert_eq!(
            (err.to_string().as_str(), err.exit_code()),
            ("a project with key NJ already exists", 5)
        );

        assert_eq!(
            app.history(&Ctx::system(T0), "NJ-1", Page::default())
                .await
                .unwrap()
                .len(),
            before
        );
        assert_eq!(
            count(&app, &pat, "").await,
            2,
            "no stray items on {}",
            db.label
        );
        assert_eq!(
            app.item(&Ctx::system(T0), "NJ-1")
                .await
                .unwrap()
                .item
                .parent,
            None
        );
    }
}

#[tokio::test]
async fn a_bulk_create_that_fails_half_way_leaves_nothing() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let mut batch: Vec<NewItemInput> = (0..300)
            .map(|i| NewItemInput {
                labels: vec!["bulk".into()],
                ..item("task", &format!("Shot {i:03}"))
            })
            .collect();
        batch[250].priority = Some("whenever".into());
        let err = app
            .create_items(&pat, "NJ", &batch)
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "item 251: priority: \"whenever\" is not valid: expected one of: lowest, low, medium, high, highest"
        );
        assert_eq!(count(&app, &pat, "").await, 0);
        // A failure inside the database (a link to an item of the batch itself) also rolls back.
        batch[250].priority = None;
        batch[299].links = vec![LinkInput {
            kind: "blocks".into(),
            target: ItemRef::Key("NJ-300".into()),
            dep_type: None,
            lag_days: 0,
        }];
        assert!(app.create_items(&pat, "NJ", &batch).await.is_err());
        assert_eq!(count(&app, &pat, "").await, 0);
        batch[299].links = vec![LinkInput {
            kind: "depends_on".into(),
            target: ItemRef::Batch(0),
            dep_type: Some("ss".into()),
            lag_days: -2,
        }];
        batch[10].parent = Some(ItemRef::Batch(0));
        let keys = app.create_items(&pat, "NJ", &batch).await.unwrap();
        assert_eq!(
            keys.first().map(String::as_str),
            Some("NJ-1"),
            "numbers were not used up by the failed tries"
        );
        assert_eq!(keys.len(), 300);
        assert_eq!(count(&app, &pat, "label = bulk").await, 300);
        assert_eq!(
            app.item(&Ctx::system(T0), "NJ-11")
                .await
                .unwrap()
                .item
                .parent
                .as_deref(),
            Some("NJ-1")
        );
        let links = app.item(&Ctx::system(T0), "NJ-300").await.unwrap().links;
        assert_eq!(links.len(), 1);
        assert_eq!((links[0].other.as_str(), links[0].lag_days), ("NJ-1", -2));
    }
}

#[tokio::test]
async fn queries_find_what_producers_ask_for() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let ms = app
            .create_item(&pat, "NJ", &item("milestone", "Vertical slice"))
            .await
            .unwrap();
        let m = Some(ItemRef::Key(ms.key.clone()));
        let specs = vec![
            NewItemInput {
                priority: Some("highest".into()),
                severity: Some("blocker".into()),
                department: Some("art".into()),
                due: Some("2026-11-10".into()),
                milestone: m.clone(),
                labels: vec!["cert".into()],
                assignee: Some("ada".into()),
                ..item("bug", "Crash on cape equip")
            },
            NewItemInput {
                priority: Some("high".into()),
                department: Some("art".into()),
                due: Some("2026-12-01".into()),
                labels: vec!["cert-ps5".into()],
                ..item("bug", "Z-fighting in hangar")
            },
            NewItemInput {
                priority: Some("low".into()),
                department: Some("art".into()),
                status: Some("Done".into()),
                due: Some("2026-11-01".into()),
                milestone: m.clone(),
                ..item("bug", "Typo in credits")
            },
            NewItemInput {
                department: Some("engineering".into()),
                due: Some("2026-11-12".into()),
                milestone: m.clone(),
                custom: vec![("Poly Budget".into(), "25000".into())],
                ..item("task", "Streaming budget")
            },
            NewItemInput {
                assignee: Some("ada".into()),
                custom: vec![
                    ("Poly Budget".into(), "8000".into()),
                    ("Region".into(), "JP".into()),
                ],
                ..item("task", "Raven LODs")
            },
        ];
        app.create_items(&pat, "NJ", &specs).await.unwrap();
        app.link(&pat, &LinkRequest::new("NJ-5", "blocks", "NJ-6"), false)
            .await
            .unwrap();
        app.link(&pat, &LinkRequest::new("NJ-2", "depends_on", "NJ-4"), false)
            .await
            .unwrap(); // NJ-4 is done: not blocking
        let ada = Ctx::person("ada", at(3)); // "today" is 2026-11-21
        assert_eq!(
            keys(
                &app,
                &ada,
                "kind = bug AND status.category != done AND department = art ORDER BY priority DESC"
            )
            .await,
            vec!["NJ-2", "NJ-3"]
        );
        assert_eq!(keys(&app, &ada, "milestone = NJ-1 AND due < now() AND status.category NOT IN (done, cancelled) ORDER BY due").await, vec!["NJ-2", "NJ-5"]);
        assert_eq!(keys(&app, &ada, "blocked").await, vec!["NJ-6"]);
        app.link(&pat, &LinkRequest::new("NJ-5", "blocks", "NJ-4"), false)
            .await
            .unwrap();
        assert_eq!(
            keys(&app, &ada, "blocked").await,
            vec!["NJ-6"],
            "a done item is never blocked"
        );
        assert_eq!(
            keys(&app, &ada, "label ~ cert ORDER BY due").await,
            vec!["NJ-2", "NJ-3"]
        );
        assert_eq!(keys(&app, &ada, "label = cert").await, vec!["NJ-2"]);
        assert_eq!(
            keys(&app, &ada, "label != cert").await,
            vec!["NJ-3"],
            "!= never matches an empty field"
        );
        assert_eq!(
            keys(&app, &ada, "label NOT IN (cert-ps5)").await,
            vec!["NJ-2"]
        );
        assert_eq!(
            keys(&app, &ada, "assignee = me() ORDER BY key").await,
            vec!["NJ-2", "NJ-6"]
        );
        assert_eq!(
            keys(&app, &ada, "\"Poly Budget\" > 10000").await,
            vec!["NJ-5"]
        );
        assert_eq!(keys(&app, &ada, "region = jp").await, vec!["NJ-6"]);
        assert_eq!(
            keys(&app, &ada, "ORDER BY \"Poly Budget\" DESC, key").await[..3],
            ["NJ-5", "NJ-6", "NJ-1"]
        );
        assert_eq!(
            keys(&app, &ada, "due IS EMPTY ORDER BY key").await,
            vec!["NJ-1", "NJ-6"]
        );
        assert_eq!(
            keys(&app, &ada, "ORDER BY due, key").await,
            vec!["NJ-4", "NJ-2", "NJ-5", "NJ-3", "NJ-1", "NJ-6"],
            "empty dates sort last"
        );
        assert_eq!(
            keys(&app, &ada, "ORDER BY due DESC, key").await,
            vec!["NJ-3", "NJ-5", "NJ-2", "NJ-4", "NJ-1", "NJ-6"],
            "and last descending too"
        );
        assert_eq!(
            keys(
                &app,
                &ada,
                "title ~ \"HANGAR\" OR text ~ raven ORDER BY key"
            )
            .await,
            vec!["NJ-3", "NJ-6"]
        );
        assert_eq!(keys(&app, &ada, "linked(NJ-6)").await, vec!["NJ-5"]);
        assert_eq!(
            keys(&app, &ada, "NOT blocked AND kind = task ORDER BY key").await,
            vec!["NJ-5"]
        );
        assert_eq!(count(&app, &ada, "updated >= -7d").await, 6);
        assert_eq!(count(&app, &ada, "updated >= -1d").await, 0);
        assert_eq!(keys(&app, &ada, "severity >= critical").await, vec!["NJ-2"]);
        let err = app
            .list_items(
                &ada,
                Some("NJ"),
                "priority >= high AND due >=",
                Page::default(),
            )
            .await
            .unwrap_err();
        assert_eq!(
            (err.to_string().as_str(), err.exit_code()),
            ("query: expected a value after '>=' at 1:28", 4)
        );
        let page = app
            .list_items(
                &ada,
                Some("NJ"),
                "ORDER BY key",
                Page {
                    limit: 4,
                    offset: 0,
                },
            )
            .await
            .unwrap();
        assert_eq!((page.items.len(), page.next_offset), (4, Some(4)));
        let page = app
            .list_items(
                &ada,
                Some("NJ"),
                "ORDER BY key",
                Page {
                    limit: 4,
                    offset: 4,
                },
            )
            .await
            .unwrap();
        assert_eq!((page.items.len(), page.next_offset), (2, None));
    }
}

#[tokio::test]
async fn comments_links_and_watchers_show_on_the_item_and_in_history() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        app.create_items(
            &pat,
            "NJ",
            &[
                item("task", "Build the cape sim"),
                item("task", "Ship cape"),
            ],
        )
        .await
        .unwrap();
        app.comment(
            &Ctx::person("ada", at(1)),
            "NJ-1",
            "Cloth solver is in. See `cape_sim.md`.",
        )
        .await
        .unwrap();
        app.link(
            &pat,
            &LinkRequest {
                dep_type: Some("FF".into()),
                lag_days: 2,
                ..LinkRequest::new("NJ-2", "depends_on", "NJ-1")
            },
            false,
        )
        .await
        .unwrap();
        let err = app
            .link(&pat, &LinkRequest::new("NJ-2", "depends_on", "NJ-1"), false)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("already depends_on"), "{err}");
        let err = app
            .link(
                &pat,
                &LinkRequest {
                    lag_days: 3,
                    ..LinkRequest::new("NJ-2", "relates", "NJ-1")
                },
                false,
            )
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("only depends_on links have a lag"),
            "{err}"
        );
        app.watch(&pat, "NJ-1", "quinn", true).await.unwrap();
        let one = app.item(&Ctx::system(T0), "NJ-1").await.unwrap();
        assert_eq!(one.comments.len(), 1);
        assert_eq!(one.comments[0].author.as_deref(), Some("ada"));
        assert_eq!(one.links.len(), 1);
        assert!(!one.links[0].outward);
        assert_eq!(one.watchers, vec!["quinn"]);
        let two = app.item(&Ctx::system(T0), "NJ-2").await.unwrap();
        assert_eq!(two.links[0].dep_type.map(|d| d.as_str()), Some("ff"));
        assert_eq!(two.links[0].lag_days, 2);
        let actions: Vec<String> = app
            .history(&Ctx::system(T0), "NJ-1", Page::default())
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, vec!["created", "commented", "linked", "watchers"]);
        app.link(&pat, &LinkRequest::new("NJ-2", "depends_on", "NJ-1"), true)
            .await
            .unwrap();
        assert!(
            app.item(&Ctx::system(T0), "NJ-2")
                .await
                .unwrap()
                .links
                .is_empty()
        );
    }
}

#[tokio::test]
async fn the_activity_log_refuses_edits_at_the_database() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        seeded(&app).await;
        let pool = db.store.pool();
        let update = sqlx::query("UPDATE activity SET action = 'forged'")
            .execute(pool)
            .await;
        assert!(update.is_err(), "UPDATE must fail on {}", db.label);
        let delete = sqlx::query("DELETE FROM activity").execute(pool).await;
        assert!(
            delete.unwrap_err().to_string().contains("append-only"),
            "{}",
            db.label
        );
    }
}

#[tokio::test]
async fn concurrent_creators_never_share_a_number() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let mut handles = Vec::new();
        for i in 0..8 {
            let app = app.clone();
            let pat = pat.clone();
            handles.push(tokio::spawn(async move {
                app.create_item(&pat, "NJ", &item("task", &format!("Task {i}")))
                    .await
                    .map(|r| r.number)
            }));
        }
        let mut numbers = Vec::new();
        for h in handles {
            numbers.push(h.await.unwrap().unwrap());
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=8).collect::<Vec<_>>(), "{}", db.label);
    }
}

/// 32 writers at once on a multi-threaded runtime: creates and changes to one item.
/// None fails with "database is locked" (SQLite's writers wait their turn in the
/// process), no change is lost, and a read right after each write shows it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_writers_at_once_all_land_and_each_shows_at_once() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let target = app
            .create_item(&pat, "NJ", &item("task", "Everyone labels this"))
            .await
            .unwrap();
        let mut handles = Vec::new();
        for i in 0..32 {
            let app = app.clone();
            let pat = pat.clone();
            let key = target.key.clone();
            handles.push(tokio::spawn(async move {
                if i % 2 == 0 {
                    let label = format!("pass-{i}");
                    let patch = ItemPatch {
                        add_labels: vec![label.clone()],
                        ..ItemPatch::default()
                    };
                    app.update_item(&pat, &key, &patch).await?;
                    let seen = app.item(&pat, &key).await?;
                    Ok::<_, AppError>(seen.labels.contains(&label))
                } else {
                    let made = app
                        .create_item(&pat, "NJ", &item("task", &format!("Task {i}")))
                        .await?;
                    let seen = app.item(&pat, &made.key).await?;
                    Ok(seen.item.title == format!("Task {i}"))
                }
            }));
        }
        for h in handles {
            assert!(
                h.await.unwrap().unwrap(),
                "a write did not show at once ({})",
                db.label
            );
        }
        let labels = app.item(&pat, &target.key).await.unwrap().labels;
        assert_eq!(labels.len(), 16, "{labels:?} ({})", db.label);
        let page = Page {
            limit: 100,
            offset: 0,
        };
        let tasks = app
            .list_items(&pat, Some("NJ"), "title ~ \"Task \"", page)
            .await
            .unwrap();
        assert_eq!(tasks.items.len(), 16, "{}", db.label);
    }
}

/// `~` answers the same on both backends, through the text index for patterns of three
/// or more characters and by scanning for shorter ones; an edited title is found by its
/// new words at once and no longer by its old ones.
#[tokio::test]
async fn text_search_finds_words_anywhere_in_titles_and_descriptions() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let specs = [
            item("task", "Raven cape cloth sim"),
            item("task", "RAVEN rig pass"),
            item("task", "Ravenous boss intro"),
            NewItemInput {
                description: "Feathers match the raven concept; 50% done".into(),
                ..item("task", "Crow feathers")
            },
            item("bug", "Save \"quoted\" slot name"),
            item("task", "Hangar door"),
        ];
        let keys = app.create_items(&pat, "NJ", &specs).await.unwrap();
        let page = Page {
            limit: 100,
            offset: 0,
        };
        let find = |q: &'static str| {
            let app = app.clone();
            let pat = pat.clone();
            async move {
                let found = app
                    .list_items(&pat, Some("NJ"), &format!("{q} ORDER BY key"), page)
                    .await
                    .unwrap();
                found.items.into_iter().map(|i| i.title).collect::<Vec<_>>()
            }
        };
        let label = &db.label;
        assert_eq!(
            find("title ~ raven").await,
            [
                "Raven cape cloth sim",
                "RAVEN rig pass",
                "Ravenous boss intro"
            ],
            "{label}"
        );
        assert_eq!(find("text ~ raven").await.len(), 4, "{label}");
        assert_eq!(
            find("description ~ \"50%\"").await,
            ["Crow feathers"],
            "{label}"
        );
        assert_eq!(
            find("text ~ \"50_\"").await,
            Vec::<String>::new(),
            "{label}"
        );
        assert_eq!(
            find("title ~ \"\\\"quoted\\\"\"").await,
            ["Save \"quoted\" slot name"],
            "{label}"
        );
        // Two characters: no trigram, the scan answers.
        assert_eq!(find("title ~ ng").await, ["Hangar door"], "{label}");
        assert_eq!(
            find("title ~ \"n c\"").await,
            ["Raven cape cloth sim"],
            "{label}"
        );
        assert_eq!(find("title !~ raven").await.len(), 3, "{label}");
        // A change that leaves the text alone leaves the index alone, and right.
        let patch = ItemPatch {
            priority: Some("high".into()),
            ..ItemPatch::default()
        };
        app.update_item(&pat, &keys[0], &patch).await.unwrap();
        assert_eq!(
            find("title ~ \"cape cloth\"").await,
            ["Raven cape cloth sim"],
            "{label}"
        );
        // An edit is found by its new words, not its old ones.
        let patch = ItemPatch {
            title: Some("Hangar blast doors".into()),
            ..ItemPatch::default()
        };
        app.update_item(&pat, &keys[5], &patch).await.unwrap();
        assert_eq!(
            find("title ~ blast").await,
            ["Hangar blast doors"],
            "{label}"
        );
        assert_eq!(
            find("title ~ \"door\" AND title ~ hangar").await,
            ["Hangar blast doors"],
            "{label}"
        );
        assert!(find("title ~ \"r door\"").await.is_empty(), "{label}");
    }
}

#[tokio::test]
async fn roles_decide_who_reads_and_who_changes() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let sys = Ctx::system(at(0));
        for (handle, role) in [("vic", "viewer"), ("vera", "vendor"), ("otto", "")] {
            app.create_person(&sys, handle, handle, None).await.unwrap();
            if !role.is_empty() {
                app.set_member(&pat, "NJ", handle, role, None)
                    .await
                    .unwrap();
            }
        }
        let specs = [
            NewItemInput {
                assignee: Some("vera".into()),
                ..item("deliverable", "Raven cape textures (vendor brief)")
            },
            item("task", "Internal boss tuning"),
            NewItemInput {
                watchers: vec!["vera".into()],
                ..item("task", "Cape review notes")
            },
        ];
        app.create_items(&pat, "NJ", &specs).await.unwrap();
        let all = Page {
            limit: 100,
            offset: 0,
        };

        // A viewer reads everything and changes nothing.
        let vic = Ctx::person("vic", at(1));
        assert_eq!(
            app.list_items(&vic, Some("NJ"), "", all)
                .await
                .unwrap()
                .items
                .len(),
            3
        );
        let err = app
            .update_item(
                &vic,
                "NJ-2",
                &ItemPatch {
                    title: Some("x".into()),
                    ..ItemPatch::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            (err.exit_code(), err.to_string().as_str()),
            (
                6,
                "not allowed: a viewer of NJ cannot change items; ask a producer"
            )
        );
        assert!(app.comment(&vic, "NJ-2", "hi").await.is_err());
        app.watch(&vic, "NJ-2", "vic", true).await.unwrap();

        // A member edits items but not the project's set-up.
        let ada = Ctx::person("ada", at(1));
        app.move_item(&ada, "NJ-2", "To Do", None).await.unwrap();
        for err in [
            app.add_status(&ada, "NJ", "Polish", "review")
                .await
                .unwrap_err(),
            app.define_field(&ada, "NJ", "Cost", "number", None)
                .await
                .unwrap_err(),
            app.set_member(&ada, "NJ", "otto", "member", None)
                .await
                .unwrap_err(),
        ] {
            assert_eq!(err.exit_code(), 6, "{err}");
        }

        // A vendor sees only what is shared with them, and the rest does not exist.
        let vera = Ctx::person("vera", at(1));
        let seen: Vec<String> = app
            .list_items(&vera, Some("NJ"), "ORDER BY key", all)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.key)
            .collect();
        assert_eq!(seen, vec!["NJ-1", "NJ-3"]);
        let across: Vec<String> = app
            .list_items(&vera, None, "ORDER BY key", all)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.key)
            .collect();
        assert_eq!(across, vec!["NJ-1", "NJ-3"]);
        assert_eq!(
            app.item(&vera, "NJ-2").await.unwrap_err().to_string(),
            "no item \"NJ-2\""
        );
        assert_eq!(
            app.history(&vera, "NJ-2", all)
                .await
                .unwrap_err()
                .to_string(),
            "no item \"NJ-2\""
        );
        assert_eq!(
            app.comment(&vera, "NJ-2", "peek")
                .await
                .unwrap_err()
                .to_string(),
            "no item \"NJ-2\""
        );
        assert_eq!(
            app.item(&vera, "NJ-99").await.unwrap_err().to_string(),
            "no item \"NJ-99\"",
            "same answer as for a hidden item"
        );
        app.comment(&vera, "NJ-1", "First pass uploaded.")
            .await
            .unwrap();
        app.move_item(&vera, "NJ-1", "In Review", None)
            .await
            .unwrap();

        // Someone outside the project is told it does not exist.
        let otto = Ctx::person("otto", at(1));
        assert_eq!(
            app.list_items(&otto, Some("NJ"), "", all)
                .await
                .unwrap_err()
                .to_string(),
            "no project \"NJ\""
        );
        assert_eq!(
            app.item(&otto, "NJ-1").await.unwrap_err().to_string(),
            "no item \"NJ-1\""
        );
        assert!(
            app.list_items(&otto, None, "", all)
                .await
                .unwrap()
                .items
                .is_empty()
        );
        assert!(app.projects(&otto).await.unwrap().is_empty());
        assert_eq!(app.projects(&vera).await.unwrap().len(), 1);
    }
}

/// Where sign-ins come from, for the throttle.
const HOME: &str = "192.0.2.10";
const STRANGER: &str = "198.51.100.7";
const SPRAYER: &str = "203.0.113.66";

#[tokio::test]
async fn passwords_sessions_and_tokens() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let err = app.set_password(&pat, "ada", "short").await.unwrap_err();
        assert!(err.to_string().contains("at least 10 characters"), "{err}");
        app.set_password(&pat, "ada", "correct horse battery")
            .await
            .unwrap();
        let refused = app
            .log_in("ada", "wrong horse battery", HOME, at(1))
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(
            refused,
            app.log_in("nobody", "correct horse battery", HOME, at(1))
                .await
                .unwrap_err()
                .to_string(),
            "no hint who exists"
        );
        let session = app
            .log_in("ADA", "correct horse battery", HOME, at(1))
            .await
            .unwrap();
        // Five misses in 15 minutes from one place lock the handle there, even for the right
        // password, until they age out.
        for minute in 0..5 {
            assert!(
                app.log_in("ada", "not the password", STRANGER, at(1) + minute * 60_000)
                    .await
                    .is_err()
            );
        }
        let locked = app
            .log_in("ada", "correct horse battery", STRANGER, at(1) + 6 * 60_000)
            .await
            .unwrap_err();
        assert!(
            matches!(
                locked,
                AppError::Throttled {
                    retry_after_s: 540,
                    ..
                }
            ),
            "{locked}"
        );
        // The stranger's guesses do not lock ada out from her own machine.
        assert!(
            app.log_in("ada", "correct horse battery", HOME, at(1) + 6 * 60_000)
                .await
                .is_ok(),
            "a stranger cannot lock a person out"
        );
        assert!(
            app.log_in(
                "ada",
                "correct horse battery",
                STRANGER,
                at(1) + 16 * 60_000
            )
            .await
            .is_ok(),
            "the window passed"
        );
        // One client trying a password on many handles is slowed too.
        for n in 0..callsheet_app::auth::MAX_CLIENT_FAILURES {
            let _ = app
                .log_in(&format!("user{n}"), "summer2026!!", SPRAYER, at(4))
                .await;
        }
        assert!(matches!(
            app.log_in("ada", "correct horse battery", SPRAYER, at(4))
                .await
                .unwrap_err(),
            AppError::Throttled { .. }
        ));
        assert_eq!(
            app.authenticate(&session.secret, at(2))
                .await
                .unwrap()
                .map(|p| p.handle),
            Some("ada".into())
        );
        assert!(
            app.authenticate(&session.secret, session.expires_ms + 1)
                .await
                .unwrap()
                .is_none(),
            "expired"
        );
        app.log_out(&session.secret).await.unwrap();
        assert!(
            app.authenticate(&session.secret, at(2))
                .await
                .unwrap()
                .is_none()
        );
        // A reset ends every session.
        let again = app
            .log_in("ada", "correct horse battery", HOME, at(3))
            .await
            .unwrap();
        app.set_password(&pat, "ada", "another long phrase")
            .await
            .unwrap();
        assert!(
            app.authenticate(&again.secret, at(3))
                .await
                .unwrap()
                .is_none()
        );

        let ada = Ctx::person("ada", at(4));
        let (info, token) = app.create_token(&ada, "ci pipeline").await.unwrap();
        assert!(token.starts_with("cs_t_"));
        assert_eq!(
            app.authenticate(&token, at(5))
                .await
                .unwrap()
                .map(|p| p.handle),
            Some("ada".into())
        );
        let listed = app.tokens(&ada).await.unwrap();
        assert_eq!((listed.len(), listed[0].last_used_at), (1, Some(at(5))));
        assert!(
            app.revoke_token(&pat, info.id).await.is_err(),
            "only the owner revokes"
        );
        app.revoke_token(&ada, info.id).await.unwrap();
        assert!(app.authenticate(&token, at(6)).await.unwrap().is_none());
        let stored: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM api_tokens")
            .fetch_all(db.store.pool())
            .await
            .unwrap();
        assert!(
            stored.iter().all(|(h,)| !h.contains(&token[5..])),
            "tokens are stored hashed"
        );
    }
}

#[tokio::test]
async fn a_vendor_studio_sees_what_is_shared_with_any_of_its_people_and_counts_leak_nothing() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let sys = Ctx::system(at(0));
        for (handle, org) in [("lu", "Lumen"), ("jo", "Lumen"), ("kit", "Kite")] {
            app.create_person(&sys, handle, handle, None).await.unwrap();
            app.set_organisation(&sys, handle, Some(org)).await.unwrap();
            app.set_member(&pat, "NJ", handle, "vendor", None)
                .await
                .unwrap();
        }
        let made = app
            .create_items(
                &pat,
                "NJ",
                &[
                    NewItemInput {
                        assignee: Some("jo".into()),
                        ..item("deliverable", "Lumen: explosion sim")
                    },
                    NewItemInput {
                        assignee: Some("kit".into()),
                        ..item("deliverable", "Kite: foley pack")
                    },
                    item("task", "Internal only"),
                ],
            )
            .await
            .unwrap();
        let lu = Ctx::person("lu", at(1));
        // Jo's brief is Lumen's, so Lu sees it; Kite's and the internal task do not exist.
        assert_eq!(
            keys(&app, &lu, "").await,
            vec![made[0].clone()],
            "{}",
            db.label
        );
        assert!(app.item(&lu, &made[0]).await.is_ok());
        for hidden in &made[1..] {
            assert!(matches!(
                app.item(&lu, hidden).await,
                Err(AppError::NotFound { .. })
            ));
        }
        let counts = app.item_counts(&lu, "NJ", "").await.unwrap();
        assert_eq!(
            counts.iter().map(|(_, n)| n).sum::<i64>(),
            1,
            "{}",
            db.label
        );
        // Leaving the studio ends the sharing.
        app.set_organisation(&sys, "jo", None).await.unwrap();
        assert!(keys(&app, &lu, "").await.is_empty(), "{}", db.label);
        assert_eq!(count(&app, &pat, "").await, 3);
    }
}

#[tokio::test]
async fn a_bulk_edit_that_one_item_refuses_changes_nothing() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let made = app
            .create_items(
                &pat,
                "NJ",
                &[
                    item("task", "One"),
                    item("task", "Two"),
                    item("task", "Three"),
                ],
            )
            .await
            .unwrap();
        app.set_transition(&pat, "NJ", "*", "Done", false)
            .await
            .unwrap();
        app.set_transition(&pat, "NJ", "In Review", "Done", true)
            .await
            .unwrap();
        app.move_item(&pat, &made[1], "In Review", None)
            .await
            .unwrap();
        let before = app
            .history(&pat, &made[0], Page::default())
            .await
            .unwrap()
            .len();
        let patch = ItemPatch {
            status: Some("Done".into()),
            ..ItemPatch::default()
        };
        let keys_to_move = vec![made[1].clone(), made[0].clone()];
        match app.update_items(&pat, &keys_to_move, &patch).await {
            Err(AppError::InBatch { index: 1, .. }) => {}
            other => panic!("{}: expected item 2 to refuse, got {other:?}", db.label),
        }
        assert_eq!(count(&app, &pat, "status = Done").await, 0, "{}", db.label);
        assert_eq!(
            app.history(&pat, &made[0], Page::default())
                .await
                .unwrap()
                .len(),
            before
        );
        let both = vec![made[1].clone()];
        assert_eq!(
            app.update_items(&pat, &both, &patch).await.unwrap().len(),
            1
        );
        assert_eq!(count(&app, &pat, "status = Done").await, 1, "{}", db.label);
    }
}

#[tokio::test]
async fn saved_views_and_wip_limits_belong_to_who_may_set_them() {
    for db in backends().await {
        let app = App::new(db.store.clone());
        let pat = seeded(&app).await;
        let ada = Ctx::person("ada", at(1));
        let quinn = Ctx::person("quinn", at(1));
        let mine = callsheet_app::views::NewView {
            name: "My bugs".into(),
            query: "kind = bug AND assignee = me()".into(),
            columns: "key,title,due".into(),
            shared: false,
        };
        let saved = app.save_view(&ada, "NJ", &mine).await.unwrap();
        assert_eq!(saved.columns, "key,title,due");
        assert!(!saved.shared);
        // Ada's own view is hers; Quinn does not see it.
        assert!(
            app.saved_views(&quinn, "NJ").await.unwrap().is_empty(),
            "{}",
            db.label
        );
        // Members may not share a view; producers may.
        let shared = callsheet_app::views::NewView {
            shared: true,
            ..mine.clone()
        };
        assert!(matches!(
            app.save_view(&ada, "NJ", &shared).await,
            Err(AppError::Forbidden(_))
        ));
        app.save_view(&pat, "NJ", &shared).await.unwrap();
        assert_eq!(app.saved_views(&quinn, "NJ").await.unwrap().len(), 1);
        // A bad query or column is refused and nothing is saved.
        let bad = callsheet_app::views::NewView {
            name: "Broken".into(),
            query: "priority >=".into(),
            ..mine.clone()
        };
        assert!(matches!(
            app.save_view(&ada, "NJ", &bad).await,
            Err(AppError::Query(_))
        ));
        assert_eq!(app.saved_views(&ada, "NJ").await.unwrap().len(), 2);
        // WIP limits: producers only, at least 1, and the board reports them.
        assert!(matches!(
            app.set_wip_limit(&ada, "NJ", "In Progress", Some(3)).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.set_wip_limit(&pat, "NJ", "In Progress", Some(0)).await,
            Err(AppError::Invalid(_))
        ));
        app.set_wip_limit(&pat, "NJ", "In Progress", Some(1))
            .await
            .unwrap();
        let made = app
            .create_items(&pat, "NJ", &[item("task", "A"), item("task", "B")])
            .await
            .unwrap();
        for key in &made {
            app.move_item(&pat, key, "In Progress", None).await.unwrap();
        }
        let board = app.board(&ada, "NJ", "").await.unwrap();
        let column = board
            .columns
            .iter()
            .find(|c| c.status == "In Progress")
            .unwrap();
        assert_eq!(column.wip_limit, Some(1), "{}", db.label);
        assert_eq!(column.items.len(), 2);
        assert!(column.over_limit());
    }
}
