// The shipped model scenarios against their closed forms (docs/model.md, facts.md).
#include <catch2/catch.hpp>

#include <cmath>

#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {
double param(const Scenario& sc, const char* name) { return sc.params[static_cast<std::size_t>(sc.paramIndex(name))]; }

bool close(double got, double want, double tol = 1e-9) {
    return std::fabs(got - want) <= tol * std::max(1.0, std::fabs(want));
}
}  // namespace

TEST_CASE("richardson.yaml follows the closed form of its recurrence", "[models][richardson]") {
    auto sc = loadFile("scenarios/models/richardson.yaml");
    const double a = param(*sc, "a"), b = param(*sc, "b"), m = param(*sc, "m"), n = param(*sc, "n");
    const double r = param(*sc, "r"), s = param(*sc, "s"), dt = param(*sc, "dt");
    const double det = m * n - a * b;
    const double xs = (a * s + n * r) / det, ys = (b * r + m * s) / det;
    // v_t = M^t v_0 around the equilibrium, M = [[1 - dt m, dt a], [dt b, 1 - dt n]];
    // M is diagonalised once: eigenvalues from the trace and determinant.
    const double m11 = 1 - dt * m, m12 = dt * a, m21 = dt * b, m22 = 1 - dt * n;
    const double tr = m11 + m22, dm = m11 * m22 - m12 * m21;
    const double disc = std::sqrt(tr * tr / 4 - dm);
    const double l1 = tr / 2 + disc, l2 = tr / 2 - disc;
    REQUIRE(std::max(std::fabs(l1), std::fabs(l2)) < 1.0);  // the shipped parameters are stable
    const double x0 = sc->actors[0].stock[0] - xs, y0 = sc->actors[1].stock[0] - ys;
    // M^t = (l1^t (M - l2 I) - l2^t (M - l1 I)) / (l1 - l2)
    auto at = [&](int t, double& x, double& y) {
        const double p1 = std::pow(l1, t), p2 = std::pow(l2, t);
        const double a11 = (p1 * (m11 - l2) - p2 * (m11 - l1)) / (l1 - l2);
        const double a12 = (p1 - p2) * m12 / (l1 - l2);
        const double a21 = (p1 - p2) * m21 / (l1 - l2);
        const double a22 = (p1 * (m22 - l2) - p2 * (m22 - l1)) / (l1 - l2);
        x = xs + a11 * x0 + a12 * y0;
        y = ys + a21 * x0 + a22 * y0;
    };
    Simulation sim(sc, {});
    sim.begin();
    int checked = 0;
    while (sim.step()) {
        double x, y;
        at(static_cast<int>(sim.world().turn), x, y);
        INFO("turn " << sim.world().turn);
        REQUIRE(close(sim.world().stockOf(0, 0), x));
        REQUIRE(close(sim.world().stockOf(1, 0), y));
        ++checked;
    }
    CHECK(checked == sc->turns - 1);
    // and it heads for the equilibrium the scenario reports
    CHECK(close(sim.world().metrics[2], xs));
    CHECK(close(sim.world().metrics[3], ys));
}

TEST_CASE("lanchester.yaml follows the closed form and the square law", "[models][lanchester]") {
    auto sc = loadFile("scenarios/models/lanchester.yaml");
    const double alpha = param(*sc, "alpha"), beta = param(*sc, "beta"), dt = param(*sc, "dt");
    const double b0 = sc->actors[0].stock[0], r0 = sc->actors[1].stock[0];
    const double k = dt * std::sqrt(alpha * beta), s = std::sqrt(alpha / beta);
    const double u0 = b0 - s * r0, v0 = b0 + s * r0;
    const double inv0 = beta * b0 * b0 - alpha * r0 * r0;
    Simulation sim(sc, {});
    sim.begin();
    int checked = 0;
    while (sim.step()) {
        const auto n = static_cast<double>(sim.world().turn);
        const double bn = (u0 * std::pow(1 + k, n) + v0 * std::pow(1 - k, n)) / 2;
        const double rn = (v0 * std::pow(1 - k, n) - u0 * std::pow(1 + k, n)) / (2 * s);
        INFO("turn " << n);
        REQUIRE(close(sim.world().stockOf(0, 0), bn));
        REQUIRE(close(sim.world().stockOf(1, 0), rn));
        REQUIRE(close(sim.world().metrics[2], inv0 * std::pow(1 - alpha * beta * dt * dt, n), 1e-9));
        ++checked;
    }
    CHECK(checked > 50);
    // the square law's verdict and Blue's survivors (Euler's error is of order dt)
    REQUIRE(beta * b0 * b0 > alpha * r0 * r0);
    CHECK(sc->outcomes[static_cast<std::size_t>(sim.outcome())] == "blue_wins");
    const double survivors = std::sqrt(b0 * b0 - alpha / beta * r0 * r0);
    CHECK(std::fabs(sim.world().stockOf(0, 0) - survivors) / survivors < 0.02);
}

TEST_CASE("ladder-markov.yaml matches its exact absorption probability", "[models][markov]") {
    auto sc = loadFile("scenarios/models/ladder-markov.yaml");
    const double up = param(*sc, "up"), down = param(*sc, "down");
    const int top = static_cast<int>(sc->ladder.size()) - 1;
    const auto n = static_cast<int>(sc->turns);
    // exact: the distribution over rungs after n turns, top absorbing
    std::vector<double> dist(static_cast<std::size_t>(top + 1), 0.0);
    dist[0] = 1.0;
    for (int t = 0; t < n; ++t) {
        std::vector<double> next(dist.size(), 0.0);
        next[static_cast<std::size_t>(top)] = dist[static_cast<std::size_t>(top)];
        for (int i = 0; i < top; ++i) {
            const double p = dist[static_cast<std::size_t>(i)];
            next[static_cast<std::size_t>(i + 1)] += p * up;
            if (i > 0) {
                next[static_cast<std::size_t>(i - 1)] += p * down;
                next[static_cast<std::size_t>(i)] += p * (1 - up - down);
            } else {
                next[0] += p * (1 - up);
            }
        }
        dist = next;
    }
    const double exact = dist[static_cast<std::size_t>(top)];
    const int reps = 10000;
    int reached = 0;
    for (int r = 0; r < reps; ++r) {
        RunSetup setup;
        setup.key = {2024, 0, static_cast<std::uint64_t>(r)};
        Simulation sim(sc, setup);
        sim.run();
        if (sim.outcome() != 0) ++reached;  // anything but "horizon" is the top rung
    }
    const double share = static_cast<double>(reached) / reps;
    const double half = 3.2905 * std::sqrt(exact * (1 - exact) / reps);  // 99.9% two-sided
    INFO("exact " << exact << ", simulated " << share << " of " << reps << ", band +-" << half);
    CHECK(exact > 0.05);
    CHECK(exact < 0.95);
    CHECK(std::fabs(share - exact) <= half);
}
