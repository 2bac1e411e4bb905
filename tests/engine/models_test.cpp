// The shipped model scenarios against their closed forms (docs/model.md, facts.md).
#include <catch2/catch.hpp>

#include <cmath>

#include "brink/sim.hpp"
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
