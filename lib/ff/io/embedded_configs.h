// The default configuration files (configs/*.yaml), compiled into the library.
#pragma once

#include <string>
#include <vector>

namespace ff {

struct EmbeddedFile {
  std::string name;  // e.g. "configs/plan.yaml"
  std::string text;
};

/// Every configs/*.yaml file of the source tree, as it was at build time.
const std::vector<EmbeddedFile>& embedded_configs();

}  // namespace ff
