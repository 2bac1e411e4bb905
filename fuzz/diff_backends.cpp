// brink_diff_backends: differential fuzzing of the compiled backend against the
// interpreter. It generates random valid scenarios (random actors, relations, postures,
// ladders, transfers, rules, actions, policies, events, metrics and end conditions, every
// expression drawn from the whole expression language, divisions that can fail included),
// compiles them in batches (one shared object for many scenarios, so a compile serves
// thousands of inputs), plays each under both backends from several seeds, and compares
// the worlds' fingerprints turn by turn and the errors word for word. One input is one
// (scenario, seed) pair played under both.
//
//   brink_diff_backends [--scenarios N] [--seeds S] [--batch K] [--turns T] [--seed X] [--out DIR] [-q]
//
// A mismatch writes the scenario to DIR (default fuzz/regressions/diff) and exits 1; an
// input that does not load (a generator bug) exits 2. Exit 0: every input agreed.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "brink/base/digest.hpp"
#include "brink/base/rng.hpp"
#include "brink/native/native.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/sim/sim.hpp"

using namespace brink;
namespace fs = std::filesystem;

namespace {

/// Random scenario text. Every choice comes from one stream, so a seed gives one scenario.
class Generator {
public:
    explicit Generator(std::uint64_t seed) : m_r(StreamKey{seed, 0, 0}) {}

    std::string scenario() {
        m_actors = 2 + pick(4);
        m_assets = 1 + pick(3);
        m_techs = pick(2);
        m_params = 1 + pick(3);
        m_rungs = 2 + pick(3);
        m_postures = pick(3);
        m_transfers = pick(3);
        m_events = pick(3);
        m_metrics = 0;
        std::string y = "brink: 1\nscenario: {id: gen, start: 2024-01-01, turn_days: 7, turns: " + std::to_string(4 + pick(12)) + "}\n";
        y += "params:\n";
        for (int i = 0; i < m_params; ++i) y += "  p" + std::to_string(i) + ": " + num(-1, 2) + "\n";
        if (coin()) y += "uncertain:\n  u0: {uniform: [0, " + num(0.1, 1) + "]}\n", m_uncertain = true;
        y += "assets:\n";
        for (int i = 0; i < m_assets; ++i) y += "  s" + std::to_string(i) + ": {value: " + num(0, 2) + "}\n";
        for (int i = 0; i < m_techs; ++i) y += "  t" + std::to_string(i) + ": {kind: tech, value: " + num(0, 3) + "}\n";
        if (m_postures) {
            y += "postures:\n";
            for (int i = 0; i < m_postures; ++i) {
                y += "  q" + std::to_string(i) + ": {level: " + std::to_string(pick(4)) + ", credibility: " + num(0, 1) + ", escalation: " + num(0.2, 2) +
                     (coin() ? ", upkeep: {s0: " + num(0, 1) + "}" : "") + (coin() ? ", delay: " + std::to_string(pick(15)) : "") + "}\n";
            }
        }
        y += "ladder:\n";
        for (int i = 0; i < m_rungs; ++i) y += "  - {id: r" + std::to_string(i) + (i + 1 == m_rungs && coin() ? ", ends: top" : "") + "}\n";
        y += "escalation:\n  up: \"" + prob("ab") + "\"\n  down: \"" + prob("ab") + "\"\n  relax: " + num(0, 1) + "\n";
        y += "actors:\n";
        for (int a = 0; a < m_actors; ++a) {
            y += "  x" + std::to_string(a) + ": {name: X" + std::to_string(a) + ", bloc: b" + std::to_string(a < 2 ? a : pick(2)) +
                 ", nuclear: " + (coin() ? "true" : "false") + ", resolve: " + num(0, 1) + ", stability: " + num(0, 1);
            if (m_postures) y += ", posture: q" + std::to_string(pick(m_postures));
            y += ", stock: {";
            for (int s = 0; s < m_assets; ++s) y += (s ? ", " : "") + std::string("s") + std::to_string(s) + ": " + num(0, 20);
            y += "}";
            if (m_techs) y += ", tech: {t0: " + num(0, 1) + "}";
            if (coin()) y += ", production: {s0: \"" + amount("self") + "\"}";
            if (pick(3) == 0) y += ", consumption: {s" + std::to_string(pick(m_assets)) + ": \"" + amount("self") + "\"}";
            y += "}\n";
        }
        y += "relations:\n";
        static const char* stances[] = {"alliance", "partnership", "neutral", "rivalry", "conflict"};
        for (int a = 0; a < m_actors; ++a) {
            for (int b = a + 1; b < m_actors; ++b) {
                if (pick(3) == 0 && !(a == 0 && b == 1)) continue;  // x0-x1 always: relations cannot be empty
                y += "  - {between: [x" + std::to_string(a) + ", x" + std::to_string(b) + "], stance: " + stances[pick(5)] +
                     ", tension: " + num(0, 1) + ", rung: r" + std::to_string(pick(m_rungs - 1)) + (coin() ? ", treaties: [k0]" : "") + "}\n";
            }
        }
        if (m_transfers) {
            y += "transfers:\n";
            for (int t = 0; t < m_transfers; ++t) {
                const int a = pick(m_actors), b = (a + 1 + pick(m_actors - 1)) % m_actors;
                y += "  - {id: f" + std::to_string(t) + ", from: x" + std::to_string(a) + ", to: x" + std::to_string(b) + ", asset: " +
                     (m_techs && coin() ? "t0" : "s0") + ", amount: \"" + amount("self") + "\", every: " + std::to_string(pick(15)) +
                     ", transit: " + std::to_string(pick(20)) + ", detect: \"" + prob("self") + "\", interdict: \"" + prob("self") + "\"}\n";
            }
        }
        y += "rules:\n  - {id: r, when: \"" + boolExpr("", 2) + "\", effects: [" + effect("") + "]}\n";
        y += "  - {id: k, when: \"turn > 5\", effects: [{treaty: {between: [x0, x1], id: k0}}]}\n";  // the treaty k0 exists
        y += "actions:\n";
        for (int i = 0; i < 3; ++i) {
            y += "  c" + std::to_string(i) + ": {by: \"" + boolExpr("self", 2) + "\"" + (i ? ", target: \"" + boolExpr("st", 2) + "\"" : "") +
                 ", cost: {s0: \"" + amount("self") + "\"" + (m_assets > 1 && coin() ? ", s1: \"" + amount("self") + "\"" : std::string()) +
                 "}, escalation: " + std::to_string(static_cast<int>(pick(7)) * 4 - 4) +
                 ", duration: " + std::to_string(pick(3) == 0 ? pick(10) : 0) + ", public: " + (coin() ? "true" : "false") +
                 ", effects: [" + effect(i ? "st" : "self") + ", " + effect(i ? "st" : "self") + "]}\n";
        }
        y += "policies:\n";
        for (int a = 0; a < m_actors; ++a) {
            y += "  x" + std::to_string(a) + ":\n";
            for (int i = 0; i < 3; ++i) {
                const int act = pick(3);
                std::string target;
                if (act && pick(3) == 0) {  // a list of targets: the rule read once for each
                    target = ", target: [x" + std::to_string((a + 1 + pick(m_actors - 1)) % m_actors) + ", x" +
                             std::to_string((a + 1 + pick(m_actors - 1)) % m_actors) + "]";
                } else if (act) {
                    target = ", target: x" + std::to_string((a + 1 + pick(m_actors - 1)) % m_actors);
                }
                y += "    - {when: \"" + boolExpr("self", 2) + "\", do: c" + std::to_string(act) + target + ", chance: \"" + prob("self") + "\"}\n";
            }
        }
        if (m_events) {
            y += "events:\n";
            for (int i = 0; i < m_events; ++i) {
                y += "  e" + std::to_string(i) + ": {when: \"" + boolExpr("", 2) + "\", chance: \"" + prob("") + "\", once: " +
                     (coin() ? "true" : "false") + ", effects: [" + effect("") + "]}\n";
            }
        }
        y += "metrics:\n";
        const int metrics = 1 + pick(3);
        for (int i = 0; i < metrics; ++i) {
            y += "  m" + std::to_string(i) + ": \"" + numExpr("", 3) + "\"\n";
            m_metrics = i + 1;  // a later metric may read the earlier ones
        }
        if (coin()) y += "end:\n  - {when: \"" + boolExpr("", 2) + "\", outcome: stop}\n";
        y += "objectives:\n  x0: {o: \"" + numExpr("self", 2) + "\"}\n";
        return y;
    }

private:
    int pick(int n) { return n <= 1 ? 0 : static_cast<int>(m_r.below(static_cast<std::uint64_t>(n))); }
    bool coin() { return pick(2) == 0; }
    std::string num(double lo, double hi) {
        const double v = lo + (hi - lo) * m_r.uniform();
        char b[32];
        std::snprintf(b, sizeof b, "%.3g", v);
        return b;
    }
    /// An actor: a fixed one, or a name the scope binds ("self", "st": self and target, "ab").
    std::string actor(const std::string& scope) {
        std::vector<std::string> names;
        if (scope == "self" || scope == "st") names.push_back("self");
        if (scope == "st") names.push_back("target");
        if (scope == "ab") names.insert(names.end(), {"a", "b"});
        if (!names.empty() && pick(3) != 0) return names[static_cast<std::size_t>(pick(static_cast<int>(names.size())))];
        return "x" + std::to_string(pick(m_actors));
    }
    /// Two actors for a function of a pair: different when both are fixed.
    std::pair<std::string, std::string> two(const std::string& sc) {
        std::string a = actor(sc), b = actor(sc);
        if (a == b) b = a[0] == 'x' ? "x" + std::to_string((std::stoi(a.substr(1)) + 1) % m_actors) : "x" + std::to_string(pick(m_actors));
        return {a, b};
    }
    std::string numExpr(const std::string& sc, int depth) {
        if (depth <= 0) return leaf(sc);
        switch (pick(12)) {
            case 0: return numExpr(sc, depth - 1) + " + " + numExpr(sc, depth - 1);
            case 1: return numExpr(sc, depth - 1) + " - " + numExpr(sc, depth - 1);
            case 2: return numExpr(sc, depth - 1) + " * " + numExpr(sc, depth - 1);
            case 3: {
                // mostly a guarded divisor; now and then one that can be zero at run time (both
                // backends must then fail alike); never a constant zero, which the loader refuses
                const std::string d = numExpr(sc, depth - 1);
                return numExpr(sc, depth - 1) + (pick(5) == 0 ? " / (" + d + " + turn * 0)" : " / max(abs(" + d + "), 0.01)");
            }
            case 4: return "-(" + numExpr(sc, depth - 1) + ")";
            case 5: return "min(" + numExpr(sc, depth - 1) + ", " + numExpr(sc, depth - 1) + (coin() ? ", " + leaf(sc) : "") + ")";
            case 6: return "max(" + numExpr(sc, depth - 1) + ", " + numExpr(sc, depth - 1) + ")";
            case 7: return "clamp(" + numExpr(sc, depth - 1) + ", 0, " + num(0.5, 5) + ")";
            case 8: return "abs(" + numExpr(sc, depth - 1) + ")";
            case 9: return "if(" + boolExpr(sc, depth - 1) + ", " + numExpr(sc, depth - 1) + ", " + numExpr(sc, depth - 1) + ")";
            case 10: return "(" + numExpr(sc, depth - 1) + ")";
            default: return leaf(sc);
        }
    }
    std::string leaf(const std::string& sc) {
        const auto [A, B] = two(sc);
        switch (pick(20)) {
            case 0: return num(-2, 5);
            case 1: return "params.p" + std::to_string(pick(m_params));
            case 2: return m_uncertain ? "params.u0" : "turn";
            case 3: return "day";
            case 4: return "stock(" + A + ", s" + std::to_string(pick(m_assets)) + ")";
            case 5: return m_techs ? "tech(" + A + ", t0)" : "turn";
            case 6: return "tension(" + A + ", " + B + ")";
            case 7: return "rung(" + A + ", " + B + ")";
            case 8: return coin() ? "peak_rung(" + A + ", " + B + ")" : "peak_rung()";
            case 9: return "posture_level(" + A + ")";
            case 10: return "resolve(" + A + ")";
            case 11: return "stability(" + A + ")";
            case 12: return "power(" + A + ")";
            case 13: return "deterrence(" + A + ", " + B + ")";
            case 14: return "escalation_score(" + A + ")";
            case 15: {
                if (!m_transfers) return "turn";
                static const char* f[] = {"sent", "delivered", "interdicted", "in_transit", "detected", "shipments"};
                return std::string(f[pick(6)]) + "(f" + std::to_string(pick(m_transfers)) + ")";
            }
            case 16: return m_events ? "fired(e" + std::to_string(pick(m_events)) + ")" : "day";
            case 17: return m_metrics ? "metric(m" + std::to_string(pick(m_metrics)) + ")" : "turn";
            case 18: return "if(" + boolLeaf(sc) + ", 1, 0)";
            default: return num(0, 1);
        }
    }
    std::string boolExpr(const std::string& sc, int depth) {
        if (depth <= 0) return boolLeaf(sc);
        switch (pick(6)) {
            case 0: return boolExpr(sc, depth - 1) + " and " + boolExpr(sc, depth - 1);
            case 1: return boolExpr(sc, depth - 1) + " or " + boolExpr(sc, depth - 1);
            case 2: return "not " + boolLeaf(sc);
            case 3: {
                static const char* ops[] = {"<", "<=", ">", ">=", "==", "!="};
                return numExpr(sc, depth - 1) + " " + ops[pick(6)] + " " + numExpr(sc, depth - 1);
            }
            default: return boolLeaf(sc);
        }
    }
    std::string boolLeaf(const std::string& sc) {
        const auto [A, B] = two(sc);
        switch (pick(9)) {
            case 0: return "allied(" + A + ", " + B + ")";
            case 1: return "treaty(" + A + ", " + B + ", k0)";
            case 2: return "nuclear(" + A + ")";
            case 3: {
                static const char* st[] = {"alliance", "partnership", "neutral", "rivalry", "conflict"};
                return std::string("stance(") + A + ", " + B + ") == '" + st[pick(5)] + "'";
            }
            case 4: return m_postures ? "posture(" + A + ") == 'q" + std::to_string(pick(m_postures)) + "'" : "true";
            case 5: return "bloc(" + A + ") != 'b" + std::to_string(pick(2)) + "'";
            case 6: return coin() ? "true" : "false";
            default: return leaf(sc) + (coin() ? " > " : " <= ") + num(0, 3);
        }
    }
    // a constant the loader checks must be in range; an expression of the turn is never folded
    // into a constant, so it may go out of range at run time, where both backends clamp it
    std::string prob(const std::string& sc) { return coin() ? num(0, 1) : "if(turn >= 0, " + numExpr(sc, 2) + ", 0)"; }
    std::string amount(const std::string& sc) { return coin() ? num(0, 5) : "if(turn >= 0, " + numExpr(sc, 2) + ", 0)"; }
    std::string effect(const std::string& sc) {
        const auto [A, B] = two(sc);
        switch (pick(9)) {
            case 0: {
                const std::string asset = m_techs && pick(3) == 0 ? "t0" : "s" + std::to_string(pick(m_assets));
                return "{add: {actor: " + A + ", asset: " + asset + ", amount: \"" + numExpr(sc, 2) + "\"}}";
            }
            case 1:
                if (pick(3) == 0) return "{tension: {between: [" + A + ", " + B + "], to: \"" + numExpr(sc, 1) + "\"}}";
                return "{tension: {between: [" + A + ", " + B + "], delta: \"" + numExpr(sc, 1) + "\"}}";
            case 2: return "{rung: {between: [" + A + ", " + B + "], delta: " + std::to_string(pick(3) - 1) + "}}";
            case 3: return m_postures ? "{posture: {actor: " + A + ", to: q" + std::to_string(pick(m_postures)) + "}}" : "{headline: h}";
            case 4: return "{resolve: {actor: " + A + ", delta: \"" + numExpr(sc, 1) + "\"}}";
            case 5: return "{stability: {actor: " + A + ", delta: " + num(-0.2, 0.2) + "}}";
            case 6: return "{treaty: {between: [" + A + ", " + B + "], id: k0}}";
            case 7: return "{transfer: {from: " + A + ", to: " + B + ", asset: s0, amount: \"" + amount(sc) + "\", transit: " + std::to_string(pick(10)) + "}}";
            default: return "{stance: {between: [" + A + ", " + B + "], to: rivalry}}";
        }
    }

    Rng m_r;
    int m_actors = 2, m_assets = 1, m_techs = 0, m_params = 1, m_rungs = 2, m_postures = 0, m_transfers = 0, m_events = 0, m_metrics = 0;
    bool m_uncertain = false;
};

/// Every turn's fingerprint, and the error that stopped the run (if any), under one backend.
std::vector<std::string> play(std::shared_ptr<const Scenario> sc, std::uint64_t seed, int turns, std::shared_ptr<const NativeModule> m) {
    std::vector<std::string> out;
    try {
        RunSetup setup;
        setup.key.seed = seed;
        setup.turns = turns;
        Simulation sim(sc, setup);
        sim.setNative(std::move(m));
        sim.begin();
        out.push_back(std::to_string(sim.world().hash()));
        while (sim.step()) out.push_back(std::to_string(sim.world().hash()));
        out.push_back("outcome " + std::to_string(sim.outcome()));
        for (double o : sim.objectives()) out.push_back("objective " + std::to_string(o));
    } catch (const RunError& e) {
        out.push_back(std::string("error ") + e.what());
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    long scenarios = 200, batch = 100;
    int seeds = 5, turns = 16;
    std::uint64_t first = 1;
    bool quiet = false;
    std::string outDir = std::string(BRINK_SOURCE_DIR) + "/fuzz/regressions/diff";
    for (int i = 1; i < argc; ++i) {
        auto next = [&]() { return i + 1 < argc ? argv[++i] : (std::fprintf(stderr, "brink_diff_backends: %s needs a value\n", argv[i]), std::exit(2), ""); };
        if (!std::strcmp(argv[i], "--scenarios")) scenarios = std::atol(next());
        else if (!std::strcmp(argv[i], "--batch")) batch = std::max(1L, std::atol(next()));
        else if (!std::strcmp(argv[i], "--seeds")) seeds = std::max(1, std::atoi(next()));
        else if (!std::strcmp(argv[i], "--turns")) turns = std::atoi(next());
        else if (!std::strcmp(argv[i], "--seed")) first = std::strtoull(next(), nullptr, 10);
        else if (!std::strcmp(argv[i], "--out")) outDir = next();
        else if (!std::strcmp(argv[i], "-q")) quiet = true;
        else {
            std::fprintf(stderr, "usage: brink_diff_backends [--scenarios N] [--seeds S] [--batch K] [--turns T] [--seed X] [--out DIR] [-q]\n");
            return 2;
        }
    }
    NativeOptions opt;
    opt.cacheDir = (fs::temp_directory_path() / ("brink-diff-" + std::to_string(::getpid()))).string();
    const auto t0 = std::chrono::steady_clock::now();
    long inputs = 0, failedRuns = 0;
    double compileSeconds = 0;
    for (long start = 0; start < scenarios; start += batch) {
        const long count = std::min(batch, scenarios - start);
        std::vector<std::string> texts;
        std::vector<std::shared_ptr<Scenario>> scs;
        for (long k = 0; k < count; ++k) {
            const std::uint64_t id = first + static_cast<std::uint64_t>(start + k);
            texts.push_back(Generator(id).scenario());
            Diagnostics d("gen-" + std::to_string(id) + ".yaml");
            auto sc = loadScenarioText(texts.back(), d.path(), d);
            if (!sc) {
                std::fprintf(stderr, "brink_diff_backends: generated scenario %llu does not load (a generator bug):\n%s%s\n",
                             static_cast<unsigned long long>(id), d.str().c_str(), texts.back().c_str());
                return 2;
            }
            scs.push_back(std::move(sc));
        }
        std::vector<const Scenario*> raw;
        for (const auto& s : scs) raw.push_back(s.get());
        std::vector<std::shared_ptr<const NativeModule>> mods;
        try {
            mods = NativeModule::buildMany(raw, opt);
        } catch (const NativeError& e) {
            std::fprintf(stderr, "brink_diff_backends: %s\n", e.what());
            return 1;
        }
        compileSeconds += mods.empty() ? 0 : mods.front()->compileSeconds();
        for (long k = 0; k < count; ++k) {
            for (int s = 1; s <= seeds; ++s) {
                const auto a = play(scs[static_cast<std::size_t>(k)], static_cast<std::uint64_t>(s), turns, nullptr);
                const auto b = play(scs[static_cast<std::size_t>(k)], static_cast<std::uint64_t>(s), turns, mods[static_cast<std::size_t>(k)]);
                ++inputs;
                if (!a.empty() && a.back().rfind("error", 0) == 0) ++failedRuns;
                if (a != b) {
                    fs::create_directories(outDir);
                    const std::string file = (fs::path(outDir) / ("diff-" + sha1Hex(texts[static_cast<std::size_t>(k)]).substr(0, 12) + ".yaml")).string();
                    std::ofstream(file) << "# brink_diff_backends: the backends disagree on this scenario with seed " << s << "\n"
                                        << texts[static_cast<std::size_t>(k)];
                    std::size_t at = 0;
                    while (at < std::min(a.size(), b.size()) && a[at] == b[at]) ++at;
                    std::fprintf(stderr, "brink_diff_backends: MISMATCH, scenario %llu seed %d, at step %zu: interpreter '%s', compiled '%s'; kept as %s\n",
                                 static_cast<unsigned long long>(first + static_cast<std::uint64_t>(start + k)), s, at,
                                 at < a.size() ? a[at].c_str() : "(end)", at < b.size() ? b[at].c_str() : "(end)", file.c_str());
                    return 1;
                }
            }
        }
        if (!quiet) {
            std::fprintf(stderr, "brink_diff_backends: %ld scenarios, %ld inputs agree (%.0f s)\n", start + count, inputs,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
    }
    std::error_code ec;
    fs::remove_all(opt.cacheDir, ec);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("brink_diff_backends: %ld scenarios x %d seeds = %ld inputs, every one the same under both backends "
                "(%ld of them stopped by an error, the same error); %.0f s, %.0f s of it compiling\n",
                scenarios, seeds, inputs, failedRuns, secs, compileSeconds);
    return 0;
}
