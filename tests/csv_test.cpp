// The CSV reader on files as users' tools write them: one test per case, each on an exact small
// file, asserting the values read (through read_observations, ff-analyze's reader, where the
// case is about a results CSV).
#include "ff/io/csv.h"

#include <gtest/gtest.h>

#include "ff/io/results_file.h"
#include "temp_dir.h"

namespace ff {
namespace {

// The one observation of a results CSV holding a single run.
Observation only_run(const testing::TempDir& dir, const std::string& name, const std::string& text) {
  const auto obs = read_observations(dir.file(name, text));
  EXPECT_EQ(obs.size(), 1u);
  return obs.empty() ? Observation{} : obs[0];
}

void expect_run(const Observation& o, double budget, double n, double d, double loss) {
  EXPECT_DOUBLE_EQ(o.compute_budget, budget);
  EXPECT_DOUBLE_EQ(o.n_params, n);
  EXPECT_DOUBLE_EQ(o.tokens, d);
  EXPECT_DOUBLE_EQ(o.final_loss, loss);
}

TEST(Csv, ExcelUtf8WithBomAndCrlf) {
  testing::TempDir dir;
  const auto o = only_run(dir, "excel.csv", "\xEF\xBB\xBF" "compute_budget,n_params,tokens,final_loss\r\n1e18,1e7,1.6e10,3.25\r\n");
  expect_run(o, 1e18, 1e7, 1.6e10, 3.25);
}

TEST(Csv, CrlfWithoutBom) {
  const CsvTable t = parse_csv("a,b\r\n1,2\r\n3,4\r\n", "t.csv");
  EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(t.lines[1], 3);
}

TEST(Csv, TabSeparatedByExtension) {
  testing::TempDir dir;
  // A .tsv file: tabs separate even though a field holds a comma.
  const CsvTable t = read_csv(dir.file("r.tsv", "run_id\tcompute_budget\nrun,1\t1e18\n"));
  EXPECT_EQ(t.delimiter, '\t');
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"run,1", "1e18"}));
  const auto o = only_run(dir, "r.tab", "compute_budget\tn_params\ttokens\tfinal_loss\n2e18\t3e7\t1e10\t2.5\n");
  expect_run(o, 2e18, 3e7, 1e10, 2.5);
}

TEST(Csv, TabSeparatedBySniffingTheHeader) {
  testing::TempDir dir;
  const auto o = only_run(dir, "r.csv", "compute_budget\tn_params\ttokens\tfinal_loss\n2e18\t3e7\t1e10\t2.5\n");
  expect_run(o, 2e18, 3e7, 1e10, 2.5);
  // A header with both a tab and a comma is comma-separated.
  EXPECT_EQ(parse_csv("a\tb,c\n1,2\n", "x.csv").header, (std::vector<std::string>{"a\tb", "c"}));
}

TEST(Csv, QuotedFieldsWithCommasDoubledQuotesAndNewlines) {
  const CsvTable t = parse_csv("id,note,x\n\"a,b\",\"say \"\"hi\"\"\",1\n\"c\",\"two\r\nlines\",2\n", "q.csv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"a,b", "say \"hi\"", "1"}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"c", "two\nlines", "2"}));
  EXPECT_EQ(t.lines[1], 3);
  // A row after the two-line field is numbered by its file line.
  const CsvTable u = parse_csv("id,note\n\"a\",\"1\n2\n3\"\nb,x\n", "q.csv");
  EXPECT_EQ(u.lines[1], 5);
}

TEST(Csv, ThousandsOfRows) {
  testing::TempDir dir;
  std::string text = "compute_budget,n_params,tokens,final_loss\n";
  for (int i = 1; i <= 5000; ++i) text += fmt::format("1e18,{},{},{}\n", i * 1000, 1e18 / (6.0 * i * 1000), 2 + 1.0 / i);
  const auto obs = read_observations(dir.file("big.csv", text));
  ASSERT_EQ(obs.size(), 5000u);
  EXPECT_DOUBLE_EQ(obs[4999].n_params, 5e6);
  EXPECT_DOUBLE_EQ(obs[4999].final_loss, 2 + 1.0 / 5000);
}

TEST(Csv, ScientificNotationInAnyCase) {
  testing::TempDir dir;
  const auto o = only_run(dir, "s.csv", "compute_budget,n_params,tokens,final_loss\n1E+20,1e7,1.5E10,1.5e-3\n");
  expect_run(o, 1e20, 1e7, 1.5e10, 1.5e-3);
  const auto p = only_run(dir, "t.csv", "compute_budget,n_params,tokens,final_loss\n1e20,1E7,15e9,0.0015\n");
  expect_run(p, 1e20, 1e7, 1.5e10, 1.5e-3);
}

TEST(Csv, TrailingEmptyLinesAndSpreadsheetEmptyRows) {
  const CsvTable t = parse_csv("a,b\n1,2\n\n,\r\n  \n", "e.csv");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1", "2"}));
}

TEST(Csv, CommentLinesAreSkipped) {
  testing::TempDir dir;
  const auto o = only_run(dir, "c.csv",
                          "# written by my_sweep.py\ncompute_budget,n_params,tokens,final_loss\n# budget 1\n"
                          "1e18,1e7,1.6e10,3.25\n  # indented comment\n");
  expect_run(o, 1e18, 1e7, 1.6e10, 3.25);
  const CsvTable t = parse_csv("# c\na,b\n# c\n1,2\n", "c.csv");
  EXPECT_EQ(t.lines[0], 4);
}

TEST(Csv, PandasIndexColumnAndQuotedRunIds) {
  testing::TempDir dir;
  const auto o = only_run(dir, "p.csv",
                          ",run_id,compute_budget,n_params,tokens,final_loss,status\n"
                          "0,\"run, first\",1e+18,10000000,16000000000.0,3.25,ok\n");
  expect_run(o, 1e18, 1e7, 1.6e10, 3.25);
  EXPECT_EQ(o.run_id, "run, first");
}

TEST(Csv, ReorderedAndExtraColumns) {
  testing::TempDir dir;
  const auto o = only_run(dir, "r.csv", "lr,final_loss,notes,tokens,n_params,compute_budget\n3e-4,3.25,x,1.6e10,1e7,1e18\n");
  expect_run(o, 1e18, 1e7, 1.6e10, 3.25);
}

TEST(Csv, SpacesAroundFieldsAndHeaderNames) {
  testing::TempDir dir;
  const auto o = only_run(dir, "s.csv", "compute_budget, n_params , tokens,final_loss\n1e18 , 1e7,  1.6e10,\" 3.25\"\n");
  EXPECT_DOUBLE_EQ(o.n_params, 1e7);
  EXPECT_DOUBLE_EQ(o.final_loss, 3.25);  // strtod skips the quoted leading space
}

TEST(Csv, PartialLastLineIsDroppedOnlyWhenAsked) {
  EXPECT_EQ(parse_csv("a,b\n1,2\n3,", "p.csv").rows.size(), 2u);
  EXPECT_EQ(parse_csv("\xEF\xBB\xBF" "a,b\r\n1,2\r\n3,4", "p.csv", false).rows.size(), 1u);
}

TEST(Csv, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(testing::error_of([] { parse_csv("a,b\n1,2\n3,\"4\n", "u.csv"); }),
            "u.csv:3: column 2 (b): unterminated quoted field (a '\"' opens it and the file ends)");
  EXPECT_EQ(testing::error_of([] { parse_csv("a,b\n1,2\n3,4,5\n", "u.csv"); }), "u.csv:3: expected 2 fields, got 3");
  EXPECT_EQ(testing::error_of([] { parse_csv("\xEF\xBB\xBF\r\n# only a comment\n", "u.csv"); }),
            "u.csv: empty file (expected a CSV header)");
  EXPECT_EQ(testing::error_of([] { parse_csv("a;b\n1;2\n", "u.csv").require_column("b"); }),
            "u.csv: missing column 'b' (header: a;b); hint: fields are separated by ';', flops-fit reads comma- or "
            "tab-separated files");
}

TEST(Csv, IntegersTooLargeForInt64AreErrors) {
  testing::TempDir dir;
  const std::string head = "run_id,compute_budget,n_params,n_params_non_embedding,tokens,flops,final_loss,status,"
                           "wall_seconds,d_model,n_layers,steps\n";
  const std::string f = dir.file("r.csv", head + "a,1e18,1e300,1,1,1,3,ok,0,1,1,1\n");
  EXPECT_EQ(testing::error_of([&] { read_results(f); }), f + ":2: n_params: '1e300' is not an integer");
}

}  // namespace
}  // namespace ff
