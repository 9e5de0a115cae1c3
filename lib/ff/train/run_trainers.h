// The trainers a sweep can run its plan with (train.mode): mock for any run, local LibTorch
// training for the built-in GPT's runs. Shared by ff-train and ff::find_optimal.
#pragma once

#include <memory>

#include "ff/data/dataset.h"
#include "ff/plan/plan.h"
#include "ff/train/sweep.h"
#include "ff/train/train_settings.h"

namespace ff {

/// The token streams of the configured corpus and tokenizer (data.*, tokenizer.*), from their
/// caches (built when missing).
std::shared_ptr<const TokenSplits> load_gpt_data(const TrainSettings& settings);

/// train.mode mock: mock_train for every run. train.mode local: the built-in GPT trained with
/// train_run on the configured corpus, which is loaded now (after train.device is checked) and
/// checked against every run's vocabulary; a plan with custom-model runs is refused (only
/// ff::find_optimal can build them).
RunTrainer make_run_trainer(const TrainSettings& settings, const Plan& plan);

}  // namespace ff
