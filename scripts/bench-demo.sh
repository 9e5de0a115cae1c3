#!/usr/bin/env bash
# make demo's sweep (the 16 runs of presets/gpt-tinystories-cpu.yaml) timed with this build's
# ff-train and, given a second build's bin folder, with that one right after: ff-train's wall time,
# the sum of the runs' own training times (results.csv wall_seconds) and the load average at start
# and end. Measure on an otherwise idle machine; each sweep takes 3-7 minutes on 2 cores.
#
#   scripts/bench-demo.sh [BASELINE_BIN_DIR]     e.g. a worktree of an older commit: ../old/build/bin
#
# Each build plans and trains from its own source tree (BIN_DIR/../..), with that tree's preset.
# Environment: BIN (this build's bin folder, default build/bin), OUT (where the sweeps go; default
# a temporary folder, removed at the end unless KEEP=1).
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${BIN:-build/bin}
baseline=${1:-}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ -x "$bin/ff-train" ] || { echo "bench-demo: no $bin/ff-train (build first: make build)" >&2; exit 1; }
if [ -n "$baseline" ] && [ ! -x "$baseline/ff-train" ]; then
  echo "bench-demo: no $baseline/ff-train" >&2
  exit 1
fi

load() { cut -d' ' -f1 /proc/loadavg; }

# time_sweep NAME BIN_DIR: plans the preset into $out/NAME with BIN_DIR's ff-plan and times its
# ff-train, both run in BIN_DIR's source tree.
time_sweep() {
  local name=$1 dir sweep="$out/$1"
  dir=$(cd "$2" && pwd)
  cd "$dir/../.."
  rm -rf "$sweep"
  "$dir/ff-plan" --preset gpt-tinystories-cpu --dir "$sweep" -q > /dev/null
  local load0 start end
  load0=$(load)
  start=$(date +%s.%N)
  "$dir/ff-train" --dir "$sweep" -q 2> "$sweep.log" || { cat "$sweep.log" >&2; exit 1; }
  end=$(date +%s.%N)
  local runs
  runs=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_seconds") c = i } NR > 1 { s += $c } END { printf "%.1f", s }' \
    "$sweep/results.csv")
  printf '%-9s ff-train wall %6.1f s, runs sum %6.1f s, load average %s -> %s (%s)\n' "$name" \
    "$(echo "$end - $start" | bc)" "$runs" "$load0" "$(load)" "$dir"
  cd "$root"
}

echo "make demo's sweep, $(nproc) cores, $(date -u +%FT%TZ)"
time_sweep this "$bin"
[ -z "$baseline" ] || time_sweep baseline "$baseline"
if [ -z "${OUT:-}" ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$out"; else echo "sweeps in $out"; fi
