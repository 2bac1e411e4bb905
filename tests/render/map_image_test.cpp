// Drawing summit-2024 offscreen (under Xvfb when there is no display) and reading pixels.
#include <catch2/catch.hpp>

#include <SFML/Graphics/Image.hpp>
#include <cmath>
#include <cstring>
#include <map>

#include "brink/render/assets.hpp"
#include "brink/render/map_renderer.hpp"
#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::render;

namespace {

const MapRenderer& renderer() {
    static std::unique_ptr<MapRenderer> r = [] {
        std::string err;
        auto m = MapRenderer::create(findMapFile(kDefaultMapFile), err);
        INFO(err);
        REQUIRE(m);
        return m;
    }();
    return *r;
}

/// summit-2024 played to `turn` with its own seed, and what the map remembers.
struct Played {
    std::shared_ptr<Scenario> sc;
    std::unique_ptr<Simulation> sim;
    MapRecorder rec;
    explicit Played(std::int64_t turn) : sc(test::loadFile("scenarios/summit-2024.yaml")) {
        RunSetup setup;
        setup.key.seed = sc->seed;
        sim = std::make_unique<Simulation>(sc, setup);
        sim->setObserver(&rec);
        sim->begin();
        while (sim->world().turn < turn && sim->step()) {
        }
        REQUIRE(sim->world().turn == turn);
    }
    [[nodiscard]] SceneInput input() const { return {sc.get(), &sim->world(), &rec.history(), sc->seed, sim->horizon()}; }
};

Rgba at(const sf::Image& img, Vec2 p) {
    const sf::Color c = img.getPixel(unsigned(std::lround(p.x)), unsigned(std::lround(p.y)));
    return {c.r, c.g, c.b, c.a};
}

int distance(Rgba a, Rgba b) { return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b); }

/// How many pixels in a ring around `p` are exactly each colour of `palette`.
std::map<int, int> countAround(const sf::Image& img, Vec2 p, double r0, double r1, const std::vector<Rgba>& palette) {
    std::map<int, int> n;
    for (int dy = -int(r1); dy <= int(r1); ++dy) {
        for (int dx = -int(r1); dx <= int(r1); ++dx) {
            const double d = std::hypot(dx, dy);
            if (d < r0 || d > r1) continue;
            const Rgba c = at(img, {p.x + dx, p.y + dy});
            for (std::size_t i = 0; i < palette.size(); ++i) {
                if (c.r == palette[i].r && c.g == palette[i].g && c.b == palette[i].b) ++n[int(i)];
            }
        }
    }
    return n;
}

Vec2 capitalOf(const MapScene& s, ActorId a) {
    for (const auto& [id, p] : s.capitals) {
        if (id == a) return p;
    }
    FAIL("no capital marker for actor " << a);
    return {};
}

}  // namespace

TEST_CASE("map image: summit-2024 at turns 0 and 10, size and bloc colours at the capitals", "[image]") {
    for (std::int64_t turn : {0, 10}) {
        INFO("turn " << turn);
        const Played run(turn);
        std::string err;
        MapScene scene;
        const auto img = renderer().image(run.input(), 1920, 1080, err, &scene);
        INFO(err);
        REQUIRE(img);
        CHECK(img->getSize().x == 1920);
        CHECK(img->getSize().y == 1080);
        const Scenario& sc = *run.sc;
        // the scenario's colours: coalition (Russia, North Korea) red, west (the US) blue, partners amber
        const auto colours = style::blocColours(sc);
        const Rgba coalition = colours[static_cast<std::size_t>(sc.blocs.find("coalition"))],
                   west = colours[static_cast<std::size_t>(sc.blocs.find("west"))],
                   partners = colours[static_cast<std::size_t>(sc.blocs.find("partners"))];
        CHECK(west == Rgba{0x42, 0x7A, 0xBD});
        CHECK(coalition == Rgba{0xCD, 0x52, 0x4A});
        const std::vector<Rgba> palette{coalition, west, partners, style::kLand};
        struct Expect {
            const char* actor;
            int colour;
        };
        for (const Expect& e : {Expect{"russia", 0}, Expect{"north_korea", 0}, Expect{"united_states", 1}}) {
            INFO(e.actor);
            const ActorId a = sc.actorIndex(e.actor);
            const ActorDef& ad = sc.actors[static_cast<std::size_t>(a)];
            // the marker sits where the capital is
            const Vec2 p = capitalOf(scene, a);
            CHECK(length(p - scene.pixelOf(ad.lon, ad.lat)) < 0.5);
            // the country around it is filled with its bloc's colour, more than with any other
            const auto n = countAround(*img, p, 8, 22, palette);
            INFO("coalition " << (n.count(0) ? n.at(0) : 0) << ", west " << (n.count(1) ? n.at(1) : 0) << ", partners "
                              << (n.count(2) ? n.at(2) : 0) << ", land " << (n.count(3) ? n.at(3) : 0));
            REQUIRE(n.count(e.colour));
            CHECK(n.at(e.colour) >= 40);
            for (int other = 0; other < 3; ++other) {
                if (other != e.colour && n.count(other)) CHECK(n.at(e.colour) > n.at(other));
            }
        }
        // Moscow itself is drawn as a white capital marker with a dark ring
        CHECK(distance(at(*img, capitalOf(scene, sc.actorIndex("russia"))), style::kHalo) < 30);
        (void)partners;
        (void)west;
    }
}

TEST_CASE("map image: the flow of munitions is an arrow from Pyongyang to Moscow", "[image]") {
    const Played run(10);
    const Scenario& sc = *run.sc;
    std::string err;
    MapScene scene;
    const auto img = renderer().image(run.input(), 1920, 1080, err, &scene);
    INFO(err);
    REQUIRE(img);
    const ActorId nk = sc.actorIndex("north_korea"), ru = sc.actorIndex("russia");
    const RouteInfo* arms = nullptr;
    for (const RouteInfo& r : scene.routes) {
        if (r.from == nk && r.to == ru && !r.tech) arms = &r;
    }
    REQUIRE(arms);
    // it runs from one capital to the other, thicker than a hairline after ten turns of shipments
    CHECK(length(arms->path.front() - capitalOf(scene, nk)) < 20);
    CHECK(length(arms->path.back() - capitalOf(scene, ru)) < 25);
    CHECK(arms->width > 4.0);
    // and its pixels between the two are the arrows' ink (a shipment or its label may sit on a few)
    int inked = 0, total = 0;
    for (double f = 0.2; f <= 0.8; f += 0.025) {
        ++total;
        Vec2 p = arms->path.front();
        double walked = 0, target = 0;
        for (std::size_t i = 1; i < arms->path.size(); ++i) target += length(arms->path[i] - arms->path[i - 1]);
        target *= f;
        for (std::size_t i = 1; i < arms->path.size(); ++i) {
            const double seg = length(arms->path[i] - arms->path[i - 1]);
            if (walked + seg >= target) {
                p = arms->path[i - 1] + (arms->path[i] - arms->path[i - 1]) * ((target - walked) / seg);
                break;
            }
            walked += seg;
        }
        if (distance(at(*img, p), style::kArms) < 60) ++inked;
    }
    INFO(inked << " of " << total << " samples on the arrow are its colour");
    CHECK(inked >= total * 8 / 10);
}

TEST_CASE("map image: the same state drawn twice gives the same pixels", "[image]") {
    const Played run(10);
    std::string err;
    const auto a = renderer().image(run.input(), 1280, 720, err);
    const auto b = renderer().image(run.input(), 1280, 720, err);
    INFO(err);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->getSize() == b->getSize());
    const std::size_t bytes = std::size_t(a->getSize().x) * a->getSize().y * 4;
    CHECK(std::memcmp(a->getPixelsPtr(), b->getPixelsPtr(), bytes) == 0);
    // and another state does not
    const Played later(11);
    const auto c = renderer().image(later.input(), 1280, 720, err);
    REQUIRE(c);
    CHECK(std::memcmp(a->getPixelsPtr(), c->getPixelsPtr(), bytes) != 0);
}
