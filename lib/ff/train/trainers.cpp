// The sweep's trainer for train.mode (see trainers.h).
#include "ff/train/trainers.h"

#include "ff/train/gpt_run.h"
#include "ff/train/mock_trainer.h"

namespace ff {

RunTrainer make_run_trainer(const TrainSettings& settings, const Plan& plan) {
  if (settings.mode == TrainMode::kLocal) return gpt_run_trainer(settings, plan);
  return [settings](const PlannedRun& run, const RunFiles&) { return mock_train(run, settings); };
}

}  // namespace ff
