#include <catch2/catch.hpp>

#include <fstream>

#include "brink/base/digest.hpp"
#include "brink/base/json.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/output/outputs.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

TEST_CASE("JSON text is escaped and numbers are shortest round-trip", "[outputs]") {
    JsonWriter j;
    j.beginObject().key("a").value(0.1).key("b").value(std::string_view("q\"\n")).key("c").beginArray().value(1).value(true).endArray().endObject();
    CHECK(j.str() == "{\"a\":0.1,\"b\":\"q\\\"\\n\",\"c\":[1,true]}");
}

TEST_CASE("final.yaml loads and continues exactly as the uninterrupted run", "[outputs][continuation]") {
    const std::string yaml = head(40) + R"Y(params:
  rate: 50
uncertain:
  noise: {uniform: [0, 1]}
assets:
  shells: {value: 1}
  know_how: {kind: tech, domain: missile}
postures:
  alert: {level: 2, delay: 10, credibility: 0.9, upkeep: {shells: 1}}
ladder:
  - {id: calm}
  - {id: crisis}
  - {id: war, ends: war}
escalation:
  up: "0.01 * tension(a, b) + params.noise * 0.005"
actors:
  a: {name: A, stock: {shells: 500}, production: {shells: 40}, tech: {missile: 1}}
  b: {name: B, stock: {shells: 10}}
  c: {name: C}
relations:
  - {between: [a, b], stance: partnership, tension: 0.3}
  - {between: [b, c], stance: rivalry, tension: 0.6}
transfers:
  - {id: f, from: a, to: b, asset: shells, amount: "params.rate", every: 7, transit: 12, detect: 0.4, interdict: 0.2}
  - {id: t, from: a, to: b, asset: know_how, amount: 0.2, every: 14, transit: 9}
actions:
  mobilise: {duration: 10, effects: [{posture: {actor: self, to: alert}}]}
  jab:
    target: "target != self"
    escalation: 12
    effects:
      - tension: {between: [self, target], delta: 0.1}
      - tension: {between: [a, c], delta: 0.05}
events:
  flare: {chance: 0.3, effects: [{tension: {between: [b, c], delta: 0.2}}]}
policies:
  b:
    - {when: "turn == 3", do: mobilise}
    - {do: jab, target: c, chance: 0.4}
metrics:
  delivered: delivered(f)
  lift: tech(b, missile)
  t_bc: tension(b, c)
  t_ac: tension(a, c)
)Y";
    const std::string dir = tempDir("cont");
    const std::string path = dir + "/s.yaml";
    {
        std::ofstream(path) << yaml;
    }
    int continued = 0;
    for (std::uint64_t s : {1u, 2u, 3u}) {
        Diagnostics d(path);
        auto scA = loadScenarioFile(path, d);
        REQUIRE(scA);
        RunSetup full;
        full.key.seed = s;
        Simulation a(scA, full);
        RunRecorder recA(*scA);
        a.setObserver(&recA);
        a.run();

        RunSetup half = full;
        half.turns = 17;
        Simulation b(scA, half);
        b.run();
        const std::string mid = finalYaml(b);
        Diagnostics d2("final.yaml");
        auto scC = loadScenarioText(mid, "final.yaml", d2);
        INFO(d2.str());
        REQUIRE(scC);
        RunSetup cont;
        cont.key.seed = scC->seed;  // as brink run does: the saved seed
        Simulation c(scC, cont);
        RunRecorder recC(*scC);
        c.setObserver(&recC);
        c.run();

        CHECK(c.world().hash() == a.world().hash());
        CHECK(finalYaml(c) == finalYaml(a));
        CHECK(summaryJson(c) == summaryJson(a));
        // metrics rows from the turn B stopped at on are the same
        const std::string& ca = recA.metricsCsv();
        const std::string& cc = recC.metricsCsv();
        std::size_t at = 0;
        for (std::int64_t line = 0; line <= b.world().turn; ++line) at = ca.find('\n', at) + 1;
        CHECK(cc.substr(cc.find('\n') + 1) == ca.substr(at));
        continued += a.world().turn > b.world().turn ? 1 : 0;
    }
    CHECK(continued >= 2);  // most seeds really continue past the break
}

TEST_CASE("final.yaml reloads whatever the magnitudes: whole numbers stay whole", "[outputs]") {
    auto sc = load(head(100000) + "actors:\n  a: {name: A}\nevents:\n  tick: {chance: 1}\n");
    RunSetup s;
    s.key.seed = 18446744073709551615ull;  // the largest seed
    Simulation sim(sc, s);
    sim.run();
    const std::string y = finalYaml(sim);
    CHECK(y.find("turns: 100000\n") != std::string::npos);
    CHECK(y.find("tick: 100000\n") != std::string::npos);
    CHECK(y.find("seed: 18446744073709551615\n") != std::string::npos);
    Diagnostics d("final.yaml");
    auto back = loadScenarioText(y, "final.yaml", d);
    INFO(d.str());
    CHECK(back);
}

TEST_CASE("final.yaml reloads whatever the magnitudes: the largest stocks in transit", "[outputs]") {
    // a stock near the largest double, all of it shipped and still on its way at the end
    auto sc = load(head(2) + "assets: {gold: {value: 1}}\nactors:\n  a: {name: A, stock: {gold: 1.75e308}}\n  b: {name: B}\n"
                             "transfers:\n  - {id: all, from: a, to: b, asset: gold, amount: 1.75e308, transit: 30}\n");
    Simulation sim(sc, {});
    sim.run();
    const std::string y = finalYaml(sim);
    CHECK(y.find("in_transit: 1.75e+308") != std::string::npos);
    Diagnostics d("final.yaml");
    auto back = loadScenarioText(y, "final.yaml", d);
    INFO(d.str());
    CHECK(back);
}

TEST_CASE("a stock that overflows stops the run with an error, not inf", "[outputs]") {
    auto sc = load(head(10) + "assets:\n  x: {}\nactors:\n  a: {name: A, production: {x: 1e308}}\n");
    Simulation sim(sc, {});
    // the message names the asset and its holder
    CHECK_THROWS_WITH(sim.run(), "the x stock of a overflows at turn 2 (2024-07-03)");
    auto u = load(head(10) + "uncertain:\n  p: {normal: [1e308, 1e308]}\nactors:\n  a: {name: A}\n");
    bool threw = false;
    for (std::uint64_t seed = 1; seed < 20 && !threw; ++seed) {
        RunSetup s;
        s.key.seed = seed;
        try {
            Simulation x(u, s);
        } catch (const RunError&) {
            threw = true;
        }
    }
    CHECK(threw);
}

namespace {
/// The final.yaml of summit-2024 (seed 3) stopped after `turns` turns.
std::string summitSavedAfter(std::int64_t turns) {
    auto sc = loadFile("scenarios/summit-2024.yaml");
    RunSetup s;
    s.key.seed = 3;
    s.turns = turns;
    Simulation sim(sc, s);
    sim.run();
    return finalYaml(sim);
}
}  // namespace

TEST_CASE("a final.yaml cut short or edited by hand is refused, never loaded half", "[outputs]") {
    const std::string full = summitSavedAfter(20);
    {
        Diagnostics d("final.yaml");
        REQUIRE(loadScenarioText(full, "final.yaml", d));
    }
    // a cut after every fifth line, and a spread of cuts inside lines
    int refused = 0, tried = 0, lines = 0;
    for (std::size_t cut = 1; cut < full.size(); ++cut) {
        const bool lineEnd = full[cut - 1] == '\n' && ++lines % 5 == 0;
        if (!lineEnd && cut % 97 != 0) continue;
        ++tried;
        Diagnostics d("final.yaml");
        auto back = loadScenarioText(full.substr(0, cut), "final.yaml", d);
        INFO("cut at byte " << cut << " of " << full.size());
        CHECK_FALSE(back);
        refused += back ? 0 : 1;
    }
    CHECK(tried > 100);
    CHECK(refused == tried);
    // an edited number
    std::string edited = full;
    const auto at = edited.find("tension: 0.");
    REQUIRE(at != std::string::npos);
    edited[at + 11] = edited[at + 11] == '9' ? '1' : '9';
    Diagnostics d("final.yaml");
    CHECK_FALSE(loadScenarioText(edited, "final.yaml", d));
    CHECK(d.str().find("does not match its seal") != std::string::npos);
    CHECK(d.str().find("delete the seal line and the state section") != std::string::npos);
    // deleting the seal and the state section makes it an ordinary scenario again
    std::string fresh = full.substr(0, full.find("\nstate:\n") + 1);
    const auto seal = fresh.find("\nseal: ");
    fresh.erase(seal + 1, fresh.find('\n', seal + 1) - seal);
    Diagnostics f("final.yaml");
    CHECK(loadScenarioText(fresh, "final.yaml", f));
}

TEST_CASE("a saved state edited and sealed again is still checked whole", "[outputs]") {
    // Anyone can compute a seal: the state behind it must hold together by itself.
    const std::string full = summitSavedAfter(7);
    REQUIRE(sealed(full) == full);  // what brink writes is sealed this way
    auto refusal = [](const std::string& text) {
        Diagnostics d("final.yaml");
        const bool loaded = static_cast<bool>(loadScenarioText(sealed(text), "final.yaml", d));
        INFO(d.str());
        CHECK_FALSE(loaded);
        CHECK(d.str().find("does not match its seal") == std::string::npos);
        return d.str();
    };
    auto replaceOnce = [&](std::string text, const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        return text.replace(at, from.size(), to);
    };
    // a shipment on the calendar moved to another transfer: in transit no longer matches
    const std::string moved = refusal(replaceOnce(full, "      transfer: dprk_shells\n", "      transfer: russian_oil\n"));
    CHECK(moved.find("error: the calendar holds") != std::string::npos);
    CHECK(moved.find("in transit on transfer 'russian_oil'") != std::string::npos);
    // more detected than sent
    const auto flows = full.find("    dprk_shells:\n      sent: ");
    REQUIRE(flows != std::string::npos);
    const auto detectedAt = full.find("      detected: ", flows);
    const auto lineEnd = full.find('\n', detectedAt);
    std::string tooMany = full;
    tooMany.replace(detectedAt, lineEnd - detectedAt, "      detected: 1e12");
    CHECK(refusal(tooMany).find("state.flows.dprk_shells.detected is more than was sent") != std::string::npos);
}
