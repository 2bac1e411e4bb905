#include <catch2/catch.hpp>

#include <cmath>

#include "brink/base/rng.hpp"

using namespace brink;

TEST_CASE("splitmix64 matches the reference outputs", "[rng]") {
    std::uint64_t s = 0;
    CHECK(splitmix64(s) == 0xe220a8397b1dcdafull);
    CHECK(splitmix64(s) == 0x6e789e6aa1b965f4ull);
}

TEST_CASE("xoshiro256** matches the reference implementation", "[rng]") {
    Rng r = Rng::fromState({1, 2, 3, 4});
    CHECK(r.next() == 11520u);
    CHECK(r.next() == 0u);
    CHECK(r.next() == 1509978240u);
    CHECK(r.next() == 1215971899390074240u);
}

TEST_CASE("stream keys give distinct, repeatable streams", "[rng]") {
    Rng a({1, 0, 0}), b({1, 0, 0}), c({1, 0, 1}), d({1, 1, 0}), e({2, 0, 0});
    const auto x = a.next();
    CHECK(x == b.next());
    CHECK(x != c.next());
    CHECK(x != d.next());
    CHECK(x != e.next());
}

TEST_CASE("uniform draws lie in [0, 1) with the right mean and variance", "[rng]") {
    Rng r({7, 0, 0});
    const int n = 200000;
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < n; ++i) {
        const double u = r.uniform();
        sum += u;
        sum2 += u * u;
        lo = std::min(lo, u);
        hi = std::max(hi, u);
    }
    CHECK(lo >= 0.0);
    CHECK(hi < 1.0);
    const double mean = sum / n, var = sum2 / n - mean * mean;
    // standard error of the mean: sqrt(1/12/n) ~ 0.00065; allow 5 of them
    CHECK(std::fabs(mean - 0.5) < 0.0033);
    CHECK(std::fabs(var - 1.0 / 12) < 0.002);
}

TEST_CASE("normal draws have mean 0 and sd 1", "[rng]") {
    Rng r({11, 0, 0});
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
        const double z = r.normal();
        sum += z;
        sum2 += z * z;
    }
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    CHECK(std::fabs(mean) < 5 * (1.0 / std::sqrt(n)));
    CHECK(std::fabs(sd - 1.0) < 0.01);
}

TEST_CASE("triangular draws match the distribution's mean and bounds", "[rng]") {
    Rng r({3, 0, 0});
    const double lo = 1, mode = 2, hi = 6;
    const int n = 200000;
    double sum = 0, mn = 1e9, mx = -1e9;
    for (int i = 0; i < n; ++i) {
        const double x = r.triangular(lo, mode, hi);
        sum += x;
        mn = std::min(mn, x);
        mx = std::max(mx, x);
    }
    const double mean = (lo + mode + hi) / 3;  // 3
    const double sd = std::sqrt((lo * lo + mode * mode + hi * hi - lo * mode - lo * hi - mode * hi) / 18);
    CHECK(std::fabs(sum / n - mean) < 5 * sd / std::sqrt(n));
    CHECK(mn >= lo);
    CHECK(mx <= hi);
}

TEST_CASE("below(n) is uniform over 0..n-1", "[rng]") {
    Rng r({5, 0, 0});
    const int n = 7, draws = 70000;
    int counts[7] = {};
    for (int i = 0; i < draws; ++i) {
        const auto k = r.below(n);
        REQUIRE(k < static_cast<std::uint64_t>(n));
        ++counts[k];
    }
    // chi-square with 6 degrees of freedom; 22.46 is the 0.999 quantile
    double chi = 0;
    for (int c : counts) chi += (c - draws / 7.0) * (c - draws / 7.0) / (draws / 7.0);
    CHECK(chi < 22.46);
}
