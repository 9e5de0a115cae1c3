// recommended/<budget>.yaml: the runnable recommendation ff-analyze writes for each predicted
// budget (what marin-community/marin issue 2166 asks for): a preset that ff-plan plans as one run
// of a concrete GPT near the predicted N_opt, with the prediction as comments. The reader is
// ff-plan's own preset loader (io/config.h): `ff-plan --preset DIR/recommended/1e20.yaml --dir y`.
#pragma once

#include <filesystem>
#include <string>

#include "ff/io/analysis_record.h"  // Prediction
#include "ff/io/config.h"
#include "ff/io/plan_file.h"  // PlannedRun

namespace ff {

/// The recommended run at one budget: the prediction it follows and the run ff-plan plans from it.
struct Recommendation {
  Prediction prediction;   // the preferred approach's N_opt, D_opt and loss (with intervals) at the budget
  double aspect_ratio = 0; // model.aspect_ratio of the preset: d_model / n_layers of the run exactly
  PlannedRun run;          // what ff-plan plans from the preset (arch, n_params, tokens, steps, batch, lr)
  double n_error = 0;      // run.n_params / prediction.n_params - 1
};

/// The preset's keys on top of the sweep's configuration: compute.budgets = [the budget],
/// sizes.widths = [d_model], model.aspect_ratio (so that the plan's n_layers is the run's), train.lr
/// and train.batch_size (the run's: from the hyperparameter laws where the analysis or the sweep's plan
/// had them).
Config recommendation_config(const Recommendation& r, const Config& sweep_config);

/// The preset's text: comments (the prediction, the run, how to plan it), then
/// recommendation_config(...) as YAML (every key of the sweep's configuration).
std::string recommendation_yaml(const Recommendation& r, const Config& sweep_config, const std::string& analysis_source);

/// Writes recommendation_yaml atomically to `path`.
void write_recommendation(const Recommendation& r, const Config& sweep_config, const std::string& analysis_source,
                          const std::filesystem::path& path);

}  // namespace ff
