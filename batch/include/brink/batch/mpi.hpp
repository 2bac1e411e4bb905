#pragma once
// Batches across machines with MPI: under mpirun, rank 0 hands out chunks one at a time
// to the other ranks, merges their results in chunk order and writes; the others only
// compute. Without mpirun nothing of MPI is touched.
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "brink/batch/threads.hpp"
#include "brink/batch/plan.hpp"

namespace brink {

class MpiSession {
public:
    /// Initialises MPI when this process was started by mpirun (or srun); else a
    /// single-process session.
    MpiSession();
    /// On rank 0, tells every worker still waiting to stop: a batch that ends early (a bad
    /// folder, a full disk) never leaves the other ranks blocked.
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;

    [[nodiscard]] int rank() const { return m_rank; }
    [[nodiscard]] int size() const { return m_size; }

    /// Rank 0: spreads `todo` over the other ranks; delivers results to `sink` in order.
    /// When `sink` throws, the workers are stopped and the exception passed on.
    void coordinate(const BatchPlan& plan, const std::vector<std::uint64_t>& todo, const ChunkSink& sink,
                    const std::atomic<bool>& interrupt);
    /// Other ranks: compute the chunks rank 0 sends until told to stop. Returns an exit status.
    int serve(const BatchPlan& plan, bool trace);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    int m_rank = 0, m_size = 1;
    bool m_released = false;  // every worker has been sent kStop
};

/// A chunk's results as bytes and back (for sending between ranks).
std::string packChunk(const ChunkResult& r);
ChunkResult unpackChunk(const std::string& bytes);

}  // namespace brink
