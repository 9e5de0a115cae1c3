// INTERIM (issue 12, until the branches merge): ff-plot's and Result::plot's inputs for plot_all
// while analysis.json has no typed reader yet. At the merge, io/analysis_file.h's reader replaces
// analysis_from_json and the pipeline's plot stage loads the curves; delete this file pair then.
#pragma once

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/fit/analysis.h"
#include "ff/fit/envelope.h"

namespace ff {

/// The fields of analysis.json that the figures draw (approaches' laws, bootstrap intervals and
/// bands, predictions, IsoFLOP budgets, envelope points, the parametric fit and its runs), as a
/// typed Analysis; other fields keep their defaults.
Analysis analysis_from_json(const nlohmann::json& analysis);

/// The training curves (curve.csv under runs_dir/<run_id>) of the IsoFLOP budgets' runs that have one.
std::vector<RunCurve> load_budget_curves(const Analysis& analysis, const std::filesystem::path& runs_dir);

}  // namespace ff
