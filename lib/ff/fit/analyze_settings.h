// ff-analyze's typed settings (the AnalyzeSettings record of io/analysis_record.h), read and
// range-checked from the configuration (configs/analyze.yaml).
#pragma once

#include "ff/io/analysis_file.h"  // AnalyzeSettings
#include "ff/io/config.h"

namespace ff {

/// Reads analyze.*; range errors name the file, line, key and value.
AnalyzeSettings read_analyze_settings(const Config& config);

}  // namespace ff
