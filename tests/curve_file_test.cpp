// runs/<run_id>/curve.csv: written, read back field by field (at the precision written) and
// rewritten byte for byte; errors name the file, line and column.
#include "ff/io/curve_file.h"

#include <gtest/gtest.h>

#include "ff/common/fs.h"
#include "temp_dir.h"

namespace ff {
namespace {

std::vector<CurvePoint> curve() {
  std::vector<CurvePoint> c;
  for (int64_t k = 1; k <= 5; ++k) {
    c.push_back({k * 10, k * 10 * 4096, k * 10 * 4096 * 6.5e6, 3e-4 / static_cast<double>(k), 5.0 - 0.3 * k,
                 5.1 - 0.3 * k, 12345.6 * k});
  }
  return c;
}

TEST(CurveFile, RoundTripKeepsEveryField) {
  testing::TempDir dir;
  write_curve(dir / "curve.csv", curve());
  const auto back = read_curve(dir / "curve.csv");
  const auto c = curve();
  ASSERT_EQ(back.size(), c.size());
  for (size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(back[i].step, c[i].step);
    EXPECT_EQ(back[i].tokens, c[i].tokens);
    EXPECT_NEAR(back[i].flops / c[i].flops, 1.0, 1e-5);  // %.6g
    EXPECT_NEAR(back[i].lr / c[i].lr, 1.0, 1e-5);
    EXPECT_NEAR(back[i].train_loss, c[i].train_loss, 1e-6);  // %.6f
    EXPECT_NEAR(back[i].eval_loss, c[i].eval_loss, 1e-6);
    EXPECT_NEAR(back[i].tokens_per_second, c[i].tokens_per_second, 0.05);  // %.1f
  }
  write_curve(dir / "again.csv", back);
  EXPECT_EQ(read_file(dir / "again.csv"), read_file(dir / "curve.csv"));
}

TEST(CurveFile, BadValueNamesFileLineAndColumn) {
  testing::TempDir dir;
  dir.file("curve.csv", "step,tokens,flops,lr,train_loss,eval_loss\n1,10,1e9,1e-3,4.0,x\n");
  EXPECT_EQ(testing::error_of([&] { read_curve(dir / "curve.csv"); }), (dir / "curve.csv") + ":2: eval_loss: 'x' is not a number");
}

}  // namespace
}  // namespace ff
