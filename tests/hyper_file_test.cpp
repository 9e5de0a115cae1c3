// analysis.json's `hyperparameters`: written, read back field by field and rewritten byte for
// byte; absent for an ordinary sweep; a damaged field is one error naming the file and the field.
#include "ff/io/hyper_file.h"

#include <gtest/gtest.h>

#include <tuple>

#include "ff/common/fs.h"
#include "ff/fit/hyperparameters.h"
#include "mock_sweep.h"
#include "temp_dir.h"

namespace ff {
namespace {

using nlohmann::json;

Analysis hyper_analysis() {
  AnalyzeSettings s;
  s.bootstrap = 40;
  s.parametric_starts = testing::few_parametric_starts();
  const auto runs = testing::mock_hyper_sweep({"hyper.sizes=3", "hyper.lr_count=7", "hyper.lr_min=3e-4",
                                               "hyper.lr_max=3e-2", "mock.lr_width=0.05", "mock.lr_exponent=-0.125"});
  return analyze_runs(runs, s, {}, "r.csv");
}

auto group_fields(const HyperGroup& g) {
  return std::tie(g.compute_budget, g.n_params, g.n_runs, g.used, g.reason, g.fit_min, g.fit_max, g.parabola.c0,
                  g.parabola.c1, g.parabola.c2);
}

TEST(HyperFile, RoundTripKeepsEveryField) {
  testing::TempDir dir;
  const Analysis a = hyper_analysis();
  ASSERT_TRUE(a.hyperparameters.lr.fitted) << a.hyperparameters.lr.reason;
  write_analysis(a, dir / "analysis.json");
  const Analysis back = read_analysis(dir / "analysis.json");
  const HyperLaw &l = a.hyperparameters.lr, &b = back.hyperparameters.lr;
  EXPECT_TRUE(back.hyperparameters.present);
  EXPECT_EQ(b.fitted, l.fitted);
  EXPECT_EQ(b.vs_compute.coefficient, l.vs_compute.coefficient);
  EXPECT_EQ(b.vs_compute.exponent, l.vs_compute.exponent);
  EXPECT_EQ(b.params_fitted, l.params_fitted);
  EXPECT_EQ(b.vs_params.exponent, l.vs_params.exponent);
  EXPECT_EQ(b.exponent_interval.lo, l.exponent_interval.lo);
  EXPECT_EQ(b.coefficient_interval.hi, l.coefficient_interval.hi);
  EXPECT_EQ(b.succeeded, l.succeeded);
  ASSERT_EQ(b.groups.size(), l.groups.size());
  for (size_t i = 0; i < l.groups.size(); ++i) {
    EXPECT_EQ(group_fields(b.groups[i]), group_fields(l.groups[i])) << i;
    EXPECT_EQ(b.groups[i].profile.size(), l.groups[i].profile.size());
  }
  EXPECT_FALSE(back.hyperparameters.batch_size.fitted);
  EXPECT_EQ(back.hyperparameters.batch_size.reason, a.hyperparameters.batch_size.reason);
  const HyperChoice x = hyper_at_budget(a.hyperparameters, 3e18), y = hyper_at_budget(back.hyperparameters, 3e18);
  EXPECT_EQ(x.lr, y.lr);
  write_analysis(back, dir / "again.json");
  EXPECT_EQ(read_file(dir / "again.json"), read_file(dir / "analysis.json"));
}

TEST(HyperFile, AbsentForAnOrdinarySweepAndDamageNamesTheField) {
  Analysis plain = hyper_analysis();
  json j = to_json(plain);
  ASSERT_TRUE(j.contains("hyperparameters"));
  j["hyperparameters"]["lr"]["groups"][1].erase("optimum");
  EXPECT_EQ(testing::error_of([&] { analysis_from_json(j, "a.json"); }),
            "a.json: missing field 'hyperparameters.lr.groups[1].optimum'");
  plain.hyperparameters = {};
  EXPECT_FALSE(to_json(plain).contains("hyperparameters"));
  EXPECT_FALSE(analysis_from_json(to_json(plain), "a.json").hyperparameters.present);
}

}  // namespace
}  // namespace ff
