// Logging set-up: human progress to stderr, so stdout stays clean for pipelines.
#pragma once

namespace ff {

/// verbosity: -1 quiet (warnings and errors), 0 info, 1 debug.
void setup_logging(int verbosity);

}  // namespace ff
