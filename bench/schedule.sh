#!/usr/bin/env bash
# Callsheet's scheduler against TaskJuggler 3 on the same generated plans: every task's
# start and finish must be identical (compared in working time), and we report the
# whole-process time of each (parse, schedule, write the result) in the same run.
# Needs tj3 (`apt-get install tj3`). Sizes default to 1000 5000 20000; tj3 needs about
# four minutes for 20,000 tasks on this machine. 100,000 tasks run Callsheet alone.
#
# Then MPXJ (`pip install mpxj JPype1`, Java): MS Project's scheduling rules, all four link
# types and leads, compared with float and critical flags, and timed whole-process.
#
# Then leveling: the same kind of plan with every task effort-driven by one of N people
# (one per 80 tasks) and finish-to-start links (tj3 cannot level start-to-start links
# between effort tasks: "This condition could not be met"). check_level.py verifies our
# result independently (nobody on two tasks at once, every link kept) and compares the
# finish with tj3's. LEVEL_SIZES defaults to "1000 5000"; 20,000 runs Callsheet alone.
#
# Then reading MSPDI against reading the JSON plan file (MSPDI_SIZE tasks, default 5,000):
# the same plan in both, each scheduled whole-process (best of five), with MPXJ on the
# same MSPDI file and tj3 on the same plan.
#
#   bench/schedule.sh [SIZES...]          PARTS="cpm mpxj mspdi level" picks what runs
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tj3 >/dev/null || { apt-get update -qq && apt-get install -y -qq tj3; }
cargo build --release -p callsheet
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 5000 20000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$PWD/target/release/callsheet"
mkdir -p bench/results
exec > >(tee "bench/results/schedule-$(date -u +%Y%m%dT%H%M%SZ).txt")
echo "# schedule bench, $(date -u), $(nproc) cores; times are whole-process wall clock"
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
parts="${PARTS:-cpm mpxj mspdi level}"
for n in "${sizes[@]}"; do
    [[ $parts == *cpm* ]] || break
    python3 bench/schedule/gen_plan.py "$n" "$work/p$n"
    (cd "$work" && cp "p$n.tjp" plan.tjp)
    ours=$(seconds "$bin" schedule "$work/p$n.json" --format csv)
    "$bin" schedule "$work/p$n.json" --format csv > "$work/ours$n.csv"
    tj=$(cd "$work" && seconds tj3 --silent plan.tjp)
    cp "$work/tj3.csv" "$work/tj3-$n.csv"
    links=$(python3 -c "import json,sys; p=json.load(open(sys.argv[1])); print(sum(len(t.get('depends',[])) for t in p['tasks']))" "$work/p$n.json")
    verdict=$(python3 bench/schedule/compare.py "$work/p$n.json" "$work/ours$n.csv" "$work/tj3-$n.csv" | head -1)
    printf '%6s tasks %6s links: callsheet %7.3f s, tj3 %8.2f s, tj3/callsheet %6.0fx; %s\n' \
        "$n" "$links" "$ours" "$tj" "$(echo "$tj / $ours" | bc -l)" "$verdict"
done
# MPXJ's MS Project scheduler on plans with all four link types and leads, as MSPDI: the
# file MPXJ itself rewrote (`--rewrite`) is what we schedule, so both read the same file.
if [[ $parts != *mpxj* ]]; then
    :
elif python3 -c "import mpxj, jpype" 2>/dev/null; then
    for n in "${sizes[@]}"; do
        python3 bench/schedule/gen_plan.py "$n" "$work/m$n" --links fs,ss,ff,sf --leads
        # MPXJ schedules the generated file and rewrites it with its own writer; we read
        # the rewritten one (MPXJ's scheduler refuses its own rewrite: milestones lose
        # their ActualDuration).
        python3 bench/schedule/mpxj_schedule.py "$work/m$n.xml" 2027-02-01T08:00 --uid --rewrite "$work/mpxj$n.xml" > "$work/mpxj$n.csv" 2>/dev/null
        # Timed on the same file: the generated one (MPXJ's rewrite is 3.5 times larger).
        theirs=$(seconds python3 bench/schedule/mpxj_schedule.py "$work/m$n.xml" 2027-02-01T08:00 --uid)
        ours=$(seconds "$bin" schedule "$work/m$n.xml" --format csv)
        "$bin" schedule "$work/mpxj$n.xml" --format csv > "$work/oursm$n.csv" 2>/dev/null
        verdict=$(python3 bench/schedule/compare.py "$work/m$n.json" "$work/oursm$n.csv" "$work/mpxj$n.csv" | head -1)
        printf 'mpxj %6s tasks (fs/ss/ff/sf, leads): callsheet %7.3f s, mpxj %7.2f s, mpxj/callsheet %5.0fx; %s (dates, float, critical)\n' \
            "$n" "$ours" "$theirs" "$(echo "$theirs / $ours" | bc -l)" "$verdict"
    done
else
    echo "mpxj: skipped (pip install mpxj JPype1)"
fi
if [[ $parts == *mspdi* ]]; then
    n=${MSPDI_SIZE:-5000}
    python3 bench/schedule/gen_plan.py "$n" "$work/x$n"
    best() { local b=999 t; for _ in 1 2 3 4 5; do t=$(seconds "$@"); b=$(echo "if ($t < $b) $t else $b" | bc); done; echo "$b"; }
    json=$(best "$bin" schedule "$work/x$n.json" --format csv)
    xml=$(best "$bin" schedule "$work/x$n.xml" --format csv)
    (cd "$work" && cp "x$n.tjp" plan.tjp)
    tj=$(cd "$work" && seconds tj3 --silent plan.tjp)
    mpxj=nan
    if python3 -c "import mpxj, jpype" 2>/dev/null; then
        mpxj=$(seconds python3 bench/schedule/mpxj_schedule.py "$work/x$n.xml" 2027-02-01T08:00 --uid)
    fi
    printf 'mspdi %6s tasks: callsheet from MSPDI %6.3f s (%s bytes), from the JSON plan %6.3f s (%s bytes): MSPDI/JSON %4.2fx; mpxj from the same MSPDI %6.2f s (%5.0fx ours); tj3 from the same plan %6.2f s (%5.0fx ours)\n' \
        "$n" "$xml" "$(stat -c %s "$work/x$n.xml")" "$json" "$(stat -c %s "$work/x$n.json")" "$(echo "$xml / $json" | bc -l)" \
        "$mpxj" "$(echo "$mpxj / $xml" | bc -l 2>/dev/null || echo 0)" "$tj" "$(echo "$tj / $xml" | bc -l)"
fi
if [[ $parts == *cpm* ]]; then
python3 bench/schedule/gen_plan.py 100000 "$work/big"
links=$(python3 -c "import json,sys; p=json.load(open(sys.argv[1])); print(sum(len(t.get('depends',[])) for t in p['tasks']))" "$work/big.json")
ours=$(seconds "$bin" schedule "$work/big.json" --format csv)
printf '100000 tasks %6s links: callsheet %7.3f s (no tj3 run)\n' "$links" "$ours"
fi

for n in ${LEVEL_SIZES:-1000 5000}; do
    [[ $parts == *level* ]] || break
    people=$((n / 80))
    python3 bench/schedule/gen_plan.py "$n" "$work/l$n" --people "$people" --links fs
    (cd "$work" && cp "l$n.tjp" plan.tjp)
    ours=$(seconds "$bin" schedule "$work/l$n.json" --level --format csv)
    "$bin" schedule "$work/l$n.json" --level --format csv > "$work/lours$n.csv"
    tj=$(cd "$work" && seconds tj3 --silent plan.tjp)
    verdict=$(cd bench/schedule && python3 check_level.py "$work/l$n.json" "$work/lours$n.csv" "$work/tj3.csv" | head -1)
    printf 'leveling %6s tasks %4s people: callsheet %6.3f s, tj3 %8.2f s, %6.0fx; %s\n' \
        "$n" "$people" "$ours" "$tj" "$(echo "$tj / $ours" | bc -l)" "$verdict"
done
[[ $parts == *level* ]] || exit 0
python3 bench/schedule/gen_plan.py 20000 "$work/l20000" --people 250 --links fs,ss
ours=$(seconds "$bin" schedule "$work/l20000.json" --level --format csv)
"$bin" schedule "$work/l20000.json" --level --format csv > "$work/lours20000.csv"
verdict=$(cd bench/schedule && python3 check_level.py "$work/l20000.json" "$work/lours20000.csv" | head -1)
printf 'leveling  20000 tasks  250 people (fs and ss links): callsheet %6.3f s (no tj3 run); %s\n' "$ours" "$verdict"
