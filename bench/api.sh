#!/usr/bin/env bash
# Load the API on loopback with wrk: 32 connections, 2 threads, 10 s per endpoint, on a
# project of ITEMS items (default 100,000) in SQLite. Reports requests/s, p50/p99 and
# the server's peak RSS. Needs `wrk` (Debian package).
#
#   bench/api.sh [ITEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-100000}"
port=18088
db=target/api-bench.db
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p callsheet -p callsheet-bench
./target/release/store-bench --database-url "sqlite://$db" --items "$items" --runs 1 >/dev/null
token=$(./target/release/callsheet --database-url "$db" --as p01 --json token create api-bench | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
./target/release/callsheet --database-url "$db" serve --bind "127.0.0.1:$port" >/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port/api/v1"
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
mkdir -p bench/results
exec > >(tee "bench/results/api-$(date -u +%Y%m%dT%H%M%SZ).txt")
echo "# api bench: $items items, SQLite, wrk -t2 -c32 -d10s, $(date -u), $(nproc) cores shared by wrk and the server"
run "GET items?q=kind = bug ... (first page)" -H "Authorization: Bearer $token" \
    "$base/projects/BN/items?q=kind%20%3D%20bug%20AND%20status.category%20!%3D%20done%20ORDER%20BY%20priority%20DESC&limit=50"
run "GET /items/BN-500" -H "Authorization: Bearer $token" "$base/items/BN-500"
TOKEN="$token" FIRST_ITEM=1000 run "PATCH /items/KEY (a new item each time)" -s bench/api/patch.lua "$base"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%d MB", $2/1024}' "/proc/$server/status")"
