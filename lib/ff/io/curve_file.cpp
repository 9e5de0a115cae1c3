// curve.csv reading and writing (see curve_file.h).
#include "ff/io/curve_file.h"

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/io/csv.h"

namespace ff {

void write_curve(const std::filesystem::path& path, const std::vector<CurvePoint>& curve) {
  std::string text = "step,tokens,flops,lr,train_loss,eval_loss,tokens_per_second\n";
  for (const auto& p : curve) {
    text += fmt::format("{},{},{:.6g},{:.6g},{:.6f},{:.6f},{:.1f}\n", p.step, p.tokens, p.flops, p.lr, p.train_loss,
                        p.eval_loss, p.tokens_per_second);
  }
  write_file_atomic(path, text);
}

std::vector<CurvePoint> read_curve(const std::filesystem::path& path) {
  const CsvTable t = read_csv(path);
  const int step = t.require_column("step"), tokens = t.require_column("tokens"), flops = t.require_column("flops");
  const int lr = t.require_column("lr"), train = t.require_column("train_loss"), eval = t.require_column("eval_loss");
  const int tps = t.column("tokens_per_second");
  std::vector<CurvePoint> curve;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    const std::string at = fmt::format("{}:{}", t.source, t.lines[i]);
    CurvePoint p;
    p.step = parse_int64(r[step], at + ": step");
    p.tokens = parse_int64(r[tokens], at + ": tokens");
    p.flops = parse_double(r[flops], at + ": flops");
    p.lr = parse_double(r[lr], at + ": lr");
    p.train_loss = parse_double(r[train], at + ": train_loss");
    p.eval_loss = parse_double(r[eval], at + ": eval_loss");
    p.tokens_per_second = tps >= 0 ? parse_double(r[tps], at + ": tokens_per_second") : 0.0;
    curve.push_back(p);
  }
  return curve;
}

}  // namespace ff
