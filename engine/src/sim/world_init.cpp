// A world at the start of a run: the scenario's opening state, or the state a saved run
// holds, with the run's parameters and uncertain factors drawn.
#include <algorithm>
#include <cmath>

#include "brink/sim/sim.hpp"

namespace brink {

World makeWorld(std::shared_ptr<const Scenario> scp, const RunSetup& setup) {
    World w;
    initWorld(w, std::move(scp), setup);
    return w;
}

void initWorld(World& w, std::shared_ptr<const Scenario> scp, const RunSetup& setup) {
    const Scenario& sc = *scp;
    w.sc = std::move(scp);
    const SavedState& saved = sc.saved;
    w.rng = saved.present && !setup.reseed ? Rng::fromState(saved.rng) : Rng(setup.key);
    w.params = sc.params;
    if (!saved.present) {
        for (const auto& u : sc.uncertain) {
            double v = 0;
            switch (u.kind) {
                case DistKind::Uniform: v = w.rng.uniform(u.args[0], u.args[1]); break;
                case DistKind::Normal: v = w.rng.normal(u.args[0], u.args[1]); break;
                case DistKind::Triangular: v = w.rng.triangular(u.args[0], u.args[1], u.args[2]); break;
                case DistKind::Choice: v = u.args[w.rng.below(u.args.size())]; break;
            }
            if (!std::isfinite(v)) {
                throw RunError(u.loc, "uncertain." + sc.paramNames[static_cast<std::size_t>(u.param)] +
                                       " drew a value that is not a finite number",
                               "narrow the distribution");
            }
            if (!u.pinned) w.params[static_cast<std::size_t>(u.param)] = v;
        }
    }
    for (const auto& [p, v] : setup.params) w.params[static_cast<std::size_t>(p)] = v;
    const std::size_t n = sc.actors.size(), na = sc.assets.size(), nd = sc.domains.size();
    w.stock.assign(n * na, 0.0);
    w.tech.assign(n * nd, 0.0);
    w.resolve.resize(n);
    w.stability.resize(n);
    w.posture.resize(n);
    w.escScore.assign(n, 0.0);
    w.turn = 0;
    w.outcome = kNone;
    w.pendingOutcome = kNone;
    w.calendar.clear();
    for (std::size_t i = 0; i < n; ++i) {
        const ActorDef& a = sc.actors[i];
        std::copy(a.stock.begin(), a.stock.end(), w.stock.begin() + static_cast<std::ptrdiff_t>(i * na));
        std::copy(a.tech.begin(), a.tech.end(), w.tech.begin() + static_cast<std::ptrdiff_t>(i * nd));
        w.resolve[i] = a.resolve;
        w.stability[i] = a.stability;
        w.posture[i] = a.posture;
    }
    const std::size_t dyads = sc.dyadCount();
    w.tension.assign(dyads, 0.0);
    w.baseline.assign(dyads, 0.0);
    w.stance.assign(dyads, Stance::Neutral);
    w.rung.assign(dyads, 0);
    w.peak.assign(dyads, 0);
    w.treaties.assign(dyads, 0);
    for (const auto& r : sc.relations) {
        const auto d = static_cast<std::size_t>(sc.dyad(r.a, r.b));
        w.tension[d] = r.tension;
        w.baseline[d] = r.baseline;
        w.stance[d] = r.stance;
        w.rung[d] = static_cast<std::int16_t>(r.rung);
        w.peak[d] = static_cast<std::int16_t>(r.rung);
        w.treaties[d] = r.treaties;
    }
    w.flows.assign(sc.transfers.size(), {});
    w.fired.assign(sc.events.size(), 0);
    w.metrics.assign(sc.metrics.size(), 0.0);
    if (saved.present) {
        w.turn = saved.turn;
        w.escScore = saved.escScore;
        w.fired = saved.fired;
        w.flows = saved.flows;
        w.metrics = saved.metrics;
        w.outcome = saved.outcome;
        for (const auto& sd : saved.dyads) {
            const auto d = static_cast<std::size_t>(sc.dyad(sd.a, sd.b));
            w.stance[d] = sd.stance;
            w.tension[d] = sd.tension;
            w.rung[d] = static_cast<std::int16_t>(sd.rung);
            w.peak[d] = std::max(w.peak[d], static_cast<std::int16_t>(sd.rung));
            w.treaties[d] = sd.treaties;
        }
        for (const auto& [d, pk] : saved.peaks) w.peak[static_cast<std::size_t>(d)] = pk;
        w.calendar.restore(saved.calendar, saved.nextSeq);
    } else {
        for (std::size_t t = 0; t < sc.transfers.size(); ++t) {
            const TransferDef& td = sc.transfers[t];
            if (!td.scheduled) continue;
            CalEntry e;
            e.day = td.start;
            e.kind = CalKind::Departure;
            e.priority = static_cast<int>(CalKind::Departure);
            e.i0 = static_cast<std::int32_t>(t);
            w.calendar.push(e);
        }
    }
    w.day = w.turn * sc.turnDays;
    w.touch();
}

}  // namespace brink
