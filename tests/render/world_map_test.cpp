#include <catch2/catch.hpp>

#include <set>

#include "brink/render/iso3166.hpp"
#include "brink/render/topojson.hpp"
#include "brink/render/triangulate.hpp"
#include "brink/render/world_map.hpp"
#include "support.hpp"

using namespace brink::render;

namespace {

double triangleArea(const std::vector<Vec2>& t) {
    double a = 0;
    for (std::size_t i = 0; i + 2 < t.size(); i += 3) a += cross(t[i], t[i + 1], t[i + 2]) / 2;
    return a;
}

}  // namespace

TEST_CASE("iso3166: numeric to alpha-3, every code once", "[iso]") {
    CHECK(isoCountries().size() == 249);
    REQUIRE(isoByNumeric(643));
    CHECK(isoByNumeric(643)->alpha3 == "RUS");
    CHECK(isoByNumeric(408)->alpha3 == "PRK");
    CHECK(isoByNumeric(410)->alpha3 == "KOR");
    CHECK(isoByNumeric(840)->alpha3 == "USA");
    CHECK(isoByNumeric(4)->alpha3 == "AFG");
    CHECK(isoByNumeric(894)->alpha3 == "ZMB");
    CHECK(isoByNumeric(999) == nullptr);
    CHECK(isoByAlpha3("UKR")->numeric == 804);
    CHECK(isoByAlpha3("XYZ") == nullptr);
    std::set<int> nums;
    std::set<std::string_view> codes;
    for (const IsoCountry& c : isoCountries()) {
        nums.insert(c.numeric);
        codes.insert(c.alpha3);
        CHECK(c.alpha3.size() == 3);
    }
    CHECK(nums.size() == 249);
    CHECK(codes.size() == 249);
}

TEST_CASE("topojson: arcs are decoded, reversed and stitched", "[topojson]") {
    // two unit squares sharing the arc x = 1 (quantized, delta-encoded)
    const std::string text = R"({"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},
      "arcs":[[[1,0],[0,1]],[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[1,0],[0,1],[-1,0]]],
      "objects":{"countries":{"type":"GeometryCollection","geometries":[
        {"type":"Polygon","id":"643","properties":{"name":"West"},"arcs":[[0,1]]},
        {"type":"Polygon","id":"408","properties":{"name":"East"},"arcs":[[2,-1]]},
        {"type":null,"id":"010","properties":{"name":"Nothing"}}]}}})";
    std::string err;
    const auto f = readTopoJson(text, "countries", err);
    INFO(err);
    REQUIRE(f);
    REQUIRE(f->size() == 3);
    CHECK((*f)[0].id == "643");
    CHECK((*f)[0].name == "West");
    REQUIRE((*f)[0].polygons.size() == 1);
    CHECK(std::abs(signedArea2((*f)[0].polygons[0].outer)) == Approx(2.0));
    CHECK(std::abs(signedArea2((*f)[1].polygons[0].outer)) == Approx(2.0));
    CHECK((*f)[2].polygons.empty());
}

TEST_CASE("topojson: bad input is reported with a position", "[topojson]") {
    std::string err;
    CHECK_FALSE(readTopoJson("{\n  \"type\": \"Topology\",\n  oops", "countries", err));
    CHECK(err.rfind("3:3: not valid JSON", 0) == 0);
    CHECK_FALSE(readTopoJson(R"({"type":"FeatureCollection"})", "countries", err));
    CHECK(err == "1:1: not a TopoJSON topology (no \"type\": \"Topology\")");
    CHECK_FALSE(readTopoJson(R"({"type":"Topology","arcs":[],"objects":{}})", "countries", err));
    CHECK(err == "1:1: the topology has no geometry collection \"countries\"");
    CHECK_FALSE(readTopoJson(R"({"type":"Topology","arcs":[],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[5]]}]}}})",
                             "countries", err));
    CHECK(err.find("arcs that do not exist") != std::string::npos);
    std::string werr;
    CHECK_FALSE(WorldMap::load("does/not/exist.json", EqualEarth(), werr));
    CHECK(werr == "does/not/exist.json:1:1: error: cannot open map file; expected a world-atlas TopoJSON file; hint: the maps live in scenarios/maps/");
}

TEST_CASE("world map: every country of both files is keyed, cut and filled exactly", "[worldmap]") {
    for (const char* file : {"scenarios/maps/countries-110m.json", "scenarios/maps/countries-50m.json"}) {
        for (double lon0 : {0.0, 10.0}) {
            INFO(file << " centred on " << lon0);
            std::string err;
            const auto m = WorldMap::load(brink::test::source(file), EqualEarth(lon0), err);
            INFO(err);
            REQUIRE(m);
            CHECK(m->countries().size() >= 177);
            int unkeyed = 0;
            const std::set<std::string> noCode{"N. Cyprus", "Somaliland", "Siachen Glacier", "Indian Ocean Ter."};
            for (const CountryShape& c : m->countries()) {
                if (c.iso3.empty()) {
                    ++unkeyed;
                    CHECK(noCode.count(c.name));  // every other feature's numeric code is in the table
                }
                INFO(c.name);
                CHECK_FALSE(c.triangles.empty());
                CHECK(triangleArea(c.triangles) > 0);
                // no piece spans the map: nothing smeared across it from the antimeridian
                for (const auto& line : c.borders) {
                    for (std::size_t i = 1; i < line.size(); ++i) CHECK(std::abs(line[i].x - line[i - 1].x) < 1.0);
                }
            }
            CHECK(unkeyed <= 5);  // N. Cyprus, Somaliland, Siachen Glacier, Indian Ocean Ter. (Kosovo is XKX)
            for (const char* iso : {"RUS", "PRK", "KOR", "USA", "CHN", "UKR", "JPN", "IRN", "CUB", "VEN", "FJI", "ATA"}) {
                CHECK(m->find(iso));
            }
            CHECK(m->find("XKX"));
            // the fill covers the same area as the shapes: no triangle overlaps or is lost
            // (checked against Russia's and the Antarctic's areas on the unit sphere, whose
            // projection is equal-area: 17.1 and 14.0 million km2 on a 6371 km sphere)
            const double km2 = 6371.0 * 6371.0;
            CHECK(triangleArea(m->find("RUS")->triangles) * km2 == Approx(16.9e6).epsilon(0.04));
            CHECK(triangleArea(m->find("ATA")->triangles) * km2 == Approx(12.3e6).epsilon(0.06));
            CHECK(triangleArea(m->find("PRK")->triangles) * km2 == Approx(0.121e6).epsilon(0.08));
            // Russia reaches the map's right edge and comes back on the left (Chukotka)
            const Box rb = m->find("RUS")->bounds;
            CHECK(rb.x1 > 1.5);
            if (lon0 == 0.0) CHECK(rb.x0 < -1.5);
            // the United States' main piece is the contiguous states, not Alaska
            const Box us = m->find("USA")->mainBounds;
            CHECK(m->projection().inverse({us.x0, us.center().y}).x < -110);
            CHECK(m->projection().inverse({us.x1, us.center().y}).x > -80);
        }
    }
}
