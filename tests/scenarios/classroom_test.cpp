// The classroom scenarios (docs/classroom.md): each loads with no warning, gives every actor
// a policy (the computer can play any seat) and objectives, names its sources, and across
// seeds its outcomes are varied: neither always the same nor always war.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>

#include "brink/scenario/lint.hpp"
#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {
const char* kClassroom[] = {"scenarios/cuba-1962.yaml", "scenarios/korea-deterrence.yaml", "scenarios/arms-for-tech.yaml"};
/// Each scenario's outcomes of fighting: its war and its worse.
const std::map<std::string, std::vector<std::string>> kWars = {
    {"cuba-1962", {"war_over_cuba", "nuclear_war"}}, {"korea-deterrence", {"war", "nuclear_use"}}, {"arms-for-tech", {"armed_clash"}}};
}

TEST_CASE("classroom scenarios: policies and objectives for every actor, sources, no warnings", "[classroom]") {
    for (const char* path : kClassroom) {
        INFO(path);
        auto sc = loadFile(path);
        CHECK(lintScenario(*sc).empty());
        CHECK(sc->sources.size() >= 3);
        CHECK(sc->actors.size() >= 3);
        CHECK(sc->actors.size() <= 6);  // a lesson of about 50 minutes: few actors,
        CHECK(sc->turns <= 16);         // few turns
        CHECK(sc->hasLadder);
        for (std::size_t a = 0; a < sc->actors.size(); ++a) {
            INFO(sc->actors[a].id);
            CHECK_FALSE(sc->policies[a].empty());
            CHECK(sc->actors[a].hasCapital);
            CHECK(std::any_of(sc->objectives.begin(), sc->objectives.end(), [&](const ObjectiveDef& o) { return o.actor == static_cast<ActorId>(a); }));
        }
    }
}

TEST_CASE("classroom scenarios: outcomes vary across seeds, war possible but not the rule", "[classroom]") {
    for (const char* path : kClassroom) {
        INFO(path);
        auto sc = loadFile(path);
        std::vector<OutcomeId> wars;
        for (const std::string& w : kWars.at(sc->id)) {
            const std::int32_t o = sc->outcomes.find(w);
            REQUIRE(o >= 0);
            wars.push_back(o);
        }
        std::map<OutcomeId, int> count;
        const int runs = 600;
        RunSetup setup;
        Simulation sim(sc, setup);
        for (int seed = 1; seed <= runs; ++seed) {
            setup.key.seed = static_cast<std::uint64_t>(seed);
            sim.restart(setup);
            sim.run();
            ++count[sim.outcome()];
        }
        int top = 0, war = 0, common = 0;
        std::string shares;
        for (const auto& [o, n] : count) {
            shares += sc->outcomes[static_cast<std::size_t>(o)] + " " + std::to_string(n) + "; ";
            top = std::max(top, n);
            if (std::find(wars.begin(), wars.end(), o) != wars.end()) war += n;
            if (n >= runs / 20) ++common;  // at least 5% of the runs
        }
        INFO(shares);
        CHECK(common >= 2);          // at least two outcomes that happen often
        CHECK(top < runs * 9 / 10);  // none happens nine times in ten
        CHECK(war > 0);              // war can happen
        CHECK(war < runs / 2);       // but is not the rule
    }
}
