// Asynchronous signals handled on a thread of their own. oneDNN's JIT matrix kernels (the fused
// path's sgemm; Debian's LibTorch loads oneDNN 2.6.3) point the stack pointer at a heap workspace
// while they run, so a signal handled on a thread inside one writes its frame into the heap
// (oneDNN issue 4845, fixed upstream in 2026): glibc then aborts with "corrupted size vs.
// prev_size", or a product comes out wrong. With the signal thread no computing thread ever takes
// a signal.
#pragma once

namespace ff {

/// Blocks SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and SIGALRM in the calling thread
/// (and so in every thread it starts later) and starts one thread that waits for them and carries
/// out each signal's current disposition (sigaction): it calls the installed handler, which thus
/// runs on that thread (an SA_SIGINFO handler gets the siginfo and no context); for SIG_DFL it
/// terminates the process (their default action); it drops SIG_IGN. Call it first in main, before
/// any thread starts: a thread started earlier keeps its mask and may still take signals.
/// Idempotent within a process; a forked child calls it again to have a signal thread of its own.
/// SIGPROF and the fault signals are left alone.
void start_signal_thread();

}  // namespace ff
