#!/usr/bin/env bash
# Callsheet against Redmine, the API's speed peer, over the same issues in one run: list
# (two shapes, first page of 100), show at random numbers and create, each with wrk on
# loopback (2 threads, 8 connections, 10 s), then both servers' memory.
#
# Redmine is Debian's package (redmine, redmine-sqlite) on SQLite, served by puma with two
# workers of four threads (one per core, as it recommends) and a 5 s busy timeout (without
# one, concurrent creates fail with "database is locked"); Callsheet is `callsheet serve` on
# SQLite. The issues are store-bench's production (project BN, ITEMS items, default
# 100,000), copied into Redmine by bench/api/redmine_load.py with the same numbers,
# titles, descriptions, dates, trackers, statuses, priorities and assignees.
#
#   bench/api-peer.sh [ITEMS]
#
# API_PEER_SMOKE=1 runs 2,000 items for 2 s per endpoint on debug builds (CI's smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-100000}"
secs=10
profile=release
if [[ -n ${API_PEER_SMOKE:-} ]]; then items=2000; secs=2; profile=debug; fi
port=18089
rport=18090
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
if ! command -v puma >/dev/null || [[ ! -d /usr/share/redmine ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redmine redmine-sqlite puma >/dev/null
fi
if [[ $profile == release ]]; then
    cargo build --release -p callsheet -p callsheet-bench
else
    cargo build -p callsheet -p callsheet-bench
fi
bin="${CARGO_TARGET_DIR:-$PWD/target}/$profile"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p bench/results
out="bench/results/api-peer-$(date -u +%Y%m%dT%H%M%SZ).txt"
[[ -n ${API_PEER_SMOKE:-} ]] && out="$work/smoke.txt"
exec > >(tee "$out")
echo "# api-peer bench, $items items, $(date -u), $(nproc) cores shared by wrk and the server"

# The same production in both.
db="$work/callsheet.db"
"$bin/store-bench" --database-url "sqlite://$db" --items "$items" --runs 1 --keep >/dev/null
token=$("$bin/callsheet" --database-url "sqlite://$db" --as p01 --json token create api-peer |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
key=$(python3 -c 'import secrets; print(secrets.token_hex(20))')
pristine=/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default
cp "$pristine" "$work/redmine.db"
python3 bench/api/redmine_load.py "$db" "$work/redmine.db" "$key"
p05=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM users WHERE login = 'p05'\").fetchone()[0])" "$work/redmine.db")

CALLSHEET_LOG=warn "$bin/callsheet" --database-url "sqlite://$db" serve --rate-limit 0 --bind "127.0.0.1:$port" >/dev/null 2>&1 &
ours=$!
(cd /usr/share/redmine && RAILS_ENV=production REDMINE_INSTANCE=default DATABASE_URL="sqlite3:$work/redmine.db?timeout=5000" \
    exec puma -e production -b "tcp://127.0.0.1:$rport" -w 2 -t 4:4 --silent) >"$work/puma.log" 2>&1 &
theirs=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
for _ in $(seq 1 240); do
    curl -sf -H "X-Redmine-API-Key: $key" "http://127.0.0.1:$rport/issues.json?limit=1" >/dev/null && break
    sleep 0.5
done
curl -sf -H "X-Redmine-API-Key: $key" "http://127.0.0.1:$rport/issues.json?limit=1" >/dev/null ||
    { echo "redmine did not start:"; tail -20 "$work/puma.log"; exit 1; }

# Both servers answer a few of each request first: Redmine compiles its views and
# warms its caches on first use.
for _ in 1 2 3 4 5; do
    curl -sf -o /dev/null -H "X-Redmine-API-Key: $key" "http://127.0.0.1:$rport/issues.json?project_id=bn&status_id=2&sort=priority:desc,id:desc&limit=100" || true
    curl -sf -o /dev/null -H "X-Redmine-API-Key: $key" "http://127.0.0.1:$rport/issues/1.json" || true
done

# rps WRK-ARGS...: successful requests/s of one wrk run (2xx and 3xx only), with a note
# of any failures. Redmine on SQLite fails some concurrent creates with "database is
# locked" (a deferred transaction cannot wait to upgrade to a write); those do not count.
rps() {
    local o
    o=$(wrk -t2 -c8 -d"${secs}s" --timeout 30s --latency "$@")
    if grep -qE 'Non-2xx|Socket errors' <<<"$o"; then
        echo "failures in a run ($*): $(grep -E 'Non-2xx|Socket errors' <<<"$o" | tr -s ' ')" >&2
    fi
    awk '/requests in/ {n = $1; t = $4 + 0} /Non-2xx/ {bad = $NF} END {printf "%.1f\n", (n - bad) / t}' <<<"$o"
}
line() {
    local ratio=n/a
    [[ $(echo "$3 > 0" | bc) == 1 ]] && ratio=$(printf '%.0fx' "$(echo "$2 / $3" | bc -l)")
    printf '%-46s callsheet %9.1f req/s   redmine %7.1f req/s   %7s\n' "$1" "$2" "$3" "$ratio"
}
base="http://127.0.0.1:$port/api/v1"
rbase="http://127.0.0.1:$rport"
auth="Authorization: Bearer $token"
rauth="X-Redmine-API-Key: $key"
q1="status%20%3D%20%22In%20Progress%22%20ORDER%20BY%20priority%20DESC"
a=$(rps -H "$auth" "$base/projects/BN/items?q=$q1&limit=100")
b=$(rps -H "$rauth" "$rbase/issues.json?project_id=bn&status_id=2&sort=priority:desc,id:desc&limit=100")
line "list: in progress by priority (100)" "$a" "$b"
q2="assignee%20%3D%20p05%20AND%20kind%20%3D%20bug%20ORDER%20BY%20due"
a=$(rps -H "$auth" "$base/projects/BN/items?q=$q2&limit=100")
b=$(rps -H "$rauth" "$rbase/issues.json?project_id=bn&assigned_to_id=$p05&tracker_id=1&status_id=*&sort=due_date&limit=100")
line "list: one person's bugs by due date (100)" "$a" "$b"
a=$(PATH_FMT="/api/v1/items/BN-%d" ITEMS="$items" AUTH_HEADER=Authorization AUTH_VALUE="Bearer $token" \
    rps -s bench/api/show.lua "http://127.0.0.1:$port")
b=$(PATH_FMT="/issues/%d.json" ITEMS="$items" AUTH_HEADER=X-Redmine-API-Key AUTH_VALUE="$key" \
    rps -s bench/api/show.lua "$rbase")
line "show one at a random number" "$a" "$b"
a=$(TOKEN="$token" rps -s bench/api/create.lua "$base")
b=$(TOKEN="$key" rps -s bench/api/redmine_create.lua "$rbase")
line "create" "$a" "$b"
rss_ours=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$ours/status")
rss_theirs=$(ps -o rss= --ppid "$theirs" -p "$theirs" | awk '{s += $1} END {print int(s / 1024)}')
echo "memory: callsheet peak RSS ${rss_ours} MB; redmine (puma, all processes) RSS ${rss_theirs} MB"
