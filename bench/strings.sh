#!/usr/bin/env bash
# The Strings page on a large table, on SQLite and PostgreSQL in one run: the first page
# with totals, a filtered page and one edit, against a full check of the table (what
# each view cost before findings were stored). The table is bench/loc/gen_table.py's:
# KEYS keys (default 100,000) in 5 target locales, with seeded defects.
#
#   bench/strings.sh [KEYS] [POSTGRES_URL]
set -euo pipefail
cd "$(dirname "$0")/.."
keys="${1:-100000}"
pg_url="${2:-postgres://postgres@127.0.0.1:5432/test}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/results target
cargo build --release -p callsheet-bench
python3 bench/loc/gen_table.py "$keys" "$work" >/dev/null
out="bench/results/strings-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "# strings-bench, $keys keys, $(date -u), $(nproc) cores"
    ./target/release/strings-bench --database-url sqlite://target/strings.db --table "$work/table.csv"
    if pg_isready -h 127.0.0.1 -q; then
        ./target/release/strings-bench --database-url "$pg_url" --table "$work/table.csv"
    else
        echo "postgres: skipped, no server at $pg_url"
    fi
} | tee "$out"
rm -f target/strings.db target/strings.db-wal target/strings.db-shm
echo "written to $out"
