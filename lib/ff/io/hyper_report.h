// The hyperparameter laws in chinchilla.md and in ff-analyze's summary.
#pragma once

#include <string>

#include "ff/io/analysis_record.h"

namespace ff {

/// "## Hyperparameter laws": each law (k, exponent with its interval, against N) and a table of
/// every (budget, size) group's optimal lr and batch size; "" when laws.present is false.
std::string hyper_markdown(const HyperparameterLaws& laws);

/// One line per law ("lr: lr_opt = 0.31 C^-0.1250 (-0.13 – -0.12), from 12 groups"); "" when absent.
std::string hyper_summary(const HyperparameterLaws& laws);

}  // namespace ff
