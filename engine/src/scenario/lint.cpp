// Warnings about valid scenarios. Each check is conservative: it warns only when the
// scenario's text proves the problem (a constant, a fixed actor), never on a guess, so a
// warning is always worth reading.
#include "brink/scenario/lint.hpp"

#include <algorithm>

#include "brink/base/numfmt.hpp"

namespace brink {

namespace {

/// Whether the program is a constant at most 0 (an amount that can never add anything).
bool neverPositive(const Scenario& sc, ProgramId p) {
    if (p == kNone) return true;
    const Program& prog = sc.program(p);
    return prog.isConst && prog.constValue <= 0.0;
}

/// Whether an actor slot can name `a`: a fixed slot only when it is `a`; self, target, a
/// and b may name anyone.
bool mayName(const ActorRef& r, ActorId a) { return r.kind != ActorRef::Kind::Fixed || r.id == a; }

/// Which actors can ever hold some of each stock asset (actor-major: a * assets + s): those
/// that start with it, produce it or are given it by an effect, then, to a fixed point,
/// those a transfer reaches from a sender that can hold it.
std::vector<bool> holdable(const Scenario& sc) {
    const std::size_t na = sc.assets.size(), n = sc.actors.size();
    std::vector<bool> can(n * na, false);
    auto mark = [&](const ActorRef& r, AssetId s) {
        bool changed = false;
        for (std::size_t a = 0; a < n; ++a) {
            if (mayName(r, static_cast<ActorId>(a)) && !can[a * na + s]) can[a * na + s] = changed = true;
        }
        return changed;
    };
    for (std::size_t a = 0; a < n; ++a) {
        const ActorDef& ad = sc.actors[a];
        for (std::size_t s = 0; s < std::min(na, ad.stock.size()); ++s) {
            if (ad.stock[s] > 0) can[a * na + s] = true;
        }
        for (const auto& p : ad.production) {
            if (!neverPositive(sc, p.amount)) can[a * na + static_cast<std::size_t>(p.asset)] = true;
        }
    }
    auto adds = [&](const std::vector<Effect>& effects) {
        for (const auto& e : effects) {
            if (e.kind == EffectKind::Add && e.ref != kNone && !neverPositive(sc, e.amount)) mark(e.x, e.ref);
        }
    };
    for (const auto& r : sc.rules) adds(r.effects);
    for (const auto& x : sc.actions) adds(x.effects);
    for (const auto& e : sc.events) adds(e.effects);
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& t : sc.transfers) {
            if (t.asset == kNone) continue;
            const ActorRef from = t.scheduled ? ActorRef{ActorRef::Kind::Fixed, t.from} : t.fromRef;
            const ActorRef to = t.scheduled ? ActorRef{ActorRef::Kind::Fixed, t.to} : t.toRef;
            bool senderCan = false;
            for (std::size_t a = 0; a < n && !senderCan; ++a) {
                senderCan = mayName(from, static_cast<ActorId>(a)) && can[a * na + static_cast<std::size_t>(t.asset)];
            }
            if (senderCan && mark(to, t.asset)) changed = true;
        }
    }
    return can;
}

/// The values a parameter can take in a run: its value, or its distribution's support
/// (a normal's is unbounded: its mean +- 4 sd stands for it).
std::pair<double, double> drawnRange(const Scenario& sc, ParamId p) {
    for (const auto& u : sc.uncertain) {
        if (u.param != p || u.pinned) continue;
        switch (u.kind) {
            case DistKind::Uniform: return {std::min(u.args[0], u.args[1]), std::max(u.args[0], u.args[1])};
            case DistKind::Normal: return {u.args[0] - 4 * u.args[1], u.args[0] + 4 * u.args[1]};
            case DistKind::Triangular: return {u.args[0], u.args[2]};
            case DistKind::Choice: return {*std::min_element(u.args.begin(), u.args.end()), *std::max_element(u.args.begin(), u.args.end())};
        }
    }
    const double v = sc.params[static_cast<std::size_t>(p)];
    return {v, v};
}

/// The values a parameter can take in a run: drawn or set, and swept by the experiment.
std::pair<double, double> paramRange(const Scenario& sc, ParamId p) {
    auto [lo, hi] = drawnRange(sc, p);
    if (!sc.experiment.present) return {lo, hi};
    for (const auto& f : sc.experiment.factors) {
        if (f.param != p) continue;
        if (f.isRange) {
            lo = std::min(lo, std::min(f.lo, f.hi));
            hi = std::max(hi, std::max(f.lo, f.hi));
        }
        for (const double v : f.levels) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    return {lo, hi};
}

}  // namespace

std::vector<Diagnostic> lintScenario(const Scenario& sc) {
    std::vector<Diagnostic> out;
    auto warn = [&](SourceLoc loc, std::string what, std::string hint) {
        Diagnostic d{sc.path, loc, std::move(what), {}, std::move(hint)};
        d.severity = Severity::Warning;
        out.push_back(std::move(d));
    };

    // a scheduled transfer whose sender can never hold what it sends ships nothing, ever
    const std::vector<bool> can = holdable(sc);
    for (const auto& t : sc.transfers) {
        if (!t.scheduled || t.from == kNone || t.asset == kNone) continue;
        const AssetDef& as = sc.assets[static_cast<std::size_t>(t.asset)];
        if (as.kind != AssetKind::Stock || can[static_cast<std::size_t>(t.from) * sc.assets.size() + t.asset]) continue;
        const ActorDef& from = sc.actors[static_cast<std::size_t>(t.from)];
        warn(t.loc,
             "transfer '" + t.id + "' can never send anything: " + from.id + " holds no " + as.id +
                 ", produces none, and nothing in the scenario gives it any",
             "give " + from.id + " a stock or production of " + as.id + ", or check the transfer's from and asset");
    }

    // on a map where some actors are placed, one with neither a country nor a capital is left out
    const bool someDrawn = std::any_of(sc.actors.begin(), sc.actors.end(), [](const ActorDef& a) { return a.hasCapital || !a.map.empty(); });
    for (const auto& a : sc.actors) {
        if (!someDrawn || a.hasCapital || !a.map.empty()) continue;
        warn(a.loc, "actor '" + a.id + "' has neither map nor capital, so brink render leaves it out of the map (and its flows and tensions)",
             "give it map: <ISO 3166-1 alpha-3 code> or capital: [lat, lon]");
    }

    // a bloc of the blocs section that no actor is in: a misspelt bloc somewhere
    for (std::size_t b = 0; b < sc.blocInfo.size(); ++b) {
        if (sc.blocInfo[b].loc.line == 0) continue;  // named by an actor, not declared
        const StrId s = sc.findString(sc.blocs[b]);
        const bool used = std::any_of(sc.actors.begin(), sc.actors.end(), [&](const ActorDef& a) { return a.bloc != kNone && a.bloc == s; });
        if (!used) {
            warn(sc.blocInfo[b].loc, "bloc '" + sc.blocs[b] + "' is in the blocs section but no actor is in it",
                 "check the actors' bloc: keys for a misspelling");
        }
    }

    // a parameter that is the whole of a probability but lies outside 0..1 is clamped
    auto probabilitySlot = [&](ProgramId pid, const std::string& where) {
        if (pid == kNone) return;
        const Program& prog = sc.program(pid);
        if (prog.end != prog.begin + 1) return;
        const Instr& in = sc.code[prog.begin];
        if (in.op != Op::Param) return;
        const auto p = static_cast<ParamId>(in.arg);
        const auto [lo, hi] = paramRange(sc, p);
        if (lo >= 0.0 && hi <= 1.0) return;
        const std::string& name = sc.paramNames[static_cast<std::size_t>(p)];
        const std::string range = lo == hi ? "is " + formatNumber(lo) : "can be " + formatNumber(lo < 0 ? lo : hi);
        warn(prog.loc, "params." + name + " " + range + " but is used as a probability (" + where + "), which is clamped to 0..1",
             "a chance is a number from 0 to 1");
    };
    for (std::size_t i = 0; i < sc.events.size(); ++i) probabilitySlot(sc.events[i].chance, "events." + sc.events[i].id + ".chance");
    for (const auto& t : sc.transfers) {
        probabilitySlot(t.detect, "transfers." + t.id + ".detect");
        probabilitySlot(t.interdict, "transfers." + t.id + ".interdict");
    }
    for (std::size_t a = 0; a < sc.policies.size(); ++a) {
        for (const auto& r : sc.policies[a]) probabilitySlot(r.chance, "policies." + sc.actors[a].id + " chance");
    }
    probabilitySlot(sc.up, "escalation.up");
    probabilitySlot(sc.down, "escalation.down");

    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& x, const Diagnostic& y) {
        return x.loc.line != y.loc.line ? x.loc.line < y.loc.line : x.loc.col < y.loc.col;
    });
    return out;
}

}  // namespace brink
