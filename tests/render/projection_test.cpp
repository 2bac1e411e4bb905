#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "brink/render/projection.hpp"

using namespace brink::render;

TEST_CASE("Equal Earth: the map's frame and its published proportions", "[projection]") {
    const Vec2 o = EqualEarth::forwardRelative(0, 0);
    CHECK(o.x == 0.0);
    CHECK(o.y == 0.0);
    // the width at the equator over the height along the central meridian: about 2.05
    CHECK(EqualEarth::halfWidth() == Approx(2.706629).epsilon(1e-6));
    CHECK(EqualEarth::halfHeight() == Approx(1.317363).epsilon(1e-6));
    CHECK(EqualEarth::halfWidth() / EqualEarth::halfHeight() == Approx(2.0546).epsilon(1e-4));
    // the poles are lines, about 0.59 as long as the equator
    const double pole = EqualEarth::forwardRelative(180, 90).x;
    CHECK(pole / EqualEarth::halfWidth() == Approx(0.5925).epsilon(1e-3));
    // symmetric about the equator and the central meridian
    const Vec2 a = EqualEarth::forwardRelative(37.6, 55.75), b = EqualEarth::forwardRelative(-37.6, -55.75);
    CHECK(a.x == Approx(-b.x));
    CHECK(a.y == Approx(-b.y));
}

TEST_CASE("Equal Earth: equal areas everywhere", "[projection]") {
    // a cell of 1 x 1 degree on the unit sphere has area dlon * (sin(lat1) - sin(lat0));
    // its projected area must be the same at every latitude
    const double d = std::numbers::pi / 180.0;
    for (double lat : {-80.0, -45.0, 0.0, 12.5, 38.0, 61.0, 85.0}) {
        for (double lon : {-179.0, -60.0, 0.0, 100.0, 178.0}) {
            const Vec2 p00 = EqualEarth::forwardRelative(lon, lat), p10 = EqualEarth::forwardRelative(lon + 1, lat);
            const Vec2 p11 = EqualEarth::forwardRelative(lon + 1, lat + 1), p01 = EqualEarth::forwardRelative(lon, lat + 1);
            const double projected = std::abs(signedArea2({p00, p10, p11, p01})) / 2;
            const double sphere = d * (std::sin((lat + 1) * d) - std::sin(lat * d));
            INFO("lat " << lat << " lon " << lon);
            CHECK(projected == Approx(sphere).epsilon(1e-3));
        }
    }
}

TEST_CASE("Equal Earth: inverse undoes forward, with any central meridian", "[projection]") {
    for (double lon0 : {0.0, 10.0, 150.0, -90.0}) {
        const EqualEarth p(lon0);
        for (double lon = -179.5; lon < 180; lon += 17.25) {
            for (double lat = -89.0; lat <= 89.0; lat += 11.0) {
                const Vec2 back = p.inverse(p.forward(lon, lat));
                INFO("lon0 " << lon0 << " lon " << lon << " lat " << lat);
                CHECK(back.x == Approx(lon).margin(1e-7));
                CHECK(back.y == Approx(lat).margin(1e-7));
            }
        }
    }
    const EqualEarth pacific(150);
    CHECK(pacific.relative(-170) == Approx(40));
    CHECK(pacific.relative(150) == Approx(0));
    CHECK(pacific.relative(-30) == Approx(-180));
    // Moscow is east of Washington on a map centred on Greenwich
    const EqualEarth p0;
    CHECK(p0.forward(37.6, 55.75).x > p0.forward(-77.0, 38.9).x);
    CHECK(p0.forward(37.6, 55.75).y > p0.forward(-77.0, 38.9).y);
}
