// One GPT run of the sweep (see trainer.h): the built-in GPT, next-token windows over the token
// streams and cross-entropy, trained by the one generic loop (train_module.h).
#include "ff/train/trainer.h"

#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/model/gpt.h"
#include "ff/train/checkpoint.h"
#include "ff/train/lm_data_source.h"
#include "ff/train/model_contract.h"
#include "ff/train/optimizer.h"
#include "ff/train/train_module.h"

namespace ff {
namespace {

// The GPT-only options: the parametrization and its weight-decay rule.
Parametrization gpt_parametrization(const TrainOptions& o) {
  const Parametrization p = parse_parametrization(o.parametrization);
  if (p == Parametrization::kUMup) {
    check(o.weight_decay <= 0.01,
          "train.weight_decay ({}) is u-mup's independent per-step decay and would erase the "
          "weights (hint: use about 1e-4, or 0)", o.weight_decay);
  }
  return p;
}

}  // namespace

RunOutcome train_run(const RunSpec& spec, const TrainOptions& opts,
                     const std::vector<uint16_t>& train_tokens,
                     const std::vector<uint16_t>& valid_tokens, const std::filesystem::path& run_dir) {
  const Parametrization parametrization = gpt_parametrization(opts);
  LmDataSource data(train_tokens, valid_tokens, spec.arch.seq_len, opts.eval_tokens, spec.arch.vocab_size);
  const ModelBuilder build = [&] {
    Gpt gpt(spec.arch, parametrization);
    Model model(gpt);
    model.groups = gpt_param_groups(gpt, opts, parametrization);
    return model;
  };
  const ModuleRunSpec module_spec{
      spec.run_id, spec.steps, spec.batch_size,
      spec.flops_per_token > 0 ? spec.flops_per_token : flops_per_token_with_attention(spec.arch),
      run_fingerprint(spec, opts)};
  return train_module(module_spec, build, data, losses::next_token_cross_entropy, opts, run_dir);
}

}  // namespace ff
