#!/usr/bin/env bash
# How long the server takes to recompute a 5,000-item project's schedule after one
# change, inside the change's transaction, on SQLite and PostgreSQL in one run.
#
#   bench/reschedule.sh [ITEMS] [POSTGRES_URL]
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-5000}"
pg_url="${2:-postgres://postgres@127.0.0.1:5432/test}"
mkdir -p bench/results target
cargo build --release -p callsheet-bench
out="bench/results/reschedule-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "# reschedule-bench, $items items, $(date -u), $(nproc) cores"
    ./target/release/reschedule-bench --database-url sqlite://target/resched.db --items "$items"
    if pg_isready -h 127.0.0.1 -q; then
        ./target/release/reschedule-bench --database-url "$pg_url" --items "$items"
    else
        echo "postgres: skipped, no server at $pg_url"
    fi
} | tee "$out"
rm -f target/resched.db target/resched.db-wal target/resched.db-shm
echo "written to $out"
