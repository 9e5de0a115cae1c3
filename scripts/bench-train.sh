#!/usr/bin/env bash
# Training throughput on this machine, in three parts (bench/bench_train.cpp measures each model
# with ff-train's own loop):
#   1. a preset's models (default gpt-tinystories-cpu: planned into a temporary folder; its
#      smallest, middle and largest architecture, with the plan's batch size), one run on all cores
#      (train.jobs=1);
#   2. the same, one run per core side by side, one thread each (train.jobs=<cores>: what the CPU
#      preset does), their tokens/s and FLOP/s summed;
#   3. flops-fit against the PyTorch peer (../shared/peers/torch_gpt_bench.py or $PEER: the same GPT
#      in Python PyTorch eager on Debian's python3-torch, the same libtorch) on four shapes, the two
#      alternating, $ROUNDS rounds (default 2), under the same OMP_WAIT_POLICY: cfg A (V 512, d 128,
#      4 layers, T 256, B 16, all cores), cfg B (V 50257, d 256, 6 layers, T 256, B 8, all cores),
#      and the demo's smallest (d 16, 1 layer) and d 64 / 4 layers (T 128, B 8, 1 thread).
#      Skipped, with one line saying so, when /usr/bin/python3 cannot import torch.
# bench_train prints the fp32 matmul rate measured warm at 2048^3 and at each model's own matrix
# shapes, the BLAS and allocator loaded, and per model tokens/s, the multiply work done per token
# (matrix products without the embedding lookup, plus attention's q.k^T and weighted sum of v over
# the causal triangle) and its rate as a share of both matmul rates.
#
#   scripts/bench-train.sh [--no-peer | --peer-only] [PRESET] [extra bench_train options, e.g. --steps 20]
#
# Environment: BUILD (default build dir); ROUNDS; PEER (the peer script); OMP_WAIT_POLICY (unset:
# bench_train, like ff-train, chooses one: see README, "Training speed").
# Figures on a shared machine vary by 10-40% between runs: compare within one run, and look at
# the load average printed at the start and the end.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ROUNDS=${ROUNDS:-2}
PEER=${PEER:-../shared/peers/torch_gpt_bench.py}
parts="preset peer"
case "${1:-}" in
  --no-peer) parts="preset"; shift ;;
  --peer-only) parts="peer"; shift ;;
esac
PRESET=${1:-gpt-tinystories-cpu}
shift || true

if [[ ! -x $BUILD/bin/bench_train || ! -x $BUILD/bin/ff-plan ]]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target bench_train ff-plan
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "$(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

preset_part() {
  "$BUILD/bin/ff-plan" --preset "$PRESET" --dir "$tmp" >/dev/null 2>&1
  echo
  echo "## 1. preset $PRESET: one run at a time on all cores (train.jobs=1)"
  "$BUILD/bin/bench_train" --plan "$tmp/plan.json" "$@" | tee "$tmp/one.txt"

  local jobs
  jobs=$(nproc)
  echo
  echo "## 2. preset $PRESET: $jobs runs side by side, 1 thread each (train.jobs=$jobs), summed"
  for k in $(seq 1 "$jobs"); do
    "$BUILD/bin/bench_train" --plan "$tmp/plan.json" --threads 1 "$@" >"$tmp/job$k.txt" &
  done
  wait
  local square
  square=$(sed -n 's/.*fp32 matmul 2048^3 (warm): \([0-9.]*\) GFLOP\/s.*/\1/p' "$tmp/one.txt")
  echo "| vocab | d | L | H | T | B | params | matmul FLOP/token | tok/s | GFLOP/s | of 2048^3 on all cores ($square GFLOP/s) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  cat "$tmp"/job*.txt | awk -F'|' -v square="$square" '
    $2 ~ /^ *[0-9]+ *$/ {
      key = $2 "|" $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 "|" $9
      if (!(key in toks)) order[n++] = key
      toks[key] += $10; gflops[key] += $11
    }
    END {
      for (i = 0; i < n; ++i) {
        k = order[i]
        printf "|%s| %.0f | %.1f | %.0f%% |\n", k, toks[k], gflops[k], 100 * gflops[k] / square
      }
    }'
}

# One shape: flops-fit and the peer alternating, ROUNDS times each; prints each measurement and
# the median ratio. Arguments: name threads steps vocab d layers heads T B.
peer_shape() {
  local name=$1 threads=$2 steps=$3
  shift 3
  local ours=() theirs=() line policy
  for round in $(seq 1 "$ROUNDS"); do
    line=$("$BUILD/bin/bench_train" --threads "$threads" --steps "$steps" "$@")
    policy=$(sed -n 's/.*OMP_WAIT_POLICY \([A-Za-z()]*\),.*/\1/p' <<<"$line")
    ours+=("$(awk -F'|' '$2 ~ /^ *[0-9]+ *$/ { print $10 + 0 }' <<<"$line")")
    echo "$name round $round flops-fit: $(awk -F'|' '$2 ~ /^ *[0-9]+ *$/ { gsub(/^ +| +$/, "", $12); gsub(/ /, "", $13); gsub(/ /, "", $14); printf "%s tok/s, %s GFLOP/s, %s of the matmul rate at its shapes (%s), %s of 2048^3", $10+0, $11+0, $13, $12, $14 }' <<<"$line") (OMP_WAIT_POLICY $policy)"
    [[ $policy == "(unset)" ]] && policy=""
    line=$(OMP_WAIT_POLICY=$policy /usr/bin/python3 "$PEER" "$@" "$steps" "$threads")
    theirs+=("$(sed -n 's/.* tok\/s \([0-9.]*\) .*/\1/p' <<<"$line")")
    echo "$name round $round pytorch:   $line"
  done
  printf '%s\n' "${ours[@]}" | sort -n >"$tmp/ours"
  printf '%s\n' "${theirs[@]}" | sort -n >"$tmp/theirs"
  awk -v name="$name" -v threads="$threads" 'NR == FNR { a[n++] = $1; next } { b[m++] = $1 }
    END { x = (n % 2) ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2
          y = (m % 2) ? b[(m - 1) / 2] : (b[m / 2 - 1] + b[m / 2]) / 2
          printf "| %s | %d | %.0f | %.0f | %.2fx |\n", name, threads, x, y, x / y >> "/dev/stderr" }' \
    "$tmp/ours" "$tmp/theirs" 2>>"$tmp/summary"
}

peer_part() {
  echo
  echo "## 3. flops-fit against the PyTorch peer ($PEER), alternating, $ROUNDS rounds"
  if ! /usr/bin/python3 -c 'import torch' 2>/dev/null || [[ ! -f $PEER ]]; then
    echo "skipped: /usr/bin/python3 cannot import torch or $PEER is missing (apt-get install python3-torch)"
    return
  fi
  local cores
  cores=$(nproc)
  : >"$tmp/summary"
  peer_shape "cfg A" "$cores" 10 512 128 4 4 256 16
  peer_shape "cfg B" "$cores" 4 50257 256 6 4 256 8
  peer_shape "demo d16 L1" 1 40 257 16 1 2 128 8
  peer_shape "demo d64 L4" 1 20 257 64 4 8 128 8
  echo
  echo "| shape | threads | flops-fit tok/s (median) | PyTorch tok/s (median) | ratio |"
  echo "|---|---:|---:|---:|---:|"
  cat "$tmp/summary"
}

for part in $parts; do
  "${part}_part" "$@"
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
