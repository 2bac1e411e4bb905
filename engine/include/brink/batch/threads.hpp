#pragma once
// Spreading a batch's chunks over threads (or, in batch_mpi.cpp, over MPI ranks) and
// handing the results back strictly in chunk order, whatever order they finish in.
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "brink/batch/plan.hpp"

namespace brink {

/// Receives each finished chunk in order; returns false to stop the batch there.
using ChunkSink = std::function<bool(ChunkResult&)>;

/// Runs `todo` (chunk indices, ascending) on `threads` threads. Stops taking new chunks
/// when `interrupt` becomes true or the sink returns false; every chunk before the stop
/// point is delivered. Rethrows the first RunError a worker met (after delivering the
/// chunks before it).
void runOnThreads(const BatchPlan& plan, bool trace, unsigned threads, const std::vector<std::uint64_t>& todo,
                  const ChunkSink& sink, const std::atomic<bool>& interrupt);

}  // namespace brink
