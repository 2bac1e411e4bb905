#include <catch2/catch.hpp>

#include <cmath>

#include "brink/base/rng.hpp"
#include "brink/stats/stats.hpp"

using namespace brink;

TEST_CASE("Wilson intervals match published values", "[stats]") {
    // R: binom::binom.wilson(5, 10) -> 0.2365931 0.7634069; (0, 20) -> 0 0.1611252
    const Interval a = wilson(5, 10);
    CHECK(a.lo == Approx(0.2365931).margin(1e-7));
    CHECK(a.hi == Approx(0.7634069).margin(1e-7));
    const Interval b = wilson(0, 20);
    CHECK(b.lo == 0);
    CHECK(b.hi == Approx(0.1611252).margin(1e-7));
    const Interval c = wilson(20, 20);
    CHECK(c.hi == 1);
    CHECK(c.lo == Approx(1 - 0.1611252).margin(1e-7));
    const Interval none = wilson(0, 0);
    CHECK(none.lo == 0);
    CHECK(none.hi == 1);
}

TEST_CASE("quantiles interpolate like R's and NumPy's default (type 7)", "[stats]") {
    std::vector<double> v = {4, 1, 3, 2};
    CHECK(quantile(v, 0.25) == Approx(1.75));  // numpy.percentile([1,2,3,4], 25)
    CHECK(quantile(v, 0.5) == Approx(2.5));
    CHECK(quantile(v, 1.0) == 4);
    CHECK(quantile(v, 0.0) == 1);
    std::vector<double> w = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    CHECK(quantile(w, 0.05) == Approx(1.45));
    CHECK(quantile(w, 0.95) == Approx(9.55));
    std::vector<double> one = {7};
    CHECK(quantile(one, 0.3) == 7);
}

TEST_CASE("Student t quantiles match the tables", "[stats]") {
    CHECK(studentT(0.95, 1) == Approx(12.7062047).margin(1e-6));
    CHECK(studentT(0.95, 5) == Approx(2.5705818).margin(1e-6));
    CHECK(studentT(0.95, 20) == Approx(2.0859634).margin(1e-5));
    CHECK(studentT(0.95, 100) == Approx(1.9839715).margin(1e-5));
    CHECK(studentT(0.95, 1e9) == Approx(1.9599640).margin(1e-6));
    CHECK(studentT(0.99, 30) == Approx(2.7499957).margin(1e-4));
}

TEST_CASE("moments and the interval of a mean", "[stats]") {
    Moments m;
    for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
    CHECK(m.mean() == Approx(5));
    CHECK(m.sd() == Approx(std::sqrt(32.0 / 7)));
    const Interval ci = m.meanCi95();
    const double half = 2.3646243 * std::sqrt(32.0 / 7) / std::sqrt(8.0);
    CHECK(ci.lo == Approx(5 - half).epsilon(1e-6));
    CHECK(ci.hi == Approx(5 + half).epsilon(1e-6));
}

TEST_CASE("ranks average ties", "[stats]") {
    CHECK(ranks({10, 30, 20, 20}) == std::vector<double>{1, 4, 2.5, 2.5});
}

TEST_CASE("standardised rank regression finds the driving input", "[stats]") {
    Rng r({1, 0, 0});
    std::vector<std::vector<double>> x(3);
    std::vector<double> y;
    for (int i = 0; i < 2000; ++i) {
        const double a = r.uniform(), b = r.uniform(), c = r.uniform();
        x[0].push_back(a);
        x[1].push_back(b);
        x[2].push_back(c);
        y.push_back(std::exp(3 * a) - 4 * b);  // increasing in a, decreasing in b, c idle
    }
    const Srrc s = srrc(x, y);
    CHECK(s.coef[0] > 0.9);
    CHECK(s.coef[1] < -0.1);
    CHECK(s.coef[0] > -s.coef[1]);  // a drives y more than b
    CHECK(std::fabs(s.coef[2]) < 0.05);
    CHECK(s.r2 > 0.9);
}
