#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "brink/base/detmath.hpp"
#include "brink/base/rng.hpp"

using namespace brink;

namespace {
// distance in units in the last place between two finite doubles of the same sign
double ulps(double a, double b) {
    if (a == b) return 0;
    return std::fabs(a - b) / (std::nextafter(std::fabs(b), INFINITY) - std::fabs(b));
}
}  // namespace

TEST_CASE("detExp and detLog agree with the C library to a few ulp", "[detmath]") {
    Rng r({99, 0, 0});
    double worstExp = 0, worstLog = 0;
    for (int i = 0; i < 200000; ++i) {
        const double x = r.uniform(-700, 700);
        worstExp = std::max(worstExp, ulps(detExp(x), std::exp(x)));
        const double y = std::exp(r.uniform(-700, 700));
        if (std::fabs(std::log(y)) > 1e-3) worstLog = std::max(worstLog, ulps(detLog(y), std::log(y)));
    }
    INFO("worst exp " << worstExp << " ulp, worst log " << worstLog << " ulp");
    CHECK(worstExp <= 2);
    CHECK(worstLog <= 2);
    CHECK(detExp(0) == 1);
    CHECK(detLog(1) == 0);
    CHECK(ulps(detLog(1 + 1e-12), std::log(1 + 1e-12)) <= 2);  // near 1, where cancellation bites
    CHECK(detExp(-1000) == 0);
    CHECK(std::isinf(detExp(1000)));
}
