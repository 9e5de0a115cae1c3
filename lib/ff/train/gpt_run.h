// Everything GPT about training: one run of the built-in GPT (its AdamW groups under the
// parametrization, next-token windows over the token streams, cross-entropy) through the generic
// loop (loop.h), and the sweep's local trainer that loads the corpus once and trains each planned
// run with it. LibTorch stays inside gpt_run.cpp: this header is torch-free.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ff/data/dataset.h"
#include "ff/model/parametrization.h"
#include "ff/plan/arch.h"
#include "ff/plan/plan.h"
#include "ff/train/loop_options.h"
#include "ff/train/run_outcome.h"
#include "ff/train/sweep_runner.h"
#include "ff/train/train_settings.h"

namespace ff {

class Gpt;          // ff/model/gpt.h
struct ParamGroup;  // ff/train/model_contract.h

/// The built-in GPT that a run trains.
struct GptModel {
  GptArch arch;  // arch.seq_len is the training context T
  Parametrization parametrization = Parametrization::kSp;
  bool fused_kernels = true;  // train.fused_kernels: fused CPU kernels (ff/model/fused.h)
};

/// "gpt V257 T32 d32 L2 H2 ff128 sp" (" tied" before the parametrization when tied): what a GPT run adds to its RunSpec's description.
std::string describe(const GptModel& model);

/// The loop's spec of a planned GPT run: its id, steps, batch and FLOPs per token.
RunSpec gpt_run_spec(const PlannedRun& run);

/// The GPT's AdamW groups: one per parameter tensor, in param_infos() order, with the lr multiplier
/// and weight decay of param_optim() under `parametrization` (no decay on norms). Callers include
/// ff/model/gpt.h and ff/train/model_contract.h (LibTorch) to call it.
std::vector<ParamGroup> gpt_param_groups(Gpt& model, const LoopOptions& opts, Parametrization parametrization);

/// Trains `model` with train_loop on `train_tokens` (windows of T + 1 tokens, next-token targets,
/// deterministic order from opts.seed, wrapping into further epochs if the stream is short),
/// evaluating on the first opts.eval_tokens of `valid_tokens`. spec.flops_per_token <= 0 means
/// flops_per_token_with_attention(model.arch); describe(model) joins spec.description, so that a
/// checkpoint resumes only the same GPT. Resume, outputs and statuses as train_loop. Throws
/// ff::Error on invalid input (empty streams, token ids >= vocab, bad options, a u-mup weight
/// decay above 0.01, cuda requested without CUDA, a checkpoint of a different run).
RunOutcome train_gpt(const RunSpec& spec, const GptModel& model, const LoopOptions& opts,
                     const std::vector<uint16_t>& train_tokens, const std::vector<uint16_t>& valid_tokens,
                     const std::filesystem::path& checkpoint);

/// The token streams of the configured corpus and tokenizer (data.*, tokenizer.*), from their
/// caches (built when missing).
std::shared_ptr<const TokenSplits> load_gpt_data(const TrainSettings& settings);

/// train.mode local for the built-in GPT: checks train.device, loads the corpus now and checks it
/// against every run's vocabulary; each run is then trained with train_gpt at its planned lr,
/// its checkpoint at files.checkpoint. A plan with custom-model runs is refused (only
/// ff::find_optimal can build them).
RunTrainer gpt_run_trainer(const TrainSettings& settings, const Plan& plan);

}  // namespace ff
