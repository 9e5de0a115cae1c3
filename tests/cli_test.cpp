// The four tools end to end: the real binaries (FF_BIN_DIR, or $FF_TEST_BIN_DIR) run in fresh
// folders. Bad input must fail with a non-zero exit and ONE stderr line "ff-<tool>: error: ..."
// naming the file (and line) and the key or column, leaving earlier outputs byte-identical; the
// mock pipeline must write every file with the expected content, resume, shard and repair a
// partial results row.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/io/analysis_file.h"
#include "ff/io/csv.h"
#include "ff/io/results_file.h"
#include "temp_dir.h"
#include "tool_process.h"

namespace ff {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::finish;
using testing::Outcome;
using testing::Process;
using testing::Sandbox;
using testing::start;

const std::string kMockPreset = std::string(FF_SOURCE_DIR) + "/presets/gpt-tinystories-mock.yaml";
constexpr size_t kMockRuns = 35;  // the mock preset: 5 budgets x 7 sizes

// ---------------------------------------------------------------------------------------------
// Checks

/// Every file and folder under `dir` (relative path -> content; folders -> "<dir>").
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string rel = fs::relative(entry.path(), dir).string();
    files[rel] = entry.is_directory() ? "<dir>" : read_file(entry.path());
  }
  return files;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// Asserts the failure contract: non-zero exit; stderr is "warning: ..." lines (allowed) and then
/// exactly one "TOOL: error: ..." line, which holds every string of `needles`.
void expect_one_line_error(const Outcome& o, const std::string& tool, const std::vector<std::string>& needles) {
  EXPECT_NE(o.code, 0) << "stderr: " << o.err;
  ASSERT_FALSE(o.err.empty()) << tool << " failed silently";
  EXPECT_EQ(o.err.back(), '\n') << o.err;
  const auto lines = lines_of(o.err);
  const std::string prefix = tool + ": error: ";
  const std::string& last = lines.back();
  EXPECT_EQ(last.rfind(prefix, 0), 0u) << "the last stderr line must start with '" << prefix << "':\n" << o.err;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_EQ(lines[i].rfind("warning: ", 0), 0u) << "stderr line " << i + 1 << " is neither a warning nor the "
                                                  << "error:\n" << o.err;
  }
  for (const auto& needle : needles) {
    EXPECT_NE(last.find(needle), std::string::npos) << "'" << needle << "' missing from: " << last;
  }
  EXPECT_TRUE(o.out.empty()) << "stdout should stay empty on error: " << o.out;
}

/// The line number that follows "FILE:" in `message` (-1 if none).
int line_after(const std::string& message, const std::string& file) {
  const auto at = message.find(file + ":");
  if (at == std::string::npos) return -1;
  return std::atoi(message.c_str() + at + file.size() + 1);
}

bool has_gnuplot() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

json read_json(const fs::path& path) { return json::parse(read_file(path)); }

// results.csv checks: the run_ids, and that every row is whole.
std::vector<std::string> result_ids(const fs::path& path) {
  const CsvTable t = parse_csv(read_file(path), path.string());
  EXPECT_EQ(t.header.size(), results_columns().size());  // every column of ff-train's results.csv
  const int id = t.column("run_id");
  std::vector<std::string> ids;
  for (const auto& row : t.rows) ids.push_back(row[id]);
  return ids;
}

std::set<std::string> plan_ids(const fs::path& plan) {
  const json j = read_json(plan);
  std::set<std::string> ids;
  for (const auto& r : j.at("runs")) ids.insert(r.at("run_id").get<std::string>());
  return ids;
}

void expect_no_duplicates(const std::vector<std::string>& ids) {
  const std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size()) << "duplicate run_ids in results.csv";
}

// ---------------------------------------------------------------------------------------------
// Failing commands, in batches

/// One command that must fail: its tool, arguments and what its error line must name.
struct Case {
  std::string tool;
  std::vector<std::string> args;
  std::vector<std::string> needles;
};

std::string command_line(const Case& c) {
  std::string text = c.tool;
  for (const auto& a : c.args) text += " " + a;
  return text;
}

/// Starts every case at once (the tools spend most of their time starting up), asserts each
/// one's one-line error, and that nothing under the sandbox changed.
std::vector<Outcome> all_fail_cleanly(const Sandbox& box, const std::vector<Case>& cases) {
  const auto before = snapshot(box.cwd());
  std::vector<Process> started;
  for (const auto& c : cases) started.push_back(box.spawn(c.tool, c.args));
  std::vector<Outcome> outcomes;
  for (size_t i = 0; i < cases.size(); ++i) {
    outcomes.push_back(finish(started[i]));
    SCOPED_TRACE(command_line(cases[i]));
    expect_one_line_error(outcomes.back(), cases[i].tool, cases[i].needles);
  }
  EXPECT_EQ(snapshot(box.cwd()), before) << "a failing command changed files";
  return outcomes;
}

/// Writes ./sweep as an earlier sweep would have left it (stand-in contents: the failing
/// commands must leave them byte-identical, whatever they hold).
void write_earlier_sweep(const Sandbox& box) {
  fs::create_directories(box / "sweep/runs/r1");
  fs::create_directories(box / "sweep/plots");
  box.write("sweep/config.yaml", "# an earlier sweep's configuration\nmock:\n  seed: 3\n");
  box.write("sweep/plan.json", "{\"schema_version\": 1, \"note\": \"stands for an earlier plan\"}\n");
  box.write("sweep/results.csv", "run_id,final_loss\nr1,3.5\n");
  box.write("sweep/runs/r1/curve.csv", "step,eval_loss\n1,4.0\n");
  ff::Analysis nothing_fitted;  // the smallest analysis.json the typed reader accepts
  for (ff::Approach a : ff::kAllApproaches) nothing_fitted.approaches[static_cast<int>(a)].approach = a;
  box.write("sweep/analysis.json", ff::to_json(nothing_fitted).dump(2) + "\n");
  box.write("sweep/plots/isoflop.png", "not really a png");
}

// A user CSV with only the four columns ff-analyze needs, drawn without noise from Chinchilla's
// fitted law L(N, D) = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022, eq. 10) with D = C / 6N.
// `sizes[i]` model sizes per budget 1e18 * 10^i, log-spaced by 2x around the true optimum
// N_opt = G (C/6)^(beta/(alpha+beta)), G = (alpha A / (beta B))^(1/(alpha+beta)) (eq. 4).
std::string law_csv(const std::vector<int>& sizes, const std::string& newline = "\n") {
  const double E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28;
  const double G = std::pow(alpha * A / (beta * B), 1.0 / (alpha + beta));
  std::string text = "compute_budget,n_params,tokens,final_loss" + newline;
  for (size_t i = 0; i < sizes.size(); ++i) {
    const double c = 1e18 * std::pow(10.0, static_cast<double>(i));
    const double n_opt = G * std::pow(c / 6.0, beta / (alpha + beta));
    for (int k = 0; k < sizes[i]; ++k) {
      const double n = n_opt * std::pow(2.0, k - (sizes[i] - 1) / 2.0);
      const double d = c / (6.0 * n);
      const double loss = E + A / std::pow(n, alpha) + B / std::pow(d, beta);
      text += fmt::format("{:g},{:.6g},{:.6g},{:.6f}", c, n, d, loss) + newline;
    }
  }
  return text;
}

/// Runs ff-plan on the mock preset into `dir`, then ff-train unless `train` is false.
void mock_sweep(const Sandbox& box, const std::string& dir, bool train = true) {
  const Outcome plan = box.run("ff-plan", {"--preset", kMockPreset, "--dir", dir, "-q"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  if (!train) return;
  const Outcome trained = box.run("ff-train", {"--dir", dir, "-q"});
  ASSERT_EQ(trained.code, 0) << trained.err;
}

// ---------------------------------------------------------------------------------------------
// Bad input: one error line, earlier outputs intact

TEST(CliErrors, PlanConfigurationErrors) {
  Sandbox box;
  write_earlier_sweep(box);
  box.write("typo.yaml", "# a preset with a typo\ncompute:\n  flop_min: 1e17\n");
  box.write("bracket.yaml", "compute:\n  budgets: [1e17, 1e18\nsizes:\n  num: 5\n");
  box.write("negative.yaml", "# budgets\ncompute:\n  budgets: [1e18, -1e18]\n");
  box.write("range.yaml", "compute:\n  flops_min: 1e20\n  flops_max: 1e19\n");
  box.write("file.txt", "a regular file\n");
  const std::vector<std::string> to = {"--dir", "sweep"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), to.begin(), to.end());
    return args;
  };
  const auto outcomes = all_fail_cleanly(
      box, {
               {"ff-plan", with({"--preset", "typo.yaml"}), {"typo.yaml:3:", "compute.flop_min", "did you mean 'compute.flops_min'"}},
               {"ff-plan", with({"--preset", "bracket.yaml"}), {"bracket.yaml:", "yaml"}},
               {"ff-plan", with({"compute.budgets=[-1e18]"}), {"command line", "compute.budgets", "-1e18", "positive"}},
               {"ff-plan", with({"--preset", "negative.yaml"}), {"negative.yaml:3:", "compute.budgets", "-1e18", "positive"}},
               {"ff-plan", with({"compute.flops_min=1e20"}), {"command line", "compute.flops_min", "1e20", "compute.flops_max"}},
               {"ff-plan", with({"--preset", "range.yaml"}), {"range.yaml:2:", "compute.flops_min", "1e20", "compute.flops_max"}},
               {"ff-plan", with({"sizes.num=1"}), {"sizes.num", "(1)", "at least 3"}},
               {"ff-plan", with({"sizes.num=abc"}), {"command line", "sizes.num", "integer", "abc"}},
               {"ff-plan", with({"model.tied_embeddings=3"}), {"command line", "model.tied_embeddings", "true or false", "'3'"}},
               {"ff-plan", with({"comptue.flops_max=1e19"}), {"command line", "comptue.flops_max", "did you mean 'compute.flops_max'"}},
               {"ff-plan", with({"compute.flops_convention=7nd"}), {"compute.flops_convention", "7nd", "6nd"}},
               {"ff-plan", with({"compute"}), {"'compute'", "key=value"}},
               {"ff-plan", with({"--preset", "no-such-preset"}), {"--preset no-such-preset", "presets/"}},
               {"ff-plan", {"--preset", kMockPreset, "--dir", "file.txt/sub"}, {"file.txt/sub"}},
           });
  const int line = line_after(outcomes[1].err, "bracket.yaml");
  EXPECT_GE(line, 2) << outcomes[1].err;  // the bracket opens on line 2; the parser notices by line 3
  EXPECT_LE(line, 3) << outcomes[1].err;
}

TEST(CliErrors, UnknownOptionIsOneLineWithExitCode2) {
  // tool.h: "exit 0 success, 1 error, 2 bad command line", errors as "TOOL: error: message".
  Sandbox box;
  const auto outcomes = all_fail_cleanly(box, {{"ff-plan", {"--bogus"}, {"--bogus"}},
                                               {"ff-train", {"--shard"}, {"--shard"}}});
  EXPECT_EQ(outcomes[0].code, 2);
  EXPECT_EQ(outcomes[1].code, 2);
}

TEST(CliErrors, TrainPlanAndOptionErrors) {
  Sandbox box;
  write_earlier_sweep(box);
  mock_sweep(box, "real", /*train=*/false);
  fs::create_directories(box / "empty");
  const std::string plan = read_file(box / "real/plan.json");
  for (const std::string dir : {"truncated", "missing", "version"}) fs::create_directories(box / dir);
  box.write("truncated/plan.json", plan.substr(0, plan.size() / 2));
  json j = json::parse(plan);
  j["runs"][3].erase("steps");
  box.write("missing/plan.json", j.dump(2));
  j = json::parse(plan);
  j["schema_version"] = 99;
  box.write("version/plan.json", j.dump(2));
  all_fail_cleanly(box, {
                            {"ff-train", {"--dir", "empty"}, {"empty/plan.json", "ff-plan"}},
                            {"ff-train", {"--dir", "nowhere"}, {"nowhere/plan.json", "ff-plan"}},
                            {"ff-train", {"--dir", "truncated"}, {"truncated/plan.json", "malformed json"}},
                            {"ff-train", {"--dir", "missing"}, {"missing/plan.json", "'runs[3].steps'"}},
                            {"ff-train", {"--dir", "version"}, {"version/plan.json", "schema_version", "99"}},
                            {"ff-train", {"--dir", "sweep", "--shard", "3/2"}, {"--shard 3/2", "i/n"}},
                            {"ff-train", {"--dir", "sweep", "--shard", "x"}, {"--shard x"}},
                            {"ff-train", {"--dir", "sweep", "train.mode=gpu"}, {"train.mode", "gpu", "mock or local"}},
                            {"ff-train", {"--dir", "sweep", "mock.noise=2"}, {"mock.noise", "(2)"}},
                        });
  EXPECT_FALSE(fs::exists(box / "nowhere"));
}

TEST(CliErrors, AnalyzeResultsErrors) {
  Sandbox box;
  write_earlier_sweep(box);
  const std::string csv = law_csv({5, 5, 5});  // header + 15 rows: an appended row is line 17
  box.write("no_tokens.csv", "compute_budget,n_params,final_loss\n1e18,1e7,3.0\n");
  box.write("text.csv", csv + "1e19,1e8,1e10,abc\n");
  box.write("nan.csv", csv + "1e19,1e8,1e10,nan\n");
  box.write("negative.csv", csv + "1e19,1e8,-5,3.1\n");
  box.write("ragged.csv", csv + "1e19,1e8\n");
  box.write("empty.csv", "");
  box.write("header.csv", "compute_budget,n_params,tokens,final_loss\n");
  box.write("file.txt", "a regular file\n");
  std::string tabs = csv + "1e19,1e8,1e10,abc\n";
  std::replace(tabs.begin(), tabs.end(), ',', '\t');
  box.write("tabs.tsv", tabs);
  std::string semicolons = csv;
  std::replace(semicolons.begin(), semicolons.end(), ',', ';');
  box.write("semicolons.csv", semicolons);
  box.write("quote.csv", csv + "1e19,1e8,1e10,\"3.1\n");
  auto analyze = [](const std::string& results, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"--dir", "sweep", "--results", results};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  all_fail_cleanly(box, {
                            {"ff-analyze", analyze("no_tokens.csv"), {"no_tokens.csv", "missing column 'tokens'"}},
                            {"ff-analyze", analyze("text.csv"), {"text.csv:17:", "final_loss", "abc"}},
                            {"ff-analyze", analyze("nan.csv"), {"nan.csv:17:", "final_loss", "nan"}},
                            {"ff-analyze", analyze("negative.csv"), {"negative.csv:17:", "tokens", "-5"}},
                            {"ff-analyze", analyze("ragged.csv"), {"ragged.csv:17:", "4 fields"}},
                            {"ff-analyze", analyze("tabs.tsv"), {"tabs.tsv:17:", "final_loss", "abc"}},
                            {"ff-analyze", analyze("semicolons.csv"), {"semicolons.csv", "missing column", "';'"}},
                            {"ff-analyze", analyze("quote.csv"), {"quote.csv:17:", "column 4 (final_loss)", "unterminated"}},
                            {"ff-analyze", analyze("empty.csv"), {"empty.csv", "empty"}},
                            {"ff-analyze", analyze("header.csv"), {"header.csv", "no finished runs"}},
                            {"ff-analyze", analyze("absent.csv"), {"absent.csv", "ff-train"}},
                            {"ff-analyze", analyze("text.csv", {"--predict", "1e21,abc"}), {"--predict", "abc"}},
                            {"ff-analyze", analyze("text.csv", {"analyze.min_sizes=2"}), {"analyze.min_sizes", "(2)"}},
                        });
  // An unwritable output folder, with results that are fine.
  box.write("good.csv", csv);
  all_fail_cleanly(box, {{"ff-analyze", analyze("good.csv", {"--analysis", "file.txt/sub/analysis.json"}), {"file.txt/sub"}}});
}

TEST(CliErrors, AnalyzeNoBudgetWithThreeSizesFailsNamingFile) {
  Sandbox box;
  write_earlier_sweep(box);
  box.write("two.csv", law_csv({2, 2}));  // 4 runs: no IsoFLOP parabola, too few for the parametric fit
  all_fail_cleanly(box, {{"ff-analyze", {"--dir", "sweep", "--results", "two.csv"}, {"two.csv", "3"}}});
}

TEST(CliErrors, PlotErrors) {
  Sandbox box;
  write_earlier_sweep(box);
  fs::create_directories(box / "bare");
  all_fail_cleanly(box, {
                            {"ff-plot", {"--dir", "sweep", "plot.gnuplot=/nonexistent/gnuplot"}, {"plot.gnuplot", "/nonexistent/gnuplot"}},
                            {"ff-plot", {"--dir", "sweep", "plot.formats=[pdf]"}, {"plot.formats", "pdf"}},
                            {"ff-plot", {"--dir", "bare"}, {"bare/analysis.json", "ff-analyze"}},
                        });
}

TEST(CliErrors, LaterStagesRefuseWhatThePlanFixedAndKeysOfOtherStages) {
  Sandbox box;
  mock_sweep(box, "s", /*train=*/false);  // the mock preset plans with train.lr 3.0e-3, batch 32
  all_fail_cleanly(box, {
      {"ff-train", {"--dir", "s", "train.lr=0.5"},
       {"command line: train.lr (0.5) differs from 0.003 in s/plan.json", "ff-plan --dir NEW_DIR train.lr=0.5"}},
      {"ff-train", {"--dir", "s", "train.batch_size=8"}, {"train.batch_size (8) differs from 32", "s/plan.json"}},
      {"ff-train", {"--dir", "s", "model.seq_len=64"}, {"model.seq_len (64) differs from 512", "s/plan.json"}},
      {"ff-train", {"--dir", "s", "analyze.bootstrap=0"}, {"analyze.bootstrap is read by ff-analyze, not by ff-train"}},
      {"ff-analyze", {"--dir", "s", "train.lr=0.5"}, {"train.lr is ff-plan's", "ff-analyze does not read it"}},
      {"ff-plot", {"--dir", "s", "mock.seed=3"}, {"mock.seed is read by ff-train, not by ff-plot"}},
  });
  // A config.yaml edited by hand is named by its file and line.
  const std::string config = read_file(box / "s/config.yaml");
  box.write("s/config.yaml", std::regex_replace(config, std::regex("lr: 3.0e-3"), "lr: 1.0e-2"));
  all_fail_cleanly(box, {{"ff-train", {"--dir", "s"}, {"s/config.yaml:", "train.lr (1.0e-2) differs from 0.003"}}});
}

// ---------------------------------------------------------------------------------------------
// Good input

TEST(Cli, PrintConfigShowsPresetAndOverrideAndWritesNothing) {
  Sandbox box;
  const Outcome o = box.run("ff-plan", {"--preset", kMockPreset, "--print-config", "compute.flops_max=3e19"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("flops_max: 3e19"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("seq_len: 512"), std::string::npos) << "the preset's value is missing:\n" << o.out;
  EXPECT_TRUE(snapshot(box.cwd()).empty()) << "--print-config must not write files";
}

TEST(Cli, MockPipelineWritesEveryFile) {
  Sandbox box;
  const Outcome plan = box.run("ff-plan", {"--preset", "gpt-tinystories-mock", "--dir", "s"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  EXPECT_EQ(lines_of(plan.out).size(), kMockRuns + 1) << "ff-plan prints a header and one line per run";
  const json p = read_json(box / "s/plan.json");
  EXPECT_EQ(p["schema_version"], 1);
  EXPECT_EQ(p["flops_convention"], "6nd");
  EXPECT_EQ(p["budgets"].size(), 5u);
  ASSERT_EQ(p["runs"].size(), kMockRuns);
  EXPECT_EQ(p["config"]["model"]["seq_len"], 512);  // from the preset
  const std::string config = read_file(box / "s/config.yaml");
  EXPECT_NE(config.find("seq_len: 512"), std::string::npos) << config;
  EXPECT_NE(config.find("seed: 1"), std::string::npos) << config;

  const Outcome train = box.run("ff-train", {"--dir", "s"});
  ASSERT_EQ(train.code, 0) << train.err;
  EXPECT_TRUE(train.out.empty()) << "ff-train logs to stderr only";
  const auto ids = result_ids(box / "s/results.csv");
  EXPECT_EQ(ids.size(), kMockRuns);
  expect_no_duplicates(ids);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), plan_ids(box / "s/plan.json"));
  EXPECT_NE(read_file(box / "s/config.yaml").find("seed: 1"), std::string::npos)
      << "ff-train must keep the sweep's configuration";
  for (const auto& id : ids) {
    const CsvTable curve = read_csv(box / "s/runs" / id / "curve.csv");
    ASSERT_GE(curve.rows.size(), 10u) << id;
    const int eval = curve.column("eval_loss");
    EXPECT_LT(std::stod(curve.rows.back()[eval]), std::stod(curve.rows.front()[eval])) << id << ": loss must fall";
  }

  const Outcome analyze = box.run("ff-analyze", {"--dir", "s"});
  ASSERT_EQ(analyze.code, 0) << analyze.err;
  EXPECT_NE(analyze.out.find("N_opt"), std::string::npos) << analyze.out;
  const json a = read_json(box / "s/analysis.json");
  EXPECT_EQ(a["n_runs"], static_cast<int>(kMockRuns));
  const double exponent_a = a["approaches"]["isoflop"]["a"];
  const double exponent_b = a["approaches"]["isoflop"]["b"];
  EXPECT_GE(exponent_a, 0.42);  // the mock law's N_opt exponent is beta / (alpha + beta) = 0.452
  EXPECT_LE(exponent_a, 0.48);
  EXPECT_NEAR(exponent_a + exponent_b, 1.0, 0.01);  // C = 6 N D
  EXPECT_EQ(a["predictions"].size(), 15u);  // 5 budgets x 3 approaches (envelope, isoflop, parametric)
  for (const char* approach : {"envelope", "isoflop", "parametric"}) {
    EXPECT_TRUE(a["approaches"][approach]["fitted"].get<bool>()) << approach;
    EXPECT_NEAR(a["approaches"][approach]["a"].get<double>(), 0.452, 0.05) << approach;
  }
  EXPECT_EQ(read_file(box / "s/chinchilla.md").rfind("# Compute-optimal models", 0), 0u);
  const CsvTable table = read_csv(box / "s/chinchilla.csv");
  EXPECT_EQ(table.header, (std::vector<std::string>{"approach", "compute_budget", "n_params", "n_params_lo",
                                                    "n_params_hi", "tokens", "tokens_lo", "tokens_hi",
                                                    "tokens_per_param", "loss", "loss_lo", "loss_hi"}));
  EXPECT_EQ(table.rows.size(), 15u);

  // A later ff-analyze on a damaged results.csv fails and keeps the analysis it made.
  box.write("s/results.csv", read_file(box / "s/results.csv") + "garbage\n");
  all_fail_cleanly(box, {{"ff-analyze", {"--dir", "s"}, {"s/results.csv:37:", fmt::format("{} fields", results_columns().size())}}});

  if (!has_gnuplot()) GTEST_SKIP() << "gnuplot is not on PATH: plots not checked";
  const Outcome plot = box.run("ff-plot", {"--dir", "s"});
  ASSERT_EQ(plot.code, 0) << plot.err;
  for (const std::string figure : {"isoflop", "scaling", "curves", "contours", "residuals"}) {
    EXPECT_EQ(read_file(box / ("s/plots/" + figure + ".png")).substr(0, 4), "\x89PNG") << figure;
    EXPECT_NE(read_file(box / ("s/plots/" + figure + ".svg")).find("<svg"), std::string::npos) << figure;
    EXPECT_TRUE(fs::exists(box / ("s/plots/" + figure + ".gp"))) << figure;
  }
  for (const std::string data : {"isoflop.dat", "scaling.dat", "curves.dat", "contours_lines.dat", "residuals.dat"}) {
    EXPECT_GT(fs::file_size(box / ("s/plots/" + data)), 0u) << data;
  }
}

TEST(Cli, OnlyFfPlanWritesConfigYamlAndLaterStagesRecordWhatTheyRanWith) {
  Sandbox box;
  mock_sweep(box, "s", /*train=*/false);
  const std::string config = read_file(box / "s/config.yaml");
  const Outcome train = box.run("ff-train", {"--dir", "s", "-q", "mock.noise=0.001", "train.lr=3e-3"});
  ASSERT_EQ(train.code, 0) << train.err << "\n(an ff-plan key equal to the plan's value is accepted)";
  const Outcome analyze = box.run("ff-analyze", {"--dir", "s", "-q", "analyze.bootstrap=0"});
  ASSERT_EQ(analyze.code, 0) << analyze.err;
  EXPECT_EQ(read_file(box / "s/config.yaml"), config) << "config.yaml is ff-plan's record of the sweep";
  EXPECT_NE(read_file(box / "s/stages/train.yaml").find("noise: 0.001"), std::string::npos);
  EXPECT_NE(read_file(box / "s/stages/analyze.yaml").find("bootstrap: 0"), std::string::npos);
  EXPECT_EQ(read_json(box / "s/analysis.json")["settings"]["bootstrap"], 0);
}

TEST(Cli, ResumeSkipsFinishedRunsAndRepairsPartialRow) {
  Sandbox box;
  mock_sweep(box, "s");
  const std::string whole = read_file(box / "s/results.csv");
  const Outcome again = box.run("ff-train", {"--dir", "s"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(read_file(box / "s/results.csv"), whole) << "a finished sweep appends nothing";
  EXPECT_NE(again.err.find("35 of 35 runs already finished"), std::string::npos) << again.err;

  // Killed mid-write: the last row is half there, without its newline.
  const size_t last_start = whole.rfind('\n', whole.size() - 2) + 1;
  const std::string last_row = whole.substr(last_start);
  const std::string partial = last_row.substr(0, last_row.size() / 2);
  box.write("s/results.csv", whole.substr(0, last_start) + partial);
  const Outcome o = box.run("ff-train", {"--dir", "s"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("34 of 35 runs already finished"), std::string::npos) << o.err;
  const std::string repaired = read_file(box / "s/results.csv");
  EXPECT_EQ(repaired.substr(0, last_start), whole.substr(0, last_start)) << "earlier rows must stay as they were";
  const auto ids = result_ids(box / "s/results.csv");
  EXPECT_EQ(ids.size(), kMockRuns);
  expect_no_duplicates(ids);
  EXPECT_EQ(repaired.find(partial + "\n"), std::string::npos) << "the partial row must be gone";
  const std::string id = last_row.substr(0, last_row.find(','));
  EXPECT_EQ(repaired.substr(last_start, id.size() + 1), id + ",") << "the interrupted run is run again";
}

TEST(Cli, PartialHeaderIsRepaired) {
  // A crash during the very first append leaves part of the header and no newline.
  Sandbox box;
  mock_sweep(box, "s", /*train=*/false);
  box.write("s/results.csv", "run_id,compute_bu");
  const Outcome o = box.run("ff-train", {"--dir", "s", "-q"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(result_ids(box / "s/results.csv").size(), kMockRuns);
  EXPECT_EQ(read_file(box / "s/results.csv").rfind("run_id,compute_budget,n_params,", 0), 0u);
}

// results.csv's final_loss column by run_id, as written (text).
std::map<std::string, std::string> losses_by_id(const fs::path& path) {
  const CsvTable t = read_csv(path);
  std::map<std::string, std::string> by_id;
  for (const auto& row : t.rows) by_id[row[t.column("run_id")]] = row[t.column("final_loss")];
  return by_id;
}

TEST(Cli, ShardsTogetherEqualOneRun) {
  Sandbox box;
  mock_sweep(box, "s", /*train=*/false);
  const Outcome whole = box.run("ff-train", {"--dir", "s", "-q", "--results", "whole.csv"});
  ASSERT_EQ(whole.code, 0) << whole.err;
  const Outcome first = box.run("ff-train", {"--dir", "s", "--shard", "0/2", "-q"});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(result_ids(box / "s/results.csv").size(), (kMockRuns + 1) / 2);  // runs 0, 2, ..., 34
  const Outcome second = box.run("ff-train", {"--dir", "s", "--shard", "1/2", "-q"});
  ASSERT_EQ(second.code, 0) << second.err;
  const auto sharded = result_ids(box / "s/results.csv");
  expect_no_duplicates(sharded);
  const auto all = result_ids(box / "whole.csv");
  EXPECT_EQ(std::set<std::string>(sharded.begin(), sharded.end()), std::set<std::string>(all.begin(), all.end()));
  // Mock noise is drawn from (seed, run_id): the same run gets the same loss in any shard.
  EXPECT_EQ(losses_by_id(box / "s/results.csv"), losses_by_id(box / "whole.csv"));
}

TEST(Cli, JobsSideBySideEqualOneRunAndSplitAShard) {
  // train.jobs=3: three ff-train processes claim the runs one at a time; together the same rows
  // and losses as one process. Within --shard 1/2 the jobs cover exactly that shard.
  Sandbox box;
  mock_sweep(box, "s", /*train=*/false);
  ASSERT_EQ(box.run("ff-train", {"--dir", "s", "-q", "--results", "whole.csv"}).code, 0);
  const Outcome jobs = box.run("ff-train", {"--dir", "s", "-q", "train.jobs=3"});
  ASSERT_EQ(jobs.code, 0) << jobs.err;
  const auto ids = result_ids(box / "s/results.csv");
  expect_no_duplicates(ids);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), plan_ids(box / "s/plan.json"));
  EXPECT_EQ(losses_by_id(box / "s/results.csv"), losses_by_id(box / "whole.csv"));

  ASSERT_EQ(box.run("ff-train", {"--dir", "s", "-q", "--shard", "1/2", "--results", "half.csv"}).code, 0);
  ASSERT_EQ(box.run("ff-train", {"--dir", "s", "-q", "--shard", "1/2", "--results", "half_jobs.csv", "train.jobs=2"}).code, 0);
  const auto half = result_ids(box / "half.csv"), half_jobs = result_ids(box / "half_jobs.csv");
  expect_no_duplicates(half_jobs);
  EXPECT_EQ(std::set<std::string>(half_jobs.begin(), half_jobs.end()), std::set<std::string>(half.begin(), half.end()));
  EXPECT_EQ(half.size(), kMockRuns / 2);
  const Outcome bad = box.run("ff-train", {"--dir", "s", "-q", "train.jobs=0"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("train.jobs"), std::string::npos) << bad.err;
}

TEST(Cli, ConcurrentShardsShareOneResultsFile) {
  // Slurm array jobs start together: 4 shards at once, three times over (a race may not show
  // every round).
  Sandbox box;
  mock_sweep(box, "s", /*train=*/false);
  for (int round = 0; round < 3; ++round) {
    fs::remove(box / "s/results.csv");
    std::vector<Process> shards;
    for (int i = 0; i < 4; ++i) shards.push_back(box.spawn("ff-train", {"--dir", "s", "-q", "--shard", fmt::format("{}/4", i)}));
    for (const auto& shard : shards) {
      const Outcome o = finish(shard);
      EXPECT_EQ(o.code, 0) << "round " << round << ": " << o.err;
    }
    const auto ids = result_ids(box / "s/results.csv");
    expect_no_duplicates(ids);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), plan_ids(box / "s/plan.json")) << "round " << round;
  }
}

TEST(Cli, ProcessesWithoutShardOnOneSweepTrainEachRunOnce) {
  // Three terminals (or an array submitted without --shard) at once: each run is claimed by one
  // process, so one row per run; every process exits 0 only once every run is in results.csv.
  Sandbox box;
  mock_sweep(box, "s", /*train=*/false);
  ASSERT_EQ(box.run("ff-train", {"--dir", "s", "-q", "--results", "whole.csv"}).code, 0);
  for (int round = 0; round < 3; ++round) {
    fs::remove(box / "s/results.csv");
    std::vector<Process> processes;
    for (int i = 0; i < 3; ++i) processes.push_back(box.spawn("ff-train", {"--dir", "s"}));
    for (const auto& p : processes) {
      const Outcome o = finish(p);
      EXPECT_EQ(o.code, 0) << "round " << round << ": " << o.err;
      EXPECT_NE(o.err.find(fmt::format("{} runs in this shard", kMockRuns)), std::string::npos) << o.err;
    }
    const auto ids = result_ids(box / "s/results.csv");
    expect_no_duplicates(ids);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), plan_ids(box / "s/plan.json")) << "round " << round;
    EXPECT_EQ(losses_by_id(box / "s/results.csv"), losses_by_id(box / "whole.csv"));
  }
}

TEST(Cli, AnalyzeUserCsvWithFourColumns) {
  // Saved by Excel: a UTF-8 byte-order mark, CRLF line ends, and no newline at the end.
  Sandbox box;
  std::string user = "\xEF\xBB\xBF" + law_csv({5, 5, 5}, "\r\n");
  box.write("user.csv", user.substr(0, user.size() - 2));
  // Tab-separated, with a status column and a diverged run whose loss is nan: only ok rows count.
  std::string with_status = "status\tcompute_budget\tn_params\ttokens\tfinal_loss\n";
  for (std::string line : lines_of(law_csv({5, 5, 5}))) {
    std::replace(line.begin(), line.end(), ',', '\t');
    if (line.rfind("compute_budget", 0) != 0) with_status += "ok\t" + line + "\n";
  }
  box.write("status.tsv", with_status + "diverged\t1e19\t1e9\t1.6e9\tnan\n");
  const Process user_run = box.spawn("ff-analyze", {"--results", "user.csv", "--dir", "out"});
  const Process status_run = box.spawn("ff-analyze", {"--results", "status.tsv", "--analysis", "out2/analysis.json"});
  const Outcome o = finish(user_run), s = finish(status_run);
  ASSERT_EQ(o.code, 0) << o.err;
  const json a = read_json(box / "out/analysis.json");
  EXPECT_EQ(a["n_runs"], 15);
  EXPECT_NEAR(a["approaches"]["isoflop"]["a"].get<double>(), 0.28 / 0.62, 0.02);  // beta / (alpha + beta)
  EXPECT_EQ(a["approaches"]["isoflop"]["budgets"][0]["runs"][0]["run_id"], "");
  EXPECT_TRUE(fs::exists(box / "out/chinchilla.md"));
  EXPECT_TRUE(fs::exists(box / "out/chinchilla.csv"));
  ASSERT_EQ(s.code, 0) << s.err;
  EXPECT_EQ(read_json(box / "out2/analysis.json")["n_runs"], 15);
}

TEST(Cli, AnalyzeOneSizeBudgetIsLeftOutWithWarning) {
  Sandbox box;
  box.write("one.csv", law_csv({5, 5, 1}));
  const Outcome o = box.run("ff-analyze", {"--results", "one.csv", "--analysis", "out/analysis.json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("warning: budget 1e20: only 1 model size"), std::string::npos) << o.err;
  const json a = read_json(box / "out/analysis.json");
  const json& budgets = a["approaches"]["isoflop"]["budgets"];
  ASSERT_EQ(budgets.size(), 3u);
  EXPECT_TRUE(budgets[0]["used"].get<bool>());
  EXPECT_TRUE(budgets[1]["used"].get<bool>());
  EXPECT_FALSE(budgets[2]["used"].get<bool>());
  EXPECT_NE(a["warnings"].dump().find("budget 1e20"), std::string::npos);
  EXPECT_TRUE(a["approaches"]["isoflop"]["loss_opt"].is_null());  // 2 budgets: no loss law
}

// The hyperparameter laws joined to the plan: a hyperparameter sweep of a mock with a hidden
// optimum (lr_opt = 3e-3 (C/1e18)^-0.125, B_opt = 32 (C/1e18)^0.33), its laws, and an IsoFLOP
// sweep planned from them (--hyper-from) whose runs train at the hidden optimum.
TEST(Cli, HyperparameterLawsSetTheIsoflopRunsLrAndBatch) {
  Sandbox box;
  const std::vector<std::string> hidden = {"mock.lr_width=0.05", "mock.lr_opt=3e-3", "mock.lr_exponent=-0.125",
                                           "mock.batch_width=0.03", "mock.batch_opt=32", "mock.batch_exponent=0.33"};
  auto run = [&](const std::string& tool, std::vector<std::string> args, bool with_hidden = false) {
    if (with_hidden) args.insert(args.end(), hidden.begin(), hidden.end());
    const Outcome o = box.run(tool, args);
    EXPECT_EQ(o.code, 0) << tool << ": " << o.err;
    return o;
  };
  run("ff-plan", {"--preset", kMockPreset, "--dir", "h", "-q", "plan.kind=hyperparameters", "hyper.lr_min=1e-4",
                  "hyper.lr_max=1e-1", "hyper.lr_count=7", "hyper.batch_size_min=4", "hyper.batch_size_max=256",
                  "hyper.batch_size_count=5"});
  run("ff-train", {"--dir", "h", "-q"}, true);
  const Outcome analyzed = run("ff-analyze", {"--dir", "h", "analyze.bootstrap=200"});
  EXPECT_NE(analyzed.out.find("lr: lr_opt = "), std::string::npos) << analyzed.out;
  const json h = read_json(box / "h/analysis.json")["hyperparameters"];
  EXPECT_NEAR(h["lr"]["exponent"].get<double>(), -0.125, 0.03);
  EXPECT_NEAR(h["batch_size"]["exponent"].get<double>(), 0.33, 0.03);
  EXPECT_NE(read_file(box / "h/chinchilla.md").find("## Hyperparameter laws"), std::string::npos);
  run("ff-plan", {"--preset", kMockPreset, "--dir", "s", "-q", "--hyper-from", "h/analysis.json"});
  const json plan = read_json(box / "s/plan.json");
  EXPECT_EQ(plan["hyperparameter_laws"]["source"], "h/analysis.json");
  ASSERT_EQ(plan["runs"].size(), kMockRuns);
  for (const json& r : plan["runs"]) {
    const double c = r["compute_budget"].get<double>();
    EXPECT_NEAR(r["lr"].get<double>() / (3e-3 * std::pow(c / 1e18, -0.125)), 1.0, 0.1) << r["run_id"];
    EXPECT_NEAR(r["batch_size"].get<double>() / (32 * std::pow(c / 1e18, 0.33)), 1.0, 0.1) << r["run_id"];
  }
  run("ff-train", {"--dir", "s", "-q"}, true);
  const CsvTable results = read_csv(box / "s/results.csv");
  EXPECT_EQ(results.rows.size(), kMockRuns);
  EXPECT_GE(results.column("lr"), 0);
  run("ff-analyze", {"--dir", "s", "-q", "analyze.bootstrap=100"});
  EXPECT_TRUE(read_json(box / "s/analysis.json")["approaches"]["isoflop"]["fitted"].get<bool>());
  const Outcome refused = box.run("ff-plan", {"--preset", kMockPreset, "--dir", "t", "--hyper-from", "s/analysis.json"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("s/analysis.json: holds no hyperparameter laws"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace ff
