#pragma once
/// Experiment designs over parameters: full grids, Latin hypercubes (McKay et al. 1979)
/// and Saltelli's scheme on a Sobol sequence (Sobol 1967; Joe and Kuo 2008; Saltelli et
/// al. 2010), which also yields first-order and total Sobol sensitivity indices.
#include <cstdint>
#include <string>
#include <vector>

#include "brink/scenario/scenario.hpp"
#include "brink/stats/stats.hpp"

namespace brink {

/// The points an experiment runs, each a value per factor.
struct Design {
    DesignKind kind = DesignKind::Grid;
    bool present = false;                     ///< false: one point, the scenario as it is
    std::vector<ParamId> params;              ///< the factors, in order
    std::vector<std::vector<double>> points;  ///< points[i][j]: value of factor j at point i
    std::size_t sobolBase = 0;  ///< Sobol: N base rows; point 0..N(k+2)-1 grouped as A, B, AB_1..AB_k per row

    [[nodiscard]] std::size_t size() const { return present ? points.size() : 1; }
};

/// What is wrong with an experiment before it can be built (empty when nothing): a design
/// that varies nothing, lhs or sobol without points or with levels, a sobol design of more
/// factors than the Sobol table has room for. `expected` says what would be right.
struct ExperimentProblem {
    std::string what, expected;
    [[nodiscard]] bool empty() const { return what.empty(); }
};
ExperimentProblem checkExperiment(const Scenario& sc, const ExperimentDef& e);

/// Builds the design of `e`; `seed` drives the Latin hypercube's permutations. Grid
/// factors given as ranges get `e.points` evenly spaced levels (lo and hi included).
/// Throws std::invalid_argument for an experiment checkExperiment finds wrong.
Design makeDesign(const ExperimentDef& e, std::uint64_t seed);

/// Point `index` (from 0) of the Sobol sequence in `dims` dimensions (at most kSobolDims),
/// with Joe and Kuo's direction numbers (new-joe-kuo-6.21201).
std::vector<double> sobolPoint(std::uint64_t index, std::size_t dims);
inline constexpr std::size_t kSobolDims = 31;

/// First-order (Saltelli 2010) and total (Jansen 1999) Sobol indices of the output `y`
/// (one value per design point, in design order), with 95% bootstrap intervals.
struct SobolIndices {
    std::vector<double> first, total;
    std::vector<Interval> firstCi, totalCi;
};
SobolIndices sobolIndices(const Design& d, const std::vector<double>& y, std::uint64_t seed);

}  // namespace brink
