// The analysis as text: chinchilla.md (the paper's Table 3 style), chinchilla.csv, a stdout summary.
#pragma once

#include <string>

#include "ff/fit/analysis.h"

namespace ff {

/// Markdown: the fitted laws, the per-budget optima and the prediction table
/// (compute, parameters, tokens, tokens per parameter, expected loss).
std::string chinchilla_markdown(const Analysis& analysis);

/// The prediction table alone, as Markdown (the paper's Table 3): compute, parameters, tokens,
/// tokens per parameter, expected loss.
std::string prediction_table(const Analysis& analysis);

/// The prediction table as CSV: approach,compute_budget,n_params,tokens,tokens_per_param,loss.
std::string chinchilla_csv(const Analysis& analysis);

/// A few lines for stdout: the exponents and the prediction table.
std::string analysis_summary(const Analysis& analysis);

}  // namespace ff
