#!/usr/bin/env bash
# Training throughput of a preset's models on this machine: plans the preset (default
# gpt-tinystories-cpu) into a temporary folder, then runs bench/bench_train.cpp on the smallest,
# the middle and the largest architecture of the plan, with the plan's batch size, two ways:
#   1. one run on all cores (train.jobs=1), and
#   2. one run per core side by side, one thread each (train.jobs=<cores>: what the CPU preset does),
#      their tokens/s and FLOP/s summed.
# It prints the fp32 matmul rate measured here (2048^3, all threads), the BLAS and allocator loaded,
# and per model tokens/s, achieved FLOP/s (6 N + 6 n_layers T d_model per token:
# ff::flops_per_token_with_attention) and their ratio to that matmul rate.
#
#   scripts/bench-train.sh [PRESET] [extra bench_train options, e.g. --steps 20]
#
# Environment: BUILD (default build dir); OMP_WAIT_POLICY (bench_train, like ff-train, sets PASSIVE
# when it is unset: see README, "Training speed").
# Figures on a shared machine vary by 10-40% between runs: compare within one run, and look at
# the load average printed at the start and the end.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PRESET=${1:-gpt-tinystories-cpu}
shift || true

if [[ ! -x $BUILD/bin/bench_train || ! -x $BUILD/bin/ff-plan ]]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target bench_train ff-plan
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BUILD/bin/ff-plan" --preset "$PRESET" --dir "$tmp" >/dev/null 2>&1

echo "preset $PRESET; $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "## 1. one run at a time on all cores (train.jobs=1)"
"$BUILD/bin/bench_train" --plan "$tmp/plan.json" "$@" | tee "$tmp/one.txt"

jobs=$(nproc)
echo
echo "## 2. $jobs runs side by side, 1 thread each (train.jobs=$jobs), summed"
for k in $(seq 1 "$jobs"); do
  "$BUILD/bin/bench_train" --plan "$tmp/plan.json" --threads 1 "$@" >"$tmp/job$k.txt" &
done
wait
ceiling=$(sed -n 's/.*fp32 matmul 2048^3: \([0-9.]*\) GFLOP\/s.*/\1/p' "$tmp/one.txt")
echo "| vocab | d | L | H | T | B | params | FLOP/token | tok/s | GFLOP/s | of matmul ($ceiling GFLOP/s, all cores) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
cat "$tmp"/job*.txt | awk -F'|' -v ceiling="$ceiling" '
  $2 ~ /^ *[0-9]+ *$/ {
    key = $2 "|" $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 "|" $9
    if (!(key in toks)) order[n++] = key
    toks[key] += $10; gflops[key] += $11
  }
  END {
    for (i = 0; i < n; ++i) {
      k = order[i]
      printf "|%s| %.0f | %.1f | %.0f%% |\n", k, toks[k], gflops[k], 100 * gflops[k] / ceiling
    }
  }'
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
