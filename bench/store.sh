#!/usr/bin/env bash
# Bulk-create a production and time five producer queries on it, on SQLite and on
# PostgreSQL, in one run (this machine is noisy: compare figures from the same run).
#
#   bench/store.sh [ITEMS] [POSTGRES_URL]
#
# ITEMS defaults to 1,000,000. POSTGRES_URL defaults to the local server; a fresh
# database is created there and dropped afterwards. Output goes to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-1000000}"
pg_url="${2:-postgres://postgres@127.0.0.1:5432/test}"
mkdir -p bench/results target
cargo build --release -p callsheet-bench
out="bench/results/store-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "# store-bench, $items items, $(date -u), $(nproc) cores"
    ./target/release/store-bench --database-url sqlite://target/bench.db --items "$items"
    if pg_isready -h 127.0.0.1 -q; then
        ./target/release/store-bench --database-url "$pg_url" --items "$items"
    else
        echo "postgres: skipped, no server at $pg_url"
    fi
} | tee "$out"
rm -f target/bench.db target/bench.db-wal target/bench.db-shm
echo "written to $out"
