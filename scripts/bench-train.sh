#!/usr/bin/env bash
# Training throughput of a preset's models on this machine: plans the preset (default
# gpt-tinystories-cpu) into a temporary folder, then runs bench/bench_train.cpp on the smallest,
# the middle and the largest architecture of the plan, with the plan's batch size. It prints the
# fp32 matmul rate measured here (2048^3, all threads), the BLAS and allocator loaded, and per model
# tokens/s, achieved FLOP/s (6 N + 6 n_layers T d_model per token: ff::flops_per_token_with_attention)
# and their ratio to the matmul rate.
#
#   scripts/bench-train.sh [PRESET] [extra bench_train options, e.g. --steps 20 --threads 1]
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
"$BUILD/bin/bench_train" --plan "$tmp/plan.json" "$@"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
