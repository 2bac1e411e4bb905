// brink_bench: figures, never assertions.
//
//   brink_bench [--reps N] [--turns N] [--scenario FILE]
//
// 1. Replications per second of a scenario (default: summit-2024), one thread, no
//    observer: seeds 1..N, each exactly what `brink run --seed K` plays; with the spread
//    of outcomes and peak rungs over those seeds.
// 2. State-turns per second (actors x turns / s) of a generated 200-actor scenario.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "brink/loader.hpp"
#include "brink/sim.hpp"

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

void replications(const std::string& path, long reps) {
    auto sc = loadOrDie({}, path);
    std::map<std::string, long> outcomes;
    std::vector<std::map<int, long>> peaks(sc->relations.size());
    double turns = 0;
    const auto t0 = Clock::now();
    for (long r = 0; r < reps; ++r) {
        RunSetup s;
        s.key = {static_cast<std::uint64_t>(r + 1), 0, 0};
        Simulation sim(sc, s);
        sim.run();
        ++outcomes[sc->outcomes[static_cast<std::size_t>(sim.outcome())]];
        turns += static_cast<double>(sim.world().turn);
        for (std::size_t i = 0; i < sc->relations.size(); ++i) {
            const auto& rel = sc->relations[i];
            ++peaks[i][sim.world().peak[static_cast<std::size_t>(sc->dyad(rel.a, rel.b))]];
        }
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("%s: %ld replications (seeds 1..%ld) in %.3f s = %.0f replications/s (%.1f turns each on average, %.0f turns/s)\n",
                sc->id.c_str(), reps, reps, secs, static_cast<double>(reps) / secs, turns / static_cast<double>(reps),
                turns / secs);
    std::printf("  outcomes:");
    for (const auto& [o, n] : outcomes) std::printf("  %s %.1f%%", o.c_str(), 100.0 * static_cast<double>(n) / static_cast<double>(reps));
    std::printf("\n");
    if (sc->hasLadder) {
        std::printf("  peak rung by dyad (share of replications at each rung %s):\n", [&] {
            std::string s;
            for (std::size_t i = 0; i < sc->ladder.size(); ++i) s += (i ? "/" : "") + sc->ladder[i].id;
            return s;
        }().c_str());
        for (std::size_t i = 0; i < sc->relations.size(); ++i) {
            const auto& rel = sc->relations[i];
            if (peaks[i].size() == 1 && peaks[i].begin()->first == rel.rung) continue;  // never moved
            std::printf("    %-28s", (sc->actors[static_cast<std::size_t>(rel.a)].id + "-" + sc->actors[static_cast<std::size_t>(rel.b)].id).c_str());
            for (std::size_t k = 0; k < sc->ladder.size(); ++k) {
                const auto it = peaks[i].find(static_cast<int>(k));
                std::printf(" %5.1f%%", 100.0 * static_cast<double>(it == peaks[i].end() ? 0 : it->second) / static_cast<double>(reps));
            }
            std::printf("\n");
        }
    }
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
    const auto t0 = Clock::now();
    double played = 0;
    for (int r = 0; r < reps; ++r) {
        RunSetup s;
        s.key = {1, 0, static_cast<std::uint64_t>(r)};
        Simulation sim(sc, s);
        sim.run();
        played += static_cast<double>(sim.world().turn);
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("generated %d actors, %zu relations, %d turns x %d replications: %.3f s = %.2f M state-turns/s\n", n,
                sc->relations.size(), turns, reps, secs, n * played / secs / 1e6);
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
        else {
            std::fprintf(stderr, "usage: brink_bench [--reps N] [--turns N] [--scenario FILE] [--replications-only]\n");
            return 2;
        }
    }
    replications(scenario, reps);
    if (!onlyFirst) stateTurns(200, turns, 3);
    return 0;
}
