// Closing the loop (ff-plan --from analysis.json): centre each budget's size grid on the optimum
// an analysis predicts, wide enough to hold its bootstrap interval.
#pragma once

#include <string>
#include <vector>

#include "ff/io/analysis_record.h"
#include "ff/plan/plan_settings.h"

namespace ff {

/// The approach to plan from: `requested` if given (an approach_name; it must be fitted), else
/// analysis.preferred() (parametric if fitted, else isoflop, else envelope). ff::Error naming
/// `source` (the analysis file) when none fits.
Approach choose_approach(const Analysis& analysis, const std::string& requested, const std::string& source);

/// Sets settings.windows: for each budget C, the centre N_opt(C) = k C^a of the approach's law
/// and the span max(sizes.span, (max(hi / N_opt, N_opt / lo))^2) where [lo, hi] is its bootstrap
/// interval of N_opt at C (read from the approach's band, interpolated in log C; beyond the band
/// its nearest end's relative width, with a warning). Without intervals the span is sizes.span
/// (warning). ff::Error if sizes.widths fixes the sizes. Returns the approach used.
Approach centre_on_analysis(PlanSettings& settings, const Analysis& analysis, const std::string& approach,
                            const std::string& source, std::vector<std::string>* warnings);

}  // namespace ff
