#!/usr/bin/env bash
# Leveling against TaskJuggler 3 over many generated plans: sizes, team sizes, team shapes
# and seeds vary, so one lucky plan cannot carry the result. Every task is effort-driven by
# one person, with finish-to-start links (tj3 cannot level start-to-start links between
# effort tasks). For each plan check_level.py verifies our result independently (nobody on
# two tasks at once, every link kept) and gives both finishes and the lower bound: the
# larger of the unleveled critical path and the busiest person's own work.
#
#   bench/level.sh [PLANS]     PLANS defaults to 24; LEVEL_SMOKE=1 runs two small plans
#
# CALLSHEET_BIN names a callsheet binary to use instead of building the release one (CI's
# smoke uses the debug build the tests made).
#
# Needs tj3 (`apt-get install tj3`); about five minutes for 24 plans on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tj3 >/dev/null || { apt-get update -qq && apt-get install -y -qq tj3; }
[[ -n ${CALLSHEET_BIN:-} ]] || cargo build --release -p callsheet
plans=${1:-24}
sizes=(500 1000 2000)
teams=(even skewed departments)
per=(30 80 160)
if [[ -n ${LEVEL_SMOKE:-} ]]; then plans=2; sizes=(200); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="${CALLSHEET_BIN:-$PWD/target/release/callsheet}"
mkdir -p bench/results
out="bench/results/level-$(date -u +%Y%m%dT%H%M%SZ).txt"
[[ -n ${LEVEL_SMOKE:-} ]] && out="$work/smoke.txt"
exec > >(tee "$out")
echo "# leveling against tj3, $(date -u), $(nproc) cores; finishes in working days; times whole-process"
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
printf '%4s %5s %6s %-11s %7s %7s %7s %7s %7s %8s %8s %s\n' seed tasks people team ours tj3 bound 'ours/tj3' 'ours/lb' 'ours s' 'tj3 s' violations
: > "$work/all.jsonl"
for ((seed = 1; seed <= plans; seed++)); do
    n=${sizes[$((seed % ${#sizes[@]}))]}
    team=${teams[$(((seed / 3) % 3))]}
    people=$((n / ${per[$(((seed / 9) % 3))]}))
    ((people >= 2)) || people=2
    python3 bench/schedule/gen_plan.py "$n" "$work/p" --seed "$seed" --people "$people" --links fs --team "$team"
    cp "$work/p.tjp" "$work/plan.tjp"
    rm -f "$work/tj3.csv"
    ours=$(seconds "$bin" schedule "$work/p.json" --level --format csv)
    "$bin" schedule "$work/p.json" --level --format csv > "$work/ours.csv"
    "$bin" schedule "$work/p.json" --format csv > "$work/cpm.csv"
    tj=$(cd "$work" && seconds tj3 --silent plan.tjp 2>/dev/null)
    [[ -s $work/tj3.csv ]] || { echo "seed $seed: tj3 gave no schedule"; exit 1; }
    result=$(cd bench/schedule && python3 check_level.py "$work/p.json" "$work/ours.csv" "$work/tj3.csv" --cpm "$work/cpm.csv" --json)
    echo "$result" | python3 -c "
import json, sys
r = json.load(sys.stdin)
r.update(seed=$seed, tasks=$n, people=$people, team='$team', ours_s=$ours, tj3_s=$tj)
print(json.dumps(r))" >> "$work/all.jsonl"
    echo "$result" | python3 -c "
import json, sys
r = json.load(sys.stdin)
print('%4d %5d %6d %-11s %7.1f %7.1f %7.1f %8.3f %7.3f %8.3f %8.2f %d' % ($seed, $n, $people, '$team',
      r['callsheet'], r['tj3'], r['bound'], r['callsheet'] / r['tj3'], r['callsheet'] / r['bound'],
      $ours, $tj, r['violations']))"
done
python3 - "$work/all.jsonl" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ratio = sorted(r["callsheet"] / r["tj3"] for r in rows)
over = [r["callsheet"] / r["bound"] for r in rows]
worst = max(rows, key=lambda r: r["callsheet"] / r["tj3"])
speed = [r["tj3_s"] / r["ours_s"] for r in rows]
print(f"plans {len(rows)}; violations {sum(r['violations'] for r in rows)}")
print(f"callsheet/tj3 finish: best {ratio[0]:.3f}, median {statistics.median(ratio):.3f}, worst {ratio[-1]:.3f}"
      f" (seed {worst['seed']}, {worst['tasks']} tasks, {worst['people']} people, {worst['team']})")
print(f"later than tj3 in {sum(1 for x in ratio if x > 1.0005)} plans, earlier in {sum(1 for x in ratio if x < 0.9995)}")
print(f"callsheet/lower bound: median {statistics.median(over):.3f}, worst {max(over):.3f}")
print(f"tj3 time / callsheet time: median {statistics.median(speed):.0f}x, "
      f"slowest callsheet run {max(r['ours_s'] for r in rows):.3f} s")
if any(r["violations"] for r in rows):
    sys.exit(1)
EOF
