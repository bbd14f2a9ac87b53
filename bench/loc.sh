#!/usr/bin/env bash
# Localization QA and XLIFF against translate-toolkit, in one run, on a generated game
# string table (KEYS keys, default 100,000, in 5 target locales) with seeded defects and
# their ground truth (bench/loc/gen_table.py):
#   - Callsheet's error checks on every cell, and all checks, with CPU time and peak RSS;
#     recall of the seeded defects and errors on clean cells (bench/loc/compare.py);
#   - pofilter on one locale (100,000 cells), the same scores;
#   - XLIFF export and import of one locale: ours against po2xliff and xliff2po.
# Needs translate-toolkit (`pip install translate-toolkit`).
#
#   bench/loc.sh [KEYS]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pofilter >/dev/null || pip install -q translate-toolkit
cargo build --release -p callsheet
keys="${1:-100000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$PWD/target/release/callsheet"
mkdir -p bench/results
exec > >(tee "bench/results/loc-$(date -u +%Y%m%dT%H%M%SZ).txt")
echo "# loc bench, $(date -u), $(nproc) cores, $keys keys"
python3 bench/loc/gen_table.py "$keys" "$work"
# measure LABEL CMD...: wall, CPU (user+sys) and peak RSS of one command.
measure() {
    local label=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
    read -r wall user sys rss < <(tail -1 "$work/time")
    printf '%-44s wall %6.2f s  CPU %6.2f s  peak RSS %5d MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}
cd "$work"
echo "## QA checks"
measure "callsheet loc check --errors-only (5 locales)" "$bin" loc check table.csv --errors-only --format json
"$bin" loc check table.csv --errors-only --format json > ours-errors.json 2>/dev/null || true
echo "   $(python3 "$OLDPWD/bench/loc/compare.py" truth.csv ours-errors.json)"
measure "callsheet loc check, all checks (5 locales)" "$bin" loc check table.csv --format json
"$bin" loc check table.csv --format json > ours.json 2>/dev/null || true
echo "   $(python3 "$OLDPWD/bench/loc/compare.py" truth.csv ours.json)"
echo "   fr alone: $(python3 "$OLDPWD/bench/loc/compare.py" truth.csv ours.json --locale fr)"
csv2po fr.tt.csv fr.po >/dev/null 2>&1
measure "pofilter, default tests (fr only)" pofilter fr.po pofilter-fr.po
pofilter fr.po pofilter-fr.po >/dev/null 2>&1 || true
echo "   $(python3 "$OLDPWD/bench/loc/compare.py" truth.csv pofilter-fr.po --pofilter --locale fr)"
echo "## XLIFF 1.2, one locale ($keys units)"
measure "callsheet loc convert table.csv -> fr.xlf" "$bin" loc convert table.csv ours-fr.xlf --locale fr
"$bin" loc convert table.csv ours-fr.xlf --locale fr >/dev/null
measure "po2xliff fr.po -> fr.xlf" po2xliff fr.po tt-fr.xlf
po2xliff fr.po tt-fr.xlf >/dev/null 2>&1
measure "callsheet loc convert fr.xlf -> fr.po" "$bin" loc convert ours-fr.xlf ours-back.po
measure "xliff2po fr.xlf -> fr.po" xliff2po tt-fr.xlf tt-back.po
measure "callsheet loc check on po2xliff's file" "$bin" loc check tt-fr.xlf --target-locale fr --errors-only --format json
"$bin" loc check tt-fr.xlf --target-locale fr --errors-only --format json > tt-xlf.json 2>/dev/null || true
echo "   $(python3 "$OLDPWD/bench/loc/compare.py" truth.csv tt-xlf.json --locale fr --skip max_length) (translate-toolkit's files carry no length limits)"
"$bin" loc convert table.csv ours-fr2.xlf --locale fr --to-format xliff2 >/dev/null
measure "callsheet loc convert fr.xlf (2.0) -> fr.po" "$bin" loc convert ours-fr2.xlf ours-back2.po
