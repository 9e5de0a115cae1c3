// Run claims: exclusive while held, released when the holder ends (kill -9 included), and the
// scheduler step that claims the largest unfinished, unclaimed run.
#include "ff/train/run_claim.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "ff/common/fs.h"
#include "ff/io/results_file.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

// Runs r0..r{n-1}; run k plans flops[k].
Plan plan_with_flops(const std::vector<double>& flops) {
  Plan plan;
  for (size_t k = 0; k < flops.size(); ++k) {
    PlannedRun run;
    run.run_id = "r" + std::to_string(k);
    run.flops = flops[k];
    plan.runs.push_back(run);
  }
  return plan;
}

std::vector<std::string> ids(const std::vector<const PlannedRun*>& runs) {
  std::vector<std::string> out;
  for (const PlannedRun* run : runs) out.push_back(run->run_id);
  return out;
}

void append_ok(const SweepDir& dir, const std::string& run_id) {
  RunResult r;
  r.run_id = run_id;
  append_result(dir.results(), r);
}

TEST(RunClaim, IsExclusiveUntilReleased) {
  testing::TempDir tmp;
  const fs::path path = tmp / "claim";
  {
    std::optional<RunClaim> first = RunClaim::try_take(path);
    ASSERT_TRUE(first.has_value());
    EXPECT_FALSE(RunClaim::try_take(path).has_value());  // flock: a second descriptor of this process too
    RunClaim moved = std::move(*first);
    first.reset();
    EXPECT_FALSE(RunClaim::try_take(path).has_value());  // the moved-to claim still holds it
  }
  EXPECT_TRUE(RunClaim::try_take(path).has_value());
  EXPECT_NE(read_file(path).find(std::to_string(::getpid())), std::string::npos);  // "host pid"
}

TEST(RunClaim, ClaimOfAKilledProcessIsTakenOver) {
  testing::TempDir tmp;
  const fs::path path = tmp / "claim";
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    const auto claim = RunClaim::try_take(path);
    const char byte = claim ? 'y' : 'n';
    [[maybe_unused]] const ssize_t n = ::write(ready[1], &byte, 1);
    ::pause();  // holds the claim until killed
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  EXPECT_EQ(byte, 'y');
  EXPECT_FALSE(RunClaim::try_take(path).has_value());
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_TRUE(RunClaim::try_take(path).has_value());
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST(RunClaim, MissingFolderIsAnErrorNamingTheFile) {
  testing::TempDir tmp;
  const std::string message = testing::error_of([&] { RunClaim::try_take(tmp.path() / "no/such/claim"); });
  EXPECT_NE(message.find("no/such/claim: cannot create the run's claim file"), std::string::npos) << message;
}

TEST(ClaimOrder, LargestFirstWithinTheShardPlanOrderOnTies) {
  const Plan plan = plan_with_flops({1, 5, 3, 5, 2, 4});
  EXPECT_EQ(ids(claim_order(plan, 0, 1)), (std::vector<std::string>{"r1", "r3", "r5", "r2", "r4", "r0"}));
  EXPECT_EQ(ids(claim_order(plan, 1, 2)), (std::vector<std::string>{"r1", "r3", "r5"}));  // plan indices 1, 3, 5
  EXPECT_EQ(ids(claim_order(plan, 0, 2)), (std::vector<std::string>{"r2", "r4", "r0"}));
}

TEST(ClaimNextRun, SkipsFinishedAndClaimedRunsAndRechecksResultsAfterClaiming) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  const Plan plan = plan_with_flops({1, 4, 3, 2});
  auto queue = claim_order(plan, 0, 1);  // r1 r2 r3 r0
  append_ok(dir, "r1");
  ensure_dir(dir.run("r2").dir);
  const auto held = RunClaim::try_take(dir.run("r2").claim);  // another "process" trains r2
  int elsewhere = 0;
  std::vector<std::string> busy;
  auto next = claim_next_run(queue, dir, &elsewhere, &busy);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->run->run_id, "r3");
  EXPECT_EQ(elsewhere, 1);
  EXPECT_EQ(busy, std::vector<std::string>{"r2"});
  EXPECT_EQ(ids(queue), (std::vector<std::string>{"r2", "r0"}));
  EXPECT_FALSE(RunClaim::try_take(dir.run("r3").claim).has_value());  // held by `next`
  auto last = claim_next_run(queue, dir, &elsewhere, &busy);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->run->run_id, "r0");
  EXPECT_FALSE(claim_next_run(queue, dir, &elsewhere, &busy).has_value());
  EXPECT_EQ(busy, std::vector<std::string>{"r2"});
}

}  // namespace
}  // namespace ff
