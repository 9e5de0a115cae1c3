// Asynchronous signals on a thread of their own (see signal_thread.h).
#include "ff/common/signal_thread.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <mutex>
#include <thread>

namespace ff {
namespace {

constexpr int kRelayed[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM};

sigset_t relayed_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : kRelayed) sigaddset(&set, s);
  return set;
}

// Every relayed signal's default action ends the process: take it, from this thread.
[[noreturn]] void default_action(int signal_number) {
  ::signal(signal_number, SIG_DFL);
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, signal_number);
  ::pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
  for (;;) ::pthread_kill(::pthread_self(), signal_number);
}

void relay(sigset_t set) {
  for (;;) {
    siginfo_t info{};
    const int signal_number = ::sigwaitinfo(&set, &info);
    if (signal_number < 0) continue;  // EINTR
    struct sigaction now {};
    ::sigaction(signal_number, nullptr, &now);
    if ((now.sa_flags & SA_SIGINFO) != 0) {
      now.sa_sigaction(signal_number, &info, nullptr);
    } else if (now.sa_handler == SIG_DFL) {
      default_action(signal_number);
    } else if (now.sa_handler != SIG_IGN) {
      now.sa_handler(signal_number);
    }
  }
}

}  // namespace

void start_signal_thread() {
  static std::mutex mutex;
  static pid_t started_in = 0;  // a fork has no signal thread until it starts its own
  const std::lock_guard<std::mutex> lock(mutex);
  if (started_in == ::getpid()) return;
  const sigset_t set = relayed_set();
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(relay, set).detach();
  started_in = ::getpid();
}

}  // namespace ff
