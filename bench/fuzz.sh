#!/usr/bin/env bash
# Fuzzes every parser a person can hand input to (the query language with its resolver
# and SQL compiler, CSV, PO, XLIFF 1.2 and 2.0, XLSX, MSPDI and the plan file with the
# scheduler) with bench/fuzz, a mutation fuzzer on stable Rust, in a release build like the
# server's. Each target runs in a child process under a 4 GiB address-space limit, so a
# stack overflow or a memory blow-up is a crash; a crash is replayed to save its input.
# Findings go to bench/results/fuzz/, the summary to bench/results/fuzz-DATE.txt.
#
#   bench/fuzz.sh [ITERATIONS] [TARGET...]      # 1,000,000 per target by default
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p callsheet-fuzz
iterations="${1:-1000000}"
shift || true
mkdir -p bench/results
exec > >(tee "bench/results/fuzz-$(date -u +%Y%m%dT%H%M%SZ).txt")
echo "# fuzz, $(date -u), $(nproc) cores, $iterations inputs per target, commit $(git rev-parse --short HEAD)"
ulimit -v $((4 * 1024 * 1024))
target/release/callsheet-fuzz --iterations "$iterations" --out bench/results/fuzz "$@"
