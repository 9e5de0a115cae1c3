// The trainer a sweep runs its plan with, chosen by train.mode: mock_train for any run, or local
// LibTorch training of the built-in GPT (gpt_run.h). Shared by ff-train and ff::find_optimal.
#pragma once

#include "ff/plan/plan.h"
#include "ff/train/sweep_runner.h"
#include "ff/train/train_settings.h"

namespace ff {

/// train.mode mock: mock_train for every run. train.mode local: gpt_run_trainer (it loads the
/// corpus now and refuses a plan with custom-model runs).
RunTrainer make_run_trainer(const TrainSettings& settings, const Plan& plan);

}  // namespace ff
