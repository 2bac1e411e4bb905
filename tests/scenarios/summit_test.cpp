// The default scenario: it loads, it is deterministic (a golden fingerprint after 52
// turns), its outputs are well formed, and final.yaml continues it exactly.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>

#include "brink/output/outputs.hpp"
#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;

namespace {
std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}
}  // namespace

TEST_CASE("summit-2024 has what the article names", "[summit]") {
    auto sc = loadFile("scenarios/summit-2024.yaml");
    for (const char* a : {"russia", "north_korea", "united_states", "china", "iran", "cuba", "venezuela", "ukraine",
                          "south_korea", "japan"}) {
        INFO(a);
        const ActorId id = sc->actorIndex(a);
        REQUIRE(id != kNone);
        CHECK(sc->actors[static_cast<std::size_t>(id)].map.size() == 3);
        CHECK(sc->actors[static_cast<std::size_t>(id)].hasCapital);
        CHECK_FALSE(sc->policies[static_cast<std::size_t>(id)].empty());  // every actor has a policy
    }
    CHECK(sc->turns == 52);
    CHECK(sc->hasLadder);
    CHECK(sc->sources.size() >= 5);
}

TEST_CASE("summit-2024 after 52 turns matches its golden fingerprint", "[summit][determinism]") {
    // If you change summit-2024.yaml or the engine's rules on purpose, run
    //   build/release/tests/brink_tests "[summit]" 
    // and update the value below from the failure message, saying why in the commit.
    auto sc = loadFile("scenarios/summit-2024.yaml");
    RunSetup s;
    s.key.seed = 1;
    Simulation a(sc, s), b(sc, s);
    a.run();
    b.run();
    CHECK(a.world().turn == 52);
    CHECK(a.world().hash() == b.world().hash());
    CHECK(a.world().hash() == 0x92bead4a0034cdc5ull);  // Russia holds oil: russian_oil flows
}

TEST_CASE("summit-2024: every scheduled transfer delivers something in a year", "[summit]") {
    auto sc = loadFile("scenarios/summit-2024.yaml");
    RunSetup s;
    s.key.seed = 1;
    Simulation sim(sc, s);
    sim.run();
    for (std::size_t t = 0; t < sc->transfers.size(); ++t) {
        if (!sc->transfers[t].scheduled) continue;
        INFO(sc->transfers[t].id);
        CHECK(sim.world().flows[t].delivered > 0);
    }
}

TEST_CASE("brink run summit-2024 twice gives identical files; events.jsonl is JSON", "[summit][cli]") {
    const std::string d1 = tempDir("s1"), d2 = tempDir("s2");
    const Proc a = runBrink("run --seed 11 --out " + d1);
    const Proc b = runBrink("run --seed 11 --out " + d2);
    REQUIRE(a.status == 0);
    REQUIRE(b.status == 0);
    for (const char* f : {"metrics.csv", "events.jsonl", "final.yaml", "summary.json"}) {
        INFO(f);
        CHECK(readFile(d1 + "/" + f) == readFile(d2 + "/" + f));
    }
    int n = 0;
    for (const auto& l : lines(readFile(d1 + "/events.jsonl"))) {
        INFO(l);
        const boost::json::value v = boost::json::parse(l);
        REQUIRE(v.is_object());
        CHECK(v.as_object().contains("turn"));
        CHECK(v.as_object().contains("type"));
        CHECK(v.as_object().contains("headline"));
        ++n;
    }
    CHECK(n > 20);
    const boost::json::value sum = boost::json::parse(readFile(d1 + "/summary.json"));
    for (const char* k : {"scenario", "seed", "turns", "outcome", "metrics", "objectives"}) {
        INFO(k);
        CHECK(sum.as_object().contains(k));
    }
    CHECK(sum.at("seed").to_number<std::int64_t>() == 11);
    const auto csv = lines(readFile(d1 + "/metrics.csv"));
    CHECK(csv.front().rfind("turn,day,", 0) == 0);
    CHECK(csv.size() == static_cast<std::size_t>(sum.at("turns").to_number<std::int64_t>()) + 2);
    std::filesystem::remove_all(d1);
    std::filesystem::remove_all(d2);
}

TEST_CASE("summit-2024: final.yaml continues exactly as the uninterrupted run", "[summit][continuation]") {
    const std::string full = tempDir("full"), half = tempDir("half"), rest = tempDir("rest");
    for (int seed : {1, 2, 3, 4, 5}) {
        const std::string s = " --seed " + std::to_string(seed);
        REQUIRE(runBrink("run -q" + s + " --out " + full).status == 0);
        REQUIRE(runBrink("run -q" + s + " --turns 20 --out " + half).status == 0);
        REQUIRE(runBrink("run -q " + half + "/final.yaml --out " + rest).status == 0);
        INFO("seed " << seed);
        CHECK(readFile(rest + "/final.yaml") == readFile(full + "/final.yaml"));
        CHECK(readFile(rest + "/summary.json") == readFile(full + "/summary.json"));
        // the continuation's metrics are the tail of the full run's, from turn 20 (or its end)
        const auto f = lines(readFile(full + "/metrics.csv"));
        const auto r = lines(readFile(rest + "/metrics.csv"));
        REQUIRE(r.size() >= 2);
        CHECK(std::equal(r.begin() + 1, r.end(), f.end() - static_cast<std::ptrdiff_t>(r.size() - 1)));
    }
    for (const auto& d : {full, half, rest}) std::filesystem::remove_all(d);
}
