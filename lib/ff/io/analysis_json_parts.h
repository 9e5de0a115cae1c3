// The JSON pieces analysis.json's writer and reader share with its `hyperparameters` part
// (hyper_file.cpp): numbers that may be unknown and [lo, hi] intervals.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "ff/io/analysis_record.h"
#include "ff/io/json_file.h"

namespace ff {

/// `v`, or null when it is not finite (NaN: not estimated).
nlohmann::json nullable_json(double v);

/// [lo, hi], or null for unknown bounds.
nlohmann::json bounds_json(const Bounds& b);

/// `key`: [lo, hi], or null for unknown bounds; ff::Error naming the field otherwise.
Bounds bounds_from(const JsonFields& j, const std::string& key);

}  // namespace ff
