#!/usr/bin/env bash
# Does the best learning rate transfer across width? Trains the same GPT depth at two widths over
# a grid of peak learning rates, for standard parametrization (sp) and unit-scaled muP (u-mup,
# Blake et al. 2024), every run on the same number of tokens, with the real tools (ff-plan,
# ff-train train.mode=local on the built-in corpus, byte tokenizer), and prints, per
# parametrization, a table lr x width -> final held-out loss (nats/token), the best lr of each width
# marked with '*'. Under muP-style parametrizations the best lr should stay put as width grows;
# under sp it usually moves down.
#
#   scripts/lr-transfer.sh [OUT_DIR]          (default sweeps/lr-transfer; runs already done are kept)
#
# Environment (defaults in brackets):
#   WIDTHS ["32 128"]  d_model values, channels (multiples of HEAD_SIZE)
#   LAYERS [2]         n_layers for every width (muP transfers across width at fixed depth)
#   HEAD_SIZE [16]     channels per head;  SEQ_LEN [128] tokens;  BATCH [16] sequences per step
#   TOKENS [524288]    training tokens per run (the budget is 6 N TOKENS for each width)
#   LRS_SP ["1e-3 3e-3 1e-2 3e-2 1e-1"]   peak learning rates for sp
#   LRS_UMUP ["0.03 0.1 0.3 1 3"]        base learning rates for u-mup (weight decay 1e-4)
#   PARAMETRIZATIONS ["sp u-mup"]
# About 8-10 minutes on 2 idle cores with the defaults.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
OUT=${1:-sweeps/lr-transfer}
WIDTHS=${WIDTHS:-"32 128"}
LAYERS=${LAYERS:-2}
HEAD_SIZE=${HEAD_SIZE:-16}
SEQ_LEN=${SEQ_LEN:-128}
BATCH=${BATCH:-16}
TOKENS=${TOKENS:-524288}
LRS_SP=${LRS_SP:-"1e-3 3e-3 1e-2 3e-2 1e-1"}
LRS_UMUP=${LRS_UMUP:-"0.03 0.1 0.3 1 3"}
PARAMETRIZATIONS=${PARAMETRIZATIONS:-"sp u-mup"}

if [[ ! -x $BUILD/bin/ff-plan || ! -x $BUILD/bin/ff-train ]]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target ff-plan ff-train
fi

# The settings every run shares (key=value overrides of the defaults).
common=(train.mode=local data.source=builtin tokenizer.name=byte model.vocab_size=257
        model.seq_len="$SEQ_LEN" model.head_size="$HEAD_SIZE" train.batch_size="$BATCH"
        train.eval_tokens=32768 train.eval_interval=1000000 data.builtin_train_tokens=2000000
        data.cache_dir="$OUT/cache")

# A plan file's first "key": number.
json_number() { grep -o "\"$1\": [0-9.e+-]*" "$2" | head -1 | sed 's/.*: //'; }

# Plans and trains one run; prints its final held-out loss ("diverged" or "failed" otherwise).
run_one() {
  local param=$1 width=$2 lr=$3 dir=$4 extra=()
  [[ $param == u-mup ]] && extra=(train.weight_decay=1e-4)
  local shape=(sizes.widths="[$width]" model.aspect_ratio="$((width / LAYERS))")
  if [[ ! -f $dir/results.csv ]]; then
    # Plan once to learn N, then again with the budget that gives TOKENS tokens: C = 6 N D.
    "$BUILD/bin/ff-plan" --dir "$dir" "${common[@]}" "${shape[@]}" 'compute.budgets=[1e12]' \
      >/dev/null 2>&1
    local n; n=$(json_number n_params "$dir/plan.json")
    local budget; budget=$(awk -v n="$n" -v d="$TOKENS" 'BEGIN { printf "%.6e", 6 * n * d }')
    "$BUILD/bin/ff-plan" --dir "$dir" "${common[@]}" "${shape[@]}" "compute.budgets=[$budget]" \
      train.parametrization="$param" train.lr="$lr" "${extra[@]}" >/dev/null 2>&1
    "$BUILD/bin/ff-train" --dir "$dir" 2>"$dir/train.log" || true
  fi
  awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
           { s = $col["status"]; if (s == "ok") printf "%.4f\n", $col["final_loss"]; else print s }' "$dir/results.csv"
}

mkdir -p "$OUT"
echo "lr transfer: widths $WIDTHS, $LAYERS layers, head size $HEAD_SIZE, T $SEQ_LEN, B $BATCH," \
     "$TOKENS tokens per run; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start=$SECONDS
for param in $PARAMETRIZATIONS; do
  lrs=$LRS_SP; [[ $param == u-mup ]] && lrs=$LRS_UMUP
  declare -A loss=()
  for width in $WIDTHS; do
    for lr in $lrs; do
      echo "  $param d_model $width lr $lr ..." >&2
      loss[$width,$lr]=$(run_one "$param" "$width" "$lr" "$OUT/$param-d$width-lr$lr")
    done
  done
  # The best lr per width: the lowest numeric loss.
  declare -A best=()
  for width in $WIDTHS; do
    best[$width]=$(for lr in $lrs; do echo "$lr ${loss[$width,$lr]}"; done |
                   awk '$2 ~ /^[0-9.]+$/' | sort -g -k2 | head -1 | cut -d' ' -f1)
  done
  echo
  echo "$param: final held-out loss (nats/token) after $TOKENS tokens; * = best lr of the width"
  printf '| lr |'; for width in $WIDTHS; do printf ' d_model %s |' "$width"; done; echo
  printf '|---:|'; for width in $WIDTHS; do printf -- '---:|'; done; echo
  for lr in $lrs; do
    printf '| %s |' "$lr"
    for width in $WIDTHS; do
      mark=' '; [[ ${best[$width]:-} == "$lr" ]] && mark='*'
      printf ' %s%s |' "${loss[$width,$lr]}" "$mark"
    done
    echo
  done
  unset loss best
done
echo
echo "wall time $((SECONDS - start)) s; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
