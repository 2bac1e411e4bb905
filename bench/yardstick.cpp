// brink_yardstick: Brink against the same model written by hand in C++, side by side in
// one run. The model is bench/yardstick.yaml (two blocs of four states, 16 relations, four
// arms transfers with transit, detection and interdiction, three actions with costs and
// escalation scores, policies, two events, a four-rung ladder whose top ends the run, 52
// weekly turns). The hand-written version below follows docs/model.md phase by phase with
// its own random numbers, so its runs are not Brink's runs, but its outcome probabilities
// must agree with Brink's within their intervals; that is checked and printed. Then the
// replications a second, one thread each: the hand-written model, Brink's interpreter and
// Brink's compiled backend, with their ratios. Figures only; nothing here is a test.
//
//   brink_yardstick [--reps N] [--rounds R]
//
// Each of the three is timed R times (default 3), the rounds interleaved, and the median of
// each is printed: a shared machine's speed drifts, and a drift then falls on all three.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "brink/batch/plan.hpp"
#include "brink/native/native.hpp"
#include "brink/scenario/loader.hpp"
#include "brink/stats/stats.hpp"

using Clock = std::chrono::steady_clock;

namespace {

// ---- the model by hand ----------------------------------------------------------------------

/// xoshiro256** seeded by splitmix64: the generator a careful hand-written model would use.
class Xoshiro {
public:
    explicit Xoshiro(std::uint64_t seed) {
        for (auto& w : m_s) {
            seed += 0x9e3779b97f4a7c15ull;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            w = z ^ (z >> 31);
        }
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t next() {
        const std::uint64_t r = rotl(m_s[1] * 5, 7) * 9, t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return r;
    }
    std::uint64_t m_s[4];
};

struct Hand {
    static constexpr int kActors = 8;  // b0..b3, r0..r3
    static constexpr int kRelations = 16;
    static constexpr int kTop = 3;     // 'war' ends the run
    static constexpr int kTurns = 52;
    int a[kRelations], b[kRelations];
    double base[kRelations];
    int rivalRelation[kActors];        // the relation with the actor's counterpart
    int rival[kActors];
    struct Transfer {
        int from, to;
    } transfers[4] = {{0, 1}, {4, 5}, {2, 3}, {6, 7}};

    Hand() {
        int k = 0;
        for (int i = 0; i < 4; ++i) {
            a[k] = i, b[k] = 4 + i, base[k] = 0.5 + 0.05 * i, rivalRelation[i] = rivalRelation[4 + i] = k, ++k;
            a[k] = i, b[k] = 4 + (i + 1) % 4, base[k] = 0.4, ++k;
            rival[i] = 4 + i, rival[4 + i] = i;
        }
        for (int side = 0; side < 2; ++side) {
            for (int i = 0; i < 4; ++i) a[k] = side * 4 + i, b[k] = side * 4 + (i + 1) % 4, base[k] = 0.1, ++k;
        }
    }

    /// One replication; true when it ends in war.
    bool run(std::uint64_t seed) const {
        Xoshiro rng(seed);
        double money[kActors], arms[kActors], esc[kActors], tension[kRelations];
        int rung[kRelations] = {};
        for (int i = 0; i < kActors; ++i) money[i] = 20, arms[i] = 10;
        for (int r = 0; r < kRelations; ++r) tension[r] = base[r];
        struct Shipment {
            int day, to;
            double amount;
            bool interdicted;
        };
        std::deque<Shipment> transit;  // in arrival order: every transit is 14 days
        for (int turn = 1; turn <= kTurns; ++turn) {
            const int day = turn * 7;
            for (double& e : esc) e = 0;
            // 1. calendar: arrivals, then this day's departures
            while (!transit.empty() && transit.front().day <= day) {
                if (!transit.front().interdicted) arms[transit.front().to] += transit.front().amount;
                transit.pop_front();
            }
            for (const Transfer& t : transfers) {
                const bool interdicted = rng.uniform() < 0.1;
                (void)(rng.uniform() < 0.5);  // detected: seen or not, it changes nothing here
                const double sent = std::min(2.0, arms[t.from]);
                arms[t.from] -= sent;
                if (sent > 0) transit.push_back({day + 14, t.to, sent, interdicted});
            }
            // 2. rules: production
            for (double& m : money) m += 4;
            // 3. decisions: conditions from the phase's start, changes applied after, in order
            const double moneyAtStart[kActors] = {money[0], money[1], money[2], money[3], money[4], money[5], money[6], money[7]};
            double tensionAtStart[kRelations];
            std::copy(tension, tension + kRelations, tensionAtStart);
            struct Change {
                int actor, kind;  // 0 arm, 1 drill, 2 talks
            } changes[kActors * 3];
            int nc = 0;
            for (int x = 0; x < kActors; ++x) {
                double committed = 0;
                const double u1 = rng.uniform(), u2 = rng.uniform(), u3 = rng.uniform();
                if (moneyAtStart[x] >= 10 && u1 < 1.0 && 5 <= moneyAtStart[x] - committed) committed += 5, changes[nc++] = {x, 0};
                if (u2 < 0.3 && 3 <= moneyAtStart[x] - committed) committed += 3, changes[nc++] = {x, 1};
                if (tensionAtStart[rivalRelation[x]] > 0.6 && u3 < 0.25) changes[nc++] = {x, 2};
            }
            for (int i = 0; i < nc; ++i) {
                const Change& c = changes[i];
                double& t = tension[rivalRelation[c.actor]];
                if (c.kind == 0) money[c.actor] = std::max(0.0, money[c.actor] - 5), arms[c.actor] += 3;
                if (c.kind == 1) money[c.actor] = std::max(0.0, money[c.actor] - 3), esc[c.actor] += 4, t = std::clamp(t + 0.04, 0.0, 1.0);
                if (c.kind == 2) esc[c.actor] -= 2, t = std::clamp(t - 0.06, 0.0, 1.0);
            }
            // 4. events
            const bool incident = rng.uniform() < 0.06;
            const bool detente = rng.uniform() < 0.05 && turn > 26;
            if (incident) tension[0] = std::clamp(tension[0] + 0.15, 0.0, 1.0);
            if (detente) tension[2] = std::clamp(tension[2] - 0.1, 0.0, 1.0);
            // 5. escalation: every relation drawn from the phase's start, then moved and relaxed
            bool war = false;
            int move[kRelations];
            for (int r = 0; r < kRelations; ++r) {
                const double u = rng.uniform(), t = tension[r];
                const double up = std::clamp(0.06 * t * t + 0.002 * (esc[a[r]] + esc[b[r]]), 0.0, 1.0);
                const double down = std::min(std::clamp(0.05 * (1 - t), 0.0, 1.0), 1.0 - up);
                move[r] = u < up ? (rung[r] < kTop ? 1 : 0) : (u < up + down && rung[r] > 0 ? -1 : 0);
            }
            for (int r = 0; r < kRelations; ++r) {
                tension[r] += 0.1 * (base[r] - tension[r]);
                rung[r] += move[r];
                war = war || rung[r] == kTop;
            }
            if (war) return true;  // 6. record: the run ends with this turn
        }
        return false;
    }
};

// ---- Brink, through the batch hot path --------------------------------------------------------

double brinkRuns(const std::shared_ptr<brink::Scenario>& sc, std::uint64_t reps, std::shared_ptr<const brink::NativeModule> native,
                 std::uint64_t& wars) {
    brink::BatchPlan plan;
    plan.sc = sc;
    plan.seed = 1;
    plan.runsPerPoint = reps;
    plan.chunkSize = 256;
    plan.native = std::move(native);
    brink::BatchWorker worker(plan, false);
    const brink::OutcomeId war = sc->outcomes.find("war");
    wars = 0;
    const auto t0 = Clock::now();
    for (std::uint64_t c = 0; c < plan.chunkCount(); ++c) {
        const brink::ChunkResult r = worker.run(c);
        for (std::int32_t o : r.outcome) wars += o == war ? 1 : 0;
    }
    return static_cast<double>(reps) / std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

int main(int argc, char** argv) {
    std::uint64_t reps = 20000;
    int rounds = 3;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr, "usage: brink_yardstick [--reps N] [--rounds R]\n");
            return 2;
        }
    }
    brink::Diagnostics d("yardstick.yaml");
    auto sc = brink::loadScenarioFile(std::string(BRINK_SOURCE_DIR) + "/bench/yardstick.yaml", d);
    if (!sc) {
        std::fprintf(stderr, "%s", d.str().c_str());
        return 2;
    }
    const Hand hand;
    std::shared_ptr<const brink::NativeModule> m;
    try {
        m = brink::NativeModule::build(*sc);
    } catch (const brink::NativeError& e) {
        std::fprintf(stderr, "brink_yardstick: no compiled backend: %s\n", e.what());
        return 1;
    }
    std::uint64_t handWars = 0, interpWars = 0, compiledWars = 0;
    std::vector<double> handRates, interpRates, compiledRates;
    for (int round = 0; round < rounds; ++round) {
        // every round plays the same runs: the counts are the same each time
        handWars = 0;
        const auto t0 = Clock::now();
        for (std::uint64_t r = 0; r < reps; ++r) handWars += hand.run(r + 1) ? 1 : 0;
        handRates.push_back(static_cast<double>(reps) / std::chrono::duration<double>(Clock::now() - t0).count());
        interpRates.push_back(brinkRuns(sc, reps, nullptr, interpWars));
        compiledRates.push_back(brinkRuns(sc, reps, m, compiledWars));
    }
    const double handRate = median(handRates), interpRate = median(interpRates), compiledRate = median(compiledRates);

    auto share = [&](std::uint64_t k) {
        const brink::Interval ci = brink::wilson(k, reps);
        char b[96];
        std::snprintf(b, sizeof b, "%.2f%% [%.2f%%, %.2f%%]", 100.0 * static_cast<double>(k) / static_cast<double>(reps), 100 * ci.lo, 100 * ci.hi);
        return std::string(b);
    };
    // two proportions, each from its own runs: do they differ by more than chance allows?
    const double p1 = static_cast<double>(handWars) / static_cast<double>(reps), p2 = static_cast<double>(interpWars) / static_cast<double>(reps);
    const double pooled = (p1 + p2) / 2, se = std::sqrt(2 * pooled * (1 - pooled) / static_cast<double>(reps));
    const double z = se > 0 ? (p1 - p2) / se : 0;
    std::printf("yardstick (bench/yardstick.yaml): %llu replications each, one thread, the median of %d rounds\n",
                static_cast<unsigned long long>(reps), rounds);
    std::printf("  P(war), hand-written:      %s\n", share(handWars).c_str());
    std::printf("  P(war), Brink:             %s (the compiled backend: %s, %s)\n", share(interpWars).c_str(), share(compiledWars).c_str(),
                compiledWars == interpWars ? "the same runs" : "NOT THE SAME RUNS");
    if (compiledWars != interpWars) return 1;
    std::printf("  agree: %s (z = %.2f; |z| < 1.96: the two estimates differ by no more than chance)\n", std::fabs(z) < 1.96 ? "yes" : "NO", z);
    std::printf("  replications/s: hand-written %.0f, Brink interpreter %.0f (%.3f of it), Brink compiled %.0f (%.3f of it)\n", handRate, interpRate,
                interpRate / handRate, compiledRate, compiledRate / handRate);
    return 0;
}
