#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "brink/stats/design.hpp"
#include "support.hpp"

using namespace brink;

namespace {
ExperimentDef experiment(DesignKind kind, std::int64_t points, std::size_t factors) {
    ExperimentDef e;
    e.present = true;
    e.design = kind;
    e.points = points;
    for (std::size_t j = 0; j < factors; ++j) {
        ExperimentDef::Factor f;
        f.param = static_cast<ParamId>(j);
        f.lo = -M_PI;
        f.hi = M_PI;
        e.factors.push_back(f);
    }
    return e;
}
}  // namespace

TEST_CASE("the Sobol sequence starts as published", "[design]") {
    const double want[][2] = {{0, 0}, {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}, {0.875, 0.875}};
    for (int i = 0; i < 6; ++i) {
        const auto p = sobolPoint(static_cast<std::uint64_t>(i), 2);
        CHECK(p[0] == want[i][0]);
        CHECK(p[1] == want[i][1]);
    }
    // every one of the first 2^10 points falls in its own cell of a 32x32 grid (a (t,s)-net)
    std::set<int> cells;
    for (std::uint64_t i = 0; i < 1024; ++i) {
        const auto p = sobolPoint(i, 3);
        cells.insert(static_cast<int>(p[1] * 32) * 32 + static_cast<int>(p[2] * 32));
    }
    CHECK(cells.size() == 1024);
}

TEST_CASE("a grid is the cartesian product of the levels", "[design]") {
    ExperimentDef e;
    e.present = true;
    e.design = DesignKind::Grid;
    e.points = 3;
    ExperimentDef::Factor a;
    a.param = 0;
    a.lo = 0;
    a.hi = 1;
    ExperimentDef::Factor b;
    b.param = 1;
    b.isRange = false;
    b.levels = {5, 7};
    e.factors = {a, b};
    const Design d = makeDesign(e, 1);
    REQUIRE(d.points.size() == 6);
    CHECK(d.points[0] == std::vector<double>{0, 5});
    CHECK(d.points[1] == std::vector<double>{0, 7});
    CHECK(d.points[2] == std::vector<double>{0.5, 5});
    CHECK(d.points[5] == std::vector<double>{1, 7});
}

TEST_CASE("a Latin hypercube puts one point in each stratum of each factor", "[design]") {
    const Design d = makeDesign(experiment(DesignKind::Lhs, 50, 3), 7);
    REQUIRE(d.points.size() == 50);
    for (std::size_t j = 0; j < 3; ++j) {
        std::set<int> strata;
        for (const auto& p : d.points) strata.insert(static_cast<int>((p[j] + M_PI) / (2 * M_PI) * 50));
        CHECK(strata.size() == 50);
    }
    CHECK(makeDesign(experiment(DesignKind::Lhs, 50, 3), 7).points == d.points);  // same seed, same design
    CHECK(makeDesign(experiment(DesignKind::Lhs, 50, 3), 8).points != d.points);
}

TEST_CASE("Sobol indices of the Ishigami function match the analytic values", "[design]") {
    // f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3 (Ishigami and Homma 1990):
    // S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    const Design d = makeDesign(experiment(DesignKind::Sobol, 8192, 3), 1);
    REQUIRE(d.points.size() == 8192 * 5);
    std::vector<double> y;
    for (const auto& p : d.points) {
        y.push_back(std::sin(p[0]) + 7 * std::sin(p[1]) * std::sin(p[1]) + 0.1 * std::pow(p[2], 4) * std::sin(p[0]));
    }
    const SobolIndices s = sobolIndices(d, y, 1);
    const double first[] = {0.3139, 0.4424, 0.0}, total[] = {0.5576, 0.4424, 0.2437};
    for (std::size_t j = 0; j < 3; ++j) {
        INFO("factor " << j << ": S " << s.first[j] << " [" << s.firstCi[j].lo << ", " << s.firstCi[j].hi << "], ST "
                        << s.total[j] << " [" << s.totalCi[j].lo << ", " << s.totalCi[j].hi << "]");
        CHECK(std::fabs(s.first[j] - first[j]) < 0.03);
        CHECK(std::fabs(s.total[j] - total[j]) < 0.03);
        CHECK(s.firstCi[j].lo <= s.first[j]);
        CHECK(s.firstCi[j].hi >= s.first[j]);
    }
}

TEST_CASE("an experiment is checked before it is built; makeDesign refuses one it cannot build", "[design]") {
    auto sc = brink::test::load(brink::test::head() + "params:\n  a: 1\n  b: 2\nactors:\n  x: {name: X}\n");
    ExperimentDef e;
    e.present = true;
    CHECK(checkExperiment(*sc, e).what == "the experiment varies no parameter");
    e.design = DesignKind::Sobol;
    e.points = 8;
    for (int i = 0; i < 16; ++i) e.factors.push_back({0, true, 0, 1, {}});
    CHECK(checkExperiment(*sc, e).what == "a sobol design of 16 factors");
    CHECK(checkExperiment(*sc, e).expected == "at most 15 factors");
    CHECK_THROWS_AS(makeDesign(e, 1), std::invalid_argument);
    e.factors.resize(15);
    CHECK(checkExperiment(*sc, e).empty());
    CHECK(makeDesign(e, 1).points.size() == 8 * (15 + 2));
    e.design = DesignKind::Lhs;
    e.factors = {{1, false, 0, 0, {1, 2}}};
    CHECK(checkExperiment(*sc, e).what == "factor 'b' lists levels");
}
