// Mock training (see mock_trainer.h).
#include "ff/train/mock_trainer.h"

#include <cmath>

#include "ff/common/hash.h"
#include "ff/train/schedule.h"

namespace ff {

namespace {

// splitmix64 (Steele et al. 2014): a small, portable, seedable generator.
class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  /// Standard normal by Box-Muller.
  double normal() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * M_PI * uniform()); }

 private:
  uint64_t state_;
};

}  // namespace

RunOutcome mock_train(const PlannedRun& run, const TrainSettings& s) {
  SplitMix rng(fnv1a64(run.run_id, s.mock.seed * 0x9e3779b97f4a7c15ULL + 1));
  const double n = static_cast<double>(run.n_params);
  const int64_t tokens_per_step = run.batch_size * sample_tokens(run);
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
    const double clean = s.mock.law.loss(n, static_cast<double>(p.tokens));
    p.eval_loss = clean * (1.0 + s.mock.noise * rng.normal());
    p.train_loss = clean * (1.0 + s.mock.noise * rng.normal());
    out.curve.push_back(p);
  }
  out.final_loss = out.curve.back().eval_loss;
  out.tokens_seen = out.curve.back().tokens;
  return out;
}

}  // namespace ff
