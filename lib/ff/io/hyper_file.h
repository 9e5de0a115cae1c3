// analysis.json's `hyperparameters` object: the HyperparameterLaws record (io/analysis_record.h)
// written and read back (docs/formats.md lists every field).
#pragma once

#include <nlohmann/json.hpp>

#include "ff/io/analysis_record.h"
#include "ff/io/json_file.h"

namespace ff {

/// {"lr": law, "batch_size": law}; each law's coefficient, exponent, intervals, against-N law
/// and per-group optima (with their profiles).
nlohmann::json hyper_to_json(const HyperparameterLaws& laws);

/// The record from analysis.json's `hyperparameters` object (present = true); a missing field
/// or one of the wrong type is one ff::Error naming the file and the field.
HyperparameterLaws hyper_from_json(const JsonFields& fields);

}  // namespace ff
