// The layout of summit-2024's map: what is drawn where, before any pixel is drawn.
#include <catch2/catch.hpp>

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

bool hasText(const MapScene& s, const std::string& t) {
    for (const DrawItem& it : s.overlay) {
        if (const auto* x = std::get_if<TextItem>(&it); x && x->text.find(t) != std::string::npos) return true;
    }
    return false;
}

bool inPanel(const MapScene& s, Vec2 p) {
    for (const Box& b : s.panels) {
        if (b.contains(p)) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("map scene: labels do not collide on summit-2024", "[scene]") {
    for (std::int64_t turn : {0, 10, 26}) {
        const Played run(turn);
        for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}}) {
            INFO("turn " << turn << " at " << w << "x" << h);
            const MapScene s = renderer().layout(run.input(), w, h);
            int actors = 0;
            for (std::size_t i = 0; i < s.labels.size(); ++i) {
                const PlacedLabel& a = s.labels[i];
                INFO(a.text);
                actors += a.kind == PlacedLabel::Kind::Actor ? 1 : 0;
                CHECK(a.box.x0 >= 0);
                CHECK(a.box.x1 <= w);
                CHECK(a.box.y0 >= s.mapArea.y0);
                CHECK(a.box.y1 <= h);
                for (std::size_t j = i + 1; j < s.labels.size(); ++j) {
                    INFO("and " << s.labels[j].text);
                    CHECK_FALSE(a.box.overlaps(s.labels[j].box));
                }
                for (const auto& [actor, p] : s.capitals) {
                    const Box marker{p.x - s.capitalRadius, p.y - s.capitalRadius, p.x + s.capitalRadius, p.y + s.capitalRadius};
                    CHECK_FALSE(a.box.overlaps(marker));
                }
                for (const Box& panel : s.panels) CHECK_FALSE(a.box.overlaps(panel));
            }
            // every actor with a capital is named
            CHECK(actors == static_cast<int>(s.capitals.size()));
            CHECK(actors == 10);
        }
    }
}

TEST_CASE("map scene: the view frames every capital, clear of the panels", "[scene]") {
    const Played run(0);
    const MapScene s = renderer().layout(run.input(), 1920, 1080);
    REQUIRE(s.capitals.size() == 10);
    for (const auto& [a, p] : s.capitals) {
        INFO(run.sc->actors[static_cast<std::size_t>(a)].name);
        CHECK(s.mapArea.contains(p));
        CHECK_FALSE(inPanel(s, p));
    }
    // west is left of east, north above south
    const Vec2 moscow = s.pixelOf(37.6173, 55.7558), washington = s.pixelOf(-77.0369, 38.9072);
    const Vec2 pyongyang = s.pixelOf(125.7625, 39.0392), caracas = s.pixelOf(-66.9036, 10.4806);
    CHECK(washington.x < moscow.x);
    CHECK(moscow.x < pyongyang.x);
    CHECK(moscow.y < pyongyang.y);
    CHECK(washington.y < caracas.y);
    // a view given explicitly is kept, and maps back and forth
    MapView v{{0.5, 0.6}, 700};
    const MapScene z = renderer().layout(run.input(), 1920, 1080, v);
    CHECK(z.view.scale == 700);
    const Vec2 back = z.fromPixel(z.toPixel({0.3, -0.2}));
    CHECK(back.x == Approx(0.3));
    CHECK(back.y == Approx(-0.2));
}

TEST_CASE("map scene: header, flows, shipments on their way, interdictions only once they happen", "[scene]") {
    const Played run(26);
    const Scenario& sc = *run.sc;
    const World& w = run.sim->world();
    const MapScene s = renderer().layout(run.input(), 1920, 1080);
    CHECK(hasText(s, "Summit in Pyongyang"));
    CHECK(hasText(s, "Turn 26 of 52"));
    CHECK(hasText(s, "18 December 2024"));
    int peak = 0;
    for (auto p : w.peak) peak = std::max<int>(peak, p);
    CHECK(hasText(s, std::to_string(peak) + "  " + sc.ladder[static_cast<std::size_t>(peak)].name));
    CHECK(hasText(s, "ESCALATION LADDER"));
    CHECK(hasText(s, "Russia\u2013Ukraine"));
    // each actor's posture is on its badge
    for (std::size_t a = 0; a < sc.actors.size(); ++a) {
        CHECK(hasText(s, sc.postures[static_cast<std::size_t>(w.posture[a])].name));
    }
    // one arrow each way between Pyongyang and Moscow, plus technology back, plus US aid
    const ActorId nk = sc.actorIndex("north_korea"), ru = sc.actorIndex("russia"), us = sc.actorIndex("united_states");
    int nkru = 0, runk = 0, usua = 0;
    for (const RouteInfo& r : s.routes) {
        nkru += r.from == nk && r.to == ru;
        runk += r.from == ru && r.to == nk;
        usua += r.from == us && r.to == sc.actorIndex("ukraine");
    }
    CHECK(nkru == 1);
    CHECK(runk == 2);
    CHECK(usua == 1);
    // a square for every shipment on its way along a drawn route, no more
    int inTransit = 0;
    for (const CalEntry& e : w.calendar.sorted()) inTransit += e.kind == CalKind::Arrival ? 1 : 0;
    int squares = 0, crosses = 0;
    for (const DrawItem& it : s.overlay) {
        if (const auto* r = std::get_if<RectItem>(&it); r && r->fill == style::kShipment && !inPanel(s, r->box.center())) ++squares;
        if (const auto* x = std::get_if<CrossItem>(&it); x && !inPanel(s, x->center)) ++crosses;
    }
    CHECK(inTransit > 0);
    CHECK(squares == inTransit);
    // interdictions: one mark for each of the last four turns' (none foreseen)
    int recent = 0;
    for (const Interdiction& x : run.rec.history().interdictions) recent += x.turn + 4 > w.turn ? 1 : 0;
    CHECK(crosses == recent);
    REQUIRE_FALSE(run.rec.history().interdictions.empty());
    // the turn before the first interdiction shows no mark, though that shipment is already doomed
    const std::int64_t first = run.rec.history().interdictions.front().turn;
    const Played before(first - 1);
    const MapScene b = renderer().layout(before.input(), 1920, 1080);
    int early = 0;
    for (const DrawItem& it : b.overlay) {
        if (const auto* x = std::get_if<CrossItem>(&it); x && !inPanel(b, x->center)) ++early;
    }
    CHECK(early == 0);
    bool doomed = false;
    for (const CalEntry& e : before.sim->world().calendar.sorted()) doomed = doomed || (e.kind == CalKind::Arrival && (e.flags & 2));
    CHECK(doomed);
}

TEST_CASE("map scene: an actor with a map code but no capital is drawn where its country is", "[scene]") {
    // the docs' complete example names countries but gives only one capital
    auto sc = test::load(test::head(4, "nocap") +
                         "assets:\n  arms: {name: arms}\n"
                         "actors:\n  ru: {name: Russia, map: RUS, capital: [55.75, 37.62], bloc: east, stock: {arms: 9}}\n"
                         "  ua: {name: Ukraine, map: UKR, bloc: west}\n  kp: {name: North Korea, map: PRK, bloc: east}\n"
                         "relations:\n  - {between: [ru, ua], stance: conflict, tension: 0.8}\n"
                         "transfers:\n  - {id: aid, from: ru, to: kp, asset: arms, amount: 1, every: 7}\n");
    RunSetup setup;
    Simulation sim(sc, setup);
    MapRecorder rec;
    sim.setObserver(&rec);
    sim.run();
    const SceneInput in{sc.get(), &sim.world(), &rec.history(), 1, sim.horizon()};
    const MapScene s = renderer().layout(in, 1920, 1080);
    REQUIRE(s.capitals.size() == 3);  // a marker for every actor with a place
    CHECK(hasText(s, "Ukraine"));
    CHECK(hasText(s, "North Korea"));
    // Ukraine's marker lies inside Ukraine: west of Moscow, south of it
    Vec2 kyiv{};
    for (const auto& [a, p] : s.capitals) {
        if (a == sc->actorIndex("ua")) kyiv = p;
    }
    const Vec2 moscow = s.pixelOf(37.62, 55.75);
    CHECK(kyiv.x < moscow.x);
    CHECK(kyiv.y > moscow.y);
    // the arrow to North Korea is drawn, and every actor is labelled
    CHECK(s.routes.size() == 1);
    int actorLabels = 0;
    for (const PlacedLabel& l : s.labels) actorLabels += l.kind == PlacedLabel::Kind::Actor ? 1 : 0;
    CHECK(actorLabels == 3);
}

TEST_CASE("map scene: a route whose shipments were all interdicted says so, not 'on the way'", "[scene]") {
    // a scenario author's report: the arrow read "missiles on the way" with nothing in transit
    auto sc = test::load(test::head(5) + R"Y(assets:
  missiles: {}
actors:
  a: {name: Alpha, map: RUS, capital: [55.75, 37.62], stock: {missiles: 10}}
  b: {name: Beta, map: CUB, capital: [23.11, -82.37]}
transfers:
  - {id: ship, from: a, to: b, asset: missiles, amount: 5, every: 0, transit: 1, start: 7, interdict: 1}
)Y");
    auto labelAt = [&](std::int64_t turn) {
        RunSetup setup;
        Simulation sim(sc, setup);
        MapRecorder rec;
        sim.setObserver(&rec);
        sim.begin();
        while (sim.world().turn < turn && sim.step()) {
        }
        const MapScene s = renderer().layout({sc.get(), &sim.world(), &rec.history(), 1, sim.horizon()}, 1600, 900);
        std::string route;
        for (const PlacedLabel& l : s.labels) {
            if (l.kind == PlacedLabel::Kind::Route) route += l.text;
        }
        return route;
    };
    CHECK(labelAt(1) == "missiles on the way");  // left on day 7, due on day 8
    CHECK(labelAt(2) == "missiles, all interdicted");
}
