//! `strings-bench`: the Strings page on a large string table, against checking the whole
//! table (what every view of the page cost before findings were stored).
//!
//! ```text
//! strings-bench --database-url sqlite://target/strings.db --table table.csv [--runs 20]
//! ```
//! It imports the table (bench/loc/gen_table.py writes one with seeded defects) through the
//! real use case, which checks it whole and stores the findings, then times, `--runs`
//! times each: the page's first 100 strings with totals and completeness; the page
//! filtered to strings with errors; one translation edit (which re-checks the strings of
//! its source and moves the totals); and, a few times, a full check of the table.

use anyhow::{Context, Result};
use callsheet_app::loc::StringFilter;
use callsheet_app::{App, Ctx};
mod common;
use common::{arg, fresh_store, p50_p95};
use std::time::Instant;

const NOW_MS: i64 = 1_795_000_000_000;

/// Times `runs` calls of `f`, in milliseconds.
async fn timed<F, Fut>(runs: usize, mut f: F) -> Result<Vec<f64>>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut ms = Vec::with_capacity(runs);
    for i in 0..runs {
        let t = Instant::now();
        f(i).await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(ms)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = arg(&args, "--database-url").unwrap_or_else(|| "sqlite://target/strings.db".into());
    let table = arg(&args, "--table").context("--table FILE (bench/loc/gen_table.py)")?;
    let runs: usize = arg(&args, "--runs")
        .unwrap_or_else(|| "20".into())
        .parse()
        .context("--runs")?;
    let (store, _guard) = fresh_store(&url).await?;
    let label = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let app = App::new(store.clone());
    let sys = Ctx::system(NOW_MS);
    app.create_person(&sys, "pat", "Pat Producer", None).await?;
    app.set_studio_role(&sys, "pat", "producer").await?;
    let pat = Ctx::person("pat", NOW_MS);
    app.create_project(&pat, "LS", "Strings").await?;
    let bytes = std::fs::read(&table).with_context(|| table.clone())?;
    let t = Instant::now();
    let report = app
        .loc_import(&pat, "LS", "table.csv", &bytes, None, None)
        .await?;
    println!(
        "imported {} strings in {} locales in {:.1} s, checked whole and stored ({label})",
        report.strings_added,
        report.locales.len(),
        t.elapsed().as_secs_f64()
    );
    let page = StringFilter {
        limit: 100,
        ..StringFilter::default()
    };
    let first = app.loc_strings(&pat, "LS", &page).await?;
    let key = first
        .strings
        .first()
        .map(|s| s.key.clone())
        .context("no strings")?;
    let locale = first.locales.first().cloned().context("no locales")?;
    let (p50, p95) = p50_p95(
        timed(runs, |_| async {
            app.loc_strings(&pat, "LS", &page).await?;
            Ok(())
        })
        .await?,
    );
    println!(
        "first page of 100 of {} strings ({} errors, {} warnings): p50 {p50:7.1} ms, p95 {p95:7.1} ms",
        first.total, first.errors, first.warnings
    );
    let errors = StringFilter {
        check: Some("errors".into()),
        limit: 100,
        ..StringFilter::default()
    };
    let (p50, p95) = p50_p95(
        timed(runs.min(5), |_| async {
            app.loc_strings(&pat, "LS", &errors).await?;
            Ok(())
        })
        .await?,
    );
    println!("filtered to strings with errors:      p50 {p50:7.1} ms, p95 {p95:7.1} ms");
    let (p50, p95) = p50_p95(
        timed(runs, |i| {
            let (app, pat, key, locale) = (&app, &pat, &key, &locale);
            async move {
                let text = format!("Texte {i}");
                app.set_translation(pat, "LS", key, locale, &text, None)
                    .await?;
                Ok(())
            }
        })
        .await?,
    );
    println!("one translation edit (re-check, totals): p50 {p50:7.1} ms, p95 {p95:7.1} ms");
    let (p50, _) = p50_p95(
        timed(3, |_| async {
            app.loc_check_run(&pat, "LS", "bench", false).await?;
            Ok(())
        })
        .await?,
    );
    let first_page = p50_p95(
        timed(runs, |_| async {
            app.loc_strings(&pat, "LS", &page).await?;
            Ok(())
        })
        .await?,
    )
    .0;
    println!(
        "full check of the table (each view before): p50 {p50:7.1} ms; first page now {:.0}x faster",
        p50 / first_page
    );
    Ok(())
}
