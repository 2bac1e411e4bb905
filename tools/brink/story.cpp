// The story of a run on stdout (story.hpp).
#include "story.hpp"

#include <algorithm>
#include <iostream>

#include "brink/base/numfmt.hpp"
#include "brink/expr/explain.hpp"
#include "brink/base/version.hpp"

namespace brink::cli {

void Narrator::happened(const World& w, const Happening& h) {
    if (m_quiet || !tells(h, m_detail)) return;
    line(w, describe(m_sc, h));
    // under the line, aligned with its text: why the chance was what it was
    if (h.explain && m_detail == Detail::Everything) m_out << std::string(17, ' ') << "why: " << explainInWords(m_sc, *h.explain) << '\n';
}

void Narrator::recorded(const World& w) {
    if (m_quiet) return;
    // the first record is the starting state (turn 0, or the saved turn of a
    // continued run): nothing happened in it here
    if (m_started && w.turn > m_lastTurnSeen && m_linesThisTurn == 0) line(w, quietLine(w));
    m_started = true;
    m_linesThisTurn = 0;
}

void Narrator::line(const World& w, const std::string& text) {
    if (w.turn != m_lastTurnSeen) {
        m_lastTurnSeen = w.turn;
        m_linesThisTurn = 0;
    }
    ++m_linesThisTurn;
    std::string t = "T" + std::to_string(w.turn);
    t.resize(std::max<std::size_t>(t.size(), 4), ' ');
    m_out << formatDate(m_sc.start + w.day) << "  " << t << " " << text << '\n';
}

std::string Narrator::quietLine(const World& w) const {
    double best = -1;
    const RelationDef* hot = nullptr;
    for (const auto& r : m_sc.relations) {
        const double t = w.tension[static_cast<std::size_t>(m_sc.dyad(r.a, r.b))];
        if (t > best) {
            best = t;
            hot = &r;
        }
    }
    if (!hot) return "Nothing of note.";
    const auto d = static_cast<std::size_t>(m_sc.dyad(hot->a, hot->b));
    std::string s = "Nothing of note. Tensest pair: " + pairName(m_sc, hot->a, hot->b) + " (tension " + formatHuman(best, 2);
    if (m_sc.hasLadder) s += ", rung '" + m_sc.ladder[static_cast<std::size_t>(w.rung[d])].name + "'";
    return s + ").";
}

void printHeader(const Scenario& sc, std::uint64_t seed, const World& start, std::int64_t horizon, std::ostream& out) {
    out << "Brink " << BRINK_VERSION << " \u2014 " << sc.title << " (" << sc.id << ")\n";
    if (start.ended()) {
        out << "This saved run already ended at turn " << start.turn << " (outcome "
            << sc.outcomes[static_cast<std::size_t>(start.outcome)] << "): nothing more to play.\n";
        return;
    }
    out << "Seed " << seed << " \u00b7 " << counted(std::max<std::int64_t>(0, horizon - start.turn), "turn") << " of "
        << counted(sc.turnDays, "day") << " from " << formatDate(sc.start + start.day) << " \u00b7 "
        << counted(static_cast<std::int64_t>(sc.actors.size()), "actor") << "\n"
        << (horizon > start.turn ? "\n" : "");
}

void printFooter(const Simulation& sim, const std::vector<double>& objectives, std::ostream& out) {
    const World& w = sim.world();
    const Scenario& sc = *w.sc;
    const OutcomeId o = sim.outcome();
    out << "\nOutcome: " << (o == kNone ? std::string("(stopped)") : sc.outcomes[static_cast<std::size_t>(o)])
        << " after " << w.turn << " turn" << (w.turn == 1 ? "" : "s") << " (" << formatDate(sc.start + w.day) << ").\n";
    if (!sc.metrics.empty()) {
        std::size_t width = 0;
        for (const auto& m : sc.metrics) width = std::max(width, m.name.size());
        out << "Metrics at the end:\n";
        for (std::size_t i = 0; i < sc.metrics.size(); ++i) {
            std::string name = sc.metrics[i].name;
            name.resize(width, ' ');
            out << "  " << name << "  " << formatHuman(w.metrics[i], 3) << '\n';
        }
    }
    if (!sc.objectives.empty()) {
        out << "Objectives:\n";
        for (std::size_t i = 0; i < sc.objectives.size(); ++i) {
            const auto& ob = sc.objectives[i];
            out << "  " << sc.actors[static_cast<std::size_t>(ob.actor)].name << ", " << ob.name << ": "
                << formatHuman(objectives[i], 3) << '\n';
        }
    }
}

}  // namespace brink::cli
