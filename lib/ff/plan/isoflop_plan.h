// Building an IsoFLOP sweep: per budget, a log-spaced grid of model sizes around a prior optimum.
#pragma once

#include <string>
#include <vector>

#include "ff/plan/plan.h"
#include "ff/plan/plan_settings.h"

namespace ff {

/// The budget's window: settings.windows where given, else the prior optimum
/// N = sqrt(C / (6 tokens_per_param)) (Hoffmann et al. 2022: D/N ~ 20) and sizes_span.
SizeWindow size_window(double compute_budget, const PlanSettings& settings);

/// Target parameter counts for one budget: `num` sizes log-spaced over the window's span ratio,
/// centred on its centre (size_window).
std::vector<double> size_targets(double compute_budget, const PlanSettings& settings);

/// The plan: for each budget, the distinct architectures of the size grid, with tokens
/// D = C / flops_per_token, steps = round(D / (batch * seq_len)) and the tokens and FLOPs
/// actually planned. Impossible plans are ff::Errors; `warnings` collects merged sizes.
Plan make_plan(const PlanSettings& settings, std::vector<std::string>* warnings);

}  // namespace ff
