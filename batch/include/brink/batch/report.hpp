#pragma once
// What a finished batch says: summary.json and runs.csv (the contract), and the table
// printed for people, each with intervals; plus the sensitivity of every outcome and
// metric to the parameters that varied.
#include <string>

#include "brink/batch/plan.hpp"
#include "brink/batch/store.hpp"

namespace brink {

struct BatchReport {
    std::string summaryJson;  ///< summary.json
    std::string table;        ///< for stdout
    std::string outcomes;     ///< the outcomes part of the table alone (brink batch -q)
};

/// How many runs the analysis holds in memory (its columns, 8 bytes a run each); a batch
/// of more is analysed from the store, streamed, with the same numbers and flat memory.
/// 250,000, or $BRINK_ANALYSIS_IN_MEMORY (0: always stream).
std::uint64_t analysisRunsInMemory();

/// Reads every run back from the store (in run order) and builds the report (runs.csv is
/// streamed by ResultsStore::writeRunsCsv). `stopped` says why the batch ended.
BatchReport makeReport(const BatchPlan& plan, const ResultsStore& store, const std::string& stopped,
                       const std::string& scenarioHash);

}  // namespace brink
