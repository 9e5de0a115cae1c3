// Mock training (see mock_trainer.h).
#include "ff/train/mock_trainer.h"

#include <cmath>

#include "ff/common/hash.h"
#include "ff/common/random.h"
#include "ff/train/schedule.h"

namespace ff {

RunOutcome mock_train(const PlannedRun& run, const TrainSettings& s) {
  SplitMix64 rng(fnv1a64(run.run_id, s.mock.seed * 0x9e3779b97f4a7c15ULL + 1));
  const double n = static_cast<double>(run.n_params);
  const int64_t tokens_per_step = run.batch_size * sample_tokens(run);
  const double hyper = s.mock.hyper.factor(run.compute_budget, run.lr, static_cast<double>(run.batch_size));
  RunOutcome out;
  int64_t previous_step = -1;
  for (int64_t k = 1; k <= s.mock.curve_points; ++k) {
    const int64_t step = std::max<int64_t>(1, run.steps * k / s.mock.curve_points);
    if (step == previous_step) continue;
    previous_step = step;
    CurvePoint p;
    p.step = step;
    p.tokens = step * tokens_per_step;
    p.flops = static_cast<double>(p.tokens) * run.flops_per_token;
    p.lr = run.lr * lr_factor({run.steps, s.warmup_frac, s.min_lr_ratio}, step - 1);
    const double clean = s.mock.law.loss(n, static_cast<double>(p.tokens)) * hyper;
    p.eval_loss = clean * (1.0 + s.mock.noise * rng.normal());
    p.train_loss = clean * (1.0 + s.mock.noise * rng.normal());
    out.curve.push_back(p);
  }
  out.final_loss = out.curve.back().eval_loss;
  out.tokens_seen = out.curve.back().tokens;
  return out;
}

}  // namespace ff
