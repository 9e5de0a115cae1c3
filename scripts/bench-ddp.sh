#!/usr/bin/env bash
# Data-parallel throughput on this machine: the same runs trained by 1 process and by 2 ranks
# (c10d over Gloo on 127.0.0.1, as torchrun starts them), one LibTorch thread per process,
# alternating twice. Prints each run's training tokens/s (the mean of curve.csv's
# tokens_per_second: the whole batch per step time, evaluations excluded) for 1 and 2 ranks.
#
#   scripts/bench-ddp.sh [BUDGET]     (default 2e11: runs of d 16-32 from the CPU preset, ~1K steps)
#
# Environment: BUILD (default build). Figures on a shared machine vary: look at the load average
# printed at the start and the end, and compare within one run.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BUDGET=${1:-2e11}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
settings=(train.jobs=1 train.threads=1 data.builtin_train_tokens=4000000 data.builtin_valid_tokens=20000
          train.eval_tokens=2048 data.cache_dir="$tmp/cache")

"$BUILD/bin/ff-plan" --dir "$tmp/plan" --preset gpt-tinystories-cpu "compute.budgets=[$BUDGET]" sizes.num=3 \
  sizes.span=2 > "$tmp/plan.txt" 2>&1
"$BUILD/bin/ff-train" --dir "$tmp/plan" --prepare-data "${settings[@]}" 2> /dev/null
echo "budget $BUDGET; $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
sed -n '/^run_id/,$p' "$tmp/plan.txt"

sweep() {  # sweep NAME: a fresh copy of the planned folder (plan.json, config.yaml)
  cp -r "$tmp/plan" "$tmp/$1"
  echo "$tmp/$1"
}
for round in 1 2; do
  "$BUILD/bin/ff-train" --dir "$(sweep one$round)" "${settings[@]}" 2> "$tmp/one$round.log"
  dir=$(sweep two$round)
  port=$((29500 + RANDOM % 1000))
  for rank in 0 1; do
    WORLD_SIZE=2 RANK=$rank LOCAL_RANK=$rank MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
      "$BUILD/bin/ff-train" --dir "$dir" "${settings[@]}" 2> "$tmp/two$round.$rank.log" &
  done
  wait
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

mean_tok_s() { awk -F, 'NR > 1 && $7 > 0 { s += $7; n++ } END { printf "%.0f", s / n }' "$1"; }
printf '%-26s %12s %12s %12s %12s %7s\n' run "1 rank (1)" "2 ranks (1)" "1 rank (2)" "2 ranks (2)" ratio
for curve in "$tmp"/one1/runs/*/curve.csv; do
  id=$(basename "$(dirname "$curve")")
  a1=$(mean_tok_s "$tmp/one1/runs/$id/curve.csv"); b1=$(mean_tok_s "$tmp/two1/runs/$id/curve.csv")
  a2=$(mean_tok_s "$tmp/one2/runs/$id/curve.csv"); b2=$(mean_tok_s "$tmp/two2/runs/$id/curve.csv")
  printf '%-26s %12s %12s %12s %12s %7s\n' "$id" "$a1" "$b1" "$a2" "$b2" \
    "$(awk -v a="$((a1 + a2))" -v b="$((b1 + b2))" 'BEGIN { printf "%.2f", b / a }')"
done
echo "tokens/s of training (whole batch per step); ratio: 2 ranks / 1 rank over both rounds"
