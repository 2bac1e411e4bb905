#include "brink/sim/invariants.hpp"

#include <cmath>

namespace brink {

namespace {
/// Rounding allowed in a sum of a transfer's amounts.
double slack(const FlowTotals& f) { return 1e-9 * std::max(1.0, f.sent); }
}  // namespace

bool conserves(const FlowTotals& f) { return std::fabs(f.sent - (f.delivered + f.interdicted + f.inTransit)) <= slack(f); }

bool possibleTotals(const FlowTotals& f) {
    return f.sent >= 0 && f.delivered >= 0 && f.interdicted >= 0 && f.inTransit >= 0 && f.detected >= 0 &&
           f.detected <= f.sent * (1 + 1e-12) + 1e-9;
}

bool transitMatches(const FlowTotals& f, double scheduled) { return std::fabs(scheduled - f.inTransit) <= slack(f); }

std::vector<std::string> invariantViolations(const World& w) {
    std::vector<std::string> out;
    const Scenario& sc = *w.sc;
    auto bad = [&](std::string s) {
        if (out.size() < 50) out.push_back(std::move(s));
    };
    const std::size_t n = sc.actors.size();
    for (std::size_t i = 0; i < w.stock.size(); ++i) {
        if (!(w.stock[i] >= 0) || !std::isfinite(w.stock[i])) {
            bad("stock of " + sc.actors[i / sc.assets.size()].id + " in " + sc.assets[i % sc.assets.size()].id + " is " +
                std::to_string(w.stock[i]));
        }
    }
    for (std::size_t i = 0; i < w.tech.size(); ++i) {
        if (!(w.tech[i] >= 0) || !std::isfinite(w.tech[i])) bad("a technology level is " + std::to_string(w.tech[i]));
    }
    for (std::size_t a = 0; a < n; ++a) {
        if (!(w.resolve[a] >= 0 && w.resolve[a] <= 1)) bad("resolve of " + sc.actors[a].id + " is " + std::to_string(w.resolve[a]));
        if (!(w.stability[a] >= 0 && w.stability[a] <= 1)) bad("stability of " + sc.actors[a].id + " is " + std::to_string(w.stability[a]));
        if (w.posture[a] < 0 || static_cast<std::size_t>(w.posture[a]) >= sc.postures.size()) bad("posture of " + sc.actors[a].id + " is unknown");
        if (!std::isfinite(w.escScore[a])) bad("escalation score of " + sc.actors[a].id + " is not finite");
    }
    const int top = static_cast<int>(sc.ladder.size()) - 1;
    for (std::size_t d = 0; d < w.tension.size(); ++d) {
        if (!(w.tension[d] >= 0 && w.tension[d] <= 1)) bad("a tension is " + std::to_string(w.tension[d]));
        if (!(w.baseline[d] >= 0 && w.baseline[d] <= 1)) bad("a baseline tension is " + std::to_string(w.baseline[d]));
        if (w.rung[d] < 0 || (sc.hasLadder && w.rung[d] > top) || (!sc.hasLadder && w.rung[d] != 0)) bad("a rung is " + std::to_string(w.rung[d]));
        if (w.peak[d] < w.rung[d]) bad("a peak rung is below the current rung");
        if (static_cast<int>(w.stance[d]) >= kStanceCount) bad("a stance is unknown");
    }
    for (std::size_t t = 0; t < w.flows.size(); ++t) {
        const FlowTotals& f = w.flows[t];
        const double parts = f.delivered + f.interdicted + f.inTransit;
        if (!conserves(f)) {
            bad("transfer " + sc.transfers[t].id + " does not conserve: sent " + std::to_string(f.sent) + ", delivered + interdicted + in transit " +
                std::to_string(parts));
        }
        if (!possibleTotals(f)) {
            bad("transfer " + sc.transfers[t].id + " has an impossible total");
        }
    }
    // what is in transit is exactly what the calendar will deliver
    std::vector<double> pending(w.flows.size(), 0.0);
    for (const CalEntry& e : w.calendar.sorted()) {
        if (e.day <= w.day && w.turn > 0 && !w.ended()) bad("a calendar entry is due in the past (day " + std::to_string(e.day) + ")");
        if (e.kind == CalKind::Arrival) pending[static_cast<std::size_t>(e.i0)] += e.amount;
    }
    for (std::size_t t = 0; t < w.flows.size(); ++t) {
        if (!transitMatches(w.flows[t], pending[t])) {
            bad("transfer " + sc.transfers[t].id + ": in transit " + std::to_string(w.flows[t].inTransit) + " but " +
                std::to_string(pending[t]) + " scheduled to arrive");
        }
    }
    for (std::size_t p = 0; p < w.params.size(); ++p) {
        if (!std::isfinite(w.params[p])) bad("parameter " + sc.paramNames[p] + " is not finite");
    }
    for (std::size_t m = 0; m < w.metrics.size(); ++m) {
        if (!std::isfinite(w.metrics[m])) bad("metric " + sc.metrics[m].name + " is not finite");
    }
    return out;
}

}  // namespace brink
