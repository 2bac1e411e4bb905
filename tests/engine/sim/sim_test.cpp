#include <catch2/catch.hpp>

#include <cmath>

#include "brink/output/outputs.hpp"
#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {
struct Log : Observer {
    std::vector<Happening> all;
    void happened(const World&, const Happening& h) override { all.push_back(h); }
    [[nodiscard]] int count(HappeningKind k) const {
        return static_cast<int>(std::count_if(all.begin(), all.end(), [&](const Happening& h) { return h.kind == k; }));
    }
};

RunSetup seed(std::uint64_t s, std::int64_t turns = -1) {
    RunSetup r;
    r.key.seed = s;
    r.turns = turns;
    return r;
}
}  // namespace

TEST_CASE("updates within a phase are simultaneous", "[sim]") {
    // swap-like rule: each side takes the other's value from the phase's start
    auto sc = load(head(1) + R"Y(assets:
  x: {}
actors:
  a: {name: A, stock: {x: 1}}
  b: {name: B, stock: {x: 5}}
rules:
  - id: swap
    effects:
      - add: {actor: a, asset: x, amount: "stock(b, x) - stock(a, x)"}
      - add: {actor: b, asset: x, amount: "stock(a, x) - stock(b, x)"}
)Y");
    Simulation sim(sc, {});
    sim.run();
    CHECK(sim.world().stockOf(0, 0) == 5);
    CHECK(sim.world().stockOf(1, 0) == 1);
}

TEST_CASE("transfers conserve and send only what the sender has", "[sim][transfers]") {
    auto sc = load(head(30) + R"Y(assets:
  shells: {}
actors:
  a: {name: A, stock: {shells: 1000}, production: {shells: 20}}
  b: {name: B}
transfers:
  - {id: f, from: a, to: b, asset: shells, amount: 70, every: 7, transit: 10, detect: 0.5, interdict: 0.3}
)Y");
    for (std::uint64_t s = 1; s <= 20; ++s) {
        Simulation sim(sc, seed(s));
        sim.begin();
        while (sim.step()) {
            const FlowTotals& f = sim.world().flows[0];
            REQUIRE(f.sent == Approx(f.delivered + f.interdicted + f.inTransit).margin(1e-9));
            REQUIRE(sim.world().stockOf(0, 0) >= 0);
        }
        const FlowTotals& f = sim.world().flows[0];
        CHECK(f.interdicted > 0);
        CHECK(f.delivered > 0);
        // a sends 70 a turn but makes only 20: once its 1000 are gone, shipments shrink to
        // what it made; the last turn's 20 are made after that turn's shipment left
        CHECK(f.sent == Approx(1000 + 20 * 29).margin(1e-9));
        CHECK(sim.world().stockOf(0, 0) == Approx(20));
        CHECK(sim.world().stockOf(1, 0) == Approx(f.delivered));
    }
}

TEST_CASE("technology transfers close the gap with diminishing returns", "[sim][transfers]") {
    auto sc = load(head(3) + R"Y(assets:
  know_how: {kind: tech, domain: missile}
actors:
  a: {name: A, tech: {missile: 1}}
  b: {name: B, tech: {missile: 0.2}}
transfers:
  - {id: t, from: a, to: b, asset: know_how, amount: 0.5, every: 7}
)Y");
    Simulation sim(sc, {});
    sim.run();
    // three shipments of effort 0.5 close 1 - e^-1.5 of the gap
    CHECK(sim.world().techOf(1, 0) == Approx(0.2 + 0.8 * (1 - std::exp(-1.5))).epsilon(1e-12));
    CHECK(sim.world().techOf(0, 0) == 1);
}

TEST_CASE("orders are checked, paid and scored; refusals say why", "[sim][actions]") {
    auto sc = load(head(2) + R"Y(assets:
  shells: {}
actors:
  a: {name: A, stock: {shells: 5}}
  b: {name: B}
relations:
  - {between: [a, b], tension: 0.2}
actions:
  strike:
    target: "tension(self, target) > 0.1"
    cost: {shells: 3}
    escalation: 28
    effects:
      - tension: {between: [self, target], delta: 0.3}
  talk:
    escalation: -2
policies:
  a:
    - {do: strike, target: b}
    - {do: strike, target: b}
    - {do: talk}
metrics:
  score: escalation_score(a)
  t: tension(a, b)
)Y");
    Log log;
    Simulation sim(sc, {});
    sim.setObserver(&log);
    sim.begin();
    sim.step();
    CHECK(sim.world().stockOf(0, 0) == 2);
    CHECK(sim.world().metrics[0] == 26);  // 28 - 2: the duplicate order is given once
    CHECK(sim.world().metrics[1] == Approx(0.5));
    CHECK(log.count(HappeningKind::Order) == 2);
    sim.step();  // 2 shells left: strike refused
    CHECK(log.count(HappeningKind::Refused) == 1);
    const auto it = std::find_if(log.all.begin(), log.all.end(), [](const Happening& h) { return h.kind == HappeningKind::Refused; });
    CHECK(it->text == "it costs 3 shells and only 2 are left");
    CHECK(sim.world().metrics[0] == -2);
}

TEST_CASE("delayed effects and postures go through the calendar", "[sim][calendar]") {
    auto sc = load(head(4) + R"Y(postures:
  alert: {level: 2, delay: 10}
actors:
  a: {name: A}
actions:
  mobilise:
    duration: 7
    effects:
      - posture: {actor: self, to: alert}
policies:
  a:
    - {when: "turn == 1", do: mobilise}
metrics:
  level: posture_level(a)
)Y");
    RunRecorder rec(*sc);
    Simulation sim(sc, {});
    sim.setObserver(&rec);
    sim.run();
    // ordered turn 1 (day 7); effects on day 14 (turn 2); posture from day 24 (turn 4)
    CHECK(rec.metricsCsv() == "turn,day,level\n0,0,0\n1,7,0\n2,14,0\n3,21,0\n4,28,2\n");
}

TEST_CASE("events fire by chance, once when asked, and can end the run", "[sim][events]") {
    auto sc = load(head(100) + R"Y(actors:
  a: {name: A}
events:
  coin: {chance: 0.5}
  first: {once: true}
  stop: {when: "fired(coin) >= 10", effects: [{end: enough}]}
)Y");
    Simulation sim(sc, seed(3));
    sim.run();
    CHECK(sc->outcomes[static_cast<std::size_t>(sim.outcome())] == "enough");
    // stop sees the count at its phase's start; coin may fire once more in that phase
    CHECK(sim.world().fired[0] >= 10);
    CHECK(sim.world().fired[0] <= 11);
    CHECK(sim.world().fired[2] == 1);
    CHECK(sim.world().fired[1] == 1);
    CHECK(sim.world().turn < 100);
}

TEST_CASE("the ladder: climbing, relaxing tension and an ending rung", "[sim][escalation]") {
    auto sc = load(head(200) + R"Y(ladder:
  - {id: calm}
  - {id: crisis}
  - {id: war, ends: war}
escalation:
  up: "0.2"
  down: "0.1"
  relax: 0.5
actors:
  a: {name: A}
  b: {name: B}
relations:
  - {between: [a, b], tension: 0.2, baseline: 0.2}
rules:
  - id: heat
    when: "turn == 1"
    effects:
      - tension: {between: [a, b], to: 1}
)Y");
    Simulation sim(sc, seed(9));
    sim.begin();
    sim.step();
    // turn 1: rule sets 1, escalation relaxes half-way to 0.2
    CHECK(sim.world().tension[0] == Approx(0.6));
    sim.run();
    CHECK(sc->outcomes[static_cast<std::size_t>(sim.outcome())] == "war");
    CHECK(sim.world().rung[0] == 2);
    CHECK(sim.world().peak[0] == 2);
}

TEST_CASE("upkeep is paid each turn; an unpaid posture lapses to neutral", "[sim][postures]") {
    auto sc = load(head(5) + R"Y(assets:
  fuel: {}
postures:
  alert: {level: 2, upkeep: {fuel: 4}}
actors:
  a: {name: A, posture: alert, stock: {fuel: 10}}
metrics:
  fuel: stock(a, fuel)
  level: posture_level(a)
)Y");
    RunRecorder rec(*sc);
    Simulation sim(sc, {});
    sim.setObserver(&rec);
    sim.run();
    CHECK(rec.metricsCsv() == "turn,day,fuel,level\n0,0,10,2\n1,7,6,2\n2,14,2,2\n3,21,0,0\n4,28,0,0\n5,35,0,0\n");
}

TEST_CASE("a division by zero at run time names the expression, turn and place", "[sim]") {
    auto sc = load(head(5) + "assets:\n  x: {}\nactors:\n  a: {name: A, stock: {x: 3}, consumption: {x: 1}}\nmetrics:\n  m: \"1 / stock(a, x)\"\n");
    Simulation sim(sc, {});
    try {
        sim.run();
        FAIL("expected a RunError");
    } catch (const RunError& e) {
        CHECK(std::string(e.what()) == "division by zero in '1 / stock(a, x)' at turn 3 (2024-07-10)");
        CHECK(e.loc.line == 12);
        CHECK(e.loc.col == 7);
    }
}

TEST_CASE("the same seed gives the same world; another seed another", "[sim][determinism]") {
    auto sc = loadFile("scenarios/models/richardson.yaml");
    Simulation a(sc, seed(5)), b(sc, seed(5));
    a.run();
    b.run();
    CHECK(a.world().hash() == b.world().hash());
}

TEST_CASE("calendar entries fire in day order even when rescheduled within a turn", "[sim][calendar]") {
    // t1 leaves on days 7, 10 and 13; t2 (inserted earlier) on day 13. In (day, priority,
    // insertion) order: day 7 t1 sends 4, day 10 t1 sends 4, day 13 t2 gets the last 2.
    auto sc = load(R"Y(brink: 1
scenario: {id: cal, start: 2024-01-01, turn_days: 14, turns: 1}
assets: {arms: {name: arms}}
actors: {x: {name: X, stock: {arms: 10}}, y: {name: Y}, z: {name: Z}}
transfers:
  - {id: t2, from: x, to: z, asset: arms, amount: 5, start: 13}
  - {id: t1, from: x, to: y, asset: arms, amount: 4, start: 7, every: 3}
metrics: {t1_sent: sent(t1), t2_sent: sent(t2)}
)Y");
    Simulation sim(sc, {});
    sim.run();
    CHECK(sim.world().metrics[0] == 8);
    CHECK(sim.world().metrics[1] == 2);
}

TEST_CASE("shipments arrive transit days after the day they leave, not the turn's day", "[sim][calendar]") {
    auto sc = load(R"Y(brink: 1
scenario: {id: t, start: 2024-01-01, turn_days: 10, turns: 1}
assets: {arms: {}}
actors: {x: {name: X, stock: {arms: 10}}, y: {name: Y}}
transfers:
  - {id: t, from: x, to: y, asset: arms, amount: 1, start: 1, transit: 10, detect: 1}
)Y");
    Simulation sim(sc, {});
    sim.run();
    const auto cal = sim.world().calendar.sorted();
    REQUIRE(cal.size() == 1);
    CHECK(cal[0].kind == CalKind::Arrival);
    CHECK(cal[0].day == 11);
    CHECK(sim.world().flows[0].detected == 1);  // seen when it left
    CHECK(sim.world().flows[0].inTransit == 1);
}

TEST_CASE("a lapsed posture is not charged its other upkeep", "[sim][postures]") {
    auto sc = load(head(1) + R"Y(assets: {fuel: {}, money: {}}
postures:
  alert: {level: 2, upkeep: {fuel: 4, money: 3}}
actors:
  a: {name: A, posture: alert, stock: {fuel: 1, money: 10}}
)Y");
    Simulation sim(sc, {});
    sim.run();
    CHECK(sim.world().stockOf(0, 0) == 0);   // paid what it had
    CHECK(sim.world().stockOf(0, 1) == 10);  // not charged for a posture it no longer holds
    CHECK(sc->postures[static_cast<std::size_t>(sim.world().posture[0])].id == "neutral");
}

TEST_CASE("computed production, consumption and upkeep below zero count as zero", "[sim]") {
    auto sc = load(head(2) + R"Y(assets: {x: {}}
postures:
  alert: {upkeep: {x: "-1 - turn"}}
actors:
  a: {name: A, posture: alert, stock: {x: 5}, production: {x: "-2 - turn"}, consumption: {x: "0 - 3 * (turn + 1)"}}
)Y");
    Simulation sim(sc, {});
    sim.run();
    CHECK(sim.world().stockOf(0, 0) == 5);
}
