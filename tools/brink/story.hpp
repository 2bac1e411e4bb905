#pragma once
// The story of a run on stdout, as brink run and brink play tell it: a dated headline a
// line, a line on the tensest pair for a turn with nothing else, and the footer.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "brink/output/narrative.hpp"
#include "brink/sim/sim.hpp"

namespace brink::cli {

/// Prints happenings as dated headlines; a turn with none gets one line on the tensest pair.
class Narrator : public Observer {
public:
    Narrator(const Scenario& sc, std::ostream& out, Detail detail, bool quiet)
        : m_sc(sc), m_out(out), m_detail(detail), m_quiet(quiet) {}
    void happened(const World& w, const Happening& h) override;
    void recorded(const World& w) override;
    /// -v tells why each chance that came true was what it was
    [[nodiscard]] bool wantsWhy() const override { return !m_quiet && m_detail == Detail::Everything; }

private:
    void line(const World& w, const std::string& text);
    [[nodiscard]] std::string quietLine(const World& w) const;

    const Scenario& m_sc;
    std::ostream& m_out;
    Detail m_detail;
    bool m_quiet;
    std::int64_t m_lastTurnSeen = -1;
    int m_linesThisTurn = 0;
    bool m_started = false;
};

/// Sends every happening to several observers.
class Fanout : public Observer {
public:
    explicit Fanout(std::vector<Observer*> to) : m_to(std::move(to)) {}
    void happened(const World& w, const Happening& h) override {
        for (auto* o : m_to) o->happened(w, h);
    }
    void recorded(const World& w) override {
        for (auto* o : m_to) o->recorded(w);
    }
    [[nodiscard]] bool wantsText() const override {
        return std::any_of(m_to.begin(), m_to.end(), [](const Observer* o) { return o->wantsText(); });
    }
    [[nodiscard]] bool wantsWhy() const override {
        return std::any_of(m_to.begin(), m_to.end(), [](const Observer* o) { return o->wantsWhy(); });
    }

private:
    std::vector<Observer*> m_to;
};

/// The header: "Brink 0.1.0 — title (id)", then the seed, turns and actors (or that a saved
/// run already ended).
void printHeader(const Scenario& sc, std::uint64_t seed, const World& start, std::int64_t horizon, std::ostream& out);
/// The footer: the outcome, the metrics at the end, the objectives.
void printFooter(const Simulation& sim, const std::vector<double>& objectives, std::ostream& out);

}  // namespace brink::cli
