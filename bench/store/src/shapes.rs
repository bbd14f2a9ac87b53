//! The query-shape matrix: every built-in filter (alone, and in pairs that producers
//! type) against every built-in sort, first page of 100, timed in process through the
//! list use case (query check, access, SQL, rows). Prints one line per filter with each
//! sort's p95 in milliseconds, then the worst shapes.

use crate::percentile;
use anyhow::{Result, bail};
use callsheet_app::{App, Ctx};
use callsheet_core::page::Page;
use std::time::Instant;

/// The sorts every filter is crossed with (`-` is the default: updated, newest first).
const SORTS: &[(&str, &str)] = &[
    ("-", ""),
    ("key", " ORDER BY key"),
    ("prio", " ORDER BY priority DESC"),
    ("due", " ORDER BY due"),
    ("start", " ORDER BY start"),
    ("created", " ORDER BY created DESC"),
    ("updated", " ORDER BY updated"),
    ("status", " ORDER BY status"),
    ("assignee", " ORDER BY assignee"),
    ("title", " ORDER BY title"),
    ("sev", " ORDER BY severity DESC"),
    ("dept", " ORDER BY department"),
];

/// One filter of each built-in field, and ranges on the dates.
fn filters(milestone: &str, epic: &str, dates: [&str; 4]) -> Vec<(String, String)> {
    let [month_ago, week_ago, today, month_on] = dates;
    let one = |name: &str, q: String| (name.to_string(), q);
    vec![
        one("status", "status = \"In Progress\"".into()),
        one("category", "status.category = review".into()),
        one("kind", "kind = bug".into()),
        one("assignee", "assignee = p05".into()),
        one("reporter", "reporter = p03".into()),
        one("department", "department = art".into()),
        one("priority", "priority = high".into()),
        one("severity", "severity = major".into()),
        one("label", "label = cert".into()),
        one("milestone", format!("milestone = {milestone}")),
        one("parent", format!("parent = {epic}")),
        one("due range", format!("due >= {month_ago} AND due < {today}")),
        one(
            "start range",
            format!("start >= {today} AND start < {month_on}"),
        ),
        one("created range", format!("created >= {month_ago}")),
        one("updated range", format!("updated >= {week_ago}")),
        one("assignee+kind", "assignee = p05 AND kind = bug".into()),
        one(
            "status+dept",
            "status = \"In Progress\" AND department = art".into(),
        ),
        one("label+priority", "label = cert AND priority = high".into()),
        one(
            "milestone+open",
            format!("milestone = {milestone} AND status.category != done"),
        ),
        one(
            "kind+due range",
            format!("kind = bug AND due >= {month_ago} AND due < {today}"),
        ),
        one(
            "dept+updated",
            "department = audio AND updated >= -7d".into(),
        ),
        one("text ~", "title ~ \"raven\"".into()),
        one("text+kind", "title ~ \"boss arena\" AND kind = bug".into()),
    ]
}

/// Runs the matrix; true when every shape's p95 is within `limit_ms`.
pub async fn matrix(
    app: &App,
    reader: &Ctx,
    runs: usize,
    dates: [&str; 4],
    limit_ms: f64,
    explain: bool,
) -> Result<bool> {
    let first = |q: &'static str| async move {
        let page = app
            .list_items(
                reader,
                Some("BN"),
                q,
                Page {
                    limit: 1,
                    offset: 0,
                },
            )
            .await?;
        page.items
            .first()
            .map(|i| i.key.clone())
            .ok_or_else(|| anyhow::anyhow!("no item for {q}"))
    };
    let milestone = first("kind = milestone ORDER BY key").await?;
    let epic = first("kind = deliverable ORDER BY key").await?;
    let page = Page {
        limit: 100,
        offset: 0,
    };
    print!("{:<16}", "p95 ms");
    for (name, _) in SORTS {
        print!("{name:>9}");
    }
    println!("{:>9}", "rows");
    let mut worst: Vec<(f64, String)> = Vec::new();
    for (name, filter) in filters(&milestone, &epic, dates) {
        print!("{name:<16}");
        let mut rows = 0;
        for (_, sort) in SORTS {
            let q = format!("{filter}{sort}");
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs {
                let t = Instant::now();
                let got = app.list_items(reader, Some("BN"), &q, page).await?;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                rows = got.items.len();
            }
            times.sort_by(f64::total_cmp);
            let p95 = percentile(&times, 0.95);
            print!("{p95:>9.2}");
            worst.push((p95, q));
        }
        println!("{rows:>9}");
    }
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    let over = worst.iter().filter(|(t, _)| *t > limit_ms).count();
    println!(
        "shapes: {}; over {limit_ms} ms: {over}; slowest:",
        worst.len()
    );
    for (t, q) in worst.iter().take(8) {
        println!("  {t:>8.2} ms  {q}");
        if explain {
            for line in app.explain_items(reader, Some("BN"), q).await? {
                println!("      {line}");
            }
        }
    }
    if worst.is_empty() {
        bail!("no shapes ran");
    }
    Ok(over == 0)
}
