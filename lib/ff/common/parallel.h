// A deterministic parallel loop over [0, n) on a fixed number of std::threads.
#pragma once

#include <cstddef>
#include <functional>

namespace ff {

/// `requested` threads if positive, else the machine's hardware threads (at least 1): what a
/// thread setting of 0 ("all cores") means.
int thread_count(int requested);

/// Calls body(i) once for every i in [0, n), spread over `threads` std::threads (1 = inline).
/// Items are claimed one at a time, so the result is deterministic whenever body(i) writes
/// only to slot i. If bodies throw, the exception of the lowest failing i is rethrown after
/// all threads have joined (the remaining items still run).
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& body);

}  // namespace ff
