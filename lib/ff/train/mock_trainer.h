// Mock training: losses drawn from a known law L(N, D) with seeded relative noise, so that the
// whole pipeline (and the fits' ability to recover the law) can be tested in seconds.
#pragma once

#include "ff/plan/plan.h"
#include "ff/train/run_outcome.h"
#include "ff/train/train_settings.h"

namespace ff {

/// The run's curve follows the law at each intermediate token count, times the hidden
/// hyperparameter optimum's factor for the run's budget, lr and batch (mock.lr_width etc.; 1 when
/// the widths are 0, the default, so plain mocks are unchanged); the final loss is the last
/// evaluation. Noise is N(0, noise) relative, drawn from (mock.seed, run_id): the same run gets
/// the same losses whatever shard or order runs it.
RunOutcome mock_train(const PlannedRun& run, const TrainSettings& settings);

}  // namespace ff
