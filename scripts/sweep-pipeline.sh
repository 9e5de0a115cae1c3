#!/usr/bin/env bash
# The command-line pattern as one shell pipeline: plan, train (optionally as N parallel shards),
# analyze, plot. Every stage reads and writes files in the sweep folder, so any stage can be re-run
# alone; re-running the whole script skips finished runs.
#
#   scripts/sweep-pipeline.sh [-d SWEEP] [-p PRESET] [-s SHARDS] [key.path=value ...]
#     -d SWEEP   sweep folder (default sweeps/pipeline)
#     -p PRESET  preset name or file (default gpt-tinystories-mock)
#     -s SHARDS  train with this many ff-train processes at once (--shard i/SHARDS; default 1)
#   FF_BIN      folder of ff-plan ... ff-plot (default build/bin)
#
# On a Slurm cluster, replace the train stage by a job array: scripts/slurm-sweep.sbatch.
set -euo pipefail

sweep=sweeps/pipeline
preset=gpt-tinystories-mock
shards=1
while getopts "d:p:s:h" opt; do
  case $opt in
    d) sweep=$OPTARG ;;
    p) preset=$OPTARG ;;
    s) shards=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
bin=${FF_BIN:-build/bin}

# 1. plan: plan.json + config.yaml (the overrides are recorded there for the later stages), plan.txt
mkdir -p "$sweep"
"$bin/ff-plan" --dir "$sweep" --preset "$preset" "$@" > "$sweep/plan.txt"

# 2. train: every run not yet in results.csv, in $shards parallel shards (exit 3: interrupted, resumable)
pids=()
for ((i = 0; i < shards; i++)); do
  "$bin/ff-train" --dir "$sweep" --shard "$i/$shards" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
[ "$status" -eq 0 ] || { echo "sweep-pipeline: ff-train exited $status (run again to resume)" >&2; exit "$status"; }

# 3. analyze: analysis.json, chinchilla.md, chinchilla.csv (the table goes to stdout)
"$bin/ff-analyze" --dir "$sweep"

# 4. plot: plots/*.png, plots/*.svg
"$bin/ff-plot" --dir "$sweep"
