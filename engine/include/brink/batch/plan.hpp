#pragma once
/// Many replications of a scenario, in fixed chunks that can be computed in any order on
/// any thread or machine and merged in replication order: the results never depend on
/// how the work was spread.
#include <cstdint>
#include <memory>
#include <vector>

#include "brink/stats/design.hpp"
#include "brink/scenario/scenario.hpp"
#include "brink/sim/sim.hpp"

namespace brink {

/// What a batch runs.
struct BatchPlan {
    std::shared_ptr<const Scenario> sc;
    Design design;                  ///< points (one, when no experiment)
    std::uint64_t seed = 1;
    std::uint64_t runsPerPoint = 1;
    std::int64_t turns = -1;        ///< -1: the scenario's
    std::uint64_t chunkSize = 64;   ///< runs per chunk; fixed, so chunks never depend on threads
    /// Continuations: every run starts from a copy of this world (a game's turn) with its
    /// own stream, instead of from the scenario's start (or its saved state).
    std::shared_ptr<const World> from;
    /// The compiled backend (native.hpp), or null: the interpreter. The runs are the same
    /// to the bit either way.
    std::shared_ptr<const NativeModule> native;

    [[nodiscard]] std::uint64_t totalRuns() const { return design.size() * runsPerPoint; }
    [[nodiscard]] std::uint64_t chunkCount() const { return (totalRuns() + chunkSize - 1) / chunkSize; }
    [[nodiscard]] std::uint64_t pointOf(std::uint64_t run) const { return run / runsPerPoint; }
    [[nodiscard]] std::uint64_t replicationOf(std::uint64_t run) const { return run % runsPerPoint; }
    /// The seed of run `run`, from the stream key (seed, design point, replication).
    /// `brink run --seed <it>` with the point's parameters replays the run exactly.
    [[nodiscard]] std::uint64_t runSeed(std::uint64_t run) const;
    /// The setup of run `run` (its seed, turns and the design point's parameters).
    [[nodiscard]] RunSetup setup(std::uint64_t run) const;
};

/// The results of one chunk, stored flat (a row per run).
struct ChunkResult {
    std::uint64_t chunk = 0;
    std::uint64_t first = 0;   ///< first run of the chunk
    std::uint32_t count = 0;   ///< runs in it
    std::vector<std::int32_t> outcome;
    std::vector<std::int64_t> turns;
    std::vector<double> metrics;  ///< count x metrics, final values
    std::vector<double> params;   ///< count x params, the values each run used
    /// With tracing: rows of (run, turn, day, metrics...) for every recorded turn.
    std::vector<double> trace;

    [[nodiscard]] std::size_t traceWidth(const Scenario& sc) const { return 3 + sc.metrics.size(); }
};

/// Runs chunks of a plan; one per thread. Reuses its simulation's memory between runs.
class BatchWorker {
public:
    BatchWorker(const BatchPlan& plan, bool trace);
    ~BatchWorker();
    BatchWorker(const BatchWorker&) = delete;
    BatchWorker& operator=(const BatchWorker&) = delete;

    /// Runs every replication of chunk `chunk`. Throws RunError from the scenario.
    ChunkResult run(std::uint64_t chunk);

private:
    struct Tracer;
    const BatchPlan& m_plan;
    bool m_trace;
    std::unique_ptr<Tracer> m_tracer;
    std::unique_ptr<Simulation> m_sim;
};

}  // namespace brink
