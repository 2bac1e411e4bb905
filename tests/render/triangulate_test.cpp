#include <catch2/catch.hpp>

#include <cmath>

#include "brink/render/triangulate.hpp"

using namespace brink::render;

namespace {

std::vector<Vec2> vertices(const Polygon& p) {
    std::vector<Vec2> v(p.outer);
    for (const Ring& h : p.holes) v.insert(v.end(), h.begin(), h.end());
    return v;
}

// Sum of the triangles' areas; every triangle must be counter-clockwise.
double coveredArea(const Polygon& p, const std::vector<std::uint32_t>& idx, int& clockwise) {
    const auto v = vertices(p);
    double a = 0;
    clockwise = 0;
    for (std::size_t i = 0; i + 2 < idx.size(); i += 3) {
        const double t = cross(v[idx[i]], v[idx[i + 1]], v[idx[i + 2]]) / 2;
        if (t < 0) ++clockwise;
        a += std::abs(t);
    }
    return a;
}

// Whether a point lies in one of the triangles.
bool covered(const Polygon& p, const std::vector<std::uint32_t>& idx, Vec2 q) {
    const auto v = vertices(p);
    for (std::size_t i = 0; i + 2 < idx.size(); i += 3) {
        const Vec2 a = v[idx[i]], b = v[idx[i + 1]], c = v[idx[i + 2]];
        if (cross(a, b, q) >= 0 && cross(b, c, q) >= 0 && cross(c, a, q) >= 0) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("triangulate: a convex square and either orientation", "[triangulate]") {
    Polygon sq{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, {}};
    auto t = triangulate(sq);
    REQUIRE(t.size() == 6);
    int cw = 0;
    CHECK(coveredArea(sq, t, cw) == Approx(1.0));
    CHECK(cw == 0);
    Polygon rev{{{0, 1}, {1, 1}, {1, 0}, {0, 0}}, {}};
    t = triangulate(rev);
    CHECK(t.size() == 6);
    CHECK(coveredArea(rev, t, cw) == Approx(1.0));
    CHECK(cw == 0);
}

TEST_CASE("triangulate: concave shapes are filled, not their hull", "[triangulate]") {
    // a U: the notch between the arms must stay empty
    Polygon u{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}}, {}};
    const auto t = triangulate(u);
    CHECK(t.size() == 3 * (u.outer.size() - 2));
    int cw = 0;
    CHECK(coveredArea(u, t, cw) == Approx(7.0));
    CHECK(cw == 0);
    CHECK_FALSE(covered(u, t, {1.5, 2.0}));
    CHECK(covered(u, t, {0.5, 2.5}));
    // a comb with many teeth (spiky coasts)
    Polygon comb;
    comb.outer.push_back({0, 0});
    comb.outer.push_back({20, 0});
    for (int i = 19; i >= 0; --i) {
        comb.outer.push_back({double(i) + 1, i % 2 ? 5.0 : 1.0});
        comb.outer.push_back({double(i) + 0.5, i % 2 ? 1.0 : 5.0});
    }
    const auto tc = triangulate(comb);
    CHECK(coveredArea(comb, tc, cw) == Approx(std::abs(signedArea2(comb.outer)) / 2));
    CHECK(cw == 0);
}

TEST_CASE("triangulate: holes stay empty (a lake, an enclave)", "[triangulate]") {
    Polygon p{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {{{2, 2}, {4, 2}, {4, 4}, {2, 4}}, {{6, 6}, {8, 6}, {7, 8}}}};
    const auto t = triangulate(p);
    int cw = 0;
    CHECK(coveredArea(p, t, cw) == Approx(100.0 - 4.0 - 2.0));
    CHECK(cw == 0);
    CHECK_FALSE(covered(p, t, {3, 3}));
    CHECK_FALSE(covered(p, t, {7, 6.5}));
    CHECK(covered(p, t, {5, 5}));
    CHECK(covered(p, t, {1, 9}));
    // a hole whose right-most vertex is hidden from the nearest edge by a notch
    Polygon q{{{0, 0}, {10, 0}, {10, 4}, {6, 5}, {10, 6}, {10, 10}, {0, 10}}, {{{2, 4}, {4, 5}, {2, 6}}}};
    const auto tq = triangulate(q);
    CHECK(coveredArea(q, tq, cw) == Approx(polygonArea(q)));
    CHECK(cw == 0);
}

TEST_CASE("triangulate: degenerate input ends, with no crash", "[triangulate]") {
    CHECK(triangulate(Polygon{{{0, 0}, {1, 1}}, {}}).empty());
    CHECK(triangulate(Polygon{{}, {}}).empty());
    // repeated and collinear points
    Polygon p{{{0, 0}, {0, 0}, {1, 0}, {2, 0}, {2, 2}, {2, 2}, {0, 2}}, {}};
    int cw = 0;
    CHECK(coveredArea(p, triangulate(p), cw) == Approx(4.0));
    // a bow tie (self-crossing) still returns triangles
    Polygon bow{{{0, 0}, {2, 2}, {2, 0}, {0, 2}}, {}};
    CHECK(triangulate(bow).size() % 3 == 0);
}
