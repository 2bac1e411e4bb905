#include <catch2/catch.hpp>

#include "brink/output/narrative.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {
const char* kScenario = R"Y(assets:
  shells: {name: artillery shells, unit: rounds}
  missiles: {name: ballistic missiles, unit: missiles}
postures:
  alert: {name: High alert}
ladder: [{id: calm, name: Calm}, {id: crisis, name: Crisis}, {id: war, name: War, ends: war}]
actors:
  rus: {name: Russia}
  prk: {name: North Korea}
transfers:
  - {id: shells, from: prk, to: rus, asset: shells, amount: 1}
  - {id: msl, from: prk, to: rus, asset: missiles, amount: 1}
actions:
  drill: {name: hold drills, target: "target != self"}
)Y";
}  // namespace

TEST_CASE("the end of a run says whether it stopped early", "[narrative]") {
    auto sc = load(head(10) + kScenario);
    Happening h;
    h.kind = HappeningKind::End;
    h.ref = 0;
    h.turn = 10;
    CHECK(describe(*sc, h) == "The scenario reaches its last turn (outcome: horizon).");
    h.turn = 5;
    CHECK(describe(*sc, h) == "The run stops at turn 5 of the scenario's 10, as asked (outcome: horizon).");
    h.turn = 12;
    CHECK(describe(*sc, h) == "The run stops at turn 12, past the last turn of the scenario's 10, as asked (outcome: horizon).");
}

TEST_CASE("happenings read as sentences", "[narrative]") {
    auto sc = load(head() + kScenario);
    Happening h;
    h.kind = HappeningKind::Interdicted;
    h.actor = 1;
    h.target = 0;
    h.ref = 0;
    h.amount = 183000;
    CHECK(describe(*sc, h) == "A shipment of 183,000 rounds of artillery shells from North Korea to Russia is interdicted and lost.");
    h.ref = 1;
    h.amount = 4;
    CHECK(describe(*sc, h) == "A shipment of 4 ballistic missiles from North Korea to Russia is interdicted and lost.");

    Happening r;
    r.kind = HappeningKind::Rung;
    r.actor = 0;
    r.target = 1;
    r.ref = 2;
    r.ref2 = 1;
    r.p = 0.034;
    r.value = 0.816;
    CHECK(describe(*sc, r) == "Russia\u2013North Korea escalates to rung 2 'War' (chance this turn 3.4%, tension 0.82), a rung that ends the run.");

    Happening o;
    o.kind = HappeningKind::Order;
    o.actor = 0;
    o.target = 1;
    o.ref = 0;
    o.value = 4;
    o.why = "to show the alliance";
    CHECK(describe(*sc, o) == "Russia: hold drills \u2192 North Korea \u2014 to show the alliance [escalation +4]");
    o.secret = true;
    o.text = "Russia drills quietly.";
    CHECK(describe(*sc, o) == "[secret] Russia drills quietly \u2014 to show the alliance [escalation +4]");
}

TEST_CASE("headlines tell the news; -v tells everything", "[narrative]") {
    Happening h;
    h.kind = HappeningKind::Shipment;
    CHECK_FALSE(tells(h, Detail::Headlines));
    CHECK(tells(h, Detail::Everything));
    h.kind = HappeningKind::Treaty;
    CHECK(tells(h, Detail::Headlines));
    h.consequence = true;  // already told by the order's own headline
    CHECK_FALSE(tells(h, Detail::Headlines));
    CHECK(tells(h, Detail::Everything));
}

TEST_CASE("know-how is told by name and level, with a verb that agrees", "[narrative]") {
    // a scenario author's report: "0.2 nuclear missile technology from Russia reach North Korea"
    auto sc = load(head() + R"Y(assets:
  missile_tech: {name: missile know-how, kind: tech, domain: missile}
actors:
  rus: {name: Russia}
  prk: {name: North Korea}
transfers:
  - {id: tech, from: rus, to: prk, asset: missile_tech, amount: 0.2, transit: 7}
)Y");
    Happening h;
    h.kind = HappeningKind::Arrival;
    h.actor = 0;
    h.target = 1;
    h.ref = 0;
    h.amount = 0.2;
    CHECK(describe(*sc, h) == "Missile know-how (0.2) from Russia reaches North Korea.");
    h.kind = HappeningKind::Shipment;
    CHECK(describe(*sc, h) == "Russia ships missile know-how (0.2) to North Korea (due in 7 days).");
}

TEST_CASE("an order's why goes on its sentence, not after its full stop", "[narrative]") {
    auto sc = load(head() + kScenario);
    Happening h;
    h.kind = HappeningKind::Order;
    h.ref = 0;
    h.actor = 0;
    h.target = 1;
    h.text = "Russia and North Korea exercise together ('Vostok').";
    h.why = "to show the alliance";
    CHECK(describe(*sc, h) == "Russia and North Korea exercise together ('Vostok') \u2014 to show the alliance");
    h.why.clear();
    CHECK(describe(*sc, h) == "Russia and North Korea exercise together ('Vostok').");
    h.text.clear();
    h.why = "to show the alliance";
    CHECK(describe(*sc, h) == "Russia: hold drills \u2192 North Korea \u2014 to show the alliance");
}
