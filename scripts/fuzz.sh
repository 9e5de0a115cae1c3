#!/usr/bin/env bash
# Runs one libFuzzer target of tests/fuzz for SECONDS on a working copy of its seed corpus, with
# leak detection, a per-input timeout and an RSS limit. A finding (crash, uncaught exception,
# UBSan report, leak, timeout) leaves its input in BUILD/findings/TARGET/ and fails.
# Usage: scripts/fuzz.sh BUILD TARGET SECONDS [extra libFuzzer options]
set -euo pipefail
build="$1" target="$2" seconds="$3"
shift 3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$build/fuzz-corpus/$target" findings="$build/findings/$target"
mkdir -p "$work" "$findings"
cp -n "$root/tests/fuzz/corpus/$target"/* "$work"/ 2>/dev/null || true
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
log="$build/fuzz-$target.log"
echo "fuzz: $target for ${seconds}s (log: $log)"
if ! "$build/bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix="$findings/" -print_final_stats=1 "$@" "$work" >"$log" 2>&1; then
  tail -40 "$log"
  echo "fuzz: $target found a problem; its input is in $findings/" >&2
  exit 1
fi
grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed "s/^/fuzz: $target /"
