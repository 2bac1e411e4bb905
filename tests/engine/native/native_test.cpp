// The compiled backend: the same runs as the interpreter, to the bit. Every shipped
// scenario, the model scenarios and the test scenarios are played under both, with their
// uncertain draws, with parameters set, and continued from a saved state; the worlds'
// fingerprints must agree turn by turn, and a run that fails must fail the same way.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <filesystem>

#include "brink/native/native.hpp"
#include "brink/sim/sim.hpp"
#include "support.hpp"

using namespace brink;
using namespace brink::test;
namespace fs = std::filesystem;

namespace {

/// A module cache of the tests' own, so they build what they test.
NativeOptions options() {
    static const std::string dir = tempDir("native-cache");
    NativeOptions o;
    o.cacheDir = dir;
    return o;
}

/// The fingerprints of a run's worlds, turn by turn, under one backend.
std::vector<std::uint64_t> fingerprints(std::shared_ptr<const Scenario> sc, const RunSetup& setup,
                                        std::shared_ptr<const NativeModule> native, std::int64_t turns = -1) {
    Simulation sim(sc, setup);
    const bool compiled = native != nullptr;
    sim.setNative(std::move(native));
    CHECK((sim.world().native.owner == &sim.world()) == compiled);  // the compiled path is the one taken
    std::vector<std::uint64_t> out;
    sim.begin();
    out.push_back(sim.world().hash());
    while ((turns < 0 || sim.world().turn < turns) && sim.step()) out.push_back(sim.world().hash());
    out.push_back(static_cast<std::uint64_t>(sim.outcome()));
    for (double o : sim.objectives()) out.push_back(static_cast<std::uint64_t>(std::bit_cast<std::uint64_t>(o)));
    return out;
}

std::vector<std::string> scenarioFiles() {
    std::vector<std::string> out;
    for (const char* dir : {"scenarios", "scenarios/models"}) {
        for (const auto& e : fs::directory_iterator(source(dir))) {
            if (e.path().extension() == ".yaml") out.push_back(e.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("every shipped scenario plays the same under the compiled backend, turn by turn", "[native]") {
    for (const auto& path : scenarioFiles()) {
        INFO(path);
        auto sc = loadFile(fs::relative(path, source(".")).string());
        const auto m = NativeModule::build(*sc, options());
        for (std::uint64_t seed = 1; seed <= 12; ++seed) {
            INFO("seed " << seed);
            RunSetup setup;
            setup.key.seed = seed;
            CHECK(fingerprints(sc, setup, nullptr) == fingerprints(sc, setup, m));
        }
    }
}

TEST_CASE("the compiled backend with parameters set, and continuing a saved state", "[native]") {
    auto sc = loadFile("scenarios/summit-2024.yaml");
    const auto m = NativeModule::build(*sc, options());
    RunSetup setup;
    setup.key.seed = 7;
    setup.params = {{sc->paramIndex("climb"), 0.2}, {sc->paramIndex("us_resolve"), 0.3}};  // a plain and an uncertain one
    CHECK(fingerprints(sc, setup, nullptr) == fingerprints(sc, setup, m));
    // a continuation from turn 20 of a run, as brink batch GAME and what next? make them
    Simulation first(sc, RunSetup{});
    first.begin();
    while (first.world().turn < 20 && first.step()) {
    }
    const World at20 = first.world();
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        RunSetup s;
        s.key.seed = seed;
        Simulation a(sc, s), b(sc, s);
        b.setNative(m);
        a.restartFrom(at20, s);
        b.restartFrom(at20, s);
        CHECK(b.world().native.owner == &b.world());  // bound again after restartFrom's copy
        a.run();
        b.run();
        CHECK(a.world().hash() == b.world().hash());
        CHECK(a.outcome() == b.outcome());
    }
}

TEST_CASE("a run the interpreter stops with an error, the compiled backend stops with the same error", "[native]") {
    auto sc = load(head(6) + R"Y(params: {k: 3}
actors:
  x: {name: X, stock: {gold: 5}}
assets:
  gold: {name: gold}
rules:
  - {id: spend, effects: [{add: {actor: x, asset: gold, amount: "-1"}}]}
metrics:
  ratio: "10 / (stock(x, gold) - 2)"
)Y");
    const auto m = NativeModule::build(*sc, options());
    std::string messages[2];
    for (int i = 0; i < 2; ++i) {
        Simulation sim(sc, RunSetup{});
        if (i == 1) sim.setNative(m);
        try {
            sim.run();
        } catch (const RunError& e) {
            messages[i] = e.what();
        }
    }
    CHECK(messages[0] == "division by zero in '10 / (stock(x, gold) - 2)' at turn 3 (2024-07-10)");
    CHECK(messages[1] == messages[0]);
}

namespace {
/// Watches a run without asking for text: the engine then runs its own phases.
struct Watcher : Observer {
    int happenings = 0;
    void happened(const World&, const Happening&) override { ++happenings; }
    [[nodiscard]] bool wantsText() const override { return false; }
};

/// The message of the RunError that stops a run (empty when it ends well).
std::string failure(std::shared_ptr<const Scenario> sc, std::shared_ptr<const NativeModule> native) {
    Simulation sim(sc, RunSetup{});
    sim.setNative(std::move(native));
    try {
        sim.run();
    } catch (const RunError& e) {
        return std::string(e.what()) + " @" + std::to_string(e.loc.line) + ":" + std::to_string(e.loc.col);
    }
    return {};
}
}  // namespace

TEST_CASE("the compiled phases and the engine's phases with compiled expressions play the same runs", "[native]") {
    // unwatched, a run takes the module's phases; watched, the engine's own phases run and
    // call the module's expressions: three ways to one run
    for (const auto& path : scenarioFiles()) {
        INFO(path);
        auto sc = loadFile(fs::relative(path, source(".")).string());
        const auto m = NativeModule::build(*sc, options());
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            INFO("seed " << seed);
            RunSetup setup;
            setup.key.seed = seed;
            Simulation fast(sc, setup), watched(sc, setup), interpreted(sc, setup);
            fast.setNative(m);
            watched.setNative(m);
            Watcher w;
            watched.setObserver(&w);
            CHECK(fast.compiledPhases());
            CHECK_FALSE(watched.compiledPhases());
            CHECK_FALSE(interpreted.compiledPhases());
            fast.begin();
            watched.begin();
            interpreted.begin();
            bool going = true;
            while (going) {
                going = fast.step();
                CHECK(watched.step() == going);
                CHECK(interpreted.step() == going);
                REQUIRE(fast.world().hash() == watched.world().hash());
                REQUIRE(fast.world().hash() == interpreted.world().hash());
            }
            CHECK(w.happenings > 0);
        }
    }
}

TEST_CASE("a run that fails inside a phase fails the same way under the compiled phases", "[native]") {
    // each failure is raised inside one of the module's phases: an expression that divides by
    // zero (policy, event, transfer, escalation), a stock that overflows (production, a rule's
    // effect, an order's effect)
    const std::string base = head(8) + R"Y(params: {k: 3}
assets:
  gold: {name: gold}
ladder: [{id: calm}, {id: war}]
actors:
  x: {name: X, stock: {gold: 5}}
  y: {name: Y, stock: {gold: 5}}
relations:
  - {between: [x, y], stance: rivalry, tension: 0.5}
)Y";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"policy", R"Y(escalation: {up: "0.1", down: "0.1"}
rules:
  - {id: spend, effects: [{add: {actor: x, asset: gold, amount: "-1"}}]}
actions:
  wait: {}
policies:
  x: [{when: "10 / (stock(x, gold) - 2) > 0", do: wait}]
)Y"},
        {"event", R"Y(escalation: {up: "0.1", down: "0.1"}
events:
  shock: {chance: "1 / (3 - turn)", effects: [{tension: {between: [x, y], delta: 0.1}}]}
)Y"},
        {"transfer", R"Y(escalation: {up: "0.1", down: "0.1"}
transfers:
  - {id: t, from: x, to: y, asset: gold, amount: "1 / (4 - turn)", every: 7, transit: 7}
)Y"},
        {"escalation", R"Y(escalation: {up: "0.1 / (5 - turn)", down: "0.1"}
)Y"},
        {"production", R"Y(escalation: {up: "0.1", down: "0.1"}
actors:
  x: {name: X, stock: {gold: 5}, production: {gold: "1e308"}}
  y: {name: Y, stock: {gold: 5}}
)Y"},
        {"rule", R"Y(escalation: {up: "0.1", down: "0.1"}
rules:
  - {id: mint, effects: [{add: {actor: y, asset: gold, amount: "1e308"}}]}
)Y"},
        {"order", R"Y(escalation: {up: "0.1", down: "0.1"}
actions:
  mint: {effects: [{add: {actor: self, asset: gold, amount: "1e308"}}]}
policies:
  y: [{do: mint}]
)Y"},
    };
    for (const auto& [what, text] : cases) {
        INFO(what);
        std::string yaml = base + text;
        if (what == "production") yaml = head(8) + "assets:\n  gold: {name: gold}\nladder: [{id: calm}, {id: war}]\n" + text +
                                         "relations:\n  - {between: [x, y], stance: rivalry, tension: 0.5}\n";
        auto sc = load(yaml);
        const auto m = NativeModule::build(*sc, options());
        Simulation probe(sc, RunSetup{});
        probe.setNative(m);
        CHECK(probe.compiledPhases());
        const std::string interpreted = failure(sc, nullptr), compiled = failure(sc, m);
        CHECK_FALSE(interpreted.empty());
        CHECK(compiled == interpreted);
    }
}

TEST_CASE("a copy of a bound World is not bound: it evaluates with the interpreter", "[native]") {
    auto sc = loadFile("scenarios/models/richardson.yaml");
    Simulation sim(sc, RunSetup{});
    sim.setNative(NativeModule::build(*sc, options()));
    REQUIRE(sim.world().native.owner == &sim.world());
    const World copy = sim.world();
    CHECK(copy.native.owner == nullptr);
    World assigned = copy;
    assigned = sim.world();
    CHECK(assigned.native.owner == nullptr);
}

TEST_CASE("the module source is the same for the same scenario, and cached: a second build compiles nothing", "[native]") {
    auto sc = loadFile("scenarios/models/richardson.yaml");
    CHECK(nativeSource(*sc) == nativeSource(*loadFile("scenarios/models/richardson.yaml")));
    NativeOptions o;
    o.cacheDir = tempDir("native-cache-2");
    CHECK_FALSE(NativeModule::cached(*sc, o));
    const auto first = NativeModule::build(*sc, o);
    CHECK_FALSE(first->fromCache());
    CHECK(first->compileSeconds() > 0);
    CHECK(NativeModule::cached(*sc, o));
    const auto second = NativeModule::build(*sc, o);
    CHECK(second->fromCache());
    CHECK(second->path() == first->path());
    fs::remove_all(o.cacheDir);
}

TEST_CASE("a compiler that cannot be found, or that fails, is said so", "[native]") {
    auto sc = loadFile("scenarios/models/richardson.yaml");
    NativeOptions o = options();
    o.compiler = "/nonexistent/g++";
    CHECK_FALSE(nativeCompilerFound(o));
    CHECK_THROWS_WITH(NativeModule::build(*sc, o), "no C++ compiler '/nonexistent/g++' found (set CXX, or install g++)");
    // a compiler that answers but cannot compile
    const std::string dir = tempDir("native-badcc");
    const std::string cc = dir + "/cc";
    REQUIRE(runShell("printf '#!/bin/sh\\nif [ \"$1\" = --version ]; then echo broken 1.0; exit 0; fi\\necho \"broken: cannot compile\" >&2; exit 3\\n' > " + cc +
                     " && chmod +x " + cc).status == 0);
    o.compiler = cc;
    o.cacheDir = dir + "/cache";
    CHECK_THROWS_WITH(NativeModule::build(*sc, o), cc + " failed to compile the scenario's module (status 3): broken: cannot compile");
    fs::remove_all(dir);
}
