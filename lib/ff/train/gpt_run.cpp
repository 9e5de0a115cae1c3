// One GPT run of the sweep and the local GPT trainer (see gpt_run.h): the built-in GPT,
// next-token windows over the token streams and cross-entropy, trained by the one generic loop.
#include "ff/train/gpt_run.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/model/fused.h"
#include "ff/model/gpt.h"
#include "ff/tokenizer/tokenizer.h"
#include "ff/train/lm_data_source.h"
#include "ff/train/loop.h"
#include "ff/train/model_contract.h"

namespace ff {

std::string describe(const GptModel& m) {
  const GptArch& a = m.arch;
  return fmt::format("gpt V{} T{} d{} L{} H{} ff{}{} {}", a.vocab_size, a.seq_len, a.d_model, a.n_layers, a.n_heads,
                     a.d_ff, a.tied_embeddings ? " tied" : "", to_string(m.parametrization));
}

RunSpec gpt_run_spec(const PlannedRun& run) {
  return RunSpec{run.run_id, run.steps, run.batch_size, run.flops_per_token, ""};
}

std::vector<ParamGroup> gpt_param_groups(Gpt& model, const LoopOptions& opts, Parametrization parametrization) {
  const auto infos = model->param_infos();
  const auto params = model->named_parameters();
  std::vector<ParamGroup> groups;
  for (const auto& info : infos) {
    const ParamOptim rule = param_optim(parametrization, info, model->arch().n_layers, opts.lr, opts.weight_decay);
    groups.push_back({{params[info.name]}, rule.lr_mult, rule.weight_decay});
  }
  return groups;
}

RunOutcome train_gpt(const RunSpec& spec, const GptModel& model, const LoopOptions& opts,
                     const std::vector<uint16_t>& train_tokens, const std::vector<uint16_t>& valid_tokens,
                     const std::filesystem::path& checkpoint) {
  if (model.parametrization == Parametrization::kUMup) {
    check(opts.weight_decay <= 0.01,
          "train.weight_decay ({}) is u-mup's independent per-step decay and would erase the "
          "weights (hint: use about 1e-4, or 0)", opts.weight_decay);
  }
  LmDataSource data(train_tokens, valid_tokens, model.arch.seq_len, opts.eval_tokens, model.arch.vocab_size);
  // The model's output is its features (B, T, C) and the loss applies the head: with the fused
  // kernels the head and the cross-entropy are one step (Gpt::loss), and no logits are returned.
  Gpt built_gpt{nullptr};
  const ModelBuilder build = [&] {
    built_gpt = Gpt(model.arch, model.parametrization, model.fused_kernels);
    Model built(built_gpt.ptr(), [gpt = built_gpt.ptr()](const torch::Tensor& idx) { return gpt->features(idx); });
    built.groups = gpt_param_groups(built_gpt, opts, model.parametrization);
    return built;
  };
  const LossFn loss = [&](const torch::Tensor& features, const torch::Tensor& targets) {
    return built_gpt->loss(features, targets);
  };
  RunSpec gpt_spec = spec;
  if (gpt_spec.flops_per_token <= 0) gpt_spec.flops_per_token = flops_per_token_with_attention(model.arch);
  gpt_spec.description = describe(model) + (spec.description.empty() ? "" : " " + spec.description);
  return train_loop(gpt_spec, build, data, loss, opts, checkpoint);
}

std::shared_ptr<const TokenSplits> load_gpt_data(const TrainSettings& s) {
  const auto tokenizer = make_tokenizer(s.tokenizer_name, s.tokenizer_dir);
  return std::make_shared<const TokenSplits>(load_token_splits(s.data, *tokenizer));
}

namespace {

// Every run's vocabulary must hold the tokenizer's ids; checked before any run starts.
void check_vocab(const Plan& plan, const TokenSplits& data, const std::string& tokenizer) {
  const int64_t vocab = plan.runs.empty() ? data.vocab_size : plan.runs.front().arch.vocab_size;
  check(vocab >= data.vocab_size,
        "model.vocab_size ({}) is smaller than tokenizer.name {}'s {} ids: re-plan with model.vocab_size={}", vocab,
        tokenizer, data.vocab_size, data.vocab_size);
  if (vocab > data.vocab_size) {
    spdlog::warn("model.vocab_size ({}) exceeds tokenizer.name {}'s {} ids: the unused embedding rows count as "
                 "parameters (plan with model.vocab_size={})", vocab, tokenizer, data.vocab_size, data.vocab_size);
  }
}

// Local training builds only the built-in GPT: a custom model's runs need its factory.
void check_gpt_runs(const Plan& plan) {
  for (const auto& run : plan.runs) {
    check(!is_custom(run),
          "run {} trains a custom model ({}={:g}): train.mode local can train only the built-in GPT here (hint: "
          "train it with ff::find_optimal and your model factory, or use train.mode=mock)",
          run.run_id, run.size_name, run.size_value);
  }
}

}  // namespace

RunTrainer gpt_run_trainer(const TrainSettings& settings, const Plan& plan) {
  check_gpt_runs(plan);
  check_device(settings.local.device);  // before the data: tokenizing a corpus can take minutes
  spdlog::info("matrix products of the fused kernels: {}", gemm_backend());  // checks FF_GEMM
  const auto data = load_gpt_data(settings);
  check_vocab(plan, *data, settings.tokenizer_name);
  spdlog::info("data: {} train and {} held-out tokens ({} tokenizer)", data->train.size(), data->valid.size(),
               settings.tokenizer_name);
  return [settings, data](const PlannedRun& run, const RunFiles& files) {
    LoopOptions options = settings.local;
    options.lr = run.lr;
    return train_gpt(gpt_run_spec(run), GptModel{run.arch, settings.parametrization, settings.fused_kernels}, options, data->train,
                     data->valid, files.checkpoint);
  };
}

}  // namespace ff
