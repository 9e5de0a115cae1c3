// What the hyperparameter laws recommend at a budget (see the hyperparameter section of analysis_record.h).
#include "ff/io/analysis_record.h"

#include <algorithm>
#include <cmath>

namespace ff {

HyperChoice hyper_at_budget(const HyperparameterLaws& laws, double compute) {
  HyperChoice choice;
  if (laws.present && laws.lr.fitted) {
    choice.has_lr = true;
    choice.lr = laws.lr.at(compute);
  }
  if (laws.present && laws.batch_size.fitted) {
    choice.has_batch_size = true;
    choice.batch_size = std::max<int64_t>(1, std::llround(laws.batch_size.at(compute)));
  }
  return choice;
}

}  // namespace ff
