#pragma once
/// brink report: one self-contained HTML page from what Brink wrote.
///  - a debrief of a game (a game file, or a brink play folder with its game.yaml) or of a
///    run (a brink run folder, replayed from its scenario and checked byte for byte): the
///    decisions turn by turn, what followed, every ladder move with its why, charts of
///    tension, rungs, stocks, transfers and escalation scores, objectives per team, and what
///    else could have happened (continuations branched where the ladder moved);
///  - an analysis of a batch (a brink batch folder): outcomes with Wilson intervals, how
///    their estimates converged, the metrics' distributions, what drives the results.
#include <cstdint>
#include <optional>
#include <string>

#include "brink/base/diagnostics.hpp"

namespace brink::report {

struct Options {
    /// Continuations at each branch point of a debrief (0: none).
    std::uint64_t branchRuns = 500;
    /// Threads for the continuations (0: every core).
    unsigned threads = 0;
    /// At most this many branch points (the turns where the ladder moved, spread evenly).
    std::size_t maxBranches = 8;
    /// A brink run folder's scenario (default: the file summary.json's id names in the
    /// folder of shipped scenarios).
    std::string scenario;
    /// Where shipped scenarios are (for the default above).
    std::string scenarioDir;
};

struct Built {
    std::string html;
    std::string kind;   ///< "debrief" or "analysis"
    std::string title;  ///< what it is of, for the command's message
    std::size_t charts = 0;
};

/// The report of `path` (a game file, a run or play folder, a batch folder). Problems with
/// the input go to `diag` (each at its file, with a hint); nullopt then.
std::optional<Built> build(const std::string& path, const Options& opt, Diagnostics& diag);

}  // namespace brink::report
