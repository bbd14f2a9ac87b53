#!/usr/bin/env bash
# The query-shape matrix: every built-in filter (alone and in pairs) against every built-in
# sort, first page of 100, p95 of RUNS runs each, in process through the list use case, on
# SQLite and PostgreSQL in one run (this machine is noisy: compare figures from one run).
#
#   bench/shapes.sh [ITEMS] [RUNS] [POSTGRES_URL]
#
# ITEMS defaults to 100,000 (the issue's 1M run: bench/shapes.sh 1000000). Output goes to
# bench/results/shapes-*.txt; a shape over 20 ms is counted in the summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-100000}"
runs="${2:-10}"
pg_url="${3:-postgres://postgres@127.0.0.1:5432/test}"
mkdir -p bench/results target
cargo build --release -p callsheet-bench
out="bench/results/shapes-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "# query shapes, $items items, $runs runs, $(date -u), $(nproc) cores, commit $(git rev-parse --short HEAD)"
    ./target/release/store-bench --database-url sqlite://target/shapes.db --items "$items" --runs "$runs" --shapes
    if pg_isready -h 127.0.0.1 -q; then
        ./target/release/store-bench --database-url "$pg_url" --items "$items" --runs "$runs" --shapes
    else
        echo "postgres: skipped, no server at $pg_url"
    fi
} | tee "$out"
rm -f target/shapes.db target/shapes.db-wal target/shapes.db-shm
echo "written to $out"
