// ff-analyze's typed settings (see analyze_settings.h).
#include "ff/fit/analyze_settings.h"

#include <cmath>

#include "ff/common/error.h"

namespace ff {

namespace {

int int_in(const Config& c, const std::string& key, int64_t lo, int64_t hi, const std::string& message) {
  const int64_t v = c.get_int(key);
  if (v < lo || v > hi) c.fail_at(key, message);
  return static_cast<int>(v);
}

}  // namespace

AnalyzeSettings read_analyze_settings(const Config& c) {
  AnalyzeSettings s;
  s.predict = c.get_doubles("analyze.predict");
  for (double b : s.predict) {
    if (!(b > 0) || !std::isfinite(b)) c.fail_at("analyze.predict", "must hold positive FLOP counts");
  }
  s.budget_tolerance = c.get_double("analyze.budget_tolerance");
  if (!(s.budget_tolerance >= 0 && s.budget_tolerance < 0.5)) c.fail_at("analyze.budget_tolerance", "must lie in [0, 0.5)");
  s.min_sizes = int_in(c, "analyze.min_sizes", 3, 1000000, "must be at least 3: a parabola needs 3 sizes");
  s.huber_delta = c.get_double("analyze.huber_delta");
  if (!(s.huber_delta > 0) || !std::isfinite(s.huber_delta)) {
    c.fail_at("analyze.huber_delta", "must be positive (Hoffmann et al. 2022 use 1e-3)");
  }
  s.drop_highest_losses = int_in(c, "analyze.drop_highest_losses", 0, 1000000, "must be 0 or more");
  s.bootstrap = int_in(c, "analyze.bootstrap", 0, 1000000, "must lie in [0, 1000000] (0 = no intervals)");
  if (s.bootstrap > 0 && s.bootstrap < 20) c.fail_at("analyze.bootstrap", "must be 0 or at least 20 replicates for a 95% interval");
  const int64_t seed = c.get_int("analyze.seed");
  if (seed < 0) c.fail_at("analyze.seed", "must be 0 or more");
  s.seed = static_cast<std::uint64_t>(seed);
  const std::string method = c.get_string("analyze.parametric_method");
  if (method != "vpnls" && method != "grid") c.fail_at("analyze.parametric_method", "must be vpnls or grid");
  s.parametric_method = parse_parametric_method(method, "analyze.parametric_method");
  s.threads = int_in(c, "analyze.threads", 1, 1024, "must lie in [1, 1024]");
  return s;
}

}  // namespace ff
