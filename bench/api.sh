#!/usr/bin/env bash
# Load the API and the board page on loopback with wrk: 32 connections, 2 threads, 10 s
# per endpoint, on a project of ITEMS items (default 100,000), on SQLite and then on
# PostgreSQL in the same run. Reports requests/s, p50/p99 and the server's peak RSS.
# Needs `wrk` (Debian package) and, for the second half, PostgreSQL on 127.0.0.1:5432.
#
#   bench/api.sh [ITEMS] [sqlite|postgres|both]
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-100000}"
backends="${2:-both}"
port=18088
pg_admin="${CALLSHEET_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p callsheet -p callsheet-bench
run() {
    local name="$1"; shift
    local out
    out=$(wrk -t2 -c32 -d10s --latency "$@")
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    printf '%-44s %10s req/s   p50 %8s   p99 %8s   %s\n' "$name" "$rps" "$p50" "$p99" "$(grep -E 'Non-2xx|non-2xx' <<<"$out" | tr -s ' ' | head -1)"
}
bench_one() {
    local label="$1" url="$2"
    ./target/release/store-bench --database-url "$url" --items "$items" --runs 1 --keep >/dev/null
    local token
    token=$(./target/release/callsheet --database-url "$url" --as p01 --json token create api-bench | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
    # No rate limit: this measures the server, and one token drives all the load.
    CALLSHEET_LOG=warn ./target/release/callsheet --database-url "$url" serve --rate-limit 0 --bind "127.0.0.1:$port" >/dev/null 2>&1 &
    server=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
    local base="http://127.0.0.1:$port/api/v1" auth="Authorization: Bearer $token"
    local q="kind%20%3D%20bug%20AND%20status.category%20!%3D%20done%20ORDER%20BY%20priority%20DESC"
    echo
    echo "## $label: $items items, wrk -t2 -c32 -d10s, $(nproc) cores shared by wrk and the server"
    run "GET /api/v1/items?q=kind = bug ... (first page)" -H "$auth" "$base/items?q=$q&limit=50"
    run "GET /api/v1/projects/BN/items?q=... (first page)" -H "$auth" "$base/projects/BN/items?q=$q&limit=50"
    # The shapes the speed issue measured (first page of 100, one project).
    local s1="status%20%3D%20%22In%20Progress%22%20ORDER%20BY%20priority%20DESC"
    local s2="assignee%20%3D%20p05%20AND%20kind%20%3D%20bug%20ORDER%20BY%20due"
    local s3="title%20~%20%22raven%22%20AND%20status.category%20%3D%20todo"
    run "shape: status = In Progress ORDER BY priority" -H "$auth" "$base/projects/BN/items?q=$s1&limit=100"
    run "shape: assignee AND kind ORDER BY due" -H "$auth" "$base/projects/BN/items?q=$s2&limit=100"
    run "shape: title ~ raven AND category" -H "$auth" "$base/projects/BN/items?q=$s3&limit=100"
    run "GET /api/v1/items/BN-500" -H "$auth" "$base/items/BN-500"
    TOKEN="$token" FIRST_ITEM=1000 SPAN=20000 run "PATCH /api/v1/items/KEY (a new item each)" -s bench/api/patch.lua "$base"
    TOKEN="$token" FIRST_ITEM=50000 SPAN=20000 run "PATCH, 8 connections" -c8 -s bench/api/patch.lua "$base"
    TOKEN="$token" run "POST /api/v1/projects/BN/items (create)" -s bench/api/create.lua "$base"
    TOKEN="$token" run "POST .../items, 8 connections" -c8 -s bench/api/create.lua "$base"
    run "GET /projects/BN/board?q=assignee = me() (HTML)" -H "$auth" "http://127.0.0.1:$port/projects/BN/board?q=assignee%20%3D%20me()"
    run "GET /projects/BN/board (HTML, first 500 cards)" -H "$auth" "http://127.0.0.1:$port/projects/BN/board"
    echo "server peak RSS: $(awk '/VmHWM/ {printf "%d MB", $2/1024}' "/proc/$server/status")"
    kill "$server"; wait "$server" 2>/dev/null || true
}
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
mkdir -p bench/results
exec > >(tee "bench/results/api-$(date -u +%Y%m%dT%H%M%SZ).txt")
echo "# api bench, $(date -u)"
if [[ "$backends" != postgres ]]; then
    rm -f target/api-bench.db*
    bench_one "SQLite" "sqlite://target/api-bench.db"
fi
if [[ "$backends" != sqlite ]]; then
    pg="${pg_admin%/*}/callsheet_api_bench"
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS callsheet_api_bench WITH (FORCE)" 2>/dev/null
    bench_one "PostgreSQL" "$pg"
fi
