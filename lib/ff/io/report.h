// The analysis as text: chinchilla.md (the paper's Tables 2 and 3 style), chinchilla.csv (with its
// typed reader), a stdout summary (docs/formats.md describes both files).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ff/io/analysis_record.h"

namespace ff {

/// Markdown: the three approaches' exponents side by side (Table 2), the parametric loss, the
/// fitted laws, the IsoFLOP minima, the hold-out check, the predictions with their intervals
/// (Table 3) and the warnings.
std::string chinchilla_markdown(const Analysis& analysis);

/// The predictions as CSV: approach,compute_budget,n_params,n_params_lo,n_params_hi,tokens,
/// tokens_lo,tokens_hi,tokens_per_param,loss,loss_lo,loss_hi (empty bounds without a bootstrap).
std::string chinchilla_csv(const Analysis& analysis);

/// Writes chinchilla_markdown / chinchilla_csv to `path`, atomically.
void write_chinchilla_markdown(const Analysis& analysis, const std::filesystem::path& path);
void write_chinchilla_csv(const Analysis& analysis, const std::filesystem::path& path);

/// Parses chinchilla.csv back into its predictions (values as written: %.6g, tokens_per_param
/// %.4f; an empty field reads as NaN); `source` names it in errors, which name the line and column.
std::vector<Prediction> parse_chinchilla_csv(const std::string& text, const std::string& source);
std::vector<Prediction> read_chinchilla_csv(const std::filesystem::path& path);

/// The preferred approach's predictions (Analysis::preferred) as a Markdown table: compute,
/// parameters, tokens, tokens per parameter, expected loss, with intervals when bootstrapped.
std::string prediction_table(const Analysis& analysis);

/// A few lines for stdout: each approach's exponents, the hold-out errors and the preferred
/// approach's predictions.
std::string analysis_summary(const Analysis& analysis);

}  // namespace ff
