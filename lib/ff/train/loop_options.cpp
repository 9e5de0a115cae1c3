// Device names and the run fingerprint (see loop_options.h).
#include "ff/train/loop_options.h"

#include <spdlog/fmt/fmt.h>

namespace ff {

std::string to_string(Device device) {
  switch (device) {
    case Device::kCpu: return "cpu";
    case Device::kCuda: return "cuda";
    default: return "auto";
  }
}

std::string run_fingerprint(const RunSpec& s, const LoopOptions& o) {
  return fmt::format("run {} steps {} batch {} | {} | lr {} betas {} {} eps {} wd {} warmup {} min_lr {} clip {} seed {}",
                     s.run_id, s.steps, s.batch_size, s.description, o.lr, o.beta1, o.beta2, o.eps, o.weight_decay,
                     o.warmup_frac, o.min_lr_ratio, o.grad_clip, o.seed);
}

}  // namespace ff
