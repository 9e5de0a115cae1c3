// Async-signal-safe stop flag (see stop_signal.h).
#include "ff/train/stop_signal.h"

#include <csignal>

namespace ff {
namespace {

volatile std::sig_atomic_t g_stop_signal = 0;
constexpr int kSignals[] = {SIGTERM, SIGINT, SIGUSR1};
struct sigaction g_previous[3];

void on_stop_signal(int signal_number) { g_stop_signal = signal_number; }

}  // namespace

StopSignalGuard::StopSignalGuard() {
  g_stop_signal = 0;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &action, &g_previous[i]);
}

StopSignalGuard::~StopSignalGuard() {
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

int stop_signal() { return static_cast<int>(g_stop_signal); }

}  // namespace ff
