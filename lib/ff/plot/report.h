// The analysis as text: chinchilla.md (the paper's Tables 2 and 3 style), chinchilla.csv, a stdout summary.
#pragma once

#include <string>

#include "ff/fit/analysis.h"

namespace ff {

/// Markdown: the three approaches' exponents side by side (Table 2), the parametric loss, the
/// fitted laws, the IsoFLOP minima, the hold-out check, the predictions with their intervals
/// (Table 3) and the warnings.
std::string chinchilla_markdown(const Analysis& analysis);

/// The predictions as CSV: approach,compute_budget,n_params,n_params_lo,n_params_hi,tokens,
/// tokens_lo,tokens_hi,tokens_per_param,loss,loss_lo,loss_hi (empty bounds without a bootstrap).
std::string chinchilla_csv(const Analysis& analysis);

/// A few lines for stdout: each approach's exponents, the hold-out errors and the preferred
/// approach's predictions.
std::string analysis_summary(const Analysis& analysis);

}  // namespace ff
