// analysis.json: the Analysis record (io/analysis_record.h) written by ff-analyze and read back,
// typed, by ff-plot, ff-plan --from and the API (docs/formats.md lists every field).
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "ff/io/analysis_record.h"

namespace ff {

constexpr int kAnalysisSchemaVersion = 1;

/// analysis.json's content. Fields derived from others are written too (each approach's `a`
/// and `b`, `dropped`, the parametric `G` and residual `predicted`, `preferred_approach`).
nlohmann::json to_json(const Analysis& analysis);

/// Writes to_json(analysis), indented by 2, atomically.
void write_analysis(const Analysis& analysis, const std::filesystem::path& path);

/// Parses analysis.json back into the record; `source` names the file in errors. A missing field
/// or one of the wrong type is one ff::Error naming the file and the field; unknown fields are
/// ignored; a schema_version other than kAnalysisSchemaVersion is an error.
/// What the file does not hold reads back as the record's defaults: settings.threads,
/// .parametric_starts and .refit_grid_starts, parametric.refit_starts and fit.start_index, the
/// standard errors of each loss_opt law, and a skipped approach's law; settings.predict is the
/// budgets of the first fitted approach's predictions; an IsoFLOP budget's runs take the
/// budget's compute_budget; a hold-out prediction's approach and budget are those of its check;
/// each approach's bootstrap intervals come back in name order (the file's key order). A file
/// written before VPNLS and the rolling hold-out reads as settings.parametric_method grid and no
/// rollout steps.
Analysis analysis_from_json(const nlohmann::json& json, const std::string& source);

/// Reads analysis.json (for ff-plot, ff-plan --from); a missing file names the hint to run ff-analyze.
Analysis read_analysis(const std::filesystem::path& path);

}  // namespace ff
