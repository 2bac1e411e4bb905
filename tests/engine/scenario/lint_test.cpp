// Warnings about valid scenarios: each fires on what its text proves, and only then.
#include <catch2/catch.hpp>

#include <filesystem>

#include "brink/scenario/lint.hpp"
#include "brink/scenario/loader.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {
std::string warnings(const std::string& yaml) {
    auto sc = load(yaml);
    std::string s;
    for (const auto& d : lintScenario(*sc)) s += format(d) + "\n";
    return s;
}
const std::string kTwo = "assets:\n  oil: {name: oil}\nactors:\n  a: {name: A}\n  b: {name: B}\n";
const std::string kShip = "transfers:\n  - {id: flow, from: a, to: b, asset: oil, amount: 5, every: 7}\n";
}  // namespace

TEST_CASE("a transfer whose sender can never hold its asset is warned about", "[lint]") {
    const std::string w = warnings(head() + kTwo + kShip);
    CHECK(w == "t.yaml:13:5: warning: transfer 'flow' can never send anything: a holds no oil, produces none, and nothing "
               "in the scenario gives it any; hint: give a a stock or production of oil, or check the transfer's from and asset\n");
}

TEST_CASE("a sender that holds, produces or is given the asset is fine", "[lint]") {
    const std::string withStock = "assets:\n  oil: {name: oil}\nactors:\n  a: {name: A, stock: {oil: 1}}\n  b: {name: B}\n";
    CHECK(warnings(head() + withStock + kShip).empty());
    const std::string producing = "assets:\n  oil: {name: oil}\nactors:\n  a: {name: A, production: {oil: 2}}\n  b: {name: B}\n";
    CHECK(warnings(head() + producing + kShip).empty());
    // an action whose effect adds to `self` may give anyone some
    const std::string action = "actions:\n  drill: {effects: [{add: {actor: self, asset: oil, amount: 3}}]}\n";
    CHECK(warnings(head() + kTwo + kShip + action).empty());
    // another transfer feeds the sender
    const std::string feed = "  - {id: feed, from: b, to: a, asset: oil, amount: 1}\n";
    // ... but not when the feeder can never hold any either: both are warned about
    const std::string both = warnings(head() + kTwo + kShip + feed);
    CHECK(both.find("'flow'") != std::string::npos);
    CHECK(both.find("'feed'") != std::string::npos);
    const std::string fedB = "assets:\n  oil: {name: oil}\nactors:\n  a: {name: A}\n  b: {name: B, stock: {oil: 9}}\n";
    CHECK(warnings(head() + fedB + kShip + feed).empty());
    // production of nothing is no production
    const std::string zero = "assets:\n  oil: {name: oil}\nactors:\n  a: {name: A, production: {oil: 0}}\n  b: {name: B}\n";
    CHECK_FALSE(warnings(head() + zero + kShip).empty());
}

TEST_CASE("a parameter used as a probability outside 0..1 is warned about", "[lint]") {
    const std::string actors = "actors:\n  a: {name: A}\n";
    const std::string ev = "events:\n  e: {chance: params.p, effects: [{headline: x}]}\n";
    CHECK(warnings(head() + "params:\n  p: 1.5\n" + actors + ev).find(
              "warning: params.p is 1.5 but is used as a probability (events.e.chance), which is clamped to 0..1") !=
          std::string::npos);
    CHECK(warnings(head() + "uncertain:\n  p: {uniform: [0, 1.2]}\n" + actors + ev).find("params.p can be 1.2") != std::string::npos);
    CHECK(warnings(head() + "uncertain:\n  p: {triangular: [-0.1, 0.2, 0.5]}\n" + actors + ev).find("params.p can be -0.1") != std::string::npos);
    CHECK(warnings(head() + "params:\n  p: 0.3\n" + actors + ev).empty());
    CHECK(warnings(head() + "uncertain:\n  p: {uniform: [0, 1]}\n" + actors + ev).empty());
    // --set decides: a parameter set outside 0..1 is warned about, one set inside is not
    auto sc = load(head() + "params:\n  p: 0.3\n" + actors + ev);
    Diagnostics d("--set");
    REQUIRE(applySets(*sc, {"p=2"}, d));
    CHECK(lintScenario(*sc).size() == 1);
    // an experiment that sweeps it past 1 (brink batch puts its --vary factors there)
    CHECK(warnings(head() + "params:\n  p: 0.3\n" + actors + ev + "experiment:\n  design: lhs\n  points: 4\n  params:\n    p: [0, 1.5]\n")
              .find("params.p can be 1.5") != std::string::npos);
    CHECK(warnings(head() + "params:\n  p: 0.3\n" + actors + ev + "experiment:\n  design: lhs\n  points: 4\n  params:\n    p: [0, 0.9]\n").empty());
}

TEST_CASE("an actor the map cannot place, beside others it can, is warned about", "[lint]") {
    const std::string w = warnings(head() + "actors:\n  a: {name: A, map: RUS}\n  b: {name: B}\n  c: {name: C, capital: [1, 2]}\n");
    CHECK(w.find("t.yaml:9:3: warning: actor 'b' has neither map nor capital, so brink render leaves it out") != std::string::npos);
    CHECK(w.find("'a'") == std::string::npos);
    CHECK(w.find("'c'") == std::string::npos);
    // a scenario with no map at all is not for the map: nothing to say
    CHECK(warnings(head() + "actors:\n  a: {name: A}\n  b: {name: B}\n").empty());
}

TEST_CASE("a bloc declared but used by no actor is warned about", "[lint]") {
    const std::string w = warnings(head() + "blocs:\n  west: {}\n  east: {}\nactors:\n  a: {name: A, bloc: wets}\n  b: {name: B, bloc: east}\n");
    CHECK(w == "t.yaml:8:3: warning: bloc 'west' is in the blocs section but no actor is in it; hint: check the actors' bloc: keys "
               "for a misspelling\n");
}

TEST_CASE("the shipped scenarios give no warnings", "[lint]") {
    for (const auto& f : std::filesystem::recursive_directory_iterator(source("scenarios"))) {
        if (f.path().extension() != ".yaml") continue;
        const auto rel = std::filesystem::relative(f.path(), source("")).string();
        INFO(rel);
        std::string s;
        for (const auto& d : lintScenario(*loadFile(rel))) s += format(d) + "\n";
        CHECK(s.empty());
    }
}
