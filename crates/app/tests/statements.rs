//! How many SQL statements the common changes cost, counted from sqlx's own statement
//! log. A PATCH reads its item and project once and loads only the project's catalog
//! entries the change needs; these bounds keep it that way.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use callsheet_app::input::{ItemPatch, NewItemInput};
use callsheet_app::{App, Ctx};
use callsheet_testkit::TestDb;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the statement lines sqlx logs at DEBUG under `sqlx::query`.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicUsize>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let lines = text.lines().filter(|l| l.contains("sqlx::query")).count();
        if std::env::var("SHOW_SQL").is_ok() {
            for l in text.lines().filter(|l| l.contains("sqlx::query")) {
                eprintln!(
                    "{}",
                    l.split("summary=")
                        .nth(1)
                        .unwrap_or(l)
                        .chars()
                        .take(110)
                        .collect::<String>()
                );
            }
        }
        self.0.fetch_add(lines, Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn counted<F: std::future::Future>(counter: &Counter, work: F) -> (usize, F::Output) {
    let before = counter.0.load(Ordering::Relaxed);
    let out = work.await;
    (counter.0.load(Ordering::Relaxed) - before, out)
}

#[tokio::test]
async fn a_patch_reads_its_project_once_and_only_what_it_changes() {
    let counter = Counter::default();
    let writer = counter.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone());
    let sys = Ctx::system(1_795_000_000_000);
    for h in ["pat", "ada"] {
        app.create_person(&sys, h, h, None).await.unwrap();
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
            &NewItemInput {
                kind: "task".into(),
                title: "Hangar lighting bake".into(),
                ..NewItemInput::default()
            },
        )
        .await
        .unwrap();
    // As the server acts: the person comes from their session, with their id.
    let token = app
        .create_token(&Ctx::person("ada", sys.now_ms), "t")
        .await
        .unwrap()
        .1;
    let person = app.authenticate(&token, sys.now_ms).await.unwrap().unwrap();
    let ada = Ctx::signed_in(&person, sys.now_ms);
    let mut version = item.version;
    let mut report = Vec::new();
    for (what, patch) in [
        (
            "priority",
            ItemPatch {
                priority: Some("high".into()),
                ..ItemPatch::default()
            },
        ),
        (
            "title",
            ItemPatch {
                title: Some("Hangar lighting bake, pass 2".into()),
                ..ItemPatch::default()
            },
        ),
        (
            "status",
            ItemPatch {
                status: Some("In Progress".into()),
                ..ItemPatch::default()
            },
        ),
        (
            "assignee",
            ItemPatch {
                assignee: Some("ada".into()),
                ..ItemPatch::default()
            },
        ),
        (
            "due (moves the schedule)",
            ItemPatch {
                due: Some("2027-03-01".into()),
                ..ItemPatch::default()
            },
        ),
    ] {
        let patch = ItemPatch {
            expected_version: Some(version),
            ..patch
        };
        let (n, row) = counted(&counter, app.update_item(&ada, &item.key, &patch)).await;
        version = row.unwrap().version;
        report.push((what, n));
    }
    eprintln!("SQL statements per PATCH (SQLite, app level): {report:?}");
    assert!(
        counter.0.load(Ordering::Relaxed) > 0,
        "sqlx's statement log is read"
    );
    for (what, n) in &report {
        let bound = if what.contains("schedule") { 30 } else { 16 };
        assert!(
            *n <= bound,
            "a PATCH of {what} took {n} statements: {report:?}"
        );
    }
}
