//! What the benchmark binaries share: reading their flags, a fresh database, percentiles.
//! Each binary uses part of it.
#![allow(dead_code)]

use anyhow::Result;
use callsheet_store::Store;
use callsheet_testkit::TestDb;

/// The value after a flag, like `--items 5000`.
pub fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The `p` quantile (0 to 1) of sorted timings; 0 for none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// p50 and p95 of some timings.
pub fn p50_p95(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.5), percentile(&ms, 0.95))
}

/// An empty, migrated store at `url`: a fresh PostgreSQL database (dropped with the
/// guard), or the SQLite file made anew.
pub async fn fresh_store(url: &str) -> Result<(Store, Option<TestDb>)> {
    if url.starts_with("postgres") {
        let db = TestDb::postgres(url).await;
        return Ok((db.store.clone(), Some(db)));
    }
    let path = url.trim_start_matches("sqlite://").to_string();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    let store = Store::open(url, true).await?;
    store.migrate().await?;
    Ok((store, None))
}
