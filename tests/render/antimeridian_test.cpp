#include <catch2/catch.hpp>

#include <cmath>

#include "brink/render/antimeridian.hpp"

using namespace brink::render;

namespace {

double totalArea(const std::vector<Polygon>& ps) {
    double a = 0;
    for (const Polygon& p : ps) a += polygonArea(p);
    return a;
}

bool inRange(const std::vector<Polygon>& ps) {
    for (const Polygon& p : ps) {
        for (const Vec2& v : p.outer) {
            if (v.x < -180 || v.x > 180) return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("antimeridian: a ring away from the edge is left whole", "[antimeridian]") {
    Polygon p{{{30, 50}, {40, 50}, {40, 60}, {30, 60}}, {}};
    const auto out = cutAtAntimeridian(p, 0);
    REQUIRE(out.size() == 1);
    CHECK(polygonArea(out[0]) == Approx(100));
    CHECK(signedArea2(out[0].outer) > 0);  // counter-clockwise
    // with the map centred on 35 E, the same ring sits around x = 0
    const auto moved = cutAtAntimeridian(p, 35);
    REQUIRE(moved.size() == 1);
    CHECK(moved[0].outer[0].x == Approx(-5));
}

TEST_CASE("antimeridian: a ring across 180 (Chukotka, Fiji) is cut in two", "[antimeridian]") {
    // from 170 E to 170 W, given the way the data gives it: longitudes jump from 180 to -180
    Polygon p{{{170, 60}, {-170, 60}, {-170, 70}, {170, 70}}, {}};
    const auto out = cutAtAntimeridian(p, 0);
    REQUIRE(out.size() == 2);
    CHECK(totalArea(out) == Approx(200));
    CHECK(inRange(out));
    for (const Polygon& piece : out) {
        CHECK(signedArea2(piece.outer) > 0);
        CHECK(polygonArea(piece) == Approx(100));
        // the cut runs along the map's edge, and is known to be a cut
        int cutEdges = 0;
        for (std::size_t i = 0; i < piece.outer.size(); ++i) {
            if (isCutEdge(piece.outer[i], piece.outer[(i + 1) % piece.outer.size()])) ++cutEdges;
        }
        CHECK(cutEdges == 1);
    }
    // centred on 180, the same ring is whole again
    const auto pacific = cutAtAntimeridian(p, 180);
    REQUIRE(pacific.size() == 1);
    CHECK(polygonArea(pacific[0]) == Approx(200));
}

TEST_CASE("antimeridian: a concave ring crossing twice gives three pieces", "[antimeridian]") {
    // a C that opens to the east across 180: its two arms and its back are cut apart
    Polygon c{{{170, 0}, {-170, 0}, {-170, 2}, {175, 2}, {175, 8}, {-170, 8}, {-170, 10}, {170, 10}}, {}};
    const auto out = cutAtAntimeridian(c, 0);
    CHECK(out.size() == 3);
    CHECK(totalArea(out) == Approx(polygonArea(Polygon{{{170, 0}, {190, 0}, {190, 2}, {175, 2}, {175, 8}, {190, 8}, {190, 10}, {170, 10}}, {}})));
    CHECK(inRange(out));
}

TEST_CASE("antimeridian: a ring round the south pole is closed along the pole", "[antimeridian]") {
    // Antarctica's shape: longitudes run all the way round
    Ring r;
    for (int lon = -180; lon < 180; lon += 10) r.push_back({double(lon), -70.0 + (lon % 20 == 0 ? 2 : 0)});
    std::reverse(r.begin(), r.end());
    const auto out = cutAtAntimeridian({r, {}}, 0);
    REQUIRE_FALSE(out.empty());
    CHECK(inRange(out));
    // it covers the cap from the pole up to about -70 all the way round: 360 x ~20 degrees
    CHECK(totalArea(out) == Approx(360 * 21).epsilon(0.02));
    bool pole = false;
    for (const Polygon& p : out) {
        for (const Vec2& v : p.outer) pole = pole || v.y == -90.0;
    }
    CHECK(pole);
    // centred elsewhere it covers the same area
    CHECK(totalArea(cutAtAntimeridian({r, {}}, 100)) == Approx(totalArea(out)).epsilon(1e-9));
}

TEST_CASE("antimeridian: holes follow their piece", "[antimeridian]") {
    Polygon p{{{10, 10}, {30, 10}, {30, 30}, {10, 30}}, {{{15, 15}, {20, 15}, {20, 20}, {15, 20}}}};
    const auto out = cutAtAntimeridian(p, 0);
    REQUIRE(out.size() == 1);
    REQUIRE(out[0].holes.size() == 1);
    CHECK(signedArea2(out[0].holes[0]) < 0);  // holes run clockwise
    CHECK(polygonArea(out[0]) == Approx(400 - 25));
}

TEST_CASE("antimeridian: densify adds points along long edges only", "[antimeridian]") {
    const Ring r{{0, 0}, {10, 0}, {10, 0.5}};
    const Ring d = densify(r, 1.0);
    CHECK(d.size() > 12);
    CHECK(d.size() < 25);
    CHECK(std::abs(signedArea2(d) - signedArea2(r)) < 1e-9);
}
