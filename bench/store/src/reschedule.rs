//! `reschedule-bench`: how long the server takes to recompute a project's schedule
//! after one change, inside the change's own transaction, on a 5,000-item production.
//!
//! ```text
//! reschedule-bench --database-url sqlite://target/resched.db [--items 5000] [--runs 50]
//! ```
//! It creates the items through the real use case (work packages under epics, about 1.4
//! depends-on links per item, estimates, assignees), then times, each `--runs` times:
//! an edit that moves no date (a title), an edit that moves many dates (the estimate
//! of an item early in a chain, alternating, so the stored dates really change), and a
//! full recompute with nothing changed. The recompute's share is the difference.

use anyhow::{Context, Result};
use callsheet_app::input::{ItemPatch, ItemRef, LinkInput, NewItemInput};
use callsheet_app::{App, Ctx};
use callsheet_core::dice::Dice;
mod common;
use common::{arg, fresh_store, p50_p95};
use std::time::Instant;

const NOW_MS: i64 = 1_795_000_000_000;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = arg(&args, "--database-url").unwrap_or_else(|| "sqlite://target/resched.db".into());
    let total: usize = arg(&args, "--items")
        .unwrap_or_else(|| "5000".into())
        .parse()
        .context("--items")?;
    let runs: usize = arg(&args, "--runs")
        .unwrap_or_else(|| "50".into())
        .parse()
        .context("--runs")?;
    let (store, _guard) = fresh_store(&url).await?;
    let app = App::new(store.clone());
    let sys = Ctx::system(NOW_MS);
    let people: Vec<String> = (0..30).map(|i| format!("p{i:02}")).collect();
    for p in &people {
        app.create_person(&sys, p, p, None).await?;
    }
    app.set_studio_role(&sys, "p00", "producer").await?;
    let producer = Ctx::person("p00", NOW_MS);
    app.create_project(&producer, "RS", "Reschedule").await?;
    for p in people.iter().skip(1) {
        app.set_member(&producer, "RS", p, "member", None).await?;
    }
    // Epics first, then work packages of 5 to 25 items in parallel streams.
    let epics: Vec<NewItemInput> = (1..=40)
        .map(|i| NewItemInput {
            kind: "deliverable".into(),
            title: format!("Epic {i}"),
            ..NewItemInput::default()
        })
        .collect();
    let epic_keys = app.create_items(&producer, "RS", &epics).await?;
    let mut dice = Dice::new(11);
    let mut made = epic_keys.len();
    let mut first_of_chain = Vec::new();
    let started = Instant::now();
    while made < total {
        let n = (5 + dice.below(21) as usize).min(total - made);
        let epic = &epic_keys[dice.below(epic_keys.len() as u64) as usize];
        let first = made + 1;
        first_of_chain.push(format!("RS-{first}"));
        let inputs: Vec<NewItemInput> = (0..n)
            .map(|k| {
                let number = first + k;
                let mut links = Vec::new();
                for _ in 0..(dice.below(3)) {
                    if k > 0 {
                        let before = first + dice.below(k as u64) as usize;
                        links.push(LinkInput {
                            kind: "depends_on".into(),
                            target: ItemRef::Key(format!("RS-{before}")),
                            dep_type: Some(if dice.below(3) == 0 { "ss" } else { "fs" }.into()),
                            lag_days: dice.below(2) as i64,
                        });
                    }
                }
                NewItemInput {
                    kind: "task".into(),
                    title: format!("Task {number}"),
                    estimate: Some(format!("{}d", 1 + dice.below(8))),
                    assignee: Some(people[1 + dice.below(29) as usize].clone()),
                    parent: Some(ItemRef::Key(epic.clone())),
                    links,
                    ..NewItemInput::default()
                }
            })
            .collect();
        app.create_items(&producer, "RS", &inputs).await?;
        made += n;
    }
    println!(
        "created {made} items in {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        if url.starts_with("sqlite:") {
            "SQLite"
        } else {
            "PostgreSQL"
        }
    );
    let key = first_of_chain[0].clone();
    let mut edit = Vec::new();
    let mut moving = Vec::new();
    let mut full = Vec::new();
    for run in 0..runs {
        let patch = ItemPatch {
            title: Some(format!("Task, take {run}")),
            ..ItemPatch::default()
        };
        let t = Instant::now();
        app.update_item(&producer, &key, &patch).await?;
        edit.push(t.elapsed().as_secs_f64() * 1000.0);
        let patch = ItemPatch {
            estimate: Some(if run % 2 == 0 { "12d" } else { "2d" }.into()),
            ..ItemPatch::default()
        };
        let t = Instant::now();
        app.update_item(&producer, &key, &patch).await?;
        moving.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        app.reschedule(&producer, "RS").await?;
        full.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (e50, e95) = p50_p95(edit);
    let (m50, m95) = p50_p95(moving);
    let (f50, f95) = p50_p95(full);
    println!("edit that moves no date (title):      p50 {e50:6.1} ms, p95 {e95:6.1} ms");
    println!("edit that moves dates (estimate):     p50 {m50:6.1} ms, p95 {m95:6.1} ms");
    println!("recompute with nothing changed:       p50 {f50:6.1} ms, p95 {f95:6.1} ms");
    println!(
        "recompute's share of a date-moving edit: {:.1} ms (p50 difference)",
        m50 - e50
    );
    Ok(())
}
