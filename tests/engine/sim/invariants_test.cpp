// Property tests: invariants over many generated scenarios and seeds, determinism, and
// continuation through final.yaml at a random turn.
#include <catch2/catch.hpp>

#include <sstream>

#include "brink/sim/invariants.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/output/outputs.hpp"
#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {

// A random but valid scenario: every kind of effect, schedule and posture, drawn from `r`.
std::string generate(Rng& r) {
    std::ostringstream y;
    const int actors = 2 + static_cast<int>(r.below(7));
    const int stocks = 1 + static_cast<int>(r.below(3));
    const int turns = 5 + static_cast<int>(r.below(40));
    auto num = [&](double lo, double hi) {
        std::ostringstream s;
        s << r.uniform(lo, hi);
        return s.str();
    };
    auto actor = [&] { return "s" + std::to_string(r.below(static_cast<std::uint64_t>(actors))); };
    auto asset = [&] { return "x" + std::to_string(r.below(static_cast<std::uint64_t>(stocks))); };
    y << "brink: 1\nscenario: {id: gen, start: 2024-01-01, turn_days: " << 1 + r.below(14) << ", turns: " << turns << "}\n";
    y << "params: {p: " << num(0, 1) << "}\n";
    y << "uncertain: {q: {uniform: [0, 1]}}\n";
    y << "assets:\n";
    for (int i = 0; i < stocks; ++i) y << "  x" << i << ": {value: " << num(0, 2) << "}\n";
    y << "  know: {kind: tech, domain: d, value: 3}\n";
    y << "postures:\n  calm: {level: 0}\n  alert: {level: 2, credibility: 0.8, escalation: 1.5, delay: " << r.below(10)
      << ", upkeep: {x0: " << num(0, 3) << "}}\n";
    const bool ladder = r.uniform() < 0.8;
    if (ladder) {
        y << "ladder: [{id: r0}, {id: r1}, {id: r2}" << (r.uniform() < 0.5 ? ", {id: r3, ends: war}" : "") << "]\n";
        y << "escalation: {up: \"params.q * tension(a, b) + 0.01 * escalation_score(a)\", down: \"0.2 * (1 - tension(a, b))\", relax: "
          << num(0, 0.5) << "}\n";
    }
    y << "actors:\n";
    for (int i = 0; i < actors; ++i) {
        y << "  s" << i << ": {name: S" << i << ", resolve: " << num(0, 1) << ", posture: " << (r.uniform() < 0.5 ? "calm" : "alert")
          << ", stock: {";
        for (int k = 0; k < stocks; ++k) y << (k ? ", " : "") << "x" << k << ": " << num(0, 100);
        y << "}, tech: {d: " << num(0, 1) << "}, production: {x0: " << num(0, 5) << "}, consumption: {x" << r.below(static_cast<std::uint64_t>(stocks))
          << ": \"" << num(0, 3) << " * params.p\"}}\n";
    }
    y << "relations:\n";
    for (int i = 0; i + 1 < actors; ++i) {
        static const char* stances[] = {"alliance", "partnership", "neutral", "rivalry", "conflict"};
        y << "  - {between: [s" << i << ", s" << i + 1 << "], stance: " << stances[r.below(5)] << ", tension: " << num(0, 1) << "}\n";
    }
    y << "transfers:\n";
    for (int t = 0; t < 1 + static_cast<int>(r.below(5)); ++t) {
        const std::string from = actor();
        std::string to = actor();
        if (to == from) to = from == "s0" ? "s1" : "s0";
        y << "  - {id: t" << t << ", from: " << from << ", to: " << to << ", asset: " << (r.uniform() < 0.3 ? "know" : asset())
          << ", amount: \"" << num(0, 40) << " * params.q\", every: " << r.below(20) << ", transit: " << r.below(30)
          << ", start: " << r.below(10) << ", detect: " << num(0, 1) << ", interdict: " << num(0, 0.5) << "}\n";
    }
    y << "actions:\n";
    y << "  hit:\n    target: \"target != self\"\n    cost: {x0: " << num(0, 10) << "}\n    escalation: 12\n    duration: " << r.below(15)
      << "\n    effects:\n";
    y << "      - tension: {between: [self, target], delta: " << num(-0.5, 0.5) << "}\n";
    y << "      - add: {actor: target, asset: " << asset() << ", amount: " << num(-60, 60) << "}\n";
    y << "      - transfer: {from: self, to: target, asset: " << asset() << ", amount: " << num(0, 30) << ", transit: " << r.below(20)
      << ", interdict: " << num(0, 1) << "}\n";
    y << "      - resolve: {actor: target, delta: " << num(-0.5, 0.5) << "}\n";
    if (ladder) y << "      - rung: {between: [self, target], delta: " << (r.uniform() < 0.5 ? "1" : "-1") << "}\n";
    y << "  signal:\n    effects:\n      - posture: {actor: self, to: " << (r.uniform() < 0.5 ? "alert" : "calm") << "}\n";
    y << "      - stability: {actor: self, delta: " << num(-0.3, 0.3) << "}\n";
    y << "policies:\n";
    for (int i = 0; i < actors; ++i) {
        y << "  s" << i << ":\n    - {do: hit, target: [" << actor() << ", " << actor() << "], chance: " << num(0, 1) << "}\n";
        y << "    - {when: \"tension(self, " << actor() << ") > " << num(0, 1) << "\", do: signal, chance: " << num(0, 1) << "}\n";
    }
    y << "events:\n";
    y << "  shock: {chance: " << num(0, 0.5) << ", effects: [{tension: {between: [s0, s1], delta: " << num(-1, 1)
      << "}}, {stance: {between: [s0, s1], to: rivalry}}, {treaty: {between: [s0, s1], id: pact}}]}\n";
    y << "  boom: {once: true, chance: 0.02, effects: [{add: {actor: s0, asset: know, amount: " << num(0, 2) << "}}, {end: stop}]}\n";
    y << "metrics:\n  total: \"stock(s0, x0) + stock(s1, x0)\"\n  lift: tech(s1, d)\n";
    return y.str();
}

}  // namespace

TEST_CASE("generated scenarios keep every invariant, run after run", "[invariants]") {
    Rng gen({20241124, 0, 0});
    int scenarios = 0, turns = 0;
    for (int s = 0; s < 60; ++s) {
        const std::string yaml = generate(gen);
        Diagnostics d("gen.yaml");
        auto sc = loadScenarioText(yaml, "gen.yaml", d);
        INFO(d.str() << yaml);
        REQUIRE(sc);
        ++scenarios;
        for (std::uint64_t seed = 1; seed <= 8; ++seed) {
            RunSetup setup;
            setup.key.seed = seed;
            Simulation sim(sc, setup);
            sim.begin();
            REQUIRE(invariantViolations(sim.world()).empty());
            while (sim.step()) {
                ++turns;
                const auto v = invariantViolations(sim.world());
                INFO("scenario " << s << " seed " << seed << " turn " << sim.world().turn << "\n" << yaml);
                REQUIRE(v.empty());
            }
            REQUIRE(invariantViolations(sim.world()).empty());
        }
    }
    CHECK(scenarios == 60);
    CHECK(turns > 1000);
}

TEST_CASE("generated scenarios are deterministic and continue exactly from final.yaml", "[invariants]") {
    Rng gen({7, 0, 0});
    int continued = 0;
    for (int s = 0; s < 40; ++s) {
        const std::string yaml = generate(gen);
        auto sc = load(yaml);
        RunSetup setup;
        setup.key.seed = 100 + static_cast<std::uint64_t>(s);
        Simulation whole(sc, setup), again(sc, setup);
        whole.run();
        again.run();
        REQUIRE(whole.world().hash() == again.world().hash());
        // stop at a random turn, save, reload, continue: the same world at the end
        RunSetup part = setup;
        part.turns = static_cast<std::int64_t>(gen.below(static_cast<std::uint64_t>(sc->turns) + 1));
        Simulation first(sc, part);
        first.run();
        Diagnostics d("final.yaml");
        auto saved = loadScenarioText(finalYaml(first), "final.yaml", d);
        INFO("scenario " << s << " stopped at " << part.turns << "\n" << d.str() << "\n" << yaml);
        REQUIRE(saved);
        RunSetup cont;
        cont.key.seed = saved->seed;
        Simulation rest(saved, cont);
        rest.run();
        CHECK(rest.world().hash() == whole.world().hash());
        CHECK(finalYaml(rest) == finalYaml(whole));
        continued += first.world().turn < whole.world().turn ? 1 : 0;
    }
    CHECK(continued > 10);
}
