//! `store-bench`: bulk-creates a large production through the real use case (labels,
//! links, custom fields, activity events) and times five producer queries on it.
//!
//! ```text
//! store-bench --database-url sqlite://target/bench.db --items 1000000
//! store-bench --database-url postgres://127.0.0.1/test --items 1000000
//! ```
//! A SQLite file is deleted first; for PostgreSQL a fresh database is created
//! on that server and dropped afterwards.
//!
//! Flags: `--runs N` timings per query; `--shapes` adds the query-shape matrix (every
//! built-in filter against every built-in sort, see `shapes.rs`); `--explain` prints plans;
//! `--reuse` queries a SQLite file loaded by an earlier run instead of loading again;
//! `--keep` loads a PostgreSQL database in place for a server (bench/api.sh); `--check`
//! fails when a query's p95 is over 20 ms.

use anyhow::{Context, Result, bail};
use callsheet_app::input::{ItemRef, LinkInput, NewItemInput};
use callsheet_app::{App, Ctx};
use callsheet_core::dice::Dice;
use callsheet_core::page::Page;
use callsheet_store::Store;
use std::time::Instant;

mod common;
mod shapes;
use common::{arg, percentile};

const NOW_MS: i64 = 1_795_000_000_000;
const DAY_MS: i64 = 86_400_000;

const DEPARTMENTS: &[&str] = &[
    "art",
    "animation",
    "audio",
    "design",
    "engineering",
    "qa",
    "vfx",
    "localization",
];
const LABELS: &[&str] = &[
    "cert",
    "cert-ps5",
    "cert-xbox",
    "playtest",
    "crash",
    "perf",
    "ui",
    "combat",
    "traversal",
    "boss",
    "hangar",
    "cloth",
    "lighting",
    "audio-mix",
    "vo",
    "cinematic",
    "tutorial",
    "network",
    "save",
    "trophy",
    "input",
    "camera",
    "ai",
    "loot",
    "shop",
    "hud",
    "menu",
    "accessibility",
    "photo-mode",
    "dlc",
];
const STATUSES: &[&str] = &[
    "Backlog",
    "To Do",
    "To Do",
    "In Progress",
    "In Progress",
    "In Review",
    "Done",
    "Done",
    "Done",
    "Cancelled",
];
const VERBS: &[&str] = &[
    "Fix", "Polish", "Rig", "Light", "Model", "Tune", "Script", "Profile", "Localise", "Review",
];
const NOUNS: &[&str] = &[
    "raven cape",
    "hangar door",
    "boss arena",
    "glide camera",
    "parry window",
    "save menu",
    "streaming budget",
    "hero face rig",
];

fn rss_peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = arg(&args, "--database-url").unwrap_or_else(|| "sqlite://target/bench.db".into());
    let total: usize = arg(&args, "--items")
        .map_or(Ok(100_000), |v| v.parse())
        .context("--items")?;
    let batch: usize = arg(&args, "--batch")
        .map_or(Ok(10_000), |v| v.parse())
        .context("--batch")?;
    let runs: usize = arg(&args, "--runs")
        .map_or(Ok(50), |v| v.parse())
        .context("--runs")?;

    // `--keep`: load the given PostgreSQL database itself and leave it for a server to use
    // (bench/api.sh); otherwise a throwaway database is made beside it and dropped after.
    let keep = args.iter().any(|a| a == "--keep");
    // `--reuse`: a SQLite file (or kept PostgreSQL database) already loaded by an earlier
    // run is queried as it is, with no load.
    let reuse = args.iter().any(|a| a == "--reuse");
    let (store, _guard, backend) = if url.starts_with("postgres") && keep {
        let store = Store::open(&url, true).await?;
        store.migrate().await?;
        (store, None, "postgres")
    } else if url.starts_with("postgres") {
        let db = callsheet_testkit::TestDb::postgres(&url).await;
        (db.store.clone(), Some(db), "postgres")
    } else {
        let path = url.trim_start_matches("sqlite://").to_string();
        if !reuse {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        }
        let store = Store::open(&url, true).await?;
        store.migrate().await?;
        (store, None, "sqlite")
    };
    let app = App::new(store.clone());
    let milestone_keys = if reuse {
        let producer = Ctx::person("p00", NOW_MS);
        let page = Page {
            limit: 5,
            offset: 0,
        };
        let found = app
            .list_items(&producer, Some("BN"), "kind = milestone ORDER BY key", page)
            .await?;
        found.items.into_iter().map(|i| i.key).collect()
    } else {
        load(&app, total, batch, backend).await?
    };
    if milestone_keys.len() < 5 {
        bail!("the production has no five milestones: load it first (without --reuse)");
    }

    let queries = [
        ("open bugs by priority for art", "kind = bug AND status.category NOT IN (done, cancelled) AND department = art ORDER BY priority DESC".to_string()),
        ("overdue in milestone", format!("milestone = {} AND due < now() AND status.category NOT IN (done, cancelled) ORDER BY due", milestone_keys[2])),
        ("blocked", "blocked".to_string()),
        ("label ~ cert ORDER BY due", "label ~ cert ORDER BY due".to_string()),
        ("updated in the last 7 days", "updated >= -7d".to_string()),
    ];
    store.analyze().await?;
    let reader = Ctx::person("p01", NOW_MS);
    let explain = args.iter().any(|a| a == "--explain");
    let mut failed = false;
    for (name, q) in &queries {
        if explain {
            for line in app.explain_items(&reader, Some("BN"), q).await? {
                println!("    {line}");
            }
        }
        let first = app
            .list_items(
                &reader,
                Some("BN"),
                q,
                Page {
                    limit: 50,
                    offset: 0,
                },
            )
            .await?;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let page = app
                .list_items(
                    &reader,
                    Some("BN"),
                    q,
                    Page {
                        limit: 50,
                        offset: 0,
                    },
                )
                .await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if page.items.len() != first.items.len() {
                bail!("{name}: results changed between runs");
            }
        }
        times.sort_by(f64::total_cmp);
        let p95 = percentile(&times, 0.95);
        failed |= p95 > 20.0;
        println!(
            "{backend}: {name:<32} {:>3} rows  p50 {:>6.2} ms  p95 {:>6.2} ms",
            first.items.len(),
            percentile(&times, 0.5),
            p95
        );
    }
    println!(
        "{backend}: peak RSS over the whole run {} MB",
        rss_peak_kb() / 1024
    );
    if args.iter().any(|a| a == "--shapes") {
        let date = |days: i64| callsheet_core::utc_date(NOW_MS + days * DAY_MS).to_string();
        let dates = [date(-30), date(-7), date(0), date(30)];
        println!("{backend}: query shapes, first page of 100, {runs} runs each");
        let ok = shapes::matrix(
            &app,
            &reader,
            runs,
            [&dates[0], &dates[1], &dates[2], &dates[3]],
            20.0,
            explain,
        )
        .await?;
        failed |= !ok;
    }
    store.close().await;
    if failed && args.iter().any(|a| a == "--check") {
        bail!("a query's p95 is over 20 ms");
    }
    Ok(())
}

/// Bulk-creates the production BN: people p00 to p39, five milestones, 100 epics and
/// `total` items in batches of `batch`. Returns the milestones' keys.
async fn load(app: &App, total: usize, batch: usize, backend: &str) -> Result<Vec<String>> {
    let sys = Ctx::system(NOW_MS - 91 * DAY_MS);
    let people: Vec<String> = (0..40).map(|i| format!("p{i:02}")).collect();
    for p in &people {
        app.create_person(&sys, p, &format!("Person {p}"), None)
            .await?;
    }
    app.set_studio_role(&sys, "p00", "producer").await?;
    let producer = Ctx::person("p00", NOW_MS - 91 * DAY_MS);
    app.create_project(&producer, "BN", "Benchmark").await?;
    for (i, p) in people.iter().enumerate().skip(1) {
        app.set_member(
            &producer,
            "BN",
            p,
            "member",
            Some(DEPARTMENTS[i % DEPARTMENTS.len()]),
        )
        .await?;
    }
    app.define_field(&producer, "BN", "Region", "enum", Some("EU,NA,JP,ALL"))
        .await?;
    app.define_field(&producer, "BN", "Budget", "number", None)
        .await?;
    let milestones: Vec<NewItemInput> = (1..=5)
        .map(|i| NewItemInput {
            kind: "milestone".into(),
            title: format!("Milestone {i}"),
            ..NewItemInput::default()
        })
        .collect();
    let milestone_keys = app.create_items(&producer, "BN", &milestones).await?;
    let epics: Vec<NewItemInput> = (1..=100)
        .map(|i| NewItemInput {
            kind: "deliverable".into(),
            title: format!("Epic {i}"),
            ..NewItemInput::default()
        })
        .collect();
    let epic_keys = app.create_items(&producer, "BN", &epics).await?;

    let mut dice = Dice::new(0x00C0_FFEE);
    let batches = total.div_ceil(batch);
    let started = Instant::now();
    let mut created = 0usize;
    let (mut labels, mut links, mut values) = (0usize, 0usize, 0usize);
    for b in 0..batches {
        // Spread creation over the last 90 days, so "updated in the last 7 days" is a real slice.
        let at = NOW_MS - 90 * DAY_MS + (b as i64 * 90 * DAY_MS) / batches as i64;
        let ctx = Ctx::person(&people[1 + b % (people.len() - 1)], at);
        let n = batch.min(total - created);
        let mut inputs = Vec::with_capacity(n);
        for i in 0..n {
            let kind = match dice.below(10) {
                0..=5 => "task",
                6..=8 => "bug",
                _ => "request",
            };
            let mut item_labels =
                vec![LABELS[dice.below(LABELS.len() as u64) as usize].to_string()];
            if dice.below(2) == 0 {
                item_labels.push(LABELS[dice.below(LABELS.len() as u64) as usize].to_string());
            }
            let mut item_links = Vec::new();
            if i > 0 && dice.below(10) < 3 {
                item_links.push(LinkInput {
                    kind: "blocks".into(),
                    target: ItemRef::Batch(dice.below(i as u64) as usize),
                    dep_type: None,
                    lag_days: 0,
                });
            }
            if i > 0 && dice.below(10) < 2 {
                item_links.push(LinkInput {
                    kind: "depends_on".into(),
                    target: ItemRef::Batch(dice.below(i as u64) as usize),
                    dep_type: Some("fs".into()),
                    lag_days: dice.below(3) as i64,
                });
            }
            labels += item_labels.len();
            links += item_links.len();
            values += 2;
            let due_day = dice.below(360) as i64 - 180;
            let due = callsheet_core::utc_date(NOW_MS + due_day * DAY_MS).to_string();
            inputs.push(NewItemInput {
                kind: kind.into(),
                title: format!(
                    "{} {} #{}",
                    VERBS[dice.below(10) as usize],
                    NOUNS[dice.below(8) as usize],
                    created + i
                ),
                description: "Steps, notes and acceptance criteria live here.".into(),
                status: Some(STATUSES[dice.below(STATUSES.len() as u64) as usize].into()),
                priority: Some(
                    ["lowest", "low", "medium", "medium", "high", "highest"]
                        [dice.below(6) as usize]
                        .into(),
                ),
                severity: (kind == "bug").then(|| {
                    ["trivial", "minor", "major", "critical", "blocker"][dice.below(5) as usize]
                        .into()
                }),
                assignee: (dice.below(10) < 8)
                    .then(|| people[1 + dice.below(people.len() as u64 - 1) as usize].clone()),
                department: Some(DEPARTMENTS[dice.below(DEPARTMENTS.len() as u64) as usize].into()),
                labels: item_labels,
                estimate: Some(format!("{}h", 1 + dice.below(40))),
                // Work starts two weeks before it is due.
                start: Some(callsheet_core::utc_date(NOW_MS + (due_day - 14) * DAY_MS).to_string()),
                due: Some(due),
                parent: Some(ItemRef::Key(
                    epic_keys[dice.below(epic_keys.len() as u64) as usize].clone(),
                )),
                milestone: (dice.below(10) < 7)
                    .then(|| ItemRef::Key(milestone_keys[dice.below(5) as usize].clone())),
                custom: vec![
                    (
                        "Region".into(),
                        ["EU", "NA", "JP", "ALL"][dice.below(4) as usize].into(),
                    ),
                    ("Budget".into(), (dice.below(50_000)).to_string()),
                ],
                links: item_links,
                ..NewItemInput::default()
            });
        }
        app.create_items(&ctx, "BN", &inputs).await?;
        created += n;
    }
    let load_secs = started.elapsed().as_secs_f64();
    let load_rss = rss_peak_kb();
    println!(
        "{backend}: created {created} items ({labels} labels, {links} links, {values} custom values, one activity event each) in {load_secs:.1} s = {:.0} items/s; peak RSS {} MB",
        created as f64 / load_secs,
        load_rss / 1024
    );

    Ok(milestone_keys)
}
