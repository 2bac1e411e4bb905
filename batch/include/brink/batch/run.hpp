#pragma once
/// A batch from its plan to its files: the runs still missing from its folder are run (on
/// threads, or by whatever spreads chunks), committed chunk by chunk, and reported in
/// results.sqlite, runs.csv and summary.json. `brink batch` only parses its flags into a
/// BatchJob and prints what comes back; scripts and the play window call the same code.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "brink/batch/plan.hpp"
#include "brink/batch/report.hpp"
#include "brink/batch/store.hpp"
#include "brink/batch/threads.hpp"

namespace brink {

/// Computes the chunks `todo` of `plan` and hands each to `sink` in order (runOnThreads,
/// MpiSession::coordinate); stops early when `interrupt` becomes true.
using ChunkSpreader = std::function<void(const BatchPlan& plan, bool trace, const std::vector<std::uint64_t>& todo,
                                         const ChunkSink& sink, const std::atomic<bool>& interrupt)>;

/// What to run, where, and when to stop.
struct BatchJob {
    BatchPlan plan;
    std::string scenarioSha1;     ///< of the scenario file's bytes (part of the batch's identity)
    std::string dir;              ///< the batch's folder
    bool keep = true;             ///< false: a temporary folder, taken away once the report is made
    bool resume = false;          ///< continue the batch stored in `dir`
    bool trace = false;           ///< also store every turn's metrics
    double untilCi = -1;          ///< > 0: stop once every outcome's 95% interval is this narrow
    std::uint64_t minRuns = 100;  ///< runs before untilCi may stop
    unsigned threads = 1;         ///< for the default spreader
    ChunkSpreader spread;         ///< empty: runOnThreads with `threads`
};

/// What a batch did.
struct BatchResult {
    std::string stopped;          ///< "complete", "until_ci", or "interrupted" (resumable; no report)
    std::uint64_t runsBefore = 0; ///< committed by an earlier, interrupted run of the batch
    std::uint64_t runsDone = 0;   ///< committed now, in all
    double seconds = 0;           ///< spent running
    BatchReport report;           ///< unless interrupted
};

/// The identity a resumed batch must match (Brink's version, the scenario's bytes, seed,
/// runs, design, options).
BatchIdentity batchIdentity(const BatchJob& job);

/// Runs `job`. `progress` (may be empty) hears the runs committed so far after each chunk.
/// Throws StoreMismatch when the folder holds something else (a usage error), StoreError
/// when the store cannot be written, RunError when a run fails in the scenario (every chunk
/// before it is committed).
BatchResult runBatch(const BatchJob& job, const std::function<void(std::uint64_t)>& progress,
                     const std::atomic<bool>& interrupt);

}  // namespace brink
