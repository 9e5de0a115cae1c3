// train.jobs: a sweep's runs trained side by side in several ff-train processes on one machine.
// Small models use cores poorly one at a time (LibTorch's per-op overhead does not shrink with the
// model), so two runs on one thread each finish a CPU sweep about twice as fast as one run on two
// threads (README, "Training speed"). Each job is an ordinary ff-train on the same runs (the same
// --shard, if any): the jobs claim runs one at a time, largest first, so whichever job is free
// takes the next run (run_claim.h); results.csv takes their rows under its lock.
#pragma once

#include <string>
#include <vector>

namespace ff {

/// LibTorch threads for each of `jobs` jobs: train.threads (0 = all cores) divided among them, at
/// least 1.
int threads_per_job(int threads, int jobs);

/// Parses the hidden "--job k/J" that the parent passes to each job; ff::Error when malformed.
void parse_job(const std::string& text, int* job, int* jobs);

/// Starts `jobs` copies of this process (/proc/self/exe) with `argv` plus "--job k/J", forwards
/// SIGTERM, SIGINT and SIGUSR1 to them, and waits for all. Returns the sweep's exit code: 3 if any
/// job was interrupted (resumable), else 1 if any failed, else 0.
int run_parallel_jobs(const std::vector<std::string>& argv, int jobs);

}  // namespace ff
