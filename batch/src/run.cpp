#include "brink/batch/run.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "brink/base/digest.hpp"
#include "brink/base/json.hpp"
#include "brink/base/numfmt.hpp"
#include "brink/base/version.hpp"
#include "brink/output/outputs.hpp"
#include "brink/stats/stats.hpp"

namespace fs = std::filesystem;

namespace brink {

BatchIdentity batchIdentity(const BatchJob& job) {
    const BatchPlan& plan = job.plan;
    const Scenario& sc = *plan.sc;
    BatchIdentity id;
    id["brink_version"] = BRINK_VERSION;
    id["scenario"] = sc.id;
    id["scenario_sha1"] = job.scenarioSha1;
    id["seed"] = std::to_string(plan.seed);
    id["runs_per_point"] = std::to_string(plan.runsPerPoint);
    id["points"] = std::to_string(plan.design.size());
    id["chunk_size"] = std::to_string(plan.chunkSize);
    id["turns"] = std::to_string(plan.turns);
    id["trace"] = job.trace ? "1" : "0";
    id["until_ci"] = job.untilCi > 0 ? formatNumber(job.untilCi) + " after " + std::to_string(job.minRuns) : "none";
    JsonWriter p;
    p.beginObject();
    for (std::size_t i = 0; i < sc.paramNames.size(); ++i) p.key(sc.paramNames[i]).value(sc.params[i]);
    p.endObject();
    id["params"] = p.str();
    JsonWriter d;
    d.beginArray();
    for (const auto& pt : plan.design.points) {
        d.beginArray();
        for (double v : pt) d.value(v);
        d.endArray();
    }
    d.endArray();
    id["design"] = sha1Hex(d.str());
    return id;
}

BatchResult runBatch(const BatchJob& job, const std::function<void(std::uint64_t)>& progress,
                     const std::atomic<bool>& interrupt) {
    const BatchPlan& plan = job.plan;
    const Scenario& sc = *plan.sc;
    auto log = spdlog::get("brink");
    auto store = std::make_unique<ResultsStore>(job.dir, plan, batchIdentity(job), job.resume, job.trace);

    // ---- what is left, in order ---------------------------------------------------------
    const std::vector<bool> done = store->committedChunks();
    std::vector<std::uint64_t> todo;
    BatchResult res;
    for (std::uint64_t k = 0; k < plan.chunkCount(); ++k) {
        if (!done[k]) todo.push_back(k);
        else res.runsBefore += std::min(plan.chunkSize, plan.totalRuns() - k * plan.chunkSize);
    }
    std::vector<std::uint64_t> counts(sc.outcomes.size(), 0);
    for (std::int32_t o : store->outcomes()) counts[static_cast<std::size_t>(o)]++;
    res.runsDone = res.runsBefore;
    res.stopped = "complete";
    auto narrowEnough = [&] {
        if (job.untilCi <= 0 || res.runsDone < job.minRuns) return false;
        for (std::uint64_t k : counts) {
            const Interval ci = wilson(k, res.runsDone);
            // the interval around the share, at its wider side
            const double p = static_cast<double>(k) / static_cast<double>(res.runsDone);
            if (std::max(p - ci.lo, ci.hi - p) > job.untilCi) return false;
        }
        return true;
    };
    const std::string finishedHow = store->finished();
    const bool finishedBefore = !finishedHow.empty();
    if (finishedBefore) todo.clear(), res.stopped = finishedHow;
    if (!finishedBefore && narrowEnough()) todo.clear(), res.stopped = "until_ci";
    if (log) {
        log->info("batch {}: {} runs ({} points x {}), {} chunks of {}, {} to do", sc.id, plan.totalRuns(), plan.design.size(),
                  plan.runsPerPoint, plan.chunkCount(), plan.chunkSize, todo.size());
    }

    // ---- run it ---------------------------------------------------------------------------
    const auto t0 = std::chrono::steady_clock::now();
    ChunkSink sink = [&](ChunkResult& r) {
        store->commit(r);
        res.runsDone += r.count;
        for (std::int32_t o : r.outcome) counts[static_cast<std::size_t>(o)]++;
        if (progress) progress(res.runsDone);
        if (narrowEnough()) {
            res.stopped = "until_ci";
            return false;
        }
        return true;
    };
    if (job.spread) job.spread(plan, job.trace, todo, sink, interrupt);
    else runOnThreads(plan, job.trace, std::max(1u, job.threads), todo, sink, interrupt);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (interrupt && res.stopped == "complete" && res.runsDone < plan.totalRuns()) {
        res.stopped = "interrupted";
        return res;
    }
    if (!finishedBefore) store->markFinished(res.stopped);

    // ---- the report -----------------------------------------------------------------------
    if (log) log->info("ran {} runs in {:.2f} s", res.runsDone - res.runsBefore, res.seconds);
    auto tick = std::chrono::steady_clock::now();
    auto lap = [&](const char* what) {
        const auto now = std::chrono::steady_clock::now();
        if (log) log->info("{} in {:.2f} s", what, std::chrono::duration<double>(now - tick).count());
        tick = now;
    };
    res.report = makeReport(plan, *store, res.stopped, job.scenarioSha1);
    lap("statistics and sensitivity");
    if (!job.keep) {
        store.reset();
        std::error_code ec;
        fs::remove_all(job.dir, ec);
        return res;
    }
    // runs.csv is streamed to a temporary name, then both files move into place
    const std::string csvTmp = (fs::path(job.dir) / ".runs.csv.tmp").string();
    try {
        store->writeRunsCsv(csvTmp);
        lap("runs.csv");
        store->finalize();
    } catch (...) {
        std::error_code ec;
        fs::remove(csvTmp, ec);  // a --resume writes it again
        throw;
    }
    store.reset();
    lap("compacting results.sqlite");
    try {
        writeFilesAtomically(job.dir, {{"summary.json", res.report.summaryJson}});
    } catch (const std::runtime_error& e) {
        throw StoreError(std::string(e.what()) + "; hint: fix the folder, then run the same command with --resume");
    }
    std::error_code ec;
    fs::rename(csvTmp, fs::path(job.dir) / "runs.csv", ec);
    if (ec) throw StoreError("cannot move runs.csv into place in " + job.dir + ": " + ec.message() + "; hint: fix the folder, then run the same command with --resume");
    return res;
}

}  // namespace brink
