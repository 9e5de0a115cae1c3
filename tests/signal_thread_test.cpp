// Signals delivered while oneDNN's JIT sgemm runs (its kernels point the stack pointer at a heap
// workspace: oneDNN issue 4845) must not corrupt the heap. Like ff-train, this program starts the
// signal thread before any other thread.
#include "ff/common/signal_thread.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "ff/model/fused_detail.h"

namespace {

const bool g_started = (ff::start_signal_thread(), true);

std::atomic<int> g_handled{0};
std::atomic<pthread_t> g_handler_thread{};

void count_signal(int) {
  g_handled.fetch_add(1);
  g_handler_thread.store(pthread_self());
}

void install_counter(int signal_number) {
  struct sigaction action {};
  action.sa_handler = count_signal;
  sigemptyset(&action.sa_mask);
  ASSERT_EQ(sigaction(signal_number, &action, nullptr), 0);
}

bool blocked_here(int signal_number) {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, signal_number) == 1;
}

TEST(SignalThread, HandlersRunOnItsThreadAndNowhereElse) {
  ASSERT_TRUE(g_started);
  install_counter(SIGUSR2);
  g_handled = 0;
  ASSERT_EQ(kill(getpid(), SIGUSR2), 0);
  for (int i = 0; i < 2000 && g_handled.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(g_handled.load(), 1);
  EXPECT_FALSE(pthread_equal(g_handler_thread.load(), pthread_self()));
  EXPECT_TRUE(blocked_here(SIGUSR2));
  std::thread([] { EXPECT_TRUE(blocked_here(SIGTERM)); }).join();  // new threads inherit the mask
  signal(SIGUSR2, SIG_DFL);
}

TEST(SignalThread, AnUnhandledSignalStillTerminatesTheProcess) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // the fork has no signal thread: start one, then take the default action
    ff::start_signal_thread();
    signal(SIGTERM, SIG_DFL);
    kill(getpid(), SIGTERM);
    sleep(10);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

// A blocked signal is queued even when ignored; the signal thread takes it and drops it. The
// disposition stays SIG_IGN: back to SIG_DFL, a signal not yet taken would end the process.
TEST(SignalThread, IgnoredSignalsStayIgnored) {
  signal(SIGUSR2, SIG_IGN);
  ASSERT_EQ(kill(getpid(), SIGUSR2), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  SUCCEED();  // still alive
}

// A stream of handled signals while the fused products run: every product stays exact and the
// heap (from which malloc here takes every block, large ones included) stays intact. Without the
// signal thread this aborts within a second ("corrupted size vs. prev_size").
TEST(SignalThread, SignalsDuringMatrixProductsLeaveResultsAndHeapIntact) {
  mallopt(M_MMAP_MAX, 0);
  install_counter(SIGUSR1);
  g_handled = 0;
  std::atomic<bool> done{false};
  std::thread sender([&] {
    while (!done.load()) {
      kill(getpid(), SIGUSR1);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  torch::manual_seed(3);
  const int64_t m = 512, n = 384, k = 256;
  const auto a = torch::randn({m, k}), b = torch::randn({k, n});
  const auto want = torch::mm(a.to(torch::kFloat64), b.to(torch::kFloat64));
  const auto start = std::chrono::steady_clock::now();
  int products = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(2)) {
    auto c = torch::empty({m, n});
    std::vector<char> other(1 << 16, 1);  // heap blocks around the workspace
    ff::fused_detail::gemm(false, false, m, n, k, 1.0f, a.data_ptr<float>(), k, b.data_ptr<float>(), n, 0.0f,
                           c.data_ptr<float>(), n);
    ASSERT_LT((c.to(torch::kFloat64) - want).abs().max().item<double>(), 1e-3) << "product " << products;
    ++products;
  }
  done = true;
  sender.join();
  mallopt(M_MMAP_MAX, 65536);
  signal(SIGUSR1, SIG_IGN);  // not SIG_DFL: a signal the sender left pending would end the process
  EXPECT_GT(g_handled.load(), 100) << products << " products";
}

}  // namespace
