// Graceful stop: SIGTERM, SIGINT and SIGUSR1 (what Slurm sends before a time limit with
// --signal=USR1@...) set a flag that the training loop polls once per step.
#pragma once

namespace ff {

/// Installs the handlers for its lifetime and restores the previous ones afterwards.
/// Clears any earlier request on construction.
class StopSignalGuard {
 public:
  StopSignalGuard();
  ~StopSignalGuard();
  StopSignalGuard(const StopSignalGuard&) = delete;
  StopSignalGuard& operator=(const StopSignalGuard&) = delete;
};

/// The signal number that asked to stop, or 0.
int stop_signal();

}  // namespace ff
