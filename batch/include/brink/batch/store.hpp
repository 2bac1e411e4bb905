#pragma once
// DIR/results.sqlite: the batch's identity, its design points, every run (and, with
// --trace, every turn), committed chunk by chunk so a killed batch loses nothing it
// committed. Finished, the file is rewritten compactly (VACUUM INTO), which makes its
// bytes depend only on its content: the same for any --threads or MPI ranks.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "brink/batch/plan.hpp"

namespace brink {

/// What a batch is: resuming requires every entry to match.
using BatchIdentity = std::map<std::string, std::string>;

/// The command does not fit the folder: it is a file, holds something else, or holds
/// another batch (a usage error).
struct StoreMismatch : std::runtime_error {
    using std::runtime_error::runtime_error;
};
/// The store cannot be read or written: a folder that cannot be made, a full disk, a file
/// locked by another program, a damaged file. What was committed before stays committed.
struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
/// A StoreError for an SQLite failure while `doing` something to `path`, in words a user
/// can act on (a full disk, a lock held by another program, a damaged file); `sysErrno` is
/// the system's error behind it, when there was one.
[[nodiscard]] StoreError storeError(const SQLite::Exception& e, const std::string& path, const std::string& doing,
                                    int sysErrno = 0);

class ResultsStore {
public:
    /// Opens DIR/results.sqlite. Without `resume`, DIR must be empty or absent; with it,
    /// the stored identity must equal `id`. Throws StoreMismatch or StoreError, with a
    /// message fit for users, otherwise. Every method throws StoreError when the store
    /// cannot be read or written; a failed commit leaves the store as it was.
    /// While open, the folder is locked (flock) so that a second batch cannot write into it.
    ResultsStore(const std::string& dir, const BatchPlan& plan, const BatchIdentity& id, bool resume, bool trace);
    ~ResultsStore() = default;
    ResultsStore(const ResultsStore&) = delete;
    ResultsStore& operator=(const ResultsStore&) = delete;

    /// Chunks already committed.
    [[nodiscard]] std::vector<bool> committedChunks() const;
    /// How an earlier run of this batch finished ("complete", "until_ci"), or empty.
    [[nodiscard]] std::string finished() const;
    /// Commits one chunk's runs (and trace) in one transaction.
    void commit(const ChunkResult& r);
    /// Marks the batch finished (stopped early by --until-ci or complete).
    void markFinished(const std::string& how);

    // Reading back, in run order.
    [[nodiscard]] std::uint64_t runCount() const;
    [[nodiscard]] std::vector<std::int32_t> outcomes() const;
    [[nodiscard]] std::vector<double> column(const std::string& name) const;  ///< "turns", "m_x", "p_y", "point"
    [[nodiscard]] std::vector<std::uint64_t> seeds() const;

    // Reading back without holding a column: what the analysis of a batch too large for
    // its columns to be held uses (report.cpp). An `expr` is a column ("m_x", "p_y",
    // "point") or an outcome's indicator (outcomeIs). SQLite sorts on disk (its temporary
    // files) once its page cache is full, so memory stays flat in the number of runs.
    /// Runs per outcome, by outcome id.
    [[nodiscard]] std::vector<std::uint64_t> outcomeCounts() const;
    /// "1.0 when the run ended in `outcome`, else 0.0", as an expression.
    [[nodiscard]] static std::string outcomeIs(const std::string& outcome);
    /// Calls `f` with the values of the expressions, run by run, in run order.
    void eachRow(const std::vector<std::string>& exprs, const std::function<void(const double*)>& f) const;
    /// The values at 0-based `positions` (ascending) of `expr` sorted ascending.
    [[nodiscard]] std::vector<double> orderStatistics(const std::string& expr, const std::vector<std::uint64_t>& positions) const;
    /// Ranks `inputs` over all runs into a temporary table (ranks() of stats.hpp: ties share
    /// the mean of their places, from 1), one sort each, for eachRanked.
    void rankInputs(const std::vector<std::string>& inputs) const;
    /// Ranks `output` into the same table, in place of the last output ranked.
    void rankOutput(const std::string& output) const;
    /// Calls `f` run by run, in run order, with the ranks of the inputs (when `inputs`) and
    /// then of the output (when `output`).
    void eachRanked(bool inputs, bool output, const std::function<void(const double*)>& f) const;
    /// Streams runs.csv (run,seed,outcome,turns,<metric>...,<param>...) to `path`, a row at
    /// a time: memory stays flat however many runs there are.
    void writeRunsCsv(const std::string& path) const;

    /// Writes the compact final file over results.sqlite and closes the store.
    void finalize();

    [[nodiscard]] static std::string metricColumn(const std::string& m) { return "m_" + m; }
    [[nodiscard]] static std::string paramColumn(const std::string& p) { return "p_" + p; }

private:
    mutable std::size_t m_rankedInputs = 0;  // columns of the temporary rank table
    // An exclusive flock on the output folder, held while the store is open.
    struct FolderLock {
        int fd = -1;
        FolderLock() = default;
        FolderLock(const FolderLock&) = delete;
        FolderLock& operator=(const FolderLock&) = delete;
        ~FolderLock();
    };
    void create(const BatchIdentity& id);
    void prepare();
    void commitChunk(const ChunkResult& r);
    void finalizeStore();
    FolderLock m_lock;  // first member: taken first, released last
    std::string m_dir, m_path;
    const BatchPlan& m_plan;
    bool m_trace;
    std::unique_ptr<SQLite::Database> m_db;
    std::unique_ptr<SQLite::Statement> m_insertRun, m_insertTrace, m_insertChunk;
};

}  // namespace brink
