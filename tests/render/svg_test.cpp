// The map as SVG for browsers: text measured with FreeType as the painter measures it with
// SFML, a layout free of collisions with those metrics, and an SVG document that a browser
// draws: well-formed, every label in it, nothing executable, small enough for a classroom
// network.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "brink/render/assets.hpp"
#include "brink/render/map_renderer.hpp"
#include "brink/render/svg.hpp"
#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::render;

namespace {

const FontMetrics& metrics() {
    static std::unique_ptr<FontMetrics> m = [] {
        std::string err;
        auto f = FontMetrics::load(err);
        INFO(err);
        REQUIRE(f);
        return f;
    }();
    return *m;
}

const WorldMap& worldMap() {
    static std::optional<WorldMap> m = [] {
        std::string err;
        auto w = WorldMap::load(findMapFile(kDefaultMapFile), EqualEarth(kCentralMeridian), err);
        INFO(err);
        REQUIRE(w);
        return w;
    }();
    return *m;
}

MapScene summitAt(std::int64_t turn, int w, int h) {
    auto sc = test::loadFile("scenarios/summit-2024.yaml");
    RunSetup setup;
    setup.key.seed = sc->seed;
    Simulation sim(sc, setup);
    MapRecorder rec;
    sim.setObserver(&rec);
    sim.begin();
    while (sim.world().turn < turn && sim.step()) {
    }
    const SceneInput in{sc.get(), &sim.world(), &rec.history(), sc->seed, sim.horizon()};
    return buildScene(worldMap(), in, w, h, metrics().measurer());
}

}  // namespace

TEST_CASE("svg: FreeType measures text as the painter does", "[svg]") {
    std::string err;
    auto r = MapRenderer::create(findMapFile(kDefaultMapFile), err);
    INFO(err);
    REQUIRE(r);
    const TextMeasure sfml = r->painter().measure();
    for (const char* t : {"Russia", "North Korea", "Heightened readiness", "Summit in Pyongyang", "Turn 26 of 52 \u00b7 18 December 2024"}) {
        for (double px : {11.0, 16.0, 28.0}) {
            for (bool bold : {false, true}) {
                INFO(t << " at " << px << (bold ? " bold" : ""));
                const Vec2 a = metrics().measure(t, px, bold), b = sfml(t, px, bold);
                // SFML hints its glyphs (advances rounded to whole pixels, wider at small
                // bold sizes); a browser does not, nor does FontMetrics
                CHECK(a.x == Approx(b.x).epsilon(0.1));
                CHECK(a.y == Approx(b.y).epsilon(0.02));
            }
        }
    }
    CHECK(metrics().measure("", 16, false).x == 0);
    // a broken UTF-8 sequence measures as a replacement character, never reads past the end
    CHECK(metrics().measure("Kim\xC3", 16, false).x > metrics().measure("Kim", 16, false).x);
}

TEST_CASE("svg: summit-2024's map as SVG, laid out with FreeType's metrics", "[svg]") {
    for (std::int64_t turn : {0, 26}) {
        const MapScene s = summitAt(turn, 1600, 900);
        INFO("turn " << turn);
        for (std::size_t i = 0; i < s.labels.size(); ++i) {
            for (std::size_t j = i + 1; j < s.labels.size(); ++j) {
                INFO(s.labels[i].text << " and " << s.labels[j].text);
                CHECK_FALSE(s.labels[i].box.overlaps(s.labels[j].box));
            }
        }
        const std::string svg = sceneSvg(s);
        CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1600 900\"", 0) == 0);
        CHECK(svg.ends_with("</svg>\n"));
        for (const char* name : {"Russia", "North Korea", "Ukraine", "United States", "Summit in Pyongyang"}) {
            INFO(name);
            CHECK(svg.find(std::string(">") + name + "</text>") != std::string::npos);
        }
        CHECK(svg.find("<script") == std::string::npos);
        CHECK_FALSE(std::regex_search(svg, std::regex(" on[a-z]+=")));  // no event attributes
        CHECK(svg.size() < 900'000);                   // outlines thinned to what shows
        const std::string path = test::tempDir("svg") + "/map.svg";
        std::ofstream(path) << svg;
        const test::Proc p = test::runShell("python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); "
                                            "print(len(r.findall(\".//{http://www.w3.org/2000/svg}text\")))' " + path);
        INFO(p.err);
        REQUIRE(p.status == 0);
        CHECK(std::stoi(p.out) == static_cast<int>(std::count_if(s.overlay.begin(), s.overlay.end(), [](const DrawItem& it) {
                  return std::holds_alternative<TextItem>(it);
              })));
    }
}

TEST_CASE("svg: text is escaped", "[svg]") {
    MapScene s;
    s.width = 100;
    s.height = 50;
    s.overlay.push_back(TextItem{"<b>&\"x\"</b>\x01", {1, 2}, 12, false, {}, 0});
    const std::string svg = sceneSvg(s);
    CHECK(svg.find(">&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</text>") != std::string::npos);
}
