// brink_bench: figures, never assertions.
//
//   brink_bench [--reps N] [--turns N] [--scenario FILE] [--replications-only]
//               [--backend interpreter|compiled|both]
//
// 1. Replications per second of a scenario (default: summit-2024) through the batch hot
//    path on one thread (BatchWorker: what each brink batch thread runs, without the store).
// 2. State-turns per second (actors x turns / s) of a generated 200-actor scenario.
// Each under the interpreter and the compiled backend (native.hpp), side by side in one
// run, with their ratio (both by default).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "brink/batch/plan.hpp"
#include "brink/native/native.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/sim/sim.hpp"

using namespace brink;
using Clock = std::chrono::steady_clock;

namespace {

std::shared_ptr<Scenario> loadOrDie(const std::string& text, const std::string& path) {
    Diagnostics d(path);
    auto sc = text.empty() ? loadScenarioFile(path, d) : loadScenarioText(text, path, d);
    if (!sc) {
        std::fprintf(stderr, "%s", d.str().c_str());
        std::exit(2);
    }
    return sc;
}

// Runs `reps` replications through the batch hot path (BatchWorker, one thread, no
// store) and returns the seconds taken and the plan's results.
double timeBatch(const std::shared_ptr<Scenario>& sc, std::uint64_t reps, std::vector<ChunkResult>& out,
                 std::shared_ptr<const NativeModule> native = nullptr) {
    BatchPlan plan;
    plan.sc = sc;
    plan.native = std::move(native);
    plan.seed = 1;
    plan.runsPerPoint = reps;
    plan.chunkSize = 256;
    BatchWorker worker(plan, false);
    const auto t0 = Clock::now();
    for (std::uint64_t c = 0; c < plan.chunkCount(); ++c) out.push_back(worker.run(c));
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string g_backend = "both";

/// The compiled module of `sc` (printing its compile time), or null when not asked for.
std::shared_ptr<const NativeModule> module(const Scenario& sc) {
    if (g_backend == "interpreter") return nullptr;
    try {
        auto m = NativeModule::build(sc);
        if (m->fromCache()) std::printf("  compiled %s: from the cache\n", sc.id.c_str());
        else std::printf("  compiled %s in %.2f s\n", sc.id.c_str(), m->compileSeconds());
        return m;
    } catch (const NativeError& e) {
        std::fprintf(stderr, "brink_bench: no compiled backend: %s\n", e.what());
        std::exit(1);
    }
}

double replicationsOnce(const std::shared_ptr<Scenario>& sc, long reps, std::shared_ptr<const NativeModule> native, const char* label) {
    std::vector<ChunkResult> results;
    const double secs = timeBatch(sc, static_cast<std::uint64_t>(reps), results, std::move(native));
    std::map<std::string, long> outcomes;
    double turns = 0;
    for (const auto& r : results) {
        for (std::uint32_t i = 0; i < r.count; ++i) {
            ++outcomes[sc->outcomes[static_cast<std::size_t>(r.outcome[i])]];
            turns += static_cast<double>(r.turns[i]);
        }
    }
    std::printf("%s (%s): %ld replications in %.3f s = %.0f replications/s on one thread (%.1f turns each, %.0f turns/s)\n",
                sc->id.c_str(), label, reps, secs, static_cast<double>(reps) / secs, turns / static_cast<double>(reps), turns / secs);
    std::printf("  outcomes (brink batch gives them with intervals):");
    for (const auto& [o, n] : outcomes) std::printf("  %s %.1f%%", o.c_str(), 100.0 * static_cast<double>(n) / static_cast<double>(reps));
    std::printf("\n");
    return static_cast<double>(reps) / secs;
}

void replications(const std::string& path, long reps) {
    auto sc = loadOrDie({}, path);
    double interp = 0, compiled = 0;
    if (g_backend != "compiled") interp = replicationsOnce(sc, reps, nullptr, "interpreter");
    if (g_backend != "interpreter") compiled = replicationsOnce(sc, reps, module(*sc), "compiled");
    if (interp > 0 && compiled > 0) std::printf("  compiled / interpreter: %.2f\n", compiled / interp);
}

// A scenario of n actors in a ring of rivalries, with production, transfers, events,
// policies and a ladder: every phase has work.
std::string generated(int n, int turns) {
    std::string y = "brink: 1\nscenario: {id: generated-" + std::to_string(n) + ", start: 2024-01-01, turn_days: 7, turns: " +
                    std::to_string(turns) + "}\n";
    y += "assets:\n  arms: {value: 1}\n  money: {}\n";
    y += "ladder:\n  - {id: calm}\n  - {id: crisis}\n  - {id: war}\n";
    y += "escalation:\n  up: \"0.02 * tension(a, b)\"\n  down: \"0.05 * (1 - tension(a, b))\"\n  relax: 0.1\n";
    y += "actors:\n";
    for (int i = 0; i < n; ++i) {
        y += "  s" + std::to_string(i) + ": {name: State " + std::to_string(i) +
             ", stock: {arms: 100, money: 50}, production: {money: 5, arms: 2}, consumption: {arms: 1}}\n";
    }
    y += "relations:\n";
    for (int i = 0; i < n; ++i) {
        y += "  - {between: [s" + std::to_string(i) + ", s" + std::to_string((i + 1) % n) + "], stance: rivalry, tension: 0.5}\n";
        y += "  - {between: [s" + std::to_string(i) + ", s" + std::to_string((i + 7) % n) + "], stance: alliance, tension: 0.1}\n";
    }
    y += "transfers:\n";
    for (int i = 0; i < n; ++i) {
        y += "  - {id: t" + std::to_string(i) + ", from: s" + std::to_string(i) + ", to: s" + std::to_string((i + 7) % n) +
             ", asset: arms, amount: 1, every: 7, transit: 14, detect: 0.3, interdict: 0.05}\n";
    }
    y += "actions:\n  arm: {cost: {money: 3}, effects: [{add: {actor: self, asset: arms, amount: 2}}]}\n";
    y += "  provoke: {target: \"tension(self, target) > 0.2\", escalation: 4, effects: [{tension: {between: [self, target], delta: 0.05}}]}\n";
    y += "policies:\n";
    for (int i = 0; i < n; ++i) {
        y += "  s" + std::to_string(i) + ":\n    - {when: \"stock(self, arms) < 120\", do: arm}\n    - {do: provoke, target: s" +
             std::to_string((i + 1) % n) + ", chance: 0.1}\n";
    }
    y += "events:\n  shock: {chance: 0.05, effects: [{tension: {between: [s0, s1], delta: 0.2}}]}\n";
    y += "metrics:\n  arms0: stock(s0, arms)\n  top: peak_rung()\n";
    return y;
}

void stateTurns(int n, int turns, int reps) {
    auto sc = loadOrDie(generated(n, turns), "generated.yaml");
    double rates[2] = {0, 0};
    for (int b = 0; b < 2; ++b) {
        if ((b == 0 && g_backend == "compiled") || (b == 1 && g_backend == "interpreter")) continue;
        std::vector<ChunkResult> results;
        const double secs = timeBatch(sc, static_cast<std::uint64_t>(reps), results, b == 1 ? module(*sc) : nullptr);
        double played = 0;
        for (const auto& r : results) {
            for (std::uint32_t i = 0; i < r.count; ++i) played += static_cast<double>(r.turns[i]);
        }
        rates[b] = n * played / secs / 1e6;
        std::printf("generated %d actors, %zu relations, %d turns x %d replications (%s): %.3f s = %.2f M state-turns/s on one thread\n", n,
                    sc->relations.size(), turns, reps, b == 0 ? "interpreter" : "compiled", secs, rates[b]);
    }
    if (rates[0] > 0 && rates[1] > 0) std::printf("  compiled / interpreter: %.2f\n", rates[1] / rates[0]);
}

}  // namespace

int main(int argc, char** argv) {
    long reps = 2000;
    int turns = 520;
    std::string scenario = std::string(BRINK_SCENARIO_DIR) + "/summit-2024.yaml";
    bool onlyFirst = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::atol(argv[++i]);
        else if (!std::strcmp(argv[i], "--turns") && i + 1 < argc) turns = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--scenario") && i + 1 < argc) scenario = argv[++i];
        else if (!std::strcmp(argv[i], "--replications-only")) onlyFirst = true;
        else if (!std::strcmp(argv[i], "--backend") && i + 1 < argc) g_backend = argv[++i];
        else {
            std::fprintf(stderr, "usage: brink_bench [--reps N] [--turns N] [--scenario FILE] [--replications-only] [--backend interpreter|compiled|both]\n");
            return 2;
        }
    }
    if (g_backend != "interpreter" && g_backend != "compiled" && g_backend != "both") {
        std::fprintf(stderr, "brink_bench: --backend is interpreter, compiled or both\n");
        return 2;
    }
    replications(scenario, reps);
    if (!onlyFirst) stateTurns(200, turns, 3);
    return 0;
}
